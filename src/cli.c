/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * argv -> struct sbx_plan.  Pure: reads only argv and the --args fds it is
 * told about, never exits, never prints; every failure names its option.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <unistd.h>

#include "cleanup.h"
#include "cli.h"
#include "log.h"
#include "util.h"

/* bubblewrap's own limit on the words it will read, --args included. */
#define SBX_MAX_ARGS 9000
#define SBX_MAX_ARGS_BYTES (16u * 1024 * 1024)

struct parser {
	struct sbx_plan *plan;
	bool bw;              /* bwrap face: bubblewrap's messages */
	int next_perms;       /* pending --perms, -1 none */
	size_t next_size;     /* pending --size, 0 none */
	unsigned n_args_fd;   /* --args nesting guard */
	size_t total_words;
	int file_end;         /* words before this index came from an --args fd */
	unsigned n_overlay_src; /* --overlay-src words waiting for their overlay */
};

struct opt {
	const char *name;
	int nargs;
	int (*fn)(struct parser *p, const struct opt *o, char **a, struct sbx_error *err);
	int arg;          /* handler-specific constant */
	bool sbx_only;    /* not a bubblewrap option: unknown in the bwrap face */
};

static int need_args_msg(struct parser *p, const struct opt *o, struct sbx_error *err)
{
	static const char *const words[] = { "", "an argument", "two arguments", "three arguments" };
	/* bubblewrap words these three differently; callers match its texts. */
	bool one = strcmp(o->name, "--argv0") == 0 || strcmp(o->name, "--chdir") == 0 ||
		   strcmp(o->name, "--remount-ro") == 0;

	(void)p;
	return sbx_fail_msg(err, EINVAL, "%s takes %s", o->name, one ? "one argument" : words[o->nargs]);
}

/* bubblewrap warns, and lets the last one win, when a single-valued option repeats. */
static void warn_repeat(bool already, const char *name)
{
	if (already)
		sbx_warn("Only the last %s option will take effect", name);
}

static int bad_fd(struct parser *p, const struct opt *o, const char *s, struct sbx_error *err)
{
	if (p->bw)
		return sbx_fail_msg(err, EINVAL, "Invalid fd: %s", s);
	return sbx_fail_msg(err, EINVAL, "Invalid fd: %s (%s takes a file descriptor number)", s, o->name);
}

static int get_fd(struct parser *p, const struct opt *o, const char *s, int *fd, struct sbx_error *err)
{
	if (sbx_parse_fd(s, fd) < 0)
		return bad_fd(p, o, s, err);
	return 0;
}

/* Append to one of the plan's growable arrays. */
static void *grow(void **arr, size_t *n, size_t elem)
{
	char *na = realloc(*arr, (*n + 1) * elem);

	if (!na)
		return NULL;
	*arr = na;
	memset(na + *n * elem, 0, elem);
	return na + (*n)++ * elem;
}

/* --- namespaces --- */

static int o_unshare(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	struct sbx_ns *ns = &p->plan->ns;

	switch (o->arg) {
	case 0: ns->user = true; break;
	case 1: ns->user_try = true; break;
	case 2: ns->ipc = true; break;
	case 3: ns->pid = true; break;
	case 4: ns->net = true; break;
	case 5: ns->uts = true; break;
	case 6: ns->cgroup = true; break;
	case 7: ns->cgroup_try = true; break;
	case 8: /* --unshare-all: what bubblewrap means by it */
		ns->user_try = ns->ipc = ns->pid = ns->net = ns->uts = ns->cgroup_try = true;
		break;
	case 9: ns->net = false; break; /* --share-net */
	case 10: ns->disable_userns = true; break;
	case 11: ns->assert_userns_disabled = true; break;
	}
	return 0;
}

static int o_ns_fd(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	int fd, *dst = o->arg == 0 ? &p->plan->ns.userns_fd :
		       o->arg == 1 ? &p->plan->ns.userns2_fd : &p->plan->ns.pidns_fd;

	warn_repeat(*dst >= 0, o->name);
	if (get_fd(p, o, a[0], &fd, err) < 0)
		return -EINVAL;
	*dst = fd;
	return 0;
}

/* --- ids --- */

