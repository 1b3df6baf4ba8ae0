/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the seccomp pipeline: profile errors (exact messages),
 * every action and comparison as the kernel selftests test them (compile,
 * fork, load, call, and look at how the child ended), includes/excludes,
 * and the cache's format checks.
 */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <limits.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "jsonpos.h"
#include "log.h"
#include "plan.h"
#include "seccomp.h"
#include "seccomp_internal.h"
#include "util.h"

static struct sbx_seccomp_env env;

static int setup(void **state)
{
	struct sbx_plan plan;

	sbx_plan_init(&plan, SBX_FACE_SBX);
	sbx_seccomp_env_init(&plan, &env);
	sbx_plan_free(&plan);
	return 0;
}

static int compile(const char *json, struct sbx_seccomp *sc, struct sbx_error *err)
{
	memset(sc, 0, sizeof(*sc));
	memset(err, 0, sizeof(*err));
	return sbx_seccomp_compile("t.json", json, strlen(json), &env, sc, err);
}

/* --- errors --- */

static const struct {
	const char *json;
	const char *msg;
} bad[] = {
	{ "{\n  \"defaultAction\": \"SCMP_ACT_ALLOW\",\n  oops\n}",
	  "seccomp profile 't.json': line 3, column 3: quoted object property name expected" },
	{ "{ \"defaultAction\": ", "seccomp profile 't.json': line 1, column 20: unexpected end of the file" },
	{ "{} []", "seccomp profile 't.json': line 1, column 4: unexpected character" },
	{ "[]", "seccomp profile 't.json': (top level): expected an object" },
	{ "{}", "seccomp profile 't.json': defaultAction: missing" },
	{ "{\"defaultAction\": \"SCMP_ACT_NOPE\"}", "seccomp profile 't.json': defaultAction: unknown action 'SCMP_ACT_NOPE'" },
	{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"defaultErrnoRet\": 1}",
	  "seccomp profile 't.json': defaultErrnoRet: action SCMP_ACT_ALLOW takes no errno" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrno\": \"EWHAT\"}",
	  "seccomp profile 't.json': defaultErrno: unknown errno name 'EWHAT'" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": -1}",
	  "seccomp profile 't.json': defaultErrnoRet: -1 is negative" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 5000}",
	  "seccomp profile 't.json': defaultErrnoRet: 5000 is above 4095" },
	{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"architectures\": [\"SCMP_ARCH_X86_64\"], \"archMap\": []}",
	  "seccomp profile 't.json': archMap: 'architectures' and 'archMap' cannot both be given" },
	{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"flags\": [\"SECCOMP_FILTER_FLAG_BOGUS\"]}",
	  "seccomp profile 't.json': flags[0]: unknown flag 'SECCOMP_FILTER_FLAG_BOGUS'" },
	{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": {}}",
	  "seccomp profile 't.json': syscalls: expected an array" },
	{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_KILLL\"}]}",
	  "seccomp profile 't.json': syscalls[0].action: unknown action 'SCMP_ACT_KILLL'" },
	{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_KILL\", \"errnoRet\": 1}]}",
	  "seccomp profile 't.json': syscalls[0].errnoRet: action SCMP_ACT_KILL takes no errno" },
	{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_LOG\", \"errno\": \"EPERM\"}]}",
	  "seccomp profile 't.json': syscalls[0].errno: action SCMP_ACT_LOG takes no errno" },
	{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\", "
	  "\"args\": [{\"index\": 6, \"value\": 1, \"op\": \"SCMP_CMP_EQ\"}]}]}",
	  "seccomp profile 't.json': syscalls[0].args[0].index: 6 is above 5" },
	{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\", "
	  "\"args\": [{\"index\": 0, \"value\": 1, \"op\": \"SCMP_CMP_SORTA\"}]}]}",
	  "seccomp profile 't.json': syscalls[0].args[0].op: unknown operator 'SCMP_CMP_SORTA'" },
	{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\", "
	  "\"args\": [{\"value\": 1, \"op\": \"SCMP_CMP_EQ\"}]}]}",
	  "seccomp profile 't.json': syscalls[0].args[0].index: missing" },
	{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"name\": \"read\", \"names\": [\"write\"], \"action\": \"SCMP_ACT_ERRNO\"}]}",
	  "seccomp profile 't.json': syscalls[0].name: 'name' and 'names' cannot both be given" },
	{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\", 3], \"action\": \"SCMP_ACT_ERRNO\"}]}",
	  "seccomp profile 't.json': syscalls[0].names[1]: expected a string" },
	{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\", "
	  "\"includes\": {\"minKernel\": \"four\"}}]}",
	  "seccomp profile 't.json': syscalls[0].includes.minKernel: 'four' is not a kernel version such as \"4.8\"" },
	{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_NOTIFY\"}]}",
	  "seccomp profile 't.json': listenerPath: SCMP_ACT_NOTIFY rules need a listenerPath" },
};

