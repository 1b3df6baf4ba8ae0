# SPDX-License-Identifier: GPL-2.0-or-later
# idhelpers.sh - shared by the id-mapping tests; source after libtest.sh.
#
#   ME_UID ME_GID        the caller's ids
#   SU SUC SG SGC        the caller's first subordinate uid/gid range (empty if none)
#   sorted_map TEXT      a probe map ("a b c;d e f") with its lines sorted, so
#                        maps compare whatever order the helpers wrote them in
#   as_user USER CMD...  (root only) run CMD as USER; $USBX and $UPROBE are
#                        copies of sbx and the probe that USER can run
#   hang_guard CMD...    run CMD under timeout 20; $status 124 means it hung

ME_UID=$(id -u)
ME_GID=$(id -g)
SU=$(subid_start /etc/subuid)
SUC=$(subid_count /etc/subuid)
SG=$(subid_start /etc/subgid)
SGC=$(subid_count /etc/subgid)

sorted_map() {
  printf '%s\n' "$1" | tr ';' '\n' | sort -n | paste -sd';'
}

if [ "$IS_ROOT" = 1 ]; then
  # The build tree may sit where other users cannot enter (/root): copies in $T.
  mkdir -p "$T/bin"
  cp "$SBX" "$T/bin/sbx"
  cp "$PROBE" "$T/bin/probe"
  chmod 755 "$T/bin" "$T/bin/sbx" "$T/bin/probe"
  USBX=$T/bin/sbx
  UPROBE=$T/bin/probe
fi

as_user() { # USER CMD...
  local u=$1
  shift
  (cd "$T" && runuser -u "$u" -- "$@")
}

hang_guard() {
  run timeout 20 "$@"
}
