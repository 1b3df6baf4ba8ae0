/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * monitor.c: exit codes and closing fds but a few.
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
		cmocka_unit_test(test_close_except),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
