#!/usr/bin/env bash
# Weft's network servers beside their peers, in one run: each server pinned to one core, the
# load generator (netload.c, or wrk for HTTP) on the other, and for every row the server's CPU
# microseconds per request (from /proc/PID/stat), requests/s, p50/p99 and the server's RSS.
#
#   weft-bench/net/run.sh                      # every suite: echo, pipelined, http (~25 min: run suites apart)
#   SUITE=echo weft-bench/net/run.sh           # echo ping-pong: 1/100/1000 connections x 64 B/16 KiB (~7 min)
#   SUITE=pipelined weft-bench/net/run.sh      # the same rows with 16 messages in flight per connection (~7 min)
#   SUITE=http weft-bench/net/run.sh           # HTTP/1.1 hello with wrk, 10/100/1000 connections (~5 min)
#   QUICK=1 SUITE=echo weft-bench/net/run.sh   # 1 s rows, 100 connections only: a smoke test (~1 min)
#
# Settings: SUITE, QUICK, DUR (seconds measured per row, default 3), WARM (seconds before
# measuring, default 1), ONLY ("weft c-epoll ..." to run some servers), SERVER_CPU (1), CLIENT_CPU
# (0), QUIET_MAX (seconds to wait for a quiet machine before each row, default 20), OUT (results
# folder, default weft-bench/target/net-results), PYTHON (/usr/bin/python3, where Debian's uvloop
# lives), NODE (node). A server whose program is missing is skipped and named. Raw lines go to
# OUT/net-STAMP.tsv, the tables to OUT/net-STAMP.md (and stdout).
set -u -o pipefail

HERE=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SUITE=${SUITE:-all}
QUICK=${QUICK:-0}
DUR=${DUR:-3}
WARM=${WARM:-1}
SERVER_CPU=${SERVER_CPU:-1}
CLIENT_CPU=${CLIENT_CPU:-0}
QUIET_MAX=${QUIET_MAX:-20}
OUT=${OUT:-$ROOT/weft-bench/target/net-results}
PYTHON=${PYTHON:-/usr/bin/python3}
NODE=${NODE:-node}
CONNS="1 100 1000"; SIZES="64 16384"; HTTP_CONNS="10 100 1000"
if [ "$QUICK" = 1 ]; then DUR=1; WARM=0.5; CONNS="100"; HTTP_CONNS="100"; fi
STAMP=$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT/bin"
TSV=$OUT/net-$STAMP.tsv
LOG=$OUT/net-$STAMP.log
: >"$TSV"; : >"$LOG"
say() { echo "$@" | tee -a "$LOG" >&2; }

. "$HERE/quiet.sh"
. "$ROOT/scripts/find-jdk25.sh"
weft_find_jdk25 || exit 1
JAVA=$WEFT_JDK/bin/java

# --- build what is missing ------------------------------------------------------------------------
command -v gcc >/dev/null || { echo "run.sh: gcc is needed for netload and cecho (apt-get install gcc)" >&2; exit 1; }
command -v taskset >/dev/null || { echo "run.sh: taskset is needed (util-linux)" >&2; exit 1; }
for c in netload cecho; do
  if [ ! -x "$OUT/bin/$c" ] || [ "$HERE/$c.c" -nt "$OUT/bin/$c" ]; then
    gcc -O2 -Wall -o "$OUT/bin/$c" "$HERE/$c.c" || exit 1
  fi
done
if [ ! -f "$OUT/bin/NioEcho.class" ] || [ "$HERE/NioEcho.java" -nt "$OUT/bin/NioEcho.class" ]; then
  "$WEFT_JDK/bin/javac" -d "$OUT/bin" "$HERE/NioEcho.java" || exit 1
fi
CLI_JAR=$ROOT/weft-cli/target/weft-cli.jar
if [ ! -f "$CLI_JAR" ] || [ -n "$(find "$ROOT"/weft-core/src "$ROOT"/examples/src "$ROOT"/weft-cli/src -newer "$CLI_JAR" -print -quit)" ]; then
  say "building $CLI_JAR ..."
  (cd "$ROOT" && JAVA_HOME=$WEFT_JDK mvn -q -B -o -pl weft-cli -am package -DskipTests) >>"$LOG" 2>&1 \
    || (cd "$ROOT" && JAVA_HOME=$WEFT_JDK mvn -q -B -pl weft-cli -am package -DskipTests) >>"$LOG" 2>&1 \
    || { echo "run.sh: building weft-cli failed, see $LOG" >&2; exit 1; }
fi
NETTY=$HERE/netty
if [ ! -d "$NETTY/target/lib" ] || [ "$NETTY/src/main/java/bench/NettyServer.java" -nt "$NETTY/target/classes/bench/NettyServer.class" ]; then
  say "building the Netty peer (Maven Central) ..."
  (cd "$NETTY" && JAVA_HOME=$WEFT_JDK mvn -q -B package) >>"$LOG" 2>&1 || say "the Netty peer did not build: its rows are skipped"
