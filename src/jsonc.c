/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * json-c through dlopen(): see jsonc.h for why.  The soname is the one
 * configure read from a program linked against the json-c pkg-config
 * names, so sbx loads the very library it was built and checked against.
 */
#include "config.h"

#include "dlib.h"
#include "jsonc.h"

#define FN(field) SBX_DLIB_SYM(struct sbx_jsonc, "json_", field)
static const struct sbx_dlib_sym functions[] = {
	FN(tokener_new), FN(tokener_free), FN(tokener_set_flags), FN(tokener_parse_ex),
	FN(tokener_get_error), FN(tokener_get_parse_end), FN(tokener_error_desc),
	FN(object_put), FN(object_is_type), FN(object_object_get_ex), FN(object_get_object),
	FN(object_get_string),
	FN(object_get_uint64), FN(object_array_length), FN(object_array_get_idx),
	FN(object_new_object), FN(object_new_array), FN(object_new_string), FN(object_new_int64),
	FN(object_object_add), FN(object_array_add), FN(object_to_json_string_ext),
};
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
