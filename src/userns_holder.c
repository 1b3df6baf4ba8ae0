/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The user-namespace holder: --map-root with subordinate ids, without
 * running newuidmap and newgidmap on every start.
 *
 * The two setuid helpers are most of a mapped start: each is an exec of a
 * program that loads libaudit, libselinux and more (bench/README.md).  A
 * holder is a small process, forked from sbx, that keeps one user namespace
 * C: a direct child of the caller's own, owned by the caller, whose maps
 * send each of the sandbox's outer ids to itself (the caller's uid and its
 * subordinate ranges), written once by the helpers.  A later sbx joins C
 * before its clone.  There it holds CAP_SETUID and CAP_SETGID over exactly
 * those ids, so it writes the sandbox's maps itself, as it does nested in
 * an outer sbx --map-root (idmap_host.c); since C maps every id to itself,
 * the maps read the same from inside the sandbox and from the host as they
 * do when the helpers write them.  The sandbox's namespace is one level
 * deeper (a child of C), which nothing but the kernel's limit of 32 levels
 * can tell.
 *
 * Trust.  The holder's pid is kept in a file that a sandbox binding the
 * directory could rewrite, so the file is only a hint: what sbx joins is
 * judged by the namespace itself, opened through /proc/PID before setns():
 *   - a user namespace, owned by the caller's uid, whose parent is the
 *     user namespace sbx runs in.  No sandbox can make one: every sandbox
 *     runs in a user namespace below the caller's (the sbx face makes one
 *     always), and it can join none it did not make, since setns() needs
 *     CAP_SYS_ADMIN there and a sandbox holds capabilities only below its
 *     own namespace;
 *   - whose maps name exactly the ids sbx was about to map, each to
 *     itself, and whose setgroups says "allow".  Ranges like these can be
 *     written only by newuidmap/newgidmap (setuid, useless under the
 *     no_new_privs every sbx sandbox has) or by root: so the namespace was
 *     made by the caller's own unsandboxed processes, and joining it gives
 *     sbx nothing the helpers would not have given it.
 * The maps are read through the same /proc/PID directory as the namespace;
 * a process that changed its user namespace in between would need
 * CAP_SYS_ADMIN over a namespace that passes the checks, which again only
 * the caller's own unsandboxed processes hold.
 *
 * Nothing in a sandbox reaches the holder or a joined sbx: ptrace and the
 * /proc/PID files that need it (exe, mem, ns/) take CAP_SYS_PTRACE over C,
 * and sandboxes hold capabilities only in namespaces below C.  Signals do
 * reach the holder from a sandbox that shares the pid namespace (the same
 * uid): killing it only sends the next start back to the helpers.  The
 * holder keeps no capability, no fd but its directory's, no terminal and
 * no working directory; it exits once no sbx has used it for
 * HOLDER_IDLE_S seconds, or as soon as the file names another holder.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "caps.h"
#include "cleanup.h"
#include "fdset.h"
#include "log.h"
#include "seccomp.h" /* sbx_keyring_leave_session() */
#include "userns_holder.h"
#include "util.h"

#define HOLDER_FILE "userns-holder"
#define HOLDER_IDLE_S 600
#define HOLDER_CHECK_S 60

static const char *const map_leaf[2] = { "uid_map", "gid_map" };

/* The ids C must map to themselves: those of the sandbox's outer side. */
struct want {
	struct sbx_idrange *r[2];
	size_t n[2];
};

static void want_free(struct want *w)
{
	for (int k = 0; k < 2; k++)
		free(w->r[k]);
}

/* Seconds without a start before the holder exits; a test build may
 * shorten it (SBX_TEST_HOLDER_IDLE). */
static unsigned idle_seconds(void)
{
#ifdef SBX_TEST_HOOKS
	const char *v = getenv("SBX_TEST_HOLDER_IDLE");
	uint32_t s;

	if (v && sbx_parse_u32(v, 3600, &s) == 0 && s > 0)
		return s;
#endif
	return HOLDER_IDLE_S;
}

/*
 * $XDG_RUNTIME_DIR/sbx: per machine and per login, on a tmpfs.  Without
 * it, the cache directory (a home shared between machines then shares the
 * file: each machine's holder fails the others' checks and is replaced,
 * which costs speed, never safety).  Either is walked from / as the
 * seccomp cache's is: owned by the caller or root, writable by no one else.
 */
