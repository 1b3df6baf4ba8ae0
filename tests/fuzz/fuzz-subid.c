/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target: /etc/subuid text -> ranges (sbx_subid_parse), and the
 * ranges it accepts -> map layouts (sbx_idmap_layout), which must satisfy
 * every invariant of tests/unit/idmap-invariants.h.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "idmap.h"
#include "../unit/idmap-invariants.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_layout(uint32_t self, uint32_t inside, const struct sbx_idrange *sub, size_t n)
{
	struct sbx_idrange *m = NULL;
	size_t nm = 0;
	const char *bad;
	char *text;
	size_t cap;

	if (sbx_idmap_layout(self, inside, sub, n, &m, &nm) < 0)
		abort();
	bad = idmap_layout_violation(self, inside, sub, n, m, nm);
	if (bad) {
		fprintf(stderr, "layout for %u as %u: %s\n", self, inside, bad);
		abort();
	}
	cap = nm * 34 + 1; /* "4294967294 4294967294 4294967295\n" */
	text = malloc(cap);
	if (!text || sbx_idmap_format(m, nm, text, cap) < 0)
		abort();
	free(text);
	free(m);
}

static void parse_as(const char *text, const char *user, uint32_t uid)
{
	struct sbx_idrange *r = NULL;
	size_t n = 0;
	unsigned line = 0;
	int ret = sbx_subid_parse(text, user, uid, &r, &n, &line);

	if (ret < 0) {
		/* a refusal names a line that exists */
		if (line == 0 || r)
			abort();
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (r[i].count == 0 || (uint64_t)r[i].outer + r[i].count > UINT32_MAX)
			abort();
	check_layout(uid, 0, r, n);   /* --map-root */
	check_layout(uid, uid, r, n); /* --subids, keep-id */
	free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	parse_as(text, "sbxtest", 1001);
	parse_as(text, NULL, 0);
	parse_as(text, "u", 100000);
	free(text);
	return 0;
}
