#!/usr/bin/env bash
# Weft's thread and process pools beside CPython's, in one run on this machine: CPU-bound scaling on
# 2 cores (sequential, 2 threads, 2 processes), the round trip of a tiny job through each pool, and the
# start-up of a worker. Weft's side is dev.weft.bench.PoolMain, CPython's peers/py_pool.py; both measure
# the same things the same way. Nothing is pinned: the pools need both cores.
#
#   weft-bench/run-pool-peers.sh            # ~6 minutes
#   QUICK=1 weft-bench/run-pool-peers.sh    # smaller sizes, fewer rounds; ~2 minutes
#
# Settings (environment): JAVA_LIMIT and PY_LIMIT (count primes below this; CPython is ~20x slower per
# step, so it gets a smaller range: read the speedups, not the times), TASKS (round trips per round),
# ROUNDS, PYTHON (default /usr/bin/python3), WEFT_JAVA_HOME or JAVA_HOME (a JDK 25; otherwise as
# scripts/find-jdk25.sh looks), OUT (raw results folder), QUIET_MAX (seconds to wait before each row
# for the machine to fall quiet; default 10, 0 = never).
# Each row records how much CPU other processes used meanwhile; above 0.2 of a core it is marked *.
set -u -o pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
if [ "${QUICK:-0}" = 1 ]; then
  JAVA_LIMIT=${JAVA_LIMIT:-3000000}; PY_LIMIT=${PY_LIMIT:-600000}; TASKS=${TASKS:-2000}; ROUNDS=${ROUNDS:-3}
else
  JAVA_LIMIT=${JAVA_LIMIT:-6000000}; PY_LIMIT=${PY_LIMIT:-1500000}; TASKS=${TASKS:-10000}; ROUNDS=${ROUNDS:-5}
fi
OUT=${OUT:-$HERE/target/peers-results}
LOG=$OUT/pool-$(date +%Y%m%d-%H%M%S).log
mkdir -p "$OUT"
: >"$LOG"
say() { echo "$@" | tee -a "$LOG" >&2; }

# The machine is shared: before each measured row, wait up to QUIET_MAX s (0 = never) for it to
# fall quiet (quiet_enough, weft-bench/net/quiet.sh).
QUIET_MAX=${QUIET_MAX:-10}
# shellcheck source=net/quiet.sh
. "$HERE/net/quiet.sh"

# --- a JDK 25 and the benchmarks jar --------------------------------------------------------------
# shellcheck source=../scripts/find-jdk25.sh
. "$ROOT/scripts/find-jdk25.sh"
weft_find_jdk25 || exit 1
JDK=$WEFT_JDK
JAR=$HERE/target/benchmarks.jar
if [ ! -f "$JAR" ]; then
  say "building $JAR (mvn -B -pl weft-bench -am package -DskipTests) ..."
  (cd "$ROOT" && JAVA_HOME=$JDK mvn -q -B -pl weft-bench -am package -DskipTests) >>"$LOG" 2>&1 || {
    echo "run-pool-peers.sh: the build failed, see $LOG" >&2; exit 1; }
fi
WEFT="$JDK/bin/java --add-opens java.base/java.lang=ALL-UNNAMED -cp $JAR dev.weft.bench.PoolMain"
PYTHON=${PYTHON:-/usr/bin/python3}
command -v "$PYTHON" >/dev/null || PYTHON=python3
PY="$PYTHON $HERE/peers/py_pool.py"

# --- rows -----------------------------------------------------------------------------------------
declare -A LINE BUSY
# run KEY CMD...: runs CMD once, keeps its last line, and notes the CPU other processes used meanwhile.
run() {
  local key=$1 hz b0 b1 t0 t1 own tf=$OUT/.time.$$; shift
  hz=$(getconf CLK_TCK)
  quiet_enough || say "  (the machine did not fall quiet within ${QUIET_MAX} s)"
  say "+ $*"
  b0=$(busy_ticks); t0=$(date +%s.%N)
  LINE[$key]=$( { TIMEFORMAT='%U %S'; time timeout 900 "$@" 2>>"$LOG" | tail -1; } 2>"$tf" )
  b1=$(busy_ticks); t1=$(date +%s.%N)
  own=$(tail -1 "$tf" | awk '{print $1 + $2}'); rm -f "$tf"
  BUSY[$key]=$(awk -v b="$((b1 - b0))" -v hz="$hz" -v own="$own" -v w0="$t0" -v w1="$t1" \
    'BEGIN { f = (b / hz - own) / (w1 - w0); if (f < 0) f = 0; printf "%.2f", f }')
  say "${LINE[$key]} foreign_cores=${BUSY[$key]}"
}
get() { echo "${LINE[$1]}" | grep -o " $2=[^ ]*" | head -1 | cut -d= -f2 | tr -d '"'; }
mark() { awk -v f="${BUSY[$1]}" 'BEGIN { if (f > 0.2) printf "*" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && b > 0) printf "%.2f", a / b; else printf "-" }'; }

