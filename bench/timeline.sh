#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/timeline.sh - where a Flatpak-like start goes, milestone by
# milestone, by the kernel's own clock: perf records a few tracepoints over
# N starts of each launcher, and this prints the mean time from the
# launcher's exec to each milestone, and the page faults each of its
# processes took (on a VM a fault is dear: see bench/README.md section 9).
#
#   bench/timeline.sh                  # N=40 starts each, as the user sbxbench
#   N=100 SBX=/path/to/sbx bench/timeline.sh
#
# Needs perf (Debian: linux-perf) and permission to record tracepoints (root,
# or kernel.perf_event_paranoid <= -1); the starts run as $BENCH_USER when
# started as root.  Tracing costs a little at each event, alike for every
# launcher: compare the rows, not the milliseconds with startup.sh's.
#
# Milestones, each the first of its kind after the launcher's exec:
#   clone       the launcher's first fork or clone (its sandbox child)
#   ns made     the end of the child's unshare(2) of the other namespaces
#               (bubblewrap makes most in its clone; its child's first
#               unshare comes after its pivot_root)
#   pivot_root  the child's first pivot_root(2): the new root is mounted
#   cmd spawned the child's fork or vfork of the command (pid 1 stays)
#   cmd exec    the command's exec(2) done
#   cmd exit    the command's exit
#   launcher exit  the caller's child (the launcher itself) exits: the
#               caller's wait returns about here
set -euo pipefail
. "$(dirname "$0")/lib.sh"
bench_stage timeline.sh 40
events=sched:sched_process_exec,sched:sched_process_fork,sched:sched_process_exit
events=$events,syscalls:sys_exit_unshare,syscalls:sys_enter_pivot_root,exceptions:page_fault_user

# one LABEL LAUNCHER-COMM COMMAND...: record N starts, print the rows
one() {
  local label=$1 comm=$2 data=$stage/$1.data
  shift 2
  cd /
  perf record -q -o "$data" -e "$events" -- "${as_user[@]}" sh -c \
    'i=0; while [ $i -lt '"$N"' ]; do "$@" >/dev/null 2>&1 </dev/null; i=$((i+1)); done' sh "$@" >/dev/null 2>&1
  perf script -i "$data" -F comm,pid,time,event,trace 2>/dev/null | awk -v L="$label" -v C="$comm" '
    function ms(t) { return (t - t0) * 1000 }
    function mark(name) { if (!(name in seen)) { seen[name] = 1; sum[name] += ms($3); cnt[name]++ } }
    { sub(/:$/, "", $3); ev = $4 }
    # a new start: the loop shell execs the launcher
    ev ~ /sched_process_exec/ && $0 ~ "filename=[^ ]*/" C " " {
      t0 = $3; launcher = $2; child = cmd = ""; delete seen; delete role; role[$2] = "launcher"; n++; next }
    !t0 { next }
    ev ~ /sched_process_fork/ {
      match($0, /child_pid=[0-9]+/); kid = substr($0, RSTART + 10, RLENGTH - 10)
      if ($2 == launcher && !("clone" in seen)) { mark("clone"); role[kid] = "child (pid 1)"; child = kid }
      else if ($2 == child && !("cmd spawned" in seen)) { mark("cmd spawned"); role[kid] = "command (before its exec)"; cmd = kid }
      else if (role[$2] != "") role[kid] = role[$2]
      next }
    ev ~ /sys_exit_unshare/ && $2 == child { mark("ns made"); next }
    ev ~ /sys_enter_pivot_root/ && $2 == child { mark("pivot_root"); next }
    # --as-pid-1: the child itself becomes the command
    ev ~ /sched_process_exec/ && ($2 == cmd || ($2 == child && cmd == "")) {
      mark("cmd exec"); cmd = $2; role[$2] = "command (after its exec)"; next }
    ev ~ /sched_process_exit/ && $2 == cmd && !("cmd exit" in seen) { mark("cmd exit"); next }
    ev ~ /sched_process_exit/ && $2 == launcher { mark("launcher exit"); next }
    ev ~ /page_fault_user/ && ($2 in role) { faults[role[$2]]++ }
    END {
      split("clone|ns made|pivot_root|cmd spawned|cmd exec|cmd exit|launcher exit", order, "|")
      printf "\n### %s (%d starts)\n\n| milestone | ms after the launcher'"'"'s exec | starts with it |\n|---|---|---|\n", L, n
      for (i = 1; i <= 7; i++) if (cnt[order[i]]) printf "| %s | %.3f | %d |\n", order[i], sum[order[i]] / cnt[order[i]], cnt[order[i]]
      printf "\n| process | page faults per start |\n|---|---|\n"
      split("launcher|child (pid 1)|command (before its exec)|command (after its exec)", ro, "|")
      for (i = 1; i <= 4; i++) { printf "| %s | %.1f |\n", ro[i], faults[ro[i]] / n; tot += faults[ro[i]] }
      printf "| all | %.1f |\n", tot / n
    }'
}

echo "# bench/timeline.sh $(date -u +%FT%TZ)  kernel $(uname -r)  $(nproc) cpus  N=$N  sbx: $SBX"
one sbx-fp sbx "$stage/sbx" $FP /bin/true
one bwrap-fp bwrap bwrap $FP /bin/true
one sbx-fp+ sbx "$stage/sbx" $FP --die-with-parent --new-session --as-pid-1 /bin/true
one bwrap-fp+ bwrap bwrap $FP --die-with-parent --new-session --as-pid-1 /bin/true
