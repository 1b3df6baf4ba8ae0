/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The parent's side of id mapping: where the subordinate ids come from,
 * which layout the plan gets, and writing it into the child's namespace.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <pwd.h>
#include <sched.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "caps.h"
#include "cleanup.h"
#include "idmap.h"
#include "log.h"
#include "ns.h"
#include "subid_nss.h"
#include "util.h"

static const char *const kind_file[2] = { "/etc/subuid", "/etc/subgid" };
static const char *const kind_word[2] = { "uids", "gids" };
static const char *const kind_map[2] = { "uid_map", "gid_map" };
static const char *const kind_helper[2] = { NEWUIDMAP_PATH, NEWGIDMAP_PATH };
static const char *const kind_option[2] = { "--map-users", "--map-groups" };

static int lookup_files(int k, const char *user, uint32_t uid, struct sbx_idrange **out,
			size_t *n, struct sbx_error *err)
{
	_cleanup_free_ char *buf = NULL;
	unsigned line = 0;
	int r = sbx_read_file(kind_file[k], 16u << 20, &buf, NULL);

	*out = NULL;
	*n = 0;
	if (r == -ENOENT)
		return 0;
	if (r < 0)
		return sbx_fail(err, -r, "reading %s", kind_file[k]);
	r = sbx_subid_parse(buf, user, uid, out, n, &line);
	if (r == -ENOMEM)
		return sbx_fail(err, ENOMEM, "reading %s", kind_file[k]);
	if (r < 0)
		return sbx_fail_msg(err, EINVAL, "%s:%u: malformed line for user '%s' (expected "
				    "NAME:FIRST:COUNT with decimal numbers, see subuid(5)); fix it or ask your administrator",
				    kind_file[k], line, user ? user : "?");
	return 0;
}

/*
 * Who the caller is, looked up only when needed: a start that maps no
 * subordinate ids has no use for it.  /etc/nsswitch.conf is read at most
 * once, for both the subid source and the passwd one.
 */
struct caller {
	bool looked_up;
	const char *name;          /* NULL when the uid has no passwd entry */
	struct passwd pw;
	char pwbuf[4096];
	int nss;                   /* -1 not read yet, 0 files, 1 NSS source in src */
	bool passwd_files;         /* "passwd:" names "files" first */
	char src[64];
};

static void read_nsswitch(struct caller *c)
{
	_cleanup_free_ char *nss = NULL;
	char first[16];
	const char *p;

	if (c->nss >= 0)
		return;
	c->nss = 0;
	if (sbx_read_file("/etc/nsswitch.conf", 1u << 20, &nss, NULL) < 0)
		return;
	c->nss = sbx_subid_nss_source(nss, c->src, sizeof(c->src)) != NULL;
	p = sbx_nss_first_source(nss, "passwd", first, sizeof(first));
	c->passwd_files = p && strcmp(p, "files") == 0;
}

/*
 * Where NSS asks /etc/passwd first, that file answers as getpwuid() would,
 * without the set-up of NSS itself (most of what a --subids start spends
 * before its clone); an uid it lacks, any other source first, or a file
 * read differently from glibc, and NSS is asked.
 */
static const char *user_name(struct caller *c)
{
	_cleanup_free_ char *pw = NULL;
	struct passwd *pwp = NULL;

	if (c->looked_up)
		return c->name;
	c->looked_up = true;
	read_nsswitch(c);
	if (c->passwd_files && sbx_read_file("/etc/passwd", 16u << 20, &pw, NULL) == 0 &&
	    sbx_passwd_name(pw, getuid(), c->pwbuf, sizeof(c->pwbuf)) == 0)
		return c->name = c->pwbuf;
	if (getpwuid_r(getuid(), &c->pw, c->pwbuf, sizeof(c->pwbuf), &pwp) == 0 && pwp)
		c->name = pwp->pw_name;
	return c->name;
}

/* The name for a message: "?" for an uid without a passwd entry. */
static const char *user_label(struct caller *c)
{
	return user_name(c) ? user_name(c) : "?";
}

