#!/usr/bin/env bash
# Weft beside its peers, in one run on one pinned core: task-switch cost and spawn time and memory
# of idle tasks, measured the same way for every runtime (scripts in peers/, Weft's side in
# dev.weft.bench.SwitchMain and SpawnMain). JMH cannot run Python or Node, hence this driver.
#
#   weft-bench/run-peers.sh              # default: switch rows 3x (median), 1,000,000 idle tasks once; ~8 min
#   QUICK=1 weft-bench/run-peers.sh      # every row once, smaller sizes; ~1-2 minutes
#
# Settings (environment): REPS (repetitions of a switch row; the table shows their median), SPAWN_REPS
# (of a spawn row, default 1: those vary by a few percent between repetitions and a Python one takes
# ~30 s), CPU (core to pin to, default 1), SPAWN_N (idle tasks, default 1000000), PYTHON (default
# /usr/bin/python3), NODE,
# WEFT_JAVA_HOME or JAVA_HOME (a JDK 25; otherwise as scripts/find-jdk25.sh looks), OUT (raw results
# folder),
# QUIET_MAX (seconds to wait, before each repetition, for the machine to fall quiet; default 10, 0 = never).
# A peer that is not installed is skipped, and the table says so. Absolute figures move by tens of
# percent between runs on a shared machine: read the ratios, which come from one run.
set -u -o pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
QUICK=${QUICK:-0}
if [ "$QUICK" = 1 ]; then
  REPS=${REPS:-1}; SPAWN_REPS=${SPAWN_REPS:-1}; SPAWN_N=${SPAWN_N:-100000}
  JAVA_ITERS=500; PY_ITERS=50; JAVA_ROUNDS=3; PY_ROUNDS=3; PP_ITERS=100000
else
  REPS=${REPS:-3}; SPAWN_REPS=${SPAWN_REPS:-1}; SPAWN_N=${SPAWN_N:-1000000}
  JAVA_ITERS=2000; PY_ITERS=200; JAVA_ROUNDS=7; PY_ROUNDS=5; PP_ITERS=1000000
fi
TASKS=1000
CPU=${CPU:-1}
OUT=${OUT:-$HERE/target/peers-results}
STAMP=$(date +%Y%m%d-%H%M%S)
LOG=$OUT/run-$STAMP.log
mkdir -p "$OUT"
: >"$LOG"

say() { echo "$@" | tee -a "$LOG" >&2; }

# The machine is shared: before each measured row, wait up to QUIET_MAX s (0 = never) for it to
# fall quiet (quiet_enough, weft-bench/net/quiet.sh).
QUIET_MAX=${QUIET_MAX:-10}
# shellcheck source=net/quiet.sh
. "$HERE/net/quiet.sh"

# --- a JDK 25 -------------------------------------------------------------------------------------
# shellcheck source=../scripts/find-jdk25.sh
. "$ROOT/scripts/find-jdk25.sh"
weft_find_jdk25 || exit 1
JDK=$WEFT_JDK
JAVA=$JDK/bin/java

# --- Weft's side: the benchmarks jar --------------------------------------------------------------
JAR=$HERE/target/benchmarks.jar
if [ ! -f "$JAR" ]; then
  if command -v mvn >/dev/null; then
    say "building $JAR (mvn -B -pl weft-bench -am package -DskipTests) ..."
    (cd "$ROOT" && JAVA_HOME=$JDK mvn -q -B -pl weft-bench -am package -DskipTests) >>"$LOG" 2>&1 || {
      echo "run-peers.sh: the build failed, see $LOG" >&2; exit 1; }
  else
    echo "run-peers.sh: $JAR is missing and mvn is not installed; build it with" >&2
    echo "  JAVA_HOME=$JDK mvn -B -pl weft-bench -am package -DskipTests" >&2
    exit 1
  fi
fi

