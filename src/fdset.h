/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_FDSET_H
#define SBX_FDSET_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "plan.h"

/*
 * The fds sbx keeps or closes, in one place: which fds the options name
 * (sbx consumes them, so none reaches the command), the lists the child
 * keeps open while it closes the rest, and closing "all but these".  Every
 * list is sized from the plan, so nothing is ever cut short.
 */

/*
 * The most --lock-file options a plan may have: pid 1 holds their fds, with
 * --sync-fd and its status pipe, in a list of SBX_MAX_KEEP_FDS (monitor.c).
 * sbx_fdset_validate() refuses more.
 */
#define SBX_MAX_LOCK_FILES 64
#define SBX_MAX_KEEP_FDS 160

/* A list of fds; @cap is what the plan can need, never exceeded. */
struct sbx_fdset {
	int *fds;
	size_t n, cap;
};

/**
 * sbx_fdset_validate() - the plan's limits on fds (--lock-file), checked
 * with the rest of the plan before anything runs.
 *
 * Return: 0, or -E2BIG with @err set.
 */
int sbx_fdset_validate(const struct sbx_plan *plan, struct sbx_error *err);

/**
 * sbx_fdset_init() - an empty list with room for every fd @plan names,
 * --pass-fd and the lock files, and @extra more of sbx's own.
 *
 * Return: 0 or -ENOMEM.
 */
int sbx_fdset_init(struct sbx_fdset *s, const struct sbx_plan *plan, size_t extra);

/**
 * sbx_fdset_free() - release the list (not the fds in it).
 */
void sbx_fdset_free(struct sbx_fdset *s);

/**
 * sbx_fdset_add() - append @fd; a negative @fd (an option not given) is
 * skipped.  The room sbx_fdset_init() made is enough by construction.
 */
void sbx_fdset_add(struct sbx_fdset *s, int fd);

/**
 * sbx_fdset_add_consumed() - the fds the options name that sbx itself
 * consumes (--info-fd, --json-status-fd, --block-fd, --userns-block-fd,
 * --sync-fd but with --as-pid-1, the seccomp and filesystem-op fds).
 */
void sbx_fdset_add_consumed(struct sbx_fdset *s, const struct sbx_plan *plan);

/**
 * sbx_fdset_close_others() - close every fd from 3 up but those in @s
 * (sbx_close_fds_except()).
 */
int sbx_fdset_close_others(const struct sbx_fdset *s, bool cloexec_only);

/**
 * sbx_close_fds_except() - close every fd from 3 up but those in @keep.
 * @keep: any number of fds, in any order; negative ones are ignored.
 * @cloexec_only: only mark them close-on-exec (they close at exec).
 *
 * Return: 0 or a negative errno.
 */
int sbx_close_fds_except(const int *keep, size_t n, bool cloexec_only);

#define _cleanup_fdset_ __attribute__((cleanup(sbx_fdset_free)))

#endif