static void test_errors(void **state)
{
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct sbx_seccomp sc;
		struct sbx_error err;

		assert_int_equal(compile(bad[i].json, &sc, &err), -EINVAL);
		assert_string_equal(err.msg, bad[i].msg);
		assert_int_equal(sc.n_progs, 0);
		sbx_seccomp_free(&sc);
	}
}

/* --- unknown keys, and where they stand --- */

#define A "{\"defaultAction\": \"SCMP_ACT_ALLOW\", "
#define KNOWN_SYSCALL "(known: names, name, action, errnoRet, errno, args, comment, includes, excludes)"

static const struct {
	const char *json;
	const char *msg;
} unknown[] = {
	{ "{\n  \"defaultAction\": \"SCMP_ACT_ALLOW\",\n  \"syscals\": []\n}",
	  "seccomp profile 't.json': line 3, column 3: unknown key 'syscals' at the top level (known: "
	  "defaultAction, defaultErrnoRet, defaultErrno, architectures, archMap, syscalls, flags, "
	  "listenerPath, listenerMetadata, comment)" },
	{ A "\"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\"},\n"
	  "\t{\"nmes\": [\"write\"], \"action\": \"SCMP_ACT_ERRNO\"}]}",
	  "seccomp profile 't.json': line 2, column 3: unknown key 'nmes' in syscalls[1] " KNOWN_SYSCALL },
	/* an entry for another architecture is checked all the same */
	{ A "\"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\", "
	  "\"includes\": {\"arches\": [\"s390x\"]}, \"coment\": \"x\"}]}",
	  "seccomp profile 't.json': line 1, column 133: unknown key 'coment' in syscalls[0] " KNOWN_SYSCALL },
	{ A "\"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\",\n"
	  "  \"args\": [{\"index\": 0, \"value\": 1, \"op\": \"SCMP_CMP_EQ\"},\n"
	  "           {\"index\": 1, \"valu\": 1, \"op\": \"SCMP_CMP_EQ\"}]}]}",
	  "seccomp profile 't.json': line 3, column 25: unknown key 'valu' in syscalls[0].args[1] "
	  "(known: index, value, valueTwo, op)" },
	{ A "\"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\", \"excludes\": {\"cap\": []}}]}",
	  "seccomp profile 't.json': line 1, column 111: unknown key 'cap' in syscalls[0].excludes "
	  "(known: caps, arches, minKernel)" },
	{ A "\"archMap\": [{\"architecture\": \"SCMP_ARCH_X86_64\", \"subArchitecture\": []}]}",
	  "seccomp profile 't.json': line 1, column 86: unknown key 'subArchitecture' in archMap[0] "
	  "(known: architecture, subArchitectures)" },
	/* json-c resolves escapes in keys: the finder does too */
	{ A "\"sysc\\u0061lls\": [], \"\\u00e9\": 1}",
	  "seccomp profile 't.json': line 1, column 58: unknown key '?\?' at the top level (known: "
	  "defaultAction, defaultErrnoRet, defaultErrno, architectures, archMap, syscalls, flags, "
	  "listenerPath, listenerMetadata, comment)" },
	/* duplicate members: json-c keeps the last, and so does the path */
	{ A "\"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\"}],\n"
	  "\"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\", \"op\": 1}]}",
	  "seccomp profile 't.json': line 2, column 62: unknown key 'op' in syscalls[0] " KNOWN_SYSCALL },
};

static void test_unknown_keys(void **state)
{
	for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		struct sbx_seccomp sc;
		struct sbx_error err;

		assert_int_equal(compile(unknown[i].json, &sc, &err), -EINVAL);
		assert_string_equal(err.msg, unknown[i].msg);
		assert_int_equal(sc.n_progs, 0);
		sbx_seccomp_free(&sc);
	}
}

