# Helpers that scripts/targets.sh and scripts/floor.sh share while they measure (sourced, not run).

# cpu_ticks PID...: the user + system clock ticks the processes have used (/proc/PID/stat, fields 14 and 15).
cpu_ticks() { local t=0 f p; for p in "$@"; do read -ra f < "/proc/$p/stat"; t=$((t + f[13] + f[14])); done; echo $t; }

# wait_measuring LOG WARMUP: returns once `steady` writing LOG says it is measuring (or after WARMUP + 30 s).
wait_measuring() { local _; for _ in $(seq 1 $(( ($2 + 30) * 10 ))); do grep -q '^measuring' "$1" && return; sleep 0.1; done; }

# us_per_payment TICKS PAYMENTS: microseconds of CPU a payment.
us_per_payment() { echo $(( $1 * 1000000 / $(getconf CLK_TCK) / $2 )); }
