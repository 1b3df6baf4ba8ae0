/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_SUBID_NSS_H
#define SBX_SUBID_NSS_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "plan.h"

/**
 * sbx_nss_first_source() - the first source of database @db ("passwd",
 * "subid") in @nsswitch_text: the first "@db:" line that names one, the
 * keyword in any case, copied to @buf (cut to @len).  Pure.
 *
 * Return: @buf, or NULL when no line names a source for @db.
 */
const char *sbx_nss_first_source(const char *nsswitch_text, const char *db, char *buf, size_t len);

/**
 * sbx_subid_nss_source() - the NSS source of the "subid:" line of
 * @nsswitch_text (e.g. "sss"), or NULL when subordinate ids come from the
 * files.  Pure: tests feed it strings.
 * @buf: where the name is copied.
 */
const char *sbx_subid_nss_source(const char *nsswitch_text, char *buf, size_t len);

/**
 * sbx_subid_nss_lookup() - the ranges of @user from shadow's libsubid.
 * @kind: 0 for uids, 1 for gids.
 *
 * libsubid is loaded with dlopen() here and only here: linking it pulls in
 * PAM, SELinux, semanage and audit and doubles the start of every sandbox,
 * while the files case (no "subid:" line) never needs it.
 */
int sbx_subid_nss_lookup(int kind, const char *user, struct sbx_idrange **out,
			 size_t *n, struct sbx_error *err);

#endif
