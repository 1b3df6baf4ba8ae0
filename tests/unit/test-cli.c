/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * argv -> struct sbx_plan (src/cli.c): every option's effect on the plan and
 * every refusal's exact text, in both faces.  The parser is pure, so each
 * test parses a word list and looks at the plan it produced.
 */
#include "config.h"

#include <stdio.h>
#include <ctype.h>
#include <linux/capability.h>

#include "unit.h"

#include "capnames.h"
#include "cli.h"
#include "plan.h"

static struct sbx_plan plan;
static struct sbx_error err;

static int setup(void **state)
{
	(void)state;
	sbx_plan_init(&plan, SBX_FACE_SBX);
	sbx_error_clear(&err);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sbx_plan_free(&plan);
	return 0;
}

/* Parse a NULL-terminated word list (the words after the program name). */
static int parse_words(enum sbx_face face, const char **words)
{
	int n = 0;

	while (words[n])
		n++;
	sbx_plan_free(&plan);
	sbx_plan_init(&plan, face);
	sbx_error_clear(&err);
	return sbx_cli_parse(&plan, n, (char **)words, &err);
}

#define PARSE(face, ...) parse_words(face, (const char *[]){ __VA_ARGS__, NULL })
#define SBX(...) PARSE(SBX_FACE_SBX, __VA_ARGS__)
#define BW(...) PARSE(SBX_FACE_BWRAP, __VA_ARGS__)

/* ---- sbx_cli_face, sbx_cli_split_args ---- */

static void face_from_name(void **state)
{
	(void)state;
	assert_int_equal(sbx_cli_face("bwrap"), SBX_FACE_BWRAP);
	assert_int_equal(sbx_cli_face("/usr/libexec/sbx/bwrap"), SBX_FACE_BWRAP);
	assert_int_equal(sbx_cli_face("./bwrap"), SBX_FACE_BWRAP);
	assert_int_equal(sbx_cli_face("sbx"), SBX_FACE_SBX);
	assert_int_equal(sbx_cli_face("/usr/bin/sbx"), SBX_FACE_SBX);
	assert_int_equal(sbx_cli_face("/bwrap/sbx"), SBX_FACE_SBX);
	assert_int_equal(sbx_cli_face("bwrap2"), SBX_FACE_SBX);
	assert_int_equal(sbx_cli_face("xbwrap"), SBX_FACE_SBX);
	assert_int_equal(sbx_cli_face(""), SBX_FACE_SBX);
	assert_int_equal(sbx_cli_face(NULL), SBX_FACE_SBX);
}

static void split_args_words(void **state)
{
	char a[] = "one\0two\0";          /* 8 bytes + the literal's NUL */
	char b[] = "one\0two";            /* last word without its NUL */
	char c[] = "\0\0";                /* two empty words */
	char d[] = "";
	char **v = NULL;
	size_t n = 99;

	(void)state;
	assert_int_equal(sbx_cli_split_args(a, sizeof(a) - 1, &v, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0], "one");
	assert_string_equal(v[1], "two");
	assert_null(v[2]);
	free(v);

	assert_int_equal(sbx_cli_split_args(b, sizeof(b) - 1, &v, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[1], "two");
	assert_null(v[2]);
	free(v);

	assert_int_equal(sbx_cli_split_args(c, sizeof(c) - 1, &v, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0], "");
	assert_string_equal(v[1], "");
	assert_null(v[2]);
	free(v);

	assert_int_equal(sbx_cli_split_args(d, 0, &v, &n), 0);
	assert_int_equal(n, 0);
	assert_null(v[0]);
	free(v);
}

/* ---- namespaces ---- */

static void namespaces_each(void **state)
{
	(void)state;
	assert_ok(SBX("--unshare-user", "true"));
	assert_true(plan.ns.user);
	assert_false(plan.ns.pid);
	assert_ok(SBX("--unshare-user-try", "--unshare-ipc", "--unshare-pid", "--unshare-net",
		      "--unshare-uts", "--unshare-cgroup", "--unshare-cgroup-try", "true"));
	assert_true(plan.ns.user_try && plan.ns.ipc && plan.ns.pid && plan.ns.net &&
		    plan.ns.uts && plan.ns.cgroup && plan.ns.cgroup_try);
	assert_false(plan.ns.user);
	assert_ok(SBX("--disable-userns", "--assert-userns-disabled", "true"));
	assert_true(plan.ns.disable_userns);
	assert_true(plan.ns.assert_userns_disabled);
	assert_ok(BW("--unshare-net", "true"));
	assert_true(plan.ns.net);
}

/* bubblewrap's --unshare-all: every namespace, the user and cgroup ones "try". */
static void namespaces_unshare_all(void **state)
{
	(void)state;
	assert_ok(SBX("--unshare-all", "true"));
	assert_true(plan.ns.user_try && plan.ns.ipc && plan.ns.pid && plan.ns.net &&
		    plan.ns.uts && plan.ns.cgroup_try);
	assert_false(plan.ns.user);
	assert_false(plan.ns.cgroup);

	assert_ok(SBX("--unshare-all", "--share-net", "true"));
	assert_false(plan.ns.net);
	assert_true(plan.ns.pid);

	/* options apply in order: a later --unshare-all undoes --share-net */
	assert_ok(SBX("--share-net", "--unshare-all", "true"));
	assert_true(plan.ns.net);
}

static void namespaces_fds_and_hostname(void **state)
{
	(void)state;
	assert_int_equal(plan.ns.userns_fd, -1);
	assert_ok(SBX("--userns", "3", "--userns2", "4", "--pidns", "5", "--hostname", "box", "true"));
	assert_int_equal(plan.ns.userns_fd, 3);
	assert_int_equal(plan.ns.userns2_fd, 4);
	assert_int_equal(plan.ns.pidns_fd, 5);
	assert_string_equal(plan.hostname, "box");
	assert_fails(BW("--userns", "0a", "true"), "Invalid fd: 0a");
	assert_fails(SBX("--pidns", "x", "true"), "Invalid fd: x (--pidns takes a file descriptor number)");
}

/* ---- ids ---- */

static void ids_valid(void **state)
{
	(void)state;
	assert_int_equal(plan.uid, SBX_ID_UNSET);
	assert_int_equal(plan.gid, SBX_ID_UNSET);
	assert_ok(SBX("--uid", "1", "--gid", "2", "true"));
	assert_int_equal(plan.uid, 1);
	assert_int_equal(plan.gid, 2);
	assert_ok(BW("--uid", "0", "--gid", "4294967294", "true"));
	assert_int_equal(plan.uid, 0);
	assert_int_equal(plan.gid, 4294967294u);
	assert_ok(SBX("--uid", "007", "true"));
	assert_int_equal(plan.uid, 7);
}

/* CVE-2026-30892's class: only plain decimals below (uid_t)-1 are ids. */
static void ids_strict(void **state)
{
	static const char *const bad[] = {
		"", "0x1", "-1", "+1", "4294967295", "4294967296", "1:2", " 1", "1 ", "1e3",
		"99999999999999999999", "1\n",
	};
	char want[256];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(want, sizeof(want), "--uid: invalid id '%s': expected a decimal number from 0 to 4294967294", bad[i]);
		assert_fails(SBX("--uid", bad[i], "true"), want);
		snprintf(want, sizeof(want), "--gid: invalid id '%s': expected a decimal number from 0 to 4294967294", bad[i]);
		assert_fails(SBX("--gid", bad[i], "true"), want);
		snprintf(want, sizeof(want), "Invalid uid: %s", bad[i]);
		assert_fails(BW("--uid", bad[i], "true"), want);
		snprintf(want, sizeof(want), "Invalid gid: %s", bad[i]);
		assert_fails(BW("--gid", bad[i], "true"), want);
		assert_int_equal(err.errnum, EINVAL);
	}
}

