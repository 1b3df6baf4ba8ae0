/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sbx_plan_resolve(): every decision that follows from a validated plan and
 * the caller, made once in the parent before the clone and kept in
 * plan->res.  Which namespaces clone makes and which the child unshares,
 * whether a user namespace is made and how it is laid out, whether a pid 1
 * runs, whether a new root is built, which capabilities the command gets:
 * the ladders (parent.c, child.c), ns.c, idmap_host.c, mounts.c, caps.c and
 * seccomp.c read the answers and work none of them out again.
 */
#include "config.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "caps.h"
#include "landlock.h"
#include "log.h"
#include "ns.h"
#include "plan.h"

bool sbx_plan_userns_asked(const struct sbx_plan *plan)
{
	return plan->ns.user || plan->map_root || plan->n_map_users || plan->n_map_groups ||
	       plan->subids == SBX_SUBIDS_REQUIRE;
}

bool sbx_plan_makes_userns(const struct sbx_plan *plan, uint32_t caller_uid)
{
	if (plan->ns.userns_fd >= 0 || plan->no_userns)
		return false;
	if (sbx_plan_userns_asked(plan))
		return true;
	/* The sbx face is rootless-first: a user namespace always, so the
	 * sandbox's privileges never reach beyond it. */
	if (plan->face_policy->userns_always)
		return true;
	/* bubblewrap without setuid needs one unless it runs as root. */
	return plan->ns.user_try || caller_uid != 0;
}

static unsigned long clone_flags(const struct sbx_plan *plan, bool userns)
{
	unsigned long f = CLONE_NEWNS | sbx_ns_asked_flags(&plan->ns);

	/* --no-userns: a plain fork, no namespace at all */
	if (plan->no_userns)
		return 0;
	/* --net pasta: a network namespace of its own, which pasta joins. */
	if (plan->net == SBX_NET_PASTA)
		f |= CLONE_NEWNET;

	if (userns)
		f |= CLONE_NEWUSER;
	/* With --pidns the child joins that pid namespace instead. */
	if (plan->ns.pidns_fd >= 0)
		f &= ~(unsigned long)CLONE_NEWPID;
	return f;
}

/*
 * bubblewrap's user namespaces, when it makes one (not --userns, and not
 * with --userns-block-fd, where the caller writes the maps): with --dev it
 * maps the caller to 0:0, so that devpts can be mounted, and then runs the
 * command in a second user namespace nested in the first, mapping the
 * --uid/--gid (the caller's own ids by default) to that 0:0; inside,
 * uid_map reads "UID 0 1".  If the command is to be 0:0 anyway, one
 * namespace does.  --disable-userns always nests: the limit it sets in the
 * first namespace is then out of the command's reach.  The bwrap face
 * copies this layout; the sbx face keeps one namespace but for
 * --disable-userns.
 */
static void userns_layout(const struct sbx_plan *plan, struct sbx_resolved *r)
{
	uint32_t uid = plan->uid != SBX_ID_UNSET ? plan->uid : r->caller_uid;
	uint32_t gid = plan->gid != SBX_ID_UNSET ? plan->gid : r->caller_gid;
	bool made = r->userns && plan->userns_block_fd < 0;

	r->setup_as_root = plan->face_policy->dev_setup_as_root && made &&
			   sbx_plan_count_ops(plan, SBX_OP_DEV) > 0 && (uid != 0 || gid != 0);
	r->nest_user = r->setup_as_root || (plan->ns.disable_userns && made);
}

/*
 * Like bubblewrap: a pid 1 when there is a pid namespace to reap, or fds
 * (--sync-fd, --lock-file) to hold for the sandbox's life; with --pidns and
 * --unshare-pid, the nested namespace needs one too.  --as-pid-1 makes the
 * command pid 1 itself.
 */
static bool needs_reaper(const struct sbx_plan *plan, const struct sbx_resolved *r)
{
	if (plan->as_pid_1)
		return false;
	return (r->clone_flags & CLONE_NEWPID) || plan->sync_fd >= 0 ||
	       sbx_plan_count_ops(plan, SBX_OP_LOCK_FILE) > 0 || r->nest_pid;
}

