/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The parent's ladder: sbx outside the sandbox, unprivileged, from clone to
 * the command's end.  It starts the id-map helpers at once, answers the
 * child's MAPPING_REQUEST, writes --info-fd and --json-status-fd, forwards
 * a seccomp listener, and waits: first for the exec (an end of file after
 * READY), then for the command's status.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "caps.h"
#include "channel.h"
#include "idmap.h"
#include "info.h"
#include "landlock.h"
#include "log.h"
#include "monitor.h"
#include "sandbox_int.h"
#include "seccomp.h"
#include "util.h"

/* The sbx face's "landlock-abi": the ABI the rules were applied with, 0
 * if none were; the bwrap face's record stays bubblewrap's (-1). */
static int info_landlock_abi(const struct sbx_plan *p)
{
	if (!p->face_policy->info_landlock_abi)
		return -1;
	return sbx_landlock_active(p->res.landlock) ? p->res.landlock->abi : 0;
}

/* bubblewrap's --info-fd and the first line of --json-status-fd. */
static int parent_info(const struct sbx_parent *pc, struct sbx_error *err)
{
	const struct sbx_plan *p = pc->plan;
	int r = 0;

	if (p->info_fd >= 0) {
		r = sbx_info_write_landlock(p->info_fd, pc->info_pid, pc->flags, false, info_landlock_abi(p), err);
		close(p->info_fd);
	}
	if (r == 0 && p->json_status_fd >= 0)
		r = sbx_info_write(p->json_status_fd, pc->info_pid, pc->flags, true, err);
	return r;
}

/* --userns-block-fd: the caller maps the ids itself, then writes to it. */
static int parent_userns_block(const struct sbx_plan *p)
{
	char b;

	while (read(p->userns_block_fd, &b, 1) < 0 && errno == EINTR)
		;
	close(p->userns_block_fd);
	return 0;
}

/*
 * The user namespace exists as soon as clone returns: setgroups and the
 * two setuid helpers (the slowest part of a mapped start) begin at once,
 * while the child starts up; the child still asks, and waits for DONE.
 */
static void parent_map_start(struct sbx_parent *pc)
{
	pc->run = (struct sbx_idmap_run){ .hpid = { -1, -1 }, .errfd = { -1, -1 } };
	if (pc->plan->userns_block_fd >= 0)
		return;
	pc->map_started = sbx_idmap_start(pc->pid, pc->maps, &pc->run, &pc->map_err);
}

static int parent_map(struct sbx_parent *pc, struct sbx_error *err)
{
	int r;

	if (pc->plan->userns_block_fd >= 0)
		return parent_userns_block(pc->plan);
	if (pc->map_started < 0)
		*err = pc->map_err;
	r = sbx_idmap_finish(pc->pid, pc->maps, &pc->run, pc->map_started, err);
	/* In a holder's user namespace the parent had every capability only
	 * to write the maps: none is left for the rest of its life beside
	 * the sandbox. */
	if (r == 0 && pc->maps->holder)
		r = sbx_caps_drop_all(err);
	if (r < 0) {
		sbx_error_prefix(err, "mapping ids");
		sbx_channel_send(pc->chan, SBX_MSG_MAPPING_DONE, 0, err, -1);
	}
	return r;
}

/*
 * --net pasta, after the ids are mapped and before MAPPING_DONE: the child
 * made its network namespace before it asked to be mapped (it unshares it
 * itself when clone made only the user namespace), pasta enters the user
 * namespace as its owner, and the child goes on only once pasta has
 * configured the interface, so the command never starts offline.
 */
static int parent_pasta(struct sbx_parent *pc, struct sbx_error *err)
{
	int r;

	if (!pc->plan->res.pasta)
		return 0;
	r = sbx_pasta_start(pc->plan, pc->pid, &pc->pasta, err);
	if (r < 0)
		sbx_channel_send(pc->chan, SBX_MSG_MAPPING_DONE, 0, err, -1);
	return r;
}

/* Until the command is exec'd (end of file: every copy of the child's
 * close-on-exec end is gone) the child may still report a failure. */
static int parent_until_exec(struct sbx_parent *pc, struct sbx_error *err)
{
	struct sbx_msg m = { 0 };

	/* READY comes just before the exec: an end of file before it means
	 * the sandbox died while setting itself up. */
	for (bool ready = false;; ready = ready || m.type == SBX_MSG_READY) {
		int fd = -1, r = sbx_channel_recv(pc->chan, &m, &fd);

		if (r == -EPIPE && !ready)
			return sbx_fail_msg(err, EPIPE, "the sandbox died while setting itself up, before the command ran");
		if (r == -EPIPE) {
			pc->execed = true;
			return 0;
		}
		if (r < 0)
			return sbx_fail(err, -r, "reading the parent/child channel");
		if (m.failed) {
			if (fd >= 0)
				close(fd);
			*err = m.err;
			return sbx_error_ret(err);
		}
		if (m.type == SBX_MSG_SECCOMP_LISTENER) {
			/* forward closes fd; the child waits for the answer either way.
			 * The sender is the command itself, pid 1 or not. */
			r = sbx_seccomp_forward_listener(pc->sc, m.sender > 0 ? m.sender : pc->pid, fd, err);
			sbx_channel_send(pc->chan, SBX_MSG_SECCOMP_DONE, 0, r < 0 ? err : NULL, -1);
			if (r < 0)
				return r;
			continue;
		}
		if (fd >= 0)
			close(fd);
	}
}