fi
NETTY_CP="$NETTY/target/classes:$NETTY/target/lib/*"
OPENS="--add-opens java.base/java.lang=ALL-UNNAMED"

# --- servers --------------------------------------------------------------------------------------
# server NAME KIND MISSING-REASON-OR-EMPTY CMD... (PORT in CMD is replaced by the port)
declare -a NAMES=() ; declare -A CMDS=() KINDS=() WHY=()
server() {
  local name=$1 kind=$2 why=$3; shift 3
  NAMES+=("$name"); KINDS[$name]=$kind; WHY[$name]=$why; CMDS[$name]="$*"
}
have_py() { [ -x "$PYTHON" ] && "$PYTHON" -c "import $1" 2>/dev/null; }
no_py=""; have_py asyncio || no_py="$PYTHON not found"
no_uv=""; have_py uvloop || no_uv="uvloop is not installed for $PYTHON (apt-get install python3-uvloop)"
no_node=""; command -v "$NODE" >/dev/null || no_node="node is not installed"
no_netty=""; [ -d "$NETTY/target/lib" ] || no_netty="the Netty peer did not build"
server c-epoll         echo "" "$OUT/bin/cecho" PORT
server java-nio        echo "" "$JAVA" -cp "$OUT/bin" NioEcho PORT echo
server netty-nio       echo "$no_netty" "$JAVA" -cp "$NETTY_CP" bench.NettyServer PORT echo nio
server netty-epoll     echo "$no_netty" "$JAVA" -cp "$NETTY_CP" bench.NettyServer PORT echo epoll
server weft            echo "" "$JAVA" $OPENS -jar "$CLI_JAR" serve echo --port PORT --loops 1
server py-streams      echo "$no_py" "$PYTHON" "$HERE/py_echo.py" PORT streams
server py-protocol     echo "$no_py" "$PYTHON" "$HERE/py_echo.py" PORT protocol
server uvloop-streams  echo "$no_uv" "$PYTHON" "$HERE/py_echo.py" PORT streams uvloop
server uvloop-protocol echo "$no_uv" "$PYTHON" "$HERE/py_echo.py" PORT protocol uvloop
server node-net        echo "$no_node" "$NODE" "$HERE/node_echo.js" PORT
server java-nio-http   http "" "$JAVA" -cp "$OUT/bin" NioEcho PORT http
server netty-nio-http  http "$no_netty" "$JAVA" -cp "$NETTY_CP" bench.NettyServer PORT http nio
server netty-epoll-http http "$no_netty" "$JAVA" -cp "$NETTY_CP" bench.NettyServer PORT http epoll
server weft-http       http "" "$JAVA" $OPENS -jar "$CLI_JAR" serve http --port PORT --loops 1
server node-http       http "$no_node" "$NODE" "$HERE/node_http.js" PORT
server py-http         http "$no_py" "$PYTHON" "$HERE/py_http.py" PORT
server uvloop-http     http "$no_uv" "$PYTHON" "$HERE/py_http.py" PORT uvloop

