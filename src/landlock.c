/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Landlock: --landlock-ro/-rw/-exec, --landlock-connect-tcp/-bind-tcp, the
 * scopes, and --no-userns's binds, as one ruleset.  sbx_landlock_build()
 * is pure (plan + ABI -> rules), so the unit tests feed it every ABI;
 * sbx_landlock_apply() is the only part that talks to the kernel, through
 * the raw syscalls (no liblandlock).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/landlock.h>

#include "cleanup.h"
#include "landlock.h"
#include "log.h"
#include "util.h"

/* Debian 12's <linux/landlock.h> stops at ABI 2: the rest, as the kernel
 * defines them. */
#ifndef __NR_landlock_create_ruleset
#define __NR_landlock_create_ruleset 444
#endif
#ifndef __NR_landlock_add_rule
#define __NR_landlock_add_rule 445
#endif
#ifndef __NR_landlock_restrict_self
#define __NR_landlock_restrict_self 446
#endif
#ifndef LANDLOCK_CREATE_RULESET_VERSION
#define LANDLOCK_CREATE_RULESET_VERSION (1U << 0)
#endif
#ifndef LANDLOCK_ACCESS_FS_REFER
#define LANDLOCK_ACCESS_FS_REFER (1ULL << 13)
#endif
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV (1ULL << 15)
#endif
#ifndef LANDLOCK_ACCESS_NET_BIND_TCP
#define LANDLOCK_ACCESS_NET_BIND_TCP (1ULL << 0)
#endif
#ifndef LANDLOCK_ACCESS_NET_CONNECT_TCP
#define LANDLOCK_ACCESS_NET_CONNECT_TCP (1ULL << 1)
#endif
#ifndef LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET
#define LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0)
#endif
#ifndef LANDLOCK_SCOPE_SIGNAL
#define LANDLOCK_SCOPE_SIGNAL (1ULL << 1)
#endif
#define SBX_LL_RULE_PATH_BENEATH 1
#define SBX_LL_RULE_NET_PORT 2

/* The kernel's structs, at their ABI 6 size; older kernels get a prefix. */
struct sbx_ll_ruleset_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net; /* ABI 4 */
	uint64_t scoped;             /* ABI 6 */
};

struct sbx_ll_path_attr {
	uint64_t allowed_access;
	int32_t parent_fd;
} __attribute__((packed));

struct sbx_ll_port_attr {
	uint64_t allowed_access;
	uint64_t port;
};

#define FS_READ (LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR)
#define FS_ABI1 ((1ULL << 13) - 1)
/* What applies to a file that is not a directory. */
#define FS_FILE (LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_READ_FILE | \
		 LANDLOCK_ACCESS_FS_TRUNCATE | LANDLOCK_ACCESS_FS_IOCTL_DEV)

/* Every filesystem right @abi knows. */
static uint64_t fs_rights(int abi)
{
	uint64_t m = abi >= 1 ? FS_ABI1 : 0;

	if (abi >= 2)
		m |= LANDLOCK_ACCESS_FS_REFER;
	if (abi >= 3)
		m |= LANDLOCK_ACCESS_FS_TRUNCATE;
	if (abi >= 5)
		m |= LANDLOCK_ACCESS_FS_IOCTL_DEV;
	return m;
}

