/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Subordinate ids and map layouts (the pure half of src/idmap.c): lines of
 * /etc/subuid as shadow writes them and as a careless admin does, the maps
 * each option asks for, and the checks on explicit --map-users ranges.
 */
#include "config.h"

#include <stdio.h>

#include "unit.h"
#include "idmap-invariants.h"

#include "idmap.h"

#define R(i, o, c) ((struct sbx_idrange){ .inner = (i), .outer = (o), .count = (c) })
#define N(a) (sizeof(a) / sizeof((a)[0]))

static struct sbx_idrange *got;
static size_t ngot;

static int teardown(void **state)
{
	(void)state;
	free(got);
	got = NULL;
	ngot = 0;
	return 0;
}

static int parse(const char *text, const char *user, uint32_t uid, unsigned *line)
{
	unsigned dummy = 0;

	free(got);
	got = NULL;
	ngot = 0;
	return sbx_subid_parse(text, user, uid, &got, &ngot, line ? line : &dummy);
}

static void assert_ranges(const struct sbx_idrange *want, size_t n)
{
	assert_int_equal(ngot, n);
	for (size_t i = 0; i < n; i++) {
		if (got[i].inner != want[i].inner || got[i].outer != want[i].outer ||
		    got[i].count != want[i].count)
			fail_msg("line %zu: got %u %u %u, want %u %u %u", i, got[i].inner, got[i].outer,
				 got[i].count, want[i].inner, want[i].outer, want[i].count);
	}
}

/* ---- sbx_subid_parse ---- */

static void subid_one_line(void **state)
{
	const struct sbx_idrange want[] = { R(0, 100000, 65536) };

	(void)state;
	assert_int_equal(parse("sbxtest:100000:65536\n", "sbxtest", 1001, NULL), 0);
	assert_ranges(want, 1);
	/* the last line needs no newline */
	assert_int_equal(parse("sbxtest:100000:65536", "sbxtest", 1001, NULL), 0);
	assert_ranges(want, 1);
	/* shadow accepts the owner's number as well as its name */
	assert_int_equal(parse("1001:100000:65536\n", "sbxtest", 1001, NULL), 0);
	assert_ranges(want, 1);
	assert_int_equal(parse("1001:100000:65536\n", NULL, 1001, NULL), 0);
	assert_ranges(want, 1);
	assert_int_equal(parse("0:100000:65536\n", "root", 0, NULL), 0);
	assert_ranges(want, 1);
}

static void subid_comments_blank_others(void **state)
{
	static const char text[] =
		"# sbxtest:1:2\n"
		"\n"
		"alice:165536:65536\n"
		"sbxtest:100000:65536\n"
		"\n"
		"#\n"
		"sbxtest2:300000:10\n"  /* a longer name that starts with ours */
		"sbx:400000:10\n"       /* a shorter one */
		"1001x:500000:10\n"
		"bob:junk\n"            /* other users' junk is theirs */
		"bob:1:0\n"
		"bob\n"
		"::\n"
		":1:2\n"
		"carol:4294967295:99999999999\n";
	const struct sbx_idrange want[] = { R(0, 100000, 65536) };

	(void)state;
	assert_int_equal(parse(text, "sbxtest", 1001, NULL), 0);
	assert_ranges(want, 1);
	/* nothing for us at all is no error */
	assert_int_equal(parse(text, "dave", 1002, NULL), 0);
	assert_int_equal(ngot, 0);
	assert_int_equal(parse("", "dave", 1002, NULL), 0);
	assert_int_equal(ngot, 0);
	assert_int_equal(parse("\n\n# only comments\n", "dave", 1002, NULL), 0);
	assert_int_equal(ngot, 0);
}

static void subid_several_ranges(void **state)
{
	static const char text[] =
		"sbxtest:300000:10\n"
		"alice:165536:65536\n"
		"1001:100000:65536\n"
		"sbxtest:100000:65536\n"  /* a duplicate is kept; the layout merges it */
		"sbxtest:4294967294:1\n"; /* the very last id there is */
	const struct sbx_idrange want[] = {
		R(0, 300000, 10), R(0, 100000, 65536), R(0, 100000, 65536), R(0, 4294967294u, 1),
	};

	(void)state;
	assert_int_equal(parse(text, "sbxtest", 1001, NULL), 0);
	assert_ranges(want, N(want));
}