static int o_id(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	uint32_t v;

	warn_repeat((o->arg ? p->plan->gid : p->plan->uid) != SBX_ID_UNSET, o->name);
	/* (uid_t)-1 means "unchanged" to setresuid(2): never a valid id. */
	if (sbx_parse_u32(a[0], UINT32_MAX - 1, &v) < 0) {
		if (p->bw)
			return sbx_fail_msg(err, EINVAL, "Invalid %s: %s", o->arg ? "gid" : "uid", a[0]);
		return sbx_fail_msg(err, EINVAL, "%s: invalid id '%s': expected a decimal number from 0 to 4294967294",
				    o->name, a[0]);
	}
	if (o->arg)
		p->plan->gid = v;
	else
		p->plan->uid = v;
	return 0;
}

static int o_map_root(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	p->plan->map_root = true;
	return 0;
}

static int o_subids(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	enum sbx_subids want = o->arg ? SBX_SUBIDS_NONE : SBX_SUBIDS_REQUIRE;

	if (p->plan->subids_given && p->plan->subids != want)
		return sbx_fail_msg(err, EINVAL, "--subids and --no-subids cannot be combined");
	p->plan->subids = want;
	p->plan->subids_given = true;
	return 0;
}

/**
 * parse_range() - "INNER:OUTER:COUNT", three strict decimals, COUNT >= 1,
 * neither range wrapping past 2^32 - 1.
 */
static int parse_range(const char *s, struct sbx_idrange *r)
{
	_cleanup_free_ char *copy = strdup(s);
	char *f[3], *save = NULL, *tok;
	int n = 0;

	if (!copy)
		return -ENOMEM;
	/* strtok would merge "1::2"; split by hand so empty fields fail. */
	f[0] = copy;
	for (tok = copy; *tok; tok++) {
		if (*tok == ':') {
			if (++n > 2)
				return -EINVAL;
			*tok = '\0';
			f[n] = tok + 1;
		}
	}
	(void)save;
	if (n != 2)
		return -EINVAL;
	if (sbx_parse_u32(f[0], UINT32_MAX - 1, &r->inner) < 0 ||
	    sbx_parse_u32(f[1], UINT32_MAX - 1, &r->outer) < 0 ||
	    sbx_parse_u32(f[2], UINT32_MAX, &r->count) < 0 || r->count == 0)
		return -EINVAL;
	if ((uint64_t)r->inner + r->count > UINT32_MAX || (uint64_t)r->outer + r->count > UINT32_MAX)
		return -ERANGE;
	return 0;
}

static int o_map_ids(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	struct sbx_plan *pl = p->plan;
	struct sbx_idrange r, *slot;
	int ret = parse_range(a[0], &r);

	if (ret == -ENOMEM)
		return sbx_fail(err, ENOMEM, "%s", o->name);
	if (ret < 0)
		return sbx_fail_msg(err, EINVAL, "%s: invalid range '%s': expected INNER:OUTER:COUNT, "
				    "decimal ids, COUNT at least 1, within 0..4294967294", o->name, a[0]);
	slot = o->arg ? grow((void **)&pl->map_groups, &pl->n_map_groups, sizeof(r))
		      : grow((void **)&pl->map_users, &pl->n_map_users, sizeof(r));
	if (!slot)
		return sbx_fail(err, ENOMEM, "%s", o->name);
	*slot = r;
	return 0;
}

static int o_setgroups(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	if (strcmp(a[0], "allow") == 0)
		p->plan->setgroups_allow = true;
	else if (strcmp(a[0], "deny") == 0)
		p->plan->setgroups_allow = false;
	else
		return sbx_fail_msg(err, EINVAL, "--setgroups: '%s' is neither 'allow' nor 'deny'", a[0]);
	return 0;
}

/* --- filesystem --- */

static bool op_takes_perms(enum sbx_op_type t)
{
	return t == SBX_OP_DIR || t == SBX_OP_FILE || t == SBX_OP_BIND_DATA ||
	       t == SBX_OP_RO_BIND_DATA || t == SBX_OP_TMPFS;
}

static int add_op(struct parser *p, const struct opt *o, enum sbx_op_type t,
		  struct sbx_op **out, struct sbx_error *err)
{
	struct sbx_op *op = sbx_plan_add_op(p->plan, t);