# --- the Java peers, compiled from peers/ ---------------------------------------------------------
PEER_CLASSES=$HERE/target/peer-classes
JX="--add-exports java.base/jdk.internal.vm=ALL-UNNAMED"
if [ ! -f "$PEER_CLASSES/JavaSwitch.class" ] || [ "$HERE/peers/JavaSwitch.java" -nt "$PEER_CLASSES/JavaSwitch.class" ] \
   || [ "$HERE/peers/JavaSpawn.java" -nt "$PEER_CLASSES/JavaSpawn.class" ]; then
  mkdir -p "$PEER_CLASSES"
  "$JDK/bin/javac" $JX -d "$PEER_CLASSES" "$HERE/peers/JavaSwitch.java" "$HERE/peers/JavaSpawn.java" || exit 1
fi
OPENS="--add-opens java.base/java.lang=ALL-UNNAMED"
WEFT="$JAVA $OPENS -cp $JAR"
JPEER="$JAVA $JX $OPENS -cp $PEER_CLASSES"
ONE_CARRIER=-Djdk.virtualThreadScheduler.parallelism=1

# --- pinning --------------------------------------------------------------------------------------
if command -v taskset >/dev/null && [ "$CPU" -lt "$(nproc --all)" ]; then
  PIN="taskset -c $CPU"
else
  PIN=""; say "note: not pinned (taskset missing or no CPU $CPU): figures are noisier"
fi

# --- which peers are here -------------------------------------------------------------------------
PYTHON=${PYTHON:-/usr/bin/python3}
command -v "$PYTHON" >/dev/null || PYTHON=python3
NODE=${NODE:-node}
have_py() { command -v "$PYTHON" >/dev/null && "$PYTHON" -c "import $1" 2>/dev/null; }
have_node() { command -v "$NODE" >/dev/null; }

declare -A VALUE SKIPPED
ORDER_SWITCH=() ORDER_SPAWN=()

median() { sort -g | awk '{v[NR]=$1} END {if (NR) print v[int((NR+1)/2)]}'; }
field() { grep -o "$1=[0-9.]*" | head -1 | cut -d= -f2; }

# row KIND KEY LABEL CMD... : run CMD (REPS times for a switch row, SPAWN_REPS for a spawn row),
# pinned, and keep the median of each figure. Each repetition also records the CPU that other
# processes used meanwhile (machine-wide busy time from /proc/stat minus CMD's own user+system
# time, in cores); above 0.2 of a core the row is marked with * in the table.
row() {
  local kind=$1 key=$2 label=$3; shift 3
  if [ "$kind" = switch ]; then ORDER_SWITCH+=("$key"); else ORDER_SPAWN+=("$key"); fi
  VALUE[$key,label]=$label
  local r n line vals_a="" vals_b="" vals_c="" vals_d="" hz b0 b1 t0 t1 own foreign tf
  hz=$(getconf CLK_TCK); tf=$OUT/.time.$$
  n=$REPS; [ "$kind" = spawn ] && n=$SPAWN_REPS
  say "+ $PIN $*"
  for r in $(seq "$n"); do
    quiet_enough || say "  (the machine did not fall quiet within ${QUIET_MAX} s)"
    b0=$(busy_ticks); t0=$(date +%s.%N)
    line=$( { TIMEFORMAT='%U %S'; time timeout 900 $PIN "$@" 2>>"$LOG" | tail -1; } 2>"$tf" )
    b1=$(busy_ticks); t1=$(date +%s.%N)
    own=$(tail -1 "$tf" | awk '{print $1 + $2}'); rm -f "$tf"
    foreign=$(awk -v b="$((b1 - b0))" -v hz="$hz" -v own="$own" -v w0="$t0" -v w1="$t1" \
      'BEGIN { f = (b / hz - own) / (w1 - w0); if (f < 0) f = 0; printf "%.2f", f }')
    echo "$line foreign_cores=$foreign" | tee -a "$LOG" >&2
    awk -v f="$foreign" 'BEGIN { exit !(f > 0.2) }' && VALUE[$key,busy]="*"
    if [ "$kind" = switch ]; then
      vals_a+="$(echo "$line" | field median)"$'\n'
    else
      vals_a+="$(echo "$line" | field spawn_us/task)"$'\n'
      vals_b+="$(echo "$line" | field rss_bytes/task)"$'\n'
      vals_c+="$(echo "$line" | field heap_bytes/task)"$'\n'
      vals_d+="$(echo "$line" | field wake+finish_us/task)"$'\n'
    fi
  done
  VALUE[$key,a]=$(printf '%s' "$vals_a" | grep . | median)
  VALUE[$key,b]=$(printf '%s' "$vals_b" | grep . | median)
  VALUE[$key,c]=$(printf '%s' "$vals_c" | grep . | median)
  VALUE[$key,d]=$(printf '%s' "$vals_d" | grep . | median)
}
skip() {  # skip KIND KEY LABEL REASON
  if [ "$1" = switch ]; then ORDER_SWITCH+=("$2"); else ORDER_SPAWN+=("$2"); fi
  VALUE[$2,label]=$3; SKIPPED[$2]=$4
  say "skip $3: $4"
}

