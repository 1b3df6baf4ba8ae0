/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The child's ladder: from clone to exec, inside the new namespaces.  It
 * makes the namespaces clone left out, asks the parent to map its ids,
 * builds the sandbox (filesystem, hostname, network, the user-namespace
 * steps), forks pid 1 where plan->res says so, then becomes the command:
 * ids, capabilities, fds, environment, no_new_privs, the seccomp filter
 * last, exec.  Each step either succeeds or sends its error across the
 * channel, so the parent never waits on a dead child.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "caps.h"
#include "channel.h"
#include "cleanup.h"
#include "exitcode.h"
#include "fdset.h"
#include "landlock.h"
#include "log.h"
#include "monitor.h"
#include "mounts.h"
#include "ns.h"
#include "sandbox_int.h"
#include "seccomp.h"
#include "util.h"

/*
 * Is the process that started us still there?  Its end of the channel is
 * held by it alone, so a hang-up says it is gone even where getppid()
 * cannot see it (a new pid namespace).
 */
static bool parent_alive(const struct sbx_child *c)
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
static int child_arm_pdeathsig(const struct sbx_child *c, struct sbx_error *err)
{
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
		return sbx_fail(err, errno, "setting the parent-death signal");
	/* Armed after the parent died: the signal never comes, so look. */
	if (!parent_alive(c))
		return sbx_fail_msg(err, ESRCH, "the parent process died");
	return 0;
}

/* The uid and gid the command runs as, inside its user namespace: true
 * when this process must change to them. */
static bool command_ids(const struct sbx_child *c, uid_t *uid, gid_t *gid)
{
	const struct sbx_plan *p = c->plan;
	bool joined = p->ns.userns_fd >= 0;

	*uid = joined ? (p->uid != SBX_ID_UNSET ? p->uid : getuid()) : c->maps->inside[0];
	*gid = joined ? (p->gid != SBX_ID_UNSET ? p->gid : getgid()) : c->maps->inside[1];
	if (!(c->flags & CLONE_NEWUSER) && !joined)
		return false;
	/* With --userns-block-fd the caller wrote the maps: its ids stand. */
	return p->userns_block_fd < 0 && (getuid() != *uid || getgid() != *gid);
}

static bool child_ids_change(const struct sbx_child *c)
{
	uid_t uid;
	gid_t gid;

	return command_ids(c, &uid, &gid);
}

