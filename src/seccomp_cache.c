/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The compiled-filter cache.  libseccomp needs 15-18 ms to compile a
 * 370-syscall profile, several times a whole sandbox start, and the result
 * depends only on inputs we can hash.  So the parent keeps the BPF under
 * $XDG_CACHE_HOME/sbx, one file per key, written atomically and checked
 * (header, size, key, checksum) before use: a truncated or corrupt entry
 * is recompiled, never loaded.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "log.h"
#include "seccomp_internal.h"
#include "util.h"

/* 03: the key holds the library's file identity, not seccomp_version() */
#define CACHE_MAGIC "SBXBPF03"
#define CACHE_MAX (4u << 20)

/* Fixed little header, then listener path, metadata and instructions. */
struct cache_header {
	char magic[8];
	uint64_t key;
	uint64_t checksum;  /* hash() of everything after the header */
	uint32_t flags;
	uint32_t n_insns;
	uint32_t path_len;
	uint32_t meta_len;
};

/*
 * The hash of keys and checksums: 8 bytes per step (a multiply and an
 * xor-shift, each step invertible, so one changed word always changes the
 * result), not FNV-1a's byte per step: the key covers the whole profile
 * on every start.  Like FNV it guards against accidents, not adversaries:
 * whoever can write the cache can write any entry.
 */
#define HASH_SEED 0xcbf29ce484222325ULL
#define HASH_MUL 0x9e3779b97f4a7c15ULL

static inline uint64_t hash_step(uint64_t h, uint64_t w)
{
	h = (h ^ w) * HASH_MUL;
	return h ^ (h >> 32);
}

static uint64_t hash(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t w;

	for (; len >= 8; p += 8, len -= 8) {
		memcpy(&w, p, 8);
		h = hash_step(h, w);
	}
	if (len > 0) {
		w = 0;
		memcpy(&w, p, len);
		h = hash_step(h, w);
	}
	return h;
}

/*
 * The kernel's release and version strings, not libseccomp's API level:
 * the level only sums up what the running kernel accepts (which filter
 * flags, which actions, notify), so the same kernel build gives the same
 * level, and reading it costs some ten seccomp(2) probes on every start.
 * A new kernel, even one with the same release and another build, gets
 * its own entries; libseccomp probes it again when it compiles for it.
 * The release also covers the profiles' minKernel conditions.
 * libseccomp is named by its file, not asked its version: asking would
 * load it on every start (see libseccomp.h).
 */
uint64_t sbx_seccomp_cache_key(const char *text, size_t len, const struct sbx_seccomp_env *env)
{
	uint64_t h = hash(HASH_SEED, CACHE_MAGIC, 8);
	uint64_t n = len;

	h = hash(h, &n, sizeof(n));
	h = hash(h, text, len);
	h = hash(h, &env->arch, sizeof(env->arch));
	h = hash(h, &env->bounding, sizeof(env->bounding));
	h = hash(h, &env->lib, sizeof(env->lib));
	/* the NUL of each string too: "6.1" + "0x" differs from "6.10" + "x" */
	h = hash(h, env->krelease, strnlen(env->krelease, sizeof(env->krelease)) + 1);
	h = hash(h, env->kversion, strnlen(env->kversion, sizeof(env->kversion)) + 1);
	return h;
}

int sbx_seccomp_cache_encode(const struct sbx_seccomp *sc, uint64_t key, void **buf, size_t *len)
{
	const struct sbx_bpf *b = &sc->progs[0];
	struct cache_header h = { .key = key, .flags = b->flags, .n_insns = (uint32_t)b->len };
	char *out, *p;

	memcpy(h.magic, CACHE_MAGIC, 8);
	h.path_len = sc->listener_path ? (uint32_t)strlen(sc->listener_path) : 0;
	h.meta_len = sc->listener_metadata ? (uint32_t)strlen(sc->listener_metadata) : 0;
	*len = sizeof(h) + h.path_len + h.meta_len + b->len * 8;
	out = malloc(*len);
	if (!out)
		return -ENOMEM;
	p = out + sizeof(h);
	memcpy(p, sc->listener_path ? sc->listener_path : "", h.path_len);
	p += h.path_len;
	memcpy(p, sc->listener_metadata ? sc->listener_metadata : "", h.meta_len);
	p += h.meta_len;
	memcpy(p, b->insns, b->len * 8);
	h.checksum = hash(HASH_SEED, out + sizeof(h), *len - sizeof(h));
	memcpy(out, &h, sizeof(h));
	*buf = out;
	return 0;
}