int sbx_landlock_kernel_abi(void)
{
	long v;

#ifdef SBX_TEST_HOOKS
	const char *fake = getenv("SBX_TEST_LANDLOCK_ABI");
	uint32_t n;

	if (fake && sbx_parse_u32(fake, SBX_LL_ABI_KNOWN, &n) == 0)
		return (int)n;
#endif
	v = syscall(__NR_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
	return v < 0 ? 0 : (int)v;
}

static struct sbx_ll_rule *add_rule(struct sbx_landlock *ll, enum sbx_ll_rule_type type, const char *option,
				    int abi)
{
	struct sbx_ll_rule *n = realloc(ll->rules, (ll->n_rules + 1) * sizeof(*n));

	if (!n)
		return NULL;
	ll->rules = n;
	n += ll->n_rules++;
	memset(n, 0, sizeof(*n));
	n->type = type;
	n->option = option;
	n->abi = abi;
	return n;
}

/* The rights of each kind of path rule, before trimming. */
static uint64_t path_access(enum sbx_ll_allow_type t)
{
	switch (t) {
	case SBX_LL_RO:
		return FS_READ;
	case SBX_LL_EXEC:
		return FS_READ | LANDLOCK_ACCESS_FS_EXECUTE;
	case SBX_LL_RW:
		return fs_rights(SBX_LL_ABI_KNOWN) & ~LANDLOCK_ACCESS_FS_EXECUTE;
	default:
		return 0;
	}
}

static int add_path(struct sbx_landlock *ll, const char *option, const char *path, uint64_t access, bool try_)
{
	struct sbx_ll_rule *r = add_rule(ll, SBX_LL_RULE_PATH, option, 1);

	if (!r)
		return -ENOMEM;
	r->path = path;
	r->access = access;
	r->try_ = try_;
	return 0;
}

static int add_allow(struct sbx_landlock *ll, const struct sbx_ll_allow *a)
{
	struct sbx_ll_rule *r;
	uint32_t port = 0;

	if (a->type != SBX_LL_CONNECT_TCP && a->type != SBX_LL_BIND_TCP)
		return add_path(ll, a->option, a->arg, path_access(a->type), false);
	r = add_rule(ll, SBX_LL_RULE_PORT, a->option, 4);
	if (!r)
		return -ENOMEM;
	sbx_parse_u32(a->arg, 65535, &port); /* sbx_plan_validate() checked it */
	r->port = (uint16_t)port;
	r->access = a->type == SBX_LL_BIND_TCP ? LANDLOCK_ACCESS_NET_BIND_TCP : LANDLOCK_ACCESS_NET_CONNECT_TCP;
	return 0;
}

/*
 * --no-userns: a bind is a rule on its one path.  --ro-bind keeps exec, as
 * a read-only bind mount does; --bind grants everything.
 */
static int add_binds(struct sbx_landlock *ll, const struct sbx_plan *plan)
{
	for (size_t i = 0; plan->no_userns && i < plan->n_ops; i++) {
		const struct sbx_op *op = &plan->ops[i];
		uint64_t acc = op->type == SBX_OP_RO_BIND ? FS_READ | LANDLOCK_ACCESS_FS_EXECUTE
							  : fs_rights(SBX_LL_ABI_KNOWN);

		if (op->type != SBX_OP_BIND && op->type != SBX_OP_RO_BIND)
			continue;
		if (add_path(ll, op->option, op->dest, acc, op->try_) < 0)
			return -ENOMEM;
		ll->rules[ll->n_rules - 1].required = true;
	}
	return 0;
}

/* The sbx face scopes both by default; --no-scope or the bwrap face does not. */
static int add_scopes(struct sbx_landlock *ll, const struct sbx_plan *plan)
{
	bool dflt = plan->face_policy->landlock_scopes && !plan->no_scope;
	const struct { bool asked; const char *option; uint64_t bit; } s[] = {
		{ plan->scope_signals, "--scope-signals", LANDLOCK_SCOPE_SIGNAL },
		{ plan->scope_abstract, "--scope-abstract-sockets", LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET },
	};

	for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
		struct sbx_ll_rule *r;

		if (!s[i].asked && !dflt)
			continue;
		r = add_rule(ll, SBX_LL_RULE_SCOPE, s[i].option, 6);
		if (!r)
			return -ENOMEM;
		r->access = s[i].bit;
		r->implicit = !s[i].asked;
	}
	return 0;
}

/*
 * Best effort by ABI: a rule the ABI cannot enforce is dropped (and
 * reported by sbx_landlock_check()); the others keep only the rights the
 * ABI knows, and the handled masks are exactly what the kept rules'
 * kinds need: a kind nobody asked for stays unrestricted.
 */
static void trim(struct sbx_landlock *ll, int abi)
{
	ll->abi = abi;
	for (size_t i = 0; i < ll->n_rules; i++) {
		struct sbx_ll_rule *r = &ll->rules[i];

		r->dropped = abi < r->abi;
		if (r->dropped)
			continue;
		if (r->type == SBX_LL_RULE_PATH) {
			r->lost = r->access & ~fs_rights(abi);
			r->access &= fs_rights(abi);
			ll->handled_fs = fs_rights(abi);
			ll->fs_unhandled = fs_rights(SBX_LL_ABI_KNOWN) & ~fs_rights(abi);
		} else if (r->type == SBX_LL_RULE_PORT) {
			ll->handled_net |= r->access;
		} else {
			ll->scoped |= r->access;
		}
	}
}

