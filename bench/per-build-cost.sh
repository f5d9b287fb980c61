#!/usr/bin/env bash
# Benchmark: what adding the plugin costs every build, beside maven-enforcer. Pom projects with nothing else bound:
#   empty        nothing
#   empty-again  nothing, a second time: what it "adds" is this machine's noise, the smallest difference that counts
#   floor        a plugin that does nothing (bench/floor-plugin), skipped: what Maven charges for any plugin
#   enforcer     maven-enforcer 3.5.0 with two rules
#   check        this plugin checking a local Jib archive against a task definition JSON
#   skipped      this plugin with skip=true
#   service      a jar project of one class (resources, compiler, surefire, jar), as a service's build runs them
#   service-check, service-skipped: the same with this plugin checking, or skipped: what a real build pays, where
#                Maven's machinery for plugins is already warm
# Each round runs one `mvn -o -q verify` of each, in a random order (interleaved, so drift in the machine's speed
# falls on all alike). It prints, per build, the median wall time and what it adds to the empty build's, the plugin's
# added time as a multiple of enforcer's, and the skipped plugin's beside the floor's. (The fastest run is no better a
# measure on a shared machine: one lucky empty build moves every difference.)
#
#   bench/per-build-cost.sh [ROUNDS]   (installs the plugin and the floor plugin into ~/.m2; builds the sample's image)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-15}
work=$(mktemp -d /tmp/ecs-preflight-cost.XXXXXX)
trap 'rm -rf "$work"' EXIT
source bench/lib.sh
install_plugin
mvn -q -B -Dstyle.color=never -f bench/floor-plugin/pom.xml install
mvn -q -B -Dstyle.color=never -f samples/m1-image-on-x86-fargate package
cp samples/m1-image-on-x86-fargate/target/jib-image.tar "$work/image.tar"
sed 's/"requiresCompatibilities"/"runtimePlatform": {"cpuArchitecture": "ARM64"}, "requiresCompatibilities"/' \
  samples/m1-image-on-x86-fargate/ecs/task-definition.json > "$work/task-definition.json"

project() { # NAME PLUGINS_XML [PACKAGING]
  mkdir -p "$work/$1"
  cat > "$work/$1/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>$1</artifactId><version>1</version><packaging>${3:-pom}</packaging>
  <properties><maven.compiler.release>17</maven.compiler.release><project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>
  <build><plugins>$2</plugins></build>
</project>
POM
}
service() { # NAME PLUGINS_XML
  project "$1" "$lifecycle$2" jar
  mkdir -p "$work/$1/src/main/java/bench" "$work/$1/src/main/resources"
  echo 'package bench; public class App { public static void main(String[] args) { System.out.println("up"); } }' \
    > "$work/$1/src/main/java/bench/App.java"
  echo 'greeting=up' > "$work/$1/src/main/resources/application.properties"
}
pinned() { printf '<plugin><artifactId>%s</artifactId><version>%s</version></plugin>' "$@"; }
lifecycle="$(pinned maven-resources-plugin 3.3.1)$(pinned maven-compiler-plugin 3.13.0)$(pinned maven-surefire-plugin 3.5.2)$(pinned maven-jar-plugin 3.4.2)"
plugin() { # GROUP ARTIFACT VERSION CONFIGURATION_XML
  printf '<plugin><groupId>%s</groupId><artifactId>%s</artifactId><version>%s</version><configuration>%s</configuration><executions><execution><goals><goal>check</goal></goals></execution></executions></plugin>' "$@"
}
project empty ''
project empty-again ''
project floor "$(plugin bench floor-maven-plugin 1 '<skip>true</skip>')"
project enforcer '<plugin><artifactId>maven-enforcer-plugin</artifactId><version>3.5.0</version><executions><execution><goals><goal>enforce</goal></goals><configuration><rules><requireMavenVersion><version>3.8.7</version></requireMavenVersion><requireJavaVersion><version>17</version></requireJavaVersion></rules></configuration></execution></executions></plugin>'
project check "$(plugin io.github.ecspreflight ecs-preflight-maven-plugin "$version" \
  "<image>docker-archive:$work/image.tar</image><taskDefinition>$work/task-definition.json</taskDefinition>")"
project skipped "$(plugin io.github.ecspreflight ecs-preflight-maven-plugin "$version" '<skip>true</skip>')"
service service ''
service service-check "$(plugin io.github.ecspreflight ecs-preflight-maven-plugin "$version" \
  "<image>docker-archive:$work/image.tar</image><taskDefinition>$work/task-definition.json</taskDefinition>")"
service service-skipped "$(plugin io.github.ecspreflight ecs-preflight-maven-plugin "$version" '<skip>true</skip>')"

names=(empty empty-again floor enforcer check skipped service service-check service-skipped)
build() { # a build that fails is shown and stops the benchmark: its time would measure nothing
  mvn -o -q -B -Dstyle.color=never -f "$work/$1/pom.xml" verify > "$work/$1.log" 2>&1 || { cat "$work/$1.log"; exit 1; }
}
for name in "${names[@]}"; do build "$name"; done   # warm the caches
for ((round = 0; round < rounds; round++)); do
  # a fresh random order each round: in a rotation each build always follows the same one, so whatever one build
  # leaves behind (written files, a busy disk) would always fall on the same next one
  for name in $(printf '%s\n' "${names[@]}" | shuf); do
    start=$(millis)
    build "$name"
    echo $(($(millis) - start)) >> "$work/$name.ms"
  done
done

median_of() { median < "$work/$1.ms" | cut -d. -f1; }
added() { echo $(( $(median_of "$1") - $(median_of "${2:-empty}") )); }
printf '%-16s %9s %9s   (service-*: added to service; the rest: to empty)\n' build median added
for name in "${names[@]}"; do
  case $name in service-*) base=service ;; *) base=empty ;; esac
  printf '%-16s %6s ms %6s ms\n' "$name" "$(median_of "$name")" "$(added "$name" "$base")"
done
awk -v c="$(added check)" -v s="$(added skipped)" -v e="$(added enforcer)" -v f="$(added floor)" \
    -v n="$(added empty-again)" -v r="$rounds" 'BEGIN {
  printf "plugin checking / enforcer: %.2fx; plugin skipped: %+d ms over the floor plugin (noise: %+d ms); medians of %d rounds\n",
    c / e, s - f, n, r }'
echo "in a service's build: checking adds $(added service-check service) ms, skipped $(added service-skipped service) ms"