static int check_entry(const void *buf, size_t len, uint64_t key, struct cache_header *h,
		       const char **why)
{
	if (len < sizeof(*h))
		return *why = "truncated header", -EBADMSG;
	memcpy(h, buf, sizeof(*h));
	if (memcmp(h->magic, CACHE_MAGIC, 8) != 0)
		return *why = "bad magic", -EBADMSG;
	if (h->key != key)
		return *why = "written for another key", -EBADMSG;
	if (h->n_insns == 0 || h->n_insns > 0xffff || h->path_len > PATH_MAX || h->meta_len > CACHE_MAX ||
	    len != sizeof(*h) + (size_t)h->path_len + h->meta_len + (size_t)h->n_insns * 8)
		return *why = "wrong size", -EBADMSG;
	if (hash(HASH_SEED, (const char *)buf + sizeof(*h), len - sizeof(*h)) != h->checksum)
		return *why = "bad checksum", -EBADMSG;
	return 0;
}

int sbx_seccomp_cache_decode(const void *buf, size_t len, uint64_t key,
			     struct sbx_seccomp *sc, const char **why)
{
	struct cache_header h;
	const char *p;

	if (check_entry(buf, len, key, &h, why) < 0)
		return -EBADMSG;
	p = (const char *)buf + sizeof(h);
	free(sc->listener_path);
	free(sc->listener_metadata);
	sc->listener_path = h.path_len ? strndup(p, h.path_len) : NULL;
	sc->listener_metadata = h.meta_len ? strndup(p + h.path_len, h.meta_len) : NULL;
	if ((h.path_len && !sc->listener_path) || (h.meta_len && !sc->listener_metadata))
		return *why = "out of memory", -ENOMEM;
	if (sbx_seccomp_add_prog(sc, p + h.path_len + h.meta_len, h.n_insns, h.flags) < 0)
		return *why = "out of memory", -ENOMEM;
	return 0;
}

int sbx_seccomp_cache_dir(char *out, size_t size)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	int n;

	/* the XDG spec: a relative XDG_CACHE_HOME is invalid and ignored */
	if (xdg && xdg[0] == '/')
		n = snprintf(out, size, "%s/sbx", xdg);
	else if (home && home[0] == '/')
		n = snprintf(out, size, "%s/.cache/sbx", home);
	else
		return -ENOENT;
	return n > 0 && (size_t)n < size ? 0 : -ENAMETOOLONG;
}

static int entry_path(char *out, size_t size, const char *dir, uint64_t key)
{
	int n = snprintf(out, size, "%s/seccomp-%016llx.bpf", dir, (unsigned long long)key);

	return n > 0 && (size_t)n < size ? 0 : -ENAMETOOLONG;
}

int sbx_seccomp_cache_load(const char *dir, uint64_t key, struct sbx_seccomp *sc)
{
	_cleanup_free_ char *buf = NULL;
	char path[PATH_MAX];
	const char *why = NULL;
	size_t len;
	int r;

	if (entry_path(path, sizeof(path), dir, key) < 0)
		return -ENAMETOOLONG;
	r = sbx_read_file(path, CACHE_MAX, &buf, &len);
	if (r < 0)
		return r;
	r = sbx_seccomp_cache_decode(buf, len, key, sc, &why);
	if (r == -EBADMSG)
		sbx_verbose("seccomp: cache entry %s is corrupt (%s): recompiling", path, why);
	else if (r == 0)
		sbx_verbose("seccomp: using cached filter %s (%zu instructions)", path,
			    sc->progs[sc->n_progs - 1].len);
	return r;
}

/*
 * Make the cache directory and, if need be, the one above it ($XDG_CACHE_HOME
 * or ~/.cache), and nothing higher: sbx never creates a user's home or its
 * parents (HOME=/nonexistent is common for service users).
 */
static int mkdir_cache(const char *dir)
{
	char parent[PATH_MAX];
	char *slash;

	if (mkdir(dir, 0700) == 0 || errno == EEXIST)
		return 0;
	if (errno != ENOENT || strlen(dir) >= sizeof(parent))
		return -errno;
	strcpy(parent, dir);
	slash = strrchr(parent, '/');
	if (!slash || slash == parent)
		return -ENOENT;
	*slash = '\0';
	if (mkdir(parent, 0700) < 0 && errno != EEXIST)
		return -errno;
	return mkdir(dir, 0700) == 0 || errno == EEXIST ? 0 : -errno;
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, p, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? -errno : -EIO;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

int sbx_seccomp_cache_store(const char *dir, uint64_t key, const struct sbx_seccomp *sc)
{
	_cleanup_free_ void *buf = NULL;
	char path[PATH_MAX], tmp[PATH_MAX + 32];
	_cleanup_close_ int fd = -1;
	size_t len;
	int r;

	if (entry_path(path, sizeof(path), dir, key) < 0)
		return -ENAMETOOLONG;
	r = mkdir_cache(dir);
	if (r == 0)
		r = sbx_seccomp_cache_encode(sc, key, &buf, &len);
	if (r < 0)
		return r;
	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	/* Readers see the old entry or the whole new one, never half of it. */
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -errno;
	r = write_all(fd, buf, len);
	if (r == 0 && rename(tmp, path) < 0)
		r = -errno;
	if (r < 0)
		unlink(tmp);
	return r;
}