static bool nss_source(struct caller *c)
{
	read_nsswitch(c);
	return c->nss == 1;
}

static int lookup_subids(int k, struct caller *c, struct sbx_idrange **out, size_t *n,
			 struct sbx_error *err)
{
	const char *user = user_name(c);

	/* The files case is the common one and must cost nothing extra. */
	if (nss_source(c) && user) {
		sbx_verbose("subordinate %s of '%s' from NSS source '%s'", kind_word[k], user, c->src);
		return sbx_subid_nss_lookup(k, user, out, n, err);
	}
	return lookup_files(k, user, getuid(), out, n, err);
}

/*
 * The user namespace sbx itself runs in.  Inside another sandbox it is not
 * the initial one: only the ids its own map lists exist, the subordinate
 * ids of /etc/subuid (host ids) mean nothing there, and the setuid helpers
 * cannot gain root.  A process with CAP_SETUID / CAP_SETGID in it may
 * write any of its ids into a child's map itself, as a privileged writer.
 */
struct own_ns {
	bool nested;
	bool cap;                  /* CAP_SETUID (uids) or CAP_SETGID (gids), effective */
	struct sbx_idrange *r;     /* its map: .inner is the id as sbx sees it */
	size_t n;
	char text[160];            /* the map, "0 1001 1, 1 100000 65536", for messages */
};

static bool has_cap(int which)
{
	return (sbx_caps_effective() >> which) & 1;
}

/* ", inner outer count" (no comma first) at *@off of @buf; not stdio
 * (util.h: the waiting parent's memory). */
static void cat_range(char *buf, size_t len, size_t *off, size_t i, const struct sbx_idrange *r)
{
	if (i)
		sbx_cat(buf, len, off, ", ");
	sbx_cat_u(buf, len, off, r->inner);
	sbx_cat(buf, len, off, " ");
	sbx_cat_u(buf, len, off, r->outer);
	sbx_cat(buf, len, off, " ");
	sbx_cat_u(buf, len, off, r->count);
}

static void own_ns_read(int k, struct own_ns *o)
{
	_cleanup_free_ char *text = NULL;
	char path[32];
	size_t j = 0;

	memset(o, 0, sizeof(*o));
	sbx_proc_path(path, sizeof(path), 0, kind_map[k]);
	if (sbx_read_file(path, 1u << 20, &text, NULL) < 0 || sbx_idmap_parse(text, &o->r, &o->n) < 0)
		return;
	o->nested = !(o->n == 1 && o->r[0].inner == 0 && o->r[0].outer == 0 && o->r[0].count == UINT32_MAX);
	o->cap = has_cap(k ? CAP_SETGID : CAP_SETUID);
	for (size_t i = 0; i < o->n && j + 40 < sizeof(o->text); i++)
		cat_range(o->text, sizeof(o->text), &j, i, &o->r[i]);
}

/* Ids [first, first + count) all exist in sbx's own namespace. */
static bool own_ns_has(const struct own_ns *o, uint32_t first, uint32_t count)
{
	uint64_t at = first, end = (uint64_t)first + count;

	while (at < end) {
		bool found = false;

		for (size_t i = 0; i < o->n && !found; i++)
			if (at >= o->r[i].inner && at < (uint64_t)o->r[i].inner + o->r[i].count) {
				at = (uint64_t)o->r[i].inner + o->r[i].count;
				found = true;
			}
		if (!found)
			return false;
	}
	return true;
}

/* What to tell a user whose sbx runs inside another sandbox. */
static int nested_fail(int k, const char *what, const struct own_ns *o, struct sbx_error *err)
{
	return sbx_fail_msg(err, EPERM, "%s: sbx runs inside a user namespace (another sandbox?) that maps only "
			    "the %s %s (/proc/self/%s)%s; the outer sandbox must map more ids there "
			    "(--map-root with subordinate ids, or --map-users and --map-groups)%s",
			    what, kind_word[k], o->text, kind_map[k],
			    o->cap ? "" : ", and sbx holds no capability to map ids in it",
			    o->cap ? "" : ", and run sbx as root there, with its capabilities (--map-root)");
}

