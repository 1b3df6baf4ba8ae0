/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target: map layouts and checks from arbitrary ranges.
 *
 * Input: self (4 bytes), inside (4 bytes), then 12-byte records (inner,
 * outer, count), each brought within what sbx_subid_parse and the
 * --map-users parser let through (count >= 1, no range reaching 2^32 - 1).
 * The records are the subordinate ranges for sbx_idmap_layout and the
 * requested lines for sbx_idmap_check.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "idmap.h"
#include "../unit/idmap-invariants.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t u32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* Bring [start, start + count) below 2^32 - 1 with count >= 1. */
static void clamp(uint32_t *start, uint32_t *count)
{
	if (*start == UINT32_MAX)
		(*start)--;
	if (*count == 0)
		*count = 1;
	if ((uint64_t)*start + *count > UINT32_MAX)
		*count = UINT32_MAX - *start;
}

/* An accepted request has disjoint lines on both sides. */
static void check_request(const struct sbx_idrange *r, size_t n, uint32_t self,
			  const struct sbx_idrange *sub, size_t nsub, bool privileged)
{
	struct sbx_error err;

	if (sbx_idmap_check("--map-users", r, n, self, sub, nsub, privileged, &err) < 0) {
		if (!err.msg[0])
			abort();
		return;
	}
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < i; j++)
			if (inv_overlap(r[i].inner, r[i].count, r[j].inner, r[j].count) ||
			    inv_overlap(r[i].outer, r[i].count, r[j].outer, r[j].count))
				abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sbx_idrange *sub, *m = NULL;
	uint32_t self, inside;
	size_t n, nm = 0;
	const char *bad;

	if (size < 8)
		return 0;
	self = u32(data);
	inside = u32(data + 4);
	if (self == UINT32_MAX)
		self--;
	if (inside == UINT32_MAX)
		inside--;
	n = (size - 8) / 12;
	sub = calloc(n ? n : 1, sizeof(*sub));
	if (!sub)
		abort();
	for (size_t i = 0; i < n; i++) {
		const uint8_t *p = data + 8 + 12 * i;

		sub[i].inner = u32(p);
		sub[i].outer = u32(p + 4);
		sub[i].count = u32(p + 8);
		clamp(&sub[i].outer, &sub[i].count);
		clamp(&sub[i].inner, &sub[i].count);
	}
	if (sbx_idmap_layout(self, inside, sub, n, &m, &nm) < 0)
		abort();
	bad = idmap_layout_violation(self, inside, sub, n, m, nm);
	if (bad) {
		fprintf(stderr, "layout of %zu ranges for %u as %u: %s\n", n, self, inside, bad);
		abort();
	}
	check_request(sub, n, self, m, nm, false);
	check_request(sub, n, self, NULL, 0, true);
	free(m);
	free(sub);
	return 0;
}
