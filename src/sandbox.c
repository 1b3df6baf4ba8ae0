/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The two ladders of steps: the parent, which stays unprivileged and only
 * maps ids and waits, and the child, which builds the sandbox inside its
 * new namespaces and becomes the command.  Each step either succeeds or
 * sends its error across the channel, so neither side waits on a dead peer.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "caps.h"
#include "channel.h"
#include "cleanup.h"
#include "idmap.h"
#include "info.h"
#include "log.h"
#include "monitor.h"
#include "mounts.h"
#include "ns.h"
#include "sandbox.h"
#include "seccomp.h"
#include "util.h"

struct child_ctx {
	const struct sbx_plan *plan;
	const struct sbx_idmaps *maps;
	const struct sbx_seccomp *sc;
	unsigned long flags;
	int chan;
	int status_w;       /* pid 1's report to the parent, -1 without pid 1 */
	bool reaper;        /* fork a pid 1 that reaps and holds the sandbox's fds */
	bool nest_pid;      /* --pidns with --unshare-pid: a new pid namespace inside it */
	pid_t parent;       /* the sbx parent, as this process's getppid() sees it (0: not visible) */
	pid_t watcher;      /* after the fork: the pid 1 the command's getppid() sees */
	int locks[64];      /* --lock-file fds held by pid 1 */
	size_t n_locks;
	struct sbx_ns_files nsf;
	char cwd[PATH_MAX];
};

static pid_t raw_clone(unsigned long flags)
{
	/* fork(2) semantics with namespace flags: the child runs on a copy of
	 * our stack.  We are single-threaded, so no lock can be held. */
	return (pid_t)syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, NULL);
}

/* --- child --- */

/*
 * Is the process that started us still there?  Its end of the channel is
 * held by it alone, so a hang-up says it is gone even where getppid()
 * cannot see it (a new pid namespace).
 */
static bool parent_alive(const struct child_ctx *c)
{
	struct pollfd pfd = { .fd = c->chan, .events = POLLIN | POLLRDHUP };
	pid_t want = c->watcher > 0 ? c->watcher : c->parent;

	if (want > 0 && getppid() != want)
		return false;
	if (c->watcher > 0)
		return true;
	return !(poll(&pfd, 1, 0) > 0 && (pfd.revents & (POLLHUP | POLLRDHUP | POLLERR)));
}

/* Kill this process with the one that started it. */
static int child_arm_pdeathsig(const struct child_ctx *c, struct sbx_error *err)
{
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
		return sbx_fail(err, errno, "setting the parent-death signal");
	/* Armed after the parent died: the signal never comes, so look. */
	if (!parent_alive(c))
		return sbx_fail_msg(err, ESRCH, "the parent process died");
	return 0;
}

/* The uid and gid the command runs as, inside its user namespace. */
static int child_ids(const struct child_ctx *c, struct sbx_error *err)
{
	const struct sbx_plan *p = c->plan;
	bool joined = p->ns.userns_fd >= 0;
	uid_t uid = joined ? (p->uid != SBX_ID_UNSET ? p->uid : getuid()) : c->maps->inside[0];
	gid_t gid = joined ? (p->gid != SBX_ID_UNSET ? p->gid : getgid()) : c->maps->inside[1];

	/* With --userns-block-fd the caller wrote the maps: its ids stand. */
	if (!(c->flags & CLONE_NEWUSER) && !joined)
		return 0;
	if (p->userns_block_fd >= 0 || (getuid() == uid && getgid() == gid))
		return 0;
	/* Keep the namespace's capabilities across the uid change: caps.c
	 * decides what survives. */
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
		return sbx_fail(err, errno, "keeping capabilities across the id change");
	if (setresgid(gid, gid, gid) < 0)
		return sbx_fail(err, errno, "setting gid %u", (unsigned)gid);
	if (setresuid(uid, uid, uid) < 0)
		return sbx_fail(err, errno, "setting uid %u", (unsigned)uid);
	/* Leaving uid 0 empties the effective set even with KEEPCAPS:
	 * sbx_caps_apply() raises it again from the permitted set first. */
	return 0;
}