static int holder_dir(bool create, const char **why)
{
	const char *rt = getenv("XDG_RUNTIME_DIR");
	char path[PATH_MAX];
	int n;

	if (rt && rt[0] == '/') {
		n = snprintf(path, sizeof(path), "%s/sbx", rt);
		if (n < 0 || (size_t)n >= sizeof(path))
			return *why = "XDG_RUNTIME_DIR is too long", -ENAMETOOLONG;
	} else if (sbx_user_cache_dir(path, sizeof(path)) < 0) {
		return *why = "neither XDG_RUNTIME_DIR, XDG_CACHE_HOME nor HOME is set", -ENOENT;
	}
	return sbx_open_private_dir(path, getuid(), create, why);
}

/* The pid the file names, or 0.  @mtime: when a start last used it. */
static pid_t read_pid_file(int dir, time_t *mtime)
{
	_cleanup_close_ int fd = openat(dir, HOLDER_FILE, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	char buf[16];
	struct stat st;
	uint32_t pid;
	ssize_t n;

	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != getuid())
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	if (n <= 1 || buf[n - 1] != '\n')
		return 0;
	if (sbx_parse_u32n(buf, (size_t)n - 1, INT_MAX, &pid) < 0 || pid < 2)
		return 0;
	if (mtime)
		*mtime = st.st_mtime;
	return (pid_t)pid;
}

/* Does the file at @leaf of @piddir hold exactly @text? */
static bool proc_says(int piddir, const char *leaf, const char *text)
{
	_cleanup_close_ int fd = openat(piddir, leaf, O_RDONLY | O_CLOEXEC);
	_cleanup_free_ char *got = NULL;

	return fd >= 0 && sbx_read_all_fd(fd, 64, &got, NULL) == 0 && strcmp(got, text) == 0;
}

static bool proc_map_is(int piddir, int k, const struct want *w)
{
	_cleanup_close_ int fd = openat(piddir, map_leaf[k], O_RDONLY | O_CLOEXEC);
	_cleanup_free_ char *text = NULL;
	_cleanup_free_ struct sbx_idrange *got = NULL;
	size_t n = 0;

	return fd >= 0 && sbx_read_all_fd(fd, 1u << 20, &text, NULL) == 0 &&
	       sbx_idmap_parse(text, &got, &n) == 0 && sbx_idmap_is_identity(got, n, w->r[k], w->n[k]);
}

/*
 * The user namespace of the process @pid, if sbx may join it (the checks
 * of the header comment), as an open fd; else -1 and @why.
 */
