#!/usr/bin/env bash
# Scale-out, side by side (issue 19's targets): for each configuration (by default the embedded pair and 1, 2 and 3
# instances on PostgreSQL), a fresh `up --limits` stack (HAProxy, the instances, the database and two cost-modelled
# emulators under the compose file's cgroup limits), a warm-up, then `steady` at a ladder of rates,
# open loop through the balancer. Per step: the rate achieved (2xx a second), POST p50 and p99, the requests that got
# no 2xx, and the CPU per payment (per 2xx) of the instances, of the database (every process of the cluster), of
# their total, of the emulators and of the balancer, from /proc over the step's measured window. Then, per
# configuration, the low-load p99 (the lowest rate's) and the knee: the highest rate whose p99 is at most twice that
# with every request answered 2xx, and the first rate above it. A configuration stops climbing when a step has a request without a 2xx, or a p99
# above ten times its low-load p99 (it says so). Rounds alternate the configurations, so the machine's drift falls
# on all of them alike; with several rounds the summary takes each rate's median.
#   usage: sudo scripts/scale.sh [--server-dir DIR] [--configs embedded,pg1,pg2,pg3] [--rounds N] [--rates R,R,...]
#                                [--step-seconds N] [--warmup N] [--step-warmup N] [--out DIR] [--up "ARGS"]
#                                [--port N] [--processor-ports A,B]
#          scripts/scale.sh --report DIR   (the tables again, from DIR/steps.jsonl)
#     --server-dir  the published server (default artifacts/publish/PayRelay.Server, from scripts/publish.sh)
#     --configs     `embedded` (the pair), `pgN` (--store postgres --instances N), or NAME=ARG,ARG... (`up` arguments)
#     --rounds      rounds (default 1); --rates  the ladder, per second (default 200,400,600,800,1000,1200)
#     --step-seconds  measured seconds a step (default 20); --warmup  seconds at the lowest rate once per stack (60:
#                   the instances' tier-up JIT under a 0.25-0.65 CPU quota throttles them for most of the first minute,
#                   which made a PostgreSQL stack's low-load p99 40-50 ms after 10 s and 4 ms after 60);
#     --step-warmup   seconds at the step's rate before it is measured, to warm the load generator's own process (2)
#     --out         the per-step results (steps.jsonl), each stack's and step's log (default bench-results/scale-<time>)
#     --up          extra arguments for every `up`; --port / --processor-ports  default 9999 and 8001,8002
# Root (cgroup v1 limits). Needs the Release build (dotnet build -c Release PayRelay.slnx), haproxy and PostgreSQL
# (scripts/install-deps.sh; Debian's postgresql). Defaults take about 4 minutes a configuration and round.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
server_dir=$root/artifacts/publish/PayRelay.Server configs=embedded,pg1,pg2,pg3 rounds=1 rates=200,400,600,800,1000,1200
step_seconds=20 warmup=60 step_warmup=2 out='' up_extra='' port=9999 processor_ports=8001,8002 report_dir=''
while [ "$#" -gt 0 ]; do
  case "$1" in
    --server-dir) server_dir=$2; shift ;;
    --configs) configs=$2; shift ;;
    --rounds) rounds=$2; shift ;;
    --rates) rates=$2; shift ;;
    --step-seconds) step_seconds=$2; shift ;;
    --warmup) warmup=$2; shift ;;
    --step-warmup) step_warmup=$2; shift ;;
    --out) out=$2; shift ;;
    --up) up_extra=$2; shift ;;
    --port) port=$2; shift ;;
    --processor-ports) processor_ports=$2; shift ;;
    --report) report_dir=$2; shift ;;
    -h | --help) sed -n '2,26p' "$0"; exit 0 ;;
    *) echo "scale.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done

