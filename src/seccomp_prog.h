/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_SECCOMP_PROG_H
#define SBX_SECCOMP_PROG_H

/*
 * The container of compiled seccomp programs: the bottom of the seccomp
 * layers (see seccomp_internal.h).  It knows nothing of plans, profiles
 * or the cache.
 */
#include <linux/filter.h>
#include <stdbool.h>
#include <stddef.h>

struct sbx_face_policy;

/* One cBPF instruction: what --seccomp FD data, cache entries and
 * libseccomp's exported programs are counted in. */
#define SBX_BPF_INSN_SIZE sizeof(struct sock_filter)

/* Compiled filters, prepared in the parent, loaded by the child. */
struct sbx_seccomp {
	struct sbx_bpf {
		void *insns;        /* struct sock_filter[] */
		size_t len;         /* number of instructions */
		unsigned int flags; /* SECCOMP_FILTER_FLAG_* for seccomp(2) */
	} *progs;
	size_t n_progs;
	/* progs[0] is sbx's built-in filter (profiles/default.json), which
	 * the child may load before its setup (sbx_seccomp_load_builtin) */
	bool builtin_first;
	/* notify: where the parent forwards the listener fd, if anywhere */
	char *listener_path;
	char *listener_metadata;
	/* the face: its messages when loading fails */
	const struct sbx_face_policy *face;
};

/**
 * sbx_seccomp_add_prog() - append a copy of @len instructions to @sc.
 *
 * Return: 0 or -ENOMEM.
 */
int sbx_seccomp_add_prog(struct sbx_seccomp *sc, const void *insns, size_t len,
			 unsigned int flags);

/**
 * sbx_seccomp_prog_notifies() - whether a program ever returns
 * SECCOMP_RET_USER_NOTIF (and so needs a listener).
 */
bool sbx_seccomp_prog_notifies(const void *insns, size_t len);

/**
 * sbx_seccomp_free() - release every program of @sc and its listener
 * settings; @sc is left empty.
 */
void sbx_seccomp_free(struct sbx_seccomp *sc);

#endif
