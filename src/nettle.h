/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_NETTLE_H
#define SBX_NETTLE_H

/*
 * nettle (Debian's libnettle8), loaded with dlopen() only when a seccomp
 * profile file goes through the compiled-filter cache: SHA-256 names an
 * entry and HMAC-SHA256 authenticates it (seccomp_cache.c).  Never
 * hand-written crypto; and a start that needs no cache never loads it.
 * The headers still give the types and the functions' signatures.
 * A static PIE (configure's default) links nettle in: the same table then
 * holds the linked functions, and nothing is loaded.
 */
#include <nettle/hmac.h>
#include <nettle/memops.h>
#include <nettle/sha2.h>

#include "error.h"

/* The nettle functions sbx calls (nettle's header names are macros: fields get others). */
struct sbx_nettle {
	__typeof__(nettle_sha256_init) *sha_init;
	__typeof__(nettle_sha256_update) *sha_update;
	__typeof__(nettle_sha256_digest) *sha_digest;
	__typeof__(nettle_hmac_sha256_set_key) *hmac_set_key;
	__typeof__(nettle_hmac_sha256_update) *hmac_update;
	__typeof__(nettle_hmac_sha256_digest) *hmac_digest;
	__typeof__(nettle_memeql_sec) *memeql_sec;
};

/**
 * sbx_nettle_load() - load nettle (NETTLE_SONAME, found by configure) once
 * and resolve every function of struct sbx_nettle.
 * @err: on failure, "cannot load SONAME: why; install libnettle8".
 *
 * Return: the table, or NULL with @err set.
 */
const struct sbx_nettle *sbx_nettle_load(struct sbx_error *err);

#endif
