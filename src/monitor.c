/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Watching the command: signal forwarding, the pid 1 reaper, exit status.
 * (The JSON records of --info-fd and --json-status-fd are in info.c.)
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "caps.h"
#include "exitcode.h"
#include "monitor.h"
#include "util.h"

int sbx_monitor_exit_code(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return SBX_EXIT_SIGNAL_BASE + WTERMSIG(st);
	return 255;
}

/* --- signal forwarding --- */

static volatile sig_atomic_t fwd_pid;
static volatile sig_atomic_t fwd_same_pgrp;

static void forward_signal(int sig, siginfo_t *si, void *uctx)
{
	int saved = errno;

	(void)uctx;
	/* A terminal signals its whole foreground process group: when the
	 * command is in ours, it already has this one. */
	if (fwd_same_pgrp && si && si->si_code == SI_KERNEL) {
		errno = saved;
		return;
	}
	if (fwd_pid > 0)
		kill((pid_t)fwd_pid, sig);
	errno = saved;
}

void sbx_monitor_forward_signals(pid_t pid, bool same_pgrp)
{
	/* Not SIGTSTP/SIGTTIN/SIGTTOU: sbx must stop with the command for a
	 * shell's job control to see the job stopped.  Not SIGPIPE: a write
	 * of our own to a closed --info-fd must not reach the command. */
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2,
				    SIGWINCH, SIGCONT, SIGALRM };
	struct sigaction sa = { .sa_sigaction = forward_signal, .sa_flags = SA_RESTART | SA_SIGINFO };

	fwd_pid = pid;
	fwd_same_pgrp = same_pgrp;
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

/* --- pid 1 --- */

static void pid1_keep_fds(const struct sbx_pid1 *p)
{
	int keep[SBX_MAX_KEEP_FDS];
	size_t n = 0;

	keep[n++] = p->status_fd;
	for (size_t i = 0; i < p->n_keep && n < SBX_MAX_KEEP_FDS; i++)
		if (p->keep[i] >= 0)
			keep[n++] = p->keep[i];
	if (sbx_close_fds_except(keep, n, false) < 0)
		_exit(SBX_EXIT_FAILED);
}

/* Reap what has ended; true when no child is left at all. */
static bool reap_done(void)
{
	int st;
	pid_t w;

	while ((w = waitpid(-1, &st, WNOHANG)) > 0)
		;
	return w < 0 && errno == ECHILD;
}

static void pid1_report(const struct sbx_pid1 *p, int code)
{
	/*
	 * Nothing else left: let go of the locks and --sync-fd before the
	 * parent exits, so whoever waits for sbx finds them released.  With
	 * orphans still running, they stay held until the last one ends,
	 * as under bubblewrap.
	 */
	if (reap_done())
		for (size_t i = 0; i < p->n_keep; i++)
			if (p->keep[i] >= 0)
				close(p->keep[i]);
	(void)!write(p->status_fd, &code, sizeof(code));
	close(p->status_fd);
}

/*
 * The command's filters, last: pid 1 lives in the sandbox with it, so it
 * gets no syscall the command may not make (bubblewrap filters its pid 1
 * too).  Without a listener: a notified call of pid 1's fails (ENOSYS).
 * If the kernel refuses them, the command must not run unfiltered
 * beside an unfiltered pid 1 either: both end.
 */
static void pid1_seccomp(const struct sbx_pid1 *p)
{
	struct sbx_error err = { 0 };

	if (!p->sc || sbx_seccomp_load_from(p->sc, p->sc_from, NULL, &err) == 0)
		return;
	kill(p->cmd, SIGKILL);
	_exit(SBX_EXIT_FAILED);
}