static void ids_map_root_subids(void **state)
{
	(void)state;
	assert_ok(SBX("true"));
	assert_false(plan.map_root);
	assert_int_equal(plan.subids, SBX_SUBIDS_AUTO);
	assert_false(plan.subids_given);
	assert_ok(SBX("--map-root", "--subids", "--subids", "true"));
	assert_true(plan.map_root);
	assert_int_equal(plan.subids, SBX_SUBIDS_REQUIRE);
	assert_true(plan.subids_given);
	assert_ok(SBX("--no-subids", "true"));
	assert_int_equal(plan.subids, SBX_SUBIDS_NONE);
	assert_fails(SBX("--subids", "--no-subids", "true"), "--subids and --no-subids cannot be combined");
	assert_fails(SBX("--no-subids", "--subids", "true"), "--subids and --no-subids cannot be combined");
}

static void ids_map_ranges(void **state)
{
	(void)state;
	assert_ok(SBX("--map-users", "0:100000:65536", "--map-groups", "5:6:7",
		      "--map-users", "70000:1000:1", "true"));
	assert_int_equal(plan.n_map_users, 2);
	assert_int_equal(plan.map_users[0].inner, 0);
	assert_int_equal(plan.map_users[0].outer, 100000);
	assert_int_equal(plan.map_users[0].count, 65536);
	assert_int_equal(plan.map_users[1].inner, 70000);
	assert_int_equal(plan.map_users[1].outer, 1000);
	assert_int_equal(plan.map_users[1].count, 1);
	assert_int_equal(plan.n_map_groups, 1);
	assert_int_equal(plan.map_groups[0].inner, 5);
	assert_int_equal(plan.map_groups[0].outer, 6);
	assert_int_equal(plan.map_groups[0].count, 7);

	/* the largest ranges that stay below 2^32 - 1 on both sides */
	assert_ok(SBX("--map-users", "0:1:4294967294", "--map-groups", "4294967294:0:1", "true"));
	assert_int_equal(plan.map_users[0].count, 4294967294u);
	assert_int_equal(plan.map_groups[0].inner, 4294967294u);
}

static void ids_map_ranges_bad(void **state)
{
	static const char *const bad[] = {
		"", "1", "1:2", "1:2:3:4", "1::3", ":1:2", "1:2:", "a:b:c", "0x1:2:3", "-1:2:3",
		"1:-2:3", "1:2:+3", " 1:2:3", "1:2:3 ",
		"1:2:0",                       /* zero count */
		"4294967295:0:1",              /* inner id (uid_t)-1 */
		"0:4294967295:1",              /* outer id (uid_t)-1 */
		"4294967294:0:2",              /* inner range wraps */
		"0:4294967290:6",              /* outer range wraps */
		"1:0:4294967295",
		"0:0:4294967296",              /* count overflows 32 bits */
		"99999999999999999999:0:1",
	};
	char want[512];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(want, sizeof(want), "--map-users: invalid range '%s': expected INNER:OUTER:COUNT, "
			 "decimal ids, COUNT at least 1, within 0..4294967294", bad[i]);
		assert_fails(SBX("--map-users", bad[i], "true"), want);
		assert_int_equal(plan.n_map_users, 0);
		snprintf(want, sizeof(want), "--map-groups: invalid range '%s': expected INNER:OUTER:COUNT, "
			 "decimal ids, COUNT at least 1, within 0..4294967294", bad[i]);
		assert_fails(SBX("--map-groups", bad[i], "true"), want);
	}
}

static void ids_setgroups(void **state)
{
	(void)state;
	assert_ok(SBX("true"));
	assert_false(plan.setgroups_allow);
	assert_ok(SBX("--setgroups", "allow", "true"));
	assert_true(plan.setgroups_allow);
	assert_ok(SBX("--setgroups", "allow", "--setgroups", "deny", "true"));
	assert_false(plan.setgroups_allow);
	assert_fails(SBX("--setgroups", "Allow", "true"), "--setgroups: 'Allow' is neither 'allow' nor 'deny'");
	assert_fails(SBX("--setgroups", "", "true"), "--setgroups: '' is neither 'allow' nor 'deny'");
}

/* ---- filesystem ops ---- */

struct op_case {
	const char *opt;
	int nargs;                 /* 1: DEST; 2: SRC DEST or FD DEST */
	enum sbx_op_type type;
	bool try_;
	bool fd;                   /* the first argument is an fd */
};

