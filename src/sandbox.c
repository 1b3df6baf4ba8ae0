/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sbx_run(): the clone that joins the parent's ladder (parent.c) and the
 * child's (child.c).  The whole program, layer by layer, each only calling
 * the ones below it:
 *
 *   argv ──> cli.c ──────────────> struct sbx_plan   (what was asked, in order)
 *              │                        │
 *   main.c ────┼── sbx_plan_validate()  (plan.c: refuse bad combinations; reads only)
 *              ├── sbx_plan_resolve()   (plan_resolve.c: plan->res, decided once:
 *              │                         clone flags, user-ns layout, pid 1, new
 *              │                         root, capability set, the caller)
 *              └── sbx_run()            (sandbox.c, here)
 *                    ├── prepare: idmap_host.c (maps), seccomp*.c (filters), ns.c (join)
 *                    ├── clone ─────────────────────────────────┐
 *                    │                                          │
 *             parent.c: sbx_parent_ladder()             child.c: sbx_child_main()
 *               id maps (idmap_host.c:                    unshare the rest (ns.c)
 *                 setgroups, newuidmap) <── channel.c ──> MAPPING_REQUEST / DONE
 *               --info-fd (info.c)                        mounts*.c, hostname, ns.c steps
 *               seccomp listener     <────────────────── pid 1 (monitor.c), ids, caps.c,
 *               sbx_parent_wait()                          fds (fdset.c), env, no_new_privs,
 *                                                          seccomp load, exec
 *
 * main.c alone prints and picks the exit status (exitcode.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "channel.h"
#include "cleanup.h"
#include "idmap.h"
#include "log.h"
#include "monitor.h"
#include "ns.h"
#include "sandbox.h"
#include "sandbox_int.h"
#include "seccomp.h"
#include "userns_holder.h"
#include "util.h"

static pid_t raw_clone(unsigned long flags)
{
	/* fork(2) semantics with namespace flags: the child runs on a copy of
	 * our stack.  We are single-threaded, so no lock can be held. */
	return (pid_t)syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, NULL);
}

/*
 * What both ways of starting the sandbox (a forked child, or one on our
 * memory) make before the clone: the channel, whose end the child gets,
 * and the child's description.  pid 1's status pipe is the forked
 * child's alone (run_sandbox()): a child on our memory never has a pid 1
 * (borrows_memory()).
 */
static int prepare_child(const struct sbx_plan *plan, struct sbx_child *c, int ch[2], struct sbx_error *err)
{
	int r = sbx_channel_pair(ch, err);

	if (r < 0)
		return r;
	/* Each message to the parent carries its sender's pid, as the
	 * parent's pid namespace sees it. */
	if (setsockopt(ch[0], SOL_SOCKET, SO_PASSCRED, &(int){ 1 }, sizeof(int)) < 0)
		return sbx_fail(err, errno, "SO_PASSCRED");
	c->chan = ch[1];
	c->flags = plan->res.clone_flags;
	c->close_first = -1;
	c->status_w = -1;
	c->nsf.max_userns = c->nsf.proc_self = -1;
	c->parent = ((c->flags & CLONE_NEWPID) || plan->ns.pidns_fd >= 0) ? 0 : getpid();
	if (!getcwd(c->cwd, sizeof(c->cwd)))
		c->cwd[0] = '\0';
	return 0;
}

/* The sbx face's way out where no user namespace can be made. */
static void suggest_no_userns(const struct sbx_plan *plan, struct sbx_error *err)
{
	size_t n = strlen(err->msg);

	if (!plan->face_policy->suggest_no_userns || !(plan->res.clone_now & CLONE_NEWUSER))
		return;
	snprintf(err->msg + n, sizeof(err->msg) - n, "; where user namespaces cannot be made, 'sbx --no-userns' "
		 "runs the command without any namespace, confined by no_new_privs, seccomp and Landlock only");
}

