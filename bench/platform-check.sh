#!/usr/bin/env bash
# Benchmark: the platform check on a 2 MiB and a 1 GiB docker-archive, beside `skopeo inspect --config` on the same
# archives. The archives are written by skopeo from an OCI layout made here (one uncompressed layer holding a random
# file of the given size). The contract says both must cost the same: archives are read by seeking.
#
#   bench/platform-check.sh [RUNS]        (needs skopeo, python3; installs the plugin into ~/.m2)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
work=$(mktemp -d /tmp/ecs-preflight-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
source bench/lib.sh
install_plugin

make_archive() { # NAME SIZE_BYTES
  local name=$1 size=$2 dir="$work/$1-layout" rootfs="$work/$1-rootfs"
  mkdir -p "$dir/blobs/sha256" "$rootfs/app"
  head -c "$size" /dev/urandom > "$rootfs/app/data.bin"
  printf '#!/bin/sh\nexec /app/server\n' > "$rootfs/app/run" && chmod 755 "$rootfs/app/run"
  tar -C "$rootfs" -cf "$work/$name-layer.tar" app
  local layer_digest layer_size config config_digest manifest manifest_digest
  layer_digest=$(sha256sum "$work/$name-layer.tar" | cut -d' ' -f1)
  layer_size=$(stat -c %s "$work/$name-layer.tar")
  mv "$work/$name-layer.tar" "$dir/blobs/sha256/$layer_digest"
  config="{\"architecture\":\"arm64\",\"os\":\"linux\",\"config\":{\"Entrypoint\":[\"/app/run\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:$layer_digest\"]}}"
  config_digest=$(printf '%s' "$config" | sha256sum | cut -d' ' -f1)
  printf '%s' "$config" > "$dir/blobs/sha256/$config_digest"
  manifest="{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:$config_digest\",\"size\":${#config}},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"sha256:$layer_digest\",\"size\":$layer_size}]}"
  manifest_digest=$(printf '%s' "$manifest" | sha256sum | cut -d' ' -f1)
  printf '%s' "$manifest" > "$dir/blobs/sha256/$manifest_digest"
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%d,"annotations":{"org.opencontainers.image.ref.name":"1.0"}}]}' \
    "$manifest_digest" "${#manifest}" > "$dir/index.json"
  printf '{"imageLayoutVersion":"1.0.0"}' > "$dir/oci-layout"
  skopeo --insecure-policy copy --quiet "oci:$dir:1.0" "docker-archive:$work/$name.tar:my-service:1.0"
  rm -rf "$dir" "$rootfs"
}

cat > "$work/task-definition.json" <<'JSON'
{"family": "my-service", "requiresCompatibilities": ["FARGATE"],
 "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
 "containerDefinitions": [{"name": "app", "image": "my-service:1.0",
   "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/my-service",
     "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "app"}}}]}
JSON


printf '%-10s %10s %18s %18s %22s\n' archive bytes "plugin (in-JVM ms)" "mvn process (ms)" "skopeo --config (ms)"
for spec in small:2097152 large:1073741824; do
  name=${spec%%:*}; size=${spec#*:}
  make_archive "$name" "$size"
  archive="$work/$name.tar"
  inside=(); whole=(); skopeo_ms=()
  for _ in $(seq "$runs"); do
    start=$(millis)
    (cd "$work" && mvn -q -B -Dstyle.color=never "io.github.ecspreflight:ecs-preflight-maven-plugin:$version:check" \
        -DecsPreflight.image="docker-archive:$name.tar" -DecsPreflight.taskDefinition=task-definition.json \
        -DecsPreflight.skipRules=EP001 -DecsPreflight.checkEntrypoint=false >/dev/null)
    whole+=($(( $(millis) - start )))
    inside+=($(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["durationMillis"])' \
        "$work/target/ecs-preflight/report.json"))
    start=$(millis)
    skopeo inspect --config "docker-archive:$archive" >/dev/null
    skopeo_ms+=($(( $(millis) - start )))
  done
  printf '%-10s %10s %18s %18s %22s\n' "$name" "$(stat -c %s "$archive")" \
    "$(printf '%s\n' "${inside[@]}" | median)" "$(printf '%s\n' "${whole[@]}" | median)" \
    "$(printf '%s\n' "${skopeo_ms[@]}" | median)"
  rm -f "$archive"
done
echo "medians of $runs runs; plugin = report.json durationMillis (reading the task definition and image, checking, reporting)"
