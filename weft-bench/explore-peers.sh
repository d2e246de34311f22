#!/usr/bin/env bash
# Weft's schedule explorer beside JetBrains Lincheck (model checking), in one JVM on one pinned
# core: schedules per second on the same small scenario, then how many schedules RANDOM and PCT
# need to find each bug of the catalogue. Driver: peers/lincheck/ExploreSideBySide.java.
#
#   weft-bench/explore-peers.sh            # 5 rounds of 20,000 schedules, 20 first seeds per bug; ~2 min
#   QUICK=1 weft-bench/explore-peers.sh    # 2 rounds of 5,000, 5 first seeds; ~30 s
#
# Settings (environment): CPU (core to pin to, default 1), JAVA_HOME (a JDK 25; else the one
# scripts/find-jdk25.sh finds). Builds weft-test with Maven and resolves Lincheck 3.7 from Maven
# Central (peers/lincheck/pom.xml) on first use.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
. "$ROOT/scripts/find-jdk25.sh"
weft_find_jdk25 || exit 1
CPU=${CPU:-1}
OUT=$HERE/target/explore-peers
mkdir -p "$OUT/classes"
if [ "${QUICK:-0}" = 1 ]; then ARGS=(2 5000 5); else ARGS=(5 20000 20); fi

(cd "$ROOT" && JAVA_HOME=$WEFT_JDK mvn -q -B -DskipTests -pl weft-test -am package) >"$OUT/build.log" 2>&1 \
  || { cat "$OUT/build.log"; exit 1; }
JAVA_HOME=$WEFT_JDK mvn -q -B -f "$HERE/peers/lincheck/pom.xml" dependency:build-classpath \
  -Dmdep.outputFile="$OUT/lincheck.cp" >"$OUT/cp.log" 2>&1 || { cat "$OUT/cp.log"; exit 1; }
CP="$ROOT/weft-core/target/classes:$ROOT/weft-test/target/classes:$(cat "$OUT/lincheck.cp")"
"$WEFT_JDK/bin/javac" -nowarn -d "$OUT/classes" -cp "$CP" "$HERE/peers/lincheck/ExploreSideBySide.java"
echo "JVM: $("$WEFT_JDK/bin/java" -version 2>&1 | head -1); pinned to CPU $CPU" >&2
exec taskset -c "$CPU" "$WEFT_JDK/bin/java" --add-opens java.base/java.lang=ALL-UNNAMED -XX:+EnableDynamicAgentLoading \
  -cp "$OUT/classes:$CP" ExploreSideBySide "${ARGS[@]}"