	if (!op)
		return sbx_fail(err, ENOMEM, "%s", o->name);
	op->option = o->name;
	if (p->next_perms >= 0) {
		if (!op_takes_perms(t))
			return sbx_fail_msg(err, EINVAL, "--perms must be followed by an option that creates a file");
		op->perms = p->next_perms;
		p->next_perms = -1;
	}
	if (p->next_size) {
		if (t != SBX_OP_TMPFS)
			return sbx_fail_msg(err, EINVAL, "--size must be followed by --tmpfs");
		op->size = p->next_size;
		p->next_size = 0;
	}
	*out = op;
	return 0;
}

/* Options whose arguments are SRC DEST, or just DEST. */
static int o_path_op(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	struct sbx_op *op = NULL;
	bool try_ = strstr(o->name, "-try") != NULL;

	if (o->arg == SBX_OP_TMP_OVERLAY || o->arg == SBX_OP_RO_OVERLAY) {
		unsigned need = o->arg == SBX_OP_RO_OVERLAY ? 2 : 1;

		if (p->n_overlay_src < need)
			return sbx_fail_msg(err, EINVAL, "%s requires at least %s --overlay-src",
					    o->name, need == 2 ? "two" : "one");
		p->n_overlay_src = 0;
	}
	if (add_op(p, o, (enum sbx_op_type)o->arg, &op, err) < 0)
		return -EINVAL;
	if (o->arg == SBX_OP_OVERLAY_SRC)
		p->n_overlay_src++;
	op->try_ = try_;
	if (o->nargs == 2) {
		op->src = a[0];
		op->dest = a[1];
	} else {
		op->dest = a[0];
	}
	return 0;
}

/* Options whose arguments are FD DEST. */
static int o_fd_op(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	struct sbx_op *op = NULL;
	int fd;

	if (get_fd(p, o, a[0], &fd, err) < 0)
		return -EINVAL;
	if (add_op(p, o, (enum sbx_op_type)o->arg, &op, err) < 0)
		return -EINVAL;
	op->fd = fd;
	op->dest = a[1];
	return 0;
}

static int o_overlay(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	struct sbx_op *op = NULL;

	if (p->n_overlay_src == 0)
		return sbx_fail_msg(err, EINVAL, "--overlay requires at least one --overlay-src");
	p->n_overlay_src = 0;
	if (add_op(p, o, SBX_OP_OVERLAY, &op, err) < 0)
		return -EINVAL;
	op->src = a[0];
	op->src2 = a[1];
	op->dest = a[2];
	return 0;
}

static int parse_octal(const char *s, int *out)
{
	char *end = NULL;
	unsigned long v;

	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 8);
	if (errno || *end || v > 07777)
		return -EINVAL;
	*out = (int)v;
	return 0;
}

static int o_perms(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	int v;

	if (p->next_perms >= 0)
		return sbx_fail_msg(err, EINVAL, "--perms given twice for the same action");
	if (parse_octal(a[0], &v) < 0)
		return sbx_fail_msg(err, EINVAL, "--perms takes an octal argument <= 07777");
	p->next_perms = v;
	return 0;
}

/* The sbx face's --size suffixes: K, M, G as powers of 1024. */
static unsigned size_shift(char c)
{
	switch (c) {
	case 'K': case 'k': return 10;
	case 'M': case 'm': return 20;
	case 'G': case 'g': return 30;
	}
	return 0;
}

static int o_size(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	char *end = NULL;
	unsigned long long v;

	if (p->next_size)
		return sbx_fail_msg(err, EINVAL, "--size given twice for the same action");
	errno = 0;
	v = (a[0][0] >= '0' && a[0][0] <= '9') ? strtoull(a[0], &end, 0) : 0;
	if (!p->bw && !errno && end && *end && !end[1] && size_shift(*end) > 0) {
		unsigned shift = size_shift(*end);

		errno = v > (ULLONG_MAX >> shift) ? ERANGE : 0;
		v <<= shift;
		end++;
	}
	if (p->bw && (errno || !end || *end || v == 0))
		return sbx_fail_msg(err, EINVAL, "--size takes a non-zero number of bytes");
	if (errno || !end || *end || v == 0)
		return sbx_fail_msg(err, EINVAL, "--size: invalid size '%s': expected a non-zero number of bytes, "
				    "optionally followed by K, M or G (powers of 1024)", a[0]);
	/* bubblewrap's limit, so a size that works here works there. */
	if (v > (unsigned long long)(SIZE_MAX >> 1))
		return sbx_fail_msg(err, EINVAL, "--size (for tmpfs) is limited to %zu", (size_t)(SIZE_MAX >> 1));
	p->next_size = (size_t)v;
	return 0;
}

