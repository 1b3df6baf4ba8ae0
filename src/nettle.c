/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nettle through dlopen(): see nettle.h for why.  The soname is the one
 * configure read from a program linked against nettle's pkg-config name.
 */
#include "config.h"

#include "dlib.h"
#include "nettle.h"

#define FN(name, field) { "nettle_" name, offsetof(struct sbx_nettle, field) }
static const struct sbx_dlib_sym functions[] = {
	FN("sha256_init", sha_init), FN("sha256_update", sha_update),
	FN("sha256_digest", sha_digest), FN("hmac_sha256_set_key", hmac_set_key),
	FN("hmac_sha256_update", hmac_update), FN("hmac_sha256_digest", hmac_digest),
	FN("memeql_sec", memeql_sec),
};
#undef FN

static struct sbx_nettle table;
static struct sbx_dlib lib = {
	.soname = NETTLE_SONAME,
	/* Debian's name: the one a user who lacks the library must install */
	.package = "libnettle8",
	.syms = functions,
	.n_syms = sizeof(functions) / sizeof(functions[0]),
	.table = &table,
};

const struct sbx_nettle *sbx_nettle_load(struct sbx_error *err)
{
	return sbx_dlib_load(&lib, err);
}
