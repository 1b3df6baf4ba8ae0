/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * monitor.c: exit codes, bubblewrap's --info-fd / --json-status-fd text,
 * and closing fds but a few.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "monitor.h"

static void test_exit_code(void **state)
{
	(void)state;
	assert_int_equal(sbx_monitor_exit_code(7 << 8), 7);
	assert_int_equal(sbx_monitor_exit_code(0), 0);
	assert_int_equal(sbx_monitor_exit_code(SIGTERM), 128 + SIGTERM);
	assert_int_equal(sbx_monitor_exit_code(SIGKILL | 0x80), 128 + SIGKILL); /* core dumped */
}

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
	assert_int_equal(sbx_monitor_write_info(p[1], getpid(), CLONE_NEWNET | CLONE_NEWUTS, false, NULL), 0);
	snprintf(want, sizeof(want), "{\n    \"child-pid\": %d,\n    \"mnt-namespace\": %llu,\n"
		 "    \"net-namespace\": %llu,\n    \"uts-namespace\": %llu\n}\n",
		 (int)getpid(), ino_of("mnt"), ino_of("net"), ino_of("uts"));
	assert_string_equal(read_back(p[0]), want);
	assert_int_equal(sbx_monitor_write_info(p[1], getpid(), CLONE_NEWPID | CLONE_NEWIPC, true, NULL), 0);
	snprintf(want, sizeof(want), "{ \"child-pid\": %d, \"ipc-namespace\": %llu, \"mnt-namespace\": %llu, "
		 "\"pid-namespace\": %llu }\n", (int)getpid(), ino_of("ipc"), ino_of("mnt"), ino_of("pid"));
	assert_string_equal(read_back(p[0]), want);
	sbx_monitor_write_exit(p[1], 130);
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
	assert_true(sbx_monitor_write_info(p[1], getpid(), 0, false, &err) < 0);
	assert_string_equal(err.msg, "Write to info_fd: Broken pipe");
	close(p[1]);
}

static void test_close_except(void **state)
{
	pid_t pid;
	int st;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int keep[] = { 40, 44 };

		for (int fd = 40; fd <= 45; fd++)
			if (dup2(0, fd) < 0)
				_exit(10);
		if (sbx_close_fds_except(keep, 2, false) < 0)
			_exit(11);
		for (int fd = 3; fd <= 45; fd++)
			if ((fcntl(fd, F_GETFD) >= 0) != (fd == 40 || fd == 44))
				_exit(12);
		if (sbx_close_fds_except(NULL, 0, true) < 0 || !(fcntl(40, F_GETFD) & FD_CLOEXEC))
			_exit(13);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exit_code),
		cmocka_unit_test(test_info_layout),
		cmocka_unit_test(test_info_write_error),
		cmocka_unit_test(test_close_except),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