static int namespaces_failed(const struct sbx_plan *plan, struct sbx_error *err, int e)
{
	sbx_fail(err, e, "creating the sandbox's namespaces");
	if (sbx_ns_explain_denied(err)) {
		suggest_no_userns(plan, err);
		return -e;
	}
	if (e == EPERM || e == ENOSPC || e == EINVAL) {
		sbx_error_prefix(err, "%s", "unprivileged user namespaces may be disabled here "
				 "(sysctl kernel.unprivileged_userns_clone, user.max_user_namespaces)");
		suggest_no_userns(plan, err);
	}
	return -e;
}

/* clone makes what plan->res.clone_now says; the child unshares the rest. */
static int clone_sandbox(const struct sbx_child *c, pid_t *pid, struct sbx_error *err)
{
	unsigned long now = c->plan->res.clone_now;

	sbx_verbose("creating namespaces (clone flags 0x%lx, then 0x%lx in the child)", now, c->flags & ~now);
	*pid = sbx_test_errno("CLONE") ? (errno = sbx_test_errno("CLONE"), -1) : raw_clone(now);
	if (*pid < 0)
		return namespaces_failed(c->plan, err, errno);
	return 0;
}

static void close_pairp(int (*fds)[2])
{
	for (int i = 0; i < 2; i++)
		sbx_closep(&(*fds)[i]);
}

#define _cleanup_pair_ _cleanup_(close_pairp)

/* A map sbx may write for itself from inside: one id, its own (as unshare -r). */
static bool own_id_only(const struct sbx_idmaps *m, int k, uint32_t self)
{
	return !m->helper[k] && m->n[k] == 1 && m->map[k][0].count == 1 && m->map[k][0].outer == self;
}

/*
 * Does the parent have nothing to do between the clone and the command's
 * exec?  Then the child may run on the parent's memory (clone with CLONE_VM
 * and CLONE_VFORK, the parent waiting until the exec), and no address
 * space is made for it: on a VM whose every new address space costs about
 * half a millisecond to start and as much to tear down, that is most of
 * what a start pays beyond the kernel's own work (bench/README.md section
 * 9).  Each condition names something the parent would have to do
 * meanwhile, or a child that must outlive the exec:
 *   - pid 1 (res.reaper), the relay of a nested pid namespace: they live
 *     on beside the command, and so need memory of their own (a child on
 *     ours that forked pid 1 off was slower than the forked child: the
 *     fork, not the child's start, is what costs; bench/README.md 9);
 *   - maps other than the caller's own id: newuidmap/newgidmap, or a
 *     holder's namespace, run from the parent;
 *   - --info-fd, --json-status-fd, --userns-block-fd, --net pasta, a
 *     seccomp listener: the parent's steps before the exec;
 *   - namespaces to join, a nested user namespace: kept on the tested path.
 * A sanitizer build keeps the forked child: what the child allocates on
 * the parent's heap before its exec is never freed, which LeakSanitizer
 * would report as the parent's leak.
 */
static bool borrows_memory(const struct sbx_plan *p, const struct sbx_idmaps *m, const struct sbx_seccomp *sc)
{
#ifdef SBX_SANITIZED
	(void)p;
	(void)m;
	(void)sc;
	return false;
#else
	const struct sbx_resolved *r = &p->res;

	if (r->reaper || r->nest_pid || r->pasta || r->nest_user || !r->userns || m->holder)
		return false;
	if (p->info_fd >= 0 || p->json_status_fd >= 0 || p->userns_block_fd >= 0 || sc->listener_path)
		return false;
	if (p->ns.userns_fd >= 0 || p->ns.userns2_fd >= 0 || p->ns.pidns_fd >= 0 || p->ns.disable_userns)
		return false;
	return !m->setgroups_allow && own_id_only(m, 0, r->caller_uid) && own_id_only(m, 1, r->caller_gid);
#endif
}

static int borrowed_main(void *arg)
{
	sbx_child_main(arg);
}

