/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_JSONC_H
#define SBX_JSONC_H

/*
 * json-c, loaded with dlopen() the first time a JSON text must be read or
 * written: a seccomp profile that is not in the compiled-filter cache, or
 * the state sent to a notify listener.  A start that finds its filter in
 * the cache never loads it, and linking it cost every start its load.
 * The headers still give the types, enums and the functions' signatures.
 * A static PIE (configure's default) links json-c in: the same table then
 * holds the linked functions, and nothing is loaded.
 */
#include <json-c/json.h>

#include "error.h"

/* The json-c functions sbx calls, typed from json-c's own declarations. */
struct sbx_jsonc {
	__typeof__(json_tokener_new) *tokener_new;
	__typeof__(json_tokener_free) *tokener_free;
	__typeof__(json_tokener_set_flags) *tokener_set_flags;
	__typeof__(json_tokener_parse_ex) *tokener_parse_ex;
	__typeof__(json_tokener_get_error) *tokener_get_error;
	__typeof__(json_tokener_get_parse_end) *tokener_get_parse_end;
	__typeof__(json_tokener_error_desc) *tokener_error_desc;
	__typeof__(json_object_put) *object_put;
	__typeof__(json_object_is_type) *object_is_type;
	__typeof__(json_object_object_get_ex) *object_object_get_ex;
	__typeof__(json_object_get_object) *object_get_object;
	__typeof__(json_object_get_string) *object_get_string;
	__typeof__(json_object_get_uint64) *object_get_uint64;
	__typeof__(json_object_array_length) *object_array_length;
	__typeof__(json_object_array_get_idx) *object_array_get_idx;
	__typeof__(json_object_new_object) *object_new_object;
	__typeof__(json_object_new_array) *object_new_array;
	__typeof__(json_object_new_string) *object_new_string;
	__typeof__(json_object_new_int64) *object_new_int64;
	__typeof__(json_object_object_add) *object_object_add;
	__typeof__(json_object_array_add) *object_array_add;
	__typeof__(json_object_to_json_string_ext) *object_to_json_string_ext;
};

/**
 * sbx_jsonc_load() - load json-c (JSONC_SONAME, found by configure) once and
 * resolve every function of struct sbx_jsonc.
 * @err: on failure, "cannot load SONAME: why; install json-c", for the
 *       caller to prefix with what needed it.
 *
 * The library stays loaded for the life of the process; later calls only
 * return the same table.
 *
 * Return: the table, or NULL with @err set.
 */
const struct sbx_jsonc *sbx_jsonc_load(struct sbx_error *err);

#endif
