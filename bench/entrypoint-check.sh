#!/usr/bin/env bash
# Benchmark: the entrypoint check (EP004-EP006) on 1 GiB images, beside `gzip -dc LAYER > /dev/null` on the same
# layer. Three shapes, each an amd64 image whose entrypoint /app/server is the gcc-built static x86-64 fixture:
#   docker-archive   uncompressed docker-archive (skopeo), 1 GiB bottom layer, binary in a small top layer
#   gzip-top         OCI layout, gzip layers: 1 GiB bottom layer, binary in a small top layer
#   gzip-bottom-end  OCI layout, one gzip layer of 1 GiB whose last entry is the binary
# plus a 2 MiB docker-archive for contrast. The plugin's time is report.json's durationMillis (median of RUNS).
#
#   bench/entrypoint-check.sh [RUNS] [SIZE_BYTES] [DATA]   (needs skopeo, python3, gzip; installs the plugin into ~/.m2)
#
# DATA is what fills the big layer: "random" (incompressible: gzip writes stored blocks, so inflating costs little
# more than the CRC) or "system" (the machine's own files under /usr, binaries and libraries as real layers hold them,
# compressing about 3:1, so inflating does real work).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
big=${2:-1073741824}
data=${3:-system}
binary=$PWD/src/test/resources/binary/static-x86_64
work=$(mktemp -d /tmp/ecs-preflight-entrypoint.XXXXXX)
trap 'rm -rf "$work"' EXIT
source bench/lib.sh
install_plugin

fill() { # SIZE -> that many bytes of $data on stdout
  if [ "$data" = random ]; then head -c "$1" /dev/urandom
  # head closes the pipe once it has enough: the writers' SIGPIPE is expected, so the pipeline's status is not.
  else find /usr -type f -size +16k -readable -print0 2>/dev/null | xargs -0 cat 2>/dev/null | head -c "$1" || true; fi
}

# layer NAME SIZE WITH_BINARY(top|end|none) -> an uncompressed tar at $work/NAME.tar
layer() {
  local name=$1 size=$2 binary_at=$3 root="$work/$1-root"
  mkdir -p "$root/app"
  if [ "$size" -gt 0 ]; then
    fill "$size" > "$root/app/data.bin"
    [ "$(stat -c %s "$root/app/data.bin")" -eq "$size" ] || { echo "could not make $size bytes of $data data" >&2; exit 1; }
  fi
  if [ "$binary_at" != none ]; then install -m 755 "$binary" "$root/app/server"; fi
  # With its directory entry, as Jib, BuildKit and docker build write layers; sorted, so the binary comes last.
  tar -C "$root" --sort=name -cf "$work/$name.tar" app
  rm -rf "$root"
}

blob() { # FILE MEDIATYPE -> prints a descriptor, moves FILE into the layout's blobs
  local file=$1 media=$2 digest size
  digest=$(sha256sum "$file" | cut -d' ' -f1); size=$(stat -c %s "$file")
  mv "$file" "$layout/blobs/sha256/$digest"
  printf '{"mediaType":"%s","digest":"sha256:%s","size":%d}' "$media" "$digest" "$size"
}