/* A line of ours that shadow would read differently must stop everything. */
static void subid_own_junk(void **state)
{
	static const struct { const char *text; int ret; unsigned line; } cases[] = {
		{ "# c\n\nsbxtest:100000:65536junk\n", -EINVAL, 3 },
		{ "sbxtest:100000\n", -EINVAL, 1 },
		{ "alice:1:1\nsbxtest:100000:\n", -EINVAL, 2 },
		{ "sbxtest::65536\n", -EINVAL, 1 },
		{ "sbxtest:0x10:65536\n", -EINVAL, 1 },
		{ "sbxtest:-1:65536\n", -EINVAL, 1 },
		{ "sbxtest:1:+5\n", -EINVAL, 1 },
		{ "sbxtest: 1:5\n", -EINVAL, 1 },
		{ "sbxtest:1:5 \n", -EINVAL, 1 },
		{ "sbxtest:1:5:6\n", -EINVAL, 1 },
		{ "sbxtest:1:5\r\n", -EINVAL, 1 },
		{ "sbxtest:100000:0\n", -EINVAL, 1 },           /* zero count */
		{ "1001:4294967295:1\n", -EINVAL, 1 },          /* start is (uid_t)-1 */
		{ "sbxtest:99999999999:1\n", -EINVAL, 1 },
		{ "sbxtest:1:4294967296\n", -EINVAL, 1 },
		{ "sbxtest:4294967290:6\n", -ERANGE, 1 },       /* start + count > 2^32 - 1 */
		{ "sbxtest:1:4294967295\n", -ERANGE, 1 },
		{ "sbxtest:100000:65536\n\n\nsbxtest:7:x\n", -EINVAL, 4 },
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		unsigned line = 0;
		int r = parse(cases[i].text, "sbxtest", 1001, &line);

		if (r != cases[i].ret || line != cases[i].line)
			fail_msg("case %zu: got %d at line %u, want %d at line %u", i, r, line,
				 cases[i].ret, cases[i].line);
		assert_null(got);
	}
}

/* Lines longer than any valid one: skipped when not ours, refused when ours. */
static void subid_long_lines(void **state)
{
	const struct sbx_idrange want[] = { R(0, 100000, 65536) };
	size_t big = 100000;
	char *text = malloc(big + 200);
	unsigned line = 0;

	(void)state;
	assert_non_null(text);
	memset(text, 'x', big);
	strcpy(text + big, "\nsbxtest:100000:65536\n");
	assert_int_equal(parse(text, "sbxtest", 1001, NULL), 0);
	assert_ranges(want, 1);

	/* someone else's very long line, with a colon in it */
	memcpy(text, "alice:", 6);
	assert_int_equal(parse(text, "sbxtest", 1001, NULL), 0);
	assert_ranges(want, 1);

	/* our own very long line is junk of ours */
	memcpy(text, "sbxtest:", 8);
	assert_int_equal(parse(text, "sbxtest", 1001, &line), -EINVAL);
	assert_int_equal(line, 1);
	memcpy(text, "1001:100000:", 12);
	line = 0;
	assert_int_equal(parse(text, "sbxtest", 1001, &line), -EINVAL);
	assert_int_equal(line, 1);

	/* leading zeros make a line long but not wrong: still ours, still refused
	 * rather than half-read */
	memset(text, '0', big);
	memcpy(text, "\nsbxtest:", 9);
	strcpy(text + big, "100000:65536\n");
	line = 0;
	assert_int_equal(parse(text, "sbxtest", 1001, &line), -EINVAL);
	assert_int_equal(line, 2);
	free(text);
}

/* ---- sbx_idmap_layout ---- */

