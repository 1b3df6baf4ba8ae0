#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/holder.sh - what the user-namespace holder costs and saves
# (bench/README.md, section 8b), in one run, rounds interleaved:
#   first    sbx --map-root --subids -- true  with no holder running (it makes one)
#   joined   the same, right after (it joins that holder)
#   helpers  the same with SBX_USERNS_HOLDER=0 (newuidmap and newgidmap every time)
# Wall time from bash's EPOCHREALTIME (no process started to read a clock),
# medians in ms, and the ratios to "helpers".  The holders it makes use a
# runtime directory of its own under $HOME, so the caller's holder, if any,
# is left alone.
# Runs as a user with subordinate ids; started as root it re-runs itself as
# $BENCH_USER (default sbxbench) with a copy of sbx that user can run.
# Usage: SBX=/path/to/sbx bench/holder.sh
# Env: SBX (required), ROUNDS (40), BENCH_USER.
set -euo pipefail
SBX=${SBX:?set SBX to the sbx binary}
ROUNDS=${ROUNDS:-40}

if [ "$(id -u)" = 0 ]; then
  user=${BENCH_USER:-sbxbench}
  stage=$(mktemp -d /tmp/sbx-bench-holder.XXXXXX)
  trap 'rm -rf "$stage"' EXIT
  chmod 0755 "$stage"
  install -m 0755 "$SBX" "$stage/sbx"
  install -m 0755 "$0" "$stage/holder.sh"
  runuser -u "$user" -- env SBX="$stage/sbx" ROUNDS="$ROUNDS" "$stage/holder.sh"
  exit
fi

rt=$(mktemp -d "$HOME/.sbx-bench-holder.XXXXXX")
chmod 700 "$rt"
export XDG_RUNTIME_DIR=$rt
ours() { # the holders of this run: their directory is fd 3
  local d
  for d in /proc/[0-9]*; do
    [ "$(cat "$d/comm" 2>/dev/null)" = sbx-userns ] && [ "$(readlink "$d/fd/3" 2>/dev/null)" = "$rt/sbx" ] &&
      echo "${d#/proc/}"
  done
}
stop_holders() {
  local p
  for p in $(ours); do kill "$p" 2>/dev/null || true; done
  rm -f "$rt/sbx/userns-holder"
}
trap 'stop_holders; rm -rf "$rt"' EXIT

"$SBX" --map-root --subids -- true || { echo "bench/holder.sh: sbx --map-root --subids fails here" >&2; exit 1; }
out=$(mktemp)
us() { # label CMD...: one run's wall time in microseconds
  local label=$1 s e
  shift
  s=${EPOCHREALTIME/./}
  "$@"
  e=${EPOCHREALTIME/./}
  echo "$label $((e - s))" >>"$out"
}
for _ in $(seq "$ROUNDS"); do
  stop_holders
  us first "$SBX" --map-root --subids -- true
  us joined "$SBX" --map-root --subids -- true
  export SBX_USERNS_HOLDER=0 # not through env(1): one exec more would count
  us helpers "$SBX" --map-root --subids -- true
  unset SBX_USERNS_HOLDER
done
median() { grep "^$1 " "$out" | cut -d' ' -f2 | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
echo "# bench/holder.sh  $(date -u +%FT%TZ)  kernel $(uname -r)  $(nproc) cpus  user $(id -un)  $ROUNDS rounds"
h=$(median helpers)
for l in first joined helpers; do
  m=$(median "$l")
  awk -v l="$l" -v m="$m" -v h="$h" 'BEGIN { printf "%-8s %8.2f ms  %5.2fx helpers\n", l, m / 1000, m / h }'
done
rm -f "$out"