static int child_ids(const struct sbx_child *c, struct sbx_error *err)
{
	uid_t uid;
	gid_t gid;

	if (!command_ids(c, &uid, &gid))
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

static int child_chdir(const struct sbx_child *c, struct sbx_error *err)
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

/*
 * In the sbx face, an inherited fd that no option names is closed before
 * anything else happens in the child: no setup step (--chdir
 * /proc/self/fd/N above all) can reach the host through it.
 */
static int child_close_inherited(const struct sbx_child *c, struct sbx_error *err)
{
	const struct sbx_plan *p = c->plan;
	const int ours[] = { c->chan, c->status_w, p->sync_fd, p->ns.userns_fd, p->ns.userns2_fd,
			     p->ns.pidns_fd };
	_cleanup_fdset_ struct sbx_fdset keep = { 0 };
	int r;

	if (!p->face_policy->close_inherited_fds)
		return 0;
	r = sbx_fdset_init(&keep, p, sizeof(ours) / sizeof(ours[0]));
	if (r < 0)
		return sbx_fail(err, -r, "closing inherited fds");
	sbx_fdset_add_consumed(&keep, p);
	for (size_t i = 0; i < sizeof(ours) / sizeof(ours[0]); i++)
		sbx_fdset_add(&keep, ours[i]);
	for (size_t i = 0; i < p->n_pass_fds; i++)
		sbx_fdset_add(&keep, p->pass_fds[i]);
	r = sbx_fdset_close_others(&keep, false);
	if (r < 0)
		return sbx_fail(err, -r, "closing inherited fds");
	return 0;
}

/* The bwrap face: inherited fds pass through, but not those sbx consumed. */
static int child_cloexec_consumed(const struct sbx_plan *p, struct sbx_error *err)
{
	_cleanup_fdset_ struct sbx_fdset consumed = { 0 };
	int r = sbx_fdset_init(&consumed, p, 0);

	if (r < 0)
		return sbx_fail(err, -r, "close_range");
	sbx_fdset_add_consumed(&consumed, p);
	for (size_t i = 0; i < consumed.n; i++)
		if (consumed.fds[i] > 2)
			fcntl(consumed.fds[i], F_SETFD, FD_CLOEXEC);
	return 0;
}

/*
 * In the sbx face, no inherited fd but 0, 1, 2 and --pass-fd reaches the
 * command (CVE-2024-21626); --sync-fd too with --as-pid-1, as bubblewrap
 * leaks it then on purpose.  The bwrap face passes inherited fds through,
 * as bubblewrap does, but not those sbx consumed.
 */
static int child_close_fds(const struct sbx_child *c, struct sbx_error *err)
{
	const struct sbx_plan *p = c->plan;
	_cleanup_fdset_ struct sbx_fdset keep = { 0 };
	int r;

	if (!p->face_policy->close_inherited_fds)
		return child_cloexec_consumed(p, err);
	r = sbx_fdset_init(&keep, p, 1);
	if (r < 0)
		return sbx_fail(err, -r, "close_range");
	for (size_t i = 0; i < p->n_pass_fds; i++)
		sbx_fdset_add(&keep, p->pass_fds[i]);
	if (p->as_pid_1)
		sbx_fdset_add(&keep, p->sync_fd);
	r = sbx_fdset_close_others(&keep, true);
	if (r < 0)
		return sbx_fail(err, -r, "close_range");
	return 0;
}

/* The entry of @name in @env (@n entries), or @n. */
static size_t env_find(char *const *env, size_t n, const char *name)
{
	size_t len = strlen(name), i;

	for (i = 0; i < n; i++)
		if (strncmp(env[i], name, len) == 0 && env[i][len] == '=')
			break;
	return i;
}

/* As setenv(3) with overwrite: a name's first entry replaced in place, or
 * one appended; @s has room for "NAME=value". */
static char *env_set(char **env, size_t *n, const char *name, const char *value, char *s)
{
	size_t i = env_find(env, *n, name), nl = strlen(name), vl = strlen(value);

	memcpy(s, name, nl);
	s[nl] = '=';
	memcpy(s + nl + 1, value, vl + 1);
	env[i] = s;
	if (i == *n)
		(*n)++;
	return s + nl + vl + 2;
}

/* As unsetenv(3): every entry of the name goes, the others keep their order. */
static size_t env_unset(char **env, size_t n, const char *name)
{
	size_t len = strlen(name), k = 0;

	for (size_t i = 0; i < n; i++)
		if (!(strncmp(env[i], name, len) == 0 && env[i][len] == '='))
			env[k++] = env[i];
	return k;
}

/*
 * The command's environment: ours with the plan's --setenv, --unsetenv and
 * --clearenv applied in order, as setenv(3), unsetenv(3) and clearenv(3)
 * would, then PWD naming the directory the command starts in (as
 * bubblewrap does, even after --clearenv: a shell trusts it).  Built, not
 * set: this process may run on memory it shares with the one that made it
 * (pid 1's vfork, the parent's clone with CLONE_VM), whose environ must
 * stay its own, and setenv(3) would add its code and tables to every start
 * (issue 14).  One allocation, the strings after the array; names were
 * checked when parsed (no "=", not empty).
 */
static int child_envp(struct sbx_child *c, struct sbx_error *err)
{
	const struct sbx_plan *p = c->plan;
	size_t n = 0, max = p->n_env + 2, strings = 0;
	char cwd[PATH_MAX], **env, *s;
	bool have_cwd = getcwd(cwd, sizeof(cwd)) != NULL;

	for (char **e = environ; e && *e; e++)
		max++;
	for (size_t i = 0; i < p->n_env; i++)
		if (p->env[i].type == SBX_ENV_SET)
			strings += strlen(p->env[i].name) + strlen(p->env[i].value) + 2;
	if (have_cwd)
		strings += sizeof("PWD=") + strlen(cwd);
	env = malloc(max * sizeof(*env) + strings);
	if (!env)
		return sbx_fail(err, ENOMEM, "setting the environment");
	s = (char *)(env + max);
	for (char **e = environ; e && *e; e++)
		env[n++] = *e;
	for (size_t i = 0; i < p->n_env; i++) {
		const struct sbx_env_op *o = &p->env[i];

		if (o->type == SBX_ENV_CLEAR)
			n = 0;
		else if (o->type == SBX_ENV_UNSET)
			n = env_unset(env, n, o->name);
		else
			s = env_set(env, &n, o->name, o->value, s);
	}
	if (have_cwd)
		env_set(env, &n, "PWD", cwd, s);
	env[n] = NULL;
	c->envp = env;
	return 0;
}

/* $PATH as the command's environment has it (@fallback without one). */
static const char *env_path(char *const *env, const char *fallback)
{
	size_t n = 0, i;

	while (env[n])
		n++;
	i = env_find(env, n, "PATH");
	return i < n ? env[i] + sizeof("PATH=") - 1 : fallback;
}

/* glibc's execvp(3) for a file the kernel will not run (ENOEXEC): the
 * same arguments to /bin/sh, the file first. */
static void exec_script(const char *file, char **argv, char **envp)
{
	size_t argc = 0, k = 2;

	while (argv[argc])
		argc++;
	{
		char *sh[argc + 3];

		sh[0] = (char *)"/bin/sh";
		sh[1] = (char *)file;
		for (size_t i = 1; i < argc; i++)
			sh[k++] = argv[i];
		sh[k] = NULL;
		execve(sh[0], sh, envp);
	}
}

/* Does execve's errno let the search go on to $PATH's next entry? */
static bool exec_next(int e, bool libc, const char *tried, int *err)
{
	if (!libc) {
		/* only a file that is there but will not run is "denied" */
		if (e != ENOENT && e != ENOTDIR && (e != EACCES || access(tried, F_OK) == 0))
			*err = e;
		return true;
	}
	/* glibc's: the search ends with EACCES if any entry said so, else
	 * with the last entry's error */
	if (*err != EACCES)
		*err = e;
	return e == EACCES || e == ENOENT || e == ESTALE || e == ENOTDIR || e == ENODEV || e == ETIMEDOUT;
}

/*
 * execvp(3), searching the command's own $PATH (the environment it is
 * given, not ours), in one of two ways:
 *  - sbx's (@libc false): a directory of PATH we may not search does not
 *    make it say EACCES for a program that exists nowhere (sbx says 127,
 *    not found, as a shell would), and a file without "#!" is never handed
 *    to /bin/sh (sbx never runs a shell the caller did not name);
 *  - glibc's (@libc true), which bubblewrap's face keeps: the default
 *    path "/bin:/usr/bin", EACCES remembered, any other error but a
 *    missing entry ends the search, a file the kernel will not run
 *    (ENOEXEC) handed to /bin/sh.
 * Candidates are joined by hand: stdio's code is not part of a start.
 */
static void exec_search(const char *file, char **argv, char **envp, bool libc)
{
	const char *path = env_path(envp, libc ? "/bin:/usr/bin" : "/usr/local/bin:/usr/bin:/bin");
	char buf[PATH_MAX];
	int err = ENOENT;

	if (!*file) {
		errno = ENOENT;
		return;
	}
	if (strchr(file, '/')) {
		execve(file, argv, envp);
		if (libc && errno == ENOEXEC)
			exec_script(file, argv, envp);
		return;
	}
	if (libc && strlen(file) > NAME_MAX) {
		errno = ENAMETOOLONG;
		return;
	}
	for (const char *p = path, *end;; p = end + 1) {
		size_t len, off = 0;
		bool fit;

		end = strchrnul(p, ':');
		len = (size_t)(end - p);
		fit = sbx_cat_n(buf, sizeof(buf), &off, p, len);
		fit = (!len || sbx_cat(buf, sizeof(buf), &off, "/")) && fit;
		if (sbx_cat(buf, sizeof(buf), &off, file) && fit) {
			execve(buf, argv, envp);
			if (libc && errno == ENOEXEC)
				exec_script(buf, argv, envp);
			if (!exec_next(errno, libc, buf, &err))
				return;
		}
		if (!*end)
			break;
	}
	errno = err;
}

static int child_exec(const struct sbx_child *c, struct sbx_error *err)
{
	const struct sbx_plan *p = c->plan;
	char **argv = p->argv;
	char *saved0 = argv[0];
	int e;

	if (p->argv0)
		argv[0] = (char *)p->argv0;
	/* bubblewrap's own search (glibc's), for the bwrap face's exact behaviour */
	exec_search(saved0, argv, c->envp, p->face_policy->libc_execvp);
	e = errno;
	argv[0] = saved0;
	sbx_say_exec_failed(p->face_policy, err, e, saved0, p->res.new_root && !sbx_plan_has_system_tree(p));
	/* bubblewrap exits 1 for this, like for its other errors. */
	if (p->face_policy->exec_statuses)
		err->status = e == ENOENT ? SBX_EXIT_NOT_FOUND : SBX_EXIT_CANNOT_EXEC;
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
static int child_lock_files(struct sbx_child *c, struct sbx_error *err)
{
	const struct sbx_plan *p = c->plan;
	int r = sbx_fdset_init(&c->locks, p, 0);

	if (r < 0)
		return sbx_fail(err, -r, "--lock-file");
	for (size_t i = 0; i < p->n_ops; i++) {
		struct flock l = { .l_type = F_RDLCK, .l_whence = SEEK_SET };
		int fd;

		if (p->ops[i].type != SBX_OP_LOCK_FILE)
			continue;
		fd = open(p->ops[i].dest, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return sbx_say_lock_failed(p->face_policy, err, errno, "Unable to open lock file", p->ops[i].dest);
		sbx_fdset_add(&c->locks, fd);
		if (fcntl(fd, F_OFD_SETLK, &l) < 0)
			return sbx_say_lock_failed(p->face_policy, err, errno, "Unable to lock file", p->ops[i].dest);
	}
	return 0;
}

/*
 * The sandbox itself, shared by pid 1 and the command: filesystem,
 * hostname, network, the user-namespace steps, the working directory.
 * Every step needs the namespace's capabilities, so all run before the
 * ids change and the capabilities are dropped.
 */
static int child_sandbox(struct sbx_child *c, struct sbx_error *err)
{
	const struct sbx_plan *p = c->plan;
	int r;

	r = sbx_ns_open_files(p, &c->nsf, err);
	if (r < 0)
		return r;
	if (c->flags & CLONE_NEWNET) {
		r = sbx_ns_loopback_up(err);
		if (r < 0)
			return r;
	}
	/* No mount namespace (--no-userns): the host's tree is the
	 * sandbox's, shaped by Landlock alone; nothing may be mounted. */
	if (c->flags & CLONE_NEWNS) {
		r = sbx_mounts_setup(p, err);
		if (r < 0)
			return r;
	}
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
static int child_process(struct sbx_child *c, int *listener, struct sbx_error *err)
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
	r = child_envp(c, err);
	if (r < 0)
		return r;
	/* no_new_privs only here, in the child: the parent must keep the
	 * ability to run the setuid newuidmap/newgidmap. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return sbx_fail(err, errno, "setting no_new_privs");
	/*
	 * Landlock here, in this order: after the mounts, pivot_root and
	 * chdir, so its paths are opened in the tree the command will see;
	 * after no_new_privs, which landlock_restrict_self() needs from a
	 * process without CAP_SYS_ADMIN (the capabilities are gone by now);
	 * before the seccomp filter, so no filter (the caller's least of all)
	 * can block the landlock_* calls.  The command may call them too
	 * (the default profile allows them), but a Landlock domain can only
	 * be narrowed by its holder, never widened or left.
	 */
	r = sbx_landlock_apply(p->res.landlock, err);
	if (r < 0)
		return r;
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
	/* A caller's filters load last, so no setup step above runs under
	 * them (sbx's built-in one may be in place already: c->sc_loaded). */
	r = sbx_seccomp_load_from(c->sc, c->sc_loaded, listener, err);
	if (r < 0)
		return r;
	if (*listener >= 0) {
		r = sbx_channel_send(c->chan, SBX_MSG_SECCOMP_LISTENER, 0, NULL, *listener);
		if (r < 0)
			return sbx_fail(err, -r, "forwarding the seccomp listener");
		r = sbx_channel_expect(c->chan, SBX_MSG_SECCOMP_DONE, &m, NULL, "forwarding the seccomp listener", err);
		if (r < 0)
			return r;
		close(*listener);
		*listener = -1;
	}
	return 0;
}

static void child_fail(const struct sbx_child *c, struct sbx_error *err) __attribute__((noreturn));
static void child_become_command(struct sbx_child *c) __attribute__((noreturn));
static void command_start(struct sbx_child *c) __attribute__((noreturn));

/*
 * Can pid 1 lock down before the command exists?  Only where the command
 * needs nothing pid 1 drops: no capability in the end, and no change of
 * ids on the way (which takes CAP_SETUID).  It then starts from pid 1's
 * locked-down credentials and only narrows them further.
 */
static bool pid1_locks_down_first(const struct sbx_child *c)
{
	return c->plan->res.cap_target == 0 && !child_ids_change(c);
}

/* The command's process, vforked or forked: it lets go of what only pid 1
 * holds, then goes on to exec. */
static void command_start(struct sbx_child *c)
{
	close(c->status_w);
	for (size_t i = 0; i < c->locks.n; i++)
		close(c->locks.fds[i]);
	child_become_command(c);
}

/*
 * vfork(2), as posix_spawn() does: the command borrows pid 1's memory (and
 * pid 1 waits) until its exec, so neither copies the other's page tables
 * nor takes a copy-on-write fault for each page it writes (about 35 faults
 * and 1.5 ms of an 11 ms Flatpak-like start, on a VM where a fault costs
 * 12 us: bench/README.md section 9).  The command's side runs only sbx's
 * own code, in frames below this one, and never returns here: it execs or
 * _exit()s, and frees nothing pid 1 still uses.
 */
static pid_t spawn_command(struct sbx_child *c)
{
	pid_t pid = vfork();

	if (pid == 0)
		command_start(c);
	return pid;
}

/*
 * Otherwise: fork, and the command waits until pid 1 has dropped what it
 * must (sbx_monitor_pid1() closes the pipe): no command runs beside a pid 1
 * that still holds its capabilities.
 */
static pid_t fork_command(struct sbx_child *c, struct sbx_error *err)
{
	int ready[2];
	pid_t pid;
	char b;

	if (pipe2(ready, O_CLOEXEC) < 0)
		return sbx_fail(err, errno, "pipe2");
	pid = fork();
	if (pid != 0) {
		close(ready[0]);
		return pid < 0 ? sbx_fail(err, errno, "Can't fork for pid 1") : pid;
	}
	close(ready[1]);
	while (read(ready[0], &b, 1) < 0 && errno == EINTR)
		;
	close(ready[0]);
	command_start(c);
}

/*
 * Start the command; this process stays as pid 1 (monitor.c).  It re-arms
 * the parent-death signal first: the user-namespace steps may have changed
 * its credentials, which clears it.
 */
static int child_fork_pid1(struct sbx_child *c, struct sbx_error *err)
{
	const struct sbx_plan *p = c->plan;
	_cleanup_fdset_ struct sbx_fdset keep = { 0 };
	struct sbx_pid1 pid1;
	int r;

	r = child_arm_pdeathsig(c, err);
	if (r < 0)
		return r;
	/* pid 1 holds --sync-fd and the lock files (at most SBX_MAX_KEEP_FDS,
	 * sbx_fdset_validate() saw to it) */
	r = sbx_fdset_init(&keep, p, 1);
	if (r < 0)
		return sbx_fail(err, -r, "Can't fork for pid 1");
	sbx_fdset_add(&keep, p->sync_fd);
	for (size_t i = 0; i < c->locks.n; i++)
		sbx_fdset_add(&keep, c->locks.fds[i]);
	pid1 = (struct sbx_pid1){ .cmd = -1, .status_fd = c->status_w, .keep = keep.fds, .n_keep = keep.n,
				  .die_with_parent = p->die_with_parent, .same_pgrp = !p->new_session,
				  .sc = c->sc, .sc_from = c->sc_loaded,
				  .reachable = p->face_policy->pid1_reachable, .cmd_caps = p->res.cap_target,
				  .before_command = pid1_locks_down_first(c) };
	c->watcher = getpid();
	if (pid1.before_command) {
		r = sbx_monitor_pid1_lock_down(&pid1, err);
		if (r < 0)
			return r;
		pid1.cmd = spawn_command(c);
		if (pid1.cmd < 0)
			return sbx_fail(err, errno, "Can't fork for pid 1");
	} else {
		pid1.cmd = fork_command(c, err);
		if (pid1.cmd < 0)
			return pid1.cmd;
	}
	/* Returns only if pid 1 could not drop its capabilities: a forked
	 * command, still waiting on the pipe, never runs; the channel says
	 * why. */
	r = sbx_monitor_pid1(&pid1, err);
	kill(pid1.cmd, SIGKILL);
	return r;
}

/*
 * --pidns with --unshare-pid: the kernel makes a pid namespace only inside
 * the caller's own, so this process (in the --pidns namespace) unshares one
 * and forks its pid 1, then stays between it and the parent, passing on
 * signals and the exit status.
 */
static int child_nest_pidns(struct sbx_child *c, struct sbx_error *err)
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

/*
 * The child's half of plan->res.clone_now: the namespaces clone left out.
 * Its user namespace exists, so what can fail here is a per-user limit
 * (ENOSPC) or the kernel's support: say which namespaces.
 */
int sbx_child_unshare_rest(const struct sbx_child *c, struct sbx_error *err)
{
	unsigned long rest = c->flags & ~c->plan->res.clone_now;
	char names[64] = "";
	int e;

	if (!rest || unshare((int)rest) == 0)
		return 0;
	e = errno;
	sbx_ns_names(rest, names, sizeof(names));
	return sbx_fail_msg(err, e, "creating the sandbox's namespaces (%s): %s%s", names, strerror(e),
			    e == ENOSPC ? "; a per-user limit is reached (/proc/sys/user/max_*_namespaces)" : "");
}

/*
 * One process (sandbox.c decided nothing needs a parent): sbx_run() has
 * unshared and mapped this very process; the rest of the ladder is the
 * child's, with no channel to report on.  Returns only on failure.
 */
int sbx_child_one_process(struct sbx_child *c, struct sbx_error *err)
{
	int listener = -1, r;

	r = child_close_inherited(c, err);
	if (r == 0)
		r = child_sandbox(c, err);
	if (r == 0)
		r = child_process(c, &listener, err);
	if (r == 0)
		r = child_exec(c, err);
	/* Only a failure returns, and sandbox.c then _exit()s as the forked
	 * child does; what was meant to live until the exec is freed here
	 * all the same, so that this function leaks nothing of its own. */
	if (listener >= 0)
		close(listener);
	sbx_fdset_free(&c->locks);
	free(c->envp);
	c->envp = NULL;
	return r;
}

/*
 * On the parent's memory (sandbox.c): the parent cannot answer until this
 * process has exec'd, so it writes its own maps, as sbx's one process does:
 * setgroups "deny", then its own id, the only map a process may write for
 * itself.  /proc/self: with a new pid namespace its pid means another
 * process in the host's /proc.
 */
static int child_map_self(const struct sbx_child *c, struct sbx_error *err)
{
	struct sbx_idmap_run run;
	int r = sbx_idmap_start(0, c->maps, &run, err);

	r = sbx_idmap_finish(0, c->maps, &run, r, err);
	return r < 0 ? sbx_error_prefix(err, "mapping ids") : 0;
}

void sbx_child_main(struct sbx_child *c)
{
	const struct sbx_plan *p = c->plan;
	struct sbx_error err = { 0 };
	struct sbx_msg m;

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
		_exit(SBX_EXIT_FAILED);
	/* First, before pid 1 or the command exist: no process of the sandbox
	 * may possess the caller's session keyring (the cache's secret). */
	if (sbx_keyring_leave_session(&err) < 0)
		goto fail;
	if (sbx_child_unshare_rest(c, &err) < 0)
		goto fail;
	if (p->res.nest_pid && child_nest_pidns(c, &err) < 0)
		goto fail;
	if (c->self_map) {
		if (c->close_first >= 0)
			close(c->close_first);
		sbx_test_die("child", "mapping-requested");
		if (child_map_self(c, &err) < 0)
			goto fail;
		c->sc_loaded = sbx_seccomp_load_builtin(c->sc);
		sbx_test_die("child", "mapped");
		goto mapped;
	}
	if (sbx_channel_send(c->chan, SBX_MSG_MAPPING_REQUEST, 0, NULL, -1) < 0)
		_exit(SBX_EXIT_FAILED);
	sbx_test_die("child", "mapping-requested");
	/*
	 * While the parent writes the maps (or its setuid helpers run), this
	 * process only waits: it loads sbx's built-in filter now, with the
	 * CAP_SYS_ADMIN its new user namespace gives it (the kernel's rule
	 * for a filter without no_new_privs), instead of on the way to exec.
	 * pid 1, forked later, inherits it.  A caller's filters still come
	 * last (sbx_seccomp_load_builtin() loads only the built-in one).
	 */
	c->sc_loaded = sbx_seccomp_load_builtin(c->sc);
	if (sbx_channel_expect(c->chan, SBX_MSG_MAPPING_DONE, &m, NULL, "mapping ids", &err) < 0)
		_exit(SBX_EXIT_FAILED); /* the parent reports its own error */
	sbx_test_die("child", "mapped");
mapped:
	if (child_close_inherited(c, &err) < 0 || child_sandbox(c, &err) < 0)
		goto fail;
	if (p->res.reaper && child_fork_pid1(c, &err) < 0)
		goto fail;
	child_become_command(c);
fail:
	child_fail(c, &err);
}

/* From the fork of pid 1 (or without one) to exec. */
static void child_become_command(struct sbx_child *c)
{
	struct sbx_error err = { 0 };
	int listener = -1;

	if (child_process(c, &listener, &err) == 0)
		child_exec(c, &err);
	child_fail(c, &err);
}

static void child_fail(const struct sbx_child *c, struct sbx_error *err)
{
	/* After READY the parent takes an end of file for the exec: should a
	 * caller's filter deny sendmsg, the child says it itself, as
	 * bubblewrap's child does, and its status carries the rest. */
	if (sbx_channel_send(c->chan, SBX_MSG_SETUP_FAILED, 0, err, -1) < 0)
		sbx_log_error(err->msg);
	_exit(err->status ? err->status : c->plan->face_policy->failed);
}
