/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * info.c: bubblewrap's --info-fd / --json-status-fd text; ns.c: the
 * namespace table it and the clone read.
 */
#include "config.h"

#include <errno.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "info.h"
#include "ns.h"

static char *read_back(int fd)
{
	static char buf[2048];
	ssize_t n = read(fd, buf, sizeof(buf) - 1);

	assert_true(n >= 0);
	buf[n] = '\0';
	return buf;
}

static unsigned long long ino_of(const char *ns)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/self/ns/%s", ns);
	assert_int_equal(stat(path, &st), 0);
	return (unsigned long long)st.st_ino;
}

static void test_info_layout(void **state)
{
	int p[2];
	char want[1024];

	(void)state;
	assert_int_equal(pipe(p), 0);
	assert_int_equal(sbx_info_write(p[1], getpid(), CLONE_NEWNET | CLONE_NEWUTS, false, NULL), 0);
	snprintf(want, sizeof(want), "{\n    \"child-pid\": %d,\n    \"mnt-namespace\": %llu,\n"
		 "    \"net-namespace\": %llu,\n    \"uts-namespace\": %llu\n}\n",
		 (int)getpid(), ino_of("mnt"), ino_of("net"), ino_of("uts"));
	assert_string_equal(read_back(p[0]), want);
	assert_int_equal(sbx_info_write(p[1], getpid(), CLONE_NEWPID | CLONE_NEWIPC, true, NULL), 0);
	snprintf(want, sizeof(want), "{ \"child-pid\": %d, \"ipc-namespace\": %llu, \"mnt-namespace\": %llu, "
		 "\"pid-namespace\": %llu }\n", (int)getpid(), ino_of("ipc"), ino_of("mnt"), ino_of("pid"));
	assert_string_equal(read_back(p[0]), want);
	sbx_info_write_exit(p[1], 130);
	assert_string_equal(read_back(p[0]), "{ \"exit-code\": 130 }\n");
	close(p[0]);
	close(p[1]);
}

static void test_info_write_error(void **state)
{
	struct sbx_error err = { 0 };
	int p[2];

	(void)state;
	signal(SIGPIPE, SIG_IGN);
	assert_int_equal(pipe(p), 0);
	close(p[0]);
	assert_true(sbx_info_write(p[1], getpid(), 0, false, &err) < 0);
	assert_string_equal(err.msg, "Write to info_fd: Broken pipe");
	close(p[1]);
}

static void test_ns_names(void **state)
{
	char buf[64];

	(void)state;
	sbx_ns_names(CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWCGROUP, buf, sizeof(buf));
	assert_string_equal(buf, "mount, network, IPC, UTS, cgroup");
	sbx_ns_names(CLONE_NEWUTS, buf, sizeof(buf));
	assert_string_equal(buf, "UTS");
	sbx_ns_names(CLONE_NEWNS | CLONE_NEWNET, buf, 8);
	assert_string_equal(buf, "mount, ");
	sbx_ns_names(0, buf, sizeof(buf));
	assert_string_equal(buf, "");
}

static void test_ns_clone_flags(void **state)
{
	unsigned long all = CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWNET;

	(void)state;
	/* With a user namespace, clone makes it and the pid one; the child the rest. */
	assert_true(sbx_ns_clone_flags(all) == (CLONE_NEWUSER | CLONE_NEWPID));
	assert_true(sbx_ns_clone_flags(CLONE_NEWNS | CLONE_NEWNET) == (CLONE_NEWNS | CLONE_NEWNET));
	/* A time namespace never goes to clone (its flag is an exit signal
	 * there), with or without a user namespace: the child unshares it. */
	assert_true(sbx_ns_clone_flags(all | CLONE_NEWTIME) == (CLONE_NEWUSER | CLONE_NEWPID));
	assert_true(sbx_ns_clone_flags(CLONE_NEWNS | CLONE_NEWTIME) == CLONE_NEWNS);
}

static void test_ns_asked_flags(void **state)
{
	struct sbx_ns ns = { .userns_fd = -1, .userns2_fd = -1, .pidns_fd = -1 };
	unsigned long want_cgroup = access("/proc/self/ns/cgroup", F_OK) == 0 ? CLONE_NEWCGROUP : 0;

	(void)state;
	assert_true(sbx_ns_asked_flags(&ns) == 0);
	ns.user = true; /* not the table's to decide */
	assert_true(sbx_ns_asked_flags(&ns) == 0);
	ns.ipc = ns.pid = ns.net = ns.uts = true;
	assert_true(sbx_ns_asked_flags(&ns) == (CLONE_NEWIPC | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWUTS));
	ns.ipc = ns.pid = ns.net = ns.uts = false;
	ns.cgroup_try = true;
	assert_true(sbx_ns_asked_flags(&ns) == want_cgroup);
	ns.cgroup = true;
	assert_true(sbx_ns_asked_flags(&ns) == CLONE_NEWCGROUP);
	ns.cgroup = ns.cgroup_try = false;
	ns.time = true;
	assert_true(sbx_ns_asked_flags(&ns) == CLONE_NEWTIME);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_info_layout),
		cmocka_unit_test(test_info_write_error),
		cmocka_unit_test(test_ns_names),
		cmocka_unit_test(test_ns_clone_flags),
		cmocka_unit_test(test_ns_asked_flags),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
