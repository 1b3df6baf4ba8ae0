/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fd bookkeeping: the fds the plan names, the lists the child keeps, and
 * closing all others (see fdset.h).
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include "fdset.h"

/* The named fds of sbx_fdset_add_consumed(). */
#define N_NAMED 5

int sbx_fdset_validate(const struct sbx_plan *plan, struct sbx_error *err)
{
	if (sbx_plan_count_ops(plan, SBX_OP_LOCK_FILE) > SBX_MAX_LOCK_FILES)
		return sbx_fail_msg(err, E2BIG, "--lock-file: at most %d lock files", SBX_MAX_LOCK_FILES);
	return 0;
}

int sbx_fdset_init(struct sbx_fdset *s, const struct sbx_plan *plan, size_t extra)
{
	size_t cap = N_NAMED + plan->n_seccomp_fds + plan->n_ops + plan->n_pass_fds + extra;

	s->n = 0;
	s->cap = cap;
	s->fds = calloc(cap ? cap : 1, sizeof(int));
	return s->fds ? 0 : -ENOMEM;
}

void sbx_fdset_free(struct sbx_fdset *s)
{
	free(s->fds);
	s->fds = NULL;
	s->n = s->cap = 0;
}

void sbx_fdset_add(struct sbx_fdset *s, int fd)
{
	if (fd >= 0 && s->n < s->cap)
		s->fds[s->n++] = fd;
}

void sbx_fdset_add_consumed(struct sbx_fdset *s, const struct sbx_plan *p)
{
	const int named[N_NAMED] = { p->info_fd, p->json_status_fd, p->block_fd, p->userns_block_fd,
				     p->as_pid_1 ? -1 : p->sync_fd };

	for (size_t i = 0; i < N_NAMED; i++)
		sbx_fdset_add(s, named[i]);
	for (size_t i = 0; i < p->n_seccomp_fds; i++)
		sbx_fdset_add(s, p->seccomp_fds[i].fd);
	for (size_t i = 0; i < p->n_ops; i++)
		sbx_fdset_add(s, p->ops[i].fd);
}

int sbx_fdset_close_others(const struct sbx_fdset *s, bool cloexec_only)
{
	return sbx_close_fds_except(s->fds, s->n, cloexec_only);
}

/* The lowest fd of @keep that is @from or above; false when there is none. */
static bool next_kept(const int *keep, size_t n, int from, int *out)
{
	bool found = false;

	for (size_t i = 0; i < n; i++)
		if (keep[i] >= from && (!found || keep[i] < *out)) {
			*out = keep[i];
			found = true;
		}
	return found;
}

/*
 * close_range() over the gaps between the kept fds, lowest first: no copy,
 * no sorting and no limit on @n (the lists are short).
 */
int sbx_close_fds_except(const int *keep, size_t n, bool cloexec_only)
{
	unsigned flags = cloexec_only ? CLOSE_RANGE_CLOEXEC : 0;
	int from = 3, next = -1;

	while (next_kept(keep, n, from, &next)) {
		if (next > from && close_range((unsigned)from, (unsigned)next - 1, flags) < 0)
			return -errno;
		if (next == INT_MAX)
			return 0;
		from = next + 1;
	}
	if (close_range((unsigned)from, ~0U, flags) < 0)
		return -errno;
	return 0;
}