static int single(struct sbx_idmaps *m, int k, uint32_t self)
{
	free(m->map[k]);
	m->map[k] = calloc(1, sizeof(struct sbx_idrange));
	if (!m->map[k])
		return -ENOMEM;
	m->map[k][0] = (struct sbx_idrange){ .inner = m->setup[k], .outer = self, .count = 1 };
	m->n[k] = 1;
	m->helper[k] = false;
	return 0;
}

/* With explicit ranges and no --uid, the caller becomes whatever its own id maps to. */
static int inside_of(const struct sbx_idrange *r, size_t n, uint32_t self, uint32_t *inside)
{
	for (size_t i = 0; i < n; i++)
		if (self >= r[i].outer && (uint64_t)self < (uint64_t)r[i].outer + r[i].count) {
			*inside = r[i].inner + (self - r[i].outer);
			return 0;
		}
	return -ENOENT;
}

/* The id to run as (--uid, --gid or --map-root's 0) must be one the ranges map. */
static int check_inside(const struct sbx_plan *plan, const struct sbx_idmaps *m, int k,
			const struct sbx_idrange *req, size_t nreq, struct sbx_error *err)
{
	uint32_t want = m->inside[k];

	for (size_t i = 0; i < nreq; i++)
		if (want >= req[i].inner && (uint64_t)want < (uint64_t)req[i].inner + req[i].count)
			return 0;
	return sbx_fail_msg(err, EINVAL, "%s %u is not an inner id of any %s range; map it, or choose another",
			    plan->map_root ? (k ? "--map-root's gid" : "--map-root's uid") : (k ? "--gid" : "--uid"),
			    want, kind_option[k]);
}

static int prepare_explicit(const struct sbx_plan *plan, struct sbx_idmaps *m, int k, uint32_t self,
			    const struct sbx_idrange *sub, size_t nsub, bool root, const struct own_ns *ns,
			    struct sbx_error *err)
{
	const struct sbx_idrange *req = k ? plan->map_groups : plan->map_users;
	size_t nreq = k ? plan->n_map_groups : plan->n_map_users;
	uint32_t given = k ? plan->gid : plan->uid;
	int r;

	for (size_t i = 0; ns->nested && i < nreq; i++)
		if (!own_ns_has(ns, req[i].outer, req[i].count) ||
		    (!ns->cap && !(req[i].outer == self && req[i].count == 1)))
			return nested_fail(k, kind_option[k], ns, err);
	r = sbx_idmap_check(kind_option[k], req, nreq, self, sub, nsub, root, err);
	if (r < 0)
		return r;
	m->map[k] = malloc(nreq * sizeof(*req));
	if (!m->map[k])
		return sbx_fail(err, ENOMEM, "%s", kind_option[k]);
	memcpy(m->map[k], req, nreq * sizeof(*req));
	m->n[k] = nreq;
	m->helper[k] = !root && !(nreq == 1 && req[0].outer == self && req[0].count == 1);
	if (plan->map_root || given != SBX_ID_UNSET)
		return check_inside(plan, m, k, req, nreq, err);
	if (inside_of(req, nreq, self, &m->inside[k]) < 0)
		return sbx_fail_msg(err, EINVAL, "%s does not map your own %s %u; say which %s to run as with %s",
				    kind_option[k], k ? "gid" : "uid", self, k ? "gid" : "uid", k ? "--gid" : "--uid");
	return 0;
}

static bool maps_id(const struct sbx_idrange *r, size_t n, uint32_t outer)
{
	for (size_t i = 0; i < n; i++)
		if (outer >= r[i].outer && (uint64_t)outer < (uint64_t)r[i].outer + r[i].count)
			return true;
	return false;
}

/*
 * The kernel lets only a writer with CAP_SETFCAP in sbx's namespace map its
 * uid 0 into a new one (a file capability set there would hold outside):
 * refuse before the clone, with what to do.
 */
