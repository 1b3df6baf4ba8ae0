#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/clients/flatpak-builder.sh - flatpak-builder under sbx's bwrap face,
# offline: a small app (one "buildsystem: simple" module, from a local
# manifest) built against a tiny local runtime and SDK made of busybox-static
# must come out the same with FLATPAK_BWRAP=<sbx's bwrap face> as with
# bubblewrap: the same files in the exported commit, checksums and modes,
# including a file in which the build records what it saw of its sandbox.
# With a bwrap that only exits 1 the build must fail.
#
# Usage: tests/clients/flatpak-builder.sh [--face PATH] [--reference PATH] [--user USER] [--keep]
# As root the test runs as USER (default sbxtest).  Needs the Debian packages
# flatpak-builder, flatpak, ostree, busybox-static, dbus-daemon, bubblewrap.
# Prints TAP; exits 0 only when every check passed.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/lib.sh"
parse_args "$@"
need flatpak flatpak
need flatpak-builder flatpak-builder
need ostree ostree
need busybox busybox-static
need dbus-daemon dbus-daemon

# --- as root: a world the user owns, then the rest as the user ---------------
if [ -z "${SBX_CLIENT_INNER:-}" ]; then
  setup_world sbx-client-fb
  mkdir -p "$W/clients"
  cp "$here/lib.sh" "$here/flatpak-builder.sh" "$W/clients/"
  chown -R "$user:" "$W"
  as_user SBX_CLIENT_INNER="$W" bash "$W/clients/flatpak-builder.sh" \
    --face "$W/face/bwrap" --reference "$reference" $([ "$keep" = 1 ] && echo --keep)
  exit $?
fi

# --- from here on: the unprivileged user ------------------------------------
W=$SBX_CLIENT_INNER
arch=$(flatpak --default-arch)
private_flatpak

# --- the runtime, which is its own SDK: busybox-static and its applets ------
# Made as tests/flatpak/run.sh makes its runtime (files/ and a hand-written
# metadata, exported with build-export --runtime, installed from a file://
# repository), but from one static binary: nothing to copy with ldd.
R=$W/runtime
mkdir -p "$R/files/bin" "$R/files/etc"
ln -s bin "$R/files/sbin"
cp "$(command -v busybox)" "$R/files/bin/busybox"
for a in $("$R/files/bin/busybox" --list); do
  [ -e "$R/files/bin/$a" ] || ln -s busybox "$R/files/bin/$a"
done
cat >"$R/metadata" <<EOF2
[Runtime]
name=org.sbx.Busybox
runtime=org.sbx.Busybox/$arch/stable
sdk=org.sbx.Busybox/$arch/stable
EOF2
step export-runtime flatpak build-export --runtime --files=files "$W/runtime-repo" "$R" stable
step remote-add flatpak --user remote-add --no-gpg-verify sbxlocal "file://$W/runtime-repo"
step install-runtime flatpak --user install -y --noninteractive sbxlocal org.sbx.Busybox
ok "a busybox runtime and SDK exported to a file:// repository and installed offline"

# --- the app's manifest and sources ------------------------------------------
S=$W/src
mkdir -p "$S"
cat >"$S/hello.sh" <<'EOF2'
#!/bin/sh
echo "hello from org.sbx.Built: $*"
EOF2
# What the build saw of its sandbox goes into the app, so "the same app"
# covers it: ids, the id maps (inner and outer columns), the root, the
# mounts' targets, the build dir, the environment Flatpak sets.
cat >"$S/record.sh" <<'EOF2'
#!/bin/sh
echo "uid=$(id -u) gid=$(id -g) groups=$(id -G)"
echo "uid_map: $(cat /proc/self/uid_map)"
echo "gid_map: $(cat /proc/self/gid_map)"
echo "setgroups: $(cat /proc/self/setgroups)"
echo "pwd: $(pwd)"
echo "root: $(ls / | tr '\n' ' ')"
echo "usr/bin has busybox: $(ls /usr/bin/busybox)"
echo "app: $(ls -a /app | tr '\n' ' ')"
echo "run: $(ls /run | tr '\n' ' ')"
# (less the instance id Flatpak draws at random for each run)
echo "mounts: $(awk '{ print $5 }' /proc/self/mountinfo | sed 's|^/run/flatpak/.flatpak/[0-9]*$|/run/flatpak/.flatpak/ID|' | sort | tr '\n' ' ')"
# PID 1 as the build sees it in /proc/1/status.  Not its permitted set nor
# its /proc/1/ns/* links: sbx's PID 1 keeps its permitted capabilities so
# that the command cannot reach it (sbx(1), PROCESS), which also makes those
# links unreadable to the command; bubblewrap's PID 1 has none and lets the
# command read them.  A build depends on neither.
echo "pid 1: $(grep -E '^(Name|Uid|Gid|CapEff|CapBnd|NoNewPrivs|Seccomp):' /proc/1/status | tr -s '\t ' ' ' | tr '\n' ';')"
echo "hostname: $(hostname)"
echo "env: $(env | grep -E '^(FLATPAK_ID|PATH|LD_LIBRARY_PATH|XDG_DATA_DIRS|PKG_CONFIG_PATH|FLATPAK_DEST|FLATPAK_BUILDER_N_JOBS|CFLAGS|LDFLAGS|container)=' | sort | tr '\n' ' ')"
echo "tmp writable: $(touch /tmp/x && echo yes)"
EOF2
cat >"$S/org.sbx.Built.json" <<'EOF2'
{
  "app-id": "org.sbx.Built",
  "runtime": "org.sbx.Busybox",
  "runtime-version": "stable",
  "sdk": "org.sbx.Busybox",
  "command": "hello",
  "finish-args": ["--share=ipc"],
  "modules": [
    {
      "name": "hello",
      "buildsystem": "simple",
      "build-commands": [
        "mkdir -p /app/bin /app/share/sbx",
        "cp hello.sh /app/bin/hello",
        "chmod 755 /app/bin/hello",
        "sh record.sh > /app/share/sbx/sandbox-view",
        "echo built > /app/share/sbx/stamp"
      ],
      "sources": [
        { "type": "file", "path": "hello.sh" },
        { "type": "file", "path": "record.sh" }
      ]
    }
  ]
}
EOF2

