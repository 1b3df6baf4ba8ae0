/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * src/landlock.c's pure half: the options -> rules with their access
 * masks, trimmed for every ABI from none to 7, and what is reported for a
 * rule an ABI cannot enforce; plan.c's refusals of bad Landlock input.
 */
#include "config.h"

#include <stdio.h>

#include "unit.h"

#include "cli.h"
#include "landlock.h"
#include "plan.h"

static struct sbx_plan plan;
static struct sbx_landlock ll;
static struct sbx_error err;

/* The kernel's values, written out so the test checks them independently. */
#define EXEC (1ULL << 0)
#define WRITE_FILE (1ULL << 1)
#define READ_FILE (1ULL << 2)
#define READ_DIR (1ULL << 3)
#define REFER (1ULL << 13)
#define TRUNCATE (1ULL << 14)
#define IOCTL_DEV (1ULL << 15)
#define ABI1_FS ((1ULL << 13) - 1)
#define NET_BIND 1ULL
#define NET_CONNECT 2ULL
#define SCOPE_ABSTRACT 1ULL
#define SCOPE_SIGNAL 2ULL

static int setup(void **state)
{
	(void)state;
	sbx_plan_init(&plan, SBX_FACE_SBX);
	memset(&ll, 0, sizeof(ll));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sbx_landlock_free(&ll);
	sbx_plan_free(&plan);
	return 0;
}

/* Parse and validate @words (in @face), then build for @abi. */
static int build_words(enum sbx_face face, int abi, const char **words)
{
	int n = 0, r;

	while (words[n])
		n++;
	sbx_landlock_free(&ll);
	sbx_plan_free(&plan);
	sbx_plan_init(&plan, face);
	sbx_error_clear(&err);
	r = sbx_cli_parse(&plan, n, (char **)words, &err);
	if (r == 0)
		r = sbx_plan_validate(&plan, &err);
	if (r == 0)
		r = sbx_landlock_build(&plan, abi, &ll, &err);
	return r;
}

#define BUILD(abi, ...) build_words(SBX_FACE_SBX, abi, (const char *[]){ __VA_ARGS__, NULL })
#define BUILD_BW(abi, ...) build_words(SBX_FACE_BWRAP, abi, (const char *[]){ __VA_ARGS__, NULL })

static const struct sbx_ll_rule *rule(size_t i)
{
	assert_true(i < ll.n_rules);
	return &ll.rules[i];
}

static void path_rules(void **state)
{
	(void)state;
	assert_ok(BUILD(7, "--no-scope", "--landlock-ro", "/usr", "--landlock-exec", "/bin",
			"--landlock-rw", "/home/me", "true"));
	assert_int_equal(ll.n_rules, 3);
	assert_string_equal(rule(0)->path, "/usr");
	assert_string_equal(rule(0)->option, "--landlock-ro");
	assert_int_equal(rule(0)->access, READ_FILE | READ_DIR);
	assert_int_equal(rule(1)->access, READ_FILE | READ_DIR | EXEC);
	/* rw: everything but execute */
	assert_int_equal(rule(2)->access, (ABI1_FS | REFER | TRUNCATE | IOCTL_DEV) & ~EXEC);
	assert_int_equal(ll.handled_fs, ABI1_FS | REFER | TRUNCATE | IOCTL_DEV);
	assert_int_equal(ll.handled_net, 0);
	assert_int_equal(ll.scoped, 0);
	assert_true(sbx_landlock_active(&ll));
}

