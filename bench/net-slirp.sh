#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/net-slirp.sh - one start of the hand-made alternative to sbx --net
# pasta, for bench/net.sh: a user and network namespace from unshare(1),
# slirp4netns configuring it from outside, `true` run inside once the
# interface is up, slirp4netns stopped after.  Usage: bench/net-slirp.sh
set -euo pipefail
d=$(mktemp -d /tmp/sbx-net-slirp.XXXXXX)
trap 'rm -rf "$d"' EXIT
mkfifo "$d/go" "$d/ready" "$d/exit"
unshare -U -r -n sh -c 'read _ <"$1"; exec true' sh "$d/go" & ns=$!
# the namespace exists once unshare has exec'd sh
self=$(readlink /proc/self/ns/net)
while [ "$(readlink "/proc/$ns/ns/net" 2>/dev/null)" = "$self" ]; do :; done
slirp4netns --configure --ready-fd=3 --exit-fd=4 "$ns" tap0 3>"$d/ready" 4<"$d/exit" >/dev/null 2>&1 & sl=$!
exec 5<"$d/ready" 6>"$d/exit"
read -r -n 1 -u 5 _
echo >"$d/go"
wait "$ns"
exec 6>&-
wait "$sl" || true
