/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"

__attribute__((format(printf, 4, 0)))
static int vfail(struct sbx_error *err, int errnum, int with_strerror,
		 const char *fmt, va_list ap)
{
	if (err) {
		size_t n;

		err->errnum = errnum;
		err->status = 0;
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		n = strlen(err->msg);
		if (with_strerror && errnum > 0 && n < sizeof(err->msg))
			snprintf(err->msg + n, sizeof(err->msg) - n, ": %s",
				 strerror(errnum));
	}
	return errnum > 0 ? -errnum : -EINVAL;
}

int sbx_fail(struct sbx_error *err, int errnum, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vfail(err, errnum, 1, fmt, ap);
	va_end(ap);
	return r;
}

int sbx_fail_msg(struct sbx_error *err, int errnum, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vfail(err, errnum, 0, fmt, ap);
	va_end(ap);
	return r;
}

int sbx_error_prefix(struct sbx_error *err, const char *fmt, ...)
{
	char prefix[SBX_ERROR_MSG_MAX];
	char old[SBX_ERROR_MSG_MAX];
	va_list ap;

	if (!err)
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof(old));
	old[sizeof(old) - 1] = '\0';
	/* prefix, ": ", old message; truncated at the end if it must be */
	{
		size_t pl = strnlen(prefix, sizeof(err->msg) - 1), ol = strlen(old);
		size_t room = sizeof(err->msg) - 1;

		memcpy(err->msg, prefix, pl);
		if (pl + 2 <= room) {
			memcpy(err->msg + pl, ": ", 2);
			pl += 2;
		} else {
			ol = 0; /* never the old text glued on without its ": " */
		}
		if (ol > room - pl)
			ol = room - pl;
		memcpy(err->msg + pl, old, ol);
		err->msg[pl + ol] = '\0';
	}
	return sbx_error_ret(err);
}

void sbx_error_clear(struct sbx_error *err)
{
	if (err)
		memset(err, 0, sizeof(*err));
}

int sbx_error_ret(const struct sbx_error *err)
{
	return err && err->errnum > 0 ? -err->errnum : -EINVAL;
}
