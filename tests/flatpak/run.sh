#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/flatpak/run.sh - Flatpak end to end, offline: an app installed from a
# local repository must run under FLATPAK_BWRAP=<sbx's bwrap face> exactly as
# it runs under bubblewrap, D-Bus proxy (xdg-dbus-proxy, which Flatpak also
# starts through bwrap) included.
#
# Usage: tests/flatpak/run.sh [--face PATH] [--reference PATH] [--user USER] [--keep]
#   --face PATH       the bwrap under test (default: the newest built src/bwrap)
#   --reference PATH  the bubblewrap to compare with (default: /usr/bin/bwrap)
#   --user USER       who runs flatpak when started as root (default: sbxtest);
#                     Flatpak is used with --user, as a desktop user would
# Needs: flatpak, xdg-dbus-proxy, dbus-daemon, bubblewrap (Debian packages).
# Prints TAP; exits 0 only when every check passed.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
# The root stage runs a copy of this script with lib.sh beside it.
lib=$here/lib.sh
[ -f "$lib" ] || lib=$here/../clients/lib.sh
. "$lib"
DIAG_LINES=${DIAG_LINES:-100000}
parse_args "$@"
for p in flatpak xdg-dbus-proxy dbus-daemon; do
  need "$p" "$p"
done

# --- as root: prepare a world-readable copy and run the rest as $user --------
if [ "$(id -u)" = 0 ] && [ -z "${SBX_FLATPAK_INNER:-}" ]; then
  W=$(mktemp -d /var/tmp/sbx-flatpak.XXXXXX) || exit 1
  [ "$keep" = 1 ] || trap 'rm -rf "$W"' EXIT
  copy_face "$W/face"
  cp "$0" "$W/run.sh"
  cp "$lib" "$W/lib.sh"
  chown -R "$user:" "$W"; chmod 755 "$W"
  runuser -u "$user" -- env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C SBX_FLATPAK_INNER="$W" \
    bash "$W/run.sh" --face "$W/face/bwrap" --reference "$reference" $([ "$keep" = 1 ] && echo --keep)
  exit $?
fi

# --- from here on: the unprivileged user ------------------------------------
W=${SBX_FLATPAK_INNER:-}
[ -n "$W" ] || W=$(mktemp -d /var/tmp/sbx-flatpak.XXXXXX) || exit 1
[ "$(basename "$face")" = bwrap ] || { echo "the face must be called through a name 'bwrap': $face" >&2; exit 2; }
private_flatpak

# --- a tiny runtime: bash, a few tools, dbus-send, their libraries ----------
R=$W/build/runtime
mkdir -p "$R/files/bin" "$R/files/lib" "$R/files/share/sbx-test" "$R/files/etc"
ln -s lib "$R/files/lib64"
ln -s bin "$R/files/sbin"
tools="bash ls cat id env sort readlink dbus-send grep tr head awk sleep"
for t in $tools; do cp "$(command -v "$t")" "$R/files/bin/"; done
ln -s bash "$R/files/bin/sh"
cp /usr/sbin/ldconfig "$R/files/bin/ldconfig" # static; Flatpak runs it to build ld.so.cache
for t in $tools; do ldd "$(command -v "$t")"; done | grep -o '/[^ ]*\.so[^ ]*' | sort -u |
  while read -r lib; do cp -L "$lib" "$R/files/lib/"; done
echo "runtime file seen from the app" >"$R/files/share/sbx-test/marker"
cat >"$R/metadata" <<EOF
[Runtime]
name=org.sbx.Platform
runtime=org.sbx.Platform/$(flatpak --default-arch)/stable
sdk=org.sbx.Platform/$(flatpak --default-arch)/stable
EOF

