/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_CAPS_H
#define SBX_CAPS_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "plan.h"

/**
 * sbx_caps_apply() - set the command's capabilities (in the child).
 * @plan:      a resolved plan: @plan->res.cap_target is the set to give.
 * @has_userns: the command runs in a user namespace sbx made or joined.
 * @err:       why it failed.
 *
 * Called after the filesystem is built and the final ids are set, before
 * no_new_privs and the seccomp filter.  The target set starts empty (full
 * with --map-root; in the bwrap face run by root, with or without a user
 * namespace, the caller's effective set, as bubblewrap does), then each
 * --cap-add / --cap-drop (a name or ALL) is applied in order.  In the bwrap
 * face run by root without any of them, bubblewrap makes no capset: only
 * the bounding set is cut, so a command that is root inside gets the
 * caller's effective set at exec and any other uid gets nothing.  Otherwise
 * everything outside it
 * is dropped from the bounding, permitted, effective, inheritable and
 * ambient sets; for a non-root command the target set is raised as ambient
 * so it survives exec.  Capabilities held in a user namespace sbx made
 * count only there.
 *
 * Return: 0 or a negative errno with @err set.
 */
int sbx_caps_apply(const struct sbx_plan *plan, bool has_userns, struct sbx_error *err);

/**
 * sbx_caps_all() - every capability this kernel knows, as a bit mask.
 */
uint64_t sbx_caps_all(void);

/**
 * sbx_caps_effective() - this process's effective set, as a bit mask
 * (sbx_plan_resolve() notes the caller's, before any namespace).
 */
uint64_t sbx_caps_effective(void);

/**
 * sbx_caps_permitted() - this process's permitted set, as a bit mask.
 */
uint64_t sbx_caps_permitted(void);

/**
 * sbx_caps_cut_bounding() - cut this process's bounding set to @keep
 * (raising the effective set from the permitted one to do it): for pid 1,
 * before it spawns a command that inherits the cut.
 *
 * Return: 0, or a negative errno with @err naming the capability.
 */
int sbx_caps_cut_bounding(uint64_t keep, struct sbx_error *err);

/**
 * sbx_caps_drop_all() - empty every capability set but the bounding one
 * (pid 1 and the relay: they need none, and exec nothing).
 * @err: the step that failed (ambient clear, capset).
 *
 * Return: 0 or a negative errno; the caller must then not go on.
 */
int sbx_caps_drop_all(struct sbx_error *err);

/**
 * sbx_caps_keep_permitted_only() - keep the permitted set as it is and
 * empty every other one: effective, inheritable, ambient and bounding (the
 * bwrap face's pid 1, see sbx_monitor_pid1()).  With the bounding and
 * inheritable sets empty, nothing of the permitted set survives an exec;
 * with the effective set empty, none of it is in use.
 * @err:  the step that failed (capset, PR_CAPBSET_DROP, ambient clear).
 *
 * Return: 0 or a negative errno; the sets may then be half-way.
 */
int sbx_caps_keep_permitted_only(struct sbx_error *err);

#endif
