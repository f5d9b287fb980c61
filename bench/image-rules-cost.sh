#!/usr/bin/env bash
# Benchmark: what EP008-EP012 add to the entrypoint check on a Spring Boot-sized image: one 100 MiB layer of 200 jars
# (/app/libs/lib-N.jar, 200 deflated class files of 2.5 KiB each, random after a Java 17 class header, so gzip cannot
# shrink them: 40,000 classes in all) with /etc/passwd, /etc/group and a static /bin/sh, the gcc-built static x86-64
# fixture as the JDK's java beside a release file, the command java -cp /app/classes:/app/libs/* com.example.App,
# user appuser and a CMD-SHELL health check.
# Each row: the median report.json durationMillis of RUNS, with EP008-EP012 skipped, EP008 alone run, and all run,
# uncompressed and gzip.
#
#   bench/image-rules-cost.sh [RUNS]     (needs python3, gzip; installs the plugin into ~/.m2)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
binary=$PWD/src/test/resources/binary/static-x86_64
work=$(mktemp -d /tmp/ecs-preflight-rules-cost.XXXXXX)
trap 'rm -rf "$work"' EXIT
source bench/lib.sh
install_plugin

python3 - "$work/layer.tar" "$binary" <<'PY'
import io, os, sys, tarfile, zipfile
out, binary = sys.argv[1], sys.argv[2]
HEADER = bytes([0xCA, 0xFE, 0xBA, 0xBE, 0, 0, 0, 61])  # a Java 17 class file's magic and version
with tarfile.open(out, "w", format=tarfile.PAX_FORMAT) as tar:
    def put(name, data, mode=0o644):
        info = tarfile.TarInfo(name); info.size = len(data); info.mode = mode
        tar.addfile(info, io.BytesIO(data))
    put("etc/passwd", b"root:x:0:0:root:/root:/bin/sh\nappuser:x:1000:1000::/home/appuser:/bin/sh\n")
    put("etc/group", b"root:x:0:\nappuser:x:1000:\n")
    server = open(binary, "rb").read()
    put("bin/sh", server, 0o755)
    put("opt/java/openjdk/bin/java", server, 0o755)
    put("opt/java/openjdk/release", b'IMPLEMENTOR="Eclipse Adoptium"\nJAVA_VERSION="17.0.13"\n')
    put("app/classes/com/example/App.class", HEADER + os.urandom(1024))
    for i in range(200):
        jar = io.BytesIO()
        with zipfile.ZipFile(jar, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n")
            for c in range(200):
                z.writestr(f"org/lib{i}/C{c}.class", HEADER + os.urandom(2560 - 8))
        put(f"app/libs/lib-{i}.jar", jar.getvalue())
PY

layout() { # DIR LAYER MEDIATYPE DIFF_ID
  local dir=$1 file=$2 media=$3 diff=$4
  mkdir -p "$dir/blobs/sha256"
  put() { local d; d=$(sha256sum "$1" | cut -d' ' -f1); mv "$1" "$dir/blobs/sha256/$d"
          printf '{"mediaType":"%s","digest":"sha256:%s","size":%d}' "$2" "$d" "$(stat -c %s "$dir/blobs/sha256/$d")"; }
  local layer_d config_d manifest_d
  layer_d=$(put "$file" "$media")
  printf '{"architecture":"amd64","os":"linux","config":{"Entrypoint":["/opt/java/openjdk/bin/java","-cp","/app/classes:/app/libs/*","com.example.App"],"Env":["PATH=/opt/java/openjdk/bin:/usr/bin:/bin"],"User":"appuser"},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' "$diff" > "$work/config.json"
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

cat > "$work/task-definition.json" <<'JSON'
{"family": "my-service", "requiresCompatibilities": ["FARGATE"], "memory": "1024",
 "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
 "containerDefinitions": [{"name": "app", "image": "my-service:1.0", "user": "appuser",
   "healthCheck": {"command": ["CMD-SHELL", "exit 0"]},
   "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/my-service",
     "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "app"}}}]}
JSON

check() { # IMAGE SKIP -> median durationMillis
  local times=()
  for _ in $(seq "$runs"); do
    rm -f "$work/target/ecs-preflight/report.json"
    (cd "$work" && mvn -q -B -Dstyle.color=never "io.github.ecspreflight:ecs-preflight-maven-plugin:$version:check" \
        -DecsPreflight.image="$1" -DecsPreflight.taskDefinition=task-definition.json \
        -DecsPreflight.skipRules="EP201${2:+,$2}" -DecsPreflight.reportFormats=json >/dev/null)
    times+=($(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["result"]=="PASSED", r["findings"]; print(r["durationMillis"])' \
        "$work/target/ecs-preflight/report.json"))
  done
  printf '%s\n' "${times[@]}" | median
}

printf '%-14s %20s %20s %20s\n' image "entrypoint only ms" "with EP008 ms" "with EP008-EP012 ms"
for image in plain gzip; do
  printf '%-14s %20s %20s %20s\n' "oci ($image)" "$(check "oci:$image" EP008,EP009,EP010,EP011,EP012)" \
      "$(check "oci:$image" EP009,EP010,EP011,EP012)" "$(check "oci:$image" "")"
done
echo "medians of $runs runs; ms = report.json durationMillis; one 100 MiB layer of 200 jars, 40,000 classes"