static void layout(uint32_t self, uint32_t inside, const struct sbx_idrange *sub, size_t nsub)
{
	const char *bad;

	free(got);
	got = NULL;
	assert_int_equal(sbx_idmap_layout(self, inside, sub, nsub, &got, &ngot), 0);
	bad = idmap_layout_violation(self, inside, sub, nsub, got, ngot);
	if (bad)
		fail_msg("layout of %zu ranges for %u as %u: %s", nsub, self, inside, bad);
}

/* --map-root: 0 is the caller, 1.. the subordinate ids in order */
static void layout_map_root(void **state)
{
	const struct sbx_idrange sub[] = { R(0, 100000, 65536) };
	const struct sbx_idrange want[] = { R(0, 1000, 1), R(1, 100000, 65536) };
	const struct sbx_idrange alone[] = { R(0, 1000, 1) };

	(void)state;
	layout(1000, 0, sub, N(sub));
	assert_ranges(want, N(want));
	layout(1000, 0, NULL, 0);
	assert_ranges(alone, 1);
}

/* --subids without --map-root: podman's keep-id, the ranges fill around */
static void layout_keep_id(void **state)
{
	const struct sbx_idrange sub[] = { R(0, 100000, 65536) };
	const struct sbx_idrange want[] = { R(1000, 1000, 1), R(0, 100000, 1000), R(1001, 101000, 64536) };
	const struct sbx_idrange sub2[] = { R(0, 100, 5), R(0, 200, 5) };
	const struct sbx_idrange want2[] = { R(5, 1000, 1), R(0, 100, 5), R(6, 200, 5) };

	(void)state;
	layout(1000, 1000, sub, N(sub));
	assert_ranges(want, N(want));
	/* the caller's inner id falls exactly between two ranges */
	layout(1000, 5, sub2, N(sub2));
	assert_ranges(want2, N(want2));
}

static void layout_several_ranges(void **state)
{
	const struct sbx_idrange sub[] = { R(0, 200000, 10), R(0, 100000, 5), R(0, 300000, 1) };
	const struct sbx_idrange want[] = { R(0, 1000, 1), R(1, 100000, 5), R(6, 200000, 10), R(16, 300000, 1) };

	(void)state;
	layout(1000, 0, sub, N(sub));
	assert_ranges(want, N(want));
}

/* The kernel refuses overlapping host ranges: duplicates and overlaps merge. */
static void layout_merges(void **state)
{
	const struct sbx_idrange dup[] = { R(0, 100000, 65536), R(0, 100000, 65536), R(0, 100010, 100) };
	const struct sbx_idrange want_dup[] = { R(0, 1000, 1), R(1, 100000, 65536) };
	const struct sbx_idrange part[] = { R(0, 100050, 100), R(0, 100000, 100) };
	const struct sbx_idrange want_part[] = { R(0, 1000, 1), R(1, 100000, 150) };
	const struct sbx_idrange adj[] = { R(0, 100100, 100), R(0, 100000, 100) };
	const struct sbx_idrange want_adj[] = { R(0, 1000, 1), R(1, 100000, 200) };
	const struct sbx_idrange inside[] = { R(0, 100000, 1000), R(0, 100100, 10) };
	const struct sbx_idrange want_inside[] = { R(0, 1000, 1), R(1, 100000, 1000) };

	(void)state;
	layout(1000, 0, dup, N(dup));
	assert_ranges(want_dup, N(want_dup));
	layout(1000, 0, part, N(part));
	assert_ranges(want_part, N(want_part));
	layout(1000, 0, adj, N(adj));
	assert_ranges(want_adj, N(want_adj));
	layout(1000, 0, inside, N(inside));
	assert_ranges(want_inside, N(want_inside));
}

/* A range that holds the caller's own id is cut around it. */
static void layout_split_around_self(void **state)
{
	const struct sbx_idrange sub[] = { R(0, 100000, 10) };
	const struct sbx_idrange mid[] = { R(0, 100005, 1), R(1, 100000, 5), R(6, 100006, 4) };
	const struct sbx_idrange first[] = { R(0, 100000, 1), R(1, 100001, 9) };
	const struct sbx_idrange last[] = { R(0, 100009, 1), R(1, 100000, 9) };
	const struct sbx_idrange just_self[] = { R(0, 100000, 1) };
	const struct sbx_idrange one[] = { R(0, 100000, 1) };

	(void)state;
	layout(100005, 0, sub, N(sub));
	assert_ranges(mid, N(mid));
	layout(100000, 0, sub, N(sub));
	assert_ranges(first, N(first));
	layout(100009, 0, sub, N(sub));
	assert_ranges(last, N(last));
	layout(100000, 0, one, N(one));
	assert_ranges(just_self, N(just_self));
}

