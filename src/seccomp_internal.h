/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_SECCOMP_INTERNAL_H
#define SBX_SECCOMP_INTERNAL_H

/*
 * The pieces of seccomp.c's pipeline, exposed for the unit tests:
 * profile JSON -> libseccomp -> BPF (seccomp_profile.c), the cache of
 * compiled filters (seccomp_cache.c) and the built-in profile.
 *
 * Layers, lowest first.  A file includes the headers of its own layer and
 * of those before it, and calls only what they define, never what a later
 * one does (tests/integration/layers.test checks both):
 *
 *   layer: jsonc jsonpos libseccomp nettle dlib util
 *          loaders of the optional libraries, JSON positions, helpers
 *   layer: seccomp_prog
 *          the container of compiled programs
 *   layer: seccomp_profile seccomp_cache seccomp_internal
 *          profile JSON -> libseccomp -> BPF; the compiled-filter cache.
 *          Nothing here knows the plan: gen-default-filter links this
 *          layer and the ones before it, and nothing else.
 *   layer: seccomp seccomp_secret seccomp_notify
 *          the run-time side (seccomp.h): a plan's filters prepared in
 *          the parent, the cache's secret, loading in the child, the
 *          notify listener handed on
 */
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"
#include "libseccomp.h"
#include "nettle.h"
#include "seccomp_prog.h"

#define SBX_KERNEL_ID_MAX 65 /* struct utsname's release and version */

/* What, besides the profile's bytes, changes the compiled filter. */
struct sbx_seccomp_env {
	uint32_t arch;       /* native SCMP_ARCH_* token, fixed at build time */
	uint64_t bounding;   /* bit N: capability N is in the sandbox's bounding set */
	unsigned kmajor;     /* running kernel, for includes/excludes minKernel */
	unsigned kminor;
	/* uname(2)'s release and version: which kernel build this is */
	char krelease[SBX_KERNEL_ID_MAX];
	char kversion[SBX_KERNEL_ID_MAX];
	struct sbx_libseccomp_id lib; /* the libseccomp a compile would use */
	uint32_t uid;        /* the caller: its entries are its own */
};

/*
 * The built-in profile: profiles/default.json compiled at build time
 * (gen_default_filter.c) for the architecture sbx is built for.
 */
extern const struct sock_filter sbx_default_filter[];
extern const size_t sbx_default_filter_len;
extern const unsigned int sbx_default_filter_flags;

/**
 * sbx_seccomp_compile() - parse a profile and append its compiled filter.
 * @name: the file name (or "default"), for messages.
 * @text: the profile's JSON; @len its length.
 * @env:  the machine and the sandbox.
 * @sc:   gets one more program, and the listener settings.
 * @err:  names the file and the field on failure.
 *
 * Return: 0, or a negative errno with @err set.
 */
int sbx_seccomp_compile(const char *name, const char *text, size_t len,
			const struct sbx_seccomp_env *env, struct sbx_seccomp *sc,
			struct sbx_error *err);

/**
 * sbx_seccomp_profile_settings() - what a profile says besides its rules:
 * its filter flags and its listener, read from the profile on every start,
 * never from the cache.
 * @name, @text, @len: the profile, as for sbx_seccomp_compile().
 * @sc:  its last program (the cached one) gets the flags, plus
 *       NEW_LISTENER when that program notifies; @sc gets the listener.
 * @err: names the file and the field on failure.
 *
 * Return: 0, or a negative errno with @err set.
 */
int sbx_seccomp_profile_settings(const char *name, const char *text, size_t len,
				 struct sbx_seccomp *sc, struct sbx_error *err);

#define SBX_SECRET_LEN 32
#define SBX_CACHE_KEY_LEN 32

/* What authenticates and names the entry of one profile. */
struct sbx_cache_auth {
	const struct sbx_nettle *nettle;
	unsigned char secret[SBX_SECRET_LEN];
	unsigned char key[SBX_CACHE_KEY_LEN];
};

/**
 * sbx_seccomp_cache_key() - SHA-256 of everything the compiled program
 * depends on, into @a->key: the caller's uid, sbx's version and build id,
 * the profile's bytes, the architecture, the libseccomp that compiles
 * (its build-time version and its file's identity), the bounding set,
 * and the running kernel's release and version strings.
 * @a:    its nettle is used, its key filled.
 * @text: the profile's bytes; @len their number.
 * @env:  from sbx_seccomp_env_init().
 */
void sbx_seccomp_cache_key(struct sbx_cache_auth *a, const char *text, size_t len,
			   const struct sbx_seccomp_env *env);

/**
 * sbx_seccomp_cache_encode() - serialise one program: header (magic, key),
 * instructions, then HMAC-SHA256 of both under @a->secret.
 * @buf: malloc()ed result; @len its size.
 *
 * Return: 0 or -ENOMEM.
 */
int sbx_seccomp_cache_encode(const struct sbx_cache_auth *a, const struct sbx_bpf *b, void **buf,
			     size_t *len);

/**
 * sbx_seccomp_cache_decode() - authenticate an entry and append its
 * program to @sc (with no flags: those come from the profile).
 * @why: on failure, what was wrong with the entry.
 *
 * Return: 0, or -EBADMSG when the entry is truncated, forged, corrupt or
 * for another key (it must then be recompiled, never loaded).
 */
int sbx_seccomp_cache_decode(const struct sbx_cache_auth *a, const void *buf, size_t len,
			     struct sbx_seccomp *sc, const char **why);

/**
 * sbx_seccomp_cache_load() - read and authenticate the entry of @a->key.
 * @dir: the directory's path, for the --verbose lines.
 *
 * Return: 0 on a valid entry, -ENOENT when there is none, another
 * negative errno when it is untrusted or corrupt (said with --verbose).
 */
int sbx_seccomp_cache_load(int dirfd, const char *dir, uid_t uid, const struct sbx_cache_auth *a,
			   struct sbx_seccomp *sc);

/**
 * sbx_seccomp_cache_store() - write the entry of @a->key atomically
 * (a new file renamed over the old one).
 *
 * Return: 0 or a negative errno; callers treat failure as "not cached".
 */
int sbx_seccomp_cache_store(int dirfd, const struct sbx_cache_auth *a, const struct sbx_bpf *b);

#endif
