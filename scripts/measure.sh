# shellcheck shell=bash disable=SC2034 # SUM_TICKS and CLUSTER_TICKS are for the scripts that source this
# Helpers that the measurement scripts (targets.sh, floor.sh, compare.sh, scale.sh) share (sourced, not run).

# cpu_ticks PID...: the user + system clock ticks the processes have used (/proc/PID/stat, fields 14 and 15).
cpu_ticks() { local t=0 f p; for p in "$@"; do read -ra f < "/proc/$p/stat"; t=$((t + f[13] + f[14])); done; echo $t; }

# wait_measuring LOG WARMUP: returns once `steady` writing LOG says it is measuring (or after WARMUP + 30 s).
wait_measuring() { local _; for _ in $(seq 1 $(( ($2 + 30) * 10 ))); do grep -q '^measuring' "$1" && return; sleep 0.1; done; }

# us_per_payment TICKS PAYMENTS: microseconds of CPU a payment.
us_per_payment() { echo $(( $1 * 1000000 / $(getconf CLK_TCK) / $2 )); }

# sum_ticks PID...: the user + system clock ticks the processes have used, a process that is gone counting 0, into
# SUM_TICKS; forks nothing, so it can be read at the instant a measurement starts. Reads the fields after the command
# name's closing parenthesis, so a name with spaces does not shift them (utime is field 14, stime 15); they are
# numbers and one state letter, so splitting them unquoted is safe (and cheaper than a here-string).
sum_ticks() {
  local s f p
  SUM_TICKS=0
  for p in "$@"; do
    { read -r s < "/proc/$p/stat"; } 2>/dev/null || continue
    # shellcheck disable=SC2206
    f=(${s##*) })
    SUM_TICKS=$((SUM_TICKS + f[11] + f[12]))
  done
}

# cluster_ticks PID: what a PostgreSQL cluster has used, from its postmaster's PID: the postmaster, the children it
# has reaped (its cutime + cstime: backends and workers that have exited) and its live children. Sets CLUSTER_TICKS
# and forks nothing, so a sampler can call it often; 0 once the postmaster is gone.
cluster_ticks() {
  local s f kids=() c t
  CLUSTER_TICKS=0
  { read -r s < "/proc/$1/stat"; } 2>/dev/null || return 0
  # shellcheck disable=SC2206 # as in sum_ticks
  f=(${s##*) })
  t=$((f[11] + f[12] + f[13] + f[14]))
  { read -ra kids < "/proc/$1/task/$1/children"; } 2>/dev/null || true
  for c in "${kids[@]}"; do
    { read -r s < "/proc/$c/stat"; } 2>/dev/null || continue
    # shellcheck disable=SC2206
    f=(${s##*) })
    t=$((t + f[11] + f[12]))
  done
  CLUSTER_TICKS=$t
}

# stack_pids PORT: the services of the `up` serving PORT and their PIDs, one "name pid" a line, from its control
# channel (/tmp/payrelay-up-port-PORT.sock); a service that is down has none and is left out.
stack_pids() {
  python3 - "/tmp/payrelay-up-port-$1.sock" <<'PY'
import json, socket, sys
with socket.socket(socket.AF_UNIX) as s:
    s.connect(sys.argv[1]); s.sendall(b'{"command":"status"}\n')
    data = b''
    while not data.endswith(b'\n'):
        chunk = s.recv(65536)
        if not chunk: break
        data += chunk
for service in json.loads(data)['services']:
    if service.get('pid'): print(service['name'], service['pid'])
PY
}

# postmaster_pid LOG: the PostgreSQL cluster's main process as `up --store postgres` printed it in its banner; empty
# for a stack without one.
postmaster_pid() { grep -o 'postmaster pid [0-9]*' "$1" | head -1 | cut -d' ' -f3 || true; }