static const struct op_case op_cases[] = {
	{ "--bind", 2, SBX_OP_BIND, false, false },
	{ "--bind-try", 2, SBX_OP_BIND, true, false },
	{ "--ro-bind", 2, SBX_OP_RO_BIND, false, false },
	{ "--ro-bind-try", 2, SBX_OP_RO_BIND, true, false },
	{ "--dev-bind", 2, SBX_OP_DEV_BIND, false, false },
	{ "--dev-bind-try", 2, SBX_OP_DEV_BIND, true, false },
	{ "--bind-fd", 2, SBX_OP_BIND_FD, false, true },
	{ "--ro-bind-fd", 2, SBX_OP_RO_BIND_FD, false, true },
	{ "--file", 2, SBX_OP_FILE, false, true },
	{ "--bind-data", 2, SBX_OP_BIND_DATA, false, true },
	{ "--ro-bind-data", 2, SBX_OP_RO_BIND_DATA, false, true },
	{ "--symlink", 2, SBX_OP_SYMLINK, false, false },
	{ "--remount-ro", 1, SBX_OP_REMOUNT_RO, false, false },
	{ "--proc", 1, SBX_OP_PROC, false, false },
	{ "--dev", 1, SBX_OP_DEV, false, false },
	{ "--tmpfs", 1, SBX_OP_TMPFS, false, false },
	{ "--mqueue", 1, SBX_OP_MQUEUE, false, false },
	{ "--dir", 1, SBX_OP_DIR, false, false },
	{ "--lock-file", 1, SBX_OP_LOCK_FILE, false, false },
};

static void fs_ops_fields(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(op_cases) / sizeof(op_cases[0]); i++) {
		const struct op_case *c = &op_cases[i];
		const struct sbx_op *op;

		if (c->nargs == 2)
			assert_ok(SBX(c->opt, c->fd ? "7" : "/src", "/dest", "true"));
		else
			assert_ok(SBX(c->opt, "/dest", "true"));
		assert_int_equal(plan.n_ops, 1);
		op = &plan.ops[0];
		assert_int_equal(op->type, c->type);
		assert_int_equal(op->try_, c->try_);
		assert_string_equal(op->dest, "/dest");
		assert_string_equal(op->option, c->opt);
		assert_int_equal(op->perms, -1);
		assert_int_equal(op->size, 0);
		if (c->fd) {
			assert_int_equal(op->fd, 7);
			assert_null(op->src);
		} else {
			assert_int_equal(op->fd, -1);
			if (c->nargs == 2)
				assert_string_equal(op->src, "/src");
			else
				assert_null(op->src);
		}
		assert_int_equal(plan.argc, 1);
		/* bubblewrap has all of them too */
		assert_ok(c->nargs == 2 ? BW(c->opt, c->fd ? "7" : "/src", "/dest", "true")
				       : BW(c->opt, "/dest", "true"));
		assert_int_equal(plan.ops[0].type, c->type);
	}
}

static void fs_ops_fd_invalid(void **state)
{
	char want[256];

	(void)state;
	for (size_t i = 0; i < sizeof(op_cases) / sizeof(op_cases[0]); i++) {
		if (!op_cases[i].fd)
			continue;
		assert_fails(BW(op_cases[i].opt, "0a", "/dest", "true"), "Invalid fd: 0a");
		snprintf(want, sizeof(want), "Invalid fd: -1 (%s takes a file descriptor number)", op_cases[i].opt);
		assert_fails(SBX(op_cases[i].opt, "-1", "/dest", "true"), want);
	}
}

static void fs_ops_order_overlay_chmod(void **state)
{
	(void)state;
	assert_ok(SBX("--overlay-src", "/lower", "--overlay", "/rw", "/work", "/o",
		      "--overlay-src", "/a", "--tmp-overlay", "/t",
		      "--overlay-src", "/a", "--overlay-src", "/b", "--ro-overlay", "/r",
		      "--chmod", "0750", "/o", "--chdir", "/o", "true"));
	assert_int_equal(plan.n_ops, 8);
	assert_int_equal(plan.ops[0].type, SBX_OP_OVERLAY_SRC);
	assert_string_equal(plan.ops[0].dest, "/lower");
	assert_int_equal(plan.ops[1].type, SBX_OP_OVERLAY);
	assert_string_equal(plan.ops[1].src, "/rw");
	assert_string_equal(plan.ops[1].src2, "/work");
	assert_string_equal(plan.ops[1].dest, "/o");
	assert_int_equal(plan.ops[3].type, SBX_OP_TMP_OVERLAY);
	assert_string_equal(plan.ops[3].dest, "/t");
	assert_int_equal(plan.ops[6].type, SBX_OP_RO_OVERLAY);
	assert_int_equal(plan.ops[7].type, SBX_OP_CHMOD);
	assert_int_equal(plan.ops[7].perms, 0750);
	assert_string_equal(plan.ops[7].dest, "/o");
	assert_string_equal(plan.chdir, "/o");
	assert_int_equal(plan.n_chdir, 1);
}

/* --perms: only for the very next op, only one that creates a file. */
static void fs_perms(void **state)
{
	static const char *const creators[][3] = {
		{ "--dir", "/d", NULL }, { "--tmpfs", "/t", NULL }, { "--file", "3", "/f" },
		{ "--bind-data", "3", "/f" }, { "--ro-bind-data", "3", "/f" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(creators) / sizeof(creators[0]); i++) {
		if (creators[i][2])
			assert_ok(SBX("--perms", "0700", creators[i][0], creators[i][1], creators[i][2],
				      "--dir", "/next", "true"));
		else
			assert_ok(SBX("--perms", "0700", creators[i][0], creators[i][1],
				      "--dir", "/next", "true"));
		assert_int_equal(plan.n_ops, 2);
		assert_int_equal(plan.ops[0].perms, 0700);
		assert_int_equal(plan.ops[1].perms, -1);
	}
	assert_ok(BW("--perms", "1777", "--tmpfs", "/tmp", "true"));
	assert_int_equal(plan.ops[0].perms, 01777);
	assert_ok(SBX("--perms", "0", "--dir", "/d", "true"));
	assert_int_equal(plan.ops[0].perms, 0);

	assert_fails(SBX("--perms", "0755", "--bind", "/", "/x", "true"),
		     "--perms must be followed by an option that creates a file");
	assert_fails(BW("--perms", "0755", "--symlink", "a", "/b", "true"),
		     "--perms must be followed by an option that creates a file");
	assert_fails(SBX("--perms", "0755", "--remount-ro", "/", "true"),
		     "--perms must be followed by an option that creates a file");
	assert_fails(SBX("--perms", "0755", "true"),
		     "--perms must be followed by an option that creates a file");
	assert_fails(SBX("--perms", "0755", "--perms", "0700", "--dir", "/d", "true"),
		     "--perms given twice for the same action");
	/* the very next option, not the next op further on */
	assert_fails(SBX("--perms", "0700", "--chdir", "/x", "--dir", "/d", "true"),
		     "--perms must be followed by an option that creates a file");
	assert_fails(BW("--perms", "0700", "--setenv", "A", "b", "--tmpfs", "/t", "true"),
		     "--perms must be followed by an option that creates a file");
	assert_fails(BW("--perms", "0755", "--perms", "0700", "--dir", "/d", "true"),
		     "--perms given twice for the same action");
}

static void fs_perms_bad_octal(void **state)
{
	static const char *const bad[] = { "8", "", "10000", "-1", "+7", " 7", "0x7", "7a" };

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		/* bubblewrap's text, in both faces */
		assert_fails(SBX("--perms", bad[i], "--dir", "/d", "true"), "--perms takes an octal argument <= 07777");
		assert_int_equal(plan.n_ops, 0);
		assert_fails(BW("--chmod", bad[i], "/d", "true"), "--chmod takes an octal argument <= 07777");
		assert_int_equal(plan.n_ops, 0);
	}
}

