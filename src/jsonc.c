/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * json-c through dlopen(): see jsonc.h for why.  The soname is the one
 * configure read from a program linked against the json-c pkg-config
 * names, so sbx loads the very library it was built and checked against.
 * In a static PIE the library is linked in and nothing is loaded.
 */
#include "config.h"

#include "dlib.h"
#include "jsonc.h"

/* Every function of struct sbx_jsonc: its field, the symbol being "json_" field. */
#define FUNCTIONS(X) \
	X(tokener_new) X(tokener_free) X(tokener_set_flags) X(tokener_parse_ex) \
	X(tokener_get_error) X(tokener_get_parse_end) X(tokener_error_desc) \
	X(object_put) X(object_is_type) X(object_object_get_ex) X(object_get_object) \
	X(object_get_string) \
	X(object_get_uint64) X(object_array_length) X(object_array_get_idx) \
	X(object_new_object) X(object_new_array) X(object_new_string) X(object_new_int64) \
	X(object_object_add) X(object_array_add) X(object_to_json_string_ext)

#if SBX_LINKED_LIBS
/* a static PIE (configure.ac): json-c is linked in, the table is constant */
#define LINKED(field) .field = json_##field,
static const struct sbx_jsonc linked = { FUNCTIONS(LINKED) };
#undef LINKED

const struct sbx_jsonc *sbx_jsonc_load(struct sbx_error *err)
{
	(void)err;
	return &linked;
}
#else
#define FN(field) SBX_DLIB_SYM(struct sbx_jsonc, "json_", field),
static const struct sbx_dlib_sym functions[] = { FUNCTIONS(FN) };
#undef FN

static struct sbx_jsonc table;
static struct sbx_dlib lib = {
	.soname = JSONC_SONAME,
	.package = "json-c",
	.syms = functions,
	.n_syms = sizeof(functions) / sizeof(functions[0]),
	.table = &table,
};

const struct sbx_jsonc *sbx_jsonc_load(struct sbx_error *err)
{
	return sbx_dlib_load(&lib, err);
}
#endif
