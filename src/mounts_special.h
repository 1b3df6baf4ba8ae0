/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_MOUNTS_SPECIAL_H
#define SBX_MOUNTS_SPECIAL_H

/* Options that build several mounts, and helpers of single-mount ones (mounts_special.c). */
#include "mounts_ctx.h"

/**
 * sbx_mops_proc() - --proc: a new procfs in a new pid namespace, else the
 * host's /proc bound; then bubblewrap's read-only covers.
 */
int sbx_mops_proc(struct sbx_mctx *c, const struct sbx_op *op);

/**
 * sbx_mops_dev() - --dev: a tmpfs with the safe device nodes, a new devpts,
 * shm and the fd links.
 */
int sbx_mops_dev(struct sbx_mctx *c, const struct sbx_op *op);

/**
 * sbx_mops_overlay() - --overlay, --tmp-overlay, --ro-overlay (op @i) over
 * the --overlay-src ops just before it.
 */
int sbx_mops_overlay(struct sbx_mctx *c, size_t i);

/**
 * sbx_mops_parent_mode() - bubblewrap's mode for parents made for @op:
 * what the group or others may not reach, its parents do not let them.
 */
mode_t sbx_mops_parent_mode(const struct sbx_op *op);

/**
 * sbx_mops_mounted() - after a mount on @op's destination: later
 * destinations start from the new top when it was the root itself.
 * @fmt: the message on failure, formatted only then.
 */
int sbx_mops_mounted(struct sbx_mctx *c, const struct sbx_op *op, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/**
 * sbx_mops_mount_new_fs() - a new @type filesystem on a directory made at
 * op->dest; an O_PATH fd of its root in @out when @out is not NULL.
 * @what: the message's start ("Can't mount tmpfs on").
 */
int sbx_mops_mount_new_fs(struct sbx_mctx *c, const struct sbx_op *op, const char *type,
			  const char *const *opts, unsigned attrs, const char *what, int *out);

#endif