/*
 * The child on our memory, on a stack of its own (a guard page below it):
 * we wait in clone until it has exec'd or died, so nothing of ours runs
 * meanwhile.  The stack's own failures are sbx's, not the namespaces': an
 * mmap short of memory says nothing about user namespaces.
 */
#define BORROWED_STACK (512 * 1024)

static int clone_borrowed(struct sbx_child *c, pid_t *pid, struct sbx_error *err)
{
	/* not sysconf(): its table in libc's read-only data would be
	 * faulted into the waiting parent's peak for one number */
	const size_t page = (size_t)getpagesize();
	const int flags = CLONE_VM | CLONE_VFORK | (int)c->plan->res.clone_now | SIGCHLD;
	char *stack;
	pid_t p;
	int e, r;

	stack = sbx_test_errno("STACK") ? (errno = sbx_test_errno("STACK"), MAP_FAILED) :
		mmap(NULL, BORROWED_STACK + page, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
	if (stack == MAP_FAILED)
		return sbx_fail(err, errno, "cannot map a stack for the sandbox's child");
	if (mprotect(stack, page, PROT_NONE) < 0) {
		r = sbx_fail(err, errno, "cannot protect the guard page below the stack of the sandbox's child");
		munmap(stack, BORROWED_STACK + page);
		return r;
	}
	p = sbx_test_errno("CLONE") ? (errno = sbx_test_errno("CLONE"), -1) :
	    clone(borrowed_main, stack + page + BORROWED_STACK, flags, c);
	e = errno;
	munmap(stack, BORROWED_STACK + page);
	if (p < 0)
		return namespaces_failed(c->plan, err, e);
	*pid = p;
	return 0;
}

/* The sandbox on our memory: clone, then only the command's READY, its
 * exec or its error, and its end. */
static int run_borrowed(const struct sbx_plan *plan, const struct sbx_idmaps *maps,
			const struct sbx_seccomp *sc, pid_t caller, int *exit_status,
			struct sbx_error *err)
{
	struct sbx_child c = { .plan = plan, .maps = maps, .sc = sc };
	struct sbx_parent pc = { .plan = plan, .maps = maps, .sc = sc, .status_r = -1,
				 .pasta = SBX_PASTA_INIT };
	_cleanup_pair_ int ch[2] = { -1, -1 };
	_cleanup_pid_ pid_t pid = 0;
	int dumpable = prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), r;

	r = prepare_child(plan, &c, ch, err);
	if (r < 0)
		return r;
	c.self_map = true;
	c.close_first = ch[0];
	/* Armed before the clone: this process runs again only after the
	 * exec, and its credentials do not change on this path. */
	r = sbx_parent_die_with_parent(plan, caller, err);
	if (r < 0)
		return r;
	sbx_verbose("creating namespaces on the parent's memory (clone flags 0x%lx, then 0x%lx in the child)",
		    plan->res.clone_now, c.flags & ~plan->res.clone_now);
	r = clone_borrowed(&c, &pid, err);
	if (r < 0)
		return r;
	close(TAKE_FD(ch[1]));
	/* The child's id change, if any, made our memory non-dumpable: it is
	 * ours alone again. */
	if (dumpable > 0 && prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0)
		prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
	r = sbx_parent_lock_down(plan, err);
	if (r < 0)
		return r;
	pc.pid = pid;
	pc.flags = c.flags;
	pc.chan = ch[0];
	sbx_monitor_forward_signals(pid, !plan->new_session);
	r = sbx_parent_after_borrow(&pc, err);
	if (r < 0)
		return r;
	TAKE_PID(pid);
	return sbx_parent_wait(&pc, exit_status, err);
}

/* The channel, clone, and the two ladders; the sandbox is killed and reaped
 * on any error after the clone (_cleanup_pid_). */
