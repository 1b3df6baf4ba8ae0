/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * src/util.c's strict number parsers and fd reader, and src/error.c's error
 * object: texts, return values, and truncation that never overflows.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>

#include "unit.h"

#include "error.h"
#include "util.h"

/* ---- sbx_parse_u32, sbx_parse_fd ---- */

static void parse_u32_valid(void **state)
{
	uint32_t v = 0;

	(void)state;
	assert_int_equal(sbx_parse_u32("0", UINT32_MAX, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(sbx_parse_u32("4294967295", UINT32_MAX, &v), 0);
	assert_int_equal(v, 4294967295u);
	assert_int_equal(sbx_parse_u32("4294967294", UINT32_MAX - 1, &v), 0);
	assert_int_equal(v, 4294967294u);
	assert_int_equal(sbx_parse_u32("007", 10, &v), 0);
	assert_int_equal(v, 7);
	assert_int_equal(sbx_parse_u32("10", 10, &v), 0);
	assert_int_equal(v, 10);
	assert_int_equal(sbx_parse_u32("00000000000000000000000000001", 1, &v), 0);
	assert_int_equal(v, 1);
}

static void parse_u32_invalid(void **state)
{
	static const char *const bad[] = {
		"", "+1", "-1", "-0", " 1", "1 ", "0x1", "1e3", "1.0", "1:2", "\xd9\xa1", "1\n", "\t",
	};
	uint32_t v = 12345;

	(void)state;
	assert_int_equal(sbx_parse_u32(NULL, UINT32_MAX, &v), -EINVAL);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(sbx_parse_u32(bad[i], UINT32_MAX, &v), -EINVAL);
	assert_int_equal(sbx_parse_u32("4294967295", UINT32_MAX - 1, &v), -ERANGE);
	assert_int_equal(sbx_parse_u32("4294967296", UINT32_MAX, &v), -ERANGE);
	assert_int_equal(sbx_parse_u32("11", 10, &v), -ERANGE);
	/* far past 2^64: the running value never wraps */
	assert_int_equal(sbx_parse_u32("184467440737095516160000", UINT32_MAX, &v), -ERANGE);
	assert_int_equal(sbx_parse_u32("99999999999999999999999999999", UINT32_MAX, &v), -ERANGE);
	assert_int_equal(v, 12345); /* untouched on failure */
}

static void parse_fd(void **state)
{
	static const char *const bad[] = { "", "-1", "0a", "a0", "2147483648", "4294967296", "0x3", " 3", "+3" };
	int fd = 77;

	(void)state;
	assert_int_equal(sbx_parse_fd("0", &fd), 0);
	assert_int_equal(fd, 0);
	assert_int_equal(sbx_parse_fd("2147483647", &fd), 0);
	assert_int_equal(fd, INT_MAX);
	fd = 77;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(sbx_parse_fd(bad[i], &fd), -EINVAL);
	assert_int_equal(fd, 77);
}

/* ---- sbx_read_all_fd, sbx_fd_is_open ---- */

static void read_all_fd(void **state)
{
	char big[40000];
	char *out = NULL;
	size_t len = 1;
	int fd;

	(void)state;
	fd = unit_pipe_with("", 0);
	assert_int_equal(sbx_read_all_fd(fd, 100, &out, &len), 0);
	close(fd);
	assert_int_equal(len, 0);
	assert_string_equal(out, "");
	free(out);

	/* more than the first buffer: it grows, and the text keeps its NULs */
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (char)(i % 7 ? 'a' + i % 26 : 0);
	fd = unit_pipe_with(big, sizeof(big));
	assert_int_equal(sbx_read_all_fd(fd, sizeof(big), &out, &len), 0);
	close(fd);
	assert_int_equal(len, sizeof(big));
	assert_memory_equal(out, big, sizeof(big));
	assert_int_equal(out[len], '\0');
	free(out);

	fd = unit_pipe_with(big, sizeof(big));
	out = NULL;
	assert_int_equal(sbx_read_all_fd(fd, sizeof(big) - 1, &out, &len), -E2BIG);
	close(fd);
	assert_null(out);

	assert_int_equal(sbx_read_all_fd(unit_closed_fd(), 100, &out, &len), -EBADF);
	assert_null(out);
}

static void fd_is_open(void **state)
{
	int fd = unit_pipe_with("", 0);

	(void)state;
	assert_true(sbx_fd_is_open(fd));
	close(fd);
	assert_false(sbx_fd_is_open(fd));
	assert_false(sbx_fd_is_open(-1));
	assert_false(sbx_fd_is_open(unit_closed_fd()));
}

/* ---- error.c ---- */

static void fail_texts(void **state)
{
	struct sbx_error err;

	(void)state;
	sbx_error_clear(&err);
	err.status = 126;
	assert_int_equal(sbx_fail(&err, ENOENT, "opening '%s'", "/etc/subuid"), -ENOENT);
	assert_string_equal(err.msg, "opening '/etc/subuid': No such file or directory");
	assert_int_equal(err.errnum, ENOENT);
	assert_int_equal(err.status, 0);
	assert_int_equal(sbx_error_ret(&err), -ENOENT);

	assert_int_equal(sbx_fail_msg(&err, EPERM, "no %s", "way"), -EPERM);
	assert_string_equal(err.msg, "no way");
	/* without an errno: -EINVAL, and no ": Success" tail */
	assert_int_equal(sbx_fail(&err, 0, "plain"), -EINVAL);
	assert_string_equal(err.msg, "plain");
	assert_int_equal(sbx_error_ret(&err), -EINVAL);
	/* a NULL error object is allowed */
	assert_int_equal(sbx_fail(NULL, EBADF, "x"), -EBADF);
	assert_int_equal(sbx_error_ret(NULL), -EINVAL);
	assert_int_equal(sbx_error_prefix(NULL, "x"), -EINVAL);

	sbx_error_clear(&err);
	assert_int_equal(err.errnum, 0);
	assert_string_equal(err.msg, "");
}

static void fail_truncates(void **state)
{
	struct sbx_error err;
	char longarg[3000];

	(void)state;
	memset(longarg, 'a', sizeof(longarg) - 1);
	longarg[sizeof(longarg) - 1] = '\0';
	assert_int_equal(sbx_fail(&err, ENOENT, "opening '%s'", longarg), -ENOENT);
	assert_int_equal(strlen(err.msg), SBX_ERROR_MSG_MAX - 1);
	assert_memory_equal(err.msg, "opening 'aaa", 12);
}

static void prefix_chain(void **state)
{
	struct sbx_error err;

	(void)state;
	sbx_fail(&err, ENOENT, "open '/etc/subuid'");
	err.status = 127;
	assert_int_equal(sbx_error_prefix(&err, "reading subordinate ids of %s", "sbxtest"), -ENOENT);
	assert_int_equal(sbx_error_prefix(&err, "mapping ids"), -ENOENT);
	assert_string_equal(err.msg, "mapping ids: reading subordinate ids of sbxtest: "
			    "open '/etc/subuid': No such file or directory");
	assert_int_equal(err.errnum, ENOENT);
	assert_int_equal(err.status, 127);
}

/* Whatever the lengths, the text stays NUL-terminated inside msg. */
static void prefix_truncation(void **state)
{
	static const size_t lens[] = { 0, 1, 1019, 1020, 1021, 1022, 1023, 1024, 1025, 5000 };
	char *pre = malloc(6000);
	char want[SBX_ERROR_MSG_MAX];
	struct sbx_error err;

	(void)state;
	assert_non_null(pre);
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		size_t pl = lens[i];

		memset(pre, 'p', pl);
		pre[pl] = '\0';
		sbx_fail_msg(&err, EIO, "old");
		sbx_error_prefix(&err, "%s", pre);
		assert_true(memchr(err.msg, '\0', sizeof(err.msg)) != NULL);
		/* the prefix, then ": old" as far as it fits */
		if (pl >= SBX_ERROR_MSG_MAX - 1) {
			assert_int_equal(strlen(err.msg), SBX_ERROR_MSG_MAX - 1);
			assert_memory_equal(err.msg, pre, SBX_ERROR_MSG_MAX - 1);
			continue;
		}
		snprintf(want, sizeof(want), "%s: old", pre);
		/* never the old text glued to the prefix without its separator */
		if (pl + 2 > SBX_ERROR_MSG_MAX - 1)
			want[pl] = '\0';
		assert_string_equal(err.msg, want);
	}

	/* a full old message under a short prefix is cut at the end */
	memset(pre, 'o', 2000);
	pre[2000] = '\0';
	sbx_fail_msg(&err, EIO, "%s", pre);
	sbx_error_prefix(&err, "ctx");
	assert_int_equal(strlen(err.msg), SBX_ERROR_MSG_MAX - 1);
	assert_memory_equal(err.msg, "ctx: ooo", 8);
	free(pre);
}

/* ---- sbx_nearest ---- */

static void nearest(void **state)
{
	static const char *const w[] = { "--map-root", "--map-users", "--ro-bind", NULL, "--bind", "default", "none" };
	const size_t n = sizeof(w) / sizeof(w[0]);

	(void)state;
	assert_string_equal(sbx_nearest("--map-roots", w, n), "--map-root");
	assert_string_equal(sbx_nearest("-map-root", w, n), "--map-root");
	assert_string_equal(sbx_nearest("--ro-bnd", w, n), "--ro-bind");
	assert_string_equal(sbx_nearest("--bnid", w, n), "--bind");       /* a transposition */
	assert_string_equal(sbx_nearest("defualt", w, n), "default");
	assert_string_equal(sbx_nearest("nnoe", w, n), "none");
	assert_null(sbx_nearest("nxx", w, n));                           /* short words: one edit at most */
	assert_null(sbx_nearest("--zzzz", w, n));
	assert_null(sbx_nearest("", w, n));
	assert_null(sbx_nearest("--map-root-but-far-too-long-to-be-it-at-all-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", w, n));
}

/* ---- sbx_cat, sbx_cat_n, sbx_cat_u, sbx_cat_o, sbx_proc_path: what snprintf() would give ---- */

static void cat_like_snprintf(void **state)
{
	static const unsigned long nums[] = { 0, 7, 10, 65536, 4294967295ul, ULONG_MAX };
	char buf[32], want[32];

	(void)state;
	for (size_t len = 0; len <= sizeof(buf); len++)
		for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
			size_t off = 0;
			int w = snprintf(want, len ? len : 1, "/proc/%lu/uid_map", nums[i]);
			bool fit = sbx_cat(buf, len, &off, "/proc/");

			fit = sbx_cat_u(buf, len, &off, nums[i]) && fit;
			fit = sbx_cat(buf, len, &off, "/uid_map") && fit;
			/* what snprintf() counts, and true exactly when it all fit */
			assert_int_equal(off, (size_t)w);
			assert_true(fit == (off < len));
			if (len)
				assert_string_equal(buf, want);
		}
	/* sbx_cat_o ("%#o") and sbx_cat_n: the whole text, then every
	 * truncation of it */
	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++)
		for (int k = 0; k < 2; k++) {
			char full[64];
			int w = k ? snprintf(full, sizeof(full), "%.*s/x", (int)i, "/usr/local/bin")
				  : snprintf(full, sizeof(full), "%#lo", nums[i]);

			for (size_t len = 0; len <= sizeof(buf); len++) {
				size_t off = 0;
				bool fit = k ? sbx_cat_n(buf, len, &off, "/usr/local/bin", i) : sbx_cat_o(buf, len, &off, nums[i]);

				if (k)
					fit = sbx_cat(buf, len, &off, "/x") && fit;
				assert_int_equal(off, (size_t)w);
				assert_true(fit == (off < len));
				if (len) {
					assert_int_equal(strlen(buf), (size_t)w < len ? (size_t)w : len - 1);
					assert_memory_equal(buf, full, strlen(buf));
				}
			}
		}
	assert_string_equal(sbx_proc_path(buf, sizeof(buf), 0, "ns/user"), "/proc/self/ns/user");
	assert_string_equal(sbx_proc_path(buf, sizeof(buf), 4194304, "setgroups"), "/proc/4194304/setgroups");
	assert_string_equal(sbx_proc_path(buf, 12, 123, "gid_map"), "/proc/123/g");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_u32_valid),
		cmocka_unit_test(parse_u32_invalid),
		cmocka_unit_test(parse_fd),
		cmocka_unit_test(read_all_fd),
		cmocka_unit_test(fd_is_open),
		cmocka_unit_test(fail_texts),
		cmocka_unit_test(fail_truncates),
		cmocka_unit_test(prefix_chain),
		cmocka_unit_test(prefix_truncation),
		cmocka_unit_test(nearest),
		cmocka_unit_test(cat_like_snprintf),
	};

	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
