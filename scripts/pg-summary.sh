#!/usr/bin/env bash
# The summary of a STORE=postgres deployment over N confirmed payments (issue 19's target: 1,000,000 in < 50 ms).
# Starts a throwaway PostgreSQL cluster from Debian's package in a temp directory (unix socket only), lets
# PayRelay.Server create its schema (STORE=postgres), inserts N confirmed payments with generate_series spread over
# 1000 s on both processors, vacuums, then times the instances' own summary statement: the whole range and a 15 s
# window (what the auditors ask), each run --runs times, and prints EXPLAIN ANALYZE of the whole range.
#   usage: scripts/pg-summary.sh [--rows N] [--runs N]
# Needs postgresql (scripts/install-deps.sh) and the Release build of PayRelay.Server. As root the cluster runs as
# the postgres user.
set -euo pipefail
rows=1000000 runs=10
while [ "$#" -gt 0 ]; do
  case "$1" in
    --rows) rows=$2; shift ;;
    --runs) runs=$2; shift ;;
    -h | --help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "pg-summary.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
cd "$(dirname "$0")/.."
server=src/PayRelay.Server/bin/Release/net10.0/PayRelay.Server.dll
[ -f "$server" ] || { echo "pg-summary.sh: no $server: dotnet build -c Release PayRelay.slnx first" >&2; exit 2; }
bin=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/postgres | sort -V | tail -1)")
[ -x "$bin/initdb" ] || { echo "pg-summary.sh: no PostgreSQL: apt-get install postgresql" >&2; exit 2; }
dir=$(mktemp -d /tmp/payrelay-pgsum-XXXXXX)
as=()
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir"; as=(runuser -u postgres --); fi
port=24510
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
"${as[@]}" "$bin/initdb" -D "$dir/data" -U payrelay --auth=trust --no-sync -E UTF8 --locale=C >/dev/null
"${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start \
  -o "-k $dir -p $port -c listen_addresses='' -c shared_buffers=128MB" >/dev/null
psql=("${as[@]}" "$bin/psql" -h "$dir" -p "$port" -U payrelay -d postgres -v ON_ERROR_STOP=1 -qAt)

STORE=postgres POSTGRES_URL="Host=$dir;Port=$port;Username=payrelay;Database=postgres" INSTANCE_ID=bench \
  dotnet "$server" --urls "http://unix:$dir/api.sock" >"$dir/api.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 300); do [ -S "$dir/api.sock" ] && break; sleep 0.1; done
[ -S "$dir/api.sock" ] || { cat "$dir/api.log" >&2; exit 1; }
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=

start=1764000000000
"${psql[@]}" -c "INSERT INTO payments (correlation_id, amount_cents, lease_owner, processor, requested_at, done)
  SELECT md5(i::text)::uuid, 1990, 'bench', (i % 2)::smallint, $start + (i::bigint * 1000000 / $rows), true
  FROM generate_series(1, $rows) AS i" \
  -c "INSERT INTO payments_per_second (processor, second, count, cents)
  SELECT processor, floor(requested_at / 1000.0)::bigint, count(*), sum(amount_cents)::bigint
  FROM payments WHERE processor IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2" \
  -c "VACUUM ANALYZE payments" -c "VACUUM ANALYZE payments_per_second"

# The statement PostgresStore.SummarizeAsync runs: edge seconds from the rows, whole seconds from the rollup.
# Parameters as SummaryBounds computes them (non-negative times here): from, first edge end, last edge start,
# last edge end, first second, last second.
summary="SELECT processor, sum(n)::bigint, sum(c)::bigint FROM (
    SELECT processor, count(*) AS n, sum(amount_cents) AS c FROM payments
    WHERE processor IS NOT NULL AND requested_at BETWEEN \$1 AND \$2 GROUP BY processor
    UNION ALL
    SELECT processor, count(*), sum(amount_cents) FROM payments
    WHERE processor IS NOT NULL AND requested_at BETWEEN \$3 AND \$4 GROUP BY processor
    UNION ALL
    SELECT processor, sum(count), sum(cents) FROM payments_per_second
    WHERE second > \$5 AND second < \$6 GROUP BY processor) t
  GROUP BY processor"
bounds() { # $1 from, $2 to (ms, non-negative) -> the six parameters
  local fs=$(($1 / 1000)) ls=$(($2 / 1000))
  if [ "$ls" -le "$fs" ]; then echo "$1, $2, 0, -1, $fs, $ls"; else echo "$1, $(((fs + 1) * 1000 - 1)), $((ls * 1000)), $2, $fs, $ls"; fi
}
time_it() { # $1 label, $2 from, $3 to
  local out
  out=$("${psql[@]}" <<SQL
PREPARE s(bigint, bigint, bigint, bigint, bigint, bigint) AS $summary;
EXECUTE s($(bounds "$2" "$3"));
\\timing on
$(for _ in $(seq 1 "$runs"); do echo "EXECUTE s($(bounds "$2" "$3"));"; done)
SQL
)
  echo "$out" | grep -oE 'Time: [0-9.]+' | awk '{print $2}' | sort -n |
    awk -v label="$1" -v rows="$rows" '{t[NR]=$1} END {printf "%s over %d rows: median %.1f ms, min %.1f ms, max %.1f ms (%d runs)\n", label, rows, t[int((NR+1)/2)], t[1], t[NR], NR}'
}
time_it "summary, whole range" "$start" "$((start + 1000000))"
time_it "summary, a 15 s window" "$((start + 500000))" "$((start + 515000))"
"${psql[@]}" <<SQL
PREPARE s(bigint, bigint, bigint, bigint, bigint, bigint) AS $summary;
EXPLAIN (ANALYZE, BUFFERS) EXECUTE s($(bounds "$start" "$((start + 1000000))"));
SQL
