#!/usr/bin/env bash
# Compares backends under the official load, side by side: for each round, each backend in turn gets a fresh
# `up --limits` stack (HAProxy, the instances and two cost-modelled emulators under the compose file's cgroup
# limits) and one `bench` run of the scenario; rounds alternate the backends so that the machine's drift falls on
# all of them alike. Prints every run, then the medians per backend.
#   usage: sudo scripts/compare.sh [--scenario preview|final|mixed|FILE] [--runs N] [--out DIR] [--up "ARGS"]
#                                  [--bench "ARGS"] [--port N] [--processor-ports A,B] NAME=BACKEND...
#     BACKEND  `relay` (the minimal relay, the floor), or a directory holding a published PayRelay.Server.dll
#              (scripts/publish.sh --output DIR), e.g. payrelay=artifacts/publish/PayRelay.Server relay=relay;
#              `,`-separated `up` arguments may follow for that backend only: memory=DIR,--journal,off or
#              pg3=DIR,--store,postgres,--instances,3
#     --runs   rounds (default 3); --out  where each run's bench output goes (default bench-results/compare-<time>)
#     --up / --bench  extra arguments for every `up` / `bench` (e.g. --up "--processor-cost off")
#     --port / --processor-ports  where `up` serves and `bench` calls (default 9999 and 8001,8002), so that a
#              comparison can run beside another stack
# The final and mixed scenarios get the final's fees (up --fees 0.07,0.10). Columns: POST p99 as the official
# script rounds it (every request), the slowest payment, lag, payments via default / fallback, total_liquido,
# inconsistencies, the backend's CPU per request (its instances' GET /status), the database's (a backend whose `up`
# runs PostgreSQL: every process of the cluster, from /proc, sampled every 0.5 s over the same window, the load's
# start to its end; `-` without one), their total, and the load generator's.
# Root (cgroup v1 limits). Needs the Release build (dotnet build -c Release PayRelay.slnx) and haproxy
# (scripts/install-deps.sh); PostgreSQL (Debian's postgresql) for a backend run with --store postgres.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
scenario=preview runs=3 out='' up_extra='' bench_extra='' port=9999 processor_ports=8001,8002
backends=()
while [ "$#" -gt 0 ]; do
  case "$1" in
    --scenario) scenario=$2; shift ;;
    --runs) runs=$2; shift ;;
    --out) out=$2; shift ;;
    --up) up_extra=$2; shift ;;
    --bench) bench_extra=$2; shift ;;
    --port) port=$2; shift ;;
    --processor-ports) processor_ports=$2; shift ;;
    -h | --help) sed -n '2,22p' "$0"; exit 0 ;;
    *=*) backends+=("$1") ;;
    *) echo "compare.sh: unknown argument: $1 (backends are NAME=relay or NAME=DIR)" >&2; exit 2 ;;
  esac
  shift
done
[[ $port =~ ^[0-9]+$ && $processor_ports =~ ^[0-9]+,[0-9]+$ ]] ||
  { echo "compare.sh: --port takes a port and --processor-ports two, e.g. --port 18300 --processor-ports 18301,18302" >&2; exit 2; }
