#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# run-smoke.sh - a short run of every libFuzzer target, from its seed corpus.
#
#   tests/fuzz/run-smoke.sh [BUILDDIR] [SECONDS]
#
# BUILDDIR is a build configured with --enable-fuzzing CC=clang (default: .);
# SECONDS per target (default: $FUZZ_SECONDS or 10).  Prints TAP, one result
# per target; a crash, leak or sanitizer report fails it, and its reproducer
# is kept under BUILDDIR/fuzz-artifacts/.  The seeds in tests/fuzz/corpus are
# only read: new inputs go to a temporary copy.
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-.}
secs=${2:-${FUZZ_SECONDS:-10}}
targets=(fuzz-cli fuzz-subid fuzz-subid-nss fuzz-idmap fuzz-cache)

for t in "${targets[@]}"; do
  if [ ! -x "$build/tests/fuzz/$t" ]; then
    echo "1..0 # SKIP $build/tests/fuzz/$t not built (configure --enable-fuzzing CC=clang)"
    exit 0
  fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sbx-fuzz.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
artifacts=$build/fuzz-artifacts
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

echo "1..${#targets[@]}"
n=0 failed=0
for t in "${targets[@]}"; do
  n=$((n + 1))
  corpus=$tmp/$t.corpus
  mkdir -p "$corpus" "$tmp/$t.art"
  cp "$here/corpus/${t#fuzz-}"/* "$corpus"/
  log=$tmp/$t.log
  "$build/tests/fuzz/$t" -max_total_time="$secs" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$tmp/$t.art/" "$corpus" >"$log" 2>&1
  status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  if [ "$status" = 0 ] && [ -n "$runs" ] && [ "$runs" -gt 0 ]; then
    echo "ok $n - $t: ${runs} inputs in ${secs} s, no crash"
  else
    failed=$((failed + 1))
    echo "not ok $n - $t: exit status $status"
    grep -E 'ERROR|SUMMARY|runtime error|abort|Test unit written' "$log" | head -20 | sed 's/^/# /'
    if compgen -G "$tmp/$t.art/*" >/dev/null; then
      mkdir -p "$artifacts"
      cp "$tmp/$t.art"/* "$artifacts"/
      echo "# reproducer(s) kept in $artifacts: rerun with $build/tests/fuzz/$t FILE"
    fi
  fi
done
[ "$failed" = 0 ]
