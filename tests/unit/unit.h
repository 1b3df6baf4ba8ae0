/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What every unit test needs: cmocka's headers in the order it wants them,
 * and small helpers to feed the parsers real file descriptors.
 */
#ifndef SBX_UNIT_H
#define SBX_UNIT_H

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

/*
 * A pipe whose read end holds exactly @len bytes of @data and then end of
 * file; the write end is closed.  The data must fit the pipe's buffer
 * (64 KiB), which every test input here does.
 */
static inline int unit_pipe_with(const void *data, size_t len)
{
	int p[2];

	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	if (len)
		assert_int_equal(write(p[1], data, len), (ssize_t)len);
	close(p[1]);
	return p[0];
}

/* An fd number that is certainly not open in this process. */
static inline int unit_closed_fd(void)
{
	int fd = 900;

	while (fcntl(fd, F_GETFD) >= 0)
		fd++;
	return fd;
}

/*
 * assert_ok(call) / assert_fails(call, message): @call returns 0, or fails
 * with exactly @message in the test file's own "struct sbx_error err".
 */
#define assert_ok(call) do { \
	int r_ = (call); \
	if (r_ != 0) \
		print_error("unexpected failure: %s\n", err.msg); \
	assert_int_equal(r_, 0); \
} while (0)

#define assert_fails(call, message) do { \
	int r_ = (call); \
	assert_true(r_ < 0); \
	assert_string_equal(err.msg, (message)); \
} while (0)

#endif
