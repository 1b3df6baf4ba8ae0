/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_MOUNTS_OPS_H
#define SBX_MOUNTS_OPS_H

/* One function per filesystem option (mounts_ops.c). */
#include "mounts_ctx.h"

/**
 * sbx_mops_apply() - apply op @i of the plan (an overlay reads the
 * --overlay-src ops just before it; those do nothing by themselves).
 *
 * Return: 0 or a negative errno with the error recorded.
 */
int sbx_mops_apply(struct sbx_mctx *c, size_t i);

#endif