static int child_chdir(const struct child_ctx *c, struct sbx_error *err)
{
	const char *home = getenv("HOME");

	if (c->plan->chdir) {
		if (chdir(c->plan->chdir) < 0)
			return sbx_fail(err, errno, "Can't chdir to %s", c->plan->chdir);
		return 0;
	}
	if (!sbx_plan_has_fs_ops(c->plan))
		return 0;
	/* bubblewrap's fallback: the old cwd if visible, else $HOME, else / */
	if (c->cwd[0] && chdir(c->cwd) == 0)
		return 0;
	if (home && chdir(home) == 0)
		return 0;
	if (chdir("/") < 0)
		return sbx_fail(err, errno, "chdir /");
	return 0;
}

/* The fds options name that sbx itself consumes: none reaches the command. */
static size_t consumed_fds(const struct sbx_plan *p, int *out, size_t max)
{
	int named[] = { p->info_fd, p->json_status_fd, p->block_fd, p->userns_block_fd,
			p->as_pid_1 ? -1 : p->sync_fd };
	size_t n = 0;

	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]) && n < max; i++)
		if (named[i] >= 0)
			out[n++] = named[i];
	for (size_t i = 0; i < p->n_seccomp_fds && n < max; i++)
		out[n++] = p->seccomp_fds[i].fd;
	for (size_t i = 0; i < p->n_ops && n < max; i++)
		if (p->ops[i].fd >= 0)
			out[n++] = p->ops[i].fd;
	return n;
}

/*
 * In the sbx face, an inherited fd that no option names is closed before
 * anything else happens in the child: no setup step (--chdir
 * /proc/self/fd/N above all) can reach the host through it.
 */
static int child_close_inherited(const struct child_ctx *c, struct sbx_error *err)
{
	const struct sbx_plan *p = c->plan;
	int keep[SBX_MAX_KEEP_FDS];
	size_t n = consumed_fds(p, keep, 64);
	int more[] = { c->chan, c->status_w, p->sync_fd, p->ns.userns_fd, p->ns.userns2_fd,
		       p->ns.pidns_fd };
	int r;

	if (p->face == SBX_FACE_BWRAP)
		return 0;
	if (p->n_pass_fds > 64)
		return sbx_fail_msg(err, E2BIG, "--pass-fd: at most 64 fds");
	for (size_t i = 0; i < sizeof(more) / sizeof(more[0]); i++)
		keep[n++] = more[i];
	for (size_t i = 0; i < p->n_pass_fds; i++)
		keep[n++] = p->pass_fds[i];
	r = sbx_close_fds_except(keep, n, false);
	if (r < 0)
		return sbx_fail(err, -r, "closing inherited fds");
	return 0;
}

/*
 * In the sbx face, no inherited fd but 0, 1, 2 and --pass-fd reaches the
 * command (CVE-2024-21626); --sync-fd too with --as-pid-1, as bubblewrap
 * leaks it then on purpose.  The bwrap face passes inherited fds through,
 * as bubblewrap does, but not those sbx consumed.
 */
static int child_close_fds(const struct child_ctx *c, struct sbx_error *err)
{
	const struct sbx_plan *p = c->plan;
	int keep[72], n = 0, r;

	if (p->face == SBX_FACE_BWRAP) {
		size_t k = consumed_fds(p, keep, 72);

		for (size_t i = 0; i < k; i++)
			if (keep[i] > 2)
				fcntl(keep[i], F_SETFD, FD_CLOEXEC);
		return 0;
	}
	if (p->n_pass_fds > 64)
		return sbx_fail_msg(err, E2BIG, "--pass-fd: at most 64 fds");
	for (size_t i = 0; i < p->n_pass_fds; i++)
		keep[n++] = p->pass_fds[i];
	if (p->as_pid_1)
		keep[n++] = p->sync_fd;
	r = sbx_close_fds_except(keep, (size_t)n, true);
	if (r < 0)
		return sbx_fail(err, -r, "close_range");
	return 0;
}