static int nested_root_fail(const struct own_ns *ns, struct sbx_error *err)
{
	return sbx_fail_msg(err, EPERM, "uid 0 of the user namespace sbx runs in (another sandbox?, /proc/self/uid_map: "
			    "%s) can be mapped only with CAP_SETFCAP, which sbx does not hold there; the outer "
			    "sandbox must give sbx its capabilities (run it with --map-root, or --cap-add CAP_SETFCAP), "
			    "or run sbx there as another uid", ns->text);
}

/*
 * The pool of ids beyond the caller's own: its subordinate ranges on the
 * host; inside another sandbox, every id of that namespace where sbx may
 * map them (CAP_SETUID / CAP_SETGID there), else none.
 */
static int lookup_pool(int k, struct caller *c, const struct own_ns *ns, struct sbx_idrange **out,
		       size_t *n, struct sbx_error *err)
{
	if (!ns->nested)
		return lookup_subids(k, c, out, n, err);
	*out = NULL;
	*n = 0;
	if (!ns->cap)
		return 0;
	*out = calloc(ns->n ? ns->n : 1, sizeof(**out));
	if (!*out)
		return sbx_fail(err, ENOMEM, "id map");
	for (size_t i = 0; i < ns->n; i++)
		(*out)[i] = (struct sbx_idrange){ .outer = ns->r[i].inner, .count = ns->r[i].count };
	*n = ns->n;
	sbx_verbose("inside a user namespace, with the capability to map its %s: mapping them (%s)",
		    kind_word[k], ns->text);
	return 0;
}

/* Whether @sub holds any id but @self. */
static bool pool_beyond(const struct sbx_idrange *sub, size_t nsub, uint32_t self)
{
	for (size_t i = 0; i < nsub; i++)
		if (sub[i].count > 1 || sub[i].outer != self)
			return true;
	return false;
}

static int no_pool_fail(int k, struct caller *c, const struct own_ns *ns, struct sbx_error *err)
{
	if (ns->nested)
		return nested_fail(k, "--subids", ns, err);
	return sbx_fail_msg(err, ENOENT, "--subids: no subordinate %s for user '%s' in %s (see %s(5)); "
			    "ask your administrator for a range, or drop --subids to map your own id only",
			    kind_word[k], user_label(c), kind_file[k], k ? "subgid" : "subuid");
}

/* The map of one kind, from the pool of ids this caller has. */
static int decide_kind(const struct sbx_plan *plan, struct sbx_idmaps *m, int k, struct caller *c,
		       bool root, const struct own_ns *ns, struct sbx_error *err)
{
	uint32_t self = k ? getgid() : getuid();
	bool explicit_ = k ? plan->n_map_groups > 0 : plan->n_map_users > 0;
	bool want_sub = explicit_ || plan->subids == SBX_SUBIDS_REQUIRE ||
			(plan->map_root && plan->subids == SBX_SUBIDS_AUTO);
	_cleanup_free_ struct sbx_idrange *sub = NULL;
	size_t nsub = 0;
	int r = want_sub ? lookup_pool(k, c, ns, &sub, &nsub, err) : 0;

	if (r < 0)
		return r;
	if (ns->nested && !pool_beyond(sub, nsub, self))
		nsub = 0;
	if (explicit_)
		return prepare_explicit(plan, m, k, self, sub, nsub, root, ns, err);
	if (nsub == 0 && plan->subids == SBX_SUBIDS_REQUIRE)
		return no_pool_fail(k, c, ns, err);
	if (nsub == 0)
		return single(m, k, self) < 0 ? sbx_fail(err, ENOMEM, "id map") : 0;
	if (sbx_idmap_layout(self, m->inside[k], sub, nsub, &m->map[k], &m->n[k]) < 0)
		return sbx_fail(err, ENOMEM, "id map");
	m->helper[k] = !root;
	return 0;
}

