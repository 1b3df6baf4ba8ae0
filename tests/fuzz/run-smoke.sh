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
# Every target Makefile.am lists in FUZZ_TARGETS (= or +=, continued lines
# joined), so a new target cannot be left out of the run.
mapfile -t targets < <(sed -e ':a' -e '/\\$/N; s/\\\n/ /; ta' "$here/../../Makefile.am" |
  sed -n 's/^FUZZ_TARGETS[[:space:]]*+\{0,1\}=//p' | tr -s ' \t' '\n\n' | sed -n 's|^tests/fuzz/||p')
if [ "${#targets[@]}" = 0 ]; then
  echo "1..1"
  echo "not ok 1 - no FUZZ_TARGETS found in $here/../../Makefile.am"
  exit 1
fi
built=0
for t in "${targets[@]}"; do
  [ -x "$build/tests/fuzz/$t" ] && built=1
done
if [ "$built" = 0 ]; then
  echo "1..0 # SKIP no target built in $build/tests/fuzz (configure --enable-fuzzing CC=clang)"
  exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sbx-fuzz.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
artifacts=$build/fuzz-artifacts
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

echo "1..${#targets[@]}"
n=0 failed=0
for t in "${targets[@]}"; do
  n=$((n + 1))
  # a build that has some targets but not this one is stale: that fails
  if [ ! -x "$build/tests/fuzz/$t" ]; then
    failed=$((failed + 1))
    echo "not ok $n - $t: not built in $build (rerun make)"
    continue
  fi
  if ! compgen -G "$here/corpus/${t#fuzz-}/*" >/dev/null; then
    failed=$((failed + 1))
    echo "not ok $n - $t: no seed corpus in tests/fuzz/corpus/${t#fuzz-}"
    continue
  fi
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