/*
 * The capabilities the command may hold, in its user namespace: every one
 * with --map-root; in the bwrap face run by root, the caller's effective set,
 * as bubblewrap starts from it (read here, before any namespace is entered,
 * and only then: no capget on any other start); otherwise none.  Then
 * --cap-add / --cap-drop in order.  caps.c gives exactly this set, seccomp.c
 * checks profiles' "caps" conditions against it, pid 1 compares it with its
 * own (monitor.c).
 */
static void cap_target(const struct sbx_plan *plan, struct sbx_resolved *r)
{
	uint64_t all = sbx_caps_all(), set = 0;

	r->caps_from_caller = plan->face_policy->caps_from_root_caller && !plan->map_root && r->caller_root;
	if (plan->map_root)
		set = all;
	else if (r->caps_from_caller)
		set = sbx_caps_effective();
	for (size_t i = 0; i < plan->n_caps; i++) {
		uint64_t bit = plan->caps[i].cap == SBX_CAP_ALL ? all : 1ULL << plan->caps[i].cap;

		set = plan->caps[i].add ? set | bit : set & ~bit;
	}
	r->cap_target = set & all;
}

/*
 * Landlock: the kernel's ABI is asked once, here, and the rules trimmed to
 * it; a rule it cannot enforce is a warning, or with --landlock-strict an
 * error, before anything runs.  The child only applies the result.
 */
static int landlock(const struct sbx_plan *plan, struct sbx_resolved *r, struct sbx_error *err)
{
	struct sbx_landlock *ll = calloc(1, sizeof(*ll));
	int ret;

	if (!ll)
		return sbx_fail(err, ENOMEM, "Landlock");
	ret = sbx_landlock_build(plan, sbx_landlock_kernel_abi(), ll, err);
	if (ret < 0) {
		free(ll);
		return ret;
	}
	r->landlock = ll;
	if (sbx_landlock_active(ll))
		sbx_verbose("Landlock ABI %d: filesystem 0x%llx, network 0x%llx, scopes 0x%llx", ll->abi,
			    (unsigned long long)ll->handled_fs, (unsigned long long)ll->handled_net,
			    (unsigned long long)ll->scoped);
	else
		sbx_verbose("Landlock: not used (kernel ABI %d)", ll->abi);
	return sbx_landlock_check(ll, plan->landlock_strict, err);
}

int sbx_plan_resolve(struct sbx_plan *plan, struct sbx_error *err)
{
	struct sbx_resolved *r = &plan->res;
	int ret;

	if (r->landlock) {
		sbx_landlock_free(r->landlock);
		free(r->landlock);
	}
	memset(r, 0, sizeof(*r));
	r->caller_uid = (uint32_t)getuid();
	r->caller_gid = (uint32_t)getgid();
	r->caller_root = r->caller_uid == 0;
	r->userns_asked = sbx_plan_userns_asked(plan);
	r->userns = sbx_plan_makes_userns(plan, r->caller_uid);
	r->clone_flags = clone_flags(plan, r->userns);
	/* With a new user namespace, clone makes only it (and the pid
	 * namespace, which must come with the process): the child, which
	 * holds every capability in it from the start, makes the others
	 * itself while the parent runs the id-map helpers, so copying the
	 * mount tree is off the path that waits for them.  The namespace
	 * table (ns.c) says which kinds come with clone. */
	r->clone_now = sbx_ns_clone_flags(r->clone_flags);
	userns_layout(plan, r);
	r->nest_pid = plan->ns.pidns_fd >= 0 && plan->ns.pid;
	r->pasta = plan->net == SBX_NET_PASTA;
	r->reaper = needs_reaper(plan, r);
	/* bubblewrap's root is an empty tmpfs even without any op; the sbx
	 * face keeps the host's tree unless an op describes another one. */
	r->new_root = !plan->face_policy->keep_host_tree || sbx_plan_has_fs_ops(plan);
	/* --no-userns: its binds are Landlock rules, and nothing is mounted */
	if (plan->no_userns)
		r->new_root = false;
	cap_target(plan, r);
	ret = landlock(plan, r, err);
	if (ret < 0)
		return ret;
	r->done = true;
	return 0;
}
