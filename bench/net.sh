#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/net.sh - what --net pasta costs at start-up, side by side in one run
# (the shared harness's runbench: interleaved rounds, paired ratios):
#   sbx --net pasta -- true      against  sbx --unshare-net -- true
#   sbx --net pasta -- true      against  slirp4netns started by hand for an
#                                         `unshare -U -r -n` namespace
#                                         (bench/net-slirp.sh, a bash script:
#                                         its own start is in its figure)
#   and unshare -U -r -n true as the floor.
# Runs as the calling user: pasta and slirp4netns need /dev/net/tun readable
# and writable by it (on this machine only root: it is mode 0600 here).
# Usage: SBX=/path/to/sbx bench/net.sh
# Env: SBX (required), SHARED (default /work/shared/bench), ROUNDS (200),
#      WARMUP (10), BUILD (default /tmp/sbx-bench-build-net).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SHARED=${SHARED:-/work/shared/bench}
SBX=${SBX:?set SBX to the sbx binary}
ROUNDS=${ROUNDS:-200} WARMUP=${WARMUP:-10}
BUILD=${BUILD:-/tmp/sbx-bench-build-net}
make -s -C "$SHARED" BUILD="$BUILD" "$BUILD/runbench" >/dev/null
for c in pasta slirp4netns unshare; do
  command -v "$c" >/dev/null || { echo "bench/net.sh: $c is not installed" >&2; exit 1; }
done
"$SBX" --net pasta -- true || { echo "bench/net.sh: sbx --net pasta does not work here" >&2; exit 1; }
"$HERE/net-slirp.sh" || { echo "bench/net.sh: slirp4netns does not work here" >&2; exit 1; }
echo "# bench/net.sh  $(date -u +%FT%TZ)  kernel $(uname -r)  $(nproc) cpus  user $(id -un)"
echo "# sbx $("$SBX" --version | head -1), pasta $(dpkg-query -W -f '${Version}' passt 2>/dev/null || echo '?')," \
     "slirp4netns $(dpkg-query -W -f '${Version}' slirp4netns 2>/dev/null || echo '?')"
"$BUILD/runbench" -n "$ROUNDS" -w "$WARMUP" -b unshare-net \
  -p pasta:unshare-net -p pasta:slirp-hand -p slirp-hand:unshare-n -- \
  unshare-n   "unshare -U -r -n true" \
  unshare-net "$SBX --unshare-net -- true" \
  pasta       "$SBX --net pasta -- true" \
  slirp-hand  "$HERE/net-slirp.sh"