/* --size: only for the very next op, which must be --tmpfs. */
static void fs_size(void **state)
{
	(void)state;
	assert_ok(SBX("--size", "1048576", "--tmpfs", "/t", "--tmpfs", "/u", "true"));
	assert_int_equal(plan.ops[0].size, 1048576);
	assert_int_equal(plan.ops[1].size, 0);
	assert_ok(SBX("--perms", "0700", "--size", "4096", "--tmpfs", "/t", "true"));
	assert_int_equal(plan.ops[0].size, 4096);
	assert_int_equal(plan.ops[0].perms, 0700);
	assert_ok(SBX("--size", "4096", "--perms", "0700", "--tmpfs", "/t", "true"));
	assert_int_equal(plan.ops[0].size, 4096);
	assert_int_equal(plan.ops[0].perms, 0700);
	/* strtoull's base 0, as bubblewrap reads it */
	assert_ok(BW("--size", "0x10", "--tmpfs", "/t", "true"));
	assert_int_equal(plan.ops[0].size, 16);

	assert_fails(SBX("--size", "4096", "--dir", "/d", "true"), "--size must be followed by --tmpfs");
	assert_fails(BW("--size", "4096", "--bind", "/", "/x", "true"), "--size must be followed by --tmpfs");
	assert_fails(SBX("--size", "4096", "true"), "--size must be followed by --tmpfs");
	assert_fails(SBX("--size", "4096", "--unshare-pid", "--tmpfs", "/t", "true"),
		     "--size must be followed by --tmpfs");
	assert_fails(SBX("--size", "1", "--size", "2", "--tmpfs", "/t", "true"),
		     "--size given twice for the same action");
#define SIZE_MSG(v) "--size: invalid size '" v "': expected a non-zero number of bytes, " \
	"optionally followed by K, M or G (powers of 1024)"
	assert_fails(SBX("--size", "0", "--tmpfs", "/t", "true"), SIZE_MSG("0"));
	assert_fails(BW("--size", "0", "--tmpfs", "/t", "true"), "--size takes a non-zero number of bytes");
	assert_fails(BW("--size", "-1", "--tmpfs", "/t", "true"), "--size takes a non-zero number of bytes");
	assert_fails(SBX("--size", "", "--tmpfs", "/t", "true"), SIZE_MSG(""));
	assert_fails(SBX("--size", "12x", "--tmpfs", "/t", "true"), SIZE_MSG("12x"));
	assert_fails(SBX("--size", "12kk", "--tmpfs", "/t", "true"), SIZE_MSG("12kk"));
	assert_fails(SBX("--size", "0K", "--tmpfs", "/t", "true"), SIZE_MSG("0K"));
	assert_fails(BW("--size", "12k", "--tmpfs", "/t", "true"), "--size takes a non-zero number of bytes");
	assert_fails(SBX("--size", "99999999999999999999999", "--tmpfs", "/t", "true"),
		     SIZE_MSG("99999999999999999999999"));
	assert_fails(SBX("--size", "17179869184G", "--tmpfs", "/t", "true"), SIZE_MSG("17179869184G"));
	/* the sbx face's suffixes: powers of 1024 */
	assert_ok(SBX("--size", "12k", "--tmpfs", "/t", "true"));
	assert_int_equal(plan.ops[0].size, 12 * 1024);
	assert_ok(SBX("--size=3M", "--tmpfs", "/t", "true"));
	assert_int_equal(plan.ops[0].size, 3 * 1024 * 1024);
	assert_ok(SBX("--size", "2G", "--tmpfs", "/t", "true"));
	assert_int_equal(plan.ops[0].size, 2ull << 30);
}

/* ---- process ---- */

static void env_ops(void **state)
{
	(void)state;
	assert_ok(SBX("--setenv", "A", "x=y", "--unsetenv", "B", "--clearenv", "--setenv", "C", "", "true"));
	assert_int_equal(plan.n_env, 4);
	assert_int_equal(plan.env[0].type, SBX_ENV_SET);
	assert_string_equal(plan.env[0].name, "A");
	assert_string_equal(plan.env[0].value, "x=y");
	assert_int_equal(plan.env[1].type, SBX_ENV_UNSET);
	assert_string_equal(plan.env[1].name, "B");
	assert_null(plan.env[1].value);
	assert_int_equal(plan.env[2].type, SBX_ENV_CLEAR);
	assert_null(plan.env[2].name);
	assert_int_equal(plan.env[3].type, SBX_ENV_SET);
	assert_string_equal(plan.env[3].value, "");

	assert_fails(SBX("--setenv", "A=B", "x", "true"), "--setenv: 'A=B' is not a valid variable name");
	assert_fails(SBX("--setenv", "", "x", "true"), "--setenv: '' is not a valid variable name");
	assert_fails(SBX("--unsetenv", "A=", "true"), "--unsetenv: 'A=' is not a valid variable name");
}

static void process_flags(void **state)
{
	(void)state;
	assert_ok(SBX("true"));
	assert_false(plan.new_session || plan.die_with_parent || plan.as_pid_1 ||
		     plan.level_prefix || plan.verbose);
	assert_null(plan.argv0);
	assert_ok(SBX("--new-session", "--die-with-parent", "--as-pid-1", "--level-prefix",
		      "--verbose", "--argv0", "name", "--chdir", "/a", "--chdir", "/b", "true"));
	assert_true(plan.new_session && plan.die_with_parent && plan.as_pid_1 &&
		    plan.level_prefix && plan.verbose);
	assert_string_equal(plan.argv0, "name");
	assert_string_equal(plan.chdir, "/b");
	assert_int_equal(plan.n_chdir, 2);
}

