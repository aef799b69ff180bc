#!/usr/bin/env bash
# Every benchmark in one run: builds, starts our relay and the two relay peers (RabbitMQ Web-STOMP,
# a bare Spring Boot simple-broker app), runs each scenario REPS times after a warm-up with the
# targets alternating, then the join storm, JMH against Python's Fernet, and writes
# bench/results/<UTC time>/{results.jsonl,RESULTS.md,latency.png}. About 35 minutes on 2 cores.
#
#   bench/run-benchmarks.sh             # everything
#   REPS=1 bench/run-benchmarks.sh      # one repetition per scenario (quicker, no medians)
#   SKIP_BUILD=1 ...                    # reuse the jars in */target
set -euo pipefail
cd "$(dirname "$0")/.."

REPS=${REPS:-3}
OUT=bench/results/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
RESULTS=$OUT/results.jsonl
RELAY_PORT=5551
SPRING_PORT=5552
JAR=bench/target/benchmarks.jar

# shellcheck source=bench/common.sh
. bench/common.sh

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  say "building (./mvnw -B -q -DskipTests package)"
  ./mvnw -B -q -DskipTests package
fi
say "RabbitMQ with Web-STOMP, python3-cryptography (.ci/setup)"
bash .ci/setup >&2

# 10,000 sessions need 10,000 descriptors in the server and in the load generator
ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" -lt 10500 ]; then
  say "warning: only $(ulimit -n) file descriptors; the idle scenario needs about 10,500"
fi

wait_rabbit_quiet() { # RabbitMQ deletes 10,000 subscription queues for minutes after the clients leave
  local beam; beam=$(pgrep -o beam.smp) || return 0
  for _ in $(seq 1 150); do
    local a b; a=$(cpu_ticks "$beam"); sleep 2; b=$(cpu_ticks "$beam")
    [ $((b - a)) -lt 20 ] && return 0 # under 10 % of one core
  done
  say "warning: RabbitMQ still busy after 5 minutes"
}
start_relay() { # extra args: started fresh, default configuration plus the args
  java -jar relay-service/target/relay-service.jar --server.port=$RELAY_PORT "$@" >>"$OUT/relay.log" 2>&1 &
  RELAY_PID=$!; PIDS+=("$RELAY_PID")
  wait_http "http://127.0.0.1:$RELAY_PORT/actuator/health/readiness"
}
start_spring() {
  java -jar bench/spring-peer/target/spring-peer.jar --server.port=$SPRING_PORT >>"$OUT/spring-peer.log" 2>&1 &
  SPRING_PID=$!; PIDS+=("$SPRING_PID")
  wait_http "http://127.0.0.1:$SPRING_PORT/"
}
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

target_args() {
  case $1 in
    relay) echo "--url ws://127.0.0.1:$RELAY_PORT/chat --publishers-subscribe --header member=bench" ;;
    spring-bare) echo "--url ws://127.0.0.1:$SPRING_PORT/ws" ;;
    rabbitmq-web-stomp) echo "--url ws://127.0.0.1:15674/ws --header login=guest --header passcode=guest" ;;
  esac
}
TARGETS=(relay rabbitmq-web-stomp spring-bare)

load() { # scenario rep target extra-json -- load options
  local scenario=$1 rep=$2 target=$3 extra=$4; shift 5
  # shellcheck disable=SC2046
  java -Xmx4g -cp "$JAR" chat.bench.load.LoadCommand --target "$target" --room-prefix "room.b$RANDOM-" \
      $(target_args "$target") "$@" 2>>"$OUT/load.err" | tail -1 \
    | sed "s/^{/{\"scenario\":\"$scenario\",\"rep\":$rep,$extra/" | tee -a "$RESULTS" >&2
}

# --- relay peers under load -------------------------------------------------------------------
# The relay keeps every feature on; only its per-session rate limit is raised so that one
# publisher may send thousands of messages per second (the limit is still checked on each SEND).
start_relay --relay.messages-per-second=1000000 --relay.message-burst=1000000
start_spring
FANOUT=(--subscribers 100 --publishers 1 --payload 1024 --rate 0 --window 64 --warmup PT2S --duration PT8S --drain PT2S)
LATENCY=(--subscribers 100 --publishers 1 --payload 1024 --rate 100 --warmup PT2S --duration PT8S --drain PT2S)
ROOMS=(--rooms 50 --subscribers 2 --publishers 1 --payload 1024 --rate 20 --warmup PT2S --duration PT8S --drain PT2S)

wait_rabbit_quiet
say "warm-up: one short fan-out per target (not recorded)"
for t in "${TARGETS[@]}"; do
  java -cp "$JAR" chat.bench.load.LoadCommand --target "$t" $(target_args "$t") --subscribers 100 --rate 0 \
    --warmup PT2S --duration PT3S --drain PT1S >/dev/null 2>>"$OUT/load.err"
done
for rep in $(seq 1 "$REPS"); do
  for t in "${TARGETS[@]}"; do
    say "fan-out rep $rep: $t"; load fan-out "$rep" "$t" "" -- "${FANOUT[@]}"
  done
  for t in "${TARGETS[@]}"; do
    say "latency at 100 msg/s rep $rep: $t"; load latency-100 "$rep" "$t" "" -- "${LATENCY[@]}"
  done
  for t in "${TARGETS[@]}"; do
    say "50 rooms rep $rep: $t"; load many-rooms "$rep" "$t" "" -- "${ROOMS[@]}"
  done
