#!/usr/bin/env bash
# The floor of this machine for `steady`: the same HAProxy config and CPU limits as the compose file in front of
# backends that do the least they can, to set PayRelay's figures (scripts/targets.sh, run beside it) against what
# the machine itself costs in the same hour.
#   --backend nginx  (default) nginx answering 202 on two unix sockets, while a second load stream posts the same
#                    rate of processor bodies to an emulator, as the instances would: the latency floor.
#   --backend relay  two `PayRelay.Bench relay-floor` processes under the instances' limits: each answers 202, then
#                    posts the payment to the emulator over keep-alive connections, with no validation, dedupe,
#                    ledger or routing: the floor of a .NET relay for the CPU a payment costs.
# Prints `steady`'s latency and the backends' CPU per payment while measuring (user + system, /proc/PID/stat).
#   usage: scripts/floor.sh [--backend nginx|relay] [--seconds N] [--rate N] [--warmup N]   (root: cgroup v1 limits)
# Needs nginx and haproxy (scripts/install-deps.sh) and the Release builds of PayRelay.Bench and
# PayRelay.ProcessorEmulator (dotnet build -c Release PayRelay.slnx). Uses :9999 and :8001.
set -euo pipefail
seconds=60 rate=600 warmup=10 backend=nginx
while [ "$#" -gt 0 ]; do
  case "$1" in
    --backend) backend=$2; shift ;;
    --seconds) seconds=$2; shift ;;
    --rate) rate=$2; shift ;;
    --warmup) warmup=$2; shift ;;
    -h | --help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "floor.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
case "$backend" in
  nginx | relay) ;;
  *) echo "floor.sh: --backend is nginx or relay, not $backend" >&2; exit 2 ;;
esac

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench=$root/src/PayRelay.Bench/bin/Release/net10.0/PayRelay.Bench.dll
emulator=$root/src/PayRelay.ProcessorEmulator/bin/Release/net10.0/PayRelay.ProcessorEmulator.dll
for f in "$bench" "$emulator"; do
  [ -f "$f" ] || { echo "floor.sh: $f is missing: dotnet build -c Release PayRelay.slnx" >&2; exit 2; }
done
work=$(mktemp -d /tmp/payrelay-floor-XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for g in nginx api1 api2 haproxy; do rmdir "/sys/fs/cgroup/cpu/payrelay-floor-$g" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

cat > "$work/nginx.conf" <<NGINX
worker_processes 2;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server {
    listen unix:$work/api1.sock;
    listen unix:$work/api2.sock;
    location = /healthz { return 200; }
    location / { return 202; }
  }
}
NGINX

# The compose file's limits: the instances 0.65 CPU each (one nginx with two workers: 1.3; one relay each: 0.65),
# the balancer 0.2, as CFS quotas per 100 ms.
limit() {
  local group=/sys/fs/cgroup/cpu/$1
  mkdir -p "$group"
  echo 100000 > "$group/cpu.cfs_period_us"
  echo "$2" > "$group/cpu.cfs_quota_us"
}
limit payrelay-floor-haproxy 20000

dotnet "$emulator" --urls http://127.0.0.1:8001 > "$work/emulator.log" 2>&1 & pids+=($!)
if [ "$backend" = nginx ]; then
  limit payrelay-floor-nginx 130000
  sh -c "echo \$\$ > /sys/fs/cgroup/cpu/payrelay-floor-nginx/cgroup.procs; exec nginx -c $work/nginx.conf" & pids+=($!)
else
  # The runtime settings the instances run with: the compose file's environment and PayRelay.Server's
  # workstation, non-concurrent GC without dynamic PGO (PayRelay.Bench sets the GC ones itself).
  for a in api1 api2; do
    limit "payrelay-floor-$a" 65000
    sh -c "echo \$\$ > /sys/fs/cgroup/cpu/payrelay-floor-$a/cgroup.procs; DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 \
      DOTNET_GCgen0size=0x400000 DOTNET_TieredPGO=0 exec dotnet $bench relay-floor --listen $work/$a.sock" > "$work/$a.log" 2>&1 & pids+=($!)
  done
fi
sleep 1
sh -c "echo \$\$ > /sys/fs/cgroup/cpu/payrelay-floor-haproxy/cgroup.procs; SOCKET_DIR=$work exec haproxy -f $root/deploy/haproxy.cfg" \
  > "$work/haproxy.log" 2>&1 & pids+=($!)
for _ in $(seq 1 50); do
  curl -s -o /dev/null http://127.0.0.1:9999/healthz && curl -s -o /dev/null http://127.0.0.1:8001/payments/service-health && break
  sleep 0.2
done

if [ "$backend" = nginx ]; then
  backends=$(pgrep -f "nginx: worker process" | tr '\n' ' ')
  dotnet "$bench" steady --backend http://127.0.0.1:8001 --processor-body --rate "$rate" --seconds $((seconds + warmup + 2)) \
    --warmup 0 > "$work/processor-load.log" 2>&1 & pids+=($!)
else
  backends=$(pgrep -f "relay-floor --listen $work/" | tr '\n' ' ')
fi

. "$root/scripts/measure.sh"
ticks() { cpu_ticks $backends; }
dotnet "$bench" steady --rate "$rate" --seconds "$seconds" --warmup "$warmup" > "$work/steady.log" 2>&1 & steady_pid=$!
wait_measuring "$work/steady.log" "$warmup"
at_measuring=$(ticks)
wait "$steady_pid" || status=$?
at_end=$(ticks)
cat "$work/steady.log"
echo "backends' CPU per payment ($backend): $(us_per_payment $((at_end - at_measuring)) $((rate * seconds))) us while measuring"
if [ "$backend" = relay ]; then
  # Each relay says on SIGTERM what it relayed: the floor did the whole work, or it is no floor.
  kill -TERM $backends
  for p in $backends; do wait "$p" 2>/dev/null || true; done
  grep -h 'relay-floor: relayed' "$work"/api*.log
fi
exit "${status:-0}"