/* Each ABI handles, and grants, only the rights it knows. */
static void fs_trimmed_by_abi(void **state)
{
	static const struct { int abi; uint64_t fs; } want[] = {
		{ 1, ABI1_FS }, { 2, ABI1_FS | REFER }, { 3, ABI1_FS | REFER | TRUNCATE },
		{ 4, ABI1_FS | REFER | TRUNCATE }, { 5, ABI1_FS | REFER | TRUNCATE | IOCTL_DEV },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		assert_ok(BUILD(want[i].abi, "--no-scope", "--landlock-rw", "/w", "true"));
		assert_int_equal(ll.handled_fs, want[i].fs);
		assert_int_equal(rule(0)->access, want[i].fs & ~EXEC);
		assert_false(rule(0)->dropped);
	}
	/* no Landlock at all: the rule is dropped and nothing is handled */
	assert_ok(BUILD(0, "--no-scope", "--landlock-ro", "/usr", "true"));
	assert_true(rule(0)->dropped);
	assert_false(sbx_landlock_active(&ll));
}

static void ports(void **state)
{
	(void)state;
	assert_ok(BUILD(4, "--no-scope", "--landlock-connect-tcp", "443", "--landlock-bind-tcp", "0", "true"));
	assert_int_equal(ll.n_rules, 2);
	assert_int_equal(rule(0)->type, SBX_LL_RULE_PORT);
	assert_int_equal(rule(0)->port, 443);
	assert_int_equal(rule(0)->access, NET_CONNECT);
	assert_int_equal(rule(1)->port, 0);
	assert_int_equal(rule(1)->access, NET_BIND);
	assert_int_equal(ll.handled_net, NET_BIND | NET_CONNECT);
	assert_int_equal(ll.handled_fs, 0);
	/* only connect asked: bind stays unrestricted */
	assert_ok(BUILD(7, "--no-scope", "--landlock-connect-tcp", "80", "true"));
	assert_int_equal(ll.handled_net, NET_CONNECT);
	/* ABI 3 cannot: dropped, with the ABI it needs */
	assert_ok(BUILD(3, "--no-scope", "--landlock-connect-tcp", "443", "true"));
	assert_true(rule(0)->dropped);
	assert_int_equal(rule(0)->abi, 4);
	assert_int_equal(ll.handled_net, 0);
}

static void scopes(void **state)
{
	(void)state;
	/* the sbx face scopes both by default, silently dropped before ABI 6 */
	assert_ok(BUILD(6, "true"));
	assert_int_equal(ll.scoped, SCOPE_SIGNAL | SCOPE_ABSTRACT);
	assert_true(rule(0)->implicit);
	assert_ok(BUILD(5, "true"));
	assert_int_equal(ll.scoped, 0);
	assert_true(rule(0)->dropped);
	assert_ok(sbx_landlock_check(&ll, true, &err));
	/* --no-scope: none */
	assert_ok(BUILD(7, "--no-scope", "true"));
	assert_int_equal(ll.n_rules, 0);
	assert_false(sbx_landlock_active(&ll));
	/* asked by name: not implicit, so an old ABI is reported */
	assert_ok(BUILD(7, "--scope-signals", "true"));
	assert_false(rule(0)->implicit);
	assert_true(rule(1)->implicit);
	assert_ok(BUILD(5, "--scope-signals", "true"));
	assert_fails(sbx_landlock_check(&ll, true, &err),
		     "--scope-signals needs Landlock ABI 6, but this kernel has ABI 5 "
		     "(--landlock-strict: refusing to run without it)");
	/* the bwrap face never scopes unless asked, and cannot be asked */
	assert_ok(BUILD_BW(7, "--ro-bind", "/", "/", "true"));
	assert_int_equal(ll.n_rules, 0);
	assert_false(sbx_landlock_active(&ll));
	assert_fails(BUILD_BW(7, "--scope-signals", "true"), "Unknown option --scope-signals");
	assert_fails(BUILD_BW(7, "--landlock-ro", "/", "true"), "Unknown option --landlock-ro");
}