static int o_chmod(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	struct sbx_op *op = NULL;
	int v;

	if (parse_octal(a[0], &v) < 0)
		return sbx_fail_msg(err, EINVAL, "--chmod takes an octal argument <= 07777");
	if (add_op(p, o, SBX_OP_CHMOD, &op, err) < 0)
		return -EINVAL;
	op->perms = v;
	op->dest = a[1];
	return 0;
}

static int o_chdir(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	warn_repeat(p->plan->chdir != NULL, o->name);
	p->plan->chdir = a[0];
	p->plan->n_chdir++;
	return 0;
}

/* --- process --- */

static int o_env(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	struct sbx_plan *pl = p->plan;
	struct sbx_env_op *e;

	if (o->arg != SBX_ENV_CLEAR && (!a[0][0] || strchr(a[0], '='))) {
		/* bubblewrap calls setenv(3) at once and reports only that it failed. */
		if (p->bw)
			return sbx_fail_msg(err, EINVAL, "%s failed", o->name + 2);
		return sbx_fail_msg(err, EINVAL, "%s: '%s' is not a valid variable name", o->name, a[0]);
	}
	e = grow((void **)&pl->env, &pl->n_env, sizeof(*e));
	if (!e)
		return sbx_fail(err, ENOMEM, "%s", o->name);
	e->type = (enum sbx_env_type)o->arg;
	e->name = o->nargs > 0 ? a[0] : NULL;
	e->value = o->nargs > 1 ? a[1] : NULL;
	return 0;
}

static int o_string(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	struct sbx_plan *pl = p->plan;
	const char **dst[] = { &pl->argv0, &pl->hostname, &pl->exec_label, &pl->file_label,
			       &pl->seccomp_profile };

	if (o->arg == 0 && pl->argv0)
		return sbx_fail_msg(err, EINVAL, "--argv0 used multiple times");
	warn_repeat(*dst[o->arg] != NULL && o->arg != 4, o->name);
	/* sbx has no SELinux support: it answers labels as a bubblewrap built
	 * without it does, rather than run the sandbox unlabelled. */
	if (o->arg == 2 || o->arg == 3)
		return sbx_fail_msg(err, ENOTSUP, "labeling not supported on this system");
	*dst[o->arg] = a[0];
	return 0;
}

static int o_flag(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	struct sbx_plan *pl = p->plan;
	bool *dst[] = { &pl->new_session, &pl->die_with_parent, &pl->as_pid_1,
			&pl->level_prefix, &pl->verbose };

	*dst[o->arg] = true;
	return 0;
}

/* --- fds --- */

static int o_fd(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	struct sbx_plan *pl = p->plan;
	int *dst[] = { &pl->info_fd, &pl->json_status_fd, &pl->sync_fd, &pl->block_fd,
		       &pl->userns_block_fd };
	int fd;

	warn_repeat(*dst[o->arg] >= 0, o->name);
	if (get_fd(p, o, a[0], &fd, err) < 0)
		return -EINVAL;
	*dst[o->arg] = fd;
	return 0;
}

static int o_pass_fd(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	struct sbx_plan *pl = p->plan;
	int fd, *slot;

	if (get_fd(p, o, a[0], &fd, err) < 0)
		return -EINVAL;
	slot = grow((void **)&pl->pass_fds, &pl->n_pass_fds, sizeof(int));
	if (!slot)
		return sbx_fail(err, ENOMEM, "%s", o->name);
	*slot = fd;
	return 0;
}

