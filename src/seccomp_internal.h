/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_SECCOMP_INTERNAL_H
#define SBX_SECCOMP_INTERNAL_H

/*
 * The pieces of seccomp.c's pipeline, exposed for the unit tests:
 * profile JSON -> libseccomp -> BPF (seccomp_profile.c), the cache of
 * compiled filters (seccomp_cache.c) and the built-in profile.
 */
#include <linux/filter.h>
#include <stdint.h>

#include "libseccomp.h"
#include "seccomp.h"

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
};

/*
 * The built-in profile: profiles/default.json compiled at build time
 * (gen_default_filter.c) for the architecture sbx is built for.
 */
extern const struct sock_filter sbx_default_filter[];
extern const size_t sbx_default_filter_len;
extern const unsigned int sbx_default_filter_flags;

/**
 * sbx_seccomp_env_init() - describe the machine and the sandbox @plan asks
 * for (architecture, capability bounding set, kernel release and version,
 * the libseccomp that would compile).
 * @plan: the validated plan.
 * @env:  filled; asks the kernel nothing but uname(2) and one stat(2), and
 *        loads no library (see sbx_libseccomp_identify() for the exception).
 */
void sbx_seccomp_env_init(const struct sbx_plan *plan, struct sbx_seccomp_env *env);

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
 * sbx_seccomp_add_prog() - append a copy of @len instructions to @sc.
 *
 * Return: 0 or -ENOMEM.
 */
int sbx_seccomp_add_prog(struct sbx_seccomp *sc, const void *insns, size_t len,
			 unsigned int flags);

/**
 * sbx_seccomp_cache_key() - hash of everything that changes the compiled
 * filter: the profile's bytes, the architecture, the libseccomp that
 * compiles (its build-time version and its file's identity), the bounding
 * set, and the running kernel's release and version strings.
 * @text: the profile's bytes; @len their number.
 * @env:  from sbx_seccomp_env_init().
 *
 * Costs no system call and loads no library: the kernel stands for
 * libseccomp's API level (see seccomp_cache.c), which would take some ten
 * seccomp(2) probes, and @env->lib for libseccomp's own version.
 */
uint64_t sbx_seccomp_cache_key(const char *text, size_t len, const struct sbx_seccomp_env *env);

/**
 * sbx_seccomp_cache_encode() - serialise a compiled profile (one program
 * and its listener settings) with a header and a checksum.
 * @buf: malloc()ed result; @len its size.
 *
 * Return: 0 or -ENOMEM.
 */
int sbx_seccomp_cache_encode(const struct sbx_seccomp *sc, uint64_t key, void **buf, size_t *len);

/**
 * sbx_seccomp_cache_decode() - check and unpack a cache entry into @sc.
 * @why: on failure, what was wrong with the entry.
 *
 * Return: 0, or -EBADMSG when the entry is truncated, corrupt or for
 * another key (it must then be recompiled, never loaded).
 */
int sbx_seccomp_cache_decode(const void *buf, size_t len, uint64_t key,
			     struct sbx_seccomp *sc, const char **why);

/**
 * sbx_seccomp_cache_dir() - $XDG_CACHE_HOME/sbx, else ~/.cache/sbx.
 *
 * Return: 0, or -ENOENT when neither is known (no caching then).
 */
int sbx_seccomp_cache_dir(char *out, size_t size);

/**
 * sbx_seccomp_cache_load() - read and check the entry for @key.
 *
 * Return: 0 on a valid entry, -ENOENT when there is none, -EBADMSG when it
 * is corrupt (said with --verbose), another negative errno on read errors.
 */
int sbx_seccomp_cache_load(const char *dir, uint64_t key, struct sbx_seccomp *sc);

/**
 * sbx_seccomp_cache_store() - write the entry for @key atomically
 * (a temporary file renamed over the old one), creating @dir 0700.
 *
 * Return: 0 or a negative errno; callers treat failure as "not cached".
 */
int sbx_seccomp_cache_store(const char *dir, uint64_t key, const struct sbx_seccomp *sc);

#endif
