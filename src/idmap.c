/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Subordinate ids and the uid/gid maps of the sandbox's user namespace.
 * The parsing and layout functions are pure (tests feed them strings); the
 * rest runs in the parent, which stays unprivileged: it only writes its own
 * single id, or asks the setuid helpers of shadow-utils for ranges.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cleanup.h"
#include "idmap.h"
#include "log.h"
#include "subid_nss.h"
#include "util.h"


static int push_range(struct sbx_idrange **v, size_t *n, uint32_t inner, uint32_t outer, uint32_t count)
{
	struct sbx_idrange *nv = realloc(*v, (*n + 1) * sizeof(**v));

	if (!nv)
		return -ENOMEM;
	nv[*n] = (struct sbx_idrange){ .inner = inner, .outer = outer, .count = count };
	*v = nv;
	(*n)++;
	return 0;
}

/* One "owner:start:count" line; 1 if it is the user's, 0 if not, <0 if the user's is bad. */
static int parse_subid_line(char *l, const char *user, const char *uidstr, struct sbx_idrange *r)
{
	char *c1 = strchr(l, ':'), *c2;
	uint32_t start, count;

	if (!c1)
		return 0;
	*c1 = '\0';
	if (!((user && strcmp(l, user) == 0) || strcmp(l, uidstr) == 0))
		return 0;
	c2 = strchr(c1 + 1, ':');
	if (!c2)
		return -EINVAL;
	*c2 = '\0';
	if (sbx_parse_u32(c1 + 1, UINT32_MAX - 1, &start) < 0 ||
	    sbx_parse_u32(c2 + 1, UINT32_MAX, &count) < 0 || count == 0)
		return -EINVAL;
	if ((uint64_t)start + count > UINT32_MAX)
		return -ERANGE;
	*r = (struct sbx_idrange){ .inner = 0, .outer = start, .count = count };
	return 1;
}

/* Is the line [l, l + len) of @user or of @uidstr (its text up to the first ':')? */
static bool line_is_theirs(const char *l, size_t len, const char *user, const char *uidstr)
{
	const char *c = memchr(l, ':', len);
	size_t ol;

	if (!c)
		return false;
	ol = (size_t)(c - l);
	return (user && strlen(user) == ol && memcmp(l, user, ol) == 0) ||
	       (strlen(uidstr) == ol && memcmp(l, uidstr, ol) == 0);
}

int sbx_subid_parse(const char *buf, const char *user, uint32_t uid,
		    struct sbx_idrange **out, size_t *n, unsigned *line)
{
	_cleanup_free_ struct sbx_idrange *v = NULL;
	size_t nv = 0;
	char uidstr[16];
	size_t uidlen = 0;
	unsigned ln = 0;

	sbx_cat_u(uidstr, sizeof(uidstr), &uidlen, uid);
	while (*buf) {
		const char *eol = strchrnul(buf, '\n');
		size_t len = (size_t)(eol - buf);
		struct sbx_idrange r;
		char l[512];
		int ret;

		ln++;
		if (len >= sizeof(l)) {
			/* No valid line is this long: someone's junk, refused
			 * like any other malformed line when it is ours. */
			if (line_is_theirs(buf, len, user, uidstr)) {
				*line = ln;
				return -EINVAL;
			}
			buf = *eol ? eol + 1 : eol;
			continue;
		}
		memcpy(l, buf, len);
		l[len] = '\0';
		buf = *eol ? eol + 1 : eol;
		if (l[0] == '#' || l[0] == '\0')
			continue;
		ret = parse_subid_line(l, user, uidstr, &r);
		if (ret < 0) {
			*line = ln;
			return ret;
		}
		if (ret > 0 && push_range(&v, &nv, 0, r.outer, r.count) < 0)
			return -ENOMEM;
	}
	*out = TAKE_PTR(v);
	*n = nv;
	return 0;
}

