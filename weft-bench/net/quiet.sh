# shellcheck shell=bash
# Waiting for a quiet machine before a measured row: the machine is shared, and a row run while
# other processes use a core says little. Source this file; it defines busy_ticks, wait_quiet and
# quiet_enough.

# busy_ticks: the machine's non-idle clock ticks so far, all CPUs (user nice system irq softirq steal).
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }

# wait_quiet MAX_SECONDS: returns 0 once two 1-second samples in a row show less than a tenth of a
# core busy, 1 if that did not happen within MAX_SECONDS (the row then runs anyway, and its
# foreign_cores figure says how disturbed it was).
wait_quiet() {
  local max=${1:-20} hz b0 b1 i calm=0
  hz=$(getconf CLK_TCK)
  for ((i = 0; i < max; i++)); do
    b0=$(busy_ticks); sleep 1; b1=$(busy_ticks)
    if [ $((b1 - b0)) -lt $((hz / 10)) ]; then
      calm=$((calm + 1)); [ $calm -ge 2 ] && return 0
    else
      calm=0
    fi
  done
  return 1
}

# quiet_enough: wait_quiet for up to $QUIET_MAX seconds; at once, and true, when QUIET_MAX is 0.
quiet_enough() { [ "${QUIET_MAX:-10}" -gt 0 ] 2>/dev/null || return 0; wait_quiet "${QUIET_MAX:-10}"; }
