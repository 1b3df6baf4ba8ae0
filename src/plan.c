/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fdset.h"
#include "landlock.h"
#include "plan_mounts.h"
#include "plan.h"
#include "util.h"

void sbx_plan_init(struct sbx_plan *plan, enum sbx_face face)
{
	memset(plan, 0, sizeof(*plan));
	plan->face_policy = sbx_face_policy(face);
	plan->ns.userns_fd = plan->ns.userns2_fd = plan->ns.pidns_fd = -1;
	plan->uid = plan->gid = SBX_ID_UNSET;
	plan->userns_block_fd = -1;
	plan->info_fd = plan->json_status_fd = plan->sync_fd = plan->block_fd = -1;
}

void sbx_plan_free(struct sbx_plan *plan)
{
	for (size_t i = 0; i < plan->n_owned; i++)
		free(plan->owned[i]);
	free(plan->owned);
	free(plan->ops);
	free(plan->env);
	free(plan->caps);
	free(plan->pass_fds);
	free(plan->seccomp_fds);
	free(plan->map_users);
	free(plan->map_groups);
	free(plan->landlock);
	if (plan->res.landlock) {
		sbx_landlock_free(plan->res.landlock);
		free(plan->res.landlock);
	}
	free(plan->publish);
	memset(plan, 0, sizeof(*plan));
}

struct sbx_op *sbx_plan_add_op(struct sbx_plan *plan, enum sbx_op_type type)
{
	struct sbx_op *ops = realloc(plan->ops, (plan->n_ops + 1) * sizeof(*ops));
	struct sbx_op *op;

	if (!ops)
		return NULL;
	plan->ops = ops;
	op = &ops[plan->n_ops++];
	memset(op, 0, sizeof(*op));
	op->type = type;
	op->fd = -1;
	op->perms = -1;
	return op;
}

int sbx_plan_own(struct sbx_plan *plan, void *p)
{
	void **o = realloc(plan->owned, (plan->n_owned + 1) * sizeof(*o));

	if (!o) {
		free(p);
		return -ENOMEM;
	}
	plan->owned = (char **)o;
	plan->owned[plan->n_owned++] = p;
	return 0;
}

bool sbx_plan_has_fs_ops(const struct sbx_plan *plan)
{
	return plan->n_ops > 0;
}

/* "/", "//", "/usr/", "/./usr": the path with its empty and "." parts dropped. */
static bool path_is(const char *path, const char *want)
{
	char buf[64];
	size_t n = 0;

	for (const char *p = path; *p; ) {
		const char *end = strchrnul(p, '/');
		size_t len = (size_t)(end - p);

		if (len && !(len == 1 && *p == '.')) {
			if (n + 1 + len >= sizeof(buf))
				return false;
			buf[n++] = '/';
			memcpy(buf + n, p, len);
			n += len;
		}
		p = *end ? end + 1 : end;
	}
	buf[n] = '\0';
	return strcmp(n ? buf : "/", want) == 0;
}

bool sbx_plan_has_system_tree(const struct sbx_plan *plan)
{
	for (size_t i = 0; i < plan->n_ops; i++) {
		const struct sbx_op *op = &plan->ops[i];

		if (op->type == SBX_OP_TMPFS || op->type == SBX_OP_DIR || op->type == SBX_OP_CHMOD ||
		    op->type == SBX_OP_REMOUNT_RO || !op->dest)
			continue;
		if (path_is(op->dest, "/") || path_is(op->dest, "/usr"))
			return true;
	}
	return false;
}

static int check_fd(const struct sbx_plan *plan, const char *option, int fd, struct sbx_error *err)
{
	if (fd < 0 || sbx_fd_is_open(fd))
		return 0;
	return sbx_say_fd_not_open(plan->face_policy, err, option, fd);
}