static int run_sandbox(const struct sbx_plan *plan, const struct sbx_idmaps *maps,
		       const struct sbx_seccomp *sc, pid_t caller, int *exit_status,
		       struct sbx_error *err)
{
	struct sbx_child c = { .plan = plan, .maps = maps, .sc = sc };
	struct sbx_parent pc = { .plan = plan, .maps = maps, .sc = sc, .status_r = -1,
				 .pasta = SBX_PASTA_INIT };
	_cleanup_pair_ int ch[2] = { -1, -1 };
	_cleanup_pair_ int status[2] = { -1, -1 };
	_cleanup_pid_ pid_t pid = 0;
	int r;

	r = sbx_ns_join(plan, err);
	if (r < 0)
		return r;
	r = prepare_child(plan, &c, ch, err);
	if (r < 0)
		return r;
	if (plan->res.reaper && pipe2(status, O_CLOEXEC) < 0)
		return sbx_fail(err, errno, "pipe2");
	c.status_w = status[1];
	r = clone_sandbox(&c, &pid, err);
	if (r < 0)
		return r;
	if (pid == 0) {
		close(ch[0]);
		if (status[0] >= 0)
			close(status[0]);
		sbx_child_main(&c);
	}
	close(TAKE_FD(ch[1]));
	r = sbx_parent_lock_down(plan, err);
	if (r < 0)
		return r;
	if (status[1] >= 0)
		close(TAKE_FD(status[1]));
	/* pid 1 holds --sync-fd now: its closing tells the caller the
	 * sandbox is gone, so the parent lets go of its copy. */
	if (plan->sync_fd >= 0 && plan->res.reaper)
		close(plan->sync_fd);
	pc.pid = pid;
	pc.flags = c.flags;
	pc.chan = ch[0];
	pc.status_r = status[0];
	sbx_monitor_forward_signals(pid, !plan->new_session);
	r = sbx_parent_die_with_parent(plan, caller, err);
	if (r < 0)
		return r;
	r = sbx_parent_ladder(&pc, err);
	if (r < 0) {
		sbx_pasta_stop(&pc.pasta);
		return r;
	}
	/* The command runs: from here sbx waits for it, and with pid 1
	 * reporting, orphans may outlive sbx (as under bubblewrap); their
	 * network through pasta ends with the command. */
	TAKE_PID(pid);
	r = sbx_parent_wait(&pc, exit_status, err);
	sbx_pasta_stop(&pc.pasta);
	return r;
}

/*
 * One process, as unshare(1) runs: when nothing needs a process outside
 * the sandbox once the command runs, sbx unshares its namespaces, writes
 * its own one-id maps and execs, with no fork and no parent left waiting.
 * Each condition names what needs the parent:
 *   - a new pid namespace: its first process is a child, and the reaper
 *     that holds --sync-fd and --lock-file is pid 1 (res.reaper);
 *   - newuidmap/newgidmap: setuid, so they must run before no_new_privs
 *     and outside the user namespace; any map but the caller's own id
 *     needs them or a privileged writer outside;
 *   - --info-fd, --json-status-fd, --userns-block-fd, a seccomp listener
 *     to forward, --net pasta: the parent's steps after the clone;
 *   - --die-with-parent: sbx's own parent-death signal, bound to its caller;
 *   - --new-session: setsid(2) fails in a process-group leader, which
 *     sbx often is;
 *   - joining namespaces (--userns, --pidns): kept on the tested path.
 * The command's exit status then reaches the caller unchanged (a signal
 * as a signal), as with unshare(1).
 */
static bool one_process(const struct sbx_plan *p, const struct sbx_idmaps *m, const struct sbx_seccomp *sc)
{
	const struct sbx_resolved *r = &p->res;

	if (!p->face_policy->one_process || r->reaper || r->nest_pid || r->pasta || (r->clone_flags & CLONE_NEWPID))
		return false;
	if (p->info_fd >= 0 || p->json_status_fd >= 0 || p->userns_block_fd >= 0 || p->sync_fd >= 0)
		return false;
	if (p->die_with_parent || p->new_session || sc->listener_path)
		return false;
	if (p->ns.userns_fd >= 0 || p->ns.userns2_fd >= 0 || p->ns.pidns_fd >= 0)
		return false;
	if (!r->userns)
		return r->clone_flags == 0;
	return !m->setgroups_allow && own_id_only(m, 0, r->caller_uid) && own_id_only(m, 1, r->caller_gid);
}