/* The offset of @key in the object @path names, as "line:col" or "ERR/line:col". */
static const char *key_at(const char *text, size_t len, const struct sbx_json_step *path, size_t n,
			  const char *key)
{
	static char buf[64];
	unsigned line, col;
	size_t off;
	int r = sbx_json_key_offset(text, len, path, n, key, &off);

	sbx_json_line_col(text, len, off, &line, &col);
	snprintf(buf, sizeof(buf), "%s%u:%u", r == 0 ? "" : r == -ENOENT ? "ENOENT/" : "EINVAL/", line, col);
	return buf;
}

#define KEY_AT(text, path, key) key_at(text, strlen(text), path, sizeof(path) / sizeof(path[0]), key)

static void test_json_key_offset(void **state)
{
	static const char doc[] =
		"{ \"a\": \"}\\\"{[\", \"b\": [1, {\"x\": 1}, [2, 3], {\"x\": {\"k\": 1},\n"
		"  \"y\": [ ]  , \"k\" : 2}],\n"
		" \"c\": {\"a\\\"b\": 1, \"\\ud83d\\ude00\": 2, \"n\": null, \"t\": true, \"f\": -1.5e3}}";
	const struct sbx_json_step top[] = { { 0 } }, b3[] = { { .name = "b" }, { .index = 3 } },
		b1[] = { { .name = "b" }, { .index = 1 } }, b2[] = { { .name = "b" }, { .index = 2 } },
		b9[] = { { .name = "b" }, { .index = 9 } }, c[] = { { .name = "c" } },
		b3x[] = { { .name = "b" }, { .index = 3 }, { .name = "x" } }, nope[] = { { .name = "nope" } };

	/* strings holding braces and quotes are skipped whole */
	assert_string_equal(key_at(doc, strlen(doc), top, 0, "b"), "1:17");
	assert_string_equal(key_at(doc, strlen(doc), top, 0, "c"), "3:2");
	assert_string_equal(KEY_AT(doc, b1, "x"), "1:27");
	assert_string_equal(KEY_AT(doc, b3, "k"), "2:15");
	assert_string_equal(KEY_AT(doc, b3x, "k"), "1:51");
	assert_string_equal(KEY_AT(doc, c, "a\"b"), "3:8");
	/* U+1F600 as a surrogate pair, as json-c gives it in UTF-8 */
	assert_string_equal(KEY_AT(doc, c, "\xf0\x9f\x98\x80"), "3:19");
	assert_string_equal(KEY_AT(doc, c, "f"), "3:60");
	/* a key that is not there: the object's brace */
	assert_string_equal(KEY_AT(doc, b3, "z"), "ENOENT/1:44");
	assert_string_equal(KEY_AT(doc, c, "a"), "ENOENT/3:7");
	/* a path that leads nowhere, or to something not an object */
	assert_string_equal(KEY_AT(doc, b9, "x"), "EINVAL/1:1");
	assert_string_equal(KEY_AT(doc, b2, "x"), "EINVAL/1:1");
	assert_string_equal(KEY_AT(doc, nope, "x"), "EINVAL/1:1");
	/* the length bounds every read: the same text cut short */
	assert_string_equal(key_at(doc, 20, top, 0, "c"), "ENOENT/1:1");
	assert_string_equal(key_at(doc, 3, top, 0, "a"), "ENOENT/1:1");
	assert_string_equal(key_at("{\"a\\", 4, top, 0, "a"), "ENOENT/1:1");
	assert_string_equal(key_at("", 0, top, 0, "a"), "EINVAL/1:1");
	assert_string_equal(key_at("  [1]", 5, top, 0, "a"), "EINVAL/1:1");
}

static char *warnings;

static void collect(enum sbx_log_level level, const char *msg)
{
	size_t n = warnings ? strlen(warnings) : 0;

	assert_int_equal(level, SBX_LOG_WARN);
	warnings = realloc(warnings, n + strlen(msg) + 2);
	assert_non_null(warnings);
	sprintf(warnings + n, "%s\n", msg);
}

static void test_unknown_syscall_warned_once(void **state)
{
	struct sbx_seccomp sc;
	struct sbx_error err;

	sbx_log_set_sink(collect, 0);
	assert_int_equal(compile(A "\"syscalls\": [{\"names\": [\"no_such_call\", \"getpid\", \"no_such_call\"], "
				 "\"action\": \"SCMP_ACT_ERRNO\"}, {\"name\": \"no_such_call\", \"action\": \"SCMP_ACT_KILL\"}, "
				 "{\"names\": [\"bad\\u001b[2J\"], \"action\": \"SCMP_ACT_KILL\"}, "
				 "{\"names\": [\"not_here_either\"], \"action\": \"SCMP_ACT_ALLOW\"}]}", &sc, &err), 0);
	sbx_log_set_sink(NULL, 0);
	/* the last one is the default action already: no rule, no word */
	assert_string_equal(warnings, "seccomp profile 't.json': unknown syscall 'no_such_call' skipped\n"
			    "seccomp profile 't.json': unknown syscall 'bad?[2J' skipped\n");
	free(warnings);
	warnings = NULL;
	sbx_seccomp_free(&sc);
}