static int validate_fds(const struct sbx_plan *plan, struct sbx_error *err)
{
	const struct { const char *name; int fd; } named[] = {
		{ "--info-fd", plan->info_fd }, { "--json-status-fd", plan->json_status_fd },
		{ "--sync-fd", plan->sync_fd }, { "--block-fd", plan->block_fd },
		{ "--userns-block-fd", plan->userns_block_fd }, { "--userns", plan->ns.userns_fd },
		{ "--userns2", plan->ns.userns2_fd }, { "--pidns", plan->ns.pidns_fd },
	};
	int r = 0;

	for (size_t i = 0; r == 0 && i < sizeof(named) / sizeof(named[0]); i++)
		r = check_fd(plan, named[i].name, named[i].fd, err);
	for (size_t i = 0; r == 0 && i < plan->n_ops; i++)
		r = check_fd(plan, plan->ops[i].option, plan->ops[i].fd, err);
	for (size_t i = 0; r == 0 && i < plan->n_pass_fds; i++)
		r = check_fd(plan, "--pass-fd", plan->pass_fds[i], err);
	for (size_t i = 0; r == 0 && i < plan->n_seccomp_fds; i++)
		r = check_fd(plan, plan->seccomp_fds[i].add ? "--add-seccomp-fd" : "--seccomp",
			     plan->seccomp_fds[i].fd, err);
	return r;
}

static int validate_ids(const struct sbx_plan *plan, struct sbx_error *err)
{
	bool as_given = plan->face_policy->userns_options_as_given;
	bool userns = sbx_plan_makes_userns(plan, getuid());

	if (plan->ns.userns_fd >= 0 && sbx_plan_userns_asked(plan))
		return sbx_fail_msg(err, EINVAL, "--userns and --unshare-user cannot be combined");
	if (plan->map_root && (plan->uid != SBX_ID_UNSET || plan->gid != SBX_ID_UNSET))
		return sbx_fail_msg(err, EINVAL, "--map-root cannot be combined with --uid or --gid "
				    "(--map-root means uid 0 and gid 0)");
	if (as_given && !userns && plan->ns.userns_fd < 0) {
		if (plan->uid != SBX_ID_UNSET && plan->uid != getuid())
			return sbx_fail_msg(err, EINVAL, "Specifying --uid requires --unshare-user or --userns");
		if (plan->gid != SBX_ID_UNSET && plan->gid != getgid())
			return sbx_fail_msg(err, EINVAL, "Specifying --gid requires --unshare-user or --userns");
	}
	if (plan->setgroups_allow && plan->subids == SBX_SUBIDS_NONE)
		return sbx_fail_msg(err, EINVAL, "--setgroups allow needs subordinate gids, "
				    "but --no-subids maps your own gid only");
	/* bubblewrap checks the option as given, before its unprivileged
	 * default adds a user namespace anyway. */
	if (plan->ns.disable_userns && !(as_given ? plan->ns.user : userns))
		return sbx_fail_msg(err, EINVAL, "--disable-userns requires --unshare-user");
	return 0;
}

size_t sbx_plan_count_ops(const struct sbx_plan *plan, enum sbx_op_type type)
{
	size_t n = 0;

	for (size_t i = 0; i < plan->n_ops; i++)
		n += plan->ops[i].type == type;
	return n;
}

/*
 * The checks bubblewrap makes after parsing, in its order and with its words
 * (launchers and bubblewrap's own tests match these texts); both faces make
 * them.  In the bwrap face --userns-block-fd and --disable-userns want
 * --unshare-user said explicitly, as in bubblewrap, even where a user
 * namespace is implied anyway; the sbx face always has one.
 */
static int validate_combinations(const struct sbx_plan *plan, struct sbx_error *err)
{
	const struct sbx_ns *ns = &plan->ns;
	bool user = plan->face_policy->userns_options_as_given ? ns->user : sbx_plan_makes_userns(plan, getuid());
	const char *msg = NULL;

	if (plan->userns_block_fd >= 0 && !user)
		msg = "--userns-block-fd requires --unshare-user";
	else if (plan->userns_block_fd >= 0 && plan->info_fd < 0)
		msg = "--userns-block-fd requires --info-fd";
	else if (ns->userns_fd >= 0 && ns->user)
		msg = "--userns is not compatible with --unshare-user";
	else if (ns->userns_fd >= 0 && ns->user_try)
		msg = "--userns is not compatible with --unshare-user-try";
	else if (ns->disable_userns && !user)
		msg = "--disable-userns requires --unshare-user";
	else if (ns->disable_userns && plan->userns_block_fd >= 0)
		msg = "--disable-userns is not compatible with --userns-block-fd";
	return msg ? sbx_fail_msg(err, EINVAL, "%s", msg) : 0;
}

