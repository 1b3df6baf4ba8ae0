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
#include <unistd.h>

#include "capnames.h"
#include "cleanup.h"
#include "cli.h"
#include "log.h"
#include "util.h"

/* bubblewrap's own limit on the words it will read, --args included. */
#define SBX_MAX_ARGS 9000
#define SBX_MAX_ARGS_BYTES (16u * 1024 * 1024)

struct parser {
	struct sbx_plan *plan;
	const struct sbx_face_policy *face; /* what the face takes and how it words refusals */
	int next_perms;       /* pending --perms, -1 none */
	size_t next_size;     /* pending --size, 0 none */
	unsigned n_args_fd;   /* --args nesting guard */
	size_t total_words;
	int file_end;         /* words before this index came from an --args fd */
	unsigned n_overlay_src; /* --overlay-src words waiting for their overlay */
};

/* What a single-valued string option does when it is given again. */
enum repeat {
	REPEAT_WARN = 0, /* bubblewrap warns, and the last one wins */
	REPEAT_LAST,     /* the last one wins, silently */
	REPEAT_ERROR,    /* an error (bubblewrap's --argv0) */
};

/*
 * One row per option.  A row names what it sets: @field is the plan field
 * (offsetof(struct sbx_plan, ...)) its handler writes, @count the element
 * count of a list field, and the typed members below the value or variant
 * it stands for.  Options that set several things (--unshare-all) have a
 * handler of their own.  Adding an option is adding a row.
 */
struct opt {
	const char *name;
	int nargs;
	int (*fn)(struct parser *p, const struct opt *o, char **a, struct sbx_error *err);
	size_t field;               /* the plan field it sets */
	size_t count;               /* list fields: the plan field counting them */
	enum sbx_op_type op;        /* filesystem ops: the op it adds */
	enum sbx_env_type env;      /* --setenv, --unsetenv, --clearenv */
	enum sbx_action action;     /* --help, --version */
	enum sbx_subids subids;     /* --subids, --no-subids */
	enum sbx_ll_allow_type ll;  /* --landlock-*: the rule it adds */
	enum repeat repeat;         /* string options given again */
	unsigned overlay_srcs;      /* overlays: the --overlay-src words it needs at least */
	bool add;                   /* --cap-add, --add-seccomp-fd (vs --cap-drop, --seccomp) */
	bool try_;                  /* the -try variant of a bind */
	bool modifier;              /* --perms, --size: applies to the next option */
	bool says_one;              /* bubblewrap says "takes one argument", not "an argument" */
	bool sbx_only;              /* not a bubblewrap option: unknown in the bwrap face */
};

#define PLAN(f) offsetof(struct sbx_plan, f)

static int need_args_msg(const struct opt *o, struct sbx_error *err)
{
	static const char *const words[] = { "", "an argument", "two arguments", "three arguments" };

	return sbx_fail_msg(err, EINVAL, "%s takes %s", o->name, o->says_one ? "one argument" : words[o->nargs]);
}

/* bubblewrap warns, and lets the last one win, when a single-valued option repeats. */
static void warn_repeat(bool already, const char *name)
{
	if (already)
		sbx_warn("Only the last %s option will take effect", name);
}

static int bad_fd(struct parser *p, const struct opt *o, const char *s, struct sbx_error *err)
{
	return sbx_say_bad_fd(p->face, err, o->name, s);
}

static int get_fd(struct parser *p, const struct opt *o, const char *s, int *fd, struct sbx_error *err)
{
	if (sbx_parse_fd(s, fd) < 0)
		return bad_fd(p, o, s, err);
	return 0;
}

