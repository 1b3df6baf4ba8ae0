/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_PLAN_MOUNTS_H
#define SBX_PLAN_MOUNTS_H

#include "error.h"
#include "plan.h"

/**
 * sbx_plan_validate_mounts() - check the order rules of the filesystem ops
 * before anything runs: every overlay has its --overlay-src ops (two for
 * --ro-overlay) and no --overlay-src is left without an overlay.
 *
 * Return: 0, or a negative errno with bubblewrap's message in @err.
 */
int sbx_plan_validate_mounts(const struct sbx_plan *plan, struct sbx_error *err);

#endif