/* --- behaviour, the selftests' way --- */

#define ALLOWED 200

/*
 * Compile @json, fork, load it in the child (after no_new_privs, as sbx
 * does) and call getpriority(@a0, 0) there.  Returns the wait status;
 * the child exits with the errno it got, or ALLOWED.
 */
static int run_filtered(const char *json, unsigned long a0)
{
	struct sbx_seccomp sc;
	struct sbx_error err;
	int st, lfd;
	pid_t pid;

	if (compile(json, &sc, &err) < 0)
		fail_msg("%s", err.msg);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		long r;

		signal(SIGSYS, SIG_DFL);
		prctl(PR_SET_DUMPABLE, 0, 0, 0, 0); /* no core files from SIGSYS */
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || sbx_seccomp_load(&sc, &lfd, &err) < 0)
			_exit(250);
		r = syscall(SYS_getpriority, a0, 0UL);
		/* exit_group itself, not _exit(): a sanitizer's _exit() runs its
		 * leak check first, with syscalls that a strict filter denies. */
		syscall(SYS_exit_group, r < 0 ? errno : ALLOWED);
		_exit(251);
	}
	sbx_seccomp_free(&sc);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return st;
}

static void expect_exit(int st, int code)
{
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), code);
}

static void expect_sigsys(int st)
{
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGSYS);
}

static char *rule(const char *action_and_ret)
{
	static char buf[512];

	snprintf(buf, sizeof(buf), "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": "
		 "[{\"names\": [\"getpriority\"], %s}]}", action_and_ret);
	return buf;
}

static void test_actions(void **state)
{
	expect_exit(run_filtered(rule("\"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 13"), 0), EACCES);
	expect_exit(run_filtered(rule("\"action\": \"SCMP_ACT_ERRNO\""), 0), EPERM);
	expect_exit(run_filtered(rule("\"action\": \"SCMP_ACT_ERRNO\", \"errno\": \"ENOSYS\""), 0), ENOSYS);
	/* errnoRet wins over the name, as in the containers profile that gives both */
	expect_exit(run_filtered(rule("\"action\": \"SCMP_ACT_ERRNO\", \"errno\": \"ENOSYS\", \"errnoRet\": 13"), 0), EACCES);
	expect_sigsys(run_filtered(rule("\"action\": \"SCMP_ACT_KILL\""), 0));
	expect_sigsys(run_filtered(rule("\"action\": \"SCMP_ACT_KILL_THREAD\""), 0));
	expect_sigsys(run_filtered(rule("\"action\": \"SCMP_ACT_KILL_PROCESS\""), 0));
	expect_sigsys(run_filtered(rule("\"action\": \"SCMP_ACT_TRAP\""), 0));
	/* no tracer attached: the kernel answers ENOSYS */
	expect_exit(run_filtered(rule("\"action\": \"SCMP_ACT_TRACE\", \"errnoRet\": 7"), 0), ENOSYS);
	expect_exit(run_filtered(rule("\"action\": \"SCMP_ACT_LOG\""), 0), ALLOWED);
	expect_exit(run_filtered("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 38, "
				 "\"syscalls\": [{\"names\": [\"getpriority\", \"exit_group\", \"exit\"], "
				 "\"action\": \"SCMP_ACT_ALLOW\"}]}", 0), ALLOWED);
	expect_exit(run_filtered("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrno\": \"ENOSYS\", "
				 "\"syscalls\": [{\"names\": [\"exit_group\"], \"action\": \"SCMP_ACT_ALLOW\"}]}", 0), ENOSYS);
}

static char *cond(const char *op, unsigned long long v, unsigned long long v2)
{
	static char buf[512];

	snprintf(buf, sizeof(buf), "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": "
		 "[\"getpriority\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 13, \"args\": [{\"index\": 0, "
		 "\"value\": %llu, \"valueTwo\": %llu, \"op\": \"%s\"}]}]}", v, v2, op);
	return buf;
}