static int holder_ns(pid_t pid, const struct want *w, const char **why)
{
	_cleanup_close_ int piddir = -1, ns = -1, parent = -1;
	struct stat a, b;
	char path[32];
	uid_t owner;

	piddir = open(sbx_proc_path(path, sizeof(path), pid, ""), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (piddir < 0)
		return *why = "no such process", -1;
	ns = openat(piddir, "ns/user", O_RDONLY | O_CLOEXEC);
	if (ns < 0)
		return *why = "its user namespace cannot be opened", -1;
	if (ioctl(ns, NS_GET_NSTYPE) != CLONE_NEWUSER)
		return *why = "not a user namespace", -1;
	if (ioctl(ns, NS_GET_OWNER_UID, &owner) < 0 || owner != getuid())
		return *why = "a user namespace the caller does not own", -1;
	parent = ioctl(ns, NS_GET_PARENT);
	if (parent < 0 || fstat(parent, &a) < 0 || stat("/proc/self/ns/user", &b) < 0 ||
	    a.st_ino != b.st_ino || a.st_dev != b.st_dev)
		return *why = "not a child of sbx's own user namespace", -1;
	if (!proc_map_is(piddir, 0, w) || !proc_map_is(piddir, 1, w))
		return *why = "its maps are not the identity on the ids to map", -1;
	if (!proc_says(piddir, "setgroups", "allow\n"))
		return *why = "its setgroups says deny", -1;
	return TAKE_FD(ns);
}

/*
 * What ps shows of the holder: its name only.  It is a fork of the sbx
 * that started it, whose command line (the first sandbox's, perhaps
 * private) would otherwise stay on show for as long as the holder lives.
 * The kernel reads /proc/PID/cmdline from the strings argv[0] starts.
 */
static void clear_cmdline(void)
{
	_cleanup_free_ char *text = NULL;
	char *a = program_invocation_name;
	size_t n = 0, len = strlen(a);

	if (sbx_read_file("/proc/self/cmdline", 1u << 20, &text, &n) == 0 && n > len + 1)
		memset(a + len + 1, 0, n - len - 1);
}

/*
 * The holder, from here to its end.  It needs nothing of sbx's: it drops
 * every capability it has in C, keeps only the directory's fd (as fd 3;
 * 0, 1 and 2 on /dev/null, so that a caller reading sbx's output to its end
 * is not kept waiting), and looks at the file once a minute.
 */
static _Noreturn void holder_main(int dir)
{
	struct sbx_error err = { 0 };
	unsigned idle = idle_seconds();
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);

	if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0)
		_exit(1);
	if (sbx_close_fds_except(&dir, 1, false) < 0 || chdir("/") < 0)
		_exit(1);
	/* always fd 3: what the holder holds reads the same in /proc/PID/fd */
	if (dir != 3 && (dup3(dir, 3, O_CLOEXEC) < 0 || close(dir) < 0))
		_exit(1);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || sbx_caps_drop_all(&err) < 0 ||
	    sbx_keyring_leave_session(&err) < 0)
		_exit(1);
	prctl(PR_SET_NAME, "sbx-userns", 0, 0, 0);
	clear_cmdline();
	signal(SIGINT, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	for (;;) {
		time_t used = 0;

		sleep(idle < HOLDER_CHECK_S ? idle : HOLDER_CHECK_S);
		if (read_pid_file(3, &used) != getpid() || time(NULL) - used >= (time_t)idle)
			_exit(0);
	}
}

