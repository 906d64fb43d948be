#!/usr/bin/env bash
# Compares backends under the official load, side by side: for each round, each backend in turn gets a fresh
# `up --limits` stack (HAProxy, two instances and two cost-modelled emulators under the compose file's cgroup
# limits) and one `bench` run of the scenario; rounds alternate the backends so that the machine's drift falls on
# all of them alike. Prints every run, then the medians per backend.
#   usage: sudo scripts/compare.sh [--scenario preview|final|mixed|FILE] [--runs N] [--out DIR] [--up "ARGS"]
#                                  [--bench "ARGS"] NAME=BACKEND...
#     BACKEND  `relay` (the minimal relay, the floor), or a directory holding a published PayRelay.Server.dll
#              (scripts/publish.sh --output DIR), e.g. payrelay=artifacts/publish/PayRelay.Server relay=relay;
#              `,`-separated `up` arguments may follow for that backend only: memory=DIR,--journal,off
#     --runs   rounds (default 3); --out  where each run's bench output goes (default bench-results/compare-<time>)
#     --up / --bench  extra arguments for every `up` / `bench` (e.g. --up "--processor-cost off")
# The final and mixed scenarios get the final's fees (up --fees 0.07,0.10). Columns: POST p99 as the official
# script rounds it (every request), the slowest payment, lag, payments via default / fallback, total_liquido,
# inconsistencies, and the backend's and the load generator's CPU per request.
# Root (cgroup v1 limits). Needs the Release build (dotnet build -c Release PayRelay.slnx) and haproxy
# (scripts/install-deps.sh). Uses :9999, :8001 and :8002.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
scenario=preview runs=3 out= up_extra= bench_extra=
backends=()
while [ "$#" -gt 0 ]; do
  case "$1" in
    --scenario) scenario=$2; shift ;;
    --runs) runs=$2; shift ;;
    --out) out=$2; shift ;;
    --up) up_extra=$2; shift ;;
    --bench) bench_extra=$2; shift ;;
    -h | --help) sed -n '2,16p' "$0"; exit 0 ;;
    *=*) backends+=("$1") ;;
    *) echo "compare.sh: unknown argument: $1 (backends are NAME=relay or NAME=DIR)" >&2; exit 2 ;;
  esac
  shift
done
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
case "$scenario" in final | mixed) fees=(--fees 0.07,0.10) ;; esac

up_pid=
stop_up() { if [ -n "$up_pid" ]; then kill -TERM "$up_pid" 2>/dev/null || true; wait "$up_pid" 2>/dev/null || true; up_pid=; fi; }
trap stop_up EXIT

run_one() { # NAME SPEC[,UP-ARG...] ROUND
  local name=$1 spec=${2%%,*} round=$3 dir="$out/$1-$3" log own=()
  [ "$2" = "$spec" ] || IFS=, read -ra own <<< "${2#*,}"
  local args=(up --limits --no-build "${fees[@]}" "${own[@]}")
  if [ "$spec" = relay ]; then args+=(--backend relay); else args+=(--server-dir "$(cd "$spec" && pwd)"); fi
  # shellcheck disable=SC2206 # the extra arguments are meant to split
  args+=($up_extra)
  log="$out/$name-$round.up.log"
  dotnet "$bench" "${args[@]}" > "$log" 2>&1 & up_pid=$!
  for _ in $(seq 1 120); do grep -q 'bench --' "$log" && break; kill -0 "$up_pid" 2>/dev/null || break; sleep 1; done
  grep -q 'bench --' "$log" || { echo "compare.sh: the stack for $name did not come up:" >&2; tail -20 "$log" >&2; exit 1; }
  # The instances' own /status (the banner's --status), so each one's queue, limits and CPU are read, not one at random.
  local status
  status=$(grep -o -- '--status [^ ]*' "$log" | head -1 | cut -d' ' -f2)
  # shellcheck disable=SC2086
  dotnet "$bench" bench --scenario "$scenario" --out "$dir" ${status:+--status "$status"} $bench_extra > "$out/$name-$round.bench.log" 2>&1 || true
  stop_up
  python3 - "$dir" "$name" "$round" <<'EOF'
import json, os, sys, glob
d, name, rnd = sys.argv[1:4]
res = next((json.load(open(p)) for p in glob.glob(os.path.join(d, '*results.json'))), None)
run = json.load(open(os.path.join(d, 'run.json'))) if os.path.exists(os.path.join(d, 'run.json')) else None
if res is None or run is None:
    print(f"{name}\t{rnd}\tno results (see {d})"); sys.exit()
row = dict(name=name, round=int(rnd), p99=float(res['p99']['valor'].rstrip('ms')), max=run['paymentMaxMs'],
           lag=res['lag']['lag'], default=res['pagamentos_realizados_default']['num_pagamentos'],
           fallback=res['pagamentos_realizados_fallback']['num_pagamentos'], score=float(res['total_liquido']),
           inconsistencies=res['multa']['composicao']['num_inconsistencias'],
           backend_us=run.get('backendMicrosecondsPerRequest'), generator_us=run['generatorMicrosecondsPerRequest'])
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
cols = ['p99', 'max', 'lag', 'default', 'fallback', 'score', 'inconsistencies', 'backend_us', 'generator_us']
head = ['backend', 'round', 'p99 ms', 'max ms', 'lag', 'default', 'fallback', 'total_liquido', 'inconsist.', 'backend µs/req', 'generator µs/req']
fmt = lambda v: '—' if v is None else (f'{v:,.2f}' if isinstance(v, float) else f'{v:,}')
print(f"\nscenario {sys.argv[2]}, every run in order:")
print('| ' + ' | '.join(head) + ' |'); print('|' + '---|' * len(head))
for r in rows:
    print('| ' + ' | '.join([r['name'], str(r['round'])] + [fmt(r[c]) for c in cols]) + ' |')
print("\nmedians:")
print('| ' + ' | '.join([head[0], 'runs'] + head[2:]) + ' |'); print('|' + '---|' * (len(head)))
for name in dict.fromkeys(r['name'] for r in rows):
    mine = [r for r in rows if r['name'] == name]
    med = []
    for c in cols:
        vals = [r[c] for r in mine if r[c] is not None]
        med.append(statistics.median(vals) if vals else None)
    print('| ' + ' | '.join([name, str(len(mine))] + [fmt(v) for v in med]) + ' |')
EOF
echo "runs: $out"
