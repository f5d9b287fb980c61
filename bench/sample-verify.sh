#!/usr/bin/env bash
# The bundled sample's whole `mvn -o verify` (Jib buildTar, then the check, which fails with EP001 by design):
# wall time of the Maven process and the plugin's own durationMillis from report.json, medians of N runs.
# Usage: bench/sample-verify.sh [runs]   (installs the plugin first)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
runs=${1:-5}
install_plugin
walls=(); plugin=()
for _ in $(seq "$runs"); do
  start=$(millis)
  mvn -o -q -B -f samples/m1-image-on-x86-fargate verify >/dev/null 2>&1 || true
  walls+=($(( $(millis) - start )))
  plugin+=($(sed -n 's/.*"durationMillis" *: *\([0-9]*\).*/\1/p' samples/m1-image-on-x86-fargate/target/ecs-preflight/report.json))
done
echo "sample mvn -o verify: wall median $(printf '%s\n' "${walls[@]}" | median) ms (${walls[*]}); plugin durationMillis median $(printf '%s\n' "${plugin[@]}" | median) ms (${plugin[*]})"