# oci_layout DIR LAYER_FILE:MEDIATYPE... (bottom first)
oci_layout() {
  layout=$1; shift
  mkdir -p "$layout/blobs/sha256"
  local descriptors=() diff_ids=() spec file media
  for spec in "$@"; do
    file=${spec%%:*}; media=${spec#*:}
    if [[ $media == *gzip ]]; then diff_ids+=("\"sha256:$(gzip -dc "$file" | sha256sum | cut -d' ' -f1)\"")
    else diff_ids+=("\"sha256:$(sha256sum "$file" | cut -d' ' -f1)\""); fi
    descriptors+=("$(blob "$file" "$media")")
  done
  local config="{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Entrypoint\":[\"/app/server\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[$(IFS=,; echo "${diff_ids[*]}")]}}"
  printf '%s' "$config" > "$work/config.json"
  local config_descriptor manifest
  config_descriptor=$(blob "$work/config.json" application/vnd.oci.image.config.v1+json)
  manifest="{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":$config_descriptor,\"layers\":[$(IFS=,; echo "${descriptors[*]}")]}"
  printf '%s' "$manifest" > "$work/manifest.json"
  local manifest_descriptor
  manifest_descriptor=$(blob "$work/manifest.json" application/vnd.oci.image.manifest.v1+json)
  printf '{"schemaVersion":2,"manifests":[%s]}' "${manifest_descriptor%\}},\"annotations\":{\"org.opencontainers.image.ref.name\":\"1.0\"}}" > "$layout/index.json"
  printf '{"imageLayoutVersion":"1.0.0"}' > "$layout/oci-layout"
}

cat > "$work/task-definition.json" <<'JSON'
{"family": "my-service", "requiresCompatibilities": ["FARGATE"],
 "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
 "containerDefinitions": [{"name": "app", "image": "my-service:1.0",
   "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/my-service",
     "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "app"}}}]}
JSON


check() { # IMAGE ENTRYPOINT(true|false) -> median durationMillis
  local image=$1 entrypoint=$2 times=()
  for _ in $(seq "$runs"); do
    (cd "$work" && mvn -q -B -Dstyle.color=never "io.github.ecspreflight:ecs-preflight-maven-plugin:$version:check" \
        -DecsPreflight.image="$image" -DecsPreflight.taskDefinition=task-definition.json \
        -DecsPreflight.checkEntrypoint="$entrypoint" -DecsPreflight.reportFormats=json >/dev/null)
    times+=($(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["result"]=="PASSED", r; print(r["durationMillis"])' \
        "$work/target/ecs-preflight/report.json"))
  done
  printf '%s\n' "${times[@]}" | median
}

gunzip_ms() { # FILE -> median ms of gzip -dc FILE > /dev/null
  local times=() start
  for _ in $(seq "$runs"); do start=$(millis); gzip -dc "$1" > /dev/null; times+=($(( $(millis) - start ))); done
  printf '%s\n' "${times[@]}" | median
}

printf '%-18s %14s %16s %16s %20s\n' image "largest layer" "config only ms" "entrypoint ms" "gzip -dc layer ms"

# 2 MiB and 1 GiB uncompressed docker-archives (skopeo writes them from an uncompressed OCI layout)
for spec in small-docker-archive:2097152 docker-archive:$big; do
  name=${spec%%:*}; size=${spec#*:}
  layer "$name-bottom" "$size" none; layer "$name-top" 0 top
  oci_layout "$work/$name-layout" "$work/$name-bottom.tar:application/vnd.oci.image.layer.v1.tar" \
      "$work/$name-top.tar:application/vnd.oci.image.layer.v1.tar"
  skopeo --insecure-policy copy --quiet "oci:$work/$name-layout:1.0" "docker-archive:$work/$name.tar:my-service:1.0"
  rm -rf "$work/$name-layout"
  printf '%-18s %14s %16s %16s %20s\n' "$name" "$size" "$(check "docker-archive:$name.tar" false)" \
      "$(check "docker-archive:$name.tar" true)" "-"
  rm -f "$work/$name.tar"
done

# gzip OCI layout, binary in the small top layer
layer gz-bottom "$big" none; layer gz-top 0 top
gzip -1 "$work/gz-bottom.tar"; gzip -1 "$work/gz-top.tar"
cp "$work/gz-bottom.tar.gz" "$work/reference-layer.gz"
oci_layout "$work/gzip-top" "$work/gz-bottom.tar.gz:application/vnd.oci.image.layer.v1.tar+gzip" \
    "$work/gz-top.tar.gz:application/vnd.oci.image.layer.v1.tar+gzip"
printf '%-18s %14s %16s %16s %20s\n' gzip-top "$big" "$(check oci:gzip-top false)" "$(check oci:gzip-top true)" \
    "$(gunzip_ms "$work/reference-layer.gz")"
rm -rf "$work/gzip-top" "$work/reference-layer.gz"

# gzip OCI layout, binary as the last entry of the only (1 GiB) layer
layer gz-only "$big" end
gzip -1 "$work/gz-only.tar"
cp "$work/gz-only.tar.gz" "$work/reference-layer.gz"
oci_layout "$work/gzip-bottom-end" "$work/gz-only.tar.gz:application/vnd.oci.image.layer.v1.tar+gzip"
printf '%-18s %14s %16s %16s %20s\n' gzip-bottom-end "$big" "$(check oci:gzip-bottom-end false)" \
    "$(check oci:gzip-bottom-end true)" "$(gunzip_ms "$work/reference-layer.gz")"
echo "medians of $runs runs, big layer filled with $data data; ms = report.json durationMillis (reading task definition and image, checking, reporting)"