static void dropped_messages(void **state)
{
	char buf[256];

	(void)state;
	assert_ok(BUILD(0, "--landlock-ro", "/usr", "--landlock-bind-tcp", "8080", "true"));
	sbx_landlock_dropped_msg(&ll, rule(0), buf, sizeof(buf));
	assert_string_equal(buf, "--landlock-ro /usr needs Landlock ABI 1, but this kernel has no Landlock");
	sbx_landlock_dropped_msg(&ll, rule(1), buf, sizeof(buf));
	assert_string_equal(buf, "--landlock-bind-tcp 8080 needs Landlock ABI 4, but this kernel has no Landlock");
	assert_fails(sbx_landlock_check(&ll, true, &err),
		     "--landlock-ro /usr needs Landlock ABI 1, but this kernel has no Landlock "
		     "(--landlock-strict: refusing to run without it)");
	/* without --landlock-strict: warnings only */
	assert_ok(sbx_landlock_check(&ll, false, &err));
}

/* An ABI that knows only part of the filesystem rights: said, per right. */
static void partial_abi(void **state)
{
	char buf[300];

	(void)state;
	assert_ok(BUILD(2, "--no-scope", "--landlock-ro", "/usr", "--landlock-rw", "/w", "true"));
	assert_int_equal(ll.fs_unhandled, TRUNCATE | IOCTL_DEV);
	assert_false(rule(0)->dropped);
	sbx_landlock_partial_msg(&ll, rule(0), TRUNCATE, buf, sizeof(buf));
	assert_string_equal(buf, "--landlock-ro /usr: restricting truncation needs Landlock ABI 3, but this kernel "
				 "has ABI 2: any file the user may write can be truncated, even outside the rules");
	assert_fails(sbx_landlock_check(&ll, true, &err),
		     "--landlock-ro /usr: restricting truncation needs Landlock ABI 3, but this kernel has ABI 2: "
		     "any file the user may write can be truncated, even outside the rules "
		     "(--landlock-strict: refusing to run without it)");
	assert_ok(sbx_landlock_check(&ll, false, &err));
	/* ABI 4: only device ioctls */
	assert_ok(BUILD(4, "--no-scope", "--landlock-ro", "/usr", "true"));
	assert_int_equal(ll.fs_unhandled, IOCTL_DEV);
	assert_fails(sbx_landlock_check(&ll, true, &err),
		     "--landlock-ro /usr: restricting ioctl on devices needs Landlock ABI 5, but this kernel has "
		     "ABI 4: device ioctls are not restricted (--landlock-strict: refusing to run without it)");
	/* ABI 1: REFER is a grant of --landlock-rw; a read-only rule loses nothing */
	assert_ok(BUILD(1, "--no-scope", "--landlock-ro", "/usr", "--landlock-rw", "/w", "true"));
	assert_int_equal(rule(0)->lost, 0);
	assert_int_equal(rule(1)->lost, REFER | TRUNCATE | IOCTL_DEV);
	sbx_landlock_partial_msg(&ll, rule(1), REFER, buf, sizeof(buf));
	assert_string_equal(buf, "--landlock-rw /w: allowing renames and links across directories needs Landlock "
				 "ABI 2, but this kernel has ABI 1: they are refused everywhere, even in the writable "
				 "paths");
	/* ABI 5 and later: nothing to say */
	assert_ok(BUILD(5, "--no-scope", "--landlock-rw", "/w", "true"));
	assert_int_equal(ll.fs_unhandled, 0);
	assert_ok(sbx_landlock_check(&ll, true, &err));
	/* no path rule: no filesystem right is missing */
	assert_ok(BUILD(4, "--no-scope", "--landlock-connect-tcp", "443", "true"));
	assert_int_equal(ll.fs_unhandled, 0);
	/* --no-userns: no truncation rule is an error even without --landlock-strict */
	assert_ok(BUILD(2, "--no-userns", "--no-scope", "--ro-bind", "/", "/", "true"));
	assert_fails(sbx_landlock_check(&ll, false, &err),
		     "--ro-bind /: restricting truncation needs Landlock ABI 3, but this kernel has ABI 2: any file "
		     "the user may write can be truncated, even outside the rules (with --no-userns the binds are "
		     "only Landlock rules: refusing to run without it)");
	assert_ok(BUILD(4, "--no-userns", "--no-scope", "--ro-bind", "/", "/", "true"));
	assert_ok(sbx_landlock_check(&ll, false, &err));
}