int sbx_landlock_build(const struct sbx_plan *plan, int abi, struct sbx_landlock *ll, struct sbx_error *err)
{
	int r = 0;

	memset(ll, 0, sizeof(*ll));
	for (size_t i = 0; r == 0 && i < plan->n_landlock; i++)
		r = add_allow(ll, &plan->landlock[i]);
	if (r == 0)
		r = add_binds(ll, plan);
	if (r == 0)
		r = add_scopes(ll, plan);
	if (r < 0) {
		sbx_landlock_free(ll);
		return sbx_fail(err, ENOMEM, "building the Landlock rules");
	}
	trim(ll, abi);
	return 0;
}

void sbx_landlock_dropped_msg(const struct sbx_landlock *ll, const struct sbx_ll_rule *r, char *buf, size_t len)
{
	char what[600];

	if (r->type == SBX_LL_RULE_PATH)
		snprintf(what, sizeof(what), "%s %s", r->option, r->path);
	else if (r->type == SBX_LL_RULE_PORT)
		snprintf(what, sizeof(what), "%s %u", r->option, (unsigned)r->port);
	else
		snprintf(what, sizeof(what), "%s", r->option);
	if (ll->abi == 0)
		snprintf(buf, len, "%s needs Landlock ABI %d, but this kernel has no Landlock", what, r->abi);
	else
		snprintf(buf, len, "%s needs Landlock ABI %d, but this kernel has ABI %d", what, r->abi, ll->abi);
}

/*
 * The filesystem rights later ABIs added, and what their absence means.
 * REFER is the odd one: without it the kernel refuses every cross-directory
 * rename or link, so what is lost is a grant (of --landlock-rw), not a
 * restriction.
 */
static const struct {
	uint64_t bit;
	int abi;
	const char *what, *effect;
} fs_later[] = {
	{ LANDLOCK_ACCESS_FS_REFER, 2, "allowing renames and links across directories",
	  "they are refused everywhere, even in the writable paths" },
	{ LANDLOCK_ACCESS_FS_TRUNCATE, 3, "restricting truncation",
	  "any file the user may write can be truncated, even outside the rules" },
	{ LANDLOCK_ACCESS_FS_IOCTL_DEV, 5, "restricting ioctl on devices", "device ioctls are not restricted" },
};

void sbx_landlock_partial_msg(const struct sbx_landlock *ll, const struct sbx_ll_rule *r, uint64_t bit, char *buf,
			      size_t len)
{
	for (size_t i = 0; i < sizeof(fs_later) / sizeof(fs_later[0]); i++)
		if (fs_later[i].bit == bit)
			snprintf(buf, len, "%s %s: %s needs Landlock ABI %d, but this kernel has ABI %d: %s", r->option,
				 r->path, fs_later[i].what, fs_later[i].abi, ll->abi, fs_later[i].effect);
}

/* The rule to name for a right the ABI lacks: for REFER, the first that
 * grants it; for the others, the first path rule (they are the ruleset's). */
static const struct sbx_ll_rule *partial_rule(const struct sbx_landlock *ll, uint64_t bit)
{
	for (size_t i = 0; i < ll->n_rules; i++) {
		const struct sbx_ll_rule *r = &ll->rules[i];

		if (r->type != SBX_LL_RULE_PATH || r->dropped)
			continue;
		if (bit != LANDLOCK_ACCESS_FS_REFER || (r->lost & bit))
			return r;
	}
	return NULL;
}

static bool any_required(const struct sbx_landlock *ll)
{
	for (size_t i = 0; i < ll->n_rules; i++)
		if (ll->rules[i].required && !ll->rules[i].dropped)
			return true;
	return false;
}

static int check_partial(const struct sbx_landlock *ll, bool strict, struct sbx_error *err)
{
	char msg[800];

	for (size_t i = 0; i < sizeof(fs_later) / sizeof(fs_later[0]); i++) {
		uint64_t bit = fs_later[i].bit;
		const struct sbx_ll_rule *r;

		if (!(ll->fs_unhandled & bit) || !(r = partial_rule(ll, bit)))
			continue;
		sbx_landlock_partial_msg(ll, r, bit, msg, sizeof(msg));
		if (bit == LANDLOCK_ACCESS_FS_TRUNCATE && any_required(ll))
			return sbx_fail_msg(err, EOPNOTSUPP, "%s (with --no-userns the binds are only Landlock rules: "
					    "refusing to run without it)", msg);
		if (strict)
			return sbx_fail_msg(err, EOPNOTSUPP, "%s (--landlock-strict: refusing to run without it)", msg);
		sbx_warn("%s (--landlock-strict makes this an error)", msg);
	}
	return 0;
}

