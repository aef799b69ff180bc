# Helpers shared by the benchmark scripts (sourced, not run).

say() { echo "== $(date -u +%H:%M:%S) $*" >&2; }

wait_http() { # url: until it answers at all
  for _ in $(seq 1 120); do curl -s -o /dev/null "$1" && return 0; sleep 0.5; done
  say "no answer from $1"; return 1
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # user + system time of a process, in 1/100 s
