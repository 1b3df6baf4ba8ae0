#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/trace.sh - where the wall time of a start goes, by the kernel's own
# account: perf sched records N starts of each command (the Flatpak-like set
# under sbx and bwrap, and unshare of all namespaces without mounts), and
# this sums, per start, the time the processes spent off the CPU, by the
# kernel function they slept in, and the time they ran, by process name.
#
#   bench/trace.sh                 # N=30 starts each, as the user sbxbench
#   N=50 SBX=/path/to/sbx bench/trace.sh
#
# Needs perf (Debian: linux-perf) and permission to record scheduler events
# (root, or kernel.perf_event_paranoid <= -1); the starts themselves run as
# $BENCH_USER (default sbxbench, created by ../shared/bench/ensure-user.sh
# when missing) when started as root.  perf's own overhead at each switch
# inflates everything a little, the same for every command: compare rows,
# not absolute times with startup.sh's.
#
# Output: for each command, a table "cause | sleeps per start | ms per
# start", where the cause is the kernel call chain (innermost 4 frames) a
# task slept in, then "ran" rows (CPU per start by process name).  Waits of
# one process for another (sbx's parent reading the channel, wait4, a pipe)
# are listed too, marked "(waits for another process)": they overlap the
# other process's work and are not added to the total of the rest.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
bench_stage trace.sh 30

# one COMMAND...: record N starts, print the table
one() {
  local label=$1; shift
  local data=$stage/$label.data
  cd /
  "${as_user[@]}" true   # runuser's own start-up stays out of the record
  # system-wide (the scheduler's view of every switch), then only the
  # loop's process tree: its root writes its pid, the fork events give the rest
  perf sched record -q -g -o "$data" -- "${as_user[@]}" sh -c 'echo $$ >&3; exec 3>&-; i=0; while [ $i -lt '"$N"' ]; do "$@" >/dev/null 2>&1 </dev/null; i=$((i+1)); done' sh "$@" >/dev/null 2>&1 3>"$stage/$label.pid"
  perf script -i "$data" 2>/dev/null | awk -v root="$(cat "$stage/$label.pid")" '
    /sched:sched_process_fork:/ { for (i = 1; i <= NF; i++) { if ($i ~ /^pid=/) p = substr($i, 5); if ($i ~ /^child_pid=/) c = substr($i, 11) }; kid[p] = kid[p] " " c }
    END { q[1] = root; h = 1; t = 1; while (h <= t) { p = q[h++]; print p; n = split(kid[p], a, " "); for (i = 1; i <= n; i++) q[++t] = a[i] } }' > "$stage/$label.tids"
  perf sched timehist -i "$data" -g --state 2>/dev/null | awk -v n="$N" -v label="$label" -v tids="$stage/$label.tids" '
    BEGIN { while ((getline x < tids) > 0) mine[x] = 1 }
    # time [cpu] comm[tid] wait schdelay run state chain...
    $3 ~ /\[[0-9]+\]$/ && $7 ~ /^[RSDWXIZ]/ {
      comm = $3; sub(/\[[0-9]+\]$/, "", comm); tid = $3; gsub(/.*\[|\]/, "", tid)
      if (!(tid in mine) || comm == "sh") next
      run[comm] += $6
      # the wait before this run is the sleep that began at the previous switch-out
      if (tid in cause) { c = cause[tid]; sleep_ms[c] += $4; sleeps[c]++ }
      chain = ""; k = 0
      for (i = 8; i <= NF && k < 4; i++) { if ($i == "<-") continue; chain = chain (k ? " <- " : "") $i; k++ }
      st = substr($7, 1, 1)
      cause[tid] = (st == "R" || st == "W") ? "preempted (runnable)" : st " " chain
      if (st == "X") delete cause[tid]
    }
    function waiter(c) { return c ~ /recvmsg|do_wait|wait4|pipe_read|poll|do_select|ep_poll/ }
    END {
      printf "\n### %s (%d starts; ms per start)\n\n| cause (state, kernel call chain) | sleeps | ms |\n|---|---|---|\n", label, n
      for (c in sleep_ms) if (!waiter(c) && sleep_ms[c] / n >= 0.005) { printf "| %s | %.1f | %.3f |\n", c, sleeps[c] / n, sleep_ms[c] / n; t += sleep_ms[c] }
      printf "| **off the CPU, not waiting for another process** | | **%.3f** |\n", t / n
      for (c in sleep_ms) if (waiter(c) && sleep_ms[c] / n >= 0.005) printf "| %s (waits for another process) | %.1f | %.3f |\n", c, sleeps[c] / n, sleep_ms[c] / n
      for (c in run) { printf "| ran: %s | | %.3f |\n", c, run[c] / n; r += run[c] }
      printf "| **ran, all processes** | | **%.3f** |\n", r / n
    }'
}

echo "# bench/trace.sh $(date -u +%FT%TZ)  kernel $(uname -r)  $(nproc) cpus  N=$N  sbx: $SBX"
one sbx-fp "$stage/sbx" $FP /bin/true
one bwrap-fp bwrap $FP /bin/true
one sbx-root "$stage/sbx" --map-root --no-subids -- /bin/true
one unshare-r unshare -U -r /bin/true
one unshare-all unshare -U -r -m -p -f -i -u -n -C /bin/true
