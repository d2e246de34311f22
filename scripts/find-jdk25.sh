# shellcheck shell=bash
# Finds a JDK 25 or newer. Source this file, then call weft_find_jdk25:
#
#   . scripts/find-jdk25.sh
#   weft_find_jdk25 || exit 1      # on success WEFT_JDK holds the JDK's home
#
# Looks, in order, at $WEFT_JAVA_HOME, $JAVA_HOME, the `java` on PATH, then
# /usr/lib/jvm/*25* and every other /usr/lib/jvm/*. The first JDK whose
# `java -version` says 25 or more wins. When none does, prints to stderr that
# JDK 25 is needed and every place it looked, and returns 1.
# Safe under `set -euo pipefail`; defines only weft_* names.

weft_java_major() { # weft_java_major /path/to/bin/java -> prints the feature version, e.g. 25
  local java=$1 line version
  [[ -x $java ]] || return 1
  line=$("$java" -version 2>&1 | grep -m1 -E 'version "') || return 1
  version=${line#*version \"}
  version=${version%%\"*}
  version=${version#1.}             # 1.8.0_412 -> 8.0_412
  version=${version%%[.+_-]*}       # 25.0.3 -> 25, 26-ea -> 26
  [[ $version =~ ^[0-9]+$ ]] || return 1
  printf '%s\n' "$version"
}

weft_find_jdk25() {
  WEFT_JDK=
  local looked=() candidate major dir java_on_path
  # try_home HOME LABEL: accept HOME when its java is 25+, else note why not.
  weft_try_home() {
    local home=$1 label=$2
    if [[ ! -x $home/bin/java ]]; then
      looked+=("$label: no bin/java")
      return 1
    fi
    if [[ ! -x $home/bin/javac ]]; then
      looked+=("$label: a JRE, no javac")
      return 1
    fi
    major=$(weft_java_major "$home/bin/java") || { looked+=("$label: java -version unreadable"); return 1; }
    if (( major >= 25 )); then
      WEFT_JDK=$home
      return 0
    fi
    looked+=("$label: java $major")
    return 1
  }

  if [[ -n ${WEFT_JAVA_HOME:-} ]]; then
    weft_try_home "$WEFT_JAVA_HOME" "WEFT_JAVA_HOME=$WEFT_JAVA_HOME" && return 0
  else
    looked+=("WEFT_JAVA_HOME: unset")
  fi
  if [[ -n ${JAVA_HOME:-} ]]; then
    weft_try_home "$JAVA_HOME" "JAVA_HOME=$JAVA_HOME" && return 0
  else
    looked+=("JAVA_HOME: unset")
  fi
  if java_on_path=$(command -v java 2>/dev/null); then
    candidate=$(readlink -f "$java_on_path")
    weft_try_home "$(dirname "$(dirname "$candidate")")" "java on PATH ($java_on_path)" && return 0
  else
    looked+=("java on PATH: none")
  fi
  local jvms=${WEFT_JVM_DIR:-/usr/lib/jvm} seen=" "   # WEFT_JVM_DIR: for testing this script
  for dir in "$jvms"/*25* "$jvms"/*; do
    [[ -d $dir ]] || continue
    candidate=$(readlink -f "$dir")
    [[ $seen == *" $candidate "* ]] && continue
    seen+="$candidate "
    weft_try_home "$candidate" "$dir" && return 0
  done
  [[ $seen == " " ]] && looked+=("$jvms/*: nothing there")

  {
    echo "weft: JDK 25 or newer is needed, and none was found. Looked at:"
    printf '  - %s\n' "${looked[@]}"
    echo "Install a JDK 25 (for example Temurin 25 under /usr/lib/jvm), or point WEFT_JAVA_HOME at one."
  } >&2
  return 1
}