/* bubblewrap's last checks, after --uid, --gid and --hostname.  The sbx face
 * also takes --pidns as a pid namespace for --as-pid-1. */
static int validate_pid1(const struct sbx_plan *plan, struct sbx_error *err)
{
	bool pidns = plan->ns.pid || (plan->face_policy->pidns_counts_for_pid1 && plan->ns.pidns_fd >= 0);

	if (plan->as_pid_1 && !pidns)
		return sbx_fail_msg(err, EINVAL, "Specifying --as-pid-1 requires --unshare-pid");
	if (plan->as_pid_1 && sbx_plan_count_ops(plan, SBX_OP_LOCK_FILE))
		return sbx_fail_msg(err, EINVAL, "Specifying --as-pid-1 and --lock-file is not permitted");
	return 0;
}

/* One --landlock-* rule: an absolute path, or a TCP port. */
static int validate_ll_allow(const struct sbx_ll_allow *a, struct sbx_error *err)
{
	bool bind = a->type == SBX_LL_BIND_TCP;
	uint32_t port;

	if (a->type == SBX_LL_CONNECT_TCP || bind) {
		if (sbx_parse_u32(a->arg, 65535, &port) < 0 || (!bind && port == 0))
			return sbx_fail_msg(err, EINVAL, "%s '%s': invalid port: expected a decimal number from %d to 65535",
					    a->option, a->arg, bind ? 0 : 1);
		return 0;
	}
	if (!a->arg[0])
		return sbx_fail_msg(err, EINVAL, "%s: the path is empty: give a directory or file as the command "
				    "sees it inside the sandbox, e.g. %s /usr", a->option, a->option);
	if (a->arg[0] != '/')
		return sbx_fail_msg(err, EINVAL, "%s '%s': the path must be absolute, as the command sees it inside "
				    "the sandbox (e.g. /%s)", a->option, a->arg, a->arg);
	return 0;
}

static int validate_landlock(const struct sbx_plan *plan, struct sbx_error *err)
{
	int r;

	for (size_t i = 0; i < plan->n_landlock; i++) {
		r = validate_ll_allow(&plan->landlock[i], err);
		if (r < 0)
			return r;
	}
	if (plan->no_scope && (plan->scope_signals || plan->scope_abstract))
		return sbx_fail_msg(err, EINVAL, "--no-scope cannot be combined with %s: keep one of them",
				    plan->scope_signals ? "--scope-signals" : "--scope-abstract-sockets");
	return 0;
}

#define NO_USERNS_HINT "with --no-userns, the filesystem is shaped by Landlock only: --ro-bind P P, " \
	"--bind P P and the --landlock-* options"

/* --no-userns: the options that need a namespace, the first one found. */
static const char *needs_namespace(const struct sbx_plan *plan)
{
	const struct sbx_ns *ns = &plan->ns;
	const struct { bool set; const char *name; } o[] = {
		{ ns->user, "--unshare-user" }, { ns->user_try, "--unshare-user-try (or --unshare-all)" },
		{ ns->ipc, "--unshare-ipc" }, { ns->pid, "--unshare-pid" }, { ns->net, "--unshare-net" },
		{ ns->uts, "--unshare-uts" }, { ns->cgroup, "--unshare-cgroup" },
		{ ns->cgroup_try, "--unshare-cgroup-try" }, { ns->userns_fd >= 0, "--userns" },
		{ ns->userns2_fd >= 0, "--userns2" }, { ns->pidns_fd >= 0, "--pidns" },
		{ ns->disable_userns, "--disable-userns" }, { ns->assert_userns_disabled, "--assert-userns-disabled" },
		{ plan->hostname != NULL, "--hostname" }, { plan->uid != SBX_ID_UNSET, "--uid" },
		{ plan->gid != SBX_ID_UNSET, "--gid" }, { plan->map_root, "--map-root" },
		{ plan->subids_given, plan->subids == SBX_SUBIDS_NONE ? "--no-subids" : "--subids" },
		{ plan->n_map_users > 0, "--map-users" }, { plan->n_map_groups > 0, "--map-groups" },
		{ plan->setgroups_allow, "--setgroups allow" }, { plan->userns_block_fd >= 0, "--userns-block-fd" },
		{ plan->as_pid_1, "--as-pid-1" }, { plan->net == SBX_NET_PASTA, "--net pasta" },
	};

	for (size_t i = 0; i < sizeof(o) / sizeof(o[0]); i++)
		if (o[i].set)
			return o[i].name;
	for (size_t i = 0; i < plan->n_caps; i++)
		if (plan->caps[i].add)
			return "--cap-add";
	return NULL;
}