static int prepare_kind(const struct sbx_plan *plan, struct sbx_idmaps *m, int k, struct caller *c,
			bool root, struct sbx_error *err)
{
	struct own_ns ns;
	int r;

	own_ns_read(k, &ns);
	/* inside another sandbox, sbx is a privileged writer where it holds the capability */
	if (ns.nested)
		root = ns.cap;
	r = decide_kind(plan, m, k, c, root, &ns, err);
	if (r == 0 && k == SBX_UID && ns.nested && maps_id(m->map[k], m->n[k], 0) && !has_cap(CAP_SETFCAP))
		r = nested_root_fail(&ns, err);
	if (r == 0 && plan->map_root && plan->subids == SBX_SUBIDS_AUTO && m->n[k] == 1 && m->map[k][0].count == 1)
		m->lone[k] = ns.nested ? 2 : 1;
	if (k == SBX_UID) {
		m->nested = ns.nested;
		size_t off = 0;

		sbx_cat(m->own_uid_map, sizeof(m->own_uid_map), &off, ns.text);
	}
	free(ns.r);
	return r;
}

/*
 * --map-root with one id only: chown to any other id will fail with
 * EINVAL, so say it once, and how to get more (or silence it).
 */
static void warn_lone(const struct sbx_idmaps *m, struct caller *c)
{
	int k = m->lone[0] ? 0 : 1;

	if (!m->lone[0] && !m->lone[1])
		return;
	if (m->lone[k] == 2)
		sbx_warn("--map-root maps one %s only: sbx runs inside a user namespace that has no other %s to give; "
			 "the outer sandbox must map more (--map-root with subordinate ids, or --map-users); "
			 "--no-subids silences this", k ? "gid" : "uid", kind_word[k]);
	else
		sbx_warn("--map-root maps one %s only: user '%s' has no subordinate %s in %s (see %s(5)), so chown "
			 "to other ids fails; ask your administrator for a range, or pass --no-subids to silence this",
			 k ? "gid" : "uid", user_label(c), kind_word[k], kind_file[k], k ? "subgid" : "subuid");
}

/*
 * The setuid helpers cannot help a process that has no_new_privs (inside
 * Flatpak, systemd NoNewPrivileges=), nor when they are missing: map the
 * caller's own id only where ranges were a convenience, fail where they
 * were asked for.
 */
static int helpers_usable(const struct sbx_plan *plan, struct sbx_idmaps *m, struct sbx_error *err)
{
	bool asked = plan->subids == SBX_SUBIDS_REQUIRE || plan->n_map_users || plan->n_map_groups;
	char why[256] = "";

	if (!m->helper[0] && !m->helper[1])
		return 0;
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1)
		snprintf(why, sizeof(why), "sbx runs with no_new_privs set, so the setuid helper %s cannot gain "
			 "its privileges", m->helper[0] ? kind_helper[0] : kind_helper[1]);
	else
		for (int k = 0; k < 2; k++)
			if (m->helper[k] && access(kind_helper[k], X_OK) < 0) {
				snprintf(why, sizeof(why), "%s cannot be run (%s; install the uidmap package)",
					 kind_helper[k], strerror(errno));
				break;
			}
	if (!why[0])
		return 0;
	if (asked)
		return sbx_fail_msg(err, EPERM, "cannot map subordinate ids: %s; run sbx where no_new_privs "
				    "is not set, or drop --subids, --map-users and --map-groups to map your own id only", why);
	sbx_warn("%s; mapping your own uid and gid only", why);
	if (single(m, 0, getuid()) < 0 || single(m, 1, getgid()) < 0)
		return sbx_fail(err, ENOMEM, "id map");
	return 0;
}

/*
 * An unprivileged process may write "allow" only where newgidmap maps
 * subordinate gids: say why there are none this time.
 */
