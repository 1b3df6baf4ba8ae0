/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_SANDBOX_H
#define SBX_SANDBOX_H

#include "error.h"
#include "plan.h"

/**
 * sbx_run() - run the plan's command in its sandbox and wait for it.
 * @plan:        a validated plan.
 * @exit_status: the command's status as sbx should exit with it (its own
 *               code, or 128+N when it died of signal N).
 * @err:         why the sandbox could not be set up; err->status carries
 *               126/127 when the command could not be executed.
 *
 * Return: 0 when the command ran (whatever its status), else a negative
 * errno with @err set.  No process of the sandbox is left behind on error.
 */
int sbx_run(const struct sbx_plan *plan, int *exit_status, struct sbx_error *err);

#endif