static void test_ops(void **state)
{
	/* getpriority's first argument is 0 (PRIO_PROCESS) */
	expect_exit(run_filtered(cond("SCMP_CMP_EQ", 0, 0), 0), EACCES);
	expect_exit(run_filtered(cond("SCMP_CMP_EQ", 1, 0), 0), ALLOWED);
	expect_exit(run_filtered(cond("SCMP_CMP_NE", 0, 0), 0), ALLOWED);
	expect_exit(run_filtered(cond("SCMP_CMP_NE", 1, 0), 0), EACCES);
	expect_exit(run_filtered(cond("SCMP_CMP_LT", 1, 0), 0), EACCES);
	expect_exit(run_filtered(cond("SCMP_CMP_LT", 0, 0), 0), ALLOWED);
	expect_exit(run_filtered(cond("SCMP_CMP_LE", 0, 0), 0), EACCES);
	expect_exit(run_filtered(cond("SCMP_CMP_GE", 1, 0), 0), ALLOWED);
	expect_exit(run_filtered(cond("SCMP_CMP_GE", 0, 0), 0), EACCES);
	expect_exit(run_filtered(cond("SCMP_CMP_GT", 0, 0), 1), EACCES);
	expect_exit(run_filtered(cond("SCMP_CMP_GT", 0, 0), 0), ALLOWED);
	/* the kernel reads "int which": bit 32 set is still PRIO_PROCESS.
	 * EQ compares 64 bits and misses it; MASKED_EQ on the low 32 bits does not. */
	expect_exit(run_filtered(cond("SCMP_CMP_EQ", 0, 0), 1UL << 32), ALLOWED);
	expect_exit(run_filtered(cond("SCMP_CMP_MASKED_EQ", 0xffffffffULL, 0), 1UL << 32), EACCES);
	expect_exit(run_filtered(cond("SCMP_CMP_MASKED_EQ", 0xffffffffULL, 1), 1UL << 32), ALLOWED);
}

/* Two conditions on one argument mean "either": two rules. */
static void test_same_index_is_or(void **state)
{
	const char *json = "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"getpriority\"], "
			   "\"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 13, \"args\": ["
			   "{\"index\": 0, \"value\": 5, \"op\": \"SCMP_CMP_EQ\"},"
			   "{\"index\": 0, \"value\": 0, \"op\": \"SCMP_CMP_EQ\"}]}]}";

	expect_exit(run_filtered(json, 0), EACCES);
	expect_exit(run_filtered(json, 5), EACCES);
	expect_exit(run_filtered(json, 1), ALLOWED);
}