static int o_seccomp_fd(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	struct sbx_plan *pl = p->plan;
	struct sbx_seccomp_fd *s;
	bool had_seccomp = pl->n_seccomp_fds > 0 && !pl->seccomp_fds[0].add;
	int fd;

	/* bubblewrap's order: the conflict first, then the repeat, then the number. */
	if (o->arg == 0 && pl->n_seccomp_fds > 0 && !had_seccomp)
		return sbx_fail_msg(err, EINVAL, "--seccomp cannot be combined with --add-seccomp-fd");
	if (o->arg == 1 && had_seccomp)
		return sbx_fail_msg(err, EINVAL, "--add-seccomp-fd cannot be combined with --seccomp");
	warn_repeat(o->arg == 0 && had_seccomp, o->name);
	if (get_fd(p, o, a[0], &fd, err) < 0)
		return -EINVAL;
	if (o->arg == 0 && had_seccomp) {
		pl->seccomp_fds[0].fd = fd; /* a repeated --seccomp replaces the first */
		return 0;
	}
	s = grow((void **)&pl->seccomp_fds, &pl->n_seccomp_fds, sizeof(*s));
	if (!s)
		return sbx_fail(err, ENOMEM, "%s", o->name);
	s->fd = fd;
	s->add = o->arg == 1;
	return 0;
}

/* --- capabilities --- */

static int o_cap(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	struct sbx_plan *pl = p->plan;
	struct sbx_cap_op *c;
	cap_value_t cap = 0;
	int v;

	if (strcasecmp(a[0], "ALL") == 0) {
		v = SBX_CAP_ALL;
	} else if ((p->bw || strncasecmp(a[0], "CAP_", 4) == 0) && cap_from_name(a[0], &cap) == 0) {
		/* bubblewrap takes whatever libcap's cap_from_name() takes. */
		v = cap;
	} else {
		if (p->bw)
			return sbx_fail_msg(err, EINVAL, "unknown cap: %s", a[0]);
		return sbx_fail_msg(err, EINVAL, "%s: unknown capability '%s' (names as in capabilities(7), e.g. CAP_NET_RAW, or ALL)",
				    o->name, a[0]);
	}
	c = grow((void **)&pl->caps, &pl->n_caps, sizeof(*c));
	if (!c)
		return sbx_fail(err, ENOMEM, "%s", o->name);
	c->add = o->arg == 0;
	c->cap = v;
	return 0;
}

static int o_action(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	p->plan->action = (enum sbx_action)o->arg;
	return 0;
}

