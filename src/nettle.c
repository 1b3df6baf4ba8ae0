/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nettle through dlopen(): see nettle.h for why.  The soname is the one
 * configure read from a program linked against nettle's pkg-config name.
 * In a static PIE the library is linked in and nothing is loaded.
 */
#include "config.h"

#include "dlib.h"
#include "nettle.h"

/* Every function of struct sbx_nettle: nettle's name (without "nettle_"), its field. */
#define FUNCTIONS(X) \
	X(sha256_init, sha_init) X(sha256_update, sha_update) X(sha256_digest, sha_digest) \
	X(hmac_sha256_set_key, hmac_set_key) X(hmac_sha256_update, hmac_update) \
	X(hmac_sha256_digest, hmac_digest) X(memeql_sec, memeql_sec)

#if SBX_LINKED_LIBS
/* a static PIE (configure.ac): nettle is linked in, the table is constant */
#define LINKED(name, field) .field = nettle_##name,
static const struct sbx_nettle linked = { FUNCTIONS(LINKED) };
#undef LINKED

const struct sbx_nettle *sbx_nettle_load(struct sbx_error *err)
{
	(void)err;
	return &linked;
}
#else
#define FN(name, field) { "nettle_" #name, offsetof(struct sbx_nettle, field) },
static const struct sbx_dlib_sym functions[] = { FUNCTIONS(FN) };
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
#endif
