#!/usr/bin/env bash
# Installs the Debian packages the tests and the native stack use: HAProxy and nginx (the load balancers
# of `up`), Chromium (renders the bench report in a test), Prometheus (scrapes /metrics in a test) and
# PostgreSQL. The tests install what they miss themselves when they run as root; this is the one command
# for everyone else: sudo scripts/install-deps.sh. Idempotent.
set -euo pipefail
need=()
command -v haproxy >/dev/null 2>&1 || need+=(haproxy)
command -v nginx >/dev/null 2>&1 || need+=(nginx-light)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || need+=(postgresql)
if [ "${#need[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing: ${need[*]}; installing Debian packages needs root: sudo scripts/install-deps.sh" >&2
    exit 1
  fi
  echo "installing: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
