/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_CAPS_H
#define SBX_CAPS_H

#include "error.h"
#include "plan.h"

/**
 * sbx_caps_apply() - set the command's capabilities (in the child).
 *
 * Called after the filesystem is built and the final ids are set, before
 * no_new_privs and the seccomp filter.  Everything not asked for is
 * dropped from the bounding, permitted, effective, inheritable and ambient
 * sets; --map-root keeps every capability, which holds only inside its own
 * user namespace.
 */
int sbx_caps_apply(const struct sbx_plan *plan, struct sbx_error *err);

#endif