static int child_env(const struct sbx_plan *p, struct sbx_error *err)
{
	for (size_t i = 0; i < p->n_env; i++) {
		const struct sbx_env_op *e = &p->env[i];
		int r = e->type == SBX_ENV_CLEAR ? clearenv() :
			e->type == SBX_ENV_SET ? setenv(e->name, e->value, 1) : unsetenv(e->name);

		if (r != 0)
			return sbx_fail(err, errno ? errno : ENOMEM, "setting the environment");
	}
	return 0;
}

/* As bubblewrap: PWD names the directory the command starts in, even
 * after --clearenv (a shell trusts it). */
static int child_pwd(const struct sbx_plan *p, struct sbx_error *err)
{
	char cwd[PATH_MAX];

	(void)p;
	if (!getcwd(cwd, sizeof(cwd)))
		return 0;
	if (setenv("PWD", cwd, 1) < 0)
		return sbx_fail(err, errno, "setting PWD");
	return 0;
}

/*
 * execvp(3) without its two surprises: a directory of PATH we may not
 * search makes it say EACCES for a program that exists nowhere (sbx says
 * 127, not found, as a shell would), and a file without "#!" is handed to
 * /bin/sh (sbx never runs a shell the caller did not name).
 */
static void exec_path(const char *file, char **argv)
{
	const char *path = getenv("PATH");
	char buf[PATH_MAX];
	int err = ENOENT;

	if (!*file) {
		errno = ENOENT;
		return;
	}
	if (strchr(file, '/')) {
		execv(file, argv);
		return;
	}
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (const char *p = path, *end; ; p = end + 1) {
		size_t len;

		end = strchrnul(p, ':');
		len = (size_t)(end - p);
		if (snprintf(buf, sizeof(buf), "%.*s%s%s", (int)len, p, len ? "/" : "", file) < (int)sizeof(buf)) {
			execv(buf, argv);
			/* only a file that is there but will not run is "denied" */
			if (errno != ENOENT && errno != ENOTDIR && (errno != EACCES || access(buf, F_OK) == 0))
				err = errno;
		}
		if (!*end)
			break;
	}
	errno = err;
}

static int child_exec(const struct child_ctx *c, struct sbx_error *err)
{
	const struct sbx_plan *p = c->plan;
	char **argv = p->argv;
	char *saved0 = argv[0];
	int e;

	if (p->argv0)
		argv[0] = (char *)p->argv0;
	/* bubblewrap's own search, for the bwrap face's exact behaviour */
	if (p->face == SBX_FACE_BWRAP)
		execvp(saved0, argv);
	else
		exec_path(saved0, argv);
	e = errno;
	argv[0] = saved0;
	sbx_fail(err, e, p->face == SBX_FACE_BWRAP ? "execvp %s" : "cannot run '%s'", saved0);
	if (p->face != SBX_FACE_BWRAP && e == ENOENT && sbx_plan_has_fs_ops(p) && !sbx_plan_has_system_tree(p))
		sbx_fail_msg(err, e, "cannot run '%s': %s; with filesystem options the new root is an empty "
			     "tmpfs, and none of them mounts / or /usr: add --ro-bind / / for the host's tree, or "
			     "--ro-bind /usr /usr with the usual symlinks (--symlink usr/bin /bin --symlink usr/lib /lib "
			     "--symlink usr/lib64 /lib64)", saved0, strerror(e));
	/* bubblewrap exits 1 for this, like for its other errors. */
	if (p->face != SBX_FACE_BWRAP)
		err->status = e == ENOENT ? 127 : 126;
	return -e;
}

/* --block-fd: wait until the caller writes (or closes) it. */
static void child_block(int fd)
{
	char b;

	if (fd < 0)
		return;
	while (read(fd, &b, 1) < 0 && errno == EINTR)
		;
	close(fd);
}

/*
 * --lock-file: an open file description read lock (it conflicts with
 * bubblewrap's POSIX locks too) on each path inside the new root, held by
 * pid 1, which lives as long as the sandbox.
 */
