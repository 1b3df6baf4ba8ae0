/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The compiled-filter cache of seccomp profile files.  libseccomp needs
 * 15-18 ms to compile a 370-syscall profile, several times a whole sandbox
 * start, so the parent keeps the BPF under $XDG_CACHE_HOME/sbx, one file
 * per key, written atomically.
 *
 * The cache is a security input: whoever writes an entry chooses the
 * filter of every later sandbox that loads it.  So (see sbx(1)):
 *  - an entry counts only if its HMAC-SHA256, under a secret that lives in
 *    the kernel keyring and that no sandbox can read (seccomp_secret.c),
 *    checks out; the MAC covers the header, the key and the program, so
 *    an entry made for one profile is refused for another;
 *  - the key is SHA-256 of everything the program depends on, including
 *    the caller's uid and sbx's own build, so a new sbx never trusts an
 *    old entry;
 *  - an entry holds only the program: the filter flags and the listener
 *    come from the profile, parsed on every start;
 *  - an entry or directory not owned by the caller, writable by group or
 *    others, or reached through a symlink, or under an ancestor that
 *    another user (root aside) owns or that group or others can write
 *    (/tmp, sticky or not), is neither read nor written.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <link.h>
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

/* 04: authenticated (HMAC-SHA256), keyed by SHA-256, no flags or listener */
#define CACHE_MAGIC "SBXBPF04"
#define CACHE_MAX (1u << 20)

/* The header, then n_insns instructions, then the MAC of all before it. */
struct cache_header {
	char magic[8];
	unsigned char key[SBX_CACHE_KEY_LEN];
	uint32_t n_insns;
	uint32_t zero;
};

/* The GNU build id of the running program: which build of sbx this is. */
static int build_id_cb(struct dl_phdr_info *info, size_t size, void *data)
{
	struct { const void *p; size_t len; } *out = data;

	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		const char *p = (const char *)(info->dlpi_addr + ph->p_vaddr), *end = p + ph->p_memsz;

		while (ph->p_type == PT_NOTE && end - p >= (ptrdiff_t)sizeof(ElfW(Nhdr))) {
			const ElfW(Nhdr) *n = (const ElfW(Nhdr) *)p;
			const char *name = p + sizeof(*n), *desc = name + ((n->n_namesz + 3) & ~3u);

			if (desc + n->n_descsz > end)
				break;
			if (n->n_type == NT_GNU_BUILD_ID && n->n_namesz == 4 && memcmp(name, "GNU", 4) == 0) {
				out->p = desc;
				out->len = n->n_descsz;
				return 1;
			}
			p = desc + ((n->n_descsz + 3) & ~3u);
		}
	}
	return 1; /* the first object is the program itself: look no further */
}

static void hash_build(const struct sbx_nettle *n, struct sha256_ctx *c)
{
	struct { const void *p; size_t len; } id = { "", 0 };
	uint64_t len;

	dl_iterate_phdr(build_id_cb, &id);
	len = id.len;
	n->sha_update(c, sizeof(PACKAGE_VERSION), (const uint8_t *)PACKAGE_VERSION);
	n->sha_update(c, sizeof(len), (const uint8_t *)&len);
	n->sha_update(c, id.len, id.p);
}

/*
 * The kernel's release and version strings stand for libseccomp's API
 * level: the level only sums up what the running kernel accepts, and
 * reading it costs some ten seccomp(2) probes on every start.  libseccomp
 * is named by its file, not asked its version (see libseccomp.h).
 */
void sbx_seccomp_cache_key(struct sbx_cache_auth *a, const char *text, size_t len,
			   const struct sbx_seccomp_env *env)
{
	const struct sbx_nettle *n = a->nettle;
	struct sha256_ctx c;
	uint64_t l = len;

	n->sha_init(&c);
	n->sha_update(&c, 8, (const uint8_t *)CACHE_MAGIC);
	n->sha_update(&c, sizeof(env->uid), (const uint8_t *)&env->uid);
	hash_build(n, &c);
	n->sha_update(&c, sizeof(l), (const uint8_t *)&l);
	n->sha_update(&c, len, (const uint8_t *)text);
	n->sha_update(&c, sizeof(env->arch), (const uint8_t *)&env->arch);
	n->sha_update(&c, sizeof(env->bounding), (const uint8_t *)&env->bounding);
	n->sha_update(&c, sizeof(env->lib), (const uint8_t *)&env->lib);
	/* the NUL of each string too: "6.1" + "0x" differs from "6.10" + "x" */
	n->sha_update(&c, strnlen(env->krelease, sizeof(env->krelease)) + 1, (const uint8_t *)env->krelease);
	n->sha_update(&c, strnlen(env->kversion, sizeof(env->kversion)) + 1, (const uint8_t *)env->kversion);
	n->sha_digest(&c, SBX_CACHE_KEY_LEN, a->key);
}

static void mac(const struct sbx_cache_auth *a, const void *buf, size_t len, uint8_t out[SHA256_DIGEST_SIZE])
{
	struct hmac_sha256_ctx c;

	a->nettle->hmac_set_key(&c, SBX_SECRET_LEN, a->secret);
	a->nettle->hmac_update(&c, len, buf);
	a->nettle->hmac_digest(&c, SHA256_DIGEST_SIZE, out);
}

