#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/clients/webkit.sh - WebKitGTK's web-process sandbox under sbx's bwrap
# face: a local page whose JavaScript sets document.title, loaded by a small
# python3-gi program (webkit-page.py) with the sandbox on, under xvfb-run, as
# an unprivileged user, must give the same title as under bubblewrap; with a
# bwrap that only exits 1 WebKit must fail.
#
# WebKit runs the fixed path /usr/bin/bwrap, so each run substitutes it: as
# root, in a private mount namespace, a logging wrapper named bwrap is bound
# over /usr/bin/bwrap, then runuser starts the client as the test user.
#
# Usage: tests/clients/webkit.sh [--face PATH] [--reference PATH] [--user USER] [--keep]
# Needs root and the Debian packages gir1.2-webkit2-4.1, python3-gi, xvfb,
# xauth, bubblewrap (and dbus-daemon, xdg-dbus-proxy for the run with a
# session bus).  Prints TAP; exits 0 only when every check passed.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/lib.sh"
parse_args "$@"
need python3 python3
need xvfb-run xvfb
need xauth xauth
need unshare util-linux
need_gi WebKit2 4.1 gir1.2-webkit2-4.1
[ "$(id -u)" = 0 ] || skip_all "needs root, to put a wrapper over the fixed path /usr/bin/bwrap in a private mount namespace"

setup_world sbx-client-webkit
cp "$here/webkit-page.py" "$W/page.py"
# The title is computed by the page's script, so it can only come from a web
# process that ran.
cat >"$W/page.html" <<'HTML'
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>static</title></head>
<body><p>sbx client test</p>
<script>
document.title = "sbx-client-test:" + (6 * 7) + ":" + btoa("sbx") + ":" +
  [3, 1, 2].sort().join("");
</script></body></html>
HTML
expected='title: sbx-client-test:42:c2J4:123'
chown -R "$user:" "$W"
runs=()
trap 'rm -rf "${runs[@]}"; [ "$keep" = 1 ] || rm -rf "$W"' EXIT

# run VARIANT [bus]: load the page with WebKit running $W/shim-VARIANT/bwrap
# as /usr/bin/bwrap; output in $W/VARIANT[-bus].{out,err,status}.  With
# "bus", inside dbus-run-session: WebKit then also starts xdg-dbus-proxy
# through bwrap, for the web process's filtered view of the session bus.
run() {
  local v=$1 st=0 name=$1${2:+-$2} bus=()
  [ "${2:-}" = bus ] && bus=(dbus-run-session --)
  # XDG_RUNTIME_DIR where a desktop has it, under /run: WebKit makes it
  # with --dir before it puts --symlink ../tmp /var/tmp, so bubblewrap itself
  # fails when it lies under /var/tmp.
  local rundir
  rundir=$(mktemp -d /run/sbx-client-webkit.XXXXXX) || exit 1
  runs+=("$rundir")
  rm -rf "$W/home-$v"
  mkdir -p "$W/home-$v"
  chown "$user:" "$W/home-$v" "$rundir"
  # Why a private mount namespace: the bind must be seen by this run only,
  # never by the machine's other users of /usr/bin/bwrap.
  timeout 90 unshare -m --propagation private sh -c '
    mount --bind "$1" /usr/bin/bwrap || exit 125
    shift
    exec runuser -u "$@"' sh "$W/shim-$v/bwrap" "$user" -- \
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 HOME="$W/home-$v" \
      XDG_RUNTIME_DIR="$rundir" XDG_CACHE_HOME="$W/home-$v/.cache" \
      XDG_DATA_HOME="$W/home-$v/.local/share" XDG_CONFIG_HOME="$W/home-$v/.config" \
      NO_AT_BRIDGE=1 \
      "${bus[@]}" xvfb-run -a python3 "$W/page.py" "$W/page.html" \
    >"$W/$name.out" 2>"$W/$name.err" </dev/null || st=$?
  echo "$st" >"$W/$name.status"
}

run ref
if [ "$(cat "$W/ref.status")" = 0 ] && grep -qxF "$expected" "$W/ref.out"; then
  ok "WebKit with its sandbox on under bubblewrap ($("$W/ref/bwrap" --version 2>&1)) runs the page's script"
else
  fail "WebKit under bubblewrap (status $(cat "$W/ref.status"))"
  { cat "$W/ref.out" "$W/ref.err"; show_calls ref; } | diag
fi
if grep -q 'WebKitWebProcess' "$W/shim-ref/calls.log" 2>/dev/null; then
  ok "under bubblewrap the web process was started through /usr/bin/bwrap"
else
  fail "under bubblewrap the web process was started through /usr/bin/bwrap"; show_calls ref | diag
fi

run face
if [ "$(cat "$W/face.status")" = 0 ] && diff -u "$W/ref.out" "$W/face.out" >"$W/diff.txt"; then
  ok "the same title under sbx's bwrap face as under bubblewrap"
else
  fail "the same title under sbx's bwrap face (status $(cat "$W/face.status"))"
  { cat "$W/diff.txt" "$W/face.err" 2>/dev/null; show_calls face; } | DIAG_LINES=200 diag
fi
if grep -q 'WebKitWebProcess' "$W/shim-face/calls.log" 2>/dev/null; then
  ok "under the face the web process was started through /usr/bin/bwrap"
else
  fail "under the face the web process was started through /usr/bin/bwrap"; show_calls face | diag
fi

# The same with a session bus: the proxy, too, must start under the face.
if command -v dbus-run-session >/dev/null && command -v xdg-dbus-proxy >/dev/null; then
  : >"$W/shim-ref/calls.log"; : >"$W/shim-face/calls.log"
  run ref bus
  run face bus
  if [ "$(cat "$W/ref-bus.status")" != 0 ] || ! grep -qxF "$expected" "$W/ref-bus.out" ||
     ! grep -q xdg-dbus-proxy "$W/shim-ref/calls.log"; then
    fail "with a session bus under bubblewrap, WebKit runs the page and xdg-dbus-proxy through bwrap (status $(cat "$W/ref-bus.status"))"
    { cat "$W/ref-bus.out" "$W/ref-bus.err"; show_calls ref; } | diag
  # Only the title: the session bus's services (accessibility) print there too.
  elif [ "$(cat "$W/face-bus.status")" = 0 ] &&
       diff -u <(grep '^title:' "$W/ref-bus.out") <(grep '^title:' "$W/face-bus.out") >"$W/diff-bus.txt" &&
       grep -q xdg-dbus-proxy "$W/shim-face/calls.log"; then
    ok "with a session bus, the same title under the face, xdg-dbus-proxy started through it too"
  else
    fail "with a session bus, the same title under the face and xdg-dbus-proxy started through it (status $(cat "$W/face-bus.status"))"
    { cat "$W/diff-bus.txt" "$W/face-bus.err" 2>/dev/null; show_calls face; } | DIAG_LINES=200 diag
  fi
else
  skip "no dbus-run-session or xdg-dbus-proxy (Debian packages dbus-daemon, xdg-dbus-proxy)"
fi

run fail
if [ "$(cat "$W/fail.status")" != 0 ] && ! grep -qF "$expected" "$W/fail.out" &&
   [ -s "$W/shim-fail/calls.log" ]; then
  ok "negative control: with a bwrap that only exits 1, WebKit fails (status $(cat "$W/fail.status"))"
else
  fail "negative control: with a bwrap that only exits 1, WebKit must fail (status $(cat "$W/fail.status"))"
  { cat "$W/fail.out" "$W/fail.err"; show_calls fail; } | diag
fi
[ "$keep" = 1 ] && echo "# kept: $W"
finish