static int child_lock_files(struct child_ctx *c, struct sbx_error *err)
{
	const struct sbx_plan *p = c->plan;
	const char *pre = p->face == SBX_FACE_BWRAP ? "" : "--lock-file: ";

	for (size_t i = 0; i < p->n_ops; i++) {
		struct flock l = { .l_type = F_RDLCK, .l_whence = SEEK_SET };
		int fd;

		if (p->ops[i].type != SBX_OP_LOCK_FILE)
			continue;
		if (c->n_locks == sizeof(c->locks) / sizeof(c->locks[0]))
			return sbx_fail_msg(err, E2BIG, "--lock-file: at most 64 lock files");
		fd = open(p->ops[i].dest, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return sbx_fail(err, errno, "%sUnable to open lock file %s", pre, p->ops[i].dest);
		c->locks[c->n_locks++] = fd;
		if (fcntl(fd, F_OFD_SETLK, &l) < 0)
			return sbx_fail(err, errno, "%sUnable to lock file %s", pre, p->ops[i].dest);
	}
	return 0;
}

/*
 * The sandbox itself, shared by pid 1 and the command: filesystem,
 * hostname, network, the user-namespace steps, the working directory.
 * Every step needs the namespace's capabilities, so all run before the
 * ids change and the capabilities are dropped.
 */
static int child_sandbox(struct child_ctx *c, struct sbx_error *err)
{
	const struct sbx_plan *p = c->plan;
	int r;

	r = sbx_ns_open_files(p, &c->nsf, err);
	if (r < 0)
		return r;
	if ((c->flags & CLONE_NEWNET) && sbx_ns_loopback_up(err) < 0)
		return -EINVAL;
	r = sbx_mounts_setup(p, err);
	if (r < 0)
		return r;
	if (p->hostname && sethostname(p->hostname, strlen(p->hostname)) < 0)
		return sbx_fail(err, errno, "setting the hostname to '%s'", p->hostname);
	r = sbx_ns_userns_steps(p, &c->nsf, c->maps->inside, err);
	if (r < 0)
		return r;
	sbx_ns_close_files(&c->nsf);
	child_block(p->block_fd);
	r = child_chdir(c, err);
	if (r < 0)
		return r;
	return child_lock_files(c, err);
}

/*
 * The command's own process: ids, capabilities, session, fds, environment,
 * then the steps that must come last.
 */
static int child_process(struct child_ctx *c, int *listener, struct sbx_error *err)
{
	const struct sbx_plan *p = c->plan;
	bool userns = (c->flags & CLONE_NEWUSER) || p->ns.userns_fd >= 0;
	struct sbx_msg m;
	int r;

	r = child_ids(c, err);
	if (r < 0)
		return r;
	r = sbx_caps_apply(p, userns, err);
	if (r < 0)
		return r;
	if (p->new_session && setsid() < 0)
		return sbx_fail(err, errno, "setsid");
	r = child_close_fds(c, err);
	if (r < 0)
		return r;
	r = child_env(p, err);
	if (r < 0)
		return r;
	r = child_pwd(p, err);
	if (r < 0)
		return r;
	/* no_new_privs only here, in the child: the parent must keep the
	 * ability to run the setuid newuidmap/newgidmap. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return sbx_fail(err, errno, "setting no_new_privs");
	/* A credential change (the ids above, the user-namespace steps)
	 * clears the parent-death signal: arm it after the last one. */
	if (p->die_with_parent)
		r = child_arm_pdeathsig(c, err);
	else
		r = prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0) < 0 ? sbx_fail(err, errno, "prctl") : 0;
	if (r < 0)
		return r;
	sbx_test_die("child", "before-exec");
	/*
	 * Tells the parent that an end of file from now on means exec, not
	 * death.  Sent before the filter loads: a caller's filter need not
	 * allow sendmsg (bubblewrap's tests allow little more than exec).  A
	 * failure from here on still comes as a message when the filter lets
	 * it through.
	 */
	sbx_channel_send(c->chan, SBX_MSG_READY, 0, NULL, -1);
	/* The filter loads last, so no setup step above runs under it. */
	if (sbx_seccomp_load(c->sc, listener, err) < 0)
		return -EINVAL;
	if (*listener >= 0) {
		if (sbx_channel_send(c->chan, SBX_MSG_SECCOMP_LISTENER, 0, NULL, *listener) < 0 ||
		    sbx_channel_expect(c->chan, SBX_MSG_SECCOMP_DONE, &m, NULL, "forwarding the seccomp listener", err) < 0)
			return -EPIPE;
		close(*listener);
		*listener = -1;
	}
	return 0;
}