/* Inner ids stop below 4294967295, which is (uid_t)-1 inside. */
static void layout_top_of_range(void **state)
{
	const struct sbx_idrange all[] = { R(0, 0, 4294967295u) };
	const struct sbx_idrange want[] = { R(0, 5, 1), R(1, 0, 5), R(6, 6, 4294967289u) };
	const struct sbx_idrange top[] = { R(0, 4294967200u, 95) };

	(void)state;
	layout(5, 0, all, N(all));
	assert_ranges(want, N(want));
	assert_int_equal((uint64_t)got[2].inner + got[2].count, 4294967295u);
	/* keep-id with the caller's inner id at the very top */
	layout(5, 4294967294u, all, N(all));
	assert_int_equal(got[0].inner, 4294967294u);
	layout(4294967294u, 4294967294u, top, N(top));
	layout(4294967294u, 0, top, N(top));
}

/* ---- sbx_idmap_check ---- */

static void check_ok(void **state)
{
	const struct sbx_idrange sub[] = { R(0, 100000, 65536), R(0, 300000, 10) };
	const struct sbx_idrange req[] = { R(0, 1000, 1), R(1, 100000, 65536), R(70000, 300002, 8) };
	struct sbx_error err;

	(void)state;
	sbx_error_clear(&err);
	assert_int_equal(sbx_idmap_check("--map-users", req, N(req), 1000, sub, N(sub), false, &err), 0);
	assert_int_equal(sbx_idmap_check("--map-users", NULL, 0, 1000, NULL, 0, false, &err), 0);
}

static void check_overlaps(void **state)
{
	const struct sbx_idrange sub[] = { R(0, 100000, 65536) };
	const struct sbx_idrange in[] = { R(0, 100000, 10), R(5, 100020, 10) };
	const struct sbx_idrange out[] = { R(0, 100000, 10), R(20, 100005, 10) };
	const struct sbx_idrange self_twice[] = { R(0, 1000, 1), R(1, 1000, 1) };
	struct sbx_error err;

	(void)state;
	assert_int_equal(sbx_idmap_check("--map-users", in, N(in), 1000, sub, N(sub), false, &err), -EINVAL);
	assert_string_equal(err.msg, "--map-users 5:100020:10 overlaps 0:100000:10 inside the sandbox");
	assert_int_equal(sbx_idmap_check("--map-groups", out, N(out), 1000, sub, N(sub), false, &err), -EINVAL);
	assert_string_equal(err.msg, "--map-groups 20:100005:10 overlaps 0:100000:10 on the host");
	/* overlaps are refused even for root */
	assert_int_equal(sbx_idmap_check("--map-users", self_twice, N(self_twice), 1000, NULL, 0, true, &err), -EINVAL);
	assert_string_equal(err.msg, "--map-users 1:1000:1 overlaps 0:1000:1 on the host");
}

static void check_not_owned(void **state)
{
	const struct sbx_idrange sub[] = { R(0, 100000, 65536) };
	const struct sbx_idrange far[] = { R(0, 200000, 10) };
	const struct sbx_idrange across_end[] = { R(0, 165530, 10) };
	const struct sbx_idrange self_and_next[] = { R(0, 1000, 2) };
	struct sbx_error err;

	(void)state;
	assert_int_equal(sbx_idmap_check("--map-groups", far, 1, 1000, sub, N(sub), false, &err), -EPERM);
	assert_string_equal(err.msg, "--map-groups 0:200000:10: host ids 200000..200009 are neither your own "
			    "id (1000) nor within one of your subordinate ranges (see subuid(5) and subgid(5))");
	assert_int_equal(sbx_idmap_check("--map-users", across_end, 1, 1000, sub, N(sub), false, &err), -EPERM);
	assert_string_equal(err.msg, "--map-users 0:165530:10: host ids 165530..165539 are neither your own "
			    "id (1000) nor within one of your subordinate ranges (see subuid(5) and subgid(5))");
	/* newuidmap maps the caller's own id alone, never as part of a range */
	assert_int_equal(sbx_idmap_check("--map-users", self_and_next, 1, 1000, sub, N(sub), false, &err), -EPERM);
	/* root may map any host id */
	assert_int_equal(sbx_idmap_check("--map-groups", far, 1, 0, NULL, 0, true, &err), 0);
}

