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
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "caps.h"
#include "channel.h"
#include "cleanup.h"
#include "idmap.h"
#include "log.h"
#include "mounts.h"
#include "sandbox.h"
#include "seccomp.h"
#include "util.h"

struct child_ctx {
	const struct sbx_plan *plan;
	const struct sbx_idmaps *maps;
	const struct sbx_seccomp *sc;
	unsigned long flags;
	int chan;
	pid_t parent;
	char cwd[PATH_MAX];
};

static pid_t raw_clone(unsigned long flags)
{
	/* fork(2) semantics with namespace flags: the child runs on a copy of
	 * our stack.  We are single-threaded, so no lock can be held. */
	return (pid_t)syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, NULL);
}

/* --- child --- */

static int child_ids(const struct child_ctx *c, struct sbx_error *err)
{
	uid_t uid = c->maps->inside[0];
	gid_t gid = c->maps->inside[1];
	struct __user_cap_header_struct ch = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct cd[2];

	if (!(c->flags & CLONE_NEWUSER))
		return 0;
	/* Keep the namespace's capabilities across a uid change: the
	 * filesystem is already built, but caps.c decides what survives. */
	if (getuid() == uid && getgid() == gid)
		return 0;
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
		return sbx_fail(err, errno, "keeping capabilities across the id change");
	if (setresgid(gid, gid, gid) < 0)
		return sbx_fail(err, errno, "setting gid %u", (unsigned)gid);
	if (setresuid(uid, uid, uid) < 0)
		return sbx_fail(err, errno, "setting uid %u", (unsigned)uid);
	/* Leaving uid 0 empties the effective set even with KEEPCAPS: raise it
	 * again from the permitted set, or caps.c could not drop anything. */
	if (syscall(SYS_capget, &ch, cd) < 0)
		return sbx_fail(err, errno, "reading capabilities");
	cd[0].effective = cd[0].permitted;
	cd[1].effective = cd[1].permitted;
	if (syscall(SYS_capset, &ch, cd) < 0)
		return sbx_fail(err, errno, "restoring capabilities after the id change");
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

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/*
 * In the sbx face, no inherited fd but 0, 1, 2 and those the options name
 * reaches the command (CVE-2024-21626): mark every other one close-on-exec.
 */
static int child_close_fds(const struct child_ctx *c, struct sbx_error *err)
{
	const struct sbx_plan *p = c->plan;
	int keep[64 + 8], n = 0, from = 3;

	if (p->face == SBX_FACE_BWRAP)
		return 0;
	if (p->n_pass_fds > 64)
		return sbx_fail_msg(err, E2BIG, "--pass-fd: at most 64 fds");
	for (size_t i = 0; i < p->n_pass_fds; i++)
		keep[n++] = p->pass_fds[i];
	keep[n++] = p->sync_fd;
	qsort(keep, (size_t)n, sizeof(int), cmp_int);
	for (int i = 0; i < n; i++) {
		if (keep[i] < from)
			continue;
		if (keep[i] > from && syscall(SYS_close_range, from, keep[i] - 1, CLOSE_RANGE_CLOEXEC) < 0)
			return sbx_fail(err, errno, "close_range");
		from = keep[i] + 1;
	}
	if (syscall(SYS_close_range, from, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
		return sbx_fail(err, errno, "close_range");
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

static int child_exec(const struct child_ctx *c, struct sbx_error *err)
{
	const struct sbx_plan *p = c->plan;
	char **argv = p->argv;
	char *saved0 = argv[0];
	int e;

	if (p->argv0)
		argv[0] = (char *)p->argv0;
	sbx_test_die("child", "before-exec");
	/* Tells the parent that an end of file from now on means exec, not death. */
	sbx_channel_send(c->chan, SBX_MSG_READY, 0, NULL, -1);
	execvp(saved0, argv);
	e = errno;
	if (e == EACCES && !sbx_path_has(saved0, getenv("PATH")))
		e = ENOENT;
	argv[0] = saved0;
	sbx_fail(err, e, p->face == SBX_FACE_BWRAP ? "execvp %s" : "cannot run '%s'", saved0);
	err->status = e == ENOENT ? 127 : 126;
	return -e;
}

static int child_setup(struct child_ctx *c, int *listener, struct sbx_error *err)
{
	const struct sbx_plan *p = c->plan;
	struct sbx_msg m;

	if (sbx_mounts_setup(p, err) < 0)
		return -EINVAL;
	if (p->hostname && sethostname(p->hostname, strlen(p->hostname)) < 0)
		return sbx_fail(err, errno, "setting the hostname to '%s'", p->hostname);
	if (child_chdir(c, err) < 0 || child_ids(c, err) < 0 || sbx_caps_apply(p, err) < 0)
		return -EINVAL;
	if (p->new_session && setsid() < 0)
		return sbx_fail(err, errno, "setsid");
	if (child_close_fds(c, err) < 0 || child_env(p, err) < 0)
		return -EINVAL;
	/* no_new_privs only here, in the child: the parent must keep the
	 * ability to run the setuid newuidmap/newgidmap. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return sbx_fail(err, errno, "setting no_new_privs");
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

/* pid 1 of a new pid namespace: run the command as its child and reap. */
static int child_pid1(struct child_ctx *c)
{
	pid_t cmd = fork();
	int status = 0;

	if (cmd < 0)
		return -errno;
	if (cmd == 0)
		return 0;
	close(c->chan);
	for (;;) {
		int st;
		pid_t w = waitpid(-1, &st, 0);

		if (w == cmd)
			status = st;
		if (w < 0 && errno == ECHILD)
			break;
	}
	if (WIFSIGNALED(status))
		_exit(128 + WTERMSIG(status));
	_exit(WEXITSTATUS(status));
}

static void child_main(struct child_ctx *c)
{
	struct sbx_error err = { 0 };
	struct sbx_msg m;
	int listener = -1;

	sbx_test_die("child", "started");
	/* Until the command runs, the child must not outlive the parent. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0 ||
	    getppid() != ((c->flags & CLONE_NEWPID) ? 0 : c->parent))
		_exit(125);
	if (sbx_channel_send(c->chan, SBX_MSG_MAPPING_REQUEST, 0, NULL, -1) < 0)
		_exit(125);
	sbx_test_die("child", "mapping-requested");
	if (sbx_channel_expect(c->chan, SBX_MSG_MAPPING_DONE, &m, NULL, "mapping ids", &err) < 0)
		_exit(125); /* the parent reports its own error */
	sbx_test_die("child", "mapped");
	if ((c->flags & CLONE_NEWPID) && !c->plan->as_pid_1 && child_pid1(c) < 0) {
		sbx_fail(&err, errno, "forking the command");
		goto fail;
	}
	if (child_setup(c, &listener, &err) < 0)
		goto fail;
	if (!c->plan->die_with_parent)
		prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0);
	child_exec(c, &err);
fail:
	sbx_channel_send(c->chan, SBX_MSG_SETUP_FAILED, 0, &err, -1);
	_exit(err.status ? err.status : 125);
}

/* --- parent --- */

static volatile sig_atomic_t forward_pid;

static void forward_signal(int sig)
{
	if (forward_pid > 0)
		kill((pid_t)forward_pid, sig);
}

static void install_forwarding(pid_t pid)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2,
				    SIGWINCH, SIGCONT, SIGALRM, SIGPIPE };
	struct sigaction sa = { .sa_handler = forward_signal, .sa_flags = SA_RESTART };

	forward_pid = pid;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

static int parent_wait(pid_t pid, int *exit_status, struct sbx_error *err)
{
	int st;

	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return sbx_fail(err, errno, "waiting for the sandbox");
	*exit_status = WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
	return 0;
}

static int parent_ladder(pid_t pid, int chan, const struct sbx_idmaps *maps,
			 const struct sbx_seccomp *sc, struct sbx_error *err)
{
	struct sbx_msg m;
	int r;

	sbx_test_die("parent", "cloned");
	if (sbx_channel_expect(chan, SBX_MSG_MAPPING_REQUEST, &m, NULL, "creating its namespaces", err) < 0)
		return -EPIPE;
	sbx_test_die("parent", "mapping-requested");
	r = sbx_idmap_apply(pid, maps, err);
	if (r < 0) {
		sbx_error_prefix(err, "mapping ids");
		sbx_channel_send(chan, SBX_MSG_MAPPING_DONE, 0, err, -1);
		return r;
	}
	sbx_test_die("parent", "mapped");
	if (sbx_channel_send(chan, SBX_MSG_MAPPING_DONE, 0, NULL, -1) < 0)
		return sbx_fail_msg(err, EPIPE, "the sandbox died while its ids were mapped");
	/* Until the command is exec'd (end of file: every copy of the child's
	 * close-on-exec end is gone) the child may still report a failure. */
	for (bool ready = false;; ready = ready || m.type == SBX_MSG_READY) {
		int fd = -1;

		r = sbx_channel_recv(chan, &m, &fd);
		if (r == -EPIPE && !ready)
			return sbx_fail_msg(err, EPIPE, "the sandbox died while setting itself up, before the command ran");
		if (r == -EPIPE)
			return 0;
		if (r < 0)
			return sbx_fail(err, -r, "reading the parent/child channel");
		if (m.failed) {
			*err = m.err;
			if (fd >= 0)
				close(fd);
			return sbx_error_ret(err);
		}
		if (m.type == SBX_MSG_SECCOMP_LISTENER) {
			/* forward closes fd; the child waits for the answer either way */
			r = sbx_seccomp_forward_listener(sc, pid, fd, err);
			sbx_channel_send(chan, SBX_MSG_SECCOMP_DONE, 0, r < 0 ? err : NULL, -1);
			if (r < 0)
				return r;
			continue;
		}
		if (fd >= 0)
			close(fd);
	}
}

static void kill_and_reap(pid_t pid)
{
	int st;

	kill(pid, SIGKILL);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
}

int sbx_run(const struct sbx_plan *plan, int *exit_status, struct sbx_error *err)
{
	struct sbx_idmaps maps;
	struct sbx_seccomp sc;
	struct child_ctx c = { .plan = plan, .maps = &maps, .sc = &sc };
	int ch[2] = { -1, -1 }, r;
	pid_t pid;

	if (sbx_idmap_prepare(plan, &maps, err) < 0)
		return -EINVAL;
	r = sbx_seccomp_prepare(plan, &sc, err);
	if (r < 0)
		goto out_maps;
	r = sbx_channel_pair(ch, err);
	if (r < 0)
		goto out_sc;
	c.flags = sbx_plan_clone_flags(plan);
	c.parent = getpid();
	c.chan = ch[1];
	if (!getcwd(c.cwd, sizeof(c.cwd)))
		c.cwd[0] = '\0';
	sbx_verbose("creating namespaces (clone flags 0x%lx)", c.flags);
	pid = raw_clone(c.flags);
	if (pid < 0) {
		r = sbx_fail(err, errno, "creating the sandbox's namespaces");
		if (errno == EPERM || errno == ENOSPC || errno == EINVAL)
			sbx_error_prefix(err, "%s", "unprivileged user namespaces may be disabled here "
					 "(sysctl kernel.unprivileged_userns_clone, user.max_user_namespaces)");
		goto out_ch;
	}
	if (pid == 0) {
		close(ch[0]);
		child_main(&c);
	}
	close(ch[1]);
	ch[1] = -1;
	install_forwarding(pid);
	r = parent_ladder(pid, ch[0], &maps, &sc, err);
	if (r < 0) {
		kill_and_reap(pid);
		goto out_ch;
	}
	r = parent_wait(pid, exit_status, err);
out_ch:
	if (ch[0] >= 0)
		close(ch[0]);
	if (ch[1] >= 0)
		close(ch[1]);
out_sc:
	sbx_seccomp_free(&sc);
out_maps:
	sbx_idmaps_free(&maps);
	return r;
}