/* The plan field @o names, of the type its handler knows. */
static void *field(struct parser *p, const struct opt *o)
{
	return (char *)p->plan + o->field;
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

/* Append a zeroed element of @elem bytes to the list @o names. */
static void *append(struct parser *p, const struct opt *o, size_t elem, struct sbx_error *err)
{
	void *slot = grow(field(p, o), (size_t *)((char *)p->plan + o->count), elem);

	if (!slot)
		sbx_fail(err, ENOMEM, "%s", o->name);
	return slot;
}

/* --- plain fields --- */

static int o_flag(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	*(bool *)field(p, o) = true;
	return 0;
}

static int o_clear(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	*(bool *)field(p, o) = false;
	return 0;
}

static int o_fd(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	int fd, *dst = field(p, o);
	int r;

	warn_repeat(*dst >= 0, o->name);
	r = get_fd(p, o, a[0], &fd, err);
	if (r < 0)
		return r;
	*dst = fd;
	return 0;
}

static int o_string(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	const char **dst = field(p, o);

	if (*dst && o->repeat == REPEAT_ERROR)
		return sbx_fail_msg(err, EINVAL, "%s used multiple times", o->name);
	warn_repeat(*dst && o->repeat == REPEAT_WARN, o->name);
	*dst = a[0];
	return 0;
}

static int o_action(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	p->plan->action = o->action;
	return 0;
}

/* --- namespaces --- */

/* --unshare-all: what bubblewrap means by it. */
static int o_unshare_all(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	struct sbx_ns *ns = &p->plan->ns;

	ns->user_try = ns->ipc = ns->pid = ns->net = ns->uts = ns->cgroup_try = true;
	return 0;
}

/* --- network --- */

/* --net MODE: "pasta" is the only mode (more may come: slirp4netns). */
static int o_net(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	enum sbx_net *dst = field(p, o);

	if (strcmp(a[0], "pasta") != 0)
		return sbx_fail_msg(err, EINVAL, "--net: unknown mode '%s': the only mode is 'pasta'", a[0]);
	*dst = SBX_NET_PASTA;
	return 0;
}

/* A port number, 1..65535, in the @len bytes at @s. */
static int parse_port(const char *s, size_t len, uint16_t *port)
{
	uint32_t v;

	if (sbx_parse_u32n(s, len, 65535, &v) < 0 || v == 0)
		return -EINVAL;
	*port = (uint16_t)v;
	return 0;
}

/* HOSTPORT:SANDBOXPORT[/udp] or [/tcp] */
static int parse_publish(const char *s, struct sbx_publish *pub)
{
	const char *colon = strchr(s, ':'), *slash = strchr(s, '/');
	const char *end = slash ? slash : s + strlen(s);

	if (!colon || colon > end)
		return -EINVAL;
	if (slash && strcmp(slash, "/udp") != 0 && strcmp(slash, "/tcp") != 0)
		return -EINVAL;
	pub->udp = slash && strcmp(slash, "/udp") == 0;
	if (parse_port(s, (size_t)(colon - s), &pub->host) < 0)
		return -EINVAL;
	return parse_port(colon + 1, (size_t)(end - colon - 1), &pub->sandbox);
}

static int o_publish(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	struct sbx_publish pub, *slot;

	if (parse_publish(a[0], &pub) < 0)
		return sbx_fail_msg(err, EINVAL, "--publish: invalid port forward '%s': expected "
				    "HOSTPORT:SANDBOXPORT[/udp], ports from 1 to 65535", a[0]);
	slot = append(p, o, sizeof(pub), err);
	if (!slot)
		return -ENOMEM;
	*slot = pub;
	return 0;
}

/* --- ids --- */

static int o_id(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	uint32_t v, *dst = field(p, o);

	warn_repeat(*dst != SBX_ID_UNSET, o->name);
	/* (uid_t)-1 means "unchanged" to setresuid(2): never a valid id. */
	if (sbx_parse_u32(a[0], UINT32_MAX - 1, &v) < 0)
		return sbx_say_bad_id(p->face, err, o->name, a[0]);
	*dst = v;
	return 0;
}

static int o_subids(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	if (p->plan->subids_given && p->plan->subids != o->subids)
		return sbx_fail_msg(err, EINVAL, "--subids and --no-subids cannot be combined");
	p->plan->subids = o->subids;
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
	char *f[3], *tok;
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
	struct sbx_idrange r, *slot;
	int ret = parse_range(a[0], &r);

	if (ret == -ENOMEM)
		return sbx_fail(err, ENOMEM, "%s", o->name);
	if (ret < 0)
		return sbx_fail_msg(err, EINVAL, "%s: invalid range '%s': expected INNER:OUTER:COUNT, "
				    "decimal ids, COUNT at least 1, within 0..4294967294", o->name, a[0]);
	slot = append(p, o, sizeof(r), err);
	if (!slot)
		return -ENOMEM;
	*slot = r;
	return 0;
}

static int o_setgroups(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	bool *allow = field(p, o);

	if (strcmp(a[0], "allow") == 0)
		*allow = true;
	else if (strcmp(a[0], "deny") == 0)
		*allow = false;
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

/* Add the op @o names, taking a pending --perms and --size. */
static int add_op(struct parser *p, const struct opt *o, struct sbx_op **out, struct sbx_error *err)
{
	struct sbx_op *op = sbx_plan_add_op(p->plan, o->op);

	if (!op)
		return sbx_fail(err, ENOMEM, "%s", o->name);
	op->option = o->name;
	if (p->next_perms >= 0) {
		if (!op_takes_perms(o->op))
			return sbx_fail_msg(err, EINVAL, "--perms must be followed by an option that creates a file");
		op->perms = p->next_perms;
		p->next_perms = -1;
	}
	if (p->next_size) {
		if (o->op != SBX_OP_TMPFS)
			return sbx_fail_msg(err, EINVAL, "--size must be followed by --tmpfs");
		op->size = p->next_size;
		p->next_size = 0;
	}
	*out = op;
	return 0;
}

/* Options whose arguments are paths: [SRC [SRC2]] DEST. */
static int o_path_op(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	struct sbx_op *op = NULL;
	int r;

	if (o->overlay_srcs) {
		if (p->n_overlay_src < o->overlay_srcs)
			return sbx_fail_msg(err, EINVAL, "%s requires at least %s --overlay-src",
					    o->name, o->overlay_srcs == 2 ? "two" : "one");
		p->n_overlay_src = 0;
	}
	r = add_op(p, o, &op, err);
	if (r < 0)
		return r;
	op->try_ = o->try_;
	op->dest = a[o->nargs - 1];
	if (o->nargs >= 2)
		op->src = a[0];
	if (o->nargs == 3)
		op->src2 = a[1];
	return 0;
}

/* --overlay-src SRC: waits for the overlay that uses it. */
static int o_overlay_src(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	int r = o_path_op(p, o, a, err);

	if (r < 0)
		return r;
	p->n_overlay_src++;
	return 0;
}

/* Options whose arguments are FD DEST. */
static int o_fd_op(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	struct sbx_op *op = NULL;
	int fd, r;

	r = get_fd(p, o, a[0], &fd, err);
	if (r < 0)
		return r;
	r = add_op(p, o, &op, err);
	if (r < 0)
		return r;
	op->fd = fd;
	op->dest = a[1];
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
	if (p->face->sbx_options && !errno && end && *end && !end[1] && size_shift(*end) > 0) {
		unsigned shift = size_shift(*end);

		errno = v > (ULLONG_MAX >> shift) ? ERANGE : 0;
		v <<= shift;
		end++;
	}
	if (errno || !end || *end || v == 0)
		return sbx_say_bad_size(p->face, err, a[0]);
	/* bubblewrap's limit, so a size that works here works there. */
	if (v > (unsigned long long)(SIZE_MAX >> 1))
		return sbx_fail_msg(err, EINVAL, "--size (for tmpfs) is limited to %zu", (size_t)(SIZE_MAX >> 1));
	p->next_size = (size_t)v;
	return 0;
}

static int o_chmod(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	struct sbx_op *op = NULL;
	int v, r;

	if (parse_octal(a[0], &v) < 0)
		return sbx_fail_msg(err, EINVAL, "--chmod takes an octal argument <= 07777");
	r = add_op(p, o, &op, err);
	if (r < 0)
		return r;
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
	struct sbx_env_op *e;

	if (o->env != SBX_ENV_CLEAR && (!a[0][0] || strchr(a[0], '=')))
		return sbx_say_bad_env_name(p->face, err, o->name, a[0]);
	e = append(p, o, sizeof(*e), err);
	if (!e)
		return -ENOMEM;
	e->type = o->env;
	e->name = o->nargs > 0 ? a[0] : NULL;
	e->value = o->nargs > 1 ? a[1] : NULL;
	return 0;
}

/* sbx has no SELinux support: it answers labels as a bubblewrap built
 * without it does, rather than run the sandbox unlabelled. */
static int o_label(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	return sbx_fail_msg(err, ENOTSUP, "labeling not supported on this system");
}

/* --- fds --- */

static int o_pass_fd(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	int fd, *slot, r;

	r = get_fd(p, o, a[0], &fd, err);
	if (r < 0)
		return r;
	slot = append(p, o, sizeof(*slot), err);
	if (!slot)
		return -ENOMEM;
	*slot = fd;
	return 0;
}

static int o_seccomp_fd(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	struct sbx_plan *pl = p->plan;
	struct sbx_seccomp_fd *s;
	bool had_seccomp = pl->n_seccomp_fds > 0 && !pl->seccomp_fds[0].add;
	int fd, r;

	/* bubblewrap's order: the conflict first, then the repeat, then the number. */
	if (!o->add && pl->n_seccomp_fds > 0 && !had_seccomp)
		return sbx_fail_msg(err, EINVAL, "--seccomp cannot be combined with --add-seccomp-fd");
	if (o->add && had_seccomp)
		return sbx_fail_msg(err, EINVAL, "--add-seccomp-fd cannot be combined with --seccomp");
	warn_repeat(!o->add && had_seccomp, o->name);
	r = get_fd(p, o, a[0], &fd, err);
	if (r < 0)
		return r;
	if (!o->add && had_seccomp) {
		pl->seccomp_fds[0].fd = fd; /* a repeated --seccomp replaces the first */
		return 0;
	}
	s = append(p, o, sizeof(*s), err);
	if (!s)
		return -ENOMEM;
	s->fd = fd;
	s->add = o->add;
	return 0;
}

/* --- capabilities --- */

static int o_cap(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	struct sbx_cap_op *c;
	int cap = 0;
	int v;

	if (strcasecmp(a[0], "ALL") == 0) {
		v = SBX_CAP_ALL;
	} else if ((!p->face->cap_prefix_required || strncasecmp(a[0], "CAP_", 4) == 0) &&
		   sbx_cap_from_name(a[0], &cap) == 0) {
		/* bubblewrap takes whatever libcap's cap_from_name() takes. */
		v = cap;
	} else {
		return sbx_say_bad_cap(p->face, err, o->name, a[0]);
	}
	c = append(p, o, sizeof(*c), err);
	if (!c)
		return -ENOMEM;
	c->add = o->add;
	c->cap = v;
	return 0;
}

/* --- Landlock --- */

static int o_landlock(struct parser *p, const struct opt *o, char **a, struct sbx_error *err)
{
	struct sbx_ll_allow *l = append(p, o, sizeof(*l), err);

	if (!l)
		return -ENOMEM;
	l->type = o->ll;
	l->arg = a[0];
	l->option = o->name;
	return 0;
}

#define FLAG(n, f)  { .name = n, .fn = o_flag, .field = PLAN(f) }
#define FD(n, f)    { .name = n, .nargs = 1, .fn = o_fd, .field = PLAN(f) }
#define LIST(f)     .field = PLAN(f), .count = PLAN(n_##f)
#define PATH(n, k, t) { .name = n, .nargs = k, .fn = o_path_op, .op = t }
#define PATH_(n, k, t, x) { .name = n, .nargs = k, .fn = o_path_op, .op = t, x }
#define LANDLOCK(n, t) { .name = n, .nargs = 1, .fn = o_landlock, LIST(landlock), .ll = t, .sbx_only = true }
#define SBX_FLAG(n, f) { .name = n, .fn = o_flag, .field = PLAN(f), .sbx_only = true }
#define FDOP(n, t)  { .name = n, .nargs = 2, .fn = o_fd_op, .op = t }

static const struct opt options[] = {
	{ .name = "--help", .fn = o_action, .action = SBX_ACTION_HELP },
	{ .name = "--version", .fn = o_action, .action = SBX_ACTION_VERSION },
	/* namespaces */
	FLAG("--unshare-user", ns.user),
	FLAG("--unshare-user-try", ns.user_try),
	FLAG("--unshare-ipc", ns.ipc),
	FLAG("--unshare-pid", ns.pid),
	FLAG("--unshare-net", ns.net),
	FLAG("--unshare-uts", ns.uts),
	FLAG("--unshare-cgroup", ns.cgroup),
	FLAG("--unshare-cgroup-try", ns.cgroup_try),
	{ .name = "--unshare-time", .fn = o_flag, .field = PLAN(ns.time), .sbx_only = true },
	{ .name = "--unshare-all", .fn = o_unshare_all },
	{ .name = "--share-net", .fn = o_clear, .field = PLAN(ns.net) },
	FLAG("--disable-userns", ns.disable_userns),
	FLAG("--assert-userns-disabled", ns.assert_userns_disabled),
	FD("--userns", ns.userns_fd),
	FD("--userns2", ns.userns2_fd),
	FD("--pidns", ns.pidns_fd),
	{ .name = "--hostname", .nargs = 1, .fn = o_string, .field = PLAN(hostname) },
	/* network */
	{ .name = "--net", .nargs = 1, .fn = o_net, .field = PLAN(net), .sbx_only = true },
	{ .name = "--publish", .nargs = 1, .fn = o_publish, LIST(publish), .sbx_only = true },
	{ .name = "--allow-host-loopback", .fn = o_flag, .field = PLAN(host_loopback), .sbx_only = true },
	/* ids */
	{ .name = "--uid", .nargs = 1, .fn = o_id, .field = PLAN(uid) },
	{ .name = "--gid", .nargs = 1, .fn = o_id, .field = PLAN(gid) },
	{ .name = "--map-root", .fn = o_flag, .field = PLAN(map_root), .sbx_only = true },
	{ .name = "--subids", .fn = o_subids, .subids = SBX_SUBIDS_REQUIRE, .sbx_only = true },
	{ .name = "--no-subids", .fn = o_subids, .subids = SBX_SUBIDS_NONE, .sbx_only = true },
	{ .name = "--map-users", .nargs = 1, .fn = o_map_ids, LIST(map_users), .sbx_only = true },
	{ .name = "--map-groups", .nargs = 1, .fn = o_map_ids, LIST(map_groups), .sbx_only = true },
	{ .name = "--setgroups", .nargs = 1, .fn = o_setgroups, .field = PLAN(setgroups_allow), .sbx_only = true },
	FD("--userns-block-fd", userns_block_fd),
	/* filesystem */
	PATH("--bind", 2, SBX_OP_BIND),
	PATH_("--bind-try", 2, SBX_OP_BIND, .try_ = true),
	PATH("--dev-bind", 2, SBX_OP_DEV_BIND),
	PATH_("--dev-bind-try", 2, SBX_OP_DEV_BIND, .try_ = true),
	PATH("--ro-bind", 2, SBX_OP_RO_BIND),
	PATH_("--ro-bind-try", 2, SBX_OP_RO_BIND, .try_ = true),
	FDOP("--bind-fd", SBX_OP_BIND_FD),
	FDOP("--ro-bind-fd", SBX_OP_RO_BIND_FD),
	PATH_("--remount-ro", 1, SBX_OP_REMOUNT_RO, .says_one = true),
	{ .name = "--overlay-src", .nargs = 1, .fn = o_overlay_src, .op = SBX_OP_OVERLAY_SRC },
	PATH_("--overlay", 3, SBX_OP_OVERLAY, .overlay_srcs = 1),
	PATH_("--tmp-overlay", 1, SBX_OP_TMP_OVERLAY, .overlay_srcs = 1),
	PATH_("--ro-overlay", 1, SBX_OP_RO_OVERLAY, .overlay_srcs = 2),
	PATH("--proc", 1, SBX_OP_PROC),
	PATH("--dev", 1, SBX_OP_DEV),
	PATH("--tmpfs", 1, SBX_OP_TMPFS),
	PATH("--mqueue", 1, SBX_OP_MQUEUE),
	PATH("--dir", 1, SBX_OP_DIR),
	FDOP("--file", SBX_OP_FILE),
	FDOP("--bind-data", SBX_OP_BIND_DATA),
	FDOP("--ro-bind-data", SBX_OP_RO_BIND_DATA),
	PATH("--symlink", 2, SBX_OP_SYMLINK),
	PATH("--lock-file", 1, SBX_OP_LOCK_FILE),
	{ .name = "--chmod", .nargs = 2, .fn = o_chmod, .op = SBX_OP_CHMOD },
	{ .name = "--perms", .nargs = 1, .fn = o_perms, .modifier = true },
	{ .name = "--size", .nargs = 1, .fn = o_size, .modifier = true },
	{ .name = "--chdir", .nargs = 1, .fn = o_chdir, .says_one = true },
	/* process */
	{ .name = "--setenv", .nargs = 2, .fn = o_env, .env = SBX_ENV_SET, LIST(env) },
	{ .name = "--unsetenv", .nargs = 1, .fn = o_env, .env = SBX_ENV_UNSET, LIST(env) },
	{ .name = "--clearenv", .fn = o_env, .env = SBX_ENV_CLEAR, LIST(env) },
	{ .name = "--argv0", .nargs = 1, .fn = o_string, .field = PLAN(argv0), .repeat = REPEAT_ERROR,
	  .says_one = true },
	FLAG("--new-session", new_session),
	FLAG("--die-with-parent", die_with_parent),
	FLAG("--as-pid-1", as_pid_1),
	FLAG("--level-prefix", level_prefix),
	{ .name = "--verbose", .fn = o_flag, .field = PLAN(verbose), .sbx_only = true },
	/* fds */
	FD("--info-fd", info_fd),
	FD("--json-status-fd", json_status_fd),
	FD("--sync-fd", sync_fd),
	FD("--block-fd", block_fd),
	{ .name = "--pass-fd", .nargs = 1, .fn = o_pass_fd, LIST(pass_fds), .sbx_only = true },
	/* seccomp */
	{ .name = "--seccomp", .nargs = 1, .fn = o_seccomp_fd, LIST(seccomp_fds) },
	{ .name = "--add-seccomp-fd", .nargs = 1, .fn = o_seccomp_fd, LIST(seccomp_fds), .add = true },
	{ .name = "--seccomp-profile", .nargs = 1, .fn = o_string, .field = PLAN(seccomp_profile),
	  .repeat = REPEAT_LAST, .sbx_only = true },
	/* Landlock, and a sandbox without namespaces (sbx face) */
	LANDLOCK("--landlock-ro", SBX_LL_RO),
	LANDLOCK("--landlock-rw", SBX_LL_RW),
	LANDLOCK("--landlock-exec", SBX_LL_EXEC),
	LANDLOCK("--landlock-connect-tcp", SBX_LL_CONNECT_TCP),
	LANDLOCK("--landlock-bind-tcp", SBX_LL_BIND_TCP),
	SBX_FLAG("--scope-signals", scope_signals),
	SBX_FLAG("--scope-abstract-sockets", scope_abstract),
	SBX_FLAG("--no-scope", no_scope),
	SBX_FLAG("--landlock-strict", landlock_strict),
	SBX_FLAG("--no-userns", no_userns),
	/* capabilities, labels */
	{ .name = "--cap-add", .nargs = 1, .fn = o_cap, LIST(caps), .add = true },
	{ .name = "--cap-drop", .nargs = 1, .fn = o_cap, LIST(caps) },
	{ .name = "--exec-label", .nargs = 1, .fn = o_label },
	{ .name = "--file-label", .nargs = 1, .fn = o_label },
};

#define N_OPTIONS (sizeof(options) / sizeof(options[0]))

/* The sbx face's short spellings, as most programs take them. */
static const struct { const char *alias, *name; } short_opts[] = {
	{ "-h", "--help" },
	{ "-V", "--version" },
};

static const struct opt *find_opt(const char *name, const struct sbx_face_policy *f)
{
	for (size_t i = 0; f->sbx_options && i < sizeof(short_opts) / sizeof(short_opts[0]); i++)
		if (strcmp(short_opts[i].alias, name) == 0)
			name = short_opts[i].name;
	for (size_t i = 0; i < N_OPTIONS; i++)
		if (strcmp(options[i].name, name) == 0)
			return !f->sbx_options && options[i].sbx_only ? NULL : &options[i];
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
		return sbx_say_args_unreadable(p->face, err, -r, fd);
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
 * What bubblewrap checks after every option but its modifiers, and at the
 * end of the options (@o NULL): a pending --perms, --size or --overlay-src
 * must be used by the very next option.
 */
static int check_pending(struct parser *p, const struct opt *o, struct sbx_error *err)
{
	bool modifier = o && o->modifier;

	if (!modifier && p->next_perms >= 0)
		return sbx_fail_msg(err, EINVAL, "--perms must be followed by an option that creates a file");
	if (!modifier && p->next_size)
		return sbx_fail_msg(err, EINVAL, "--size must be followed by --tmpfs");
	if (!(o && o->fn == o_overlay_src) && p->n_overlay_src > 0)
		return sbx_fail_msg(err, EINVAL, "--overlay-src must be followed by another --overlay-src "
				    "or one of --overlay, --tmp-overlay, or --ro-overlay");
	return 0;
}

static int unknown_option(struct parser *p, const char *w, struct sbx_error *err)
{
	char name[128];
	const char *eq = strchr(w, '=');

	snprintf(name, sizeof(name), "%.*s", eq ? (int)(eq - w) : (int)strlen(w), w);
	return sbx_say_unknown_option(p->face, err, w, p->face->sbx_options ? nearest_opt(name) : NULL);
}

/*
 * The sbx face's "--option=value", for an option with one argument:
 * @val gets the value, @name the option's name (in @buf).
 */
static const struct opt *split_equals(const struct parser *p, const char *w, char *buf, size_t len,
				      char **val)
{
	const char *eq = strchr(w, '=');

	if (!eq || strncmp(w, "--", 2) != 0 || (size_t)(eq - w) >= len)
		return NULL;
	memcpy(buf, w, (size_t)(eq - w));
	buf[eq - w] = '\0';
	*val = (char *)eq + 1;
	return find_opt(buf, p->face);
}

static int equals_misused(const struct opt *o, struct sbx_error *err)
{
	if (o->nargs == 0)
		return sbx_fail_msg(err, EINVAL, "%s takes no argument", o->name);
	return sbx_fail_msg(err, EINVAL, "%s takes %s: give them as separate words, not with '='",
			    o->name, o->nargs == 2 ? "two arguments" : "three arguments");
}

/*
 * "--args FD" at argv[*i]: its words replace it and its argument, and the
 * parse starts again at the first of them.
 */
static int args_option(struct parser *p, char ***argv, int *argc, int *i, struct sbx_error *err)
{
	int fd, r;

	if (!p->face->args_in_args_file && *i < p->file_end)
		return sbx_fail_msg(err, EINVAL, "--args not supported in arguments file");
	if (*i + 1 >= *argc)
		return sbx_fail_msg(err, EINVAL, "--args takes an argument");
	if (sbx_parse_fd((*argv)[*i + 1], &fd) < 0)
		return sbx_fail_msg(err, EINVAL, "Invalid fd: %s", (*argv)[*i + 1]);
	r = splice_args(p, fd, *argv + *i + 2, *argc - *i - 2, argv, argc, err);
	if (r < 0)
		return r;
	*i = 0;
	return 0;
}

/*
 * The option at argv[*i] and its arguments: run its row's handler, then
 * move *i past it.
 */
static int one_option(struct parser *p, char **argv, int argc, int *i, struct sbx_error *err)
{
	const char *w = argv[*i];
	const struct opt *o = find_opt(w, p->face);
	char name[64], *eqval[1] = { NULL };
	int r;

	if (!o && p->face->sbx_options)
		o = split_equals(p, w, name, sizeof(name), &eqval[0]);
	if (!o)
		return unknown_option(p, w, err);
	if (eqval[0] && o->nargs != 1)
		return equals_misused(o, err);
	if (!eqval[0] && argc - *i - 1 < o->nargs)
		return need_args_msg(o, err);
	r = o->fn(p, o, eqval[0] ? eqval : argv + *i + 1, err);
	if (r < 0)
		return r;
	*i += 1 + (eqval[0] ? 0 : o->nargs);
	if (p->plan->action != SBX_ACTION_RUN)
		return 0;
	return check_pending(p, o, err);
}

int sbx_cli_parse(struct sbx_plan *plan, int argc, char **argv, struct sbx_error *err)
{
	struct parser p = { .plan = plan, .face = plan->face_policy, .next_perms = -1 };
	int i = 0, r;

	p.total_words = (size_t)argc;
	while (i < argc && plan->action == SBX_ACTION_RUN) {
		const char *w = argv[i];

		if (strcmp(w, "--") == 0) {
			i++;
			break;
		}
		if (w[0] != '-')
			break;
		/* bubblewrap 0.12 relaxes setup failures with it; sbx never does, and
		 * accepts it so launchers that pass it keep working. */
		if (p.face->skip_not_a_security_boundary && strcmp(w, "--not-a-security-boundary") == 0) {
			i++;
			continue;
		}
		if (strcmp(w, "--args") == 0)
			r = args_option(&p, &argv, &argc, &i, err);
		else
			r = one_option(&p, argv, argc, &i, err);
		if (r < 0)
			return r;
	}
	if (plan->action != SBX_ACTION_RUN)
		return 0;
	r = check_pending(&p, NULL, err);
	if (r < 0)
		return r;
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
