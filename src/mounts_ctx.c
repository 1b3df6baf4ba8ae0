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
#include "util.h"

int sbx_mfail(struct sbx_mctx *c, const struct sbx_op *op, int errnum, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = sbx_vmfail(c, op, errnum, fmt, ap);
	va_end(ap);
	return r;
}

int sbx_vmfail(struct sbx_mctx *c, const struct sbx_op *op, int errnum, const char *fmt, va_list ap)
{
	char text[SBX_ERROR_MSG_MAX];

	vsnprintf(text, sizeof(text), fmt, ap);
	sbx_fail(c->err, errnum, "%s", text);
	if (!c->face->bubblewrap_words && op)
		sbx_error_prefix(c->err, "%s", op->option);
	return errnum > 0 ? -errnum : -EINVAL;
}

const char *sbx_mount_fd_path(char *buf, size_t len, int fd)
{
	size_t off = 0;

	sbx_cat(buf, len, &off, "/proc/self/fd/");
	sbx_cat_u(buf, len, &off, (unsigned long)fd);
	return buf;
}

void sbx_mctx_close_spent(struct sbx_mctx *c)
{
	size_t i = 0;

	/* Runs of consecutive numbers, each in one call: the kernel hands out
	 * the lowest free fd, so a run of binds leaves one run. */
	while (i < c->n_spent) {
		size_t j = i;

		while (j + 1 < c->n_spent && c->spent[j + 1] == c->spent[j] + 1)
			j++;
		if (j == i || close_range((unsigned)c->spent[i], (unsigned)c->spent[j], 0) < 0)
			for (size_t k = i; k <= j; k++)
				close(c->spent[k]);
		i = j + 1;
	}
	c->n_spent = 0;
}

void sbx_mctx_spent(struct sbx_mctx *c, int fd)
{
	if (c->n_spent == sizeof(c->spent) / sizeof(c->spent[0]))
		sbx_mctx_close_spent(c);
	c->spent[c->n_spent++] = fd;
}

void sbx_mparent_forget(struct sbx_mctx *c)
{
	if (c->parent >= 0)
		close(c->parent);
	c->parent = -1;
	c->parent_dir[0] = '\0';
}

int sbx_mroot_refresh(struct sbx_mctx *c)
{
	/* A lookup of newroot from base crosses every mount stacked on it. */
	int fd = openat(c->base, "newroot", O_PATH | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	sbx_mparent_forget(c);
	if (c->root >= 0)
		close(c->root);
	c->root = fd;
	return 0;
}