/*
 * --no-userns: no user or mount namespace, so no option that needs one;
 * a bind is a Landlock rule on one path (landlock.c), so its source and
 * destination must be the same path.  --lock-file needs no mount.
 */
static int validate_no_userns(const struct sbx_plan *plan, struct sbx_error *err)
{
	const char *o = needs_namespace(plan);

	if (o)
		return sbx_fail_msg(err, EINVAL, "%s cannot be used with --no-userns: it needs a namespace, and "
				    "--no-userns makes none (drop one of the two)", o);
	for (size_t i = 0; i < plan->n_ops; i++) {
		const struct sbx_op *op = &plan->ops[i];
		bool bind = op->type == SBX_OP_BIND || op->type == SBX_OP_RO_BIND;

		if (op->type == SBX_OP_LOCK_FILE)
			continue;
		if (!bind)
			return sbx_fail_msg(err, EINVAL, "%s cannot be used with --no-userns: it needs a mount "
					    "namespace; " NO_USERNS_HINT, op->option);
		if (strcmp(op->src, op->dest) != 0)
			return sbx_fail_msg(err, EINVAL, "%s %s %s: with --no-userns a bind cannot move a path "
					    "(it becomes a Landlock rule on the path itself): give the same path twice, "
					    "%s %s %s", op->option, op->src, op->dest, op->option, op->src, op->src);
		if (op->src[0] != '/')
			return sbx_fail_msg(err, EINVAL, "%s %s %s: with --no-userns the path must be absolute",
					    op->option, op->src, op->dest);
	}
	return 0;
}

/*
 * --net pasta and what only it gives meaning to: --publish, and
 * --allow-host-loopback.  A host port forwarded twice would make pasta
 * fail to bind the second: said here, before anything runs.
 */
static int validate_net(const struct sbx_plan *plan, struct sbx_error *err)
{
	if (plan->net != SBX_NET_PASTA && plan->n_publish)
		return sbx_fail_msg(err, EINVAL, "--publish needs --net pasta (ports are forwarded by pasta)");
	if (plan->net != SBX_NET_PASTA && plan->host_loopback)
		return sbx_fail_msg(err, EINVAL, "--allow-host-loopback needs --net pasta");
	for (size_t i = 0; i < plan->n_publish; i++)
		for (size_t j = 0; j < i; j++)
			if (plan->publish[i].host == plan->publish[j].host &&
			    plan->publish[i].udp == plan->publish[j].udp)
				return sbx_fail_msg(err, EINVAL, "--publish: host port %u/%s is forwarded twice",
						    plan->publish[i].host, plan->publish[i].udp ? "udp" : "tcp");
	return 0;
}

int sbx_plan_validate(const struct sbx_plan *plan, struct sbx_error *err)
{
	int r;

	if (plan->action != SBX_ACTION_RUN)
		return 0;
	if (plan->argc <= 0)
		return sbx_say_no_command(plan->face_policy, err);
	if (plan->no_userns) {
		r = validate_no_userns(plan, err);
		if (r < 0)
			return r;
	}
	r = validate_combinations(plan, err);
	if (r < 0)
		return r;
	r = validate_ids(plan, err);
	if (r < 0)
		return r;
	if (plan->hostname && !plan->ns.uts)
		return sbx_fail_msg(err, EINVAL, "Specifying --hostname requires --unshare-uts");
	r = validate_pid1(plan, err);
	if (r < 0)
		return r;
	r = validate_net(plan, err);
	if (r < 0)
		return r;
	if (plan->seccomp_profile && plan->n_seccomp_fds)
		return sbx_fail_msg(err, EINVAL, "--seccomp-profile cannot be combined with --seccomp or --add-seccomp-fd");
	r = validate_landlock(plan, err);
	if (r < 0)
		return r;
	r = sbx_plan_validate_mounts(plan, err);
	if (r < 0)
		return r;
	r = validate_fds(plan, err);
	if (r < 0)
		return r;
	return sbx_fdset_validate(plan, err);
}