done
for rate in 50 100 200 400; do
  for t in "${TARGETS[@]}"; do
    say "sweep $rate msg/s x 100: $t"
    load sweep 1 "$t" "\"offered\":$((rate * 100))," -- --subscribers 100 --publishers 1 --payload 1024 \
      --rate "$rate" --warmup PT2S --duration PT6S --drain PT2S
  done
done
stop "$RELAY_PID"; stop "$SPRING_PID"

# --- idle capacity: a fresh server process per run, default configuration ---------------------
# RabbitMQ's node keeps the soft descriptor limit it was started with (Debian's service: 1,024,
# about 830 sockets). For 10,000 sessions it is restarted once with the soft limit at the hard one.
raise_rabbit_descriptors() {
  local beam; beam=$(pgrep -o beam.smp || true)
  [ -n "$beam" ] || return 0
  local soft; soft=$(awk '/Max open files/{print $4}' "/proc/$beam/limits")
  [ "$soft" -ge 10500 ] && return 0
  say "restarting RabbitMQ with more file descriptors (its soft limit is $soft)"
  grep -q '^ulimit -n' /etc/default/rabbitmq-server 2>/dev/null \
    || echo 'ulimit -n "$(ulimit -Hn)"  # bench/run-benchmarks.sh: 10,000 idle Web-STOMP sessions' >>/etc/default/rabbitmq-server
  timeout 60 rabbitmqctl stop >/dev/null 2>&1 || true
  timeout 120 /etc/init.d/rabbitmq-server start >&2 || true
  for _ in $(seq 1 120); do rabbitmq-diagnostics -q check_port_listener 15674 >/dev/null 2>&1 && break; sleep 1; done
  say "RabbitMQ descriptors now: $(awk '/Max open files/{print $4}' "/proc/$(pgrep -o beam.smp)/limits")"
}
raise_rabbit_descriptors
heap_bytes() { jcmd "$1" GC.class_histogram 2>/dev/null | awk '/^Total/{print $3}'; } # forces a full GC
rss_kb() { awk '/VmRSS/{print $2}' "/proc/$1/status"; }
idle_run() { # rep target pid(server) heap?(1/0)
  local rep=$1 target=$2 pid=$3 heap=$4 heap_before=-1 heap_after=-1 rss_before rss_after
  [ "$heap" = 1 ] && heap_before=$(heap_bytes "$pid")
  rss_before=$(rss_kb "$pid")
  local err=$OUT/idle-$target-$rep.err
  java -Xmx6g -cp "$JAR" chat.bench.load.LoadCommand --target "$target" $(target_args "$target") \
    --room-prefix "room.idle$RANDOM-" --idle 10000 --rooms 1000 --duration PT25S >"$OUT/idle-$target-$rep.json" 2>"$err" &
  local gen=$!
  for _ in $(seq 1 240); do grep -q '^holding' "$err" && break; sleep 0.5; done
  sleep 2
  [ "$heap" = 1 ] && heap_after=$(heap_bytes "$pid")
  rss_after=$(rss_kb "$pid")
  wait "$gen" || true
  tail -1 "$OUT/idle-$target-$rep.json" | sed "s/^{/{\"scenario\":\"idle\",\"rep\":$rep,\"heapBeforeBytes\":$heap_before,\"heapAfterBytes\":$heap_after,\"rssBeforeKb\":$rss_before,\"rssAfterKb\":$rss_after,/" \
    | tee -a "$RESULTS" >&2
}
for rep in $(seq 1 "$REPS"); do
  say "idle 10,000 rep $rep: relay (fresh process, default configuration)"
  start_relay; idle_run "$rep" relay "$RELAY_PID" 1; stop "$RELAY_PID"
  say "idle 10,000 rep $rep: rabbitmq-web-stomp (the machine's running node: resident memory only)"
  idle_run "$rep" rabbitmq-web-stomp "$(pgrep -o beam.smp)" 0
  say "idle 10,000 rep $rep: spring-bare (fresh process)"
  start_spring; idle_run "$rep" spring-bare "$SPRING_PID" 1; stop "$SPRING_PID"
  say "waiting for RabbitMQ to finish deleting the idle run's queues"
  wait_rabbit_quiet
done

# --- join storm: real clients, relay with its default configuration ---------------------------
start_relay
for rep in $(seq 1 "$REPS"); do
  say "join storm rep $rep"
  java -cp "$JAR" chat.bench.join.JoinCommand --url "ws://127.0.0.1:$RELAY_PORT/chat" 2>>"$OUT/join.err" | tail -1 \
    | sed "s/^{/{\"scenario\":\"join-storm\",\"rep\":$rep,/" | tee -a "$RESULTS" >&2
done
stop "$RELAY_PID"

# --- client crypto: JMH and Python's cryptography, same sizes, one thread ---------------------
say "JMH: Fernet (one thread)"
java -jar "$JAR" 'CryptoBenchmarks.fernet' -f 1 -wi 2 -w 2s -i 5 -r 2s -t 1 -rf json -rff "$OUT/jmh.json" >"$OUT/jmh.txt"
for rep in $(seq 1 "$REPS"); do
  say "Python cryptography Fernet rep $rep"
  python3 bench/python/fernet_bench.py 2 >>"$OUT/python.jsonl"
done

java -cp "$JAR" chat.bench.report.Report "$OUT" >&2
say "done: $OUT/RESULTS.md"
