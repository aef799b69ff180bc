#!/usr/bin/env bash
# Where the relay's CPU goes in one load scenario, native and kernel frames included: starts the
# relay (every feature on, rate limit raised as in run-benchmarks.sh), runs the load generator,
# and attaches async-profiler (from Maven Central) to the relay for the middle of the measured
# window. Writes bench/results/profile-<scenario>-<UTC time>/{flame.html,collapsed.txt,top.txt,load.json}.
#
#   bench/profile.sh fan-out          # 1 publisher as fast as a window of 64 allows, 100 subscribers
#   bench/profile.sh latency-100      # 1 publisher at 100 msg/s, 100 subscribers
#   EVENT=wall bench/profile.sh latency-100   # wall clock: where threads wait, not only where they run
#   JAR=/path/to/relay-service.jar ...       # another build of the relay
set -euo pipefail
cd "$(dirname "$0")/.."

SCENARIO=${1:-fan-out}
EVENT=${EVENT:-cpu}
RELAY_JAR=${JAR:-relay-service/target/relay-service.jar}
PORT=5581
AP_VERSION=4.2
OUT=bench/results/profile-$SCENARIO-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
# shellcheck source=bench/common.sh
. bench/common.sh

AP=bench/target/async-profiler/linux-x64/libasyncProfiler.so
if [ ! -f "$AP" ]; then
  say "fetching async-profiler $AP_VERSION from Maven Central"
  ./mvnw -B -q dependency:copy -Dartifact="tools.profiler:async-profiler:$AP_VERSION:jar:linux-x64" \
    -DoutputDirectory=bench/target/async-profiler
  (cd bench/target/async-profiler && unzip -o -q "async-profiler-$AP_VERSION-linux-x64.jar" 'linux-x64/*')
fi
# kernel frames need perf events; as root they are allowed whatever perf_event_paranoid says
[ "$(id -u)" = 0 ] || say "warning: not root; kernel frames may be missing (perf_event_paranoid=$(cat /proc/sys/kernel/perf_event_paranoid))"

java -jar "$RELAY_JAR" --server.port=$PORT --relay.messages-per-second=1000000 --relay.message-burst=1000000 \
  >"$OUT/relay.log" 2>&1 &
RELAY=$!
trap 'kill $RELAY 2>/dev/null || true' EXIT
wait_http "http://127.0.0.1:$PORT/actuator/health/readiness"

case $SCENARIO in
  fan-out) LOAD=(--subscribers 100 --publishers 1 --payload 1024 --rate 0 --window 64) ;;
  latency-100) LOAD=(--subscribers 100 --publishers 1 --payload 1024 --rate 100) ;;
  many-rooms) LOAD=(--rooms 50 --subscribers 2 --publishers 1 --payload 1024 --rate 20) ;;
  *) say "unknown scenario $SCENARIO (fan-out, latency-100, many-rooms)"; exit 2 ;;
esac
gen() { java -Xmx4g -cp bench/target/benchmarks.jar chat.bench.load.LoadCommand --target relay \
  --url "ws://127.0.0.1:$PORT/chat" --publishers-subscribe --header member=bench --room-prefix "room.p$RANDOM-" \
  "${LOAD[@]}" --warmup PT2S --drain PT2S "$@" 2>/dev/null | tail -1; }
gen --duration PT3S >/dev/null # warm-up, not profiled
gen --duration PT12S >"$OUT/load.json" &
LOADER=$!
sleep 5
# jcmd reads key=value as its own named argument: the agent's options go in double quotes
ap() { jcmd $RELAY JVMTI.agent_load "$PWD/$AP" "\"$1\"" | grep -q 'return code: 0' || { say "async-profiler: $1 failed"; exit 1; }; }
ap "start,event=$EVENT,interval=1ms,cstack=vm"
sleep 8
ap "dump,file=$PWD/$OUT/collapsed.txt,collapsed"
ap "stop,file=$PWD/$OUT/flame.html"
wait $LOADER

# the share of samples under a few telling frames, and the hottest leaf frames
awk '{ n = $NF; $NF = ""; total += n; stack = $0
       if (stack ~ /\[k\]|_\[k\]/ || stack ~ /entry_SYSCALL/) kernel += n
       if (stack ~ /OnResultRunnable/) completion += n
       if (stack ~ /SessionLanes.drain/) lanes += n
       if (stack ~ /GC|G1/) gc += n
       if (stack ~ /doWrite|writev|sendmsg|tcp_sendmsg/) writes += n
       if (stack ~ /futex|park|unpark/) wake += n
       split(stack, frames, ";"); leaf[frames[length(frames)]] += n }
     END { printf "samples %d\nkernel %.1f %%\nsocket writes %.1f %%\nTomcat write completions %.1f %%\nlanes %.1f %%\nthread park/unpark (futex) %.1f %%\nGC %.1f %%\n\nhottest leaf frames:\n",
             total, 100*kernel/total, 100*writes/total, 100*completion/total, 100*lanes/total, 100*wake/total, 100*gc/total
           for (f in leaf) printf "%6.2f %%  %s\n", 100*leaf[f]/total, f | "sort -rn | head -25" }' \
  "$OUT/collapsed.txt" >"$OUT/top.txt"
cat "$OUT/load.json" >&2
cat "$OUT/top.txt" >&2
say "done: $OUT"