int sbx_passwd_name(const char *buf, uint32_t uid, char *name, size_t len)
{
	for (const char *l = buf; l && *l;) {
		const char *eol = strchrnul(l, '\n'), *c1, *c2, *c3;
		uint32_t v;

		while (l < eol && (*l == ' ' || *l == '\t'))
			l++;
		if (l == eol || *l == '#') {
			l = *eol ? eol + 1 : eol;
			continue;
		}
		/* compat-style +/- entries mean what only NSS knows */
		if (*l == '+' || *l == '-')
			return -EOPNOTSUPP;
		c1 = memchr(l, ':', (size_t)(eol - l));
		c2 = c1 ? memchr(c1 + 1, ':', (size_t)(eol - c1 - 1)) : NULL;
		c3 = c2 ? memchr(c2 + 1, ':', (size_t)(eol - c2 - 1)) : NULL;
		/* a line read otherwise than glibc reads it: leave it to NSS */
		if (!c3 || c1 == l || sbx_parse_u32n(c2 + 1, (size_t)(c3 - c2 - 1), UINT32_MAX, &v) < 0)
			return -EOPNOTSUPP;
		if (v == uid) {
			if ((size_t)(c1 - l) >= len)
				return -ENAMETOOLONG;
			memcpy(name, l, (size_t)(c1 - l));
			name[c1 - l] = '\0';
			return 0;
		}
		l = *eol ? eol + 1 : eol;
	}
	return -ENOENT;
}

static uint32_t range_key(const struct sbx_idrange *r, bool by_inner)
{
	return by_inner ? r->inner : r->outer;
}

/* Move r[i] down the heap of the first @n ranges. */
static void sift_down(struct sbx_idrange *r, size_t i, size_t n, bool by_inner)
{
	for (;;) {
		size_t c = 2 * i + 1;
		struct sbx_idrange t;

		if (c >= n)
			return;
		if (c + 1 < n && range_key(&r[c + 1], by_inner) > range_key(&r[c], by_inner))
			c++;
		if (range_key(&r[c], by_inner) <= range_key(&r[i], by_inner))
			return;
		t = r[i];
		r[i] = r[c];
		r[c] = t;
		i = c;
	}
}

/*
 * A heapsort, not qsort(): glibc's qsort asks sysconf() for the machine's
 * memory and may allocate, which brings more of libc into the waiting
 * parent's memory for the few ranges of a map (util.h).
 */
void sbx_idrange_sort(struct sbx_idrange *r, size_t n, bool by_inner)
{
	for (size_t i = n / 2; i-- > 0;)
		sift_down(r, i, n, by_inner);
	for (size_t end = n; end > 1; end--) {
		struct sbx_idrange t = r[0];

		r[0] = r[end - 1];
		r[end - 1] = t;
		sift_down(r, 0, end - 1, by_inner);
	}
}

/*
 * Sort by host id, merge overlapping or adjacent ranges and cut @self out:
 * the kernel refuses a map whose host ranges overlap, and the caller's own
 * id already has its line.
 */
static int normalize(uint32_t self, const struct sbx_idrange *sub, size_t nsub,
		     struct sbx_idrange **out, size_t *n)
{
	_cleanup_free_ struct sbx_idrange *s = NULL;
	_cleanup_free_ struct sbx_idrange *v = NULL;
	size_t nv = 0;

	if (nsub == 0) {
		*out = NULL;
		*n = 0;
		return 0;
	}
	s = malloc(nsub * sizeof(*s));
	if (!s)
		return -ENOMEM;
	memcpy(s, sub, nsub * sizeof(*s));
	sbx_idrange_sort(s, nsub, false);
	for (size_t i = 0; i < nsub; i++) {
		uint64_t lo = s[i].outer, hi = lo + s[i].count; /* [lo, hi) */

		if (nv > 0 && lo <= (uint64_t)v[nv - 1].outer + v[nv - 1].count) {
			uint64_t end = (uint64_t)v[nv - 1].outer + v[nv - 1].count;

			if (hi > end)
				v[nv - 1].count = (uint32_t)(hi - v[nv - 1].outer);
			continue;
		}
		if (push_range(&v, &nv, 0, (uint32_t)lo, (uint32_t)(hi - lo)) < 0)
			return -ENOMEM;
	}
	for (size_t i = 0; i < nv; i++) {
		uint64_t lo = v[i].outer, hi = lo + v[i].count;

		if (self < lo || self >= hi)
			continue;
		/* split [lo, hi) into [lo, self) and [self + 1, hi) */
		v[i].count = (uint32_t)(self - lo);
		if (hi > (uint64_t)self + 1 && push_range(&v, &nv, 0, self + 1, (uint32_t)(hi - self - 1)) < 0)
			return -ENOMEM;
		break;
	}
	*n = 0;
	for (size_t i = 0; i < nv; i++)
		if (v[i].count)
			v[(*n)++] = v[i];
	sbx_idrange_sort(v, *n, false);
	*out = TAKE_PTR(v);
	return 0;
}