# report STEPS.JSONL: every step, then per configuration the low-load p99, the knee and the cost there, as Markdown.
report() {
  [ -s "$1" ] || { echo "scale.sh: $1 holds no steps" >&2; exit 1; }
python3 - "$1" <<'EOF'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
def f(v, digits=0):
    return '-' if v is None else f'{v:,.{digits}f}'
def table(lines):  # Markdown, padded so that the columns line up in a terminal too
    widths = [max(len(l[i]) for l in lines) for i in range(len(lines[0]))]
    out = ['| ' + ' | '.join(c.ljust(w) for c, w in zip(l, widths)) + ' |' for l in lines]
    out.insert(1, '|' + '|'.join('-' * (w + 2) for w in widths) + '|')
    print('\n'.join(out))

print('\nevery step (CPU in us per payment, from /proc over the measured window):')
head = ['config', 'round', 'rate/s', 'achieved/s', 'p50 ms', 'p99 ms', 'no 2xx', 'instances', 'db', 'instances+db', 'emulators', 'balancer', 'note']
lines = [head]
for r in rows:
    lines.append([r['config'], str(r['round']), str(r['rate']), f(r.get('achieved')), f(r.get('p50'), 2), f(r.get('p99'), 2),
                  f(r.get('errors')), f(r.get('instances_us')), f(r.get('db_us')), f(r.get('total_us')), f(r.get('emulators_us')),
                  f(r.get('lb_us')), r.get('stop') or r.get('note') or r.get('failed') or ''])
table(lines)

def median(vals):
    vals = [v for v in vals if v is not None]
    return statistics.median(vals) if vals else None

print('\nper configuration (medians over rounds at each rate; the knee: the highest rate whose p99 <= 2x the low-load p99,'
      ' every request answered 2xx; CPU in us per payment at the knee):')
head = ['config', 'rounds', 'low-load p99 ms', 'knee rate/s', 'achieved/s', 'p99 ms', 'first rate above', 'its p99 ms',
        'instances us', 'db us', 'instances+db us', 'emulators us', 'stopped']
lines = [head]
for name in dict.fromkeys(r['config'] for r in rows):
    mine = [r for r in rows if r['config'] == name and 'p99' in r]
    ladder = sorted(set(max((r.get('ladder') or [] for r in rows if r['config'] == name), key=len)) | {r['rate'] for r in mine})
    at = {}
    for rate in ladder:
        steps = [r for r in mine if r['rate'] == rate]
        if steps:
            at[rate] = {k: median([s.get(k) for s in steps]) for k in ('achieved', 'p99', 'instances_us', 'db_us', 'total_us', 'emulators_us')}
            at[rate]['errors'] = sum(s['errors'] for s in steps)
    stops = sorted({f"round {r['round']} at {r['rate']}/s: {r['stop']}" for r in rows if r['config'] == name and r.get('stop')})
    rounds = len({r['round'] for r in rows if r['config'] == name})
    if not at:
        lines.append([name, str(rounds)] + ['-'] * (len(head) - 3) + ['; '.join(stops)]); continue
    low = at[min(at)]['p99']
    # A rate where any request went without a 2xx is past the knee whatever its p99.
    within = [rate for rate in at if at[rate]['p99'] <= 2 * low and not at[rate]['errors']]
    if not within:
        lines.append([name, str(rounds), f(low, 2), '-', '-', '-', str(min(at)), f(at[min(at)]['p99'], 2)] + ['-'] * 4 + ['; '.join(stops)]); continue
    knee = max(within)
    above = [rate for rate in at if rate > knee]
    first = min(above) if above else None
    k = at[knee]
    lines.append([name, str(rounds), f(low, 2), str(knee), f(k['achieved']), f(k['p99'], 2),
                  str(first) if first else ('none measured' if knee < ladder[-1] else f'> {ladder[-1]}'), f(at[first]['p99'], 2) if first else '-',
                  f(k['instances_us']), f(k['db_us']), f(k['total_us']), f(k['emulators_us']), '; '.join(stops)])
table(lines)
EOF
}

if [ -n "$report_dir" ]; then report "$report_dir/steps.jsonl"; exit 0; fi

number() { [[ $2 =~ ^[0-9]+$ ]] || { echo "scale.sh: $1 takes a whole number, not '$2'" >&2; exit 2; }; }
number --rounds "$rounds"; number --step-seconds "$step_seconds"; number --warmup "$warmup"; number --step-warmup "$step_warmup"; number --port "$port"
{ [ "$rounds" -ge 1 ] && [ "$step_seconds" -ge 1 ]; } || { echo "scale.sh: --rounds and --step-seconds are at least 1" >&2; exit 2; }
[[ $processor_ports =~ ^[0-9]+,[0-9]+$ ]] || { echo "scale.sh: --processor-ports takes two ports, e.g. 18301,18302" >&2; exit 2; }
[[ $rates =~ ^[0-9]+(,[0-9]+)*$ ]] || { echo "scale.sh: --rates is a list of rates a second, e.g. 200,400,600" >&2; exit 2; }
mapfile -t ladder < <(tr ',' '\n' <<< "$rates" | sort -n | uniq)
[ "${ladder[0]}" -ge 1 ] || { echo "scale.sh: a rate is at least 1 a second" >&2; exit 2; }
IFS=, read -ra config_list <<< "$configs"
for c in "${config_list[@]}"; do
  case "$c" in
    embedded | pg[1-9] | pg[1-9][0-9] | ?*=*) ;;
    *) echo "scale.sh: --configs: '$c' is neither embedded, pgN nor NAME=UP-ARGS" >&2; exit 2 ;;
  esac
