# Shared by the benchmark scripts: timing and medians.
millis() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# The project version, and the plugin installed into ~/.m2 so that it runs by its coordinates without a pom.
install_plugin() {
  version=$(mvn -q -B -Dstyle.color=never help:evaluate -Dexpression=project.version -DforceStdout | sed "s/\x1b\[[0-9;]*m//g")
  mvn -q -B -Dstyle.color=never install -DskipTests -Dinvoker.skip=true
}