int sbx_idmap_layout(uint32_t self, uint32_t inside, const struct sbx_idrange *sub,
		     size_t nsub, struct sbx_idrange **out, size_t *n)
{
	_cleanup_free_ struct sbx_idrange *norm = NULL;
	_cleanup_free_ struct sbx_idrange *v = NULL;
	size_t nnorm = 0, nv = 0;
	uint64_t cursor = 0;
	const uint64_t limit = UINT32_MAX; /* inner ids stop below 2^32 - 1 */
	int r;

	r = normalize(self, sub, nsub, &norm, &nnorm);
	if (r < 0)
		return r;
	if (push_range(&v, &nv, inside, self, 1) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < nnorm && cursor < limit; i++) {
		uint64_t outer = norm[i].outer, left = norm[i].count;

		while (left > 0 && cursor < limit) {
			uint64_t take;

			if (cursor == inside) {
				cursor++;
				continue;
			}
			take = left;
			if (cursor < inside && cursor + take > inside)
				take = inside - cursor;
			if (cursor + take > limit)
				take = limit - cursor;
			if (push_range(&v, &nv, (uint32_t)cursor, (uint32_t)outer, (uint32_t)take) < 0)
				return -ENOMEM;
			cursor += take;
			outer += take;
			left -= take;
		}
	}
	*out = TAKE_PTR(v);
	*n = nv;
	return 0;
}

static bool overlaps(uint64_t a, uint64_t an, uint64_t b, uint64_t bn)
{
	return a < b + bn && b < a + an;
}

/*
 * Is [lo, lo+count) the caller's own id alone, or covered by subordinate
 * ranges?  Like newuidmap, a range may run across adjacent ones.
 */
static bool owned(uint32_t lo, uint32_t count, uint32_t self, const struct sbx_idrange *sub, size_t nsub)
{
	uint64_t at = lo, end = (uint64_t)lo + count;

	if (count == 1 && lo == self)
		return true;
	while (at < end) {
		size_t i;

		for (i = 0; i < nsub; i++)
			if (at >= sub[i].outer && at < (uint64_t)sub[i].outer + sub[i].count)
				break;
		if (i == nsub)
			return false;
		at = (uint64_t)sub[i].outer + sub[i].count; /* always moves forward */
	}
	return true;
}

int sbx_idmap_check(const char *option, const struct sbx_idrange *req, size_t nreq,
		    uint32_t self, const struct sbx_idrange *sub, size_t nsub,
		    bool privileged, struct sbx_error *err)
{
	for (size_t i = 0; i < nreq; i++) {
		const struct sbx_idrange *a = &req[i];

		for (size_t j = 0; j < i; j++) {
			const struct sbx_idrange *b = &req[j];

			if (overlaps(a->inner, a->count, b->inner, b->count))
				return sbx_fail_msg(err, EINVAL, "%s %u:%u:%u overlaps %u:%u:%u inside the sandbox",
						    option, a->inner, a->outer, a->count, b->inner, b->outer, b->count);
			if (overlaps(a->outer, a->count, b->outer, b->count))
				return sbx_fail_msg(err, EINVAL, "%s %u:%u:%u overlaps %u:%u:%u on the host",
						    option, a->inner, a->outer, a->count, b->inner, b->outer, b->count);
		}
		if (!privileged && !owned(a->outer, a->count, self, sub, nsub))
			return sbx_fail_msg(err, EPERM, "%s %u:%u:%u: host ids %u..%u are neither your own id (%u) "
					    "nor within one of your subordinate ranges (see subuid(5) and subgid(5))",
					    option, a->inner, a->outer, a->count, a->outer,
					    (uint32_t)((uint64_t)a->outer + a->count - 1), self);
	}
	return 0;
}