static void test_unknown_names_and_default_rules_skipped(void **state)
{
	expect_exit(run_filtered("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": ["
				 "{\"names\": [\"no_such_syscall\", \"getpriority\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 13},"
				 "{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\"}]}", 0), EACCES);
}

static char *incl(const char *what)
{
	static char buf[512];

	snprintf(buf, sizeof(buf), "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": "
		 "[\"getpriority\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 13, %s}]}", what);
	return buf;
}

static void test_includes_excludes(void **state)
{
	struct sbx_seccomp_env saved = env;

	env.bounding = 1ULL << 21; /* CAP_SYS_ADMIN */
	expect_exit(run_filtered(incl("\"includes\": {\"caps\": [\"CAP_SYS_ADMIN\"]}"), 0), EACCES);
	expect_exit(run_filtered(incl("\"includes\": {\"caps\": [\"CAP_SYS_ADMIN\", \"CAP_SYS_TIME\"]}"), 0), ALLOWED);
	expect_exit(run_filtered(incl("\"excludes\": {\"caps\": [\"CAP_SYS_TIME\", \"CAP_SYS_ADMIN\"]}"), 0), ALLOWED);
	env.bounding = 0;
	expect_exit(run_filtered(incl("\"includes\": {\"caps\": [\"CAP_SYS_ADMIN\"]}"), 0), ALLOWED);
	expect_exit(run_filtered(incl("\"excludes\": {\"caps\": [\"CAP_SYS_ADMIN\"]}"), 0), EACCES);
	env.kmajor = 4;
	env.kminor = 8;
	expect_exit(run_filtered(incl("\"includes\": {\"minKernel\": \"4.8\"}"), 0), EACCES);
	expect_exit(run_filtered(incl("\"includes\": {\"minKernel\": \"4.9\"}"), 0), ALLOWED);
	expect_exit(run_filtered(incl("\"excludes\": {\"minKernel\": \"4.8\"}"), 0), ALLOWED);
	expect_exit(run_filtered(incl("\"includes\": {\"arches\": [\"s390x\"]}"), 0), ALLOWED);
	expect_exit(run_filtered(incl("\"excludes\": {\"arches\": [\"s390x\"]}"), 0), EACCES);
	env = saved;
}

/*
 * The built-in filter, compiled at build time without asking the build
 * machine's kernel anything, is what profiles/default.json compiles to here.
 */
static void test_default_profile(void **state)
{
	const char *top = getenv("top_srcdir");
	struct sbx_seccomp sc = { 0 };
	struct sbx_error err = { 0 };
	char path[PATH_MAX];
	char *text = NULL;
	size_t len;

	snprintf(path, sizeof(path), "%s/profiles/default.json", top ? top : ".");
	assert_int_equal(sbx_read_file(path, 1u << 22, &text, &len), 0);
	assert_int_equal(sbx_seccomp_compile("default", text, len, &env, &sc, &err), 0);
	assert_int_equal(sc.n_progs, 1);
	assert_null(sc.listener_path);
	assert_int_equal(sc.progs[0].len, sbx_default_filter_len);
	assert_int_equal(sc.progs[0].flags, sbx_default_filter_flags);
	assert_memory_equal(sc.progs[0].insns, sbx_default_filter, sbx_default_filter_len * SBX_BPF_INSN_SIZE);
	sbx_seccomp_free(&sc);
	free(text);
}

/* --- cache --- */

static void one_prog(struct sbx_seccomp *sc)
{
	struct sbx_error err;

	assert_int_equal(compile("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"listenerPath\": \"/run/a.sock\", "
				 "\"listenerMetadata\": \"meta\", \"syscalls\": [{\"names\": [\"getpriority\"], "
				 "\"action\": \"SCMP_ACT_NOTIFY\"}]}", sc, &err), 0);
}

static void auth_init(struct sbx_cache_auth *a, const char *text, const struct sbx_seccomp_env *e)
{
	struct sbx_error err = { 0 };

	memset(a, 0, sizeof(*a));
	a->nettle = sbx_nettle_load(&err);
	assert_non_null(a->nettle);
	memset(a->secret, 0x5a, sizeof(a->secret));
	sbx_seccomp_cache_key(a, text, strlen(text), e);
}

/* An entry holds the program only: flags and listener come from the profile. */
static void test_cache_roundtrip(void **state)
{
	struct sbx_seccomp sc, back = { 0 };
	struct sbx_cache_auth a;
	const char *why = NULL;
	void *buf;
	size_t len;

	one_prog(&sc);
	auth_init(&a, "{}", &env);
	assert_int_equal(sbx_seccomp_cache_encode(&a, &sc.progs[0], &buf, &len), 0);
	assert_int_equal(sbx_seccomp_cache_decode(&a, buf, len, &back, &why), 0);
	assert_int_equal(back.n_progs, 1);
	assert_int_equal(back.progs[0].len, sc.progs[0].len);
	assert_int_equal(back.progs[0].flags, 0);
	assert_memory_equal(back.progs[0].insns, sc.progs[0].insns, sc.progs[0].len * SBX_BPF_INSN_SIZE);
	assert_null(back.listener_path);
	/* the profile gives them back: its listener, NEW_LISTENER since the program notifies */
	assert_true(sbx_seccomp_prog_notifies(back.progs[0].insns, back.progs[0].len));
	free(buf);
	sbx_seccomp_free(&sc);
	sbx_seccomp_free(&back);
}

static void expect_refused(const struct sbx_cache_auth *a, const char *buf, size_t len, const char *want)
{
	struct sbx_seccomp back = { 0 };
	const char *why = NULL;

	assert_int_equal(sbx_seccomp_cache_decode(a, buf, len, &back, &why), -EBADMSG);
	assert_string_equal(why, want);
	assert_int_equal(back.n_progs, 0);
}

static void test_cache_refuses_bad_entries(void **state)
{
	struct sbx_cache_auth a, other;
	struct sbx_seccomp sc;
	char *buf;
	size_t len;

	one_prog(&sc);
	auth_init(&a, "{}", &env);
	assert_int_equal(sbx_seccomp_cache_encode(&a, &sc.progs[0], (void **)&buf, &len), 0);
	/* a valid entry of another profile (the same secret): the MAC covers the key */
	auth_init(&other, "{ }", &env);
	expect_refused(&other, buf, len, "written for another key");
	/* another secret (another keyring): forged */
	other = a;
	other.secret[0] ^= 1;
	expect_refused(&other, buf, len, "bad MAC");
	expect_refused(&a, buf, len - 8, "bad MAC");
	expect_refused(&a, buf, 10, "truncated");
	buf[60] ^= 0x40;
	expect_refused(&a, buf, len, "bad MAC");
	buf[60] ^= 0x40;
	buf[0] = 'X';
	expect_refused(&a, buf, len, "bad magic");
	free(buf);
	sbx_seccomp_free(&sc);
}

static bool same_key(const char *t1, const struct sbx_seccomp_env *e1, const char *t2,
		     const struct sbx_seccomp_env *e2)
{
	struct sbx_cache_auth a, b;

	auth_init(&a, t1, e1);
	auth_init(&b, t2, e2);
	return memcmp(a.key, b.key, sizeof(a.key)) == 0;
}

static void test_cache_key_inputs(void **state)
{
	struct sbx_seccomp_env e = env;

	assert_true(same_key("{}", &env, "{}", &e));
	assert_false(same_key("{}", &env, "{ }", &e));
	e.bounding ^= 1;
	assert_false(same_key("{}", &env, "{}", &e));
	e = env;
	e.arch ^= 1;
	assert_false(same_key("{}", &env, "{}", &e));
	/* another user */
	e = env;
	e.uid ^= 1;
	assert_false(same_key("{}", &env, "{}", &e));
	/* another kernel (release, or the same release built again) */
	e = env;
	e.krelease[0] ^= 1;
	assert_false(same_key("{}", &env, "{}", &e));
	e = env;
	e.kversion[0] ^= 1;
	assert_false(same_key("{}", &env, "{}", &e));
	/* the two strings are not run together */
	{
		struct sbx_seccomp_env f = env;

		e = env;
		strcpy(e.krelease, "6.1");
		strcpy(e.kversion, "0x");
		strcpy(f.krelease, "6.10");
		strcpy(f.kversion, "x");
		assert_false(same_key("{}", &e, "{}", &f));
	}
}

/*
 * Another libseccomp gets other entries: a package upgrade replaces the
 * library's file (new inode, size or mtime, perhaps another version), and
 * the key must change with each of them without loading the library.
 */
static void test_cache_key_library(void **state)
{
	struct sbx_seccomp_env e = env;
	uint64_t *words[] = { &e.lib.dev, &e.lib.ino, &e.lib.size, &e.lib.mtime_sec, &e.lib.mtime_nsec };
	uint32_t *version[] = { &e.lib.major, &e.lib.minor, &e.lib.micro, &e.lib.loaded };

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		e = env;
		*words[i] += 1;
		assert_false(same_key("{}", &env, "{}", &e));
	}
	for (size_t i = 0; i < sizeof(version) / sizeof(version[0]); i++) {
		e = env;
		*version[i] ^= 1;
		assert_false(same_key("{}", &env, "{}", &e));
	}
}

