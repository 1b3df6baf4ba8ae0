/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What every map sbx_idmap_layout() makes must satisfy, whatever ranges it
 * was given: shared by the unit tests and the fuzz targets.
 */
#ifndef SBX_IDMAP_INVARIANTS_H
#define SBX_IDMAP_INVARIANTS_H

#include <stdint.h>
#include <stdlib.h>

#include "plan.h"

static int inv_cmp_outer(const void *a, const void *b)
{
	const struct sbx_idrange *x = a, *y = b;

	return x->outer < y->outer ? -1 : x->outer > y->outer;
}

/* How many distinct host ids the ranges cover, @self excluded. */
static inline uint64_t inv_union_size(const struct sbx_idrange *sub, size_t n, uint32_t self)
{
	struct sbx_idrange *s = malloc((n ? n : 1) * sizeof(*s));
	uint64_t total = 0, end = 0;
	int self_in = 0;

	if (!s)
		abort();
	for (size_t i = 0; i < n; i++)
		s[i] = sub[i];
	qsort(s, n, sizeof(*s), inv_cmp_outer);
	for (size_t i = 0; i < n; i++) {
		uint64_t lo = s[i].outer, hi = lo + s[i].count;

		if (lo < end)
			lo = end;
		if (hi > lo) {
			total += hi - lo;
			if (self >= lo && self < hi)
				self_in = 1;
			end = hi;
		}
	}
	free(s);
	return total - (uint64_t)self_in;
}

static inline int inv_overlap(uint64_t a, uint64_t an, uint64_t b, uint64_t bn)
{
	return a < b + bn && b < a + an;
}

/*
 * NULL when the map @m of @n lines is a correct layout of @sub for @self
 * becoming @inside; else what is wrong with it.
 */
static inline const char *idmap_layout_violation(uint32_t self, uint32_t inside,
						 const struct sbx_idrange *sub, size_t nsub,
						 const struct sbx_idrange *m, size_t n)
{
	uint64_t mapped = 0;

	if (n < 1 || m[0].inner != inside || m[0].outer != self || m[0].count != 1)
		return "the first line is not the caller's own id";
	for (size_t i = 0; i < n; i++) {
		if (m[i].count == 0)
			return "a line with count 0";
		if ((uint64_t)m[i].inner + m[i].count > UINT32_MAX)
			return "an inner id reaches 4294967295";
		if ((uint64_t)m[i].outer + m[i].count > UINT32_MAX)
			return "an outer id reaches 4294967295";
		for (size_t j = 0; j < i; j++) {
			if (inv_overlap(m[i].inner, m[i].count, m[j].inner, m[j].count))
				return "inner ranges overlap";
			if (inv_overlap(m[i].outer, m[i].count, m[j].outer, m[j].count))
				return "outer ranges overlap";
		}
		if (i > 0) {
			/* every host id but the caller's own comes from a subordinate range */
			uint64_t lo = m[i].outer, hi = lo + m[i].count;

			while (lo < hi) {
				size_t k;

				for (k = 0; k < nsub; k++)
					if (lo >= sub[k].outer && lo < (uint64_t)sub[k].outer + sub[k].count)
						break;
				if (k == nsub)
					return "a host id outside every subordinate range";
				lo = (uint64_t)sub[k].outer + sub[k].count;
			}
		}
		mapped += m[i].count;
	}
	if (mapped != 1 + inv_union_size(sub, nsub, self))
		return "not every subordinate id is mapped";
	return NULL;
}

#endif
