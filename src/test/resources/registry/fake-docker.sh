#!/bin/sh
# A test double of the docker CLI contract the plugin relies on (no container engine runs on the test machines):
#   docker image inspect NAME   prints $FAKE_DOCKER_DIR/inspect-KEY.json, else "No such image" on stderr and exit 1
#   docker save -o FILE NAME    copies $FAKE_DOCKER_DIR/save-KEY.tar to FILE
#   docker image inspect hang   starts a child that sleeps (its PID in $FAKE_DOCKER_DIR/child.pid), then sleeps too
# KEY is NAME with '/' and ':' as '_'. Each call is appended to $FAKE_DOCKER_DIR/calls with the DOCKER_HOST it saw.
dir="${FAKE_DOCKER_DIR:?FAKE_DOCKER_DIR is not set}"
echo "DOCKER_HOST=${DOCKER_HOST:-} $*" >> "$dir/calls"
key() { printf '%s' "$1" | tr '/:' '__'; }
case "$1 $2" in
  "image inspect")
    if [ "$3" = hang ]; then
      sleep 300 &
      echo $! > "$dir/child.pid"
      sleep 300
      exit 0
    fi
    file="$dir/inspect-$(key "$3").json"
    if [ -f "$file" ]; then
      cat "$file"
      exit 0
    fi
    echo "[]"
    echo "Error response from daemon: No such image: $3" >&2
    exit 1
    ;;
  "save -o")
    file="$dir/save-$(key "$4").tar"
    if [ ! -f "$file" ]; then
      echo "Error response from daemon: reference does not exist" >&2
      exit 1
    fi
    cp "$file" "$3"
    ;;
  *)
    echo "fake docker: unexpected arguments: $*" >&2
    exit 2
    ;;
esac
