#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/run.sh - build sbx and run the shared benchmark scripts against it.
#
#   bench/run.sh                    # start-up and RSS (startup.sh, rss.sh)
#   bench/run.sh startup            # one of: startup rss mounts seccomp net all
#                                   # (seccomp and net run this directory's
#                                   # seccomp.sh and net.sh)
#   SBX=/path/to/sbx bench/run.sh   # skip the build, measure this binary
#
# The benchmark scripts are not part of this repository: they live in the
# project's shared directory, next to the checkout (../shared/bench), read-only.
# BENCH_DIR=/path/to/bench overrides that.  Nothing of them is copied here.
#
# Env: BENCH_DIR, SBX, SBX_BUILD (where sbx is built when the checkout is not
# configured in place; default /tmp/sbx-bench-sbx), BUILD (where the scripts
# build their helpers; default /tmp/sbx-bench-build), RESULTS (default
# /tmp/sbx-bench-results), plus every variable the scripts read (ROUNDS,
# WARMUP, REPS, HYPERFINE, BENCH_USER, ...).  Started as root, the scripts
# re-run themselves as the unprivileged user $BENCH_USER (default sbxbench),
# which they create with subordinate ids if it is missing.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)

find_bench() {
  local d
  for d in "${BENCH_DIR:-}" "$top/../shared/bench"; do
    [ -n "$d" ] && [ -x "$d/startup.sh" ] && { (cd "$d" && pwd); return 0; }
  done
  echo "bench/run.sh: no benchmark scripts found: set BENCH_DIR to the directory" \
       "holding startup.sh and rss.sh (the project's shared/bench)" >&2
  return 1
}

# Build sbx: in place if the checkout is configured there, else out of tree.
build_sbx() {
  if [ -f "$top/Makefile" ]; then
    make -s -C "$top" src/sbx >&2
    echo "$top/src/sbx"
    return
  fi
  local b=${SBX_BUILD:-/tmp/sbx-bench-sbx}
  [ -x "$top/configure" ] || (cd "$top" && ./autogen.sh >&2)
  mkdir -p "$b"
  [ -f "$b/Makefile" ] || (cd "$b" && "$top/configure" -q >&2)
  make -s -C "$b" src/sbx >&2
  echo "$b/src/sbx"
}

bench=$(find_bench)
sbx=${SBX:-$(build_sbx)}
[ -x "$sbx" ] || { echo "bench/run.sh: '$sbx' is not an executable sbx" >&2; exit 1; }

# The scripts run as another user when started as root: give them a copy of
# the binary that user can reach, whatever the permissions of the checkout.
stage=$(mktemp -d /tmp/sbx-bench-bin.XXXXXX)
trap 'rm -rf "$stage"' EXIT
chmod 0755 "$stage"
install -m 0755 "$sbx" "$stage/sbx"

export SBX=$stage/sbx
export BUILD=${BUILD:-/tmp/sbx-bench-build}
RESULTS=${RESULTS:-/tmp/sbx-bench-results}
mkdir -p "$RESULTS" "$BUILD"
chmod 0777 "$RESULTS" 2>/dev/null || true
# The helpers (runbench) are built as the invoking user, then run as
# BENCH_USER: build them here so that user only needs to read them.
make -s -C "$bench" BUILD="$BUILD" "$BUILD/runbench" >/dev/null

run() {
  local name=$1; shift
  echo "== $name ($bench/$1)"
  "$bench/$@" 2>&1 | tee "$RESULTS/$name.txt"
  echo
}
# bench/seccomp.sh is sbx's own (bench/README.md, section 4); staged like the
# binary, since it re-runs itself as BENCH_USER.
run_seccomp() {
  install -m 0755 "$top/bench/seccomp.sh" "$stage/seccomp.sh"
  echo "== seccomp ($top/bench/seccomp.sh)"
  SHARED=$bench "$stage/seccomp.sh" 2>&1 | tee "$RESULTS/seccomp.txt"
  echo
}
# bench/net.sh (--net pasta against --unshare-net and slirp4netns) runs as
# the caller: pasta needs /dev/net/tun, which BENCH_USER may not open.
run_net() {
  echo "== net ($top/bench/net.sh)"
  SHARED=$bench SBX=$sbx "$top/bench/net.sh" 2>&1 | tee "$RESULTS/net.txt"
  echo
}
what=${1:-default}
case $what in
  startup) run startup startup.sh ;;
  rss)     run rss rss.sh ;;
  mounts)  run mounts mounts-scale.sh ;;
  seccomp) run_seccomp ;;
  net)     run_net ;;
  default) run startup startup.sh; run rss rss.sh ;;
  all)     run startup startup.sh; run rss rss.sh; run mounts mounts-scale.sh
           run_seccomp ;;
  *) echo "usage: bench/run.sh [startup|rss|mounts|seccomp|net|all]" >&2; exit 2 ;;
esac
echo "outputs in $RESULTS (sbx: $sbx)"
