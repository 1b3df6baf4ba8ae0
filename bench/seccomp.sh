#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/seccomp.sh - what seccomp costs sbx, side by side in one run:
#   1. start-up: containers' profile cached vs no filter (goal <= 1.2x), and
#      uncached (compiled at every start) vs cached;
#   2. per filtered syscall: inside sbx under containers' profile (libseccomp's
#      binary tree, as sbx compiles it) vs the same kind of list in libseccomp's
#      linear layout (../shared/bench/seccomp-overhead's docker3-linear).
# Usage: SBX=/path/to/sbx bench/seccomp.sh   (as root it re-runs as $BENCH_USER)
# Env: SBX (required), SHARED (default /work/shared/bench), ROUNDS (300),
#      WARMUP (20), SROUNDS (9), ITERS (400000), BENCH_USER (sbxbench).
set -euo pipefail
SHARED=${SHARED:-/work/shared/bench}
SBX=${SBX:?set SBX to the sbx binary}
ROUNDS=${ROUNDS:-300} WARMUP=${WARMUP:-20} SROUNDS=${SROUNDS:-9} ITERS=${ITERS:-400000}
BENCH_USER=${BENCH_USER:-sbxbench}
BUILD=${BUILD:-/tmp/sbx-bench-build-seccomp}
make -s -C "$SHARED" BUILD="$BUILD" >/dev/null
if [ "$(id -u)" = 0 ]; then
  "$SHARED/ensure-user.sh" "$BENCH_USER"
  chmod 755 "$BUILD"
  exec runuser -u "$BENCH_USER" -- env PATH="$PATH" SBX="$SBX" SHARED="$SHARED" BUILD="$BUILD" \
    ROUNDS="$ROUNDS" WARMUP="$WARMUP" SROUNDS="$SROUNDS" ITERS="$ITERS" "$0" "$@"
fi
TMP=$(mktemp -d /tmp/sbx-seccomp-bench.XXXXXX)
# sbx trusts no cache under /tmp (anyone can write there): the cache goes home
CACHE=$(mktemp -d "$HOME/.sbx-seccomp-bench.XXXXXX")
trap 'rm -rf "$TMP" "$CACHE"' EXIT
cd "$TMP"
apt-get download golang-github-containers-common >/dev/null 2>&1
dpkg -x golang-github-containers-common_*.deb x
P=$TMP/x/usr/share/containers/seccomp.json
export XDG_CACHE_HOME=$CACHE
"$SBX" --seccomp-profile "$P" -- /bin/true   # fill the cache
echo "# bench/seccomp.sh  $(date -u +%FT%TZ)  kernel $(uname -r)  $(nproc) cpus  user $(id -un)"
echo "# profile: Debian's containers seccomp.json ($(grep -c . "$P") lines)"
echo "## 1. start-up, /bin/true; every row goes through env(1) so they pay the same exec"
# uncached: no usable cache directory, so every start compiles
"$BUILD/runbench" -n "$ROUNDS" -w "$WARMUP" -b none \
  -p cached:none -p uncached:cached -p default:none -- \
  none     "env XDG_CACHE_HOME=$CACHE $SBX --seccomp-profile none -- /bin/true" \
  cached   "env XDG_CACHE_HOME=$CACHE $SBX --seccomp-profile $P -- /bin/true" \
  uncached "env XDG_CACHE_HOME=rel HOME=rel $SBX --seccomp-profile $P -- /bin/true" \
  default  "env XDG_CACHE_HOME=$CACHE $SBX -- /bin/true"

echo
echo "## 2. ns per syscall ($SROUNDS interleaved rounds of $ITERS calls; medians)"
BIN=$BUILD/seccomp-overhead
for r in $(seq "$SROUNDS"); do
  echo "ROUND $r"
  "$BIN" bench -q -n "$ITERS" -r 1 none docker3-linear docker3-tree
  "$SBX" --seccomp-profile none -- "$BIN" bench -q -n "$ITERS" -r 1 -l sbx-none inherited
  "$SBX" --seccomp-profile "$P" -- "$BIN" bench -q -n "$ITERS" -r 1 -l sbx-containers inherited
done > "$TMP/raw.txt"
awk '
$1 == "ROUND" { r = $2; nr = r; next }
$1 == "RAW" { if (!($2 in sl)) { sl[$2] = 1; L[++nl] = $2 } if (!($3 in st)) { st[$3] = 1; TT[++nt] = $3 } v[$2, $3, r] = $4 }
function med(a, m,   i, j, t) { for (i = 2; i <= m; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
  return (m % 2) ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2 }
END {
  printf "%-16s", "mode"; for (t = 1; t <= nt; t++) printf " %20s", TT[t]; printf "\n"
  for (l = 1; l <= nl; l++) { printf "%-16s", L[l]
    for (t = 1; t <= nt; t++) { m = 0; delete x; delete d
      for (k = 1; k <= nr; k++) if ((L[l], TT[t], k) in v) { m++; x[m] = v[L[l], TT[t], k]; d[m] = v[L[l], TT[t], k] - v["none", TT[t], k] }
      printf " %20s", sprintf("%.1f (%+.0f)", med(x, m), med(d, m)) }
    printf "\n" } }' "$TMP/raw.txt"
echo "(+N: median per-round difference to the in-process 'none' row, ns)"