int sbx_parent_ladder(struct sbx_parent *pc, struct sbx_error *err)
{
	struct sbx_msg m;
	int r;

	sbx_test_die("parent", "cloned");
	parent_map_start(pc);
	r = sbx_channel_expect(pc->chan, SBX_MSG_MAPPING_REQUEST, &m, NULL, "creating its namespaces", err);
	if (r < 0) {
		struct sbx_error ignored;

		/* no helper is left behind; the channel's error is the one told */
		if (pc->plan->userns_block_fd < 0)
			sbx_idmap_finish(pc->pid, pc->maps, &pc->run, pc->map_started, &ignored);
		return r;
	}
	/* With --pidns and --unshare-pid, the pid 1 of the nested namespace
	 * sent it: bubblewrap reports that one. */
	pc->info_pid = m.sender > 0 ? m.sender : pc->pid;
	sbx_test_die("parent", "mapping-requested");
	r = parent_info(pc, err);
	if (r < 0)
		return r;
	r = parent_map(pc, err);
	if (r < 0)
		return r;
	sbx_test_die("parent", "mapped");
	r = parent_pasta(pc, err);
	if (r < 0)
		return r;
	if (sbx_channel_send(pc->chan, SBX_MSG_MAPPING_DONE, 0, NULL, -1) < 0)
		return sbx_fail_msg(err, EPIPE, "the sandbox died while its ids were mapped");
	return parent_until_exec(pc, err);
}

int sbx_parent_after_borrow(struct sbx_parent *pc, struct sbx_error *err)
{
	pc->info_pid = pc->pid;
	return parent_until_exec(pc, err);
}

static int reap(pid_t pid, int flags)
{
	int st = 0;
	pid_t w;

	while ((w = waitpid(pid, &st, flags)) < 0 && errno == EINTR)
		;
	return w == pid ? st : -1;
}

/* The command's exit code: from pid 1's report, else from its own end. */
int sbx_parent_wait(const struct sbx_parent *pc, int *exit_status, struct sbx_error *err)
{
	int code = -1, st;

	if (pc->status_r >= 0) {
		ssize_t n;

		while ((n = read(pc->status_r, &code, sizeof(code))) < 0 && errno == EINTR)
			;
		if (n != (ssize_t)sizeof(code))
			code = -1;
	}
	/* With pid 1 reporting, orphans may still run: reap it only if done. */
	st = reap(pc->pid, code >= 0 ? WNOHANG : 0);
	if (code < 0 && st < 0)
		return sbx_fail(err, errno, "waiting for the sandbox");
	if (code < 0)
		code = sbx_monitor_exit_code(st);
	*exit_status = code;
	if (pc->plan->json_status_fd >= 0 && pc->execed)
		sbx_info_write_exit(pc->plan->json_status_fd, code);
	return 0;
}

/*
 * --die-with-parent binds sbx itself to its caller too, as bubblewrap's
 * launcher does: when the caller dies, sbx dies, and the sandbox (armed
 * against sbx) with it.  Armed after the last credential change of this
 * process (joining --userns), and checked against the caller's pid, so a
 * death before the arming is not missed.
 */
int sbx_parent_die_with_parent(const struct sbx_plan *p, pid_t caller, struct sbx_error *err)
{
	if (!p->die_with_parent)
		return 0;
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
		return sbx_fail(err, errno, "setting the parent-death signal");
	if (getppid() != caller)
		return sbx_fail_msg(err, ESRCH, "the parent process died");
	return 0;
}

/*
 * The parent maps the sbx image, and the command can see it whenever it
 * has no pid namespace.  In a user namespace of its own, the command can
 * never hold a capability over the parent's (monitor.c lists the kernel's
 * checks), but when it shares sbx's (the bwrap face run by root without
 * --unshare-user, --userns) a permitted set as large as the parent's
 * would let it open /proc/PPID/exe and, once sbx is gone, overwrite the
 * image (CVE-2019-5736).  Non-dumpable, only CAP_SYS_PTRACE over the user
 * namespace sbx started in reaches it.  After clone, before the command
 * can run: the child's /proc files stay the caller's (id maps,
 * --info-fd).
 */
int sbx_parent_lock_down(const struct sbx_plan *p, struct sbx_error *err)
{
	if (!p->res.userns && prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		return sbx_fail(err, errno, "making sbx non-dumpable");
	return 0;
}