done
bench=$root/src/PayRelay.Bench/bin/Release/net10.0/PayRelay.Bench.dll
for f in "$server_dir/PayRelay.Server.dll" "$bench"; do
  [ -f "$f" ] || { echo "scale.sh: $f is missing (dotnet build -c Release PayRelay.slnx; scripts/publish.sh)" >&2; exit 2; }
done
server_dir=$(cd "$server_dir" && pwd)
out=${out:-$root/bench-results/scale-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$out"
out=$(cd "$out" && pwd)
backend=http://127.0.0.1:$port
hz=$(getconf CLK_TCK)
# shellcheck source=scripts/measure.sh
. "$root/scripts/measure.sh"

up_pid=
stop_up() { if [ -n "$up_pid" ]; then kill -TERM "$up_pid" 2>/dev/null || true; wait "$up_pid" 2>/dev/null || true; up_pid=; fi; }
trap stop_up EXIT

up_args() { # CONFIG: the `up` arguments of one configuration
  case "$1" in
    embedded) ;;
    pg*) echo "--store postgres --instances ${1#pg}" ;;
    *=*) tr ',' ' ' <<< "${1#*=}" ;;
  esac
}

# The stack's processes by role (instances, database, emulators, balancer), from up's control channel and banner.
inst=() emu=() lb=() postmaster=
find_processes() {
  local name pid
  inst=() emu=() lb=()
  while read -r name pid; do
    case "$name" in
      processor-*) emu+=("$pid") ;;
      haproxy | nginx | load-balancer | lb) lb+=("$pid") ;;
      *) inst+=("$pid") ;;
    esac
  done < <(stack_pids "$port")
}

# snapshot: the ticks of each role now, "instances database emulators balancer"; forks nothing.
snapshot() {
  local i d e
  sum_ticks "${inst[@]}"; i=$SUM_TICKS
  d=0; if [ -n "$postmaster" ]; then cluster_ticks "$postmaster"; d=$CLUSTER_TICKS; fi
  sum_ticks "${emu[@]}"; e=$SUM_TICKS
  sum_ticks "${lb[@]}"
  echo "$i $d $e $SUM_TICKS"
}