say "run-peers $STAMP: JDK $JDK, REPS=$REPS, SPAWN_REPS=$SPAWN_REPS, QUICK=$QUICK, pinned: ${PIN:-no}, load: $(cut -d' ' -f1-3 /proc/loadavg)"
say "raw lines and commands: $LOG"
cd "$HERE/peers"

# --- task switch ----------------------------------------------------------------------------------
row switch sw_weft "weft Weft.yieldNow()" $WEFT dev.weft.bench.SwitchMain yield $TASKS $JAVA_ITERS $JAVA_ROUNDS
row switch sw_cont "raw Continuation yield/run" $JPEER JavaSwitch cont $TASKS $JAVA_ITERS $JAVA_ROUNDS
row switch sw_vtc "virtual thread, ArrayDeque executor" $JPEER JavaSwitch vt-custom $TASKS $JAVA_ITERS $JAVA_ROUNDS
row switch sw_vtd "virtual thread, default scheduler (1 carrier)" $JAVA $ONE_CARRIER $JX $OPENS -cp "$PEER_CLASSES" JavaSwitch vt-default $TASKS $JAVA_ITERS $JAVA_ROUNDS
if have_node; then
  row switch sw_npromise "Node await Promise.resolve() (microtask)" $NODE node_switch.js promise $TASKS $JAVA_ITERS 5
  row switch sw_nimm "Node await setImmediate" $NODE node_switch.js immediate $TASKS $JAVA_ITERS 5
else
  skip switch sw_npromise "Node await Promise.resolve() (microtask)" "node not installed"
  skip switch sw_nimm "Node await setImmediate" "node not installed"
fi
if have_py uvloop; then
  row switch sw_uvloop "uvloop await asyncio.sleep(0)" $PYTHON py_switch.py uvloop $TASKS $PY_ITERS $PY_ROUNDS
else
  skip switch sw_uvloop "uvloop await asyncio.sleep(0)" "uvloop not installed for $PYTHON (apt-get install python3-uvloop)"
fi
if have_py asyncio; then
  row switch sw_asyncio "asyncio await asyncio.sleep(0)" $PYTHON py_switch.py asyncio $TASKS $PY_ITERS $PY_ROUNDS
else
  skip switch sw_asyncio "asyncio await asyncio.sleep(0)" "$PYTHON not found"
fi
if have_py trio; then
  row switch sw_trio "trio await trio.sleep(0)" $PYTHON py_switch.py trio $TASKS $PY_ITERS $PY_ROUNDS
else
  skip switch sw_trio "trio await trio.sleep(0)" "trio not installed for $PYTHON (apt-get install python3-trio)"
fi
row switch sw_weftpp "weft Queue ping-pong, per hand-off" $WEFT dev.weft.bench.SwitchMain pingpong 2 $PP_ITERS $JAVA_ROUNDS