static const struct opt options[] = {
	{ "--help", 0, o_action, SBX_ACTION_HELP, false },
	{ "--version", 0, o_action, SBX_ACTION_VERSION, false },
	/* namespaces */
	{ "--unshare-user", 0, o_unshare, 0, false },
	{ "--unshare-user-try", 0, o_unshare, 1, false },
	{ "--unshare-ipc", 0, o_unshare, 2, false },
	{ "--unshare-pid", 0, o_unshare, 3, false },
	{ "--unshare-net", 0, o_unshare, 4, false },
	{ "--unshare-uts", 0, o_unshare, 5, false },
	{ "--unshare-cgroup", 0, o_unshare, 6, false },
	{ "--unshare-cgroup-try", 0, o_unshare, 7, false },
	{ "--unshare-all", 0, o_unshare, 8, false },
	{ "--share-net", 0, o_unshare, 9, false },
	{ "--disable-userns", 0, o_unshare, 10, false },
	{ "--assert-userns-disabled", 0, o_unshare, 11, false },
	{ "--userns", 1, o_ns_fd, 0, false },
	{ "--userns2", 1, o_ns_fd, 1, false },
	{ "--pidns", 1, o_ns_fd, 2, false },
	{ "--hostname", 1, o_string, 1, false },
	/* ids */
	{ "--uid", 1, o_id, 0, false },
	{ "--gid", 1, o_id, 1, false },
	{ "--map-root", 0, o_map_root, 0, true },
	{ "--subids", 0, o_subids, 0, true },
	{ "--no-subids", 0, o_subids, 1, true },
	{ "--map-users", 1, o_map_ids, 0, true },
	{ "--map-groups", 1, o_map_ids, 1, true },
	{ "--setgroups", 1, o_setgroups, 0, true },
	{ "--userns-block-fd", 1, o_fd, 4, false },
	/* filesystem */
	{ "--bind", 2, o_path_op, SBX_OP_BIND, false },
	{ "--bind-try", 2, o_path_op, SBX_OP_BIND, false },
	{ "--dev-bind", 2, o_path_op, SBX_OP_DEV_BIND, false },
	{ "--dev-bind-try", 2, o_path_op, SBX_OP_DEV_BIND, false },
	{ "--ro-bind", 2, o_path_op, SBX_OP_RO_BIND, false },
	{ "--ro-bind-try", 2, o_path_op, SBX_OP_RO_BIND, false },
	{ "--bind-fd", 2, o_fd_op, SBX_OP_BIND_FD, false },
	{ "--ro-bind-fd", 2, o_fd_op, SBX_OP_RO_BIND_FD, false },
	{ "--remount-ro", 1, o_path_op, SBX_OP_REMOUNT_RO, false },
	{ "--overlay-src", 1, o_path_op, SBX_OP_OVERLAY_SRC, false },
	{ "--overlay", 3, o_overlay, 0, false },
	{ "--tmp-overlay", 1, o_path_op, SBX_OP_TMP_OVERLAY, false },
	{ "--ro-overlay", 1, o_path_op, SBX_OP_RO_OVERLAY, false },
	{ "--proc", 1, o_path_op, SBX_OP_PROC, false },
	{ "--dev", 1, o_path_op, SBX_OP_DEV, false },
	{ "--tmpfs", 1, o_path_op, SBX_OP_TMPFS, false },
	{ "--mqueue", 1, o_path_op, SBX_OP_MQUEUE, false },
	{ "--dir", 1, o_path_op, SBX_OP_DIR, false },
	{ "--file", 2, o_fd_op, SBX_OP_FILE, false },
	{ "--bind-data", 2, o_fd_op, SBX_OP_BIND_DATA, false },
	{ "--ro-bind-data", 2, o_fd_op, SBX_OP_RO_BIND_DATA, false },
	{ "--symlink", 2, o_path_op, SBX_OP_SYMLINK, false },
	{ "--lock-file", 1, o_path_op, SBX_OP_LOCK_FILE, false },
	{ "--chmod", 2, o_chmod, 0, false },
	{ "--perms", 1, o_perms, 0, false },
	{ "--size", 1, o_size, 0, false },
	{ "--chdir", 1, o_chdir, 0, false },
	/* process */
	{ "--setenv", 2, o_env, SBX_ENV_SET, false },
	{ "--unsetenv", 1, o_env, SBX_ENV_UNSET, false },
	{ "--clearenv", 0, o_env, SBX_ENV_CLEAR, false },
	{ "--argv0", 1, o_string, 0, false },
	{ "--new-session", 0, o_flag, 0, false },
	{ "--die-with-parent", 0, o_flag, 1, false },
	{ "--as-pid-1", 0, o_flag, 2, false },
	{ "--level-prefix", 0, o_flag, 3, false },
	{ "--verbose", 0, o_flag, 4, true },
	/* fds */
	{ "--info-fd", 1, o_fd, 0, false },
	{ "--json-status-fd", 1, o_fd, 1, false },
	{ "--sync-fd", 1, o_fd, 2, false },
	{ "--block-fd", 1, o_fd, 3, false },
	{ "--pass-fd", 1, o_pass_fd, 0, true },
	/* seccomp */
	{ "--seccomp", 1, o_seccomp_fd, 0, false },
	{ "--add-seccomp-fd", 1, o_seccomp_fd, 1, false },
	{ "--seccomp-profile", 1, o_string, 4, true },
	/* capabilities, labels */
	{ "--cap-add", 1, o_cap, 0, false },
	{ "--cap-drop", 1, o_cap, 1, false },
	{ "--exec-label", 1, o_string, 2, false },
	{ "--file-label", 1, o_string, 3, false },
};

#define N_OPTIONS (sizeof(options) / sizeof(options[0]))

/* The sbx face's short spellings, as most programs take them. */
static const struct { const char *alias, *name; } short_opts[] = {
	{ "-h", "--help" },
	{ "-V", "--version" },
};

static const struct opt *find_opt(const char *name, bool bw)
{
	for (size_t i = 0; !bw && i < sizeof(short_opts) / sizeof(short_opts[0]); i++)
		if (strcmp(short_opts[i].alias, name) == 0)
			name = short_opts[i].name;
	for (size_t i = 0; i < N_OPTIONS; i++)
		if (strcmp(options[i].name, name) == 0)
			return bw && options[i].sbx_only ? NULL : &options[i];
	return NULL;
}

