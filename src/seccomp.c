/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "seccomp.h"

int sbx_seccomp_prepare(const struct sbx_plan *plan, struct sbx_seccomp *sc,
			struct sbx_error *err)
{
	memset(sc, 0, sizeof(*sc));
	if (plan->n_seccomp_fds || (plan->seccomp_profile && strcmp(plan->seccomp_profile, "none") != 0))
		return sbx_fail_msg(err, ENOSYS, "seccomp filters are not built yet");
	return 0;
}

int sbx_seccomp_load(const struct sbx_seccomp *sc, int *listener_fd, struct sbx_error *err)
{
	*listener_fd = -1;
	return 0;
}

void sbx_seccomp_free(struct sbx_seccomp *sc)
{
	for (size_t i = 0; i < sc->n_progs; i++)
		free(sc->progs[i].insns);
	free(sc->progs);
	free(sc->listener_path);
	free(sc->listener_metadata);
	memset(sc, 0, sizeof(*sc));
}