/* ---- capabilities ---- */

static void caps_names(void **state)
{
	(void)state;
	assert_ok(SBX("--cap-add", "CAP_NET_RAW", "--cap-drop", "ALL", "--cap-add", "cap_sys_admin",
		      "--cap-drop", "all", "true"));
	assert_int_equal(plan.n_caps, 4);
	assert_true(plan.caps[0].add);
	assert_int_equal(plan.caps[0].cap, CAP_NET_RAW);
	assert_false(plan.caps[1].add);
	assert_int_equal(plan.caps[1].cap, SBX_CAP_ALL);
	assert_int_equal(plan.caps[2].cap, CAP_SYS_ADMIN);
	assert_int_equal(plan.caps[3].cap, SBX_CAP_ALL);
	assert_ok(BW("--cap-add", "CAP_CHOWN", "true"));
	assert_int_equal(plan.caps[0].cap, CAP_CHOWN);
}

static void caps_unknown(void **state)
{
	static const char *const bad[] = { "CAP_FOO", "NET_RAW", "12", "", "CAP_", "ALLL" };
	char want[256];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(want, sizeof(want), "--cap-add: unknown capability '%s' (names as in capabilities(7), "
			 "e.g. CAP_NET_RAW, or ALL)", bad[i]);
		assert_fails(SBX("--cap-add", bad[i], "true"), want);
		snprintf(want, sizeof(want), "--cap-drop: unknown capability '%s' (names as in capabilities(7), "
			 "e.g. CAP_NET_RAW, or ALL)", bad[i]);
		assert_fails(SBX("--cap-drop", bad[i], "true"), want);
		assert_int_equal(plan.n_caps, 0);
	}
	assert_fails(BW("--cap-add", "CAP_FOO", "true"), "unknown cap: CAP_FOO");
	assert_fails(BW("--cap-drop", "NET_RAW", "true"), "unknown cap: NET_RAW");
	/* bubblewrap takes what libcap's cap_from_name() takes, numbers too */
	assert_ok(BW("--cap-add", "12", "true"));
	assert_int_equal(plan.caps[0].cap, 12);
}

/*
 * sbx_cap_from_name() takes what libcap 2.66's cap_from_name() takes: each
 * row below was checked against libcap on Debian 12 when sbx stopped
 * linking it (numbers in base 0 below 64, names case-insensitive, what
 * follows a number or the run of letters and '_' is not looked at).
 */
static void caps_from_name_as_libcap(void **state)
{
	static const struct {
		const char *in;
		int cap; /* -1: refused */
	} rows[] = {
		{ "CAP_CHOWN", 0 }, { "cap_chown", 0 }, { "Cap_ChOwN", 0 }, { "cap_chown1", 0 },
		{ "cap_chown_", -1 }, { "cap_chown,x", 0 }, { "cap_chown x", 0 }, { "12", 12 },
		{ "0x10", 16 }, { "010", 8 }, { "077", 63 }, { "0x3f", 63 }, { "63", 63 }, { "64", -1 },
		{ "0x40", -1 }, { "99", -1 }, { "4294967295", -1 }, { "2147483648", -1 }, { "-1", -1 },
		{ "+5", -1 }, { " 12", -1 }, { "", -1 }, { "CAP_", -1 }, { "chown", -1 },
		{ "CAP_CHECKPOINT_RESTORE", 40 }, { "cap_sys_admin", 21 }, { "CAP_SYS_ADMIN\n", 21 },
		{ "12abc", 12 }, { "5 ", 5 }, { "1e3", 1 }, { "0", 0 }, { "cap_last_cap", -1 },
		{ "all", -1 }, { "CAP_BPF", 39 }, { "cap_perfmon", 38 },
	};
	char upper[64];

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		int cap = -7, r = sbx_cap_from_name(rows[i].in, &cap);

		if (r != (rows[i].cap < 0 ? -1 : 0) || (r == 0 && cap != rows[i].cap))
			fail_msg("'%s': got %d (cap %d), want cap %d", rows[i].in, r, cap, rows[i].cap);
	}
	/* every name, as capabilities(7) writes it, and back */
	for (int c = 0; c <= SBX_CAP_NAMED_LAST; c++) {
		const char *n = sbx_cap_name(c);
		int got = -1;
		size_t j;

		assert_non_null(n);
		for (j = 0; n[j] && j + 1 < sizeof(upper); j++)
			upper[j] = (char)toupper((unsigned char)n[j]);
		upper[j] = '\0';
		assert_int_equal(sbx_cap_from_name(upper, &got), 0);
		assert_int_equal(got, c);
	}
	assert_string_equal(sbx_cap_name(CAP_SYS_ADMIN), "cap_sys_admin");
	assert_string_equal(sbx_cap_name(CAP_CHECKPOINT_RESTORE), "cap_checkpoint_restore");
	assert_null(sbx_cap_name(SBX_CAP_NAMED_LAST + 1));
	assert_null(sbx_cap_name(-1));
}

/* ---- fds ---- */

static void fds_options(void **state)
{
	(void)state;
	assert_ok(SBX("--info-fd", "3", "--json-status-fd", "4", "--sync-fd", "5", "--block-fd", "6",
		      "--userns-block-fd", "7", "--pass-fd", "8", "--pass-fd", "2147483647", "true"));
	assert_int_equal(plan.info_fd, 3);
	assert_int_equal(plan.json_status_fd, 4);
	assert_int_equal(plan.sync_fd, 5);
	assert_int_equal(plan.block_fd, 6);
	assert_int_equal(plan.userns_block_fd, 7);
	assert_int_equal(plan.n_pass_fds, 2);
	assert_int_equal(plan.pass_fds[0], 8);
	assert_int_equal(plan.pass_fds[1], 2147483647);
}

static void fds_invalid(void **state)
{
	static const char *const opts[] = {
		"--info-fd", "--json-status-fd", "--sync-fd", "--block-fd", "--userns-block-fd",
		"--seccomp", "--add-seccomp-fd", "--userns", "--userns2", "--pidns",
	};
	static const char *const bad[] = { "0a", "", "-1", "2147483648", "0x3", " 3" };
	char want[256];

	(void)state;
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		for (size_t j = 0; j < sizeof(bad) / sizeof(bad[0]); j++) {
			snprintf(want, sizeof(want), "Invalid fd: %s", bad[j]);
			assert_fails(BW(opts[i], bad[j], "true"), want);
			snprintf(want, sizeof(want), "Invalid fd: %s (%s takes a file descriptor number)",
				 bad[j], opts[i]);
			assert_fails(SBX(opts[i], bad[j], "true"), want);
		}
	}
	assert_fails(SBX("--pass-fd", "0a", "true"), "Invalid fd: 0a (--pass-fd takes a file descriptor number)");
}