/* The known option nearest to a misspelt @name ("--map-roots", "-map-root"). */
static const char *nearest_opt(const char *name)
{
	const char *words[N_OPTIONS + 1];

	for (size_t i = 0; i < N_OPTIONS; i++)
		words[i] = options[i].name;
	words[N_OPTIONS] = "--args";
	return sbx_nearest(name, words, N_OPTIONS + 1);
}

int sbx_cli_split_args(char *buf, size_t len, char ***out, size_t *n)
{
	size_t count = 0, k = 0;
	char **v;

	for (size_t i = 0; i < len; i++)
		if (buf[i] == '\0')
			count++;
	if (len > 0 && buf[len - 1] != '\0')
		count++; /* last word without its NUL: buf[len] is the NUL */
	v = calloc(count + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < len; i += strlen(buf + i) + 1)
		v[k++] = buf + i;
	*out = v;
	*n = count;
	return 0;
}

/*
 * Read "--args FD" and return a new word vector: the fd's words followed by
 * the rest of the command line, so they are parsed exactly where they stood.
 */
static int splice_args(struct parser *p, int fd, char **rest, int nrest,
		       char ***out, int *nout, struct sbx_error *err)
{
	_cleanup_free_ char *buf = NULL;
	_cleanup_free_ char **words = NULL;
	char **v;
	size_t len = 0, n = 0;
	int r;

	if (++p->n_args_fd > 64)
		return sbx_fail_msg(err, ELOOP, "--args nested too deeply");
	r = sbx_read_all_fd(fd, SBX_MAX_ARGS_BYTES, &buf, &len);
	if (r < 0)
		return sbx_fail(err, -r, p->bw ? "Can't read --args data" : "--args %d: reading the arguments", fd);
	/* Consumed: bubblewrap closes it too, so the sandbox never inherits it. */
	close(fd);
	r = sbx_cli_split_args(buf, len, &words, &n);
	if (r < 0)
		return sbx_fail(err, -r, "--args");
	p->total_words += n;
	if (p->total_words > SBX_MAX_ARGS)
		return sbx_fail_msg(err, E2BIG, "Exceeded maximum number of arguments %u", SBX_MAX_ARGS);
	v = calloc(n + (size_t)nrest + 1, sizeof(*v));
	if (!v)
		return sbx_fail(err, ENOMEM, "--args");
	memcpy(v, words, n * sizeof(*v));
	memcpy(v + n, rest, (size_t)nrest * sizeof(*v));
	if (sbx_plan_own(p->plan, TAKE_PTR(buf)) < 0 || sbx_plan_own(p->plan, v) < 0)
		return sbx_fail(err, ENOMEM, "--args");
	*out = v;
	*nout = (int)n + nrest;
	p->file_end = (int)n;
	return 0;
}

/*
 * What bubblewrap checks after every option but its modifiers: a pending
 * --perms, --size or --overlay-src must be used by the very next option.
 */
static int check_pending(struct parser *p, const char *w, struct sbx_error *err)
{
	bool modifier = strcmp(w, "--perms") == 0 || strcmp(w, "--size") == 0;

	if (!modifier && p->next_perms >= 0)
		return sbx_fail_msg(err, EINVAL, "--perms must be followed by an option that creates a file");
	if (!modifier && p->next_size)
		return sbx_fail_msg(err, EINVAL, "--size must be followed by --tmpfs");
	if (strcmp(w, "--overlay-src") != 0 && p->n_overlay_src > 0)
		return sbx_fail_msg(err, EINVAL, "--overlay-src must be followed by another --overlay-src "
				    "or one of --overlay, --tmp-overlay, or --ro-overlay");
	return 0;
}

static int unknown_option(struct parser *p, const char *w, struct sbx_error *err)
{
	char name[128];
	const char *eq = strchr(w, '='), *near;

	if (p->bw)
		return sbx_fail_msg(err, EINVAL, "Unknown option %s", w);
	snprintf(name, sizeof(name), "%.*s", eq ? (int)(eq - w) : (int)strlen(w), w);
	near = nearest_opt(name);
	if (near)
		return sbx_fail_msg(err, EINVAL, "unknown option '%s'; did you mean '%s'? "
				    "(to run a program named so, put '--' before it)", w, near);
	return sbx_fail_msg(err, EINVAL, "unknown option '%s' (see 'sbx --help'; to run a program named so, put '--' before it)", w);
}

