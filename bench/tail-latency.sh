#!/usr/bin/env bash
# The light-load tail, repeated more often than run-benchmarks.sh can afford: p50/p99 at 100 msg/s
# x 100 subscribers and with 50 rooms x 20 msg/s x 2 subscribers (1 KiB), our relay against the
# bare Spring peer, and optionally against other builds of the relay or the same relay under other
# JVM options (RELAYS: name=jar[,java option...] ...). The targets take turns, their order rotating
# from one repetition to the next (a target that always ran first or last would carry the position);
# each Java server logs its GC pauses to /tmp/tail-latency-gc-<target>.log. Prints one JSON line
# per run: the load generator's result with scenario, rep and the server's CPU time per delivery
# (read from /proc over 6 s of the 8 s measured).
#
#   bench/tail-latency.sh                                  # after ./mvnw -B -q -DskipTests package
#   RELAYS="before=/tmp/old/relay-service.jar relay=relay-service/target/relay-service.jar" bench/tail-latency.sh
#   RELAYS="g1=relay-service/target/relay-service.jar parallel=relay-service/target/relay-service.jar,-XX:+UseParallelGC" \
#     SPRING_JAVA_OPTS=-XX:+UseParallelGC bench/tail-latency.sh
set -euo pipefail
cd "$(dirname "$0")/.."

REPS=${REPS:-5}
JAR=bench/target/benchmarks.jar
# shellcheck source=bench/common.sh
. bench/common.sh

TARGETS=()
port=5590
for entry in ${RELAYS:-relay=relay-service/target/relay-service.jar}; do
  name=${entry%%=*}
  IFS=, read -r -a spec <<<"${entry#*=}"
  start_relay_jar "$name" "${spec[0]}" $((++port)) "/tmp/tail-latency-$name.log" "${spec[@]:1}" \
    -Xlog:gc:file="/tmp/tail-latency-gc-$name.log"
  TARGETS+=("$name")
done
# shellcheck disable=SC2086
start_spring_peer spring-bare 5590 /tmp/tail-latency-spring.log ${SPRING_JAVA_OPTS:-} \
  -Xlog:gc:file=/tmp/tail-latency-gc-spring-bare.log
TARGETS+=(spring-bare)

declare -A SCENARIO=(
  [latency-100]="--rooms 1 --subscribers 100 --publishers 1 --payload 1024 --rate 100"
  [many-rooms]="--rooms 50 --subscribers 2 --publishers 1 --payload 1024 --rate 20"
)
run() { # target scenario duration-seconds
  # shellcheck disable=SC2086
  java -Xmx4g -cp "$JAR" chat.bench.load.LoadCommand --target "$1" --url "${URL[$1]}" ${EXTRA[$1]} \
    --room-prefix "room.tail$RANDOM-" ${SCENARIO[$2]} --warmup PT2S --duration "PT$3S" --drain PT2S 2>"/tmp/tail-latency-load.err" \
    | tail -1 | grep . || { say "the load generator failed against $1 ($2): see /tmp/tail-latency-load.err"; return 1; }
}
for t in "${TARGETS[@]}"; do run "$t" latency-100 4 >/dev/null; done # warm-up, not recorded
for rep in $(seq 1 "$REPS"); do
  for s in latency-100 many-rooms; do
    for i in "${!TARGETS[@]}"; do
      t=${TARGETS[$(((i + rep) % ${#TARGETS[@]}))]}
      say "$s rep $rep: $t"
      out=$(mktemp)
      run "$t" "$s" 8 >"$out" &
      load=$!
      sleep 3; c0=$(cpu_ticks "${PID[$t]}"); sleep 6; c1=$(cpu_ticks "${PID[$t]}")
      wait "$load"
      dps=$(grep -o '"deliveriesPerSecond":[0-9.]*' "$out" | cut -d: -f2)
      cpu=$(awk -v c=$((c1 - c0)) -v d="$dps" 'BEGIN { printf "%.1f", (d > 0 ? c * 10000 / 6 / d : 0) }')
      sed "s/^{/{\"scenario\":\"$s\",\"rep\":$rep,\"serverCpuMicrosPerDelivery\":$cpu,/" "$out"
      rm -f "$out"
    done
  done
done
