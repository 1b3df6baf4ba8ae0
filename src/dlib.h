/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_DLIB_H
#define SBX_DLIB_H

/*
 * A shared library loaded with dlopen() the first time it is needed, its
 * functions resolved into a table of pointers.  Linking a library costs
 * every start its load (some 30-40 us each), while json-c and libseccomp
 * serve only a start that must compile a seccomp profile: most find their
 * filter in the cache.  jsonc.c and libseccomp.c describe their tables;
 * this is the one loader both use.  A static PIE (configure's default)
 * links the libraries in and never calls it (SBX_LINKED_LIBS).
 */
#include <stddef.h>

#include "error.h"

/* One function: its name in the library and its field in the table. */
struct sbx_dlib_sym {
	const char *name;
	size_t off;
};

/* SBX_DLIB_SYM(struct sbx_jsonc, "json_", tokener_new): field tokener_new, symbol json_tokener_new */
#define SBX_DLIB_SYM(type, prefix, field) { prefix #field, offsetof(type, field) }

/* A library to load: what the caller fills, and the handle once loaded. */
struct sbx_dlib {
	const char *soname;   /* as configure read it from DT_NEEDED */
	const char *package;  /* named in the message when it cannot be loaded */
	const struct sbx_dlib_sym *syms;
	size_t n_syms;
	void *table;          /* a struct of function pointers, filled at syms[i].off */
	void *handle;         /* NULL until every function is resolved */
};

/**
 * sbx_dlib_load() - load @lib->soname once and resolve every function of
 * its table.
 * @lib: the library; on success its handle is set and the table filled.
 * @err: on failure, "cannot load SONAME: why; install PACKAGE", for the
 *       caller to prefix with what needed the library.
 *
 * The library is found by the dynamic linker's usual search, as a link
 * would find it, and stays loaded for the life of the process: the table
 * points into it.  Later calls only return the same table.
 *
 * Return: @lib->table, or NULL with @err set.
 */
void *sbx_dlib_load(struct sbx_dlib *lib, struct sbx_error *err);

#endif
