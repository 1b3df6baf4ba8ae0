/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_MOUNTS_H
#define SBX_MOUNTS_H

#include "error.h"
#include "plan.h"

/**
 * sbx_mounts_setup() - build the sandbox's file tree (in the child).
 * @plan: the validated plan; its filesystem ops are applied in order.
 *
 * Runs in the new mount namespace, after the id maps are written and while
 * the child still holds every capability of its user namespace.  First the
 * whole tree is made a slave (or private) so nothing done here propagates
 * to the host.  With no filesystem op in the sbx face the host tree stays
 * as it is; otherwise a new tmpfs root is built and entered with
 * pivot_root, and the old root is detached.
 *
 * Return: 0, or a negative errno with @err naming the option and the path.
 */
int sbx_mounts_setup(const struct sbx_plan *plan, struct sbx_error *err);

#endif
