#!/usr/bin/env bash
# The memory an instance holds under hostile clients (issue 17), as a benchmark: for each N, N connections of one kind
# are opened and held, the instances' RSS is sampled (before, the peak while held, and after they close and things
# settle), and one table row is printed. Kinds: stalled (the head of a 60 KB POST /payments and 16 KB of its body,
# then nothing), idle (one GET /healthz, then nothing), slowloris (a head that never ends, 1 KB more every 250 ms).
#   --via direct    one instance, attacked on its own unix socket
#   --via balancer  two instances behind HAProxy with deploy/haproxy.cfg, attacked on the balancer's port
#   --via both      (default) one after the other
# The instances run with the compose file's environment (inline socket completions, the 4 MB gen0 budget, the default
# MAX_CONNECTIONS) but without its CPU and memory limits (no cgroups): the figures are set against its 155 MB.
#   usage: scripts/attack-memory.sh [--via direct|balancer|both] [--counts 0,250,500,1000,2000,4000]
#          [--kinds stalled,idle,slowloris] [--hold 3] [--settle 3] [--port 23999] [--server-dir DIR]
# --server-dir runs the PayRelay.Server.dll in DIR (scripts/publish.sh's output, or another build to compare).
# Needs the Release builds of PayRelay.Server and benchmarks/PayRelay.Server.Benchmarks
# (dotnet build -c Release PayRelay.slnx) and, for the balancer, haproxy (scripts/install-deps.sh).
set -euo pipefail
via=both counts=0,250,500,1000,2000,4000 kinds=stalled,idle,slowloris hold=3 settle=3 port=23999 server_dir=
while [ "$#" -gt 0 ]; do
  case "$1" in
    --via) via=$2; shift ;;
    --counts) counts=$2; shift ;;
    --kinds) kinds=$2; shift ;;
    --hold) hold=$2; shift ;;
    --settle) settle=$2; shift ;;
    --port) port=$2; shift ;;
    --server-dir) server_dir=$2; shift ;;
    -h | --help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "attack-memory.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
case "$via" in
  direct | balancer | both) ;;
  *) echo "attack-memory.sh: --via is direct, balancer or both, not $via" >&2; exit 2 ;;
esac

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
server=${server_dir:-$root/src/PayRelay.Server/bin/Release/net10.0}/PayRelay.Server.dll
tool=$root/benchmarks/PayRelay.Server.Benchmarks/bin/Release/net10.0/PayRelay.Server.Benchmarks.dll
for f in "$server" "$tool"; do
  [ -f "$f" ] || { echo "attack-memory.sh: $f is missing: dotnet build -c Release PayRelay.slnx" >&2; exit 2; }
done
work=$(mktemp -d /tmp/payrelay-attack-XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# instance NAME PEER ROLE: starts one instance on $work/NAME.sock as the compose file configures it. The processors are
# nowhere: the attacks send no valid payment.
instance() {
  ASPNETCORE_URLS="http://unix:$work/$1.sock" INSTANCE_ID=$1 PEER_URL="http://unix:$work/$2.sock" HEALTH_POLL=$3 \
    DEFAULT_PROCESSOR_URL=http://127.0.0.1:9 FALLBACK_PROCESSOR_URL=http://127.0.0.1:9 SHUTDOWN_TIMEOUT_SECONDS=0 \
    DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 DOTNET_GCgen0size=0x400000 \
    dotnet "$server" > "$work/$1.log" 2>&1 &
  pids+=($!)
  last=$!
  for _ in $(seq 1 100); do
    curl -s -o /dev/null --unix-socket "$work/$1.sock" http://payrelay/healthz && return
    sleep 0.1
  done
  echo "attack-memory.sh: $1 did not start; its log:" >&2
  cat "$work/$1.log" >&2
  exit 1
}

stop_all() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pids=()
}

attack() { dotnet "$tool" attack --target "$1" --pids "$2" --counts "$counts" --kinds "$kinds" --hold "$hold" --settle "$settle"; }

if [ "$via" != balancer ]; then
  echo "## one instance, attacked on its socket"
  instance api1 api2 primary
  attack "http://unix:$work/api1.sock" "$last"
  stop_all
fi

if [ "$via" != direct ]; then
  echo "## two instances behind HAProxy (deploy/haproxy.cfg), attacked on its port $port"
  instance api1 api2 primary
  api1=$last
  instance api2 api1 standby
  api2=$last
  SOCKET_DIR=$work LB_BIND=127.0.0.1:$port haproxy -f "$root/deploy/haproxy.cfg" > "$work/haproxy.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 50); do
    curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && break
    sleep 0.2
  done
  attack "http://127.0.0.1:$port" "$api1,$api2"
  stop_all
fi