/*
 * Fork the command off; this process stays as pid 1 (monitor.c).  It
 * re-arms the parent-death signal first: the user-namespace steps may have
 * changed its credentials, which clears it.
 */
static int child_fork_pid1(struct child_ctx *c, struct sbx_error *err)
{
	const struct sbx_plan *p = c->plan;
	int keep[66], ready[2];
	size_t n = 0;
	pid_t cmd;
	char b;

	if (child_arm_pdeathsig(c, err) < 0)
		return -ESRCH;
	if (pipe2(ready, O_CLOEXEC) < 0)
		return sbx_fail(err, errno, "pipe2");
	c->watcher = getpid();
	cmd = fork();
	if (cmd < 0)
		return sbx_fail(err, errno, "Can't fork for pid 1");
	if (cmd == 0) {
		/* pid 1 closes its end once it has dropped what it must (see
		 * sbx_monitor_pid1()): until then no command may run beside it. */
		close(ready[1]);
		while (read(ready[0], &b, 1) < 0 && errno == EINTR)
			;
		close(ready[0]);
		close(c->status_w);
		for (size_t i = 0; i < c->n_locks; i++)
			close(c->locks[i]);
		return 0;
	}
	close(ready[0]);
	keep[n++] = p->sync_fd;
	for (size_t i = 0; i < c->n_locks; i++)
		keep[n++] = c->locks[i];
	/* Returns only if pid 1 could not drop its capabilities: the command,
	 * still waiting on the pipe, never runs; the channel says why. */
	sbx_monitor_pid1(&(struct sbx_pid1){ .cmd = cmd, .status_fd = c->status_w, .keep = keep,
			 .n_keep = n, .die_with_parent = p->die_with_parent,
			 .same_pgrp = !p->new_session, .sc = c->sc,
			 .reachable = p->face == SBX_FACE_BWRAP,
			 .cmd_caps = sbx_caps_command_set(p) }, err);
	kill(cmd, SIGKILL);
	return -EPERM;
}

/*
 * --pidns with --unshare-pid: the kernel makes a pid namespace only inside
 * the caller's own, so this process (in the --pidns namespace) unshares one
 * and forks its pid 1, then stays between it and the parent, passing on
 * signals and the exit status.
 */
static int child_nest_pidns(struct child_ctx *c, struct sbx_error *err)
{
	pid_t pid;

	if (unshare(CLONE_NEWPID) < 0)
		return sbx_fail(err, errno, "unshare pid ns");
	pid = fork();
	if (pid < 0)
		return sbx_fail(err, errno, "fork");
	if (pid == 0)
		return 0;
	sbx_monitor_relay(pid, !c->plan->new_session);
}

static int child_unshare_rest(const struct child_ctx *c, struct sbx_error *err);

