/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_JSONPOS_H
#define SBX_JSONPOS_H

/*
 * Where a member stands in a JSON text.  json-c keeps no positions per key,
 * so messages about a key (an unknown one in a seccomp profile) find it
 * again in the text.  This is a position finder over text json-c already
 * accepted, not a parser: it skips strings and nesting, and gives up on
 * anything it does not expect.
 */
#include <stddef.h>

/* One step into a JSON value: a member @name, or (@name NULL) element @index. */
struct sbx_json_step {
	const char *name;
	size_t index;
};

/**
 * sbx_json_key_offset() - the offset of member @key's opening quote in the
 * object that @path names.
 * @text: the JSON text (need not end in NUL); @len its length.
 * @path: steps from the top-level value to the object; @n their number
 *        (0: the top-level object).
 * @key:  the member's name as json-c gives it (escapes in the text resolved).
 * @off:  set to the key's offset; when the key is not there, the offset of
 *        the object's '{'; when the path is not there, 0.
 *
 * Return: 0 when the key was found, -ENOENT when only the object was,
 * -EINVAL when the path leads nowhere.
 */
int sbx_json_key_offset(const char *text, size_t len, const struct sbx_json_step *path, size_t n,
			const char *key, size_t *off);

/**
 * sbx_json_line_col() - 1-based line and column (in bytes) of offset @off.
 */
void sbx_json_line_col(const char *text, size_t len, size_t off, unsigned *line, unsigned *col);

#endif
