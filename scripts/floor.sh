#!/usr/bin/env bash
# The latency floor of this machine for `steady`: the same HAProxy config and CPU limits as the compose
# file in front of backends that cost nothing (nginx answering 202 on two unix sockets), while a second
# load stream posts the same rate of processor bodies to an emulator, as the instances would. Run it
# beside a PayRelay run (`up --limits` + `steady`) to see what the machine itself adds.
#   usage: scripts/floor.sh [--seconds N] [--rate N] [--warmup N]      (root: cgroup v1 CPU limits)
# Needs nginx and haproxy (scripts/install-deps.sh) and the Release builds of PayRelay.Bench and
# PayRelay.ProcessorEmulator (dotnet build -c Release PayRelay.slnx). Uses :9999 and :8001.
set -euo pipefail
seconds=60 rate=600 warmup=10
while [ "$#" -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift ;;
    --rate) rate=$2; shift ;;
    --warmup) warmup=$2; shift ;;
    -h | --help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "floor.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done

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
  rmdir /sys/fs/cgroup/cpu/payrelay-floor-nginx /sys/fs/cgroup/cpu/payrelay-floor-haproxy 2>/dev/null || true
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

# The compose file's limits: the instances 0.65 CPU each (here one nginx with two workers: 1.3), the
# balancer 0.2, as CFS quotas per 100 ms.
limit() {
  local group=/sys/fs/cgroup/cpu/$1
  mkdir -p "$group"
  echo 100000 > "$group/cpu.cfs_period_us"
  echo "$2" > "$group/cpu.cfs_quota_us"
}
limit payrelay-floor-nginx 130000
limit payrelay-floor-haproxy 20000

dotnet "$emulator" --urls http://127.0.0.1:8001 > "$work/emulator.log" 2>&1 & pids+=($!)
sh -c "echo \$\$ > /sys/fs/cgroup/cpu/payrelay-floor-nginx/cgroup.procs; exec nginx -c $work/nginx.conf" & pids+=($!)
sleep 1
sh -c "echo \$\$ > /sys/fs/cgroup/cpu/payrelay-floor-haproxy/cgroup.procs; SOCKET_DIR=$work exec haproxy -f $root/deploy/haproxy.cfg" \
  > "$work/haproxy.log" 2>&1 & pids+=($!)
for _ in $(seq 1 50); do
  curl -s -o /dev/null http://127.0.0.1:9999/healthz && curl -s -o /dev/null http://127.0.0.1:8001/payments/service-health && break
  sleep 0.2
done

dotnet "$bench" steady --backend http://127.0.0.1:8001 --processor-body --rate "$rate" --seconds $((seconds + warmup + 2)) --warmup 0 \
  > "$work/processor-load.log" 2>&1 & pids+=($!)
dotnet "$bench" steady --rate "$rate" --seconds "$seconds" --warmup "$warmup"