run weft-scaling $WEFT scaling "$JAVA_LIMIT" "$ROUNDS"
run py-scaling $PY scaling "$PY_LIMIT" "$ROUNDS"
run weft-roundtrip $WEFT roundtrip "$TASKS" "$ROUNDS"
run py-roundtrip $PY roundtrip "$TASKS" "$ROUNDS"
run weft-startup $WEFT startup "$ROUNDS"
run py-startup $PY startup "$ROUNDS"

# --- tables ---------------------------------------------------------------------------------------
{
echo
echo "CPU-bound scaling on 2 cores: speed over sequential (count primes by trial division in 128 ranges)"
echo "| | sequential | 2 threads | 2 processes, warm pool | 2 processes, pool opened and closed too |"
echo "|---|---|---|---|---|"
echo "| Weft$(mark weft-scaling) (below $JAVA_LIMIT) | 1.00 ($(get weft-scaling seq_ms) ms) | $(get weft-scaling threads_x)x | $(get weft-scaling processes_x)x | $(get weft-scaling processes_cold_x)x |"
echo "| CPython$(mark py-scaling) (below $PY_LIMIT) | 1.00 ($(get py-scaling seq_ms) ms) | $(get py-scaling threads_x)x | $(get py-scaling processes_x)x | $(get py-scaling processes_cold_x)x |"
echo
echo "Round trip of a tiny job, us per job (one at a time: submit, then join; batch: $TASKS submitted, then all joined)"
echo "| pool | one at a time | batch |"
echo "|---|---|---|"
echo "| Weft ThreadPool$(mark weft-roundtrip) | $(get weft-roundtrip thread_seq_us) | $(get weft-roundtrip thread_batch_us) |"
echo "| Weft ProcessPool$(mark weft-roundtrip) | $(get weft-roundtrip process_seq_us) | $(get weft-roundtrip process_batch_us) |"
echo "| CPython ProcessPoolExecutor$(mark py-roundtrip) | $(get py-roundtrip ppe_seq_us) | $(get py-roundtrip ppe_batch_us) |"
echo "| CPython multiprocessing.Pool$(mark py-roundtrip) | $(get py-roundtrip mp_pool_seq_us) | $(get py-roundtrip mp_pool_batch_us) |"
echo "| CPython ThreadPoolExecutor$(mark py-roundtrip) | $(get py-roundtrip tpe_seq_us) | $(get py-roundtrip tpe_batch_us) |"
echo
echo "Weft ProcessPool's cost per job as a fraction of CPython's (goal: at most 0.33)"
echo "| against | one at a time | batch |"
echo "|---|---|---|"
echo "| ProcessPoolExecutor | $(ratio "$(get weft-roundtrip process_seq_us)" "$(get py-roundtrip ppe_seq_us)") | $(ratio "$(get weft-roundtrip process_batch_us)" "$(get py-roundtrip ppe_batch_us)") |"
echo "| multiprocessing.Pool | $(ratio "$(get weft-roundtrip process_seq_us)" "$(get py-roundtrip mp_pool_seq_us)") | $(ratio "$(get weft-roundtrip process_batch_us)" "$(get py-roundtrip mp_pool_batch_us)") |"
echo
echo "Starting a worker, ms"
echo "| | ready (launch to ready) | first job's result (from open) |"
echo "|---|---|---|"
echo "| Weft$(mark weft-startup), cold (no start-up cache) | $(get weft-startup cold_ready_ms) | $(get weft-startup cold_first_job_ms) |"
echo "| Weft$(mark weft-startup), start-up cache | $(get weft-startup cache_ready_ms) | $(get weft-startup cache_first_job_ms) |"
echo "| CPython$(mark py-startup) fork / spawn (start to first message) | $(get py-startup fork_ms) / $(get py-startup spawn_ms) | |"
echo
echo "After a crash, the next job's result: $(get weft-startup after_crash_spare_ms) ms with a spare worker, $(get weft-startup after_crash_no_spare_ms) ms without"
echo "start-up cache: $(get weft-startup cache_now)"
echo
echo "* = other processes used more than 0.2 of a core during that row. Raw lines: $LOG"
} | tee -a "$LOG"