/* newuidmap accepts a range that runs across adjacent subordinate ranges. */
static void check_across_adjacent_ranges(void **state)
{
	const struct sbx_idrange sub[] = { R(0, 100010, 10), R(0, 100000, 10), R(0, 100015, 20) };
	const struct sbx_idrange req[] = { R(0, 100000, 35) };
	const struct sbx_idrange gap_sub[] = { R(0, 100000, 10), R(0, 100011, 10) };
	const struct sbx_idrange gap_req[] = { R(0, 100000, 21) };
	struct sbx_error err;

	(void)state;
	sbx_error_clear(&err);
	assert_int_equal(sbx_idmap_check("--map-users", req, 1, 1000, sub, N(sub), false, &err), 0);
	assert_int_equal(sbx_idmap_check("--map-users", gap_req, 1, 1000, gap_sub, N(gap_sub), false, &err), -EPERM);
}

/* ---- sbx_idmap_format ---- */

static void format_lines(void **state)
{
	const struct sbx_idrange m[] = { R(0, 1000, 1), R(1, 100000, 65536) };
	const struct sbx_idrange top[] = { R(4294967294u, 4294967294u, 1) };
	const char want[] = "0 1000 1\n1 100000 65536\n";
	char buf[64];

	(void)state;
	assert_int_equal(sbx_idmap_format(m, N(m), buf, sizeof(buf)), (int)strlen(want));
	assert_string_equal(buf, want);
	assert_int_equal(sbx_idmap_format(top, 1, buf, sizeof(buf)), 24);
	assert_string_equal(buf, "4294967294 4294967294 1\n");
	assert_int_equal(sbx_idmap_format(m, 0, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	/* room for the text and its NUL, or nothing */
	assert_int_equal(sbx_idmap_format(m, N(m), buf, sizeof(want)), (int)strlen(want));
	assert_int_equal(sbx_idmap_format(m, N(m), buf, sizeof(want) - 1), -ENOSPC);
	assert_int_equal(sbx_idmap_format(m, N(m), buf, 5), -ENOSPC);
}

/* ---- sbx_idrange_sort: the keys in order, nothing lost ---- */

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static void sort_ranges(void **state)
{
	struct sbx_idrange r[70];
	uint32_t keys[70], seed = 12345;

	(void)state;
	for (size_t n = 0; n <= N(r); n++)
		for (int by_inner = 0; by_inner < 2; by_inner++) {
			for (size_t i = 0; i < n; i++) {
				seed = seed * 1103515245u + 12345u;
				/* few distinct keys too: equal ones must survive */
				r[i] = R(n % 3 ? seed >> 8 : seed % 5, n % 2 ? seed : seed % 4, (uint32_t)i);
				keys[i] = by_inner ? r[i].inner : r[i].outer;
			}
			qsort(keys, n, sizeof(keys[0]), cmp_u32);
			sbx_idrange_sort(r, n, by_inner);
			for (size_t i = 0; i < n; i++)
				assert_int_equal(by_inner ? r[i].inner : r[i].outer, keys[i]);
			/* every range still there once: the counts were 0..n-1 */
			for (size_t i = 0; i < n; i++) {
				size_t seen = 0;

				for (size_t j = 0; j < n; j++)
					seen += r[j].count == i;
				assert_int_equal(seen, 1);
			}
		}
}

/* /etc/passwd read as NSS's files source reads it, or left to NSS. */
static void passwd_name(void **state)
{
	const char *pw = "root:x:0:0:root:/root:/bin/bash\n"
			 "# a comment\n"
			 "\n"
			 "  alice:x:1000:1000::/home/alice:/bin/sh\n"
			 "alias:x:1000:1000::/home/alias:/bin/sh\n"
			 "bob:x:4294967295:1::/:/bin/false";
	char name[32], tiny[5];

	(void)state;
	assert_int_equal(sbx_passwd_name(pw, 0, name, sizeof(name)), 0);
	assert_string_equal(name, "root");
	/* the first entry with the uid, leading blanks skipped */
	assert_int_equal(sbx_passwd_name(pw, 1000, name, sizeof(name)), 0);
	assert_string_equal(name, "alice");
	assert_int_equal(sbx_passwd_name(pw, 4294967295u, name, sizeof(name)), 0);
	assert_string_equal(name, "bob");
	assert_int_equal(sbx_passwd_name(pw, 1001, name, sizeof(name)), -ENOENT);
	assert_int_equal(sbx_passwd_name("", 0, name, sizeof(name)), -ENOENT);
	assert_int_equal(sbx_passwd_name(pw, 1000, tiny, sizeof(tiny)), -ENAMETOOLONG);
	assert_int_equal(sbx_passwd_name(pw, 0, tiny, sizeof(tiny)), 0);
	assert_string_equal(tiny, "root");
}

/* Anything glibc might read otherwise is NSS's to answer. */
static void passwd_name_doubt(void **state)
{
	char name[32];

	(void)state;
	assert_int_equal(sbx_passwd_name("root:x:0:0::/:/bin/sh\n+@netgroup::::::\n", 7, name, sizeof(name)),
			 -EOPNOTSUPP);
	assert_int_equal(sbx_passwd_name("-bad:x:0:0::/:/bin/sh\n", 0, name, sizeof(name)), -EOPNOTSUPP);
	assert_int_equal(sbx_passwd_name("a:x: 5:0::/:/bin/sh\n", 5, name, sizeof(name)), -EOPNOTSUPP);
	assert_int_equal(sbx_passwd_name("a:x:5\n", 5, name, sizeof(name)), -EOPNOTSUPP);
	assert_int_equal(sbx_passwd_name("a:x::0::/:/bin/sh\n", 0, name, sizeof(name)), -EOPNOTSUPP);
	assert_int_equal(sbx_passwd_name(":x:5:0::/:/bin/sh\n", 5, name, sizeof(name)), -EOPNOTSUPP);
	assert_int_equal(sbx_passwd_name("a:x:4294967296:0::/:/bin/sh\n", 0, name, sizeof(name)), -EOPNOTSUPP);
	/* a doubtful line after the answer does not matter: the first entry wins */
	assert_int_equal(sbx_passwd_name("a:x:5:0::/:/bin/sh\n+\n", 5, name, sizeof(name)), 0);
	assert_string_equal(name, "a");
}

/* ---- sbx_idmap_parse, sbx_idmap_identity, sbx_idmap_is_identity (the holder's maps) ---- */

static void parse_map_text(void **state)
{
	(void)state;
	assert_int_equal(sbx_idmap_parse("         0       1001          1\n         1     100000      65536\n", &got, &ngot), 0);
	assert_ranges((struct sbx_idrange[]){ R(0, 1001, 1), R(1, 100000, 65536) }, 2);
	free(got);
	got = NULL;
	assert_int_equal(sbx_idmap_parse("", &got, &ngot), 0);
	assert_int_equal(ngot, 0);
	assert_int_equal(sbx_idmap_parse("0 1001\n", &got, &ngot), -EINVAL);
	assert_int_equal(sbx_idmap_parse("0 1001 x\n", &got, &ngot), -EINVAL);
	assert_int_equal(sbx_idmap_parse("0 4294967296 1\n", &got, &ngot), -EINVAL);
}

static void identity_of_a_layout(void **state)
{
	(void)state;
	/* --map-root over a range that holds the caller's id: the pieces
	 * around it and the caller's own id merge back into one range */
	assert_int_equal(sbx_idmap_identity((struct sbx_idrange[]){ R(0, 1001, 1), R(1, 1000, 1), R(2, 1002, 98) },
					    3, &got, &ngot), 0);
	assert_ranges((struct sbx_idrange[]){ R(1000, 1000, 100) }, 1);
	free(got);
	got = NULL;
	/* apart, sorted by outer id; overlapping ranges counted once */
	assert_int_equal(sbx_idmap_identity((struct sbx_idrange[]){ R(0, 1001, 1), R(1, 200000, 10), R(11, 100000, 65536),
								   R(65547, 100010, 5) }, 4, &got, &ngot), 0);
	assert_ranges((struct sbx_idrange[]){ R(1001, 1001, 1), R(100000, 100000, 65536), R(200000, 200000, 10) }, 3);
	free(got);
	got = NULL;
	/* the top of the id space: no overflow */
	assert_int_equal(sbx_idmap_identity((struct sbx_idrange[]){ R(0, 4294967294u, 1), R(1, 4294967200u, 94) }, 2,
					    &got, &ngot), 0);
	assert_ranges((struct sbx_idrange[]){ R(4294967200u, 4294967200u, 95) }, 1);
}

static void is_identity(void **state)
{
	const struct sbx_idrange want[] = { R(1001, 1001, 1), R(100000, 100000, 65536) };

	(void)state;
	/* as newuidmap writes it, in another order, or split */
	assert_true(sbx_idmap_is_identity((struct sbx_idrange[]){ R(1001, 1001, 1), R(100000, 100000, 65536) }, 2, want, 2));
	assert_true(sbx_idmap_is_identity((struct sbx_idrange[]){ R(100000, 100000, 65536), R(1001, 1001, 1) }, 2, want, 2));
	assert_true(sbx_idmap_is_identity((struct sbx_idrange[]){ R(100000, 100000, 6), R(1001, 1001, 1),
								 R(100006, 100006, 65530) }, 3, want, 2));
	/* a sandbox's map (root inside) is not the identity */
	assert_false(sbx_idmap_is_identity((struct sbx_idrange[]){ R(0, 1001, 1), R(1, 100000, 65536) }, 2, want, 2));
	/* one id only, fewer ids, more ids, ids shifted by one */
	assert_false(sbx_idmap_is_identity((struct sbx_idrange[]){ R(1001, 1001, 1) }, 1, want, 2));
	assert_false(sbx_idmap_is_identity((struct sbx_idrange[]){ R(1001, 1001, 1), R(100000, 100000, 65535) }, 2, want, 2));
	assert_false(sbx_idmap_is_identity((struct sbx_idrange[]){ R(1001, 1001, 1), R(100000, 100000, 65537) }, 2, want, 2));
	assert_false(sbx_idmap_is_identity((struct sbx_idrange[]){ R(0, 0, 1), R(1001, 1001, 1), R(100000, 100000, 65536) },
					   3, want, 2));
	assert_false(sbx_idmap_is_identity((struct sbx_idrange[]){ R(1002, 1002, 1), R(100000, 100000, 65536) }, 2, want, 2));
	/* the whole id space (the initial namespace's map) */
	assert_false(sbx_idmap_is_identity((struct sbx_idrange[]){ R(0, 0, 4294967295u) }, 1, want, 2));
	/* nothing */
	assert_false(sbx_idmap_is_identity(NULL, 0, want, 2));
}

#define T(f) cmocka_unit_test_teardown(f, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(subid_one_line),
		T(subid_comments_blank_others),
		T(subid_several_ranges),
		T(subid_own_junk),
		T(subid_long_lines),
		T(layout_map_root),
		T(layout_keep_id),
		T(layout_several_ranges),
		T(layout_merges),
		T(layout_split_around_self),
		T(layout_top_of_range),
		T(check_ok),
		T(check_overlaps),
		T(check_not_owned),
		T(check_across_adjacent_ranges),
		T(format_lines),
		T(sort_ranges),
		T(passwd_name),
		T(passwd_name_doubt),
		T(parse_map_text),
		T(identity_of_a_layout),
		T(is_identity),
	};

	return cmocka_run_group_tests_name("idmap", tests, NULL, NULL);
}