static void seccomp_sources(void **state)
{
	(void)state;
	assert_ok(SBX("--seccomp", "3", "true"));
	assert_int_equal(plan.n_seccomp_fds, 1);
	assert_int_equal(plan.seccomp_fds[0].fd, 3);
	assert_false(plan.seccomp_fds[0].add);
	assert_ok(BW("--add-seccomp-fd", "3", "--add-seccomp-fd", "4", "true"));
	assert_int_equal(plan.n_seccomp_fds, 2);
	assert_true(plan.seccomp_fds[0].add && plan.seccomp_fds[1].add);
	assert_int_equal(plan.seccomp_fds[1].fd, 4);
	assert_ok(SBX("--seccomp-profile", "default", "true"));
	assert_string_equal(plan.seccomp_profile, "default");

	assert_fails(BW("--add-seccomp-fd", "3", "--seccomp", "4", "true"),
		     "--seccomp cannot be combined with --add-seccomp-fd");
	assert_fails(SBX("--add-seccomp-fd", "3", "--seccomp", "4", "true"),
		     "--seccomp cannot be combined with --add-seccomp-fd");
	assert_fails(BW("--seccomp", "3", "--add-seccomp-fd", "4", "true"),
		     "--add-seccomp-fd cannot be combined with --seccomp");
	assert_fails(SBX("--seccomp", "3", "--add-seccomp-fd", "4", "true"),
		     "--add-seccomp-fd cannot be combined with --seccomp");
	/* a repeated --seccomp replaces the first, as in bubblewrap */
	assert_ok(BW("--seccomp", "3", "--seccomp", "4", "true"));
	assert_int_equal(plan.n_seccomp_fds, 1);
	assert_int_equal(plan.seccomp_fds[0].fd, 4);
}

/* ---- unknown options, the end of options ---- */

static void unknown_options(void **state)
{
	static const char *const sbx_only[] = {
		"--map-root", "--subids", "--no-subids", "--verbose",
	};
	static const char *const sbx_only1[] = {
		"--map-users", "--map-groups", "--setgroups", "--pass-fd", "--seccomp-profile",
	};
	char want[256];

	(void)state;
	assert_fails(SBX("--foo", "true"),
		     "unknown option '--foo' (see 'sbx --help'; to run a program named so, put '--' before it)");
	assert_fails(SBX("-x", "true"),
		     "unknown option '-x' (see 'sbx --help'; to run a program named so, put '--' before it)");
	assert_fails(SBX("--bind=/", "true"),
		     "--bind takes two arguments: give them as separate words, not with '='");
	assert_fails(SBX("--map-roots", "true"),
		     "unknown option '--map-roots'; did you mean '--map-root'? (to run a program named so, put '--' before it)");
	assert_fails(SBX("-map-root", "true"),
		     "unknown option '-map-root'; did you mean '--map-root'? (to run a program named so, put '--' before it)");
	assert_fails(SBX("--ro-bnd", "/", "/", "true"),
		     "unknown option '--ro-bnd'; did you mean '--ro-bind'? (to run a program named so, put '--' before it)");
	assert_fails(BW("--map-roots", "true"), "Unknown option --map-roots");
	assert_fails(BW("--chdir=/", "true"), "Unknown option --chdir=/");
	assert_fails(BW("-h"), "Unknown option -h");
	assert_ok(SBX("--chdir=/", "--hostname=h", "--unshare-uts", "true"));
	assert_string_equal(plan.chdir, "/");
	assert_string_equal(plan.hostname, "h");
	assert_fails(BW("--foo", "true"), "Unknown option --foo");
	assert_fails(BW("-", "true"), "Unknown option -");
	for (size_t i = 0; i < sizeof(sbx_only) / sizeof(sbx_only[0]); i++) {
		snprintf(want, sizeof(want), "Unknown option %s", sbx_only[i]);
		assert_fails(BW(sbx_only[i], "true"), want);
		assert_ok(SBX(sbx_only[i], "true"));
	}
	for (size_t i = 0; i < sizeof(sbx_only1) / sizeof(sbx_only1[0]); i++) {
		snprintf(want, sizeof(want), "Unknown option %s", sbx_only1[i]);
		assert_fails(BW(sbx_only1[i], "1", "true"), want);
	}
}

/* CVE-2024-32462's class: after the command starts, no word is an option. */
static void end_of_options(void **state)
{
	(void)state;
	assert_ok(SBX("--", "--bind", "/", "/x"));
	assert_int_equal(plan.argc, 3);
	assert_string_equal(plan.argv[0], "--bind");
	assert_string_equal(plan.argv[2], "/x");
	assert_int_equal(plan.n_ops, 0);

	assert_ok(BW("--", "--bind", "/", "/x"));
	assert_string_equal(plan.argv[0], "--bind");
	assert_int_equal(plan.n_ops, 0);

	assert_ok(SBX("--unshare-pid", "cmd", "--bind", "/", "/y", "--", "--help"));
	assert_true(plan.ns.pid);
	assert_int_equal(plan.argc, 6);
	assert_string_equal(plan.argv[0], "cmd");
	assert_string_equal(plan.argv[1], "--bind");
	assert_string_equal(plan.argv[4], "--");
	assert_string_equal(plan.argv[5], "--help");
	assert_int_equal(plan.n_ops, 0);
	assert_int_equal(plan.action, SBX_ACTION_RUN);

	assert_ok(SBX("--", "--"));
	assert_int_equal(plan.argc, 1);
	assert_string_equal(plan.argv[0], "--");

	assert_ok(SBX("--"));
	assert_int_equal(plan.argc, 0);
	assert_ok(PARSE(SBX_FACE_SBX, NULL));
	assert_int_equal(plan.argc, 0);

	/* an option's argument may look like anything, "--" included */
	assert_ok(SBX("--bind", "--", "--help", "true"));
	assert_string_equal(plan.ops[0].src, "--");
	assert_string_equal(plan.ops[0].dest, "--help");
	assert_string_equal(plan.argv[0], "true");
	assert_int_equal(plan.action, SBX_ACTION_RUN);
	/* arguments reach the command byte for byte */
	assert_ok(SBX("--", "sh", "';id;'", "$(id)", "a\nb"));
	assert_string_equal(plan.argv[1], "';id;'");
	assert_string_equal(plan.argv[2], "$(id)");
	assert_string_equal(plan.argv[3], "a\nb");
}