/* Write the file naming @pid, whole or not at all. */
static int write_pid_file(int dir, pid_t pid)
{
	char tmp[48], buf[16];
	size_t off = 0, toff = 0;
	_cleanup_close_ int fd = -1;

	sbx_cat(tmp, sizeof(tmp), &toff, HOLDER_FILE ".");
	sbx_cat_u(tmp, sizeof(tmp), &toff, (unsigned long)getpid());
	sbx_cat(buf, sizeof(buf), &off, "");
	sbx_cat_u(buf, sizeof(buf), &off, (unsigned long)pid);
	sbx_cat(buf, sizeof(buf), &off, "\n");
	unlinkat(dir, tmp, 0);
	fd = openat(dir, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	if (write(fd, buf, off) != (ssize_t)off || renameat(dir, tmp, dir, HOLDER_FILE) < 0) {
		int e = errno ? errno : EIO;

		unlinkat(dir, tmp, 0);
		return -e;
	}
	return 0;
}

/*
 * A new holder: forked twice (its parent is not sbx, it leaves the
 * caller's session), it makes C and waits while sbx has the helpers map it,
 * as they map a sandbox; sbx names it in the file, then lets it go on.
 */
static pid_t holder_start(int dir, const struct want *w, const char **why)
{
	_cleanup_close_ int ready_r = -1, go_w = -1;
	struct sbx_idmaps cm = { .setgroups_allow = true };
	struct sbx_idmap_run run;
	struct sbx_error err = { 0 };
	int ready[2], go[2], st, r;
	pid_t mid, pid = 0;

	if (pipe2(ready, O_CLOEXEC) < 0)
		return *why = "pipe2", -1;
	if (pipe2(go, O_CLOEXEC) < 0) {
		close(ready[0]);
		close(ready[1]);
		return *why = "pipe2", -1;
	}
	ready_r = ready[0];
	go_w = go[1];
	mid = fork();
	if (mid == 0) {
		pid_t me;
		char b;

		close(ready_r);
		close(go_w);
		if (setsid() < 0 || (mid = fork()) < 0)
			_exit(1);
		if (mid > 0)
			_exit(0);
		if (unshare(CLONE_NEWUSER) < 0)
			_exit(1);
		me = getpid();
		if (write(ready[1], &me, sizeof(me)) != (ssize_t)sizeof(me))
			_exit(1);
		close(ready[1]);
		if (read(go[0], &b, 1) != 1)
			_exit(0);
		close(go[0]);
		holder_main(dir);
	}
	close(ready[1]);
	close(go[0]);
	if (mid < 0)
		return *why = "fork", -1;
	while (waitpid(mid, &st, 0) < 0 && errno == EINTR)
		;
	if (read(ready_r, &pid, sizeof(pid)) != (ssize_t)sizeof(pid) || pid < 2)
		return *why = "the holder could not make its user namespace", -1;
	for (int k = 0; k < 2; k++) {
		cm.map[k] = w->r[k];
		cm.n[k] = w->n[k];
		cm.helper[k] = true;
	}
	r = sbx_idmap_start(pid, &cm, &run, &err);
	r = sbx_idmap_finish(pid, &cm, &run, r, &err);
	if (r == 0 && write_pid_file(dir, pid) < 0)
		r = -1, err = (struct sbx_error){ .msg = "cannot write " HOLDER_FILE };
	if (r < 0) {
		/* closing go_w without a byte ends it */
		sbx_verbose("user-namespace holder not started: %s", err.msg);
		return *why = "its maps could not be written", -1;
	}
	if (write(go_w, "g", 1) != 1)
		return *why = "the holder died", -1;
	sbx_verbose("user-namespace holder started: pid %d", (int)pid);
	return pid;
}

/* Where the holder may serve: the maps would need both helpers, and no
 * option puts the parent to work in namespaces of its own choosing. */
static bool holder_wanted(const struct sbx_plan *p, const struct sbx_idmaps *m)
{
	const char *v = getenv("SBX_USERNS_HOLDER");

	if (v && strcmp(v, "0") == 0)
		return false;
	if (!p->res.userns || !m->helper[0] || !m->helper[1] || m->nested || geteuid() == 0)
		return false;
	if (p->res.pasta || p->userns_block_fd >= 0)
		return false;
	return p->ns.userns_fd < 0 && p->ns.userns2_fd < 0 && p->ns.pidns_fd < 0;
}

int sbx_holder_join(const struct sbx_plan *plan, struct sbx_idmaps *m)
{
	_cleanup_(want_free) struct want w = { 0 };
	_cleanup_close_ int dir = -1, ns = -1;
	const char *why = NULL;
	pid_t pid;

	if (!holder_wanted(plan, m))
		return 0;
	for (int k = 0; k < 2; k++)
		if (sbx_idmap_identity(m->map[k], m->n[k], &w.r[k], &w.n[k]) < 0)
			return 0;
	dir = holder_dir(true, &why);
	if (dir < 0) {
		sbx_verbose("no user-namespace holder: its directory: %s", why);
		return 0;
	}
	pid = read_pid_file(dir, NULL);
	if (pid > 0) {
		ns = holder_ns(pid, &w, &why);
		if (ns < 0)
			sbx_verbose("user-namespace holder %d not used: %s", (int)pid, why);
		/* a start marks it used, before the join (after it, sbx would
		 * touch the file with capabilities over C) */
		else if (utimensat(dir, HOLDER_FILE, NULL, AT_SYMLINK_NOFOLLOW) < 0)
			sbx_closep(&ns);
	}
	if (ns < 0) {
		pid = holder_start(dir, &w, &why);
		if (pid < 0) {
			sbx_verbose("no user-namespace holder: %s", why);
			return 0;
		}
		ns = holder_ns(pid, &w, &why);
		if (ns < 0) {
			sbx_verbose("no user-namespace holder: the new one %s", why);
			return 0;
		}
	}
	/*
	 * The one step that cannot be undone: from here sbx runs in C, with
	 * every capability there, until the sandbox's maps are written
	 * (parent.c then drops them).  The maps stay as they were planned:
	 * C's ids are the host's.
	 */
	if (setns(ns, CLONE_NEWUSER) < 0) {
		sbx_verbose("user-namespace holder %d not joined: %s", (int)pid, strerror(errno));
		return 0;
	}
	m->helper[0] = m->helper[1] = false;
	m->holder = true;
	sbx_verbose("joined the user namespace of holder %d: sbx writes the maps itself", (int)pid);
	return 1;
}
