/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The plan's filesystem ops checked before anything runs: the order rules
 * of the overlays.  Part of validating the plan (plan.c), not of carrying
 * it out (mounts*.c): nothing here mounts or opens anything.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>

#include "plan_mounts.h"

static bool is_overlay(enum sbx_op_type t)
{
	return t == SBX_OP_OVERLAY || t == SBX_OP_TMP_OVERLAY || t == SBX_OP_RO_OVERLAY;
}

int sbx_plan_validate_mounts(const struct sbx_plan *plan, struct sbx_error *err)
{
	size_t srcs = 0;

	for (size_t i = 0; i < plan->n_ops; i++) {
		const struct sbx_op *op = &plan->ops[i];
		size_t need = op->type == SBX_OP_RO_OVERLAY ? 2 : 1;

		if (op->type == SBX_OP_OVERLAY_SRC) {
			srcs++;
			continue;
		}
		if (srcs && !is_overlay(op->type))
			break;
		if (is_overlay(op->type) && srcs < need)
			return sbx_fail_msg(err, EINVAL, "%s requires at least %s --overlay-src",
					    op->option, need == 2 ? "two" : "one");
		srcs = 0;
	}
	if (srcs)
		return sbx_fail_msg(err, EINVAL, "--overlay-src must be followed by another --overlay-src "
				    "or one of --overlay, --tmp-overlay, or --ro-overlay");
	return 0;
}
