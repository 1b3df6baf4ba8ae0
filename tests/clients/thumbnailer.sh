#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/clients/thumbnailer.sh - GNOME's thumbnailer sandbox under sbx's bwrap
# face: libgnome-desktop-3 (through python3-gi, thumbnail.py) runs the
# thumbnailer of a PNG (gdk-pixbuf-thumbnailer) under the first bwrap in PATH
# with --unshare-all, --die-with-parent and its own --seccomp filter.  The
# thumbnail must be the same, byte for byte, as under bubblewrap; with a bwrap
# that only exits 1 no thumbnail may come.
#
# Usage: tests/clients/thumbnailer.sh [--face PATH] [--reference PATH] [--user USER] [--keep]
# As root the client runs as USER (default sbxtest).  Needs the Debian
# packages libgnome-desktop-3-20, gir1.2-gnomedesktop-3.0, python3-gi,
# libgdk-pixbuf2.0-bin, bubblewrap.  Prints TAP; exits 0 only when every
# check passed.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/lib.sh"
parse_args "$@"
need python3 python3
need gdk-pixbuf-thumbnailer libgdk-pixbuf2.0-bin
need_gi GnomeDesktop 3.0 "libgnome-desktop-3-20, gir1.2-gnomedesktop-3.0"

setup_world sbx-client-thumb
cp "$here/thumbnail.py" "$W/thumbnail.py"
python3 "$here/make-png.py" "$W/image.png" || { fail "make a PNG to thumbnail"; finish; exit; }
chown -R "$user:" "$W"

# run VARIANT: thumbnail $W/image.png with $W/shim-VARIANT first in PATH;
# output in $W/VARIANT.{out,err,status,png}.  A fresh HOME each time: GNOME
# keeps thumbnails (and failures) in ~/.cache/thumbnails.
run() {
  local v=$1 st=0
  mkdir -p "$W/home-$v"
  chown "$user:" "$W/home-$v"
  as_user PATH="$W/shim-$v:/usr/sbin:/usr/bin:/sbin:/bin" HOME="$W/home-$v" \
    timeout 60 python3 "$W/thumbnail.py" "$W/image.png" "$W/$v.png" \
    >"$W/$v.out" 2>"$W/$v.err" </dev/null || st=$?
  echo "$st" >"$W/$v.status"
}

run ref
if [ "$(cat "$W/ref.status")" = 0 ] && [ -s "$W/ref.png" ] &&
   grep -q -- '--seccomp' "$W/shim-ref/calls.log" 2>/dev/null; then
  ok "a thumbnail under bubblewrap ($("$W/ref/bwrap" --version 2>&1)), made by a thumbnailer run with --seccomp"
else
  fail "a thumbnail under bubblewrap (status $(cat "$W/ref.status"))"
  { cat "$W/ref.out" "$W/ref.err"; show_calls ref; } | diag
fi

run face
if [ "$(cat "$W/face.status")" = 0 ] && [ -s "$W/face.png" ]; then
  ok "a thumbnail under sbx's bwrap face"
else
  fail "a thumbnail under sbx's bwrap face (status $(cat "$W/face.status"))"
  { cat "$W/face.out" "$W/face.err"; show_calls face; } | DIAG_LINES=100 diag
fi
if grep -q -- '--seccomp' "$W/shim-face/calls.log" 2>/dev/null; then
  ok "under the face too the thumbnailer was started through bwrap with --seccomp"
else
  fail "under the face the thumbnailer was started through bwrap with --seccomp"; show_calls face | diag
fi
# The saved file carries only the URI and the (fixed) mtime besides the
# pixels, so the same image gives the same bytes.
if [ -s "$W/ref.png" ] && cmp "$W/ref.png" "$W/face.png" >/dev/null 2>&1 &&
   diff "$W/ref.out" "$W/face.out" >/dev/null; then
  ok "the same thumbnail, byte for byte, under the face as under bubblewrap"
else
  fail "the same thumbnail, byte for byte, under the face as under bubblewrap"
  { diff -u "$W/ref.out" "$W/face.out"; cmp "$W/ref.png" "$W/face.png"; } 2>&1 | diag
fi

run fail
if [ "$(cat "$W/fail.status")" != 0 ] && [ ! -e "$W/fail.png" ] && [ -s "$W/shim-fail/calls.log" ]; then
  ok "negative control: with a bwrap that only exits 1, no thumbnail ($(head -c 200 "$W/fail.out"))"
else
  fail "negative control: with a bwrap that only exits 1 there must be no thumbnail (status $(cat "$W/fail.status"))"
  { cat "$W/fail.out" "$W/fail.err"; show_calls fail; } | diag
fi
[ "$keep" = 1 ] && echo "# kept: $W"
finish