int sbx_landlock_check(const struct sbx_landlock *ll, bool strict, struct sbx_error *err)
{
	char msg[800];

	for (size_t i = 0; i < ll->n_rules; i++) {
		const struct sbx_ll_rule *r = &ll->rules[i];

		if (!r->dropped || r->implicit)
			continue;
		sbx_landlock_dropped_msg(ll, r, msg, sizeof(msg));
		if (r->required)
			return sbx_fail_msg(err, EOPNOTSUPP, "%s (with --no-userns the bind is only a Landlock rule: "
					    "refusing to run without it)", msg);
		if (strict)
			return sbx_fail_msg(err, EOPNOTSUPP, "%s (--landlock-strict: refusing to run without it)", msg);
		sbx_warn("%s: not enforced (--landlock-strict makes this an error)", msg);
	}
	return check_partial(ll, strict, err);
}

bool sbx_landlock_active(const struct sbx_landlock *ll)
{
	return ll && (ll->handled_fs || ll->handled_net || ll->scoped);
}

void sbx_landlock_free(struct sbx_landlock *ll)
{
	free(ll->rules);
	memset(ll, 0, sizeof(*ll));
}

/* The prefix of struct sbx_ll_ruleset_attr that @abi knows. */
static size_t attr_size(int abi)
{
	if (abi >= 6)
		return sizeof(struct sbx_ll_ruleset_attr);
	if (abi >= 4)
		return offsetof(struct sbx_ll_ruleset_attr, scoped);
	return offsetof(struct sbx_ll_ruleset_attr, handled_access_net);
}

static int add_path_rule(int rs, const struct sbx_ll_rule *r, struct sbx_error *err)
{
	struct sbx_ll_path_attr pa = { .allowed_access = r->access };
	_cleanup_close_ int fd = open(r->path, O_PATH | O_CLOEXEC);
	struct stat st;

	if (fd < 0 && errno == ENOENT && r->try_)
		return 0;
	if (fd < 0)
		return sbx_fail(err, errno, "%s %s: cannot open it inside the sandbox (Landlock paths are as the "
				"command sees them, after the mounts; check the path or bind it first)", r->option, r->path);
	if (fstat(fd, &st) < 0)
		return sbx_fail(err, errno, "%s %s: fstat", r->option, r->path);
	/* A file (not a directory) takes only the rights a file can have. */
	if (!S_ISDIR(st.st_mode))
		pa.allowed_access &= FS_FILE;
	pa.parent_fd = fd;
	if (syscall(__NR_landlock_add_rule, rs, SBX_LL_RULE_PATH_BENEATH, &pa, 0) < 0)
		return sbx_fail(err, errno, "%s %s: adding the Landlock rule", r->option, r->path);
	return 0;
}

static int add_kernel_rule(int rs, const struct sbx_ll_rule *r, struct sbx_error *err)
{
	struct sbx_ll_port_attr na = { .allowed_access = r->access, .port = r->port };

	if (r->dropped || r->type == SBX_LL_RULE_SCOPE)
		return 0;
	if (r->type == SBX_LL_RULE_PATH)
		return add_path_rule(rs, r, err);
	if (syscall(__NR_landlock_add_rule, rs, SBX_LL_RULE_NET_PORT, &na, 0) < 0)
		return sbx_fail(err, errno, "%s %u: adding the Landlock rule", r->option, (unsigned)r->port);
	return 0;
}

int sbx_landlock_apply(const struct sbx_landlock *ll, struct sbx_error *err)
{
	struct sbx_ll_ruleset_attr attr = {
		.handled_access_fs = ll->handled_fs, .handled_access_net = ll->handled_net, .scoped = ll->scoped,
	};
	_cleanup_close_ int rs = -1;
	int r;

	if (!sbx_landlock_active(ll))
		return 0;
	rs = (int)syscall(__NR_landlock_create_ruleset, &attr, attr_size(ll->abi), 0);
	if (rs < 0)
		return sbx_fail(err, errno, "creating the Landlock ruleset (ABI %d)", ll->abi);
	for (size_t i = 0; i < ll->n_rules; i++) {
		r = add_kernel_rule(rs, &ll->rules[i], err);
		if (r < 0)
			return r;
	}
	if (syscall(__NR_landlock_restrict_self, rs, 0) < 0)
		return sbx_fail(err, errno, "restricting the sandbox with Landlock");
	return 0;
}