run_stack() { # CONFIG ROUND
  local config=$1 round=$2 name=${1%%=*} log low='' rate step begin end pids_before pids_after stop
  log="$out/$name-$round.up.log"
  # shellcheck disable=SC2046,SC2086 # the arguments are meant to split
  dotnet "$bench" up --limits --no-build --server-dir "$server_dir" --port "$port" --processor-ports "$processor_ports" \
    $(up_args "$config") $up_extra > "$log" 2>&1 & up_pid=$!
  for _ in $(seq 1 240); do grep -q 'bench --' "$log" && break; kill -0 "$up_pid" 2>/dev/null || break; sleep 1; done
  grep -q 'bench --' "$log" || { echo "scale.sh: the stack for $name did not come up:" >&2; tail -20 "$log" >&2; exit 1; }
  postmaster=$(postmaster_pid "$log")
  find_processes
  echo "  ${#inst[@]} instance(s)${postmaster:+, PostgreSQL (postmaster $postmaster)}; warm-up ${warmup} s at ${ladder[0]}/s"
  if [ "$warmup" -gt 0 ]; then
    dotnet "$bench" steady --backend "$backend" --rate "${ladder[0]}" --seconds "$warmup" --warmup 0 > "$out/$name-$round.warmup.log" 2>&1 || true
  fi
  for rate in "${ladder[@]}"; do
    step="$out/$name-$round-$rate"
    pids_before="${inst[*]} ${emu[*]} ${lb[*]} $postmaster"
    # The window opens when steady says it is measuring (after its own warm-up) and closes when it has every answer.
    dotnet "$bench" steady --backend "$backend" --rate "$rate" --seconds "$step_seconds" --warmup "$step_warmup" 2>&1 |
      while IFS= read -r line; do
        [[ $line == measuring* ]] && snapshot > "$step.begin"
        printf '%s\n' "$line"
      done > "$step.log" || true
    end=$(snapshot)
    find_processes
    pids_after="${inst[*]} ${emu[*]} ${lb[*]} $postmaster"
    begin=$(cat "$step.begin" 2>/dev/null || true)
    stop=$(python3 - "$step.log" "$name" "$round" "$rate" "$step_seconds" "${#inst[@]}" "$begin" "$end" "$hz" \
      "$([ "$pids_before" = "$pids_after" ] && echo same || echo changed)" "$low" "$([ -n "$postmaster" ] && echo db)" "$out/steps.jsonl" "${ladder[*]}" <<'EOF'
import json, re, sys
log, name, rnd, rate, seconds, instances, begin, end, hz, pids, low, db, jsonl, ladder = sys.argv[1:15]
text = open(log).read()
sent = re.search(r'^sent (\d+) in ([\d.]+) s \(\d+/s\); (.*)$', text, re.M)
lat = re.search(r'^latency ms: p50 ([\d.]+)\s+p99 ([\d.]+)\s+p99\.9 ([\d.]+)\s+max ([\d.]+)', text, re.M)
row = dict(config=name, round=int(rnd), rate=int(rate), seconds=int(seconds), instances=int(instances),
           ladder=[int(r) for r in ladder.split()])
if not sent or not lat or not begin:
    row['failed'] = 'steady did not report (see ' + log + ')'
else:
    statuses = {k: int(v) for k, v in (s.split('x') for s in sent.group(3).split(', ') if 'x' in s)}
    accepted = sum(v for k, v in statuses.items() if k.isdigit() and 200 <= int(k) < 300)
    elapsed = float(sent.group(2))
    row.update(sent=int(sent.group(1)), accepted=accepted, errors=int(sent.group(1)) - accepted, statuses=statuses,
               elapsed=elapsed, achieved=accepted / elapsed if elapsed else 0.0,
               p50=float(lat.group(1)), p99=float(lat.group(2)), p999=float(lat.group(3)), max=float(lat.group(4)))
    if pids != 'same':
        row['note'] = 'a service restarted during the step: no CPU figures'
    elif accepted:
        deltas = [(int(e) - int(b)) / int(hz) * 1e6 / accepted for b, e in zip(begin.split(), end.split())]
        row.update(instances_us=deltas[0], db_us=deltas[1] if db else None, emulators_us=deltas[2], lb_us=deltas[3],
                   total_us=deltas[0] + (deltas[1] if db else 0))
    low_p99 = float(low) if low else row['p99']
    if row['errors']:
        row['stop'] = f"{row['errors']} request(s) without a 2xx"
    elif row['p99'] > 10 * low_p99:
        row['stop'] = f"p99 {row['p99']:.1f} ms is above 10x the low-load {low_p99:.1f} ms"
with open(jsonl, 'a') as f:
    f.write(json.dumps(row) + '\n')
print(row.get('stop') or row.get('failed') or '', end='')
fmt = lambda k: f"{row[k]:.0f}" if row.get(k) is not None else '-'
if 'p99' in row:
    print(f"    {rate}/s: {row['achieved']:.0f}/s, p50 {row['p50']:.2f} ms, p99 {row['p99']:.2f} ms, {row['errors']} without a 2xx;"
          f" us/payment: instances {fmt('instances_us')}, db {fmt('db_us')}, emulators {fmt('emulators_us')}, balancer {fmt('lb_us')}",
          file=sys.stderr)
EOF
    )
    [ -n "$low" ] || low=$(python3 -c "import json,sys; r=[json.loads(l) for l in open(sys.argv[1])][-1]; print(r.get('p99',''))" "$out/steps.jsonl")
    if [ -n "$stop" ]; then
      echo "  $name stops climbing at $rate/s: $stop"
      break
    fi
  done
  stop_up
}

for round in $(seq 1 "$rounds"); do
  for config in "${config_list[@]}"; do
    echo "round $round: ${config%%=*} ($(date -u +%H:%M:%S))"
    run_stack "$config" "$round"
  done
done

report "$out/steps.jsonl"
echo "steps: $out/steps.jsonl"
