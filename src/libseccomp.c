/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libseccomp through dlopen(), and what identifies it without loading it:
 * see libseccomp.h for why.  The soname is the one configure read from a
 * program linked against libseccomp's pkg-config names, and the file the
 * one that soname resolved to there.
 */
#include "config.h"

#include <dlfcn.h>
#include <link.h>
#include <string.h>
#include <sys/stat.h>

#include "dlib.h"
#include "libseccomp.h"

#define FN(field) SBX_DLIB_SYM(struct sbx_libseccomp, "seccomp_", field)
static const struct sbx_dlib_sym functions[] = {
	FN(init), FN(release), FN(attr_set), FN(arch_add), FN(arch_resolve_name),
	FN(arch_native), FN(syscall_resolve_name), FN(rule_add_array), FN(export_bpf),
	FN(version),
};
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

_Static_assert(sizeof(struct sbx_libseccomp_id) == 5 * 8 + 4 * 4,
	       "struct sbx_libseccomp_id is hashed as bytes: no padding");
