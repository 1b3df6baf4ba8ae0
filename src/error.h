/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_ERROR_H
#define SBX_ERROR_H

#include <stddef.h>

#define SBX_ERROR_MSG_MAX 1024

/*
 * One error object for the whole program.  It is a plain fixed-size struct
 * on purpose: the child sends it to the parent over the channel byte for
 * byte (channel.c), so a failure deep in the child reaches main.c with its
 * real errno and text.
 *
 * @errnum: errno of the failure, 0 when none applies.
 * @status: exit status main.c should use when nonzero (126/127 for exec
 *          failures); 0 means "sbx itself failed" (125, or 1 as bwrap).
 * @msg:    what failed, on what, and what to do; context is prefixed on the
 *          way up ("mapping ids: running /usr/bin/newuidmap: ...").
 */
struct sbx_error {
	int errnum;
	int status;
	char msg[SBX_ERROR_MSG_MAX];
};

/**
 * sbx_fail() - record a failure in @err.
 * @err:    error object to fill; may be NULL.
 * @errnum: errno value, or 0.  When nonzero, ": strerror(errnum)" is appended.
 * @fmt:    printf format of the message.
 *
 * Return: -errnum when errnum is nonzero, else -EINVAL; always negative so
 * callers can write "return sbx_fail(err, errno, ...);".
 */
int sbx_fail(struct sbx_error *err, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/**
 * sbx_fail_msg() - like sbx_fail() but never appends strerror().
 */
int sbx_fail_msg(struct sbx_error *err, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/**
 * sbx_error_prefix() - add context in front of an existing message.
 *
 * Return: the negative value sbx_fail() returned for the original error.
 */
int sbx_error_prefix(struct sbx_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/**
 * sbx_error_clear() - reset @err to "no error".
 */
void sbx_error_clear(struct sbx_error *err);

/**
 * sbx_error_ret() - the negative return value matching @err.
 */
int sbx_error_ret(const struct sbx_error *err);

#endif