int sbx_idmap_format(const struct sbx_idrange *r, size_t n, char *buf, size_t len)
{
	size_t off = 0;

	if (len)
		buf[0] = '\0';
	/* Not stdio: the waiting parent writes maps on every start (util.h). */
	for (size_t i = 0; i < n; i++)
		if (!sbx_cat_u(buf, len, &off, r[i].inner) || !sbx_cat(buf, len, &off, " ") ||
		    !sbx_cat_u(buf, len, &off, r[i].outer) || !sbx_cat(buf, len, &off, " ") ||
		    !sbx_cat_u(buf, len, &off, r[i].count) || !sbx_cat(buf, len, &off, "\n"))
			return -ENOSPC;
	return (int)off;
}

void sbx_idmaps_free(struct sbx_idmaps *maps)
{
	free(maps->map[SBX_UID]);
	free(maps->map[SBX_GID]);
	memset(maps, 0, sizeof(*maps));
}

/* One number of a map line: blanks, then decimal digits; NULL if none. */
static const char *map_field(const char *p, uint32_t *v)
{
	size_t len = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	while (p[len] >= '0' && p[len] <= '9')
		len++;
	if (len == 0 || sbx_parse_u32n(p, len, UINT32_MAX, v) < 0)
		return NULL;
	return p + len;
}

/* Read by hand: sscanf() cost more than the rest of sbx's reading of its
 * own map, on every start. */
int sbx_idmap_parse(const char *p, struct sbx_idrange **out, size_t *n)
{
	_cleanup_free_ struct sbx_idrange *v = NULL;
	size_t nv = 0;

	while (*p) {
		uint32_t a, b, c;
		struct sbx_idrange *nv_;

		if (!(p = map_field(p, &a)) || !(p = map_field(p, &b)) || !(p = map_field(p, &c)))
			return -EINVAL;
		nv_ = realloc(v, (nv + 1) * sizeof(*v));
		if (!nv_)
			return -ENOMEM;
		v = nv_;
		v[nv++] = (struct sbx_idrange){ .inner = a, .outer = b, .count = c };
		while (*p == '\n' || *p == ' ')
			p++;
	}
	*out = TAKE_PTR(v);
	*n = nv;
	return 0;
}

int sbx_idmap_identity(const struct sbx_idrange *r, size_t n, struct sbx_idrange **out, size_t *nout)
{
	_cleanup_free_ struct sbx_idrange *v = n ? malloc(n * sizeof(*v)) : NULL;
	size_t m = 0;

	if (n && !v)
		return -ENOMEM;
	if (n)
		memcpy(v, r, n * sizeof(*v));
	sbx_idrange_sort(v, n, false);
	for (size_t i = 0; i < n; i++) {
		uint64_t end = (uint64_t)v[i].outer + v[i].count;

		if (m && v[i].outer <= (uint64_t)v[m - 1].outer + v[m - 1].count) {
			if (end > (uint64_t)v[m - 1].outer + v[m - 1].count)
				v[m - 1].count = (uint32_t)(end - v[m - 1].outer);
			continue;
		}
		v[m] = (struct sbx_idrange){ .inner = v[i].outer, .outer = v[i].outer, .count = v[i].count };
		m++;
	}
	for (size_t i = 0; i < m; i++)
		v[i].inner = v[i].outer;
	*out = m ? TAKE_PTR(v) : NULL;
	*nout = m;
	return 0;
}

bool sbx_idmap_is_identity(const struct sbx_idrange *map, size_t n, const struct sbx_idrange *want, size_t nwant)
{
	_cleanup_free_ struct sbx_idrange *got = NULL;
	size_t ngot = 0;

	for (size_t i = 0; i < n; i++)
		if (map[i].inner != map[i].outer || map[i].count == 0)
			return false;
	if (sbx_idmap_identity(map, n, &got, &ngot) < 0)
		return false;
	return ngot == nwant && (ngot == 0 || memcmp(got, want, ngot * sizeof(*got)) == 0);
}
