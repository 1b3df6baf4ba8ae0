/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Libraries loaded on first use: see dlib.h for why. */
#include "config.h"

#include <dlfcn.h>
#include <errno.h>

#include "dlib.h"

/* dlerror() is read at once: dlclose() may replace it */
static void *load_fail(const struct sbx_dlib *lib, struct sbx_error *err)
{
	const char *why = dlerror();

	sbx_fail_msg(err, ENOENT, "cannot load %s: %s; install %s", lib->soname,
		     why ? why : "unknown error", lib->package);
	return NULL;
}

void *sbx_dlib_load(struct sbx_dlib *lib, struct sbx_error *err)
{
	void *h;

	if (lib->handle)
		return lib->table;
	h = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return load_fail(lib, err);
	for (size_t i = 0; i < lib->n_syms; i++) {
		void *f = dlsym(h, lib->syms[i].name);

		if (!f) {
			load_fail(lib, err);
			dlclose(h);
			return NULL;
		}
		/* every field is a function pointer; POSIX lets void * carry one */
		*(void **)((char *)lib->table + lib->syms[i].off) = f;
	}
	/* never dlclose()d: the table points into the library */
	lib->handle = h;
	return lib->table;
}
