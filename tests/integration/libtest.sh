# SPDX-License-Identifier: GPL-2.0-or-later
# libtest.sh - TAP helpers for sbx's integration tests.  Source it first.
#
# Environment (set by the Makefile; overridable):
#   SBX    the sbx binary      BWRAP  its bwrap face (symlink named bwrap)
#   PROBE  tests/helpers/probe
# Provides:
#   $T                a temporary directory, readable by the sandbox, removed on exit
#                     (also on HUP, INT and TERM)
#   ok/fail/skip      one TAP result each; skip_all REASON ends the script as skipped
#   run CMD...        runs CMD with stdin from /dev/null; sets $out, $errout, $status
#   is GOT WANT NAME  ok if equal, else fail with both shown
#   like GOT PATTERN NAME   ok if GOT contains the fixed string PATTERN
#   unlike GOT PATTERN NAME
#   expect_fail STATUS MESSAGE NAME CMD...   CMD must exit STATUS with MESSAGE in stderr
#   done_testing      prints the plan; call last
#   IS_ROOT           1 when running as uid 0
#   subid_start FILE  the caller's first subordinate id in FILE (empty if none)
set -u
: "${SBX:?SBX must name the sbx binary}"
: "${PROBE:?PROBE must name the probe}"
BWRAP=${BWRAP:-$(dirname "$SBX")/bwrap}
export LC_ALL=C
_n=0
_failed=0
IS_ROOT=0
[ "$(id -u)" = 0 ] && IS_ROOT=1
ME=$(id -un)
T=$(mktemp -d "${TMPDIR:-/tmp}/sbx-test.XXXXXX")
chmod 755 "$T"
# $T goes on every way out: a signal (make's timeout sends TERM, ^C INT)
# becomes an exit, so the EXIT trap runs then too.  A test that sets its own
# EXIT trap removes $T there.
trap 'rm -rf "$T"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

ok()   { _n=$((_n + 1)); echo "ok $_n - $*"; }
fail() { _n=$((_n + 1)); _failed=$((_failed + 1)); echo "not ok $_n - $*"; }
skip() { _n=$((_n + 1)); echo "ok $_n # SKIP $*"; }
diag() { printf '# %s\n' "$@"; }
skip_all() { echo "1..0 # SKIP $*"; exit 0; }
done_testing() { echo "1..$_n"; [ "$_failed" = 0 ]; }

run() {
  local o e
  o=$(mktemp "$T/.out.XXXXXX"); e=$(mktemp "$T/.err.XXXXXX")
  status=0
  "$@" </dev/null >"$o" 2>"$e" || status=$?
  out=$(cat "$o"); errout=$(cat "$e")
  rm -f "$o" "$e"
}

is() {
  if [ "$1" = "$2" ]; then ok "$3"
  else fail "$3"; diag "got:  '$1'" "want: '$2'"; [ -n "${errout:-}" ] && diag "stderr: $errout"; fi
}
like() {
  case "$1" in
    *"$2"*) ok "$3" ;;
    *) fail "$3"; diag "got:  '$1'" "want it to contain: '$2'" ;;
  esac
}
# unlike passes when the text is empty too: guard it with status_is, or a
# like of what the same run must have printed, so a command that failed to
# run cannot pass it.
unlike() {
  case "$1" in
    *"$2"*) fail "$3"; diag "got:  '$1'" "want it NOT to contain: '$2'" ;;
    *) ok "$3" ;;
  esac
}
isnt() {
  if [ "$1" != "$2" ]; then ok "$3"
  else fail "$3"; diag "got:  '$1'" "want anything else"; [ -n "${errout:-}" ] && diag "stderr: $errout"; fi
}
# status_is STATUS NAME: the exit status of the last run
status_is() {
  if [ "$status" = "$1" ]; then ok "$2"
  else fail "$2"; diag "status $status, want $1" "stdout: '$out'" "stderr: '$errout'"; fi
}

# expect_fail STATUS MESSAGE NAME CMD...
expect_fail() {
  local want_status=$1 want_msg=$2 name=$3
  shift 3
  run "$@"
  if [ "$status" = "$want_status" ]; then
    case "$errout" in
      *"$want_msg"*) ok "$name" ;;
      *) fail "$name: message"; diag "stderr: '$errout'" "want it to contain: '$want_msg'" ;;
    esac
  else
    fail "$name: status"; diag "status $status, want $want_status" "stderr: '$errout'"
  fi
}

subid_start() { # FILE
  awk -F: -v u="$ME" -v n="$(id -u)" '$1 == u || $1 == n { print $2; exit }' "$1" 2>/dev/null
}
subid_count() {
  awk -F: -v u="$ME" -v n="$(id -u)" '$1 == u || $1 == n { print $3; exit }' "$1" 2>/dev/null
}

# Skip the whole script when this machine cannot make user namespaces.
require_userns() {
  unshare -U true 2>/dev/null || skip_all "unprivileged user namespaces are not available here"
}

# have_test_hooks: true when sbx was configured with --enable-test-hooks
# (Makefile.am exports SBX_TEST_HOOKS=yes|no); a released build has none.
have_test_hooks() { [ "${SBX_TEST_HOOKS:-no}" = yes ]; }
TEST_HOOKS_REASON="this sbx was built without test hooks (configure --enable-test-hooks)"
# require_test_hooks: skip the whole script without them.
require_test_hooks() { have_test_hooks || skip_all "$TEST_HOOKS_REASON"; }

# BWRAP_ROOT: the arguments that give the bwrap face the host's tree (its
# default root is an empty tmpfs).  Empty when filesystem operations do not
# work in this build; bwrap-face checks then skip with this reason.
BWRAP_ROOT_REASON=
if "$BWRAP" --dev-bind / / true </dev/null >/dev/null 2>&1; then
  BWRAP_ROOT="--dev-bind / /"
else
  BWRAP_ROOT=
  BWRAP_ROOT_REASON="the bwrap face cannot --dev-bind / / here: $("$BWRAP" --dev-bind / / true 2>&1 </dev/null | head -1)"
fi
# have_bwrap_root: true when the bwrap face can run host programs.
have_bwrap_root() { [ -n "$BWRAP_ROOT" ]; }
# bwrap_root_skip: what a check that needs the bwrap face on the host's tree
# reports without it.  Where the sbx face can make a user namespace, the
# bwrap face must be able to as well: a broken bwrap face fails there, it
# is not skipped.
bwrap_root_skip() {
  if "$SBX" --unshare-user true </dev/null >/dev/null 2>&1; then
    fail "the bwrap face runs on the host's tree (--dev-bind / /) where the sbx face makes a user namespace"
    diag "$BWRAP_ROOT_REASON"
  else
    skip "$BWRAP_ROOT_REASON"
  fi
}

# trusted_cache: sets C to a new directory sbx trusts for its seccomp cache
# (every ancestor the caller's or root's, writable by nobody else: never
# under /tmp), under $HOME; removed on exit.  Skips the script without one.
trusted_cache() {
  local home
  home=$(cd ~ 2>/dev/null && pwd -P) || skip_all "no home directory for a trusted cache"
  C=$(mktemp -d "$home/.sbx-test-cache.XXXXXX" 2>/dev/null) || skip_all "cannot write a trusted cache under $home"
  trap 'rm -rf "$T" "$C"' EXIT
}