[ "${#backends[@]}" -gt 0 ] || { echo "compare.sh: name at least one backend, e.g. payrelay=artifacts/publish/PayRelay.Server relay=relay" >&2; exit 2; }
for b in "${backends[@]}"; do
  spec=${b#*=}; spec=${spec%%,*}
  [ "$spec" = relay ] || [ -f "$spec/PayRelay.Server.dll" ] || { echo "compare.sh: $spec/PayRelay.Server.dll is missing (scripts/publish.sh --output $spec)" >&2; exit 2; }
done
bench=$root/src/PayRelay.Bench/bin/Release/net10.0/PayRelay.Bench.dll
[ -f "$bench" ] || { echo "compare.sh: $bench is missing (dotnet build -c Release PayRelay.slnx)" >&2; exit 2; }
out=${out:-$root/bench-results/compare-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$out"
fees=()
# shellcheck disable=SC2054 # one argument, two fees
case "$scenario" in final | mixed) fees=(--fees 0.07,0.10) ;; esac
ports=(--port "$port" --processor-ports "$processor_ports")
processors=http://127.0.0.1:${processor_ports%,*},http://127.0.0.1:${processor_ports#*,}
# shellcheck source=scripts/measure.sh
. "$root/scripts/measure.sh"

# sample_cluster PID FILE: the PostgreSQL cluster's CPU ticks every half second, stamped with the wall clock, until
# killed; the run's window is cut out of it afterwards (the bench says when its load started and how long it ran).
sample_cluster() {
  local LC_NUMERIC=C
  while :; do cluster_ticks "$1"; echo "$EPOCHREALTIME $CLUSTER_TICKS"; sleep 0.5; done > "$2"
}

up_pid='' sampler_pid=''
stop_sampler() { if [ -n "$sampler_pid" ]; then kill "$sampler_pid" 2>/dev/null || true; wait "$sampler_pid" 2>/dev/null || true; sampler_pid=; fi; }
stop_up() { stop_sampler; if [ -n "$up_pid" ]; then kill -TERM "$up_pid" 2>/dev/null || true; wait "$up_pid" 2>/dev/null || true; up_pid=; fi; }
trap stop_up EXIT

run_one() { # NAME SPEC[,UP-ARG...] ROUND
  local name=$1 spec=${2%%,*} round=$3 dir="$out/$1-$3" log own=()
  [ "$2" = "$spec" ] || IFS=, read -ra own <<< "${2#*,}"
  local args=(up --limits --no-build "${ports[@]}" "${fees[@]}" "${own[@]}")
  if [ "$spec" = relay ]; then args+=(--backend relay); else args+=(--server-dir "$(cd "$spec" && pwd)"); fi
  # shellcheck disable=SC2206 # the extra arguments are meant to split
  args+=($up_extra)
  log="$out/$name-$round.up.log"
  dotnet "$bench" "${args[@]}" > "$log" 2>&1 & up_pid=$!
  for _ in $(seq 1 120); do grep -q 'bench --' "$log" && break; kill -0 "$up_pid" 2>/dev/null || break; sleep 1; done
  grep -q 'bench --' "$log" || { echo "compare.sh: the stack for $name did not come up:" >&2; tail -20 "$log" >&2; exit 1; }
  # The instances' own /status (the banner's --status), so each one's queue, limits and CPU are read, not one at random.
  local status postmaster ticks=
  status=$(grep -o -- '--status [^ ]*' "$log" | head -1 | cut -d' ' -f2)
  postmaster=$(postmaster_pid "$log")
  if [ -n "$postmaster" ]; then
    ticks="$out/$name-$round.db-ticks"
    sample_cluster "$postmaster" "$ticks" & sampler_pid=$!
  fi
  # shellcheck disable=SC2086
  dotnet "$bench" bench --scenario "$scenario" --out "$dir" --backend "http://127.0.0.1:$port" --processors "$processors" \
    ${status:+--status "$status"} $bench_extra > "$out/$name-$round.bench.log" 2>&1 || true
  stop_up
  python3 - "$dir" "$name" "$round" "$ticks" "$(getconf CLK_TCK)" <<'EOF'
import json, os, sys, glob
from datetime import datetime
d, name, rnd, ticks_file, hz = sys.argv[1:6]
res = next((json.load(open(p)) for p in glob.glob(os.path.join(d, '*results.json'))), None)
run = json.load(open(os.path.join(d, 'run.json'))) if os.path.exists(os.path.join(d, 'run.json')) else None
if res is None or run is None:
    print(f"{name}\t{rnd}\tno results (see {d})"); sys.exit()
backend_us = run.get('backendMicrosecondsPerRequest')
# The requests the backend's CPU is divided by (payments and summaries), so the database's is per the same request.
requests = run['backendCpuSeconds'] * 1e6 / backend_us if backend_us else run['requests']
db_us = None
if ticks_file:
    samples = [tuple(map(float, l.split())) for l in open(ticks_file) if len(l.split()) == 2]
    def at(t):  # the cluster's ticks at wall-clock time t, interpolated between the samples around it
        before = [s for s in samples if s[0] <= t]; after = [s for s in samples if s[0] >= t]
        if not before or not after:
            return None
        (t0, v0), (t1, v1) = before[-1], after[0]
        return v0 if t1 == t0 else v0 + (v1 - v0) * (t - t0) / (t1 - t0)
    start = datetime.fromisoformat(run['startedAt'].replace('Z', '+00:00')).timestamp()
    first, last = at(start), at(start + run['durationSeconds'])
    if first is not None and last is not None and requests:
        db_us = (last - first) / int(hz) * 1e6 / requests
    else:
        print(f"compare.sh: {ticks_file} does not cover the run's window", file=sys.stderr)
total_us = None if backend_us is None else backend_us + (db_us or 0)
row = dict(name=name, round=int(rnd), p99=float(res['p99']['valor'].rstrip('ms')), max=run['paymentMaxMs'],
           lag=res['lag']['lag'], default=res['pagamentos_realizados_default']['num_pagamentos'],
           fallback=res['pagamentos_realizados_fallback']['num_pagamentos'], score=float(res['total_liquido']),
           inconsistencies=res['multa']['composicao']['num_inconsistencias'],
           backend_us=backend_us, db=bool(ticks_file), db_us=db_us, total_us=total_us,
           generator_us=run['generatorMicrosecondsPerRequest'])
with open(os.path.join(os.path.dirname(d), 'runs.jsonl'), 'a') as f:
    f.write(json.dumps(row) + '\n')
EOF
}

for round in $(seq 1 "$runs"); do
  for b in "${backends[@]}"; do
    echo "round $round: ${b%%=*} ($(date -u +%H:%M:%S))"
    run_one "${b%%=*}" "${b#*=}" "$round"
  done
done

python3 - "$out/runs.jsonl" "$scenario" <<'EOF'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
cols = ['p99', 'max', 'lag', 'default', 'fallback', 'score', 'inconsistencies', 'backend_us', 'db_us', 'total_us', 'generator_us']
head = ['backend', 'round', 'p99 ms', 'max ms', 'lag', 'default', 'fallback', 'total_liquido', 'inconsist.', 'backend µs/req',
        'db µs/req', 'total µs/req', 'generator µs/req']
def fmt(v, c, r):
    if v is None:  # `-`: the backend has no database; `—`: a figure that is missing
        return '-' if c == 'db_us' and not r.get('db') else '—'
    return f'{v:,.2f}' if isinstance(v, float) else f'{v:,}'
def table(lines):  # Markdown, padded so that the columns line up in a terminal too
    widths = [max(len(l[i]) for l in lines) for i in range(len(lines[0]))]
    out = ['| ' + ' | '.join(c.ljust(w) for c, w in zip(l, widths)) + ' |' for l in lines]
    out.insert(1, '|' + '|'.join('-' * (w + 2) for w in widths) + '|')
    print('\n'.join(out))
print(f"\nscenario {sys.argv[2]}, every run in order:")
table([head] + [[r['name'], str(r['round'])] + [fmt(r.get(c), c, r) for c in cols] for r in rows])
print("\nmedians:")
lines = [[head[0], 'runs'] + head[2:]]
for name in dict.fromkeys(r['name'] for r in rows):
    mine = [r for r in rows if r['name'] == name]
    med = []
    for c in cols:
        vals = [r[c] for r in mine if r.get(c) is not None]
        med.append(fmt(statistics.median(vals) if vals else None, c, mine[0]))
    lines.append([name, str(len(mine))] + med)
table(lines)
EOF
echo "runs: $out"