# --- the app: prints what it sees --------------------------------------------
A=$W/build/app
step export-runtime flatpak build-export --runtime --files=files "$W/repo" "$R" stable
step remote-add flatpak --user remote-add --no-gpg-verify sbxtest "file://$W/repo"
step install-runtime flatpak --user install -y --noninteractive sbxtest org.sbx.Platform
step build-init flatpak build-init "$A" org.sbx.Hello org.sbx.Platform org.sbx.Platform stable
mkdir -p "$A/files/bin"
cat >"$A/files/bin/hello" <<'EOF'
#!/bin/sh
echo "uid=$(id -u) gid=$(id -g) user=$(id -un)"
# The inner id and the count are what the app can rely on; the outer column
# is how the launcher nests its namespaces (bubblewrap: two, unprivileged).
echo "uid_map: $(awk '{ print $1, $3 }' /proc/self/uid_map)"
echo "gid_map: $(awk '{ print $1, $3 }' /proc/self/gid_map)"
echo "marker: $(cat /usr/share/sbx-test/marker)"
echo "args: $*"
echo "cwd: $(pwd)"
echo "root: $(ls / | tr '\n' ' ')"
echo "app: $(ls /app/bin | tr '\n' ' ')"
echo "fds: $(ls /proc/self/fd | tr '\n' ' ')"
echo "env:"
# FLATPAK_BWRAP names the shim of each run (Flatpak passes it in); the rest
# of these differ between any two runs.
env | grep -v "^FLATPAK_ID=\\|^FLATPAK_BWRAP=\\|^_=\\|^SHLVL=\\|^PWD=" | sort
echo "dbus: $DBUS_SESSION_BUS_ADDRESS"
if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
     org.freedesktop.DBus.ListNames >/tmp/names 2>&1; then
  echo "dbus-names: $(grep -o '"org[^"]*"' /tmp/names | sort | tr '\n' ' ')"
else
  echo "dbus failed: $(cat /tmp/names)"
fi
EOF
chmod 755 "$A/files/bin/hello"
step build-finish flatpak build-finish "$A" --command=hello --talk-name=org.sbx.Friend --share=network
step export-app flatpak build-export "$W/repo" "$A" stable
step install-app flatpak --user install -y --noninteractive sbxtest org.sbx.Hello
ok "a runtime and an app built, exported to a file:// repository and installed offline"

# Each run goes through a shim named bwrap that logs its argv (and the words
# of an --args FD), then execs the real one (lib.sh's mkshim), so the test
# can see that Flatpak used it for the proxy.
mkshim "$W/shim-ref" "$reference"
mkshim "$W/shim-face" "$face"

# runapp NAME SHIM: flatpak run with FLATPAK_BWRAP=SHIM/bwrap
runapp() {
  local st=0
  ( cd "$HOME" && FLATPAK_BWRAP=$2/bwrap timeout 120 flatpak run --user org.sbx.Hello one 'two words' ) \
    >"$W/$1.out" 2>"$W/$1.err" </dev/null || st=$?
  echo "$st" >"$W/$1.status"
}
runapp ref "$W/shim-ref"
if [ "$(cat "$W/ref.status")" = 0 ] && grep -q '^marker: runtime file' "$W/ref.out"; then
  ok "the app runs under bubblewrap ($("$reference" --version 2>&1))"
else
  fail "the app runs under bubblewrap (status $(cat "$W/ref.status"))"; diag <"$W/ref.err"; diag <"$W/ref.out"
fi
if grep -q '^dbus-names: .*"org.freedesktop.DBus"' "$W/ref.out" && grep -q xdg-dbus-proxy "$W/shim-ref/calls.log"; then
  ok "under bubblewrap the app reaches the session bus through xdg-dbus-proxy, started through bwrap"
else
  fail "under bubblewrap the app reaches the session bus through xdg-dbus-proxy"; diag <"$W/shim-ref/calls.log"
fi

runapp face "$W/shim-face"
if [ "$(cat "$W/face.status")" = 0 ]; then
  ok "the app runs under FLATPAK_BWRAP=sbx's bwrap face"
else
  fail "the app runs under FLATPAK_BWRAP=sbx's bwrap face (status $(cat "$W/face.status"))"; diag <"$W/face.err"
fi
if grep -q xdg-dbus-proxy "$W/shim-face/calls.log" 2>/dev/null; then
  ok "Flatpak started xdg-dbus-proxy through sbx's bwrap face"
else
  fail "Flatpak started xdg-dbus-proxy through sbx's bwrap face"; diag <"$W/shim-face/calls.log" 2>/dev/null
fi
if diff -u "$W/ref.out" "$W/face.out" >"$W/diff.txt"; then
  ok "the app sees exactly the same under both: ids, uid_map, runtime files, /, fds, env, D-Bus"
else
  fail "the app sees the same under both (diff bubblewrap -> sbx)"; diag <"$W/diff.txt"
fi
# Flatpak's own messages about its helpers (stderr) must not differ either.
if diff -u "$W/ref.err" "$W/face.err" >"$W/diff-err.txt"; then
  ok "nothing different on stderr"
else
  fail "stderr differs (bubblewrap -> sbx)"; diag <"$W/diff-err.txt"
fi
# flatpak enter: Flatpak joins the namespaces of the child-pid that --info-fd
# reported, as the same unprivileged user.  It must work as under bubblewrap.
# enterapp NAME SHIM: start the app asleep, enter it, stop it.
enterapp() {
  local bg inst='' i st=0 before
  # instances of the earlier runs may still be listed: take the new one
  before=" $(flatpak ps --columns=instance 2>/dev/null | tr '\n' ' ') "
  ( cd "$HOME" && FLATPAK_BWRAP=$2/bwrap exec timeout 60 flatpak run --user --command=sleep org.sbx.Hello 50 ) \
    >"$W/$1-bg.out" 2>&1 </dev/null &
  bg=$!
  # An instance is listed as soon as its directory exists, before the
  # launcher's --info-fd record gives it a child pid; flatpak enter refuses
  # it until then ("... is neither a pid nor an application or instance
  # ID"), so wait for the child pid too (an empty column shifts the fields).
  for i in $(seq 150); do
    inst=$(flatpak ps --columns=instance,child-pid,application 2>/dev/null |
           awk -v before="$before" '$3 == "org.sbx.Hello" && $2 ~ /^[1-9][0-9]*$/ &&
             index(before, " " $1 " ") == 0 { print $1; exit }')
    [ -n "$inst" ] && break
    sleep 0.1
  done
  if [ -z "$inst" ]; then
    echo "no instance of org.sbx.Hello in flatpak ps" >"$W/$1-enter.err"; st=1
  else
    timeout 30 flatpak enter "$inst" sh -c 'echo "uid=$(id -u)"; cat /usr/share/sbx-test/marker; echo "pid1: $(cat /proc/1/comm)"' \
      >"$W/$1-enter.out" 2>"$W/$1-enter.err" </dev/null || st=$?
  fi
  echo "$st" >"$W/$1-enter.status"
  flatpak kill org.sbx.Hello >/dev/null 2>&1
  kill "$bg" 2>/dev/null
  wait "$bg" 2>/dev/null
}
enterapp ref "$W/shim-ref"
enterapp face "$W/shim-face"
if [ "$(cat "$W/ref-enter.status")" != 0 ]; then
  ok "# SKIP flatpak enter fails under bubblewrap itself here: $(head -c 300 "$W/ref-enter.err")"
elif [ "$(cat "$W/face-enter.status")" = 0 ] && diff -u "$W/ref-enter.out" "$W/face-enter.out" >"$W/diff-enter.txt"; then
  ok "flatpak enter joins a running app under sbx's bwrap face, and sees what it sees under bubblewrap"
else
  fail "flatpak enter under sbx's bwrap face (status $(cat "$W/face-enter.status"))"
  diag <"$W/face-enter.err"; diag <"$W/diff-enter.txt" 2>/dev/null
fi
[ "$keep" = 1 ] && echo "# kept: $W"
finish
