# SPDX-License-Identifier: GPL-2.0-or-later
# tests/clients/lib.sh - shared by the client tests and tests/flatpak/run.sh
# (sourced, not run): TAP output, the command line, the bwraps under test set
# up where an unprivileged user can run them, the logging wrapper every run
# goes through, and a private Flatpak world with its own message bus.
#
# Every client test runs its client three times on the same inputs: with the
# real bubblewrap (the reference), with sbx's bwrap face, and with a "bwrap"
# that only exits 1 (the negative control: the client must then fail, so a
# pass can never come from a client that falls back to running unsandboxed).
# Each run goes through a wrapper named bwrap that appends the argv it got,
# and the words behind any --args FD, to calls.log, then execs the bwrap
# under test with the same argv and fds.

# Debian's programs, not whatever a developer's PATH puts first (pyenv...).
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
n=0 failed=0
ok()   { n=$((n + 1)); echo "ok $n - $*"; }
fail() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
skip() { n=$((n + 1)); echo "ok $n # SKIP $*"; }
skip_all() { echo "1..0 # SKIP $*"; exit 0; }
diag() { sed 's/^/# /' | head -n "${DIAG_LINES:-60}"; }
finish() { echo "1..$n"; [ "$failed" = 0 ]; }

# parse_args "$@": --face PATH --reference PATH --user USER --keep
face='' reference=/usr/bin/bwrap user=sbxtest keep=0
parse_args() {
  while [ $# -gt 0 ]; do
    case $1 in
      --face) face=$2; shift 2 ;;
      --reference) reference=$2; shift 2 ;;
      --user) user=$2; shift 2 ;;
      --keep) keep=1; shift ;;
      *) echo "usage: $0 [--face PATH] [--reference PATH] [--user USER] [--keep]" >&2; exit 2 ;;
    esac
  done
  if [ -z "$face" ]; then
    for c in "$top"/build-gcc/src/bwrap "$top"/build/src/bwrap "$top"/src/bwrap; do
      [ -x "$c" ] && { face=$c; break; }
    done
  fi
  [ -n "$face" ] || skip_all "no built bwrap face (build sbx first, or pass --face)"
  [ -x "$reference" ] || skip_all "no reference bubblewrap at $reference (Debian package bubblewrap)"
  if [ "$(id -u)" = 0 ]; then
    id "$user" >/dev/null 2>&1 || skip_all "no user '$user' to run the client as"
  else
    user=$(id -un)
  fi
}

# need CMD PACKAGE: skip the whole test when a client's command is missing.
need() { command -v "$1" >/dev/null || skip_all "$1 is not installed (Debian package $2)"; }
# need_gi NAMESPACE VERSION PACKAGE: the same for a GObject introspection typelib.
need_gi() {
  python3 -c "import gi; gi.require_version('$1', '$2'); from gi.repository import $1" 2>/dev/null ||
    skip_all "python3-gi cannot load $1 $2 (Debian packages python3-gi, $3)"
}

# setup_world PREFIX: a directory the unprivileged $user owns, holding
#   ref/bwrap   a copy of the reference bubblewrap
#   face/bwrap  the face (a copy of sbx, called through the name bwrap)
#   fail/bwrap  the negative control: exits 1
#   shim-{ref,face,fail}/bwrap  the logging wrappers (calls.log beside them)
# Sets W.  Copies, because the build tree may sit where $user cannot enter.
setup_world() {
  W=$(mktemp -d "/var/tmp/$1.XXXXXX") || exit 1
  [ "$keep" = 1 ] || trap 'rm -rf "$W"' EXIT
  mkdir -p "$W/ref" "$W/fail"
  cp "$(readlink -f "$reference")" "$W/ref/bwrap"
  copy_face "$W/face"
  printf '#!/bin/sh\nexit 1\n' >"$W/fail/bwrap"
  chmod 755 "$W/fail/bwrap"
  local v
  for v in ref face fail; do mkshim "$W/shim-$v" "$W/$v/bwrap"; done
  chown -R "$user:" "$W"
  chmod 755 "$W"
  # The user may not enter the checkout (CI clones under /root): work here.
  cd "$W" || exit 1
}

