/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libseccomp through dlopen(), and what identifies it without loading it:
 * see libseccomp.h for why.  The soname is the one configure read from a
 * program linked against libseccomp's pkg-config names, and the file the
 * one that soname resolved to there.  In a static PIE the library is
 * linked in and nothing is loaded.
 */
#include "config.h"

#include <dlfcn.h>
#include <link.h>
#include <string.h>
#include <sys/stat.h>

#include "dlib.h"
#include "libseccomp.h"

/* Every function of struct sbx_libseccomp: its field, the symbol being "seccomp_" field. */
#define FUNCTIONS(X) \
	X(init) X(release) X(attr_set) X(arch_add) X(arch_resolve_name) \
	X(arch_native) X(syscall_resolve_name) X(rule_add_array) X(export_bpf) \
	X(version)

#if SBX_LINKED_LIBS
/*
 * A static PIE (configure.ac): libseccomp is linked in, a part of sbx's
 * own file.  The cache key names sbx's build (its build-id, see
 * seccomp_cache.c), which names this libseccomp too: the identity is the
 * headers' version alone, the file fields zero.
 */
#define LINKED(field) .field = seccomp_##field,
static const struct sbx_libseccomp linked = { FUNCTIONS(LINKED) };
#undef LINKED

const struct sbx_libseccomp *sbx_libseccomp_load(struct sbx_error *err)
{
	(void)err;
	return &linked;
}

void sbx_libseccomp_identify(struct sbx_libseccomp_id *id)
{
	memset(id, 0, sizeof(*id));
	id->major = SCMP_VER_MAJOR;
	id->minor = SCMP_VER_MINOR;
	id->micro = SCMP_VER_MICRO;
}

bool sbx_libseccomp_is(const struct sbx_libseccomp_id *id)
{
	(void)id;
	return true; /* no other libseccomp can be in use */
}
#else
#define FN(field) SBX_DLIB_SYM(struct sbx_libseccomp, "seccomp_", field),
static const struct sbx_dlib_sym functions[] = { FUNCTIONS(FN) };
#undef FN

static struct sbx_libseccomp table;
static struct sbx_dlib lib = {
	.soname = SECCOMP_SONAME,
	/* Debian's name: the one a user who lacks the library must install */
	.package = "libseccomp2",
	.syms = functions,
	.n_syms = sizeof(functions) / sizeof(functions[0]),
	.table = &table,
};

const struct sbx_libseccomp *sbx_libseccomp_load(struct sbx_error *err)
{
	return sbx_dlib_load(&lib, err);
}

/* The build's version and the file's identity: everything a package upgrade changes. */
static void id_from_stat(struct sbx_libseccomp_id *id, const struct stat *st)
{
	memset(id, 0, sizeof(*id));
	id->major = SCMP_VER_MAJOR;
	id->minor = SCMP_VER_MINOR;
	id->micro = SCMP_VER_MICRO;
	id->dev = st->st_dev;
	id->ino = st->st_ino;
	id->size = (uint64_t)st->st_size;
	id->mtime_sec = (uint64_t)st->st_mtim.tv_sec;
	id->mtime_nsec = (uint64_t)st->st_mtim.tv_nsec;
}

void sbx_libseccomp_identify(struct sbx_libseccomp_id *id)
{
	const struct scmp_version *v;
	struct sbx_error err;
	struct stat st;

	if (stat(SECCOMP_LIBFILE, &st) == 0)
		return id_from_stat(id, &st);
	/*
	 * The file configure found is not there (a sandbox without it, a moved
	 * library): fall back to what the key held before, the version of the
	 * library the dynamic linker finds, at the price of loading it.  If it
	 * cannot be loaded the key stays all zero; nothing is ever stored
	 * under it, since compiling needs the library too and says why not.
	 */
	memset(id, 0, sizeof(*id));
	id->loaded = 1;
	if (!sbx_libseccomp_load(&err))
		return;
	v = table.version();
	id->major = v->major;
	id->minor = v->minor;
	id->micro = v->micro;
}

bool sbx_libseccomp_is(const struct sbx_libseccomp_id *id)
{
	struct sbx_libseccomp_id now;
	struct link_map *map;
	struct stat st;

	if (id->loaded)
		return lib.handle != NULL;
	if (!lib.handle || dlinfo(lib.handle, RTLD_DI_LINKMAP, &map) < 0 || stat(map->l_name, &st) < 0)
		return false;
	id_from_stat(&now, &st);
	return memcmp(&now, id, sizeof(now)) == 0;
}
#endif

_Static_assert(sizeof(struct sbx_libseccomp_id) == 5 * 8 + 4 * 4,
	       "struct sbx_libseccomp_id is hashed as bytes: no padding");
