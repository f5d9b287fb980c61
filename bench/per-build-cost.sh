#!/usr/bin/env bash
# Benchmark: what adding the plugin costs every build, beside maven-enforcer. Four pom projects with nothing else
# bound: nothing; maven-enforcer 3.5.0 with two rules; this plugin checking a local Jib archive against a task
# definition JSON; this plugin with skip=true. Each round runs one `mvn -o -q verify` of each, in a rotating order
# (interleaved, so drift in the machine's speed falls on all four alike); it prints the medians, what each adds to the
# empty build, and the plugin's added time as a multiple of enforcer's.
#
#   bench/per-build-cost.sh [ROUNDS]        (installs the plugin into ~/.m2; builds the bundled sample's image)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-9}
work=$(mktemp -d /tmp/ecs-preflight-cost.XXXXXX)
trap 'rm -rf "$work"' EXIT
source bench/lib.sh
install_plugin
mvn -q -B -f samples/m1-image-on-x86-fargate package
cp samples/m1-image-on-x86-fargate/target/jib-image.tar "$work/image.tar"
sed 's/"requiresCompatibilities"/"runtimePlatform": {"cpuArchitecture": "ARM64"}, "requiresCompatibilities"/' \
  samples/m1-image-on-x86-fargate/ecs/task-definition.json > "$work/task-definition.json"

project() { # NAME PLUGINS_XML
  mkdir -p "$work/$1"
  cat > "$work/$1/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>$1</artifactId><version>1</version><packaging>pom</packaging>
  <build><plugins>$2</plugins></build>
</project>
POM
}
plugin() { # CONFIGURATION_XML
  printf '<plugin><groupId>io.github.ecspreflight</groupId><artifactId>ecs-preflight-maven-plugin</artifactId><version>%s</version><configuration>%s</configuration><executions><execution><goals><goal>check</goal></goals></execution></executions></plugin>' "$version" "$1"
}
project empty ''
project enforcer '<plugin><artifactId>maven-enforcer-plugin</artifactId><version>3.5.0</version><executions><execution><goals><goal>enforce</goal></goals><configuration><rules><requireMavenVersion><version>3.8.7</version></requireMavenVersion><requireJavaVersion><version>17</version></requireJavaVersion></rules></configuration></execution></executions></plugin>'
project check "$(plugin "<image>docker-archive:$work/image.tar</image><taskDefinition>$work/task-definition.json</taskDefinition>")"
project skipped "$(plugin '<skip>true</skip>')"

names=(empty enforcer check skipped)
for name in "${names[@]}"; do mvn -o -q -B -f "$work/$name/pom.xml" verify > /dev/null; done   # warm the caches
for ((round = 0; round < rounds; round++)); do
  for ((i = 0; i < ${#names[@]}; i++)); do
    name=${names[(i + round) % ${#names[@]}]}
    start=$(millis)
    mvn -o -q -B -f "$work/$name/pom.xml" verify > /dev/null
    echo $(($(millis) - start)) >> "$work/$name.ms"
  done
done

base=$(median < "$work/empty.ms")
enforcer=$(( $(median < "$work/enforcer.ms" | cut -d. -f1) - ${base%.*} ))
printf '%-10s %8s %8s\n' build median added
for name in "${names[@]}"; do
  m=$(median < "$work/$name.ms")
  printf '%-10s %6s ms %5s ms\n' "$name" "${m%.*}" "$(( ${m%.*} - ${base%.*} ))"
done
check=$(( $(median < "$work/check.ms" | cut -d. -f1) - ${base%.*} ))
skipped=$(( $(median < "$work/skipped.ms" | cut -d. -f1) - ${base%.*} ))
awk -v c="$check" -v s="$skipped" -v e="$enforcer" \
  'BEGIN { printf "plugin checking / enforcer: %.2fx; plugin skipped / enforcer: %.2fx (medians of %d rounds)\n", c / e, s / e, '"$rounds"' }'