free_port() {  # a port the kernel just handed out on loopback (a race with other binders is unlikely)
  "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
    || echo $((20000 + RANDOM % 20000))
}
SPID=""
start() {  # start NAME: launches it pinned, waits until its port accepts; sets SPID and PORT
  local name=$1 i
  PORT=$(free_port)
  local cmd=${CMDS[$name]//PORT/$PORT}
  say "+ taskset -c $SERVER_CPU $cmd"
  # shellcheck disable=SC2086
  taskset -c "$SERVER_CPU" $cmd >"$OUT/server-$name.log" 2>&1 &
  SPID=$!
  for i in $(seq 200); do
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && return 0
    kill -0 "$SPID" 2>/dev/null || break
    sleep 0.1
  done
  say "  $name did not start: $(tail -3 "$OUT/server-$name.log")"
  stop; return 1
}
stop() { [ -n "$SPID" ] && { kill "$SPID" 2>/dev/null; wait "$SPID" 2>/dev/null; }; SPID=""; }
trap stop EXIT

ulimit -n "$(ulimit -Hn)" 2>/dev/null
NL="taskset -c $CLIENT_CPU $OUT/bin/netload 127.0.0.1"

echo_suite() {  # echo_suite DEPTH
  local depth=$1 name c s line a f
  for name in "${NAMES[@]}"; do
    [ "${KINDS[$name]}" = echo ] || continue
    [ -z "${ONLY:-}" ] || [[ " $ONLY " == *" $name "* ]] || continue
    if [ -n "${WHY[$name]}" ]; then say "skip $name: ${WHY[$name]}"; echo -e "$name\tskipped\t${WHY[$name]}" >>"$TSV"; continue; fi
    start "$name" || continue
    $NL "$PORT" 100 64 1 4 0 >/dev/null 2>>"$LOG"          # warm-up (JIT, caches), the same for every server
    $NL "$PORT" 100 16384 4 2 0 >/dev/null 2>>"$LOG"
    for c in $CONNS; do for s in $SIZES; do
      for a in 1 2 3; do                                   # again while other processes used > 0.2 core
        wait_quiet "$QUIET_MAX" || say "  (the machine did not fall quiet within $QUIET_MAX s)"
        line=$($NL "$PORT" "$c" "$s" "$depth" "$DUR" "$WARM" "$SPID" 2>>"$LOG") || line="failed=1"
        f=$(echo "$line" | grep -o 'foreign_cores=[-0-9.]*' | cut -d= -f2)
        awk -v f="${f:-0}" 'BEGIN { exit !(f > 0.2) }' || break
      done
      echo -e "$name\tdepth$depth\t$line attempts=$a" | tee -a "$TSV" >&2
    done; done
    stop
  done
}

cputime() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
http_suite() {
  command -v wrk >/dev/null || { say "skip the http suite: wrk is not installed (apt-get install wrk)"; return; }
  local name c out a hz t0 t1 c0 c1 b0 b1 rps p50 p99 cores us f rss err own
  hz=$(getconf CLK_TCK)
  for name in "${NAMES[@]}"; do
    [ "${KINDS[$name]}" = http ] || continue
    [ -z "${ONLY:-}" ] || [[ " $ONLY " == *" $name "* ]] || continue
    if [ -n "${WHY[$name]}" ]; then say "skip $name: ${WHY[$name]}"; echo -e "$name\tskipped\t${WHY[$name]}" >>"$TSV"; continue; fi
    start "$name" || continue
    taskset -c "$CLIENT_CPU" wrk -t1 -c100 -d5s "http://127.0.0.1:$PORT/" >/dev/null 2>&1   # warm-up
    for c in $HTTP_CONNS; do
      for a in 1 2 3; do
        wait_quiet "$QUIET_MAX" || say "  (the machine did not fall quiet within $QUIET_MAX s)"
        c0=$(cputime "$SPID"); b0=$(busy_ticks); t0=$(date +%s.%N)
        out=$( { TIMEFORMAT='%U %S'; time taskset -c "$CLIENT_CPU" wrk -t1 -c"$c" -d"${DUR}s" --latency \
          "http://127.0.0.1:$PORT/" 2>&1; } 2>"$OUT/.wrk-time" )
        c1=$(cputime "$SPID"); b1=$(busy_ticks); t1=$(date +%s.%N)
        own=$(tail -1 "$OUT/.wrk-time" | awk '{ print $1 + $2 }')
        rss=$(awk '/VmRSS/ { print $2 }' "/proc/$SPID/status")
        rps=$(echo "$out" | awk '/Requests\/sec/ { print $2 }')
        p50=$(echo "$out" | awk '$1 == "50%" { print $2 }'); p99=$(echo "$out" | awk '$1 == "99%" { print $2 }')
        err=$(echo "$out" | grep -E "Socket errors|Non-2xx" | tr -s ' \n' ' ')
        read -r cores us f < <(awk -v c="$((c1 - c0))" -v b="$((b1 - b0))" -v hz="$hz" -v w0="$t0" -v w1="$t1" -v r="${rps:-0}" \
          -v own="${own:-0}" 'BEGIN { w = w1 - w0; printf "%.2f %.2f %.2f\n", c / hz / w, (r > 0 ? c / hz / w / r * 1e6 : 0), ((b - c) / hz - own) / w }')
        awk -v f="$f" 'BEGIN { exit !(f > 0.2) }' || break
      done
      echo -e "$name\thttp\tconns=$c rps=${rps:-0} p50=${p50:-?} p99=${p99:-?} server_cores=$cores server_us_per_req=$us server_rss_kb=$rss foreign_cores=$f attempts=$a ${err}" | tee -a "$TSV" >&2
    done
    stop
  done
}

say "net run $STAMP: JDK $WEFT_JDK, SUITE=$SUITE, DUR=$DUR, WARM=$WARM, server on CPU $SERVER_CPU, client on CPU $CLIENT_CPU, load $(cut -d' ' -f1-3 /proc/loadavg)"
case $SUITE in
  echo) echo_suite 1 ;;
  pipelined) echo_suite 16 ;;
  http) http_suite ;;
  all) echo_suite 1; echo_suite 16; http_suite ;;
  *) echo "run.sh: SUITE must be echo, pipelined, http or all" >&2; exit 1 ;;
esac
"${PYTHON}" "$HERE/tables.py" "$TSV" | tee "$OUT/net-$STAMP.md"
say "raw: $TSV; tables: $OUT/net-$STAMP.md; server logs: $OUT/server-*.log"
