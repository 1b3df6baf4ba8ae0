/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_USERNS_HOLDER_H
#define SBX_USERNS_HOLDER_H

#include "idmap.h"
#include "plan.h"

/**
 * sbx_holder_join() - where @m needs both setuid helpers, join the user
 * namespace a holder process keeps with exactly @m's outer ids mapped to
 * themselves (starting a holder when none answers), so that sbx writes the
 * sandbox's maps itself instead: @m->helper[] cleared, @m->holder set.
 *
 * Called in the parent before the clone, after everything else that reads
 * host files is done.  Anything that goes wrong before setns() leaves sbx
 * where it was and the helpers to run as before (said with --verbose);
 * after setns() nothing is left to fail.  SBX_USERNS_HOLDER=0 in the
 * environment turns it off.
 *
 * Return: 1 when joined, 0 when not.
 */
int sbx_holder_join(const struct sbx_plan *plan, struct sbx_idmaps *m);

#endif
