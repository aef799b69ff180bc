# Helpers shared by the benchmark scripts (sourced, not run).

say() { echo "== $(date -u +%H:%M:%S) $*" >&2; }

wait_http() { # url: until it answers at all
  for _ in $(seq 1 120); do curl -s -o /dev/null "$1" && return 0; sleep 0.5; done
  say "no answer from $1"; return 1
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # user + system time of a process, in 1/100 s

# The servers a script starts: it adds each pid to PIDS, and they are stopped when it exits.
PIDS=()
stop_started() { for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; }
trap stop_started EXIT

# A relay build with the rate limit raised for the load scenarios (as run-benchmarks.sh starts it),
# ready when this returns: start_relay_jar name jar port log [java option...]; sets PID, URL, EXTRA.
declare -A URL PID EXTRA
start_relay_jar() {
  local name=$1 jar=$2 port=$3 log=$4
  shift 4
  java "$@" -jar "$jar" --server.port="$port" --relay.messages-per-second=1000000 --relay.message-burst=1000000 \
    >"$log" 2>&1 &
  PIDS+=($!); PID[$name]=$!; URL[$name]="ws://127.0.0.1:$port/chat"; EXTRA[$name]="--publishers-subscribe --header member=bench"
  wait_http "http://127.0.0.1:$port/actuator/health/readiness"
}

# The bare Spring peer, ready when this returns: start_spring_peer name port log [java option...];
# sets PID, URL, EXTRA like start_relay_jar.
start_spring_peer() {
  local name=$1 port=$2 log=$3
  shift 3
  java "$@" -jar bench/spring-peer/target/spring-peer.jar --server.port="$port" >"$log" 2>&1 &
  PIDS+=($!); PID[$name]=$!; URL[$name]="ws://127.0.0.1:$port/ws"; EXTRA[$name]=""
  wait_http "http://127.0.0.1:$port/"
}
