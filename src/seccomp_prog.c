/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The container of compiled programs (seccomp_prog.h), apart from seccomp.c
 * so that the build-time generator of the built-in filter
 * (gen_default_filter.c) links the profile compiler without the run-time
 * side, which needs the generated filter.
 */
#include "config.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <string.h>

#include "seccomp_prog.h"

int sbx_seccomp_add_prog(struct sbx_seccomp *sc, const void *insns, size_t len,
			 unsigned int flags)
{
	struct sbx_bpf *progs = realloc(sc->progs, (sc->n_progs + 1) * sizeof(*progs));
	void *copy = malloc(len * SBX_BPF_INSN_SIZE);

	if (progs)
		sc->progs = progs;
	if (!progs || !copy) {
		free(copy);
		return -ENOMEM;
	}
	memcpy(copy, insns, len * SBX_BPF_INSN_SIZE);
	progs[sc->n_progs++] = (struct sbx_bpf){ .insns = copy, .len = len, .flags = flags };
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

bool sbx_seccomp_prog_notifies(const void *insns, size_t len)
{
	const struct sock_filter *f = insns;

	for (size_t i = 0; i < len; i++)
		if (f[i].code == (BPF_RET | BPF_K) &&
		    (f[i].k & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_USER_NOTIF)
			return true;
	return false;
}