static void bad_input(void **state)
{
	(void)state;
	assert_fails(BUILD(7, "--landlock-ro", "", "true"),
		     "--landlock-ro: the path is empty: give a directory or file as the command sees it inside "
		     "the sandbox, e.g. --landlock-ro /usr");
	assert_fails(BUILD(7, "--landlock-rw", "tmp", "true"),
		     "--landlock-rw 'tmp': the path must be absolute, as the command sees it inside the sandbox "
		     "(e.g. /tmp)");
	assert_fails(BUILD(7, "--landlock-connect-tcp", "0", "true"),
		     "--landlock-connect-tcp '0': invalid port: expected a decimal number from 1 to 65535");
	assert_fails(BUILD(7, "--landlock-bind-tcp", "65536", "true"),
		     "--landlock-bind-tcp '65536': invalid port: expected a decimal number from 0 to 65535");
	assert_fails(BUILD(7, "--landlock-bind-tcp", "http", "true"),
		     "--landlock-bind-tcp 'http': invalid port: expected a decimal number from 0 to 65535");
	assert_fails(BUILD(7, "--landlock-connect-tcp", "-1", "true"),
		     "--landlock-connect-tcp '-1': invalid port: expected a decimal number from 1 to 65535");
	assert_fails(BUILD(7, "--no-scope", "--scope-signals", "true"),
		     "--no-scope cannot be combined with --scope-signals: keep one of them");
	assert_fails(BUILD(7, "--scope-abstract-sockets", "--no-scope", "true"),
		     "--no-scope cannot be combined with --scope-abstract-sockets: keep one of them");
	assert_fails(BUILD(7, "--landlock-ro"), "--landlock-ro takes an argument");
}

/* --no-userns: binds are rules on their one path; nothing else is made */
static void no_userns(void **state)
{
	(void)state;
	assert_ok(BUILD(7, "--no-userns", "--no-scope", "--ro-bind", "/usr", "/usr", "--bind", "/home", "/home",
			"--ro-bind-try", "/opt", "/opt", "true"));
	assert_int_equal(ll.n_rules, 3);
	assert_string_equal(rule(0)->path, "/usr");
	assert_int_equal(rule(0)->access, READ_FILE | READ_DIR | EXEC);
	assert_true(rule(0)->required);
	assert_int_equal(rule(1)->access, ABI1_FS | REFER | TRUNCATE | IOCTL_DEV);
	assert_true(rule(2)->try_);
	assert_ok(sbx_plan_resolve(&plan, &err));
	assert_int_equal(plan.res.clone_flags, 0);
	assert_false(plan.res.userns);
	assert_false(plan.res.new_root);
	/* without Landlock, a bind is never dropped quietly */
	assert_ok(BUILD(0, "--no-userns", "--ro-bind", "/", "/", "true"));
	assert_fails(sbx_landlock_check(&ll, false, &err),
		     "--ro-bind / needs Landlock ABI 1, but this kernel has no Landlock (with --no-userns the bind "
		     "is only a Landlock rule: refusing to run without it)");
	assert_fails(BUILD(7, "--no-userns", "--tmpfs", "/tmp", "true"),
		     "--tmpfs cannot be used with --no-userns: it needs a mount namespace; with --no-userns, the "
		     "filesystem is shaped by Landlock only: --ro-bind P P, --bind P P and the --landlock-* options");
	assert_fails(BUILD(7, "--no-userns", "--unshare-pid", "true"),
		     "--unshare-pid cannot be used with --no-userns: it needs a namespace, and --no-userns makes "
		     "none (drop one of the two)");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(path_rules),
		T(fs_trimmed_by_abi),
		T(ports),
		T(scopes),
		T(dropped_messages),
		T(partial_abi),
		T(bad_input),
		T(no_userns),
	};

	return cmocka_run_group_tests_name("landlock", tests, NULL, NULL);
}
