# SPDX-License-Identifier: GPL-2.0-or-later
# bench/lib.sh - sourced by bench/trace.sh and bench/timeline.sh: the
# Flatpak-like set, perf and sbx checked, sbx staged where any user can run
# it, and the unprivileged user the starts run as when started as root.
#
#   bench_stage NAME    sets top, N (default $1's), BENCH_USER, SBX, FP,
#                       stage (removed on exit) and as_user
bench_stage() {
  local name=$1 n=$2
  top=$(cd "$(dirname "$0")/.." && pwd)
  N=${N:-$n}
  BENCH_USER=${BENCH_USER:-sbxbench}
  SBX=${SBX:-$top/src/sbx}
  command -v perf >/dev/null || { echo "bench/$name: perf is missing (apt-get install linux-perf)" >&2; exit 1; }
  [ -x "$SBX" ] || { echo "bench/$name: no sbx at $SBX: build it or set SBX=" >&2; exit 1; }
  FP="--unshare-all --ro-bind /usr /usr --symlink usr/bin /bin --symlink usr/lib /lib --symlink usr/lib64 /lib64 --proc /proc --dev /dev --tmpfs /tmp"
  stage=$(mktemp -d "/tmp/sbx-${name%.sh}.XXXXXX")
  trap 'rm -rf "$stage"' EXIT
  chmod 0755 "$stage"
  install -m 0755 "$SBX" "$stage/sbx"
  as_user=()
  if [ "$(id -u)" = 0 ]; then
    local ensure=${BENCH_DIR:-$top/../shared/bench}/ensure-user.sh
    if [ -x "$ensure" ]; then "$ensure" "$BENCH_USER" >/dev/null; fi
    id "$BENCH_USER" >/dev/null 2>&1 || { echo "bench/$name: no user $BENCH_USER" >&2; exit 1; }
    as_user=(runuser -u "$BENCH_USER" --)
  fi
}
