#!/usr/bin/env bash
# What this machine's loopback allows, for reading the network tables: bulk TCP bandwidth
# (iperf3, server on CPU 1, client on CPU 0, and both on CPU 1) and the one-connection
# ping-pong round trip against the C echo server (the VM's wake-up latency bounds every C=1 row).
#
#   weft-bench/net/limits.sh          (~1 min; iperf3 from `apt-get install iperf3`, skipped without it)
set -u -o pipefail
HERE=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
OUT=${OUT:-$HERE/../target/net-results}
mkdir -p "$OUT/bin"
for c in netload cecho; do
  [ -x "$OUT/bin/$c" ] && [ "$OUT/bin/$c" -nt "$HERE/$c.c" ] || gcc -O2 -Wall -o "$OUT/bin/$c" "$HERE/$c.c" || exit 1
done
port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

if command -v iperf3 >/dev/null; then
  for where in "1 0 cross-core" "1 1 same-core"; do
    set -- $where
    p=$(port)
    taskset -c "$1" iperf3 -s -1 -B 127.0.0.1 -p "$p" >/dev/null 2>&1 &
    s=$!
    sleep 0.5
    taskset -c "$2" iperf3 -c 127.0.0.1 -p "$p" -t 5 -f g | awk -v w="$3" '/receiver/ { print "iperf3 " w ": " $7 " " $8 }'
    wait "$s"
  done
else
  echo "iperf3 is not installed (apt-get install iperf3): no bulk bandwidth figure"
fi

p=$(port)
taskset -c 1 "$OUT/bin/cecho" "$p" >/dev/null &
s=$!
sleep 0.3
for size in 64 16384; do
  echo "one connection, ping-pong, $size B, C server on CPU 1: $(taskset -c 0 "$OUT/bin/netload" 127.0.0.1 "$p" 1 "$size" 1 3 1 "$s")"
done
kill "$s"; wait "$s" 2>/dev/null