static int setgroups_refused(const struct sbx_plan *plan, struct caller *c, struct sbx_error *err)
{
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1)
		return sbx_fail_msg(err, EPERM, "--setgroups allow needs subordinate gids mapped through %s, "
				    "which cannot run under no_new_privs", NEWGIDMAP_PATH);
	if (!plan->map_root && plan->subids != SBX_SUBIDS_REQUIRE && !plan->n_map_groups)
		return sbx_fail_msg(err, EPERM, "--setgroups allow needs subordinate gids mapped through %s: "
				    "add --map-root, --subids or --map-groups", NEWGIDMAP_PATH);
	return sbx_fail_msg(err, EPERM, "--setgroups allow needs subordinate gids mapped through %s, "
			    "but user '%s' has none in /etc/subgid (see subgid(5))", NEWGIDMAP_PATH,
			    user_label(c));
}

int sbx_idmap_prepare(const struct sbx_plan *plan, struct sbx_idmaps *m, struct sbx_error *err)
{
	struct caller c = { .nss = -1 };
	bool root = geteuid() == 0;
	int r;

	memset(m, 0, sizeof(*m));
	m->setgroups_allow = plan->setgroups_allow;
	if (!plan->res.userns)
		return 0;
	m->inside[0] = plan->map_root ? 0 : plan->uid != SBX_ID_UNSET ? plan->uid : getuid();
	m->inside[1] = plan->map_root ? 0 : plan->gid != SBX_ID_UNSET ? plan->gid : getgid();
	/* bubblewrap's devpts layout: 0:0 here, the command's ids one level down */
	for (int k = 0; k < 2; k++)
		m->setup[k] = plan->res.setup_as_root ? 0 : m->inside[k];
	for (int k = 0; k < 2; k++)
		if (prepare_kind(plan, m, k, &c, root, err) < 0) {
			sbx_idmaps_free(m);
			return sbx_error_prefix(err, "mapping ids");
		}
	warn_lone(m, &c);
	r = helpers_usable(plan, m, err);
	if (r < 0) {
		sbx_idmaps_free(m);
		return r;
	}
	if (m->setgroups_allow && !m->helper[1] && !root) {
		sbx_idmaps_free(m);
		return setgroups_refused(plan, &c, err);
	}
	return 0;
}

/* Start newuidmap/newgidmap PID INNER OUTER COUNT..., stderr into a pipe. */
/* @v in decimal, malloc()ed (a helper's argument). */
static char *udup(unsigned long v)
{
	char buf[24];
	size_t off = 0;

	sbx_cat_u(buf, sizeof(buf), &off, v);
	return strdup(buf);
}

static int spawn_helper(int k, pid_t pid, const struct sbx_idmaps *m, pid_t *hpid, int *errfd,
			struct sbx_error *err)
{
	_cleanup_strv_ char **argv = calloc(3 + 3 * m->n[k], sizeof(char *));
	posix_spawn_file_actions_t fa;
	int p[2], r;
	size_t a = 0;
	char *const envp[] = { NULL };

	if (!argv)
		return sbx_fail(err, ENOMEM, "%s", kind_helper[k]);
	if (!(argv[a++] = strdup(kind_helper[k])) || !(argv[a++] = udup((unsigned long)pid)))
		return sbx_fail(err, ENOMEM, "%s", kind_helper[k]);
	for (size_t i = 0; i < m->n[k]; i++)
		if (!(argv[a++] = udup(m->map[k][i].inner)) || !(argv[a++] = udup(m->map[k][i].outer)) ||
		    !(argv[a++] = udup(m->map[k][i].count)))
			return sbx_fail(err, ENOMEM, "%s", kind_helper[k]);
	if (pipe2(p, O_CLOEXEC) < 0)
		return sbx_fail(err, errno, "pipe");
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, p[1], STDERR_FILENO);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
	r = posix_spawn(hpid, kind_helper[k], &fa, NULL, argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	close(p[1]);
	if (r != 0) {
		close(p[0]);
		return sbx_fail(err, r, "running %s", kind_helper[k]);
	}
	*errfd = p[0];
	return 0;
}