static void child_main(struct child_ctx *c)
{
	const struct sbx_plan *p = c->plan;
	struct sbx_error err = { 0 };
	struct sbx_msg m;
	int listener = -1;

	sbx_test_die("child", "started");
	/* The parent writes these; our copies must not keep them open. */
	if (p->info_fd >= 0)
		close(p->info_fd);
	if (p->json_status_fd >= 0)
		close(p->json_status_fd);
	if (p->userns_block_fd >= 0)
		close(p->userns_block_fd);
	/* Until the command runs, the child must not outlive the parent. */
	if (child_arm_pdeathsig(c, &err) < 0)
		_exit(125);
	/* First, before pid 1 or the command exist: no process of the sandbox
	 * may possess the caller's session keyring (the cache's secret). */
	if (sbx_keyring_leave_session(&err) < 0)
		goto fail;
	if (child_unshare_rest(c, &err) < 0)
		goto fail;
	if (c->nest_pid && child_nest_pidns(c, &err) < 0)
		goto fail;
	if (sbx_channel_send(c->chan, SBX_MSG_MAPPING_REQUEST, 0, NULL, -1) < 0)
		_exit(125);
	sbx_test_die("child", "mapping-requested");
	if (sbx_channel_expect(c->chan, SBX_MSG_MAPPING_DONE, &m, NULL, "mapping ids", &err) < 0)
		_exit(125); /* the parent reports its own error */
	sbx_test_die("child", "mapped");
	if (child_close_inherited(c, &err) < 0 || child_sandbox(c, &err) < 0)
		goto fail;
	if (c->reaper && child_fork_pid1(c, &err) < 0)
		goto fail;
	if (child_process(c, &listener, &err) < 0)
		goto fail;
	child_exec(c, &err);
fail:
	/* After READY the parent takes an end of file for the exec: should a
	 * caller's filter deny sendmsg, the child says it itself, as
	 * bubblewrap's child does, and its status carries the rest. */
	if (sbx_channel_send(c->chan, SBX_MSG_SETUP_FAILED, 0, &err, -1) < 0)
		sbx_log_error(err.msg);
	_exit(err.status ? err.status : p->face == SBX_FACE_BWRAP ? 1 : 125);
}

/* --- parent --- */

struct parent_ctx {
	const struct sbx_plan *plan;
	const struct sbx_idmaps *maps;
	const struct sbx_seccomp *sc;
	unsigned long flags;
	pid_t pid;
	pid_t info_pid; /* bubblewrap's child-pid: the sender of MAPPING_REQUEST */
	int chan;
	int status_r;   /* pid 1's report, -1 without pid 1 */
	bool execed;    /* the command runs: --json-status-fd gets its exit code */
	struct sbx_idmap_run run;   /* the id-map helpers started at clone time */
	int map_started;            /* what sbx_idmap_start() returned */
	struct sbx_error map_err;   /* and its error */
};