/*
 * env names, without loading it, the libseccomp a compile loads: its file
 * as configure found it, and the architecture it calls native.
 */
static void test_env_libseccomp(void **state)
{
	const struct sbx_libseccomp *sl;
	struct sbx_seccomp_env e = env;
	struct sbx_error err = { 0 };
	struct stat st;

	assert_int_equal(env.lib.loaded, 0);
#if SBX_LINKED_LIBS
	/* linked in: sbx's build-id in the key names it, no file does */
	(void)st;
	assert_true(env.lib.ino == 0 && env.lib.dev == 0 && env.lib.size == 0);
	assert_true(env.lib.mtime_sec == 0 && env.lib.mtime_nsec == 0);
#else
	assert_int_equal(stat(SECCOMP_LIBFILE, &st), 0);
	assert_true(env.lib.ino == (uint64_t)st.st_ino && env.lib.dev == (uint64_t)st.st_dev);
	assert_true(env.lib.size == (uint64_t)st.st_size);
#endif
	sl = sbx_libseccomp_load(&err);
	assert_non_null(sl);
	assert_int_equal(env.arch, sl->arch_native());
	assert_int_equal(env.lib.major, sl->version()->major);
	assert_int_equal(env.lib.minor, sl->version()->minor);
	assert_true(sbx_libseccomp_is(&env.lib));
#if !SBX_LINKED_LIBS
	/* the loaded library is the one the key names; any other is not */
	e.lib.ino ^= 1;
	assert_false(sbx_libseccomp_is(&e.lib));
	e = env;
	e.lib.mtime_nsec ^= 1;
	assert_false(sbx_libseccomp_is(&e.lib));
#else
	(void)e;
#endif
}

