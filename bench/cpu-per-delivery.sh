#!/usr/bin/env bash
# Server CPU time per delivery in the fan-out scenario (1 publisher, 100 subscribers, 1 KiB,
# window 64): our relay against the bare Spring peer, and optionally against another build of the
# relay (BEFORE_JAR=path/to/relay-service.jar, for before/after). The load generator shares the
# cores with the server, so deliveries/s alone mixes the two; CPU per delivery is the server's own.
#
#   bench/cpu-per-delivery.sh                                   # after ./mvnw -B -q -DskipTests package
#   BEFORE_JAR=/tmp/old/relay-service.jar REPS=3 bench/cpu-per-delivery.sh
set -euo pipefail
cd "$(dirname "$0")/.."

REPS=${REPS:-2}
JAR=bench/target/benchmarks.jar
# shellcheck source=bench/common.sh
. bench/common.sh

TARGETS=()
if [ -n "${BEFORE_JAR:-}" ]; then
  start_relay_jar before "$BEFORE_JAR" 5571 /tmp/cpu-per-delivery-before.log; TARGETS+=(before)
fi
start_relay_jar relay relay-service/target/relay-service.jar 5572 /tmp/cpu-per-delivery-relay.log; TARGETS+=(relay)
start_spring_peer spring-bare 5573 /tmp/cpu-per-delivery-spring.log
TARGETS+=(spring-bare)

run() { # target duration-seconds
  # shellcheck disable=SC2086
  java -Xmx4g -cp "$JAR" chat.bench.load.LoadCommand --target "$1" --url "${URL[$1]}" ${EXTRA[$1]} \
    --room-prefix "room.cpu$RANDOM-" --subscribers 100 --publishers 1 --payload 1024 --rate 0 --window 64 \
    --warmup PT2S --duration "PT$2S" --drain PT2S 2>/dev/null | tail -1
}
for t in "${TARGETS[@]}"; do run "$t" 3 >/dev/null; done # warm-up, not recorded
declare -A PORT=([before]=5571 [relay]=5572)
meter() { # target name: a relay counter's value, 0 where the build has no such meter (or not a relay)
  [ -n "${PORT[$1]:-}" ] || { echo 0; return; }
  curl -s "http://127.0.0.1:${PORT[$1]}/actuator/prometheus" | awk -v m="$2" '$1 == m {print $2; f=1} END {if (!f) print 0}'
}
for rep in $(seq 1 "$REPS"); do
  for t in "${TARGETS[@]}"; do
    out=$(mktemp)
    run "$t" 10 >"$out" &
    load=$!
    sleep 5; c0=$(cpu_ticks "${PID[$t]}"); w0=$(meter "$t" relay_outbox_writes_total); f0=$(meter "$t" relay_outbox_frames_total)
    sleep 6; c1=$(cpu_ticks "${PID[$t]}"); w1=$(meter "$t" relay_outbox_writes_total); f1=$(meter "$t" relay_outbox_frames_total)
    wait "$load"
    dps=$(grep -o '"deliveriesPerSecond":[0-9.]*' "$out" | cut -d: -f2); rm -f "$out"
    # framesPerWrite: STOMP frames per WebSocket message the relay wrote (0: a build without the meter)
    awk -v t="$t" -v r="$rep" -v d="$dps" -v c=$((c1 - c0)) -v w="$w0 $w1" -v f="$f0 $f1" 'BEGIN {
      split(w, W, " "); split(f, F, " "); fpw = W[2] > W[1] ? (F[2] - F[1]) / (W[2] - W[1]) : 0
      printf "{\"target\":\"%s\",\"rep\":%d,\"deliveriesPerSecond\":%.0f,\"serverCores\":%.2f,\"serverCpuMicrosPerDelivery\":%.1f,\"framesPerWrite\":%.2f}\n",
        t, r, d, c / 600, c * 10000 / 6 / d, fpw }'
  done
done