static int wait_helper(int k, pid_t hpid, int errfd, struct sbx_error *err)
{
	_cleanup_free_ char *out = NULL;
	int status = 0;
	size_t len = 0;

	(void)sbx_read_all_fd(errfd, 64 * 1024, &out, &len);
	close(errfd);
	while (waitpid(hpid, &status, 0) < 0)
		if (errno != EINTR)
			return sbx_fail(err, errno, "waiting for %s", kind_helper[k]);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	while (len > 0 && out && out[len - 1] == '\n')
		out[--len] = '\0';
	return sbx_fail_msg(err, EPERM, "%s failed (%s %d)%s%s; check that it is setuid root and that "
			    "%s lists the ranges", kind_helper[k], WIFEXITED(status) ? "exit status" : "signal",
			    WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
			    len ? ": " : "", len ? out : "", kind_file[k]);
}

/*
 * Re-read /proc/PID/{uid,gid}_map: a helper that exits 0 must really have
 * written what we asked.  Both sides are compared sorted by inner id, since
 * the helpers may write the lines in another order than we listed them.
 */
static int verify_map(int k, pid_t pid, const struct sbx_idmaps *m, struct sbx_error *err)
{
	_cleanup_free_ char *text = NULL;
	_cleanup_free_ struct sbx_idrange *want = NULL, *got = NULL;
	size_t ngot = 0;
	char path[64];
	int r;

	sbx_proc_path(path, sizeof(path), pid, kind_map[k]);
	r = sbx_read_file(path, 1u << 20, &text, NULL);
	if (r < 0)
		return sbx_fail(err, -r, "reading %s", path);
	want = malloc(m->n[k] * sizeof(*want));
	if (!want || sbx_idmap_parse(text, &got, &ngot) == -ENOMEM)
		return sbx_fail(err, ENOMEM, "%s", path);
	memcpy(want, m->map[k], m->n[k] * sizeof(*want));
	sbx_idrange_sort(want, m->n[k], true);
	if (got)
		sbx_idrange_sort(got, ngot, true);
	if (!got || ngot != m->n[k] || memcmp(want, got, ngot * sizeof(*got)) != 0)
		return sbx_fail_msg(err, EIO, "%s does not hold the ranges that were asked for", path);
	return 0;
}

static int write_map(int k, pid_t pid, const struct sbx_idmaps *m, struct sbx_error *err)
{
	char path[64], buf[8192];
	int len = sbx_idmap_format(m->map[k], m->n[k], buf, sizeof(buf));
	int r;

	if (len < 0)
		return sbx_fail_msg(err, ENOSPC, "too many %s ranges", kind_word[k]);
	sbx_proc_path(path, sizeof(path), pid, kind_map[k]);
	r = sbx_write_file(path, buf, (size_t)len);
	if (r < 0)
		return sbx_fail(err, -r, "writing %s", path);
	return 0;
}

/*
 * Is @pid dead or dying?  Its /proc files refuse writes as soon as it has
 * begun to exit, before it is a zombie: the kernel's PF_EXITING flag (field
 * 9 of /proc/PID/stat) says so from the start of the exit.
 */
static bool child_gone(pid_t pid)
{
	_cleanup_free_ char *stat = NULL;
	char path[64], state = 0;
	const char *p;
	unsigned long flags = 0;

	if (pid <= 0)
		return false; /* this very process */
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (sbx_read_file(path, 4096, &stat, NULL) < 0)
		return true;
	p = strrchr(stat, ')');
	if (!p || sscanf(p + 1, " %c %*d %*d %*d %*d %*d %lu", &state, &flags) != 2)
		return false;
	return state == 'Z' || state == 'X' || (flags & 0x4 /* PF_EXITING */);
}

