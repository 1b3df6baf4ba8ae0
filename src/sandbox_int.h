/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_SANDBOX_INT_H
#define SBX_SANDBOX_INT_H

/*
 * What the two ladders share with sbx_run() (sandbox.c), which joins them:
 * the child's (child.c) and the parent's (parent.c) state.  Not for other
 * modules: they see only sandbox.h.
 */

#include <limits.h>
#include <stdbool.h>
#include <sys/types.h>

#include "error.h"
#include "fdset.h"
#include "idmap.h"
#include "ns.h"
#include "pasta.h"
#include "plan.h"
#include "seccomp.h"

/* The child's ladder: a copy of the parent's memory after clone. */
struct sbx_child {
	const struct sbx_plan *plan;   /* resolved: plan->res says what to build */
	const struct sbx_idmaps *maps;
	const struct sbx_seccomp *sc;
	unsigned long flags;           /* plan->res.clone_flags */
	int chan;
	int status_w;       /* pid 1's report to the parent, -1 without pid 1 */
	pid_t parent;       /* the sbx parent, as this process's getppid() sees it (0: not visible) */
	pid_t watcher;      /* after the fork: the pid 1 the command's getppid() sees */
	char **envp;        /* the command's environment (child_envp()), one allocation */
	bool self_map;      /* on the parent's memory: maps its own id, no MAPPING_REQUEST */
	int close_first;    /* the parent's end of the channel, for a child on its memory to close */
	struct sbx_fdset locks; /* --lock-file fds held by pid 1 */
	struct sbx_ns_files nsf;
	size_t sc_loaded;   /* sc's filters loaded ahead of the setup (the built-in one) */
	char cwd[PATH_MAX];
};

/* The parent's ladder, which stays outside and unprivileged. */
struct sbx_parent {
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
	struct sbx_pasta pasta;     /* --net pasta, started once the ids are mapped */
};

/**
 * sbx_child_main() - the child's ladder, from clone to exec (child.c): the
 * rest of the namespaces, the id mapping handshake, the filesystem, pid 1,
 * ids, capabilities, fds, environment, no_new_privs, seccomp, exec.  A
 * failure goes to the parent over @c->chan.  Never returns.
 */
void sbx_child_main(struct sbx_child *c) __attribute__((noreturn));

/**
 * sbx_child_unshare_rest() - unshare the namespaces of @c that clone (or
 * sbx's own first unshare) left out, once the user namespace exists.
 *
 * Return: 0, or a negative errno with @err naming the namespaces.
 */
int sbx_child_unshare_rest(const struct sbx_child *c, struct sbx_error *err);

/**
 * sbx_child_one_process() - the child's ladder from the mounts on, run by
 * sbx itself once it has unshared and mapped its own ids (child.c): no
 * channel, no pid 1.  Returns only when the sandbox could not be set up
 * or the command not exec'd, with @err set.
 */
int sbx_child_one_process(struct sbx_child *c, struct sbx_error *err);

/**
 * sbx_parent_after_borrow() - the parent's ladder once a child that ran on
 * its memory (clone with CLONE_VM and CLONE_VFORK) has exec'd or died: no
 * id maps to write (the child wrote its own), only the child's READY and
 * end of file, or its error, to read.
 */
int sbx_parent_after_borrow(struct sbx_parent *pc, struct sbx_error *err);

/**
 * sbx_parent_ladder() - the parent's ladder, from clone to the command's
 * exec (parent.c): map the ids, write --info-fd, forward the seccomp
 * listener, and wait for the child's READY and end of file.
 *
 * Return: 0 once the command runs, or a negative errno with @err set (the
 * child's own error when it failed).
 */
int sbx_parent_ladder(struct sbx_parent *pc, struct sbx_error *err);

/**
 * sbx_parent_wait() - wait for the command and set @exit_status (parent.c).
 *
 * Return: 0, or a negative errno with @err set.
 */
int sbx_parent_wait(const struct sbx_parent *pc, int *exit_status, struct sbx_error *err);

/**
 * sbx_parent_die_with_parent() - --die-with-parent for sbx itself, armed
 * against @caller, the pid that started sbx (parent.c).
 */
int sbx_parent_die_with_parent(const struct sbx_plan *p, pid_t caller, struct sbx_error *err);

/**
 * sbx_parent_lock_down() - make sbx non-dumpable where the command shares
 * its user namespace (parent.c).
 */
int sbx_parent_lock_down(const struct sbx_plan *p, struct sbx_error *err);

#endif
