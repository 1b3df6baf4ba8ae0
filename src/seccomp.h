/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_SECCOMP_H
#define SBX_SECCOMP_H

#include <stddef.h>

#include "error.h"
#include "plan.h"

/* Compiled filters, prepared in the parent, loaded by the child. */
struct sbx_seccomp {
	struct sbx_bpf {
		void *insns;        /* struct sock_filter[] */
		size_t len;         /* number of instructions */
		unsigned int flags; /* SECCOMP_FILTER_FLAG_* for seccomp(2) */
	} *progs;
	size_t n_progs;
	/* notify: where the parent forwards the listener fd, if anywhere */
	char *listener_path;
	char *listener_metadata;
};

/**
 * sbx_seccomp_prepare() - read or compile every filter @plan asks for
 * (--seccomp, --add-seccomp-fd, --seccomp-profile, the sbx default).
 * Runs in the parent, before the clone.
 */
int sbx_seccomp_prepare(const struct sbx_plan *plan, struct sbx_seccomp *sc,
			struct sbx_error *err);

/**
 * sbx_seccomp_load() - install the filters: the child's last step before exec.
 * @listener_fd: set to a notify listener fd when a filter has notify rules, else -1.
 */
int sbx_seccomp_load(const struct sbx_seccomp *sc, int *listener_fd, struct sbx_error *err);

/**
 * sbx_seccomp_free() - release what sbx_seccomp_prepare() built.
 */
void sbx_seccomp_free(struct sbx_seccomp *sc);

#endif
