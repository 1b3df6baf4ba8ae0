#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# run-unprivileged.sh - as root, run the integration tests again as an
# unprivileged user with subordinate ids: sbx exists for such users.
#
# Called by "make check" (check-local) from the build directory, which may be
# inside the source tree or anywhere else.  The checkout may sit where other
# users cannot enter (CI's clone under /root), so the user gets a copy of the
# source and build trees under /tmp.
#
# What it changes on the machine, and undoes on exit (also when killed by
# HUP, INT or TERM; only ever what it made itself):
#   - the user SBX_TEST_USER (default sbxtest) is created with useradd -m if
#     it does not exist (Debian's useradd gives it a subordinate range), and
#     then removed with userdel -r, which drops its subordinate ranges too;
#   - a user that exists but has no subordinate range gets one through
#     usermod --add-subuids/--add-subgids, removed again with --del-subuids;
#   - the copy under /tmp is removed, unless SBX_UNPRIV_COPY names where it
#     goes (CI keeps it there to read the .trs files).
# Env: top_srcdir (from make), TESTS (the tests to run), SBX_TEST_USER,
# SBX_UNPRIV_COPY.
set -eu
[ "$(id -u)" = 0 ] || exit 0
user=${SBX_TEST_USER:-sbxtest}
created_user=0 added_uids='' added_gids='' copy='' keep_copy=0

cleanup() {
  local rc=$?
  set +e
  [ "$keep_copy" = 1 ] || [ -z "$copy" ] || rm -rf "$copy"
  [ -z "$added_uids" ] || usermod --del-subuids "$added_uids" "$user"
  [ -z "$added_gids" ] || usermod --del-subgids "$added_gids" "$user"
  if [ "$created_user" = 1 ]; then
    # processes a test left behind would make userdel refuse
    pkill -KILL -u "$user" 2>/dev/null
    userdel -r "$user" 2>/dev/null || userdel "$user"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

if ! id "$user" >/dev/null 2>&1; then
  useradd -m -s /bin/bash "$user"
  created_user=1
  echo "run-unprivileged.sh: created user '$user' (removed at the end)"
fi
# A free range above every range in FILE: FIRST-LAST.
free_range() {
  awk -F: 'BEGIN { m = 100000 } { e = $2 + $3; if (e > m) m = e } END { print m "-" m + 65535 }' "$1"
}
if ! grep -q "^$user:" /etc/subuid 2>/dev/null; then
  added_uids=$(free_range /etc/subuid)
  usermod --add-subuids "$added_uids" "$user"
fi
if ! grep -q "^$user:" /etc/subgid 2>/dev/null; then
  added_gids=$(free_range /etc/subgid)
  usermod --add-subgids "$added_gids" "$user"
fi

src=$(cd "$top_srcdir" && pwd -P)
build=$(pwd -P)
if [ -n "${SBX_UNPRIV_COPY:-}" ]; then
  copy=$SBX_UNPRIV_COPY keep_copy=1
  rm -rf "$copy"
  mkdir -p "$copy"
else
  copy=$(mktemp -d /tmp/sbx-unpriv.XXXXXX)
fi
chmod 755 "$copy"
# tar keeps the timestamps, so make sees nothing to rebuild.
case "$build/" in
  "$src"/*)
    # the build directory inside the tree: one copy, the same layout
    rel=${build#"$src"}; rel=${rel#/}
    tar -C "$src" --exclude=.git -cf - . | tar -C "$copy" -xpf -
    cbuild=$copy${rel:+/$rel} csrc=$copy ;;
  *)
    # elsewhere: the source in $copy/src, the build in $copy/build; make is
    # told where the source now is (srcdir and VPATH are plain variables)
    mkdir "$copy/src" "$copy/build"
    tar -C "$src" --exclude=.git -cf - . | tar -C "$copy/src" -xpf -
    tar -C "$build" -cf - . | tar -C "$copy/build" -xpf -
    cbuild=$copy/build csrc=$copy/src ;;
esac
chown -R "$user:" "$copy"
rm -f "$cbuild"/tests/*/*.log "$cbuild"/tests/*/*.trs "$cbuild"/test-suite.log
echo "== integration tests as unprivileged user '$user' (in $copy)"
status=0
if [ "$csrc" = "$copy" ]; then
  runuser -u "$user" -- env -u SBX -u PROBE -u BWRAP \
    make -C "$cbuild" check TESTS="$TESTS" SBX_NO_UNPRIV=1 || status=$?
else
  # check-TESTS, not check: nothing is built again in the copy
  runuser -u "$user" -- env -u SBX -u PROBE -u BWRAP \
    make -C "$cbuild" check-TESTS TESTS="$TESTS" SBX_NO_UNPRIV=1 \
    srcdir="$csrc" top_srcdir="$csrc" VPATH="$csrc" || status=$?
fi
exit "$status"
