/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libsubid_sbxtest.so: a test NSS source of subordinate ids, for the line
 * "subid: sbxtest" in /etc/nsswitch.conf.  shadow's libsubid (used by sbx
 * and by the setuid newuidmap/newgidmap alike) loads "libsubid_NAME.so" and
 * calls the three functions below.
 *
 * It answers from SBX_NSS_DB".uid" / ".gid" (NAME:FIRST:COUNT lines) and,
 * for users not listed there, from /etc/subuid and /etc/subgid, so that
 * other sandboxes started while a test has the line in place see the same
 * ranges as without it.  Only the tests install it, and only for as long
 * as they run.
 */
#define _GNU_SOURCE
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#ifndef SBX_NSS_DB
#define SBX_NSS_DB "/run/sbx-test-subid"
#endif

/* shadow's module ABI (libsubid 4.13): these layouts and values are fixed. */
enum subid_type { ID_TYPE_UID = 1, ID_TYPE_GID = 2 };
enum subid_status {
	SUBID_STATUS_SUCCESS = 0,
	SUBID_STATUS_UNKNOWN_USER = 1,
	SUBID_STATUS_ERROR_CONN = 2,
	SUBID_STATUS_ERROR = 3,
};
struct subid_range {
	unsigned long start;
	unsigned long count;
};

enum subid_status shadow_subid_has_range(const char *owner, unsigned long start, unsigned long count,
					  enum subid_type t, bool *result);
enum subid_status shadow_subid_list_owner_ranges(const char *owner, enum subid_type t,
						  struct subid_range **ranges, int *count);
enum subid_status shadow_subid_find_subid_owners(unsigned long id, enum subid_type t,
						  uid_t **uids, int *count);
void shadow_subid_free(void *p);

/* The ranges of @owner in @path (by name or number); -1 if the file is missing. */
static int ranges_in(const char *path, const char *owner, struct subid_range **out, int *n)
{
	FILE *f = fopen(path, "re");
	struct passwd *pw = getpwnam(owner);
	char line[512], uidstr[16] = "";

	*n = 0;
	*out = NULL;
	if (!f)
		return -1;
	if (pw)
		snprintf(uidstr, sizeof(uidstr), "%u", (unsigned)pw->pw_uid);
	while (fgets(line, sizeof(line), f)) {
		char name[256];
		unsigned long s, c;
		struct subid_range *nv;

		if (sscanf(line, "%255[^:]:%lu:%lu", name, &s, &c) != 3)
			continue;
		if (strcmp(name, owner) != 0 && strcmp(name, uidstr) != 0)
			continue;
		nv = realloc(*out, (size_t)(*n + 1) * sizeof(**out));
		if (!nv)
			break;
		*out = nv;
		(*out)[(*n)++] = (struct subid_range){ .start = s, .count = c };
	}
	fclose(f);
	return 0;
}

static void lookup(const char *owner, enum subid_type t, struct subid_range **out, int *n)
{
	const char *db = t == ID_TYPE_UID ? SBX_NSS_DB ".uid" : SBX_NSS_DB ".gid";

	if (ranges_in(db, owner, out, n) == 0 && *n > 0)
		return;
	free(*out);
	ranges_in(t == ID_TYPE_UID ? "/etc/subuid" : "/etc/subgid", owner, out, n);
}

enum subid_status shadow_subid_has_range(const char *owner, unsigned long start, unsigned long count,
					  enum subid_type t, bool *result)
{
	struct subid_range *r;
	int n;

	lookup(owner, t, &r, &n);
	*result = false;
	for (int i = 0; i < n; i++)
		if (start >= r[i].start && start + count <= r[i].start + r[i].count)
			*result = true;
	free(r);
	return SUBID_STATUS_SUCCESS;
}

enum subid_status shadow_subid_list_owner_ranges(const char *owner, enum subid_type t,
						  struct subid_range **ranges, int *count)
{
	lookup(owner, t, ranges, count);
	return SUBID_STATUS_SUCCESS;
}

enum subid_status shadow_subid_find_subid_owners(unsigned long id, enum subid_type t,
						  uid_t **uids, int *count)
{
	(void)id;
	(void)t;
	*uids = NULL;
	*count = 0;
	return SUBID_STATUS_SUCCESS;
}

/* Newer libsubid releases free through the module. */
void shadow_subid_free(void *p)
{
	free(p);
}