# build VARIANT: flatpak-builder with FLATPAK_BWRAP=$W/shim-VARIANT/bwrap,
# into the repository $W/repo-VARIANT.  The state and build dirs are the same
# paths each time (the build sees them in its mounts), emptied before, so no
# build comes from the cache.
build() {
  local v=$1 st=0
  rm -rf "$W/state" "$W/build"
  ( cd "$S" && FLATPAK_BWRAP=$W/shim-$v/bwrap timeout 100 flatpak-builder \
      --disable-rofiles-fuse --disable-download --disable-updates --force-clean \
      --state-dir="$W/state" --repo="$W/repo-$v" --default-branch=stable \
      "$W/build" org.sbx.Built.json ) >"$W/$v.out" 2>&1 </dev/null || st=$?
  echo "$st" >"$W/$v.status"
  ostree --repo="$W/repo-$v" ls -R -C "app/org.sbx.Built/$arch/stable" >"$W/$v.tree" 2>/dev/null
  ostree --repo="$W/repo-$v" cat "app/org.sbx.Built/$arch/stable" /files/share/sbx/sandbox-view \
    >"$W/$v.view" 2>/dev/null
  ostree --repo="$W/repo-$v" cat "app/org.sbx.Built/$arch/stable" /metadata >"$W/$v.metadata" 2>/dev/null
}

build ref
: >"$W/diff-view.txt"; : >"$W/diff-tree.txt"
if [ "$(cat "$W/ref.status")" = 0 ] && grep -q 'sandbox-view' "$W/ref.tree" &&
   grep -q -- '--args' "$W/shim-ref/calls.log" 2>/dev/null; then
  ok "flatpak-builder builds and exports the app under bubblewrap ($("$W/ref/bwrap" --version 2>&1))"
else
  fail "flatpak-builder under bubblewrap (status $(cat "$W/ref.status"))"
  { tail -30 "$W/ref.out"; show_calls ref; } | diag
fi

build face
if [ "$(cat "$W/face.status")" = 0 ] && grep -q 'sandbox-view' "$W/face.tree"; then
  ok "flatpak-builder builds and exports the app under FLATPAK_BWRAP=sbx's bwrap face"
else
  fail "flatpak-builder under FLATPAK_BWRAP=sbx's bwrap face (status $(cat "$W/face.status"))"
  { tail -30 "$W/face.out"; show_calls face; } | DIAG_LINES=100 diag
fi
if grep -q -- '--args' "$W/shim-face/calls.log" 2>/dev/null; then
  ok "under the face the build commands ran through FLATPAK_BWRAP"
else
  fail "under the face the build commands ran through FLATPAK_BWRAP"; show_calls face | diag
fi
if [ -s "$W/ref.view" ] && diff -u "$W/ref.view" "$W/face.view" >"$W/diff-view.txt"; then
  ok "the build saw the same sandbox under the face as under bubblewrap"
else
  fail "the build saw the same sandbox under the face as under bubblewrap (diff bubblewrap -> sbx)"
  diag <"$W/diff-view.txt"
fi
# The commit's tree: every file's mode, size and content checksum.  (The
# commit objects themselves differ: they carry the time of the build.)
if [ -s "$W/ref.tree" ] && diff -u "$W/ref.tree" "$W/face.tree" >"$W/diff-tree.txt" &&
   diff -u "$W/ref.metadata" "$W/face.metadata" >>"$W/diff-tree.txt"; then
  ok "the same app: the exported commit holds the same files, modes and checksums"
else
  fail "the same app in the exported commit (diff bubblewrap -> sbx)"; diag <"$W/diff-tree.txt"
fi

build fail
if [ "$(cat "$W/fail.status")" != 0 ] && [ -s "$W/shim-fail/calls.log" ] &&
   ! grep -q 'sandbox-view' "$W/fail.tree"; then
  ok "negative control: with a bwrap that only exits 1, flatpak-builder fails (status $(cat "$W/fail.status"))"
else
  fail "negative control: with a bwrap that only exits 1, flatpak-builder must fail (status $(cat "$W/fail.status"))"
  { tail -20 "$W/fail.out"; show_calls fail; } | diag
fi
[ "$keep" = 1 ] && echo "# kept: $W"
finish