# copy_face DIR: DIR/bwrap is a copy of the face $face, called through the
# name bwrap (a build's src/bwrap is a symlink to sbx: both are copied).
copy_face() {
  local real
  mkdir -p "$1"
  real=$(readlink -f "$face")
  if [ "$(basename "$real")" = sbx ]; then
    cp "$real" "$1/sbx" && ln -s sbx "$1/bwrap"
  else
    cp "$real" "$1/bwrap"
  fi
}

# step NAME CMD...: a setup step, its output to $W/logs/NAME.log; a failure
# is the test's last result.
step() {
  local name=$1
  shift
  if "$@" >"$W/logs/$name.log" 2>&1; then return 0; fi
  fail "$name"; diag <"$W/logs/$name.log"; finish; exit 1
}

# private_flatpak: nothing of the user's own Flatpak installation is touched:
# HOME and the XDG directories under $W, and one private message bus as
# session bus (an app's xdg-dbus-proxy talks to it) and as "system" bus
# (installing asks it about parental controls; there is no real one here).
# The bus is stopped, and $W removed unless --keep, on exit.
private_flatpak() {
  export HOME=$W/home XDG_DATA_HOME=$W/home/.local/share XDG_CACHE_HOME=$W/home/.cache
  export XDG_CONFIG_HOME=$W/home/.config XDG_RUNTIME_DIR=$W/xdg-run
  mkdir -p "$HOME" "$XDG_RUNTIME_DIR" "$W/logs"
  chmod 700 "$XDG_RUNTIME_DIR"
  unset FLATPAK_BWRAP
  dbus-daemon --session --fork --print-address=3 --print-pid=4 3>"$W/bus.addr" 4>"$W/bus.pid" ||
    skip_all "cannot start a private dbus-daemon"
  DBUS_SESSION_BUS_ADDRESS=$(head -1 "$W/bus.addr")
  export DBUS_SESSION_BUS_ADDRESS DBUS_SYSTEM_BUS_ADDRESS=$DBUS_SESSION_BUS_ADDRESS
  trap 'kill "$(cat "$W/bus.pid")" 2>/dev/null; [ "$keep" = 1 ] || rm -rf "$W"' EXIT
}

# mkshim DIR TARGET: DIR/bwrap logs to DIR/calls.log and execs TARGET.
# An --args FD is read (the words are logged) and put back on the same fd
# number from a file, so the bwrap under test reads exactly what the client
# wrote.  argv[0] of TARGET stays .../bwrap: the face chooses by that name.
mkshim() {
  mkdir -p "$1"
  cat >"$1/bwrap" <<EOF
#!/bin/bash
log=$1/calls.log
target=$2
EOF
  cat >>"$1/bwrap" <<'EOF'
{
  printf 'argv:'; printf ' %q' "$@"; echo
  prev=''
  for a in "$@"; do
    if [ "$prev" = --args ] && [ -n "$a" ] && [ "$a" -ge 0 ] 2>/dev/null; then
      tmp=$(mktemp)
      cat <&"$a" >"$tmp"
      printf 'args %s:' "$a"
      while IFS= read -r -d '' w; do printf ' %q' "$w"; done <"$tmp"
      echo
      eval "exec $a<\"\$tmp\""
      rm -f "$tmp"
    fi
    prev=$a
  done
} >>"$log" 2>&1
exec "$target" "$@"
EOF
  chmod 755 "$1/bwrap"
}

# as_user CMD...: run CMD as $user with a clean environment.
as_user() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u "$user" -- env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 "$@"
  else
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 "$@"
  fi
}

# show_calls VARIANT: the wrapper's log, for a diagnosis.
show_calls() {
  if [ -s "$W/shim-$1/calls.log" ]; then
    echo "argv the client passed ($1):"; cat "$W/shim-$1/calls.log"
  else
    echo "the client never ran bwrap ($1)"
  fi
}
