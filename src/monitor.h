/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_MONITOR_H
#define SBX_MONITOR_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <sys/types.h>

#include "error.h"
#include "fdset.h" /* SBX_MAX_KEEP_FDS, sbx_close_fds_except() */
#include "plan.h"
#include "seccomp.h"

/*
 * The processes that watch the command: the parent outside (forwards
 * signals, reports the exit status) and, with a pid namespace, the pid 1
 * reaper inside.
 */

/**
 * sbx_monitor_exit_code() - the status sbx exits with for a wait status:
 * the command's own code, or 128+N when it died of signal N (as a shell).
 */
int sbx_monitor_exit_code(int wait_status);

/**
 * sbx_monitor_forward_signals() - forward the termination and
 * notification signals (TERM INT HUP QUIT USR1 USR2 WINCH CONT ALRM) sent to
 * this process on to @pid, and ignore SIGPIPE (write errors come back as
 * EPIPE).
 * @same_pgrp: the target shares our terminal's process group, so a signal
 *             the terminal sent (si_code SI_KERNEL) reached it already and
 *             is not sent twice.
 */
void sbx_monitor_forward_signals(pid_t pid, bool same_pgrp);

/**
 * struct sbx_pid1 - what the pid 1 reaper keeps.
 * @cmd:        the command's pid (inside the namespace).
 * @status_fd:  where the command's exit code goes (a pipe to the parent).
 * @keep:       fds pid 1 holds for the sandbox's lifetime (--sync-fd, lock
 *              files), -1 for unused slots.
 * @n_keep:     how many slots @keep has.
 * @die_with_parent: keep the parent-death signal armed.
 * @same_pgrp:  the command stayed in our process group (no --new-session).
 * @sc:         the command's seccomp filters: pid 1 runs under them too, as
 *              bubblewrap's does (NULL: none).
 * @reachable:  the bwrap face: the caller outside may open /proc/PID/ns/...
 *              of pid 1, the command (without the capabilities pid 1 keeps)
 *              still may not (see monitor.c).
 * @cmd_caps:   the most the command may hold (plan->res.cap_target): with
 *              CAP_SYS_PTRACE or all of pid 1's, pid 1 is not @reachable.
 * @before_command: pid 1 locks down before the command exists, which then
 *              inherits its credentials (sbx_monitor_pid1_lock_down(), then
 *              vfork); otherwise sbx_monitor_pid1() locks down first.
 */
struct sbx_pid1 {
	pid_t cmd;
	int status_fd;
	const int *keep;
	size_t n_keep;
	bool die_with_parent;
	bool same_pgrp;
	const struct sbx_seccomp *sc;
	size_t sc_from;     /* sc's filters pid 1 inherited already */
	bool reachable;
	uint64_t cmd_caps;
	bool before_command;
};

/**
 * sbx_monitor_pid1_lock_down() - the first step of sbx_monitor_pid1(), on
 * its own: pid 1 drops its capabilities and goes non-dumpable (or, with
 * @p->reachable, dumpable with the permitted set only).  With
 * @p->before_command the bounding set is cut to @p->cmd_caps first.
 *
 * Return: 0, or a negative errno with @err naming the step.
 */
int sbx_monitor_pid1_lock_down(const struct sbx_pid1 *p, struct sbx_error *err);

/**
 * sbx_monitor_pid1() - become the sandbox's pid 1: drop every capability,
 * make this process non-dumpable (with @p->reachable, where the command
 * cannot reach it: keep only the permitted set and stay dumpable), close
 * every fd but @p's, forward signals to the command, reap every child, send
 * the command's exit code on @p->status_fd, and exit when no child is left.
 * @err: why the capabilities could not be dropped.
 *
 * With @p->before_command the lock-down was done already.
 *
 * Return: only when a step of the drop failed: a negative errno, with @err
 * naming the step.  The caller must then kill the command and report.
 */
int sbx_monitor_pid1(const struct sbx_pid1 *p, struct sbx_error *err);

/**
 * sbx_monitor_relay() - stand between the parent and @child (the pid 1 of
 * a pid namespace nested in --pidns): without capabilities and not
 * dumpable, forward signals to it, wait for it and exit with its status.
 * Never returns.
 */
void sbx_monitor_relay(pid_t child, bool same_pgrp) __attribute__((noreturn));

#endif