/*
 * The sbx face's "--option=value", for an option with one argument:
 * @val gets the value, @name the option's name (in @buf).
 */
static const struct opt *split_equals(const char *w, char *buf, size_t len, char **val)
{
	const char *eq = strchr(w, '=');

	if (!eq || strncmp(w, "--", 2) != 0 || (size_t)(eq - w) >= len)
		return NULL;
	memcpy(buf, w, (size_t)(eq - w));
	buf[eq - w] = '\0';
	*val = (char *)eq + 1;
	return find_opt(buf, false);
}

static int equals_misused(const struct opt *o, struct sbx_error *err)
{
	if (o->nargs == 0)
		return sbx_fail_msg(err, EINVAL, "%s takes no argument", o->name);
	return sbx_fail_msg(err, EINVAL, "%s takes %s: give them as separate words, not with '='",
			    o->name, o->nargs == 2 ? "two arguments" : "three arguments");
}

int sbx_cli_parse(struct sbx_plan *plan, int argc, char **argv, struct sbx_error *err)
{
	struct parser p = { .plan = plan, .bw = plan->face == SBX_FACE_BWRAP, .next_perms = -1 };
	int i = 0;

	p.total_words = (size_t)argc;
	while (i < argc) {
		const char *w = argv[i];
		const struct opt *o;
		char name[64], *eqval[1] = { NULL };

		if (strcmp(w, "--") == 0) {
			i++;
			break;
		}
		if (w[0] != '-')
			break;
		if (strcmp(w, "--args") == 0) {
			int fd;

			if (p.bw && i < p.file_end)
				return sbx_fail_msg(err, EINVAL, "--args not supported in arguments file");
			if (i + 1 >= argc)
				return sbx_fail_msg(err, EINVAL, "--args takes an argument");
			if (sbx_parse_fd(argv[i + 1], &fd) < 0)
				return sbx_fail_msg(err, EINVAL, "Invalid fd: %s", argv[i + 1]);
			if (splice_args(&p, fd, argv + i + 2, argc - i - 2, &argv, &argc, err) < 0)
				return sbx_error_ret(err);
			i = 0;
			continue;
		}
		/* bubblewrap 0.12 relaxes setup failures with it; sbx never does, and
		 * accepts it so launchers that pass it keep working. */
		if (p.bw && strcmp(w, "--not-a-security-boundary") == 0) {
			i++;
			continue;
		}
		o = find_opt(w, p.bw);
		if (!o && !p.bw)
			o = split_equals(w, name, sizeof(name), &eqval[0]);
		if (!o)
			return unknown_option(&p, w, err);
		if (eqval[0] && o->nargs != 1)
			return equals_misused(o, err);
		if (!eqval[0] && argc - i - 1 < o->nargs)
			return need_args_msg(&p, o, err);
		if (o->fn(&p, o, eqval[0] ? eqval : argv + i + 1, err) < 0)
			return sbx_error_ret(err);
		i += 1 + (eqval[0] ? 0 : o->nargs);
		if (plan->action != SBX_ACTION_RUN)
			return 0;
		if (check_pending(&p, o->name, err) < 0)
			return sbx_error_ret(err);
	}
	if (p.next_perms >= 0)
		return sbx_fail_msg(err, EINVAL, "--perms must be followed by an option that creates a file");
	if (p.next_size)
		return sbx_fail_msg(err, EINVAL, "--size must be followed by --tmpfs");
	if (p.n_overlay_src > 0)
		return sbx_fail_msg(err, EINVAL, "--overlay-src must be followed by another --overlay-src "
				    "or one of --overlay, --tmp-overlay, or --ro-overlay");
	plan->argv = argv + i;
	plan->argc = argc - i;
	return 0;
}

enum sbx_face sbx_cli_face(const char *argv0)
{
	const char *base;

	if (!argv0)
		return SBX_FACE_SBX;
	base = strrchr(argv0, '/');
	base = base ? base + 1 : argv0;
	return strcmp(base, "bwrap") == 0 ? SBX_FACE_BWRAP : SBX_FACE_SBX;
}
