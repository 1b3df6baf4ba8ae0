#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# run-unprivileged.sh - as root, run the integration tests again as an
# unprivileged user with subordinate ids: sbx exists for such users.
#
# Called by "make check" (check-local) from the build directory.  The checkout
# may sit where other users cannot enter (CI's clone under /root), so the user
# gets a copy of the source and build trees under /tmp.
# Env: top_srcdir (from make), TESTS (the tests to run), SBX_TEST_USER
# (default sbxtest), SBX_UNPRIV_COPY (where the copy goes; default mktemp).
set -eu
[ "$(id -u)" = 0 ] || exit 0
user=${SBX_TEST_USER:-sbxtest}
id "$user" >/dev/null 2>&1 || useradd -m -s /bin/bash "$user"
# Debian's useradd gives new users a range; an older user may have none.
for f in /etc/subuid /etc/subgid; do
  touch "$f"
  if ! grep -q "^$user:" "$f"; then
    next=$(awk -F: 'BEGIN { m = 100000 } { e = $2 + $3; if (e > m) m = e } END { print m }' "$f")
    echo "$user:$next:65536" >> "$f"
  fi
done
src=$(cd "$top_srcdir" && pwd -P)
build=$(pwd -P)
case "$build/" in
  "$src"/*) rel=${build#"$src"}; rel=${rel#/} ;;
  *) echo "run-unprivileged.sh: the build directory must be inside the source tree" >&2; exit 1 ;;
esac
copy=${SBX_UNPRIV_COPY:-$(mktemp -d /tmp/sbx-unpriv.XXXXXX)}
rm -rf "$copy"
mkdir -p "$copy"
chmod 755 "$copy"
# cp -a keeps the timestamps, so make sees nothing to rebuild.
tar -C "$src" --exclude=.git -cf - . | tar -C "$copy" -xpf -
chown -R "$user:" "$copy"
rm -f "$copy/${rel:+$rel/}"tests/*/*.log "$copy/${rel:+$rel/}"tests/*/*.trs
echo "== integration tests as unprivileged user '$user' (in $copy)"
runuser -u "$user" -- env -u SBX -u PROBE -u BWRAP \
  make -C "$copy/$rel" check TESTS="$TESTS" SBX_NO_UNPRIV=1
