/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Finding a member again in a JSON text that json-c accepted (see
 * jsonpos.h).  Every read is bounded by the length, and anything that is
 * not where valid JSON would have it ends the search: the result is then
 * "not found", never a wrong read.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "jsonpos.h"

struct scan {
	const char *t;
	size_t len;
};

static bool at(const struct scan *s, size_t i, char c)
{
	return i < s->len && s->t[i] == c;
}

/* json-c skips the same four, and more in its lenient modes */
static size_t skip_ws(const struct scan *s, size_t i)
{
	while (i < s->len && (s->t[i] == ' ' || s->t[i] == '\t' || s->t[i] == '\n' ||
			      s->t[i] == '\r' || s->t[i] == '\f' || s->t[i] == '\v'))
		i++;
	return i;
}

/* @i at '"': the offset just past the closing quote, 0 when there is none. */
static size_t skip_string(const struct scan *s, size_t i)
{
	for (i++; i < s->len; i++) {
		if (s->t[i] == '\\')
			i++;
		else if (s->t[i] == '"')
			return i + 1;
	}
	return 0;
}

/* @i at a value: the offset just past it (strings and nesting skipped whole). */
static size_t skip_value(const struct scan *s, size_t i)
{
	size_t depth = 0, end;

	if (at(s, i, '"')) {
		end = skip_string(s, i);
		return end ? end : s->len;
	}
	if (!at(s, i, '{') && !at(s, i, '[')) {
		/* a number or a literal: up to the next separator */
		while (i < s->len && !strchr(",}] \t\n\r\f\v", s->t[i]))
			i++;
		return i;
	}
	while (i < s->len) {
		char c = s->t[i];

		if (c == '"') {
			i = skip_string(s, i);
			if (!i)
				return s->len;
			continue;
		}
		if (c == '{' || c == '[')
			depth++;
		else if ((c == '}' || c == ']') && --depth == 0)
			return i + 1;
		i++;
	}
	return s->len;
}

static int hex4(const char *p, size_t n, unsigned *out)
{
	*out = 0;
	if (n < 4)
		return -1;
	for (int k = 0; k < 4; k++) {
		char c = p[k];
		unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0')
			   : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
			   : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 16u;

		if (d > 15)
			return -1;
		*out = *out << 4 | d;
	}
	return 0;
}

static size_t utf8(unsigned cp, unsigned char *b)
{
	if (cp < 0x80) {
		b[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		b[0] = (unsigned char)(0xc0 | cp >> 6);
		b[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		b[0] = (unsigned char)(0xe0 | cp >> 12);
		b[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		b[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	b[0] = (unsigned char)(0xf0 | cp >> 18);
	b[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
	b[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
	b[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/* One escape at raw[*i] == '\\' into @b; advances *i.  Return: bytes, 0 if invalid. */
static size_t unescape(const char *raw, size_t n, size_t *i, unsigned char *b)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *e;
	unsigned cp, lo;

	if (*i + 1 >= n)
		return 0;
	if (raw[*i + 1] != 'u') {
		e = strchr(from, raw[*i + 1]);
		if (!e || !*e)
			return 0;
		b[0] = (unsigned char)to[e - from];
		*i += 2;
		return 1;
	}
	if (hex4(raw + *i + 2, n - *i - 2, &cp) < 0)
		return 0;
	*i += 6;
	/* a surrogate pair is one character */
	if (cp >= 0xd800 && cp < 0xdc00 && *i + 1 < n && raw[*i] == '\\' && raw[*i + 1] == 'u' &&
	    hex4(raw + *i + 2, n - *i - 2, &lo) == 0 && lo >= 0xdc00 && lo < 0xe000) {
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		*i += 6;
	}
	return utf8(cp, b);
}

/* Does the string body @raw (@n bytes, between the quotes) spell @key? */
static bool key_is(const char *raw, size_t n, const char *key)
{
	size_t i = 0, k = 0;

	while (i < n) {
		unsigned char b[4];
		size_t blen = 1;

		if (raw[i] == '\\')
			blen = unescape(raw, n, &i, b);
		else
			b[0] = (unsigned char)raw[i++];
		if (blen == 0)
			return false;
		for (size_t j = 0; j < blen; j++, k++)
			if (key[k] == '\0' || (unsigned char)key[k] != b[j])
				return false;
	}
	return key[k] == '\0';
}

/*
 * @i at '{': find member @name; *key_at gets its key's offset, *val_at its
 * value's.  @last: take the last of duplicate members (json-c keeps the
 * last value), else the first.
 */
static int find_member(const struct scan *s, size_t i, const char *name, bool last,
		       size_t *key_at, size_t *val_at)
{
	bool found = false;

	if (!at(s, i, '{'))
		return -EINVAL;
	i = skip_ws(s, i + 1);
	while (at(s, i, '"')) {
		size_t k = i, end = skip_string(s, i);
		bool match;

		if (!end)
			break;
		match = key_is(s->t + k + 1, end - k - 2, name);
		i = skip_ws(s, end);
		if (!at(s, i, ':'))
			break;
		i = skip_ws(s, i + 1);
		if (match) {
			*key_at = k;
			*val_at = i;
			found = true;
			if (!last)
				break;
		}
		i = skip_ws(s, skip_value(s, i));
		if (!at(s, i, ','))
			break;
		i = skip_ws(s, i + 1);
	}
	return found ? 0 : -ENOENT;
}

/* @i at '[': *val_at gets the offset of element @index. */
static int find_element(const struct scan *s, size_t i, size_t index, size_t *val_at)
{
	if (!at(s, i, '['))
		return -EINVAL;
	i = skip_ws(s, i + 1);
	for (size_t k = 0; i < s->len && !at(s, i, ']'); k++) {
		if (k == index) {
			*val_at = i;
			return 0;
		}
		i = skip_ws(s, skip_value(s, i));
		if (!at(s, i, ','))
			break;
		i = skip_ws(s, i + 1);
	}
	return -ENOENT;
}

int sbx_json_key_offset(const char *text, size_t len, const struct sbx_json_step *path, size_t n,
			const char *key, size_t *off)
{
	struct scan s = { text, len };
	size_t i = skip_ws(&s, 0), k;

	*off = 0;
	for (size_t j = 0; j < n; j++) {
		int r = path[j].name ? find_member(&s, i, path[j].name, true, &k, &i)
				     : find_element(&s, i, path[j].index, &i);

		if (r < 0)
			return -EINVAL;
	}
	if (!at(&s, i, '{'))
		return -EINVAL;
	*off = i;
	if (find_member(&s, i, key, false, &k, &i) < 0)
		return -ENOENT;
	*off = k;
	return 0;
}

void sbx_json_line_col(const char *text, size_t len, size_t off, unsigned *line, unsigned *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off && i < len; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}