static void missing_arguments(void **state)
{
	(void)state;
	assert_fails(SBX("--bind", "/"), "--bind takes two arguments");
	assert_fails(BW("--bind", "/"), "--bind takes two arguments");
	assert_fails(BW("--bind"), "--bind takes two arguments");
	assert_fails(SBX("--ro-bind-try", "/"), "--ro-bind-try takes two arguments");
	assert_fails(SBX("--setenv", "A"), "--setenv takes two arguments");
	assert_fails(SBX("--overlay", "a", "b"), "--overlay takes three arguments");
	assert_fails(SBX("--uid"), "--uid takes an argument");
	assert_fails(BW("--tmpfs"), "--tmpfs takes an argument");
	assert_fails(SBX("--map-users"), "--map-users takes an argument");
	assert_fails(SBX("--args"), "--args takes an argument");
	assert_fails(BW("--args"), "--args takes an argument");
	assert_fails(SBX("--unshare-pid", "--cap-add"), "--cap-add takes an argument");
	/* bubblewrap's words for these three */
	assert_fails(BW("--chdir"), "--chdir takes one argument");
	assert_fails(SBX("--remount-ro"), "--remount-ro takes one argument");
	assert_fails(BW("--argv0"), "--argv0 takes one argument");
}

/* ---- --args FD ---- */

static void args_fd_basic(void **state)
{
	static const char data[] = "--unshare-pid\0--setenv\0A\0x=y\0";
	int fd = unit_pipe_with(data, sizeof(data) - 1);
	char num[16];

	(void)state;
	snprintf(num, sizeof(num), "%d", fd);
	assert_ok(SBX("--unshare-net", "--args", num, "--unshare-ipc", "true", "arg"));
	close(fd);
	assert_true(plan.ns.net && plan.ns.pid && plan.ns.ipc);
	assert_int_equal(plan.n_env, 1);
	assert_string_equal(plan.env[0].value, "x=y");
	assert_int_equal(plan.argc, 2);
	assert_string_equal(plan.argv[0], "true");
	assert_string_equal(plan.argv[1], "arg");

	fd = unit_pipe_with(data, sizeof(data) - 1);
	snprintf(num, sizeof(num), "%d", fd);
	assert_ok(BW("--args", num, "true"));
	close(fd);
	assert_true(plan.ns.pid);
}

/* Newlines, '=' and leading '-' inside a word are the word's own bytes. */
static void args_fd_literal(void **state)
{
	static const char data[] = "--setenv\0V\0-x\nline2=3\0--chdir\0--dir\0--hostname\0h";
	int fd = unit_pipe_with(data, sizeof(data) - 1); /* last word without its NUL */
	char num[16];

	(void)state;
	snprintf(num, sizeof(num), "%d", fd);
	assert_ok(SBX("--args", num, "true"));
	close(fd);
	assert_string_equal(plan.env[0].name, "V");
	assert_string_equal(plan.env[0].value, "-x\nline2=3");
	assert_string_equal(plan.chdir, "--dir");
	assert_int_equal(plan.n_ops, 0);
	assert_string_equal(plan.hostname, "h");
	assert_string_equal(plan.argv[0], "true");
}

/* The command may start inside the fd's words; the rest of argv follows. */
static void args_fd_command_inside(void **state)
{
	static const char data[] = "--unshare-uts\0--\0cmd\0--bind\0/\0/x\0";
	int fd = unit_pipe_with(data, sizeof(data) - 1);
	char num[16];

	(void)state;
	snprintf(num, sizeof(num), "%d", fd);
	assert_ok(SBX("--args", num, "more", "--unshare-net"));
	close(fd);
	assert_true(plan.ns.uts);
	assert_false(plan.ns.net);
	assert_int_equal(plan.n_ops, 0);
	assert_int_equal(plan.argc, 6);
	assert_string_equal(plan.argv[0], "cmd");
	assert_string_equal(plan.argv[1], "--bind");
	assert_string_equal(plan.argv[4], "more");
	assert_string_equal(plan.argv[5], "--unshare-net");

	/* words after the command are never read from an fd either */
	assert_ok(SBX("--", "cmd", "--args", num));
	assert_int_equal(plan.argc, 3);
	assert_string_equal(plan.argv[1], "--args");
}

static void args_fd_nested(void **state)
{
	static const char inner[] = "--unshare-net\0--setenv\0B\0two\0";
	int fd2 = unit_pipe_with(inner, sizeof(inner) - 1);
	char outer[64];
	int len = snprintf(outer, sizeof(outer), "--unshare-ipc%c--args%c%d%c--unshare-uts", 0, 0, fd2, 0);
	int fd1 = unit_pipe_with(outer, (size_t)len);
	char num[16];

	(void)state;
	snprintf(num, sizeof(num), "%d", fd1);
	assert_ok(SBX("--args", num, "--", "cmd"));
	close(fd1);
	close(fd2);
	assert_true(plan.ns.ipc && plan.ns.net && plan.ns.uts);
	assert_string_equal(plan.env[0].value, "two");
	assert_int_equal(plan.argc, 1);
	assert_string_equal(plan.argv[0], "cmd");

	/* bubblewrap refuses an --args inside --args content */
	fd2 = unit_pipe_with(inner, sizeof(inner) - 1);
	len = snprintf(outer, sizeof(outer), "--args%c%d%c", 0, fd2, 0);
	fd1 = unit_pipe_with(outer, (size_t)len);
	snprintf(num, sizeof(num), "%d", fd1);
	assert_fails(BW("--args", num, "cmd"), "--args not supported in arguments file");
	close(fd1);
	close(fd2);
}