/* bubblewrap's --info-fd and the first line of --json-status-fd. */
static int parent_info(const struct parent_ctx *pc, struct sbx_error *err)
{
	const struct sbx_plan *p = pc->plan;
	int r = 0;

	if (p->info_fd >= 0) {
		r = sbx_info_write(p->info_fd, pc->info_pid, pc->flags, false, err);
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
static void parent_map_start(struct parent_ctx *pc)
{
	pc->run = (struct sbx_idmap_run){ .hpid = { -1, -1 }, .errfd = { -1, -1 } };
	if (pc->plan->userns_block_fd >= 0)
		return;
	pc->map_started = sbx_idmap_start(pc->pid, pc->maps, &pc->run, &pc->map_err);
}

static int parent_map(struct parent_ctx *pc, struct sbx_error *err)
{
	int r;

	if (pc->plan->userns_block_fd >= 0)
		return parent_userns_block(pc->plan);
	if (pc->map_started < 0)
		*err = pc->map_err;
	r = sbx_idmap_finish(pc->pid, pc->maps, &pc->run, pc->map_started, err);
	if (r < 0) {
		sbx_error_prefix(err, "mapping ids");
		sbx_channel_send(pc->chan, SBX_MSG_MAPPING_DONE, 0, err, -1);
	}
	return r;
}

/* Until the command is exec'd (end of file: every copy of the child's
 * close-on-exec end is gone) the child may still report a failure. */
static int parent_until_exec(struct parent_ctx *pc, struct sbx_error *err)
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

static int parent_ladder(struct parent_ctx *pc, struct sbx_error *err)
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
	if (sbx_channel_send(pc->chan, SBX_MSG_MAPPING_DONE, 0, NULL, -1) < 0)
		return sbx_fail_msg(err, EPIPE, "the sandbox died while its ids were mapped");
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
static int parent_wait(const struct parent_ctx *pc, int *exit_status, struct sbx_error *err)
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

static void kill_and_reap(pid_t pid)
{
	kill(pid, SIGKILL);
	reap(pid, 0);
}

/* Like bubblewrap: pid 1 when there is a pid namespace to reap, or fds
 * (--sync-fd, --lock-file) to hold for the sandbox's life. */
static bool needs_reaper(const struct sbx_plan *p, unsigned long flags)
{
	if (p->as_pid_1)
		return false;
	if ((flags & CLONE_NEWPID) || p->sync_fd >= 0)
		return true;
	for (size_t i = 0; i < p->n_ops; i++)
		if (p->ops[i].type == SBX_OP_LOCK_FILE)
			return true;
	return false;
}

static int prepare_ctx(const struct sbx_plan *plan, struct child_ctx *c, int status[2],
		       struct sbx_error *err)
{
	c->flags = sbx_plan_clone_flags(plan);
	c->nest_pid = plan->ns.pidns_fd >= 0 && plan->ns.pid;
	c->reaper = needs_reaper(plan, c->flags) || (c->nest_pid && !plan->as_pid_1);
	c->status_w = -1;
	c->nsf.max_userns = c->nsf.proc_self = -1;
	c->parent = ((c->flags & CLONE_NEWPID) || plan->ns.pidns_fd >= 0) ? 0 : getpid();
	if (!getcwd(c->cwd, sizeof(c->cwd)))
		c->cwd[0] = '\0';
	if (c->reaper && pipe2(status, O_CLOEXEC) < 0)
		return sbx_fail(err, errno, "pipe2");
	c->status_w = status[1];
	return 0;
}

/*
 * With a new user namespace, clone makes only it (and the pid namespace,
 * which must come with the process): the child, which holds every
 * capability in it from the start, makes the others itself, while the
 * parent already runs the id-map helpers.  Copying the mount tree (and
 * making a network namespace) is then off the path that waits for them.
 */
static unsigned long clone_now_flags(unsigned long flags)
{
	return sbx_ns_clone_flags(flags);
}

static int namespaces_failed(struct sbx_error *err, int e)
{
	sbx_fail(err, e, "creating the sandbox's namespaces");
	if (sbx_ns_explain_denied(err))
		return -e;
	if (e == EPERM || e == ENOSPC || e == EINVAL)
		sbx_error_prefix(err, "%s", "unprivileged user namespaces may be disabled here "
				 "(sysctl kernel.unprivileged_userns_clone, user.max_user_namespaces)");
	return -e;
}

/*
 * The child's half of clone_now_flags(): the namespaces clone left out.
 * Its user namespace exists, so what can fail here is a per-user limit
 * (ENOSPC) or the kernel's support: say which namespaces.
 */
static int child_unshare_rest(const struct child_ctx *c, struct sbx_error *err)
{
	unsigned long rest = c->flags & ~clone_now_flags(c->flags);
	char names[64] = "";
	int e;

	if (!rest || unshare((int)rest) == 0)
		return 0;
	e = errno;
	sbx_ns_names(rest, names, sizeof(names));
	return sbx_fail_msg(err, e, "creating the sandbox's namespaces (%s): %s%s", names, strerror(e),
			    e == ENOSPC ? "; a per-user limit is reached (/proc/sys/user/max_*_namespaces)" : "");
}

static pid_t clone_sandbox(const struct child_ctx *c, struct sbx_error *err)
{
	pid_t pid;

	sbx_verbose("creating namespaces (clone flags 0x%lx, then 0x%lx in the child)",
		    clone_now_flags(c->flags), c->flags & ~clone_now_flags(c->flags));
	pid = sbx_test_errno("CLONE") ? (errno = sbx_test_errno("CLONE"), -1) : raw_clone(clone_now_flags(c->flags));
	if (pid < 0)
		namespaces_failed(err, errno);
	return pid;
}

/*
 * --die-with-parent binds sbx itself to its caller too, as bubblewrap's
 * launcher does: when the caller dies, sbx dies, and the sandbox (armed
 * against sbx) with it.  Armed after the last credential change of this
 * process (joining --userns), and checked against the caller's pid, so a
 * death before the arming is not missed.
 */
static int parent_die_with_parent(const struct sbx_plan *p, pid_t caller, struct sbx_error *err)
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
static int parent_lock_down(const struct child_ctx *c, struct sbx_error *err)
{
	if (!(c->flags & CLONE_NEWUSER) && prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		return sbx_fail(err, errno, "making sbx non-dumpable");
	return 0;
}

static void close_pair(int fds[2])
{
	for (int i = 0; i < 2; i++)
		if (fds[i] >= 0) {
			close(fds[i]);
			fds[i] = -1;
		}
}

int sbx_run(const struct sbx_plan *plan, int *exit_status, struct sbx_error *err)
{
	struct sbx_idmaps maps;
	struct sbx_seccomp sc;
	struct child_ctx c = { .plan = plan, .maps = &maps, .sc = &sc };
	struct parent_ctx pc = { .plan = plan, .maps = &maps, .sc = &sc, .status_r = -1 };
	int ch[2] = { -1, -1 }, status[2] = { -1, -1 }, r;
	pid_t caller = getppid();

	/* A caller that ignores SIGCHLD (Erlang, volumeicon) would have the
	 * kernel reap the sandbox before sbx can wait for it: the default
	 * back, for the sandbox too, as bubblewrap 0.11.1 does. */
	signal(SIGCHLD, SIG_DFL);
	sbx_caps_note_caller(plan);
	if (sbx_idmap_prepare(plan, &maps, err) < 0)
		return -EINVAL;
	r = sbx_seccomp_prepare(plan, &sc, err);
	if (r < 0)
		goto out_maps;
	r = sbx_ns_join(plan, err);
	if (r < 0)
		goto out_sc;
	r = sbx_channel_pair(ch, err);
	if (r < 0)
		goto out_sc;
	/* Each message to the parent carries its sender's pid, as the
	 * parent's pid namespace sees it. */
	if (setsockopt(ch[0], SOL_SOCKET, SO_PASSCRED, &(int){ 1 }, sizeof(int)) < 0) {
		r = sbx_fail(err, errno, "SO_PASSCRED");
		goto out_ch;
	}
	r = prepare_ctx(plan, &c, status, err);
	if (r < 0)
		goto out_ch;
	c.chan = ch[1];
	pc.pid = clone_sandbox(&c, err);
	if (pc.pid < 0) {
		r = -EINVAL;
		goto out_ch;
	}
	if (pc.pid == 0) {
		close(ch[0]);
		if (status[0] >= 0)
			close(status[0]);
		child_main(&c);
	}
	close(ch[1]);
	ch[1] = -1;
	r = parent_lock_down(&c, err);
	if (r < 0) {
		kill_and_reap(pc.pid);
		goto out_ch;
	}
	if (status[1] >= 0)
		close(status[1]);
	status[1] = -1;
	/* pid 1 holds --sync-fd now: its closing tells the caller the
	 * sandbox is gone, so the parent lets go of its copy. */
	if (plan->sync_fd >= 0 && c.reaper)
		close(plan->sync_fd);
	pc.flags = c.flags;
	pc.chan = ch[0];
	pc.status_r = status[0];
	sbx_monitor_forward_signals(pc.pid, !plan->new_session);
	r = parent_die_with_parent(plan, caller, err);
	if (r == 0)
		r = parent_ladder(&pc, err);
	if (r < 0)
		kill_and_reap(pc.pid);
	else
		r = parent_wait(&pc, exit_status, err);
out_ch:
	close_pair(ch);
	close_pair(status);
out_sc:
	sbx_seccomp_free(&sc);
out_maps:
	sbx_idmaps_free(&maps);
	return r;
}
