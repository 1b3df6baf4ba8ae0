/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The mounts' shared context (mounts_ctx.h): failure messages in both
 * faces, the new root's top mount, and the setup process's root.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "mounts_ctx.h"

int sbx_mfail(struct sbx_mctx *c, const struct sbx_op *op, int errnum, const char *fmt, ...)
{
	char text[SBX_ERROR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	sbx_fail(c->err, errnum, "%s", text);
	if (!c->face->bubblewrap_words && op)
		sbx_error_prefix(c->err, "%s", op->option);
	return errnum > 0 ? -errnum : -EINVAL;
}

const char *sbx_mount_fd_path(char *buf, size_t len, int fd)
{
	snprintf(buf, len, "/proc/self/fd/%d", fd);
	return buf;
}

int sbx_mroot_refresh(struct sbx_mctx *c)
{
	/* A lookup of newroot from base crosses every mount stacked on it. */
	int fd = openat(c->base, "newroot", O_PATH | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (c->root >= 0)
		close(c->root);
	c->root = fd;
	return 0;
}