/* The kernel that env describes is the running one, as uname(2) tells it. */
static void test_env_kernel(void **state)
{
	struct utsname u;
	unsigned ma = 0, mi = 0;

	assert_int_equal(uname(&u), 0);
	assert_string_equal(env.krelease, u.release);
	assert_string_equal(env.kversion, u.version);
	assert_int_equal(sscanf(u.release, "%u.%u", &ma, &mi), 2);
	assert_int_equal(env.kmajor, ma);
	assert_int_equal(env.kminor, mi);
}

/* The directory walk: the caller's own tree only, never /tmp, never a symlink. */
static void test_cache_store_load(void **state)
{
	char dir[] = "/tmp/sbx-seccomp-unit.XXXXXX", sub[64], path[256], name[128];
	struct sbx_seccomp sc, back = { 0 };
	struct sbx_cache_auth a;
	const char *why = NULL;
	uid_t uid = getuid();
	int fd;

	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/a/sbx", dir);
	one_prog(&sc);
	auth_init(&a, "{}", &env);
	/* under /tmp (writable by all): refused, and nothing is made */
	assert_int_equal(sbx_open_private_dir(sub, uid, true, &why), -EPERM);
	assert_string_equal(why, "an ancestor writable by group or others");
	snprintf(path, sizeof(path), "%s/a", dir);
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(sbx_open_private_dir("/a/../b", uid, false, &why), -EINVAL);
	/* the walk itself, from a trusted directory: the unit test runs as its owner */
	if (chdir("/") == 0 && getenv("HOME") && strlen(getenv("HOME")) < 100) {
		snprintf(sub, sizeof(sub), "%s/.sbx-unit-%d/sbx", getenv("HOME"), (int)getpid());
		fd = sbx_open_private_dir(sub, uid, true, &why);
		if (fd >= 0) {
			assert_int_equal(sbx_seccomp_cache_load(fd, sub, uid, &a, &back), -ENOENT);
			assert_int_equal(sbx_seccomp_cache_store(fd, &a, &sc.progs[0]), 0);
			assert_int_equal(sbx_seccomp_cache_load(fd, sub, uid, &a, &back), 0);
			assert_int_equal(back.progs[0].len, sc.progs[0].len);
			sbx_seccomp_free(&back);
			/* a group-writable entry is not trusted */
			strcpy(name, "seccomp-");
			for (int i = 0; i < SBX_CACHE_KEY_LEN; i++)
				sprintf(name + 8 + 2 * i, "%02x", a.key[i]);
			strcat(name, ".bpf");
			assert_int_equal(fchmodat(fd, name, 0620, 0), 0);
			assert_int_equal(sbx_seccomp_cache_load(fd, sub, uid, &a, &back), -EPERM);
			assert_int_equal(back.n_progs, 0);
			/* truncated: refused, never loaded */
			assert_int_equal(fchmodat(fd, name, 0600, 0), 0);
			snprintf(path, sizeof(path), "%s/%s", sub, name);
			assert_int_equal(truncate(path, 50), 0);
			assert_int_equal(sbx_seccomp_cache_load(fd, sub, uid, &a, &back), -EBADMSG);
			assert_int_equal(back.n_progs, 0);
			unlink(path);
			close(fd);
			rmdir(sub);
			*strrchr(sub, '/') = '\0';
			rmdir(sub);
		}
	}
	sbx_seccomp_free(&sc);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_unknown_keys),
		cmocka_unit_test(test_json_key_offset),
		cmocka_unit_test(test_unknown_syscall_warned_once),
		cmocka_unit_test(test_actions),
		cmocka_unit_test(test_ops),
		cmocka_unit_test(test_same_index_is_or),
		cmocka_unit_test(test_unknown_names_and_default_rules_skipped),
		cmocka_unit_test(test_includes_excludes),
		cmocka_unit_test(test_default_profile),
		cmocka_unit_test(test_cache_roundtrip),
		cmocka_unit_test(test_cache_refuses_bad_entries),
		cmocka_unit_test(test_cache_key_inputs),
		cmocka_unit_test(test_cache_key_library),
		cmocka_unit_test(test_env_libseccomp),
		cmocka_unit_test(test_env_kernel),
		cmocka_unit_test(test_cache_store_load),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