/*
 * Who may ptrace pid 1, or open its /proc/1/mem, /proc/1/exe or
 * /proc/PID/ns/... (a command that could would overwrite the sbx image,
 * CVE-2019-5736, or read sbx's memory, CVE-2016-8659).  pid 1 is a fork of sbx
 * without exec: it maps the sbx image, and its memory belongs to the user
 * namespace sbx was started in; the command runs beside it with the same
 * uid.  The kernel's checks for one task reaching another
 * (__ptrace_may_access, then cap_ptrace_access_check) are, in order:
 *  1. the same uid and gid, or CAP_SYS_PTRACE over the target's user
 *     namespace;
 *  2. a non-dumpable target: CAP_SYS_PTRACE over the user namespace of its
 *     memory, here the one sbx started in;
 *  3. in the target's own user namespace, a permitted set (the effective
 *     one for /proc files) holding all of the target's permitted set;
 *     from anywhere, CAP_SYS_PTRACE over the target's user namespace.
 *
 * Whoever passes may open /proc/1/exe, even O_PATH, and once sbx is gone
 * reopen it for writing: with sbx installed where the user can write it
 * (~/.local), the user's next sbx would run the command's code outside any
 * sandbox (runc's CVE-2019-5736).  So pid 1 is reachable from the command
 * never, whatever --cap-add gave the command.
 *
 * The sbx face: non-dumpable and without capabilities, step 2 stops
 * everyone but a holder of CAP_SYS_PTRACE outside, even a command with
 * every capability of its namespace (--map-root --cap-add ALL).
 *
 * The bwrap face: callers (bubblewrap's --pidns test, "flatpak enter") open
 * /proc/PID/ns/... of the child-pid that --info-fd reports, as the same
 * unprivileged user, and step 2 would stop them.  So, where that is safe,
 * pid 1 stays dumpable and keeps the permitted set it was forked with
 * (every capability of the sandbox's user namespace), with the effective,
 * inheritable, ambient and bounding sets empty and no_new_privs set, so it
 * neither uses them nor keeps any across an exec.  Step 3 then decides:
 * the caller outside owns the sandbox's user namespace from its parent
 * one, so it holds CAP_SYS_PTRACE over it and passes; the command, in the
 * same user namespace, passes if it holds CAP_SYS_PTRACE or all of pid
 * 1's permitted set.  Safe is therefore: the command's set (@p->cmd_caps,
 * the most --cap-add can give it) lacks CAP_SYS_PTRACE and lacks at least
 * one capability pid 1 keeps.  Otherwise (--cap-add CAP_SYS_PTRACE, ALL,
 * or the bwrap face run by root without a user namespace, whose command
 * keeps root's set) pid 1 is as in the sbx face, and only a caller holding
 * CAP_SYS_PTRACE itself reaches its namespaces.
 *
 * It goes non-dumpable first, so it is never reachable with its effective
 * set still full.  Each step must succeed: a pid 1 that kept capabilities
 * it meant to drop must not watch over a command, so any failure ends it
 * (fail closed) and the error names the step, before the command runs.
 *
 * Where the command needs nothing pid 1 drops (child.c says when), pid 1
 * locks down before it spawns the command with vfork (@p->before_command),
 * and the command inherits the locked-down credentials: then the bounding
 * set, which the sbx face's pid 1 otherwise keeps (it never execs), is cut
 * to nothing first, as the command's own drop would, since root inside
 * draws on it at exec (where pid 1 may: with CAP_SETPCAP).  Otherwise the
 * command is forked first and waits until pid 1 is done.
 */
static bool command_cannot_reach(const struct sbx_pid1 *p, uint64_t pid1_permitted)
{
	return !(p->cmd_caps & (1ULL << CAP_SYS_PTRACE)) && (pid1_permitted & ~p->cmd_caps) != 0;
}

static int pid1_lock_down(const struct sbx_pid1 *p, struct sbx_error *err)
{
	int r;

	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		return sbx_fail(err, errno, "making pid 1 non-dumpable");
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return sbx_fail(err, errno, "setting no_new_privs in pid 1");
	if (!p->reachable || !command_cannot_reach(p, sbx_caps_permitted())) {
		/* Without CAP_SETPCAP (--no-userns, not root) neither pid 1
		 * nor the command can cut it, and need not (caps.c). */
		bool cut = p->before_command && (sbx_caps_permitted() & (1ULL << CAP_SETPCAP));

		r = cut ? sbx_caps_cut_bounding(p->cmd_caps, err) : 0;
		return r < 0 ? r : sbx_caps_drop_all(err);
	}
	r = sbx_caps_keep_permitted_only(err);
	if (r < 0)
		return r;
	/* Set dumpable after the last capset: a credential change may reset it. */
	if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) < 0)
		return sbx_fail(err, errno, "making pid 1 dumpable");
	return 0;
}

int sbx_monitor_pid1_lock_down(const struct sbx_pid1 *p, struct sbx_error *err)
{
	if (pid1_lock_down(p, err) < 0)
		return sbx_error_prefix(err, "pid 1 could not drop its capabilities");
	return 0;
}

int sbx_monitor_pid1(const struct sbx_pid1 *p, struct sbx_error *err)
{
	int code = SBX_EXIT_FAILED;
	bool reported = false;
	int r = p->before_command ? 0 : sbx_monitor_pid1_lock_down(p, err);

	if (r < 0)
		return r;
	if (!p->die_with_parent)
		prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0);
	/* Closing the rest, after the lock-down, closes the pipe a forked
	 * command waits on before it goes on towards exec (child.c), and
	 * pid 1's copy of the channel. */
	pid1_keep_fds(p);
	sbx_monitor_forward_signals(p->cmd, p->same_pgrp);
	pid1_seccomp(p);
	for (;;) {
		int st;
		pid_t w = waitpid(-1, &st, 0);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			break;
		if (w == p->cmd && !reported) {
			code = sbx_monitor_exit_code(st);
			pid1_report(p, code);
			reported = true;
		}
	}
	_exit(code);
}

void sbx_monitor_relay(pid_t child, bool same_pgrp)
{
	int st;

	struct sbx_error err = { 0 };

	/* Fail closed, as pid 1 does: the nested pid 1 dies with it. */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0 || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    sbx_caps_drop_all(&err) < 0) {
		kill(child, SIGKILL);
		_exit(SBX_EXIT_FAILED);
	}
	/* Nothing of the sandbox's: the parent sees end of file on the
	 * channel only when the command's process lets go of it. */
	if (sbx_close_fds_except(NULL, 0, false) < 0)
		_exit(SBX_EXIT_FAILED);
	sbx_monitor_forward_signals(child, same_pgrp);
	while (waitpid(child, &st, 0) < 0)
		if (errno != EINTR)
			_exit(SBX_EXIT_FAILED);
	_exit(sbx_monitor_exit_code(st));
}
