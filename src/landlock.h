/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_LANDLOCK_H
#define SBX_LANDLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "plan.h"

/*
 * Landlock: the plan's allow rules and scopes -> a list of rules with
 * their access masks (pure, sbx_landlock_build()), trimmed to what the
 * running kernel's ABI can enforce, then applied in the child
 * (sbx_landlock_apply()).  The ABIs, as the kernel documents them:
 *   1 filesystem   2 REFER   3 TRUNCATE   4 TCP bind/connect
 *   5 IOCTL_DEV    6 scoping (signals, abstract unix sockets)
 *   7 audit logging flags for restrict_self
 */
#define SBX_LL_ABI_KNOWN 7

enum sbx_ll_rule_type {
	SBX_LL_RULE_PATH,   /* a hierarchy and the access it grants */
	SBX_LL_RULE_PORT,   /* a TCP port and bind and/or connect */
	SBX_LL_RULE_SCOPE,  /* a scope: signals or abstract unix sockets */
};

struct sbx_ll_rule {
	enum sbx_ll_rule_type type;
	const char *option;  /* the option that asked for it, for messages */
	const char *path;    /* PATH: as seen inside the sandbox */
	uint16_t port;       /* PORT */
	uint64_t access;     /* PATH: fs rights, PORT: net rights, SCOPE: scope bits */
	int abi;             /* the first ABI that can enforce it */
	bool try_;           /* a missing path is skipped (--ro-bind-try with --no-userns) */
	bool implicit;       /* a default (the sbx face's scoping): dropped silently */
	bool required;       /* --no-userns's binds: the only confinement, never dropped quietly */
	bool dropped;        /* the running ABI cannot enforce it: left out */
	uint64_t lost;       /* PATH: rights it would grant that the ABI does not know */
};

struct sbx_landlock {
	int abi;             /* the ABI the ruleset was built for; 0: no Landlock */
	uint64_t handled_fs, handled_net, scoped;
	uint64_t fs_unhandled; /* fs rights the sbx ruleset would restrict but this ABI cannot */
	struct sbx_ll_rule *rules;
	size_t n_rules;
};

/**
 * sbx_landlock_kernel_abi() - the running kernel's Landlock ABI version,
 * 0 when it has none (ENOSYS) or it is disabled (EOPNOTSUPP).
 * SBX_TEST_LANDLOCK_ABI (test hooks builds) pretends an older one.
 */
int sbx_landlock_kernel_abi(void);

/**
 * sbx_landlock_build() - the rules @plan asks for, trimmed for @abi.  Pure.
 * @plan: a validated plan.
 * @abi:  the ABI to build for (0: none).
 * @ll:   filled; free with sbx_landlock_free().  Each rule @abi cannot
 *        enforce is kept in the list with .dropped set.
 *
 * Return: 0, or -ENOMEM with @err set.
 */
int sbx_landlock_build(const struct sbx_plan *plan, int abi, struct sbx_landlock *ll, struct sbx_error *err);

/**
 * sbx_landlock_dropped_msg() - "RULE: needs Landlock ABI N, the kernel
 * has M" for a dropped rule, into @buf.  Pure.
 */
void sbx_landlock_dropped_msg(const struct sbx_landlock *ll, const struct sbx_ll_rule *r, char *buf, size_t len);

/**
 * sbx_landlock_partial_msg() - for the filesystem right @bit (REFER,
 * TRUNCATE or IOCTL_DEV) that @ll's ABI lacks: "RULE: restricting X needs
 * Landlock ABI N, but this kernel has ABI M: EFFECT", into @buf.  Pure.
 */
void sbx_landlock_partial_msg(const struct sbx_landlock *ll, const struct sbx_ll_rule *r, uint64_t bit, char *buf,
			      size_t len);

/**
 * sbx_landlock_check() - warn about each rule asked for that @ll had to
 * drop and each filesystem right its ABI cannot restrict, or, with
 * @strict (--landlock-strict), fail on the first.  With --no-userns (a
 * required rule), a kernel that cannot restrict truncation is an error:
 * every file the user owns could be emptied.
 *
 * Return: 0, or -EOPNOTSUPP with @err set.
 */
int sbx_landlock_check(const struct sbx_landlock *ll, bool strict, struct sbx_error *err);

/**
 * sbx_landlock_active() - whether @ll restricts anything at all.
 */
bool sbx_landlock_active(const struct sbx_landlock *ll);

/**
 * sbx_landlock_apply() - create the ruleset, add the rules (paths opened
 * now, in the process's final tree) and restrict the calling process.
 * Needs no_new_privs (or CAP_SYS_ADMIN).  Nothing to do if !active.
 *
 * Return: 0, or a negative errno with @err set.
 */
int sbx_landlock_apply(const struct sbx_landlock *ll, struct sbx_error *err);

/**
 * sbx_landlock_free() - release what sbx_landlock_build() allocated.
 */
void sbx_landlock_free(struct sbx_landlock *ll);

#endif
