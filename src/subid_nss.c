/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <ctype.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "subid_nss.h"

/*
 * Read the "subid:" line as shadow's libsubid does (the setuid helpers use
 * it too, and both must look in the same place): the first such line with a
 * name, the keyword in any case, "files" meaning no NSS.  Leading blanks are
 * tolerated here though shadow ignores such a line: seeing NSS where shadow
 * sees files only costs a libsubid load, since libsubid reads the files then.
 */
const char *sbx_nss_first_source(const char *text, const char *db, char *buf, size_t len)
{
	size_t dl = strlen(db);
	const char *l = text;

	if (len == 0)
		return NULL; /* no room even for the final NUL: never write */
	while (l && *l) {
		const char *p = l, *eol = strchrnul(l, '\n');
		size_t k = 0;

		l = *eol ? eol + 1 : eol;
		while (p < eol && (*p == ' ' || *p == '\t'))
			p++;
		if ((size_t)(eol - p) <= dl || strncasecmp(p, db, dl) != 0 || p[dl] != ':')
			continue;
		for (p += dl + 1; p < eol && isspace((unsigned char)*p); p++)
			;
		while (p < eol && !isspace((unsigned char)*p) && *p != '#' && k + 1 < len)
			buf[k++] = *p++;
		buf[k] = '\0';
		if (k == 0)
			continue;
		return buf;
	}
	return NULL;
}

const char *sbx_subid_nss_source(const char *text, char *buf, size_t len)
{
	const char *src = sbx_nss_first_source(text, "subid", buf, len);

	return src && strcmp(src, "files") != 0 ? src : NULL;
}

/* shadow's <subid.h>, as libsubid4 exports it */
struct subid_range_abi {
	unsigned long start;
	unsigned long count;
};

typedef int (*get_ranges_fn)(const char *owner, struct subid_range_abi **ranges);

int sbx_subid_nss_lookup(int kind, const char *user, struct sbx_idrange **out,
			 size_t *n, struct sbx_error *err)
{
	static const char *const libs[] = { "libsubid.so.4", "libsubid.so.3", "libsubid.so" };
	static const char *const fns[] = { "subid_get_uid_ranges", "subid_get_gid_ranges" };
	struct subid_range_abi *r = NULL;
	struct sbx_idrange *v;
	get_ranges_fn get = NULL;
	void (*release)(void *) = NULL;
	void *h = NULL;
	int cnt;

	for (size_t i = 0; i < sizeof(libs) / sizeof(libs[0]) && !h; i++)
		h = dlopen(libs[i], RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return sbx_fail_msg(err, ENOENT, "/etc/nsswitch.conf names a 'subid:' source, but shadow's "
				    "libsubid cannot be loaded (install the libsubid4 package)");
	*(void **)&get = dlsym(h, fns[kind]);
	if (!get)
		return sbx_fail_msg(err, ENOSYS, "libsubid has no %s", fns[kind]);
#if SBX_LINKED_LIBS
	/*
	 * The ranges are freed with the free() of libsubid's own libc: in a
	 * static sbx (configure.ac) that is a second libc, loaded with
	 * libsubid, with a heap of its own that sbx's free() must not touch.
	 */
	*(void **)&release = dlsym(h, "free");
	if (!release)
		return sbx_fail_msg(err, ENOSYS, "libsubid's libc has no free()");
#else
	/* one libc, and the global free(): a sanitizer's, when it replaces malloc() */
	release = free;
#endif
	cnt = get(user, &r);
	if (cnt < 0)
		return sbx_fail_msg(err, EIO, "libsubid could not list the subordinate %s of '%s'",
				    kind ? "gids" : "uids", user);
	v = calloc(cnt > 0 ? (size_t)cnt : 1, sizeof(*v));
	if (!v) {
		release(r);
		return sbx_fail(err, ENOMEM, "libsubid");
	}
	*n = 0;
	for (int i = 0; i < cnt; i++) {
		if (r[i].count == 0 || r[i].start > UINT32_MAX - 1 ||
		    r[i].start + r[i].count > UINT32_MAX)
			continue;
		v[(*n)++] = (struct sbx_idrange){ .outer = (uint32_t)r[i].start, .count = (uint32_t)r[i].count };
	}
	release(r);
	*out = v;
	/* libsubid keeps its NSS module loaded; leave the handle open. */
	return 0;
}
