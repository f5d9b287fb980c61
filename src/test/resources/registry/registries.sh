#!/usr/bin/env bash
# Starts and stops the two registries the docker:// tests read, both Debian's docker-registry (distribution 2.8)
# listening on 127.0.0.1 only:
#   open: plain HTTP, no authentication                        (ECS_PREFLIGHT_REGISTRY=127.0.0.1:PORT)
#   tls:  htpasswd basic auth behind a self-signed certificate (ECS_PREFLIGHT_TLS_REGISTRY=127.0.0.1:PORT)
# Each has its own config file, storage and JSON request log under DIR; the log has one "response completed" line
# per request (method, URI, status, bytes written), which the tests parse to see what the plugin fetched.
#
#   registries.sh start DIR   writes DIR/env (export lines for the tests) and DIR/pids, returns once both answer
#   registries.sh stop DIR    stops what start started (by the pids it wrote)
#
# Ports: ECS_PREFLIGHT_REGISTRY_PORT (default 5000) and ECS_PREFLIGHT_TLS_REGISTRY_PORT (default 5443); a port in use
# is skipped for the next free one. .ci/run calls this; RegistryExtension calls it for local runs.
set -euo pipefail

command="${1:?usage: registries.sh start|stop DIR}"
dir="${2:?usage: registries.sh start|stop DIR}"

in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

free_port() {
  local port="$1"
  for _ in $(seq 1 50); do
    if ! in_use "$port"; then
      echo "$port"
      return 0
    fi
    port=$((port + 1))
  done
  echo "registries.sh: no free port from $1" >&2
  return 1
}

wait_for() {
  # wait_for NAME PID URL CURL_ARGS...: until the registry answers /v2/ (any HTTP status) or its process is gone
  local name="$1" pid="$2" url="$3"
  shift 3
  for _ in $(seq 1 100); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "registries.sh: the $name registry exited; its log:" >&2
      cat "$dir/$name.log" >&2 || true
      return 1
    fi
    status="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$@" "$url" || true)"
    if [ "$status" != "000" ] && [ -n "$status" ]; then
      return 0
    fi
    sleep 0.2
  done
  echo "registries.sh: the $name registry did not answer $url within 20 s" >&2
  return 1
}

start() {
  for tool in docker-registry htpasswd openssl curl; do
    command -v "$tool" >/dev/null || { echo "registries.sh: $tool is not installed" >&2; return 1; }
  done
  mkdir -p "$dir/open/storage" "$dir/tls/storage"
  : > "$dir/pids"
  local open_port tls_port user password
  open_port="$(free_port "${ECS_PREFLIGHT_REGISTRY_PORT:-5000}")"
  tls_port="$(free_port "${ECS_PREFLIGHT_TLS_REGISTRY_PORT:-5443}")"
  if [ "$tls_port" = "$open_port" ]; then
    tls_port="$(free_port $((open_port + 1)))"
  fi
  user="preflight"
  password="$(openssl rand -hex 16)"

  # A self-signed certificate for 127.0.0.1 and localhost; it is its own CA, which the verified-TLS test trusts.
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -sha256 -subj "/CN=127.0.0.1" \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" -addext "basicConstraints=critical,CA:TRUE" \
    -keyout "$dir/tls/registry.key" -out "$dir/tls/registry.crt" 2>/dev/null
  htpasswd -Bbn "$user" "$password" > "$dir/tls/htpasswd"

  # Only loopback addresses, unlike the package's /etc/docker/registry/config.yml (":5000", all interfaces).
  cat > "$dir/open/config.yml" <<YAML
version: 0.1
log:
  level: info
  formatter: json
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $dir/open/storage
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$open_port
  headers:
    X-Content-Type-Options: [nosniff]
YAML
  cat > "$dir/tls/config.yml" <<YAML
version: 0.1
log:
  level: info
  formatter: json
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $dir/tls/storage
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$tls_port
  headers:
    X-Content-Type-Options: [nosniff]
  tls:
    certificate: $dir/tls/registry.crt
    key: $dir/tls/registry.key
auth:
  htpasswd:
    realm: ecs-preflight-test
    path: $dir/tls/htpasswd
YAML

  docker-registry serve "$dir/open/config.yml" > "$dir/open.log" 2>&1 < /dev/null &
  local open_pid=$!
  echo "$open_pid" >> "$dir/pids"
  docker-registry serve "$dir/tls/config.yml" > "$dir/tls.log" 2>&1 < /dev/null &
  local tls_pid=$!
  echo "$tls_pid" >> "$dir/pids"

  wait_for open "$open_pid" "http://127.0.0.1:$open_port/v2/"
  wait_for tls "$tls_pid" "https://127.0.0.1:$tls_port/v2/" --cacert "$dir/tls/registry.crt"

  cat > "$dir/env" <<ENV
export ECS_PREFLIGHT_REGISTRY=127.0.0.1:$open_port
export ECS_PREFLIGHT_REGISTRY_LOG=$dir/open.log
export ECS_PREFLIGHT_TLS_REGISTRY=127.0.0.1:$tls_port
export ECS_PREFLIGHT_TLS_REGISTRY_USER=$user
export ECS_PREFLIGHT_TLS_REGISTRY_PASSWORD=$password
export ECS_PREFLIGHT_TLS_REGISTRY_CA=$dir/tls/registry.crt
export ECS_PREFLIGHT_TLS_REGISTRY_LOG=$dir/tls.log
ENV
  echo "registries.sh: open registry on 127.0.0.1:$open_port, TLS + basic auth on 127.0.0.1:$tls_port (logs in $dir)"
}

stop() {
  [ -f "$dir/pids" ] || return 0
  while read -r pid; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done < "$dir/pids"
  while read -r pid; do
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  done < "$dir/pids"
  rm -f "$dir/pids"
}

case "$command" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: registries.sh start|stop DIR" >&2; exit 2 ;;
esac