static void args_fd_empty_and_errors(void **state)
{
	int fd = unit_pipe_with("", 0);
	int closed = unit_closed_fd();
	char num[16], want[128];
	char *many;

	(void)state;
	snprintf(num, sizeof(num), "%d", fd);
	assert_ok(SBX("--args", num, "true"));
	close(fd);
	assert_int_equal(plan.argc, 1);

	assert_fails(SBX("--args", "0a", "true"), "Invalid fd: 0a");
	assert_fails(BW("--args", "-1", "true"), "Invalid fd: -1");
	snprintf(num, sizeof(num), "%d", closed);
	snprintf(want, sizeof(want), "--args %d: reading the arguments: Bad file descriptor", closed);
	assert_fails(SBX("--args", num, "true"), want);
	assert_int_equal(err.errnum, EBADF);
	assert_fails(BW("--args", num, "true"), "Can't read --args data: Bad file descriptor");

	/* bubblewrap's limit on the number of words, --args included */
	many = malloc(9001 * 2);
	assert_non_null(many);
	for (int i = 0; i < 9001; i++) {
		many[2 * i] = 'x';
		many[2 * i + 1] = '\0';
	}
	fd = unit_pipe_with(many, 9001 * 2);
	free(many);
	snprintf(num, sizeof(num), "%d", fd);
	assert_fails(SBX("--args", num), "Exceeded maximum number of arguments 9000");
	close(fd);
}

/* ---- --help, --version ---- */

static void help_version(void **state)
{
	(void)state;
	assert_ok(SBX("--help"));
	assert_int_equal(plan.action, SBX_ACTION_HELP);
	assert_ok(BW("--version"));
	assert_int_equal(plan.action, SBX_ACTION_VERSION);
	/* the action ends parsing: what follows is not looked at */
	assert_ok(SBX("--unshare-pid", "--help", "--no-such-option"));
	assert_int_equal(plan.action, SBX_ACTION_HELP);
	assert_true(plan.ns.pid);
	assert_ok(SBX("--version", "--bind"));
	assert_int_equal(plan.action, SBX_ACTION_VERSION);
	/* ... but what precedes it is */
	assert_fails(SBX("--no-such-option", "--help"),
		     "unknown option '--no-such-option' (see 'sbx --help'; to run a program named so, put '--' before it)");
	/* the sbx face's short spellings */
	assert_ok(SBX("-h"));
	assert_int_equal(plan.action, SBX_ACTION_HELP);
	assert_ok(SBX("--map-root", "-V"));
	assert_int_equal(plan.action, SBX_ACTION_VERSION);
	assert_fails(SBX("--help=x"), "--help takes no argument");
	/* after the command, --help is the command's */
	assert_ok(SBX("cmd", "--help"));
	assert_int_equal(plan.action, SBX_ACTION_RUN);
}

/* Rows that name a variant: -try, the overlays' --overlay-src counts, repeats. */
static void rows_variants(void **state)
{
	(void)state;
	assert_ok(SBX("--bind", "/a", "/b", "--bind-try", "/c", "/d", "--ro-bind-try", "/e", "/f",
		      "--dev-bind-try", "/g", "/h", "true"));
	assert_false(plan.ops[0].try_);
	assert_true(plan.ops[1].try_);
	assert_int_equal(plan.ops[2].type, SBX_OP_RO_BIND);
	assert_true(plan.ops[2].try_);
	assert_int_equal(plan.ops[3].type, SBX_OP_DEV_BIND);
	assert_true(plan.ops[3].try_);
	assert_fails(BW("--overlay", "/rw", "/work", "/o", "true"), "--overlay requires at least one --overlay-src");
	assert_fails(BW("--tmp-overlay", "/t", "true"), "--tmp-overlay requires at least one --overlay-src");
	assert_fails(BW("--overlay-src", "/a", "--ro-overlay", "/r", "true"),
		     "--ro-overlay requires at least two --overlay-src");
	assert_fails(BW("--overlay-src", "/a", "--dir", "/d", "true"), "--overlay-src must be followed by another "
		     "--overlay-src or one of --overlay, --tmp-overlay, or --ro-overlay");
	assert_fails(BW("--overlay-src", "/a", "--", "true"), "--overlay-src must be followed by another "
		     "--overlay-src or one of --overlay, --tmp-overlay, or --ro-overlay");
	assert_fails(BW("--argv0", "a", "--argv0", "b", "true"), "--argv0 used multiple times");
	assert_ok(SBX("--seccomp-profile", "none", "--seccomp-profile", "default", "--hostname", "a",
		      "--hostname", "b", "true"));
	assert_string_equal(plan.seccomp_profile, "default");
	assert_string_equal(plan.hostname, "b");
	assert_ok(SBX("--unshare-net", "--share-net", "true"));
	assert_false(plan.ns.net);
}

/* What a parse returns is what its error says (sbx_error_ret()), never a fixed -EINVAL. */
static void errors_carry_their_errno(void **state)
{
	static const char *const bad[][4] = {
		{ "--exec-label", "x", "true", NULL },
		{ "--file-label", "x", "true", NULL },
		{ "--uid", "x", "true", NULL },
		{ "--bind-fd", "x", "/d", NULL },
		{ "--perms", "0700", "--bind", "/a" },
		{ "--overlay-src", "/a", "--tmpfs", "/t" },
		{ "--map-users", "1:2", "true", NULL },
		{ "--no-such-option", NULL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int r;

		sbx_plan_free(&plan);
		sbx_plan_init(&plan, SBX_FACE_SBX);
		sbx_error_clear(&err);
		r = sbx_cli_parse(&plan, bad[i][3] ? 4 : bad[i][2] ? 3 : bad[i][1] ? 2 : 1, (char **)bad[i], &err);
		assert_true(r < 0);
		assert_int_equal(r, sbx_error_ret(&err));
	}
	assert_int_equal(SBX("--exec-label", "x", "true"), -ENOTSUP);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(face_from_name),
		T(split_args_words),
		T(namespaces_each),
		T(namespaces_unshare_all),
		T(namespaces_fds_and_hostname),
		T(ids_valid),
		T(ids_strict),
		T(ids_map_root_subids),
		T(ids_map_ranges),
		T(ids_map_ranges_bad),
		T(ids_setgroups),
		T(fs_ops_fields),
		T(fs_ops_fd_invalid),
		T(fs_ops_order_overlay_chmod),
		T(fs_perms),
		T(fs_perms_bad_octal),
		T(fs_size),
		T(env_ops),
		T(process_flags),
		T(caps_names),
		T(caps_unknown),
		T(caps_from_name_as_libcap),
		T(fds_options),
		T(fds_invalid),
		T(seccomp_sources),
		T(unknown_options),
		T(end_of_options),
		T(missing_arguments),
		T(args_fd_basic),
		T(args_fd_literal),
		T(args_fd_command_inside),
		T(args_fd_nested),
		T(args_fd_empty_and_errors),
		T(help_version),
		T(rows_variants),
		T(errors_carry_their_errno),
	};

	return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