# --- one million idle tasks -----------------------------------------------------------------------
row spawn sp_weft "weft task on Event.await()" $WEFT -Xmx8g dev.weft.bench.SpawnMain $SPAWN_N
row spawn sp_cont "suspended raw Continuation" $JAVA -Xmx8g $JX $OPENS -cp "$PEER_CLASSES" JavaSpawn cont $SPAWN_N
row spawn sp_vtc "parked virtual thread, custom executor" $JAVA -Xmx8g $JX $OPENS -cp "$PEER_CLASSES" JavaSpawn vt-custom $SPAWN_N
if have_node; then
  row spawn sp_node "Node async function on a promise" $NODE --expose-gc --max-old-space-size=8000 node_spawn.js $SPAWN_N
else
  skip spawn sp_node "Node async function on a promise" "node not installed"
fi
if have_py asyncio; then
  row spawn sp_asyncio "asyncio task on Event.wait()" $PYTHON py_spawn.py $SPAWN_N
else
  skip spawn sp_asyncio "asyncio task on Event.wait()" "$PYTHON not found"
fi
if have_py uvloop; then
  row spawn sp_uvloop "uvloop task on Event.wait()" $PYTHON py_spawn.py $SPAWN_N uvloop
else
  skip spawn sp_uvloop "uvloop task on Event.wait()" "uvloop not installed for $PYTHON"
fi

# --- the table ------------------------------------------------------------------------------------
ratio() { awk -v p="$1" -v w="$2" 'BEGIN { if (p == "" || w == "" || w == 0) print "-"; else printf "%.2fx", p / w }'; }
num() { [ -n "$1" ] && printf "%s" "$1" || printf -- "-"; }
{
  echo
  echo "== Task switch: ns per switch, $TASKS tasks, median of $REPS run(s) (x weft = peer / weft: above 1x, Weft is faster)"
  printf "%-48s %12s %10s\n" "mechanism" "ns/switch" "x weft"
  for k in "${ORDER_SWITCH[@]}"; do
    if [ -n "${SKIPPED[$k]:-}" ]; then printf "%-48s %s\n" "${VALUE[$k,label]}" "skipped: ${SKIPPED[$k]}"; continue; fi
    r=$(ratio "${VALUE[$k,a]}" "${VALUE[sw_weft,a]}"); [ "$k" = sw_weftpp ] && r="-"
    printf "%-48s %12s %10s\n" "${VALUE[$k,label]}${VALUE[$k,busy]:-}" "$(num "${VALUE[$k,a]}")" "$r"
  done
  echo
  echo "== $SPAWN_N idle tasks: spawn time and memory per task, median of $SPAWN_REPS run(s) (x weft = peer / weft)"
  printf "%-40s %9s %8s %11s %10s %9s %9s\n" "" "us/spawn" "x weft" "RSS B/task" "x weft" "heap B" "wake us"
  for k in "${ORDER_SPAWN[@]}"; do
    if [ -n "${SKIPPED[$k]:-}" ]; then printf "%-40s %s\n" "${VALUE[$k,label]}" "skipped: ${SKIPPED[$k]}"; continue; fi
    printf "%-40s %9s %8s %11s %10s %9s %9s\n" "${VALUE[$k,label]}${VALUE[$k,busy]:-}" \
      "$(num "${VALUE[$k,a]}")" "$(ratio "${VALUE[$k,a]}" "${VALUE[sp_weft,a]}")" \
      "$(num "${VALUE[$k,b]}")" "$(ratio "${VALUE[$k,b]}" "${VALUE[sp_weft,b]}")" \
      "$(num "${VALUE[$k,c]}")" "$(num "${VALUE[$k,d]}")"
  done
  echo
  echo "Goals: <=100 ns per switch (never >200); spawn <=0.9 us and <=650 B RSS per waiting task."
  echo "* = other processes used more than 0.2 of a core during at least one repetition of that row (foreign_cores in the log)."
} | tee -a "$LOG"
