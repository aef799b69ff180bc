#!/usr/bin/env bash
# Container smoke test: builds the relay image from docker/Dockerfile with podman (or docker),
# runs it with a published port, waits for health, runs a real two-client encrypted chat through
# it, checks that a stop shuts it down cleanly within the grace period, and removes everything it
# created. Bounded: 15 minutes in all. Run from anywhere, as root (it may install podman).
set -euo pipefail
if [ -z "${SMOKE_BOUNDED:-}" ]; then
  exec timeout --kill-after=30 900 env SMOKE_BOUNDED=1 bash "$0" "$@"
fi
cd "$(dirname "$0")/.."
started=$(date +%s)
say() { echo "[smoke $(( $(date +%s) - started ))s] $*"; }

GRACE_SECONDS=20
IMAGE="localhost/e2e-chat-relay-smoke:$$"
CONTAINER="e2e-chat-relay-smoke-$$"
LOCAL_BASE="localhost/jre17-base"
DEFAULT_BASE="docker.io/library/eclipse-temurin:17-jre"
work=$(mktemp -d)
created_base=""
client_pids=()

cleanup() {
  set +e
  for pid in "${client_pids[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null; done
  $engine rm -f "$CONTAINER" >/dev/null 2>&1
  $engine rmi -f "$IMAGE" >/dev/null 2>&1
  [ -n "$created_base" ] && $engine rmi -f "$created_base" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

# --- the container engine -------------------------------------------------------------------
if command -v podman >/dev/null; then
  engine=podman
elif docker info >/dev/null 2>&1; then
  engine=docker
else
  say "installing podman and runc"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq podman runc >/dev/null
  engine=podman
fi
if [ "$engine" = podman ]; then
  # runc instead of crun, and explicit ulimits: what works on machines without CAP_SYS_RESOURCE.
  cat > "$work/containers.conf" <<'CONF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
runtime = "runc"
CONF
  export CONTAINERS_CONF="$work/containers.conf"
  command -v runc >/dev/null || { apt-get update -qq && apt-get install -y -qq runc >/dev/null; }
fi
say "engine: $($engine --version)"

# --- the jars -------------------------------------------------------------------------------
if [ ! -f relay-service/target/relay-service.jar ] || [ ! -f java-client/target/java-client.jar ]; then
  say "building the jars"
  ./mvnw -B -q -DskipTests package
fi

# --- a base image: the default one if it can be pulled, else a local JRE 17 image -------------
base="$DEFAULT_BASE"
if ! timeout 60 $engine pull -q "$DEFAULT_BASE" >/dev/null 2>&1; then
  base="$LOCAL_BASE"
  if ! $engine image exists "$LOCAL_BASE" 2>/dev/null; then
    say "$DEFAULT_BASE cannot be pulled here: building $LOCAL_BASE with debootstrap (about a minute)"
    command -v debootstrap >/dev/null || { apt-get update -qq && apt-get install -y -qq debootstrap >/dev/null; }
    mirror=$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | head -n1 | awk '{print $2}')
    [ -n "$mirror" ] || mirror=$(grep -hs '^deb ' /etc/apt/sources.list | head -n1 | awk '{print $2}')
    [ -n "$mirror" ] || mirror="http://deb.debian.org/debian"
    root="$work/rootfs"
    debootstrap --variant=minbase --include=openjdk-17-jre-headless bookworm "$root" "$mirror" >"$work/debootstrap.log" 2>&1 \
      || { tail -20 "$work/debootstrap.log"; exit 1; }
    rm -rf "$root"/usr/share/doc "$root"/usr/share/man "$root"/usr/share/locale "$root"/var/cache/apt/* "$root"/var/lib/apt/lists/*
    tar -C "$root" -c . | $engine import - "$LOCAL_BASE" >/dev/null 2>&1
    rm -rf "$root"
    created_base="$LOCAL_BASE"
  fi
fi
say "base image: $base"

# --- build and run --------------------------------------------------------------------------
$engine build -q --format docker -f docker/Dockerfile --build-arg "BASE_IMAGE=$base" -t "$IMAGE" . >/dev/null
say "built $IMAGE"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
health_flags=()
# podman times health checks with systemd, absent here: the image's check is run by hand below.
[ "$engine" = podman ] && health_flags=(--health-interval=disable)
$engine run -d "${health_flags[@]}" --name "$CONTAINER" -p "127.0.0.1:$port:5535" "$IMAGE" >/dev/null
say "running $CONTAINER on 127.0.0.1:$port"

for _ in $(seq 1 90); do
  if curl -fsS "http://127.0.0.1:$port/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; then break; fi
  sleep 1
done
curl -fsS "http://127.0.0.1:$port/actuator/health" | grep -q '"status":"UP"' || { $engine logs "$CONTAINER" | tail -30; exit 1; }
say "health UP"
if [ "$engine" = podman ]; then
  $engine healthcheck run "$CONTAINER" >/dev/null || { echo "the image's HEALTHCHECK fails"; exit 1; }
  say "image HEALTHCHECK passes"
fi
user=$($engine exec "$CONTAINER" id -u)
[ "$user" != 0 ] || { echo "the relay runs as root"; exit 1; }
say "runs as uid $user"

# --- a real two-client encrypted chat through the container ---------------------------------
client=(java -jar java-client/target/java-client.jar --server "ws://127.0.0.1:$port/chat" --room smoke --json --rsa-bits 2048)
secret="hello through the container $$"
(sleep 14) | "${client[@]}" --user bob --config-dir "$work/bob" >"$work/bob.jsonl" 2>"$work/bob.err" &
client_pids+=($!)
sleep 1
(sleep 6; echo "$secret"; sleep 2) | "${client[@]}" --user alice --config-dir "$work/alice" >"$work/alice.jsonl" 2>"$work/alice.err"
wait "${client_pids[0]}" || true
grep -q '"event":"message"' "$work/bob.jsonl" && grep -qF "\"text\":\"$secret\"" "$work/bob.jsonl" \
  || { echo "bob did not receive the message"; cat "$work/alice.jsonl" "$work/bob.jsonl" "$work/bob.err"; exit 1; }
say "alice -> bob end-to-end encrypted chat through the container: delivered"
if $engine logs "$CONTAINER" 2>&1 | grep -qF "$secret"; then echo "plaintext in the relay's logs"; exit 1; fi
say "no plaintext in the relay's logs"

# --- graceful stop --------------------------------------------------------------------------
t0=$(date +%s%N)
$engine stop -t "$GRACE_SECONDS" "$CONTAINER" >/dev/null
stop_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
logs=$($engine logs "$CONTAINER" 2>&1)
echo "$logs" | grep -q "Graceful shutdown complete" || { echo "no graceful shutdown"; echo "$logs" | tail -20; exit 1; }
[ "$stop_ms" -lt $(( GRACE_SECONDS * 1000 )) ] || { echo "stop took ${stop_ms} ms: killed, not stopped"; exit 1; }
say "stopped cleanly in ${stop_ms} ms (grace ${GRACE_SECONDS} s), exit code $($engine inspect -f '{{.State.ExitCode}}' "$CONTAINER")"
say "PASSED in $(( $(date +%s) - started )) s"
