#!/usr/bin/env bash
# Benchmark: the plugin on inputs larger than real ones, to show the headroom under its limits (README "Limits").
#   1. an amd64 image of FILES files and BYTES bytes in one layer (default 200,000 files, 5 GiB), with the gcc-built
#      static x86-64 fixture as /app/server, as an uncompressed OCI layout and as a gzip one;
#   2. a task-definition JSON of JSON_MB megabytes (one real container, plus a large list of tags).
# Each row: report.json's durationMillis and the whole Maven process's peak resident memory (GNU time's "Maximum
# resident set size"), one run each, with Maven's heap capped at HEAP (default 512m) to show what suffices.
#
#   bench/headroom.sh [FILES] [BYTES] [JSON_MB]     (needs python3, gzip, GNU time; installs the plugin into ~/.m2)
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-200000}
bytes=${2:-5368709120}
json_mb=${3:-50}
binary=$PWD/src/test/resources/binary/static-x86_64
work=$(mktemp -d /tmp/ecs-preflight-headroom.XXXXXX)
trap 'rm -rf "$work"' EXIT
source bench/lib.sh
install_plugin

# layer.tar: FILES-1 files of zeros under /data/NNN/, then /app/server
python3 - "$work/layer.tar" "$files" "$bytes" "$binary" <<'PY'
import io, sys, tarfile
out, files, total, binary = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
each = max(0, total // max(1, files - 1))
zeros = bytes(each)
with tarfile.open(out, "w", format=tarfile.PAX_FORMAT) as tar:
    for i in range(files - 1):
        info = tarfile.TarInfo(f"data/{i // 1000:03d}/f{i}.bin")
        info.size = each
        tar.addfile(info, io.BytesIO(zeros))
    tar.add(binary, arcname="app/server", filter=lambda t: (setattr(t, "mode", 0o755), t)[1])
PY

layout() { # DIR LAYER MEDIATYPE DIFF_ID
  local dir=$1 file=$2 media=$3 diff=$4
  mkdir -p "$dir/blobs/sha256"
  put() { local d; d=$(sha256sum "$1" | cut -d' ' -f1); mv "$1" "$dir/blobs/sha256/$d"
          printf '{"mediaType":"%s","digest":"sha256:%s","size":%d}' "$2" "$d" "$(stat -c %s "$dir/blobs/sha256/$d")"; }
  local layer_d config_d manifest_d
  layer_d=$(put "$file" "$media")
  printf '{"architecture":"amd64","os":"linux","config":{"Entrypoint":["/app/server"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' "$diff" > "$work/config.json"
  config_d=$(put "$work/config.json" application/vnd.oci.image.config.v1+json)
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":%s,"layers":[%s]}' "$config_d" "$layer_d" > "$work/manifest.json"
  manifest_d=$(put "$work/manifest.json" application/vnd.oci.image.manifest.v1+json)
  printf '{"schemaVersion":2,"manifests":[%s]}' "${manifest_d%\}},\"annotations\":{\"org.opencontainers.image.ref.name\":\"1.0\"}}" > "$dir/index.json"
  printf '{"imageLayoutVersion":"1.0.0"}' > "$dir/oci-layout"
}
diff=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
gzip -1 -c "$work/layer.tar" > "$work/layer.tar.gz"
layout "$work/gzip" "$work/layer.tar.gz" application/vnd.oci.image.layer.v1.tar+gzip "$diff"
layout "$work/plain" "$work/layer.tar" application/vnd.oci.image.layer.v1.tar "$diff"

task() { # FILE EXTRA_MB
  python3 - "$1" "$2" <<'PY'
import json, sys
path, mb = sys.argv[1], int(sys.argv[2])
tags = [{"key": f"k{i}", "value": "v" * 40} for i in range(mb * 1000 * 1000 // 80)]
json.dump({"family": "my-service", "requiresCompatibilities": ["FARGATE"],
           "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
           "containerDefinitions": [{"name": "app", "image": "my-service:1.0",
               "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/my-service",
                   "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "app"}}}],
           "tags": tags}, open(path, "w"), indent=1)
PY
}
task "$work/task-definition.json" 0
task "$work/big-task-definition.json" "$json_mb"

run() { # IMAGE TASK ENTRYPOINT -> "durationMillis peakRssMiB"
  rm -f "$work/target/ecs-preflight/report.json"
  (cd "$work" && MAVEN_OPTS="-Xmx${HEAP:-512m}" /usr/bin/time -f '%M' -o "$work/rss" mvn -q -B -Dstyle.color=never \
      "io.github.ecspreflight:ecs-preflight-maven-plugin:$version:check" -DecsPreflight.image="$1" \
      -DecsPreflight.taskDefinition="$2" -DecsPreflight.checkEntrypoint="$3" -DecsPreflight.reportFormats=json >/dev/null) \
      || { echo "FAILED"; return; }
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["result"]=="PASSED", r["findings"]; print(r["durationMillis"], int(open(sys.argv[2]).read().split()[-1]) // 1024)' \
      "$work/target/ecs-preflight/report.json" "$work/rss"
}

printf '%-44s %8s %10s\n' input "ms" "peak MiB"
printf '%-44s %8s %10s\n' "oci (uncompressed), $files files, $bytes B" $(run oci:plain task-definition.json true)
printf '%-44s %8s %10s\n' "oci (gzip), $files files, $bytes B" $(run oci:gzip task-definition.json true)
printf '%-44s %8s %10s\n' "oci (gzip), config only" $(run oci:gzip task-definition.json false)
printf '%-44s %8s %10s\n' "task definition of $(stat -c %s "$work/big-task-definition.json") B" \
    $(run oci:gzip big-task-definition.json false)
echo "one run each, -Xmx${HEAP:-512m}; ms = report.json durationMillis; peak = the mvn process's maximum resident set size"