static int run_one_process(const struct sbx_plan *plan, const struct sbx_idmaps *maps,
			   const struct sbx_seccomp *sc, struct sbx_error *err)
{
	struct sbx_child c = { .plan = plan, .maps = maps, .sc = sc, .chan = -1, .status_w = -1,
			       .flags = plan->res.clone_flags, .close_first = -1 };
	struct sbx_idmap_run run;
	int r;

	c.nsf.max_userns = c.nsf.proc_self = -1;
	if (!getcwd(c.cwd, sizeof(c.cwd)))
		c.cwd[0] = '\0';
	sbx_verbose("one process: namespaces 0x%lx, no parent stays", c.flags);
	/* As the child's first step: the command must not possess the
	 * caller's session keyring (the cache's secret). */
	r = sbx_keyring_leave_session(err);
	if (r < 0)
		return r;
	if (sbx_test_errno("CLONE"))
		return namespaces_failed(plan, err, sbx_test_errno("CLONE"));
	/* The same two steps, and so the same messages, as clone and the
	 * child's unshare of the rest on the forked path. */
	if ((c.flags & plan->res.clone_now) && unshare((int)(c.flags & plan->res.clone_now)) < 0)
		return namespaces_failed(plan, err, errno);
	r = sbx_child_unshare_rest(&c, err);
	if (r < 0)
		return r;
	/* setgroups "deny" first, then the maps: sbx_idmap_start() keeps
	 * that order, and writes its own one-id maps without any helper. */
	r = sbx_idmap_start(getpid(), maps, &run, err);
	r = sbx_idmap_finish(getpid(), maps, &run, r, err);
	if (r < 0) {
		sbx_error_prefix(err, "mapping ids");
		return r;
	}
	sbx_child_one_process(&c, err);
	/* Only a failure gets here, and this process is the sandbox by now
	 * (its root, its capabilities, perhaps its filter): it ends as the
	 * forked child does, with _exit(), running no exit handler (a
	 * sanitizer's among them) inside it. */
	sbx_log_error(err->msg);
	_exit(err->status ? err->status : plan->face_policy->failed);
}

int sbx_run(const struct sbx_plan *plan, int *exit_status, struct sbx_error *err)
{
	struct sbx_idmaps maps;
	struct sbx_seccomp sc;
	pid_t caller = getppid();
	int r;

	if (!plan->res.done)
		return sbx_fail_msg(err, EINVAL, "internal error: the plan was not resolved");
	/* A caller that ignores SIGCHLD (Erlang, volumeicon) would have the
	 * kernel reap the sandbox before sbx can wait for it: the default
	 * back, for the sandbox too, as bubblewrap 0.11.1 does. */
	signal(SIGCHLD, SIG_DFL);
	if (plan->res.pasta) {
		r = sbx_pasta_check(err);
		if (r < 0)
			return r;
	}
	r = sbx_idmap_prepare(plan, &maps, err);
	if (r < 0)
		return r;
	r = sbx_seccomp_prepare(plan, &sc, err);
	if (r == 0) {
		if (one_process(plan, &maps, &sc)) {
			r = run_one_process(plan, &maps, &sc, err);
		} else if (borrows_memory(plan, &maps, &sc)) {
			r = run_borrowed(plan, &maps, &sc, caller, exit_status, err);
		} else {
			/* last before the clone: from here the parent may run
			 * in the holder's user namespace */
			sbx_holder_join(plan, &maps);
			r = run_sandbox(plan, &maps, &sc, caller, exit_status, err);
		}
		sbx_seccomp_free(&sc);
	}
	sbx_idmaps_free(&maps);
	return r;
}
