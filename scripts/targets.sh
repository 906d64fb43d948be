#!/usr/bin/env bash
# Measures PayRelay against issue 3's steady-load targets in one run: the native stack (`up --limits`: HAProxy,
# two instances and two emulators under the compose file's cgroup limits), a steady open-loop load through
# HAProxy, and what the instances spent while it was measured.
#   usage: scripts/targets.sh [--server-dir DIR] [--seconds N] [--rate N] [--warmup N] [--trace FILE]
#     --server-dir  the published server to run (default artifacts/publish/PayRelay.Server, from scripts/publish.sh)
#     --seconds     measured seconds (default 167: about 100,000 payments at 600/s); --warmup seconds before (10)
#     --trace FILE  every measured request as CSV (start_ms,latency_ms,status), from `steady --trace`
# Prints POST p50/p99/p99.9 (from `steady`), CPU per payment over both instances (user + system time from
# /proc/PID/stat, while measuring and including the warm-up), each instance's RSS at the end, the CFS throttling
# events of each cgroup while measuring, and each instance's GC collections and pause from GET /status.
# Root (cgroup v1 limits). Needs the Release build of the solution (dotnet build -c Release PayRelay.slnx) and
# haproxy (scripts/install-deps.sh). Uses :9999, :8001 and :8002. Run it from a quiet directory: nothing here
# writes below the working directory.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
server_dir=$root/artifacts/publish/PayRelay.Server seconds=167 rate=600 warmup=10 trace=
while [ "$#" -gt 0 ]; do
  case "$1" in
    --server-dir) server_dir=$(cd "$2" && pwd); shift ;;
    --seconds) seconds=$2; shift ;;
    --rate) rate=$2; shift ;;
    --warmup) warmup=$2; shift ;;
    --trace) trace=$2; shift ;;
    -h | --help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "targets.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done

bench=$root/src/PayRelay.Bench/bin/Release/net10.0/PayRelay.Bench.dll
for f in "$server_dir/PayRelay.Server.dll" "$bench"; do
  [ -f "$f" ] || { echo "targets.sh: $f is missing (dotnet build -c Release PayRelay.slnx; scripts/publish.sh)" >&2; exit 2; }
done
work=$(mktemp -d /tmp/payrelay-targets-XXXXXX)
up_pid=
cleanup() {
  [ -n "$up_pid" ] && kill -TERM "$up_pid" 2>/dev/null && wait "$up_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

dotnet "$bench" up --limits --no-build --server-dir "$server_dir" > "$work/up.log" 2>&1 & up_pid=$!
for _ in $(seq 1 90); do grep -q 'bench --' "$work/up.log" && break; kill -0 "$up_pid" 2>/dev/null || break; sleep 1; done
grep -q 'bench --' "$work/up.log" || { echo "targets.sh: the stack did not come up:" >&2; tail -20 "$work/up.log" >&2; exit 1; }
sockets=$(grep -o '/tmp/payrelay-up-[^/]*/sockets' "$work/up.log" | head -1)
pids=$(pgrep -f "$server_dir/PayRelay.Server.dll" | tr '\n' ' ')

. "$root/scripts/measure.sh"
ticks() { cpu_ticks $pids; }
throttled() { for g in /sys/fs/cgroup/cpu/payrelay-9999-*; do echo "$(basename "$g") $(awk '/nr_throttled/{print $2}' "$g/cpu.stat")"; done; }
gc() {
  for a in api1 api2; do
    curl -s --unix-socket "$sockets/$a.sock" http://instance/status |
      python3 -c "import json,sys; m=json.load(sys.stdin)['memory']; print('$a', 'collections gen0/1/2', *m['collections'], 'pause ms', m['gcPauseMilliseconds'])"
  done
}

at_ready=$(ticks)
steady=(dotnet "$bench" steady --rate "$rate" --seconds "$seconds" --warmup "$warmup")
[ -n "$trace" ] && steady+=(--trace "$trace")
"${steady[@]}" > "$work/steady.log" 2>&1 & steady_pid=$!
wait_measuring "$work/steady.log" "$warmup"
at_measuring=$(ticks); throttled > "$work/throttled-before"
wait "$steady_pid"
at_end=$(ticks); throttled > "$work/throttled-after"

payments=$((rate * seconds))
cat "$work/steady.log"
echo "server CPU per payment (both instances): $(us_per_payment $((at_end - at_measuring)) $payments) us while measuring," \
  "$(us_per_payment $((at_end - at_ready)) $((payments + rate * warmup))) us with the warm-up"
for p in $pids; do echo "RSS $(tr '\0' ' ' < "/proc/$p/cmdline" | grep -o 'api[12]' | head -1): $(awk '/VmRSS/{print $2, $3}' "/proc/$p/status")"; done
join "$work/throttled-before" "$work/throttled-after" | while read -r group before after; do
  echo "throttled while measuring, $group: $((after - before))"
done
gc