/* --verbose: the map and who writes it. */
static void say_map(int k, const struct sbx_idmaps *m)
{
	char buf[512];
	size_t j = 0;

	if (!m->n[k] || !sbx_verbose_on())
		return;
	for (size_t i = 0; i < m->n[k] && j + 48 < sizeof(buf); i++)
		cat_range(buf, sizeof(buf), &j, i, &m->map[k][i]);
	if (m->n[k] > 0 && j + 48 >= sizeof(buf))
		sbx_cat(buf, sizeof(buf), &j, ", ...");
	sbx_verbose("%s: %s (%s%s)", kind_map[k], buf, m->helper[k] ? "through " : "written directly by sbx",
		    m->helper[k] ? kind_helper[k] : "");
}

/*
 * setgroups must say "deny" before any gid_map is written: the kernel
 * refuses an unprivileged gid_map otherwise, and a sandbox that could
 * call setgroups(2) could drop a group that a negative ACL or a mode like
 * 0604 uses to keep its members out (CVE-2018-7169).  newgidmap leaves the
 * file alone when it maps subordinate ranges, so we write it ourselves,
 * always first.  Then the two helpers, the largest part of a mapped
 * start, at once.
 */
int sbx_idmap_start(pid_t pid, const struct sbx_idmaps *m, struct sbx_idmap_run *run,
		    struct sbx_error *err)
{
	char path[64];
	int r = 0;

	*run = (struct sbx_idmap_run){ .hpid = { -1, -1 }, .errfd = { -1, -1 } };
	if (m->n[0] == 0 && m->n[1] == 0)
		return 0;
	if (sbx_test_errno("MAP"))
		return sbx_fail(err, sbx_test_errno("MAP"), "writing /proc/%d/uid_map", (int)pid);
	if (!m->setgroups_allow) {
		r = sbx_write_file(sbx_proc_path(path, sizeof(path), pid, "setgroups"), "deny", 4);
		if (r < 0)
			return sbx_fail(err, -r, "writing %s", path);
	}
	/* A map sbx writes itself goes in at once too, after setgroups: the
	 * child finds it written when it asks, and waits only for the answer. */
	for (int k = 0; k < 2 && r == 0; k++) {
		say_map(k, m);
		if (m->helper[k])
			r = spawn_helper(k, pid, m, &run->hpid[k], &run->errfd[k], err);
		else if (m->n[k])
			r = write_map(k, pid, m, err);
	}
	return r;
}

static int finish_maps(pid_t pid, const struct sbx_idmaps *m, struct sbx_idmap_run *run,
		       int ret, struct sbx_error *err)
{
	/* Every helper started is waited for, whatever failed. */
	for (int k = 0; k < 2; k++)
		if (run->hpid[k] > 0) {
			struct sbx_error e2;
			int r = wait_helper(k, run->hpid[k], run->errfd[k], ret == 0 ? err : &e2);

			run->hpid[k] = -1;
			if (ret == 0)
				ret = r;
		}
	for (int k = 0; k < 2 && ret == 0; k++)
		if (m->helper[k])
			ret = verify_map(k, pid, m, err);
	return ret;
}

/* A map write refused inside another sandbox: say where sbx runs. */
static void explain_nested(const struct sbx_idmaps *m, struct sbx_error *err)
{
	size_t n;

	if ((err->errnum != EPERM && err->errnum != EACCES) || !m->nested)
		return;
	n = strlen(err->msg);
	snprintf(err->msg + n, sizeof(err->msg) - n, "; sbx runs inside a user namespace (another sandbox?, "
		 "/proc/self/uid_map: %s): the outer sandbox must map the ids asked for and give sbx "
		 "CAP_SETUID and CAP_SETGID there (--map-root, with subordinate ids)", m->own_uid_map);
}

int sbx_idmap_finish(pid_t pid, const struct sbx_idmaps *m, struct sbx_idmap_run *run,
		     int started, struct sbx_error *err)
{
	int r = finish_maps(pid, m, run, started, err);

	/* A sandbox that died meanwhile makes every write fail: say that, not EPERM. */
	if (r < 0 && child_gone(pid))
		return sbx_fail_msg(err, ESRCH, "the sandbox died while its ids were mapped");
	if (r < 0 && !sbx_ns_explain_denied(err))
		explain_nested(m, err);
	return r;
}