int sbx_seccomp_cache_encode(const struct sbx_cache_auth *a, const struct sbx_bpf *b, void **buf,
			     size_t *len)
{
	struct cache_header h = { .n_insns = (uint32_t)b->len };
	char *out;

	memcpy(h.magic, CACHE_MAGIC, 8);
	memcpy(h.key, a->key, sizeof(h.key));
	*len = sizeof(h) + b->len * SBX_BPF_INSN_SIZE + SHA256_DIGEST_SIZE;
	out = malloc(*len);
	if (!out)
		return -ENOMEM;
	memcpy(out, &h, sizeof(h));
	memcpy(out + sizeof(h), b->insns, b->len * SBX_BPF_INSN_SIZE);
	mac(a, out, *len - SHA256_DIGEST_SIZE, (uint8_t *)out + *len - SHA256_DIGEST_SIZE);
	*buf = out;
	return 0;
}

/* Authenticate first: nothing of an entry is looked at before its MAC checks out. */
int sbx_seccomp_cache_decode(const struct sbx_cache_auth *a, const void *buf, size_t len,
			     struct sbx_seccomp *sc, const char **why)
{
	const char *p = buf;
	uint8_t want[SHA256_DIGEST_SIZE];
	struct cache_header h;

	if (len < sizeof(h) + SHA256_DIGEST_SIZE)
		return *why = "truncated", -EBADMSG;
	if (memcmp(p, CACHE_MAGIC, 8) != 0)
		return *why = "bad magic", -EBADMSG;
	mac(a, p, len - SHA256_DIGEST_SIZE, want);
	if (!a->nettle->memeql_sec(want, p + len - SHA256_DIGEST_SIZE, SHA256_DIGEST_SIZE))
		return *why = "bad MAC", -EBADMSG;
	memcpy(&h, p, sizeof(h));
	if (memcmp(h.key, a->key, sizeof(h.key)) != 0)
		return *why = "written for another key", -EBADMSG;
	if (h.n_insns == 0 || h.n_insns > 0xffff || h.zero != 0 ||
	    len != sizeof(h) + (size_t)h.n_insns * SBX_BPF_INSN_SIZE + SHA256_DIGEST_SIZE)
		return *why = "wrong size", -EBADMSG;
	if (sbx_seccomp_add_prog(sc, p + sizeof(h), h.n_insns, 0) < 0)
		return *why = "out of memory", -ENOMEM;
	return 0;
}

static void entry_name(char *out, const struct sbx_cache_auth *a)
{
	char *p = out + sprintf(out, "seccomp-");

	for (int i = 0; i < SBX_CACHE_KEY_LEN; i++)
		p += sprintf(p, "%02x", a->key[i]);
	strcpy(p, ".bpf");
}

/* The entry itself: a regular file of the caller's, written by nobody else. */
static int read_entry(int dirfd, const char *name, uid_t uid, char **buf, size_t *len, const char **why)
{
	_cleanup_close_ int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct stat st;

	if (fd < 0) {
		*why = errno == ELOOP ? "a symlink" : strerror(errno);
		return -errno;
	}
	if (fstat(fd, &st) < 0)
		return *why = strerror(errno), -errno;
	if (!S_ISREG(st.st_mode))
		return *why = "not a regular file", -EPERM;
	if (st.st_uid != uid)
		return *why = "not owned by the caller", -EPERM;
	if (st.st_mode & (S_IWGRP | S_IWOTH))
		return *why = "writable by group or others", -EPERM;
	return sbx_read_all_fd(fd, CACHE_MAX, buf, len) < 0 ? (*why = "unreadable", -EIO) : 0;
}

int sbx_seccomp_cache_load(int dirfd, const char *dir, uid_t uid, const struct sbx_cache_auth *a,
			   struct sbx_seccomp *sc)
{
	_cleanup_free_ char *buf = NULL;
	char name[16 + 2 * SBX_CACHE_KEY_LEN];
	const char *why = NULL;
	size_t len;
	int r;

	entry_name(name, a);
	r = read_entry(dirfd, name, uid, &buf, &len, &why);
	if (r == -ENOENT)
		return r;
	if (r < 0) {
		sbx_verbose("seccomp: cache entry %s/%s is not trusted (%s): recompiling", dir, name, why);
		return r;
	}
	r = sbx_seccomp_cache_decode(a, buf, len, sc, &why);
	if (r < 0)
		sbx_verbose("seccomp: cache entry %s/%s is corrupt (%s): recompiling", dir, name, why);
	else
		sbx_verbose("seccomp: using cached filter %s/%s (%zu instructions)", dir, name,
			    sc->progs[sc->n_progs - 1].len);
	return r;
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

int sbx_seccomp_cache_store(int dirfd, const struct sbx_cache_auth *a, const struct sbx_bpf *b)
{
	_cleanup_free_ void *buf = NULL;
	char name[16 + 2 * SBX_CACHE_KEY_LEN], tmp[sizeof(name) + 32];
	_cleanup_close_ int fd = -1;
	size_t len;
	int r;

	entry_name(name, a);
	r = sbx_seccomp_cache_encode(a, b, &buf, &len);
	if (r < 0)
		return r;
	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", name, (long)getpid());
	/* Readers see the old entry or the whole new one, never half of it. */
	fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -errno;
	r = write_all(fd, buf, len);
	if (r == 0 && renameat(dirfd, tmp, dirfd, name) < 0)
		r = -errno;
	if (r < 0)
		unlinkat(dirfd, tmp, 0);
	return r;
}
