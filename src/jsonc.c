/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * json-c through dlopen(): see jsonc.h for why.  The soname is the one
 * configure read from a program linked against the json-c pkg-config
 * names, so sbx loads the very library it was built and checked against,
 * found by the dynamic linker's usual search, as a link would find it.
 */
#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>

#include "jsonc.h"

static const struct {
	const char *name;
	size_t off;
} functions[] = {
#define FN(field) { "json_" #field, offsetof(struct sbx_jsonc, field) }
	FN(tokener_new), FN(tokener_free), FN(tokener_set_flags), FN(tokener_parse_ex),
	FN(tokener_get_error), FN(tokener_get_parse_end), FN(tokener_error_desc),
	FN(object_put), FN(object_is_type), FN(object_object_get_ex), FN(object_get_string),
	FN(object_get_uint64), FN(object_array_length), FN(object_array_get_idx),
	FN(object_new_object), FN(object_new_array), FN(object_new_string), FN(object_new_int64),
	FN(object_object_add), FN(object_array_add), FN(object_to_json_string_ext),
#undef FN
};

static struct sbx_jsonc table;
static bool loaded;

/* dlerror() is read at once: dlclose() may replace it */
static int load_fail(struct sbx_error *err)
{
	const char *why = dlerror();

	return sbx_fail_msg(err, ENOENT, "cannot load %s: %s; install json-c", JSONC_SONAME,
			    why ? why : "unknown error");
}

const struct sbx_jsonc *sbx_jsonc_load(struct sbx_error *err)
{
	void *h;

	if (loaded)
		return &table;
	h = dlopen(JSONC_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return load_fail(err), NULL;
	for (size_t i = 0; i < sizeof(functions) / sizeof(functions[0]); i++) {
		void *f = dlsym(h, functions[i].name);

		if (!f) {
			load_fail(err);
			dlclose(h);
			return NULL;
		}
		/* every field is a function pointer; POSIX lets void * carry one */
		*(void **)((char *)&table + functions[i].off) = f;
	}
	/* never dlclose()d: the table points into the library */
	loaded = true;
	return &table;
}
