/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_SECCOMP_H
#define SBX_SECCOMP_H

/*
 * The top seccomp layer (seccomp.c, seccomp_secret.c, seccomp_notify.c):
 * what the parent and the child call.  See seccomp_internal.h for the
 * layers beneath.
 */
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "error.h"
#include "plan.h"
#include "seccomp_internal.h"
#include "seccomp_prog.h"

/**
 * sbx_seccomp_prepare() - read or compile every filter @plan asks for
 * (--seccomp, --add-seccomp-fd, --seccomp-profile, the sbx default).
 * @plan: the validated plan.
 * @sc:   filled with the programs to load, in load order.
 * @err:  why a profile or a BPF fd was refused.
 *
 * Runs in the parent, before the clone, so the child has nothing left to
 * do but load.  Profiles go through the compiled-filter cache.
 *
 * Return: 0, or a negative errno with @err set.
 */
int sbx_seccomp_prepare(const struct sbx_plan *plan, struct sbx_seccomp *sc,
			struct sbx_error *err);

/**
 * sbx_seccomp_load() - install the filters: the child's last step before exec,
 * and the pid 1 reaper's last before it waits.
 * @sc:          what sbx_seccomp_prepare() built.
 * @listener_fd: set to a notify listener fd when a filter has notify rules, else -1;
 *               NULL to make no listener (the pid 1 reaper: its notified
 *               calls fail with ENOSYS).
 * @err:         why the kernel refused a filter.
 *
 * Needs no_new_privs (or CAP_SYS_ADMIN) already set.
 *
 * Return: 0, or a negative errno with @err set.
 */
int sbx_seccomp_load(const struct sbx_seccomp *sc, int *listener_fd, struct sbx_error *err);

/**
 * sbx_seccomp_load_from() - sbx_seccomp_load() of the filters from index
 * @from on: those before it were loaded already (sbx_seccomp_load_builtin()).
 */
int sbx_seccomp_load_from(const struct sbx_seccomp *sc, size_t from, int *listener_fd,
			  struct sbx_error *err);

/**
 * sbx_seccomp_load_builtin() - load sbx's built-in filter ahead of the
 * setup, when it is the first of @sc's filters.  It denies nothing the
 * setup makes, so the child loads it while the parent maps its ids, where
 * it costs the start nothing, and pid 1 inherits it.  Needs CAP_SYS_ADMIN
 * (a new user namespace's) or no_new_privs, as any filter does.
 *
 * Return: how many filters are loaded now (0 or 1): the @from to give
 * sbx_seccomp_load_from().  A refusal loads nothing: the last step then
 * loads every filter and reports the kernel's error in its place.
 */
size_t sbx_seccomp_load_builtin(const struct sbx_seccomp *sc);

/**
 * sbx_seccomp_forward_listener() - hand a notify listener to listenerPath.
 * @sc:   the prepared filters (listener_path, listener_metadata).
 * @pid:  the sandbox's pid, as the parent sees it, for the container state.
 * @fd:   the listener fd received from the child; always closed here.
 * @err:  why the listener could not be reached.
 *
 * Runs in the parent.  Connects to the AF_UNIX socket without blocking
 * and sends the OCI container state JSON with the fd (SCM_RIGHTS), as
 * runc and crun do, so existing seccomp agents work unchanged.
 *
 * Return: 0, or a negative errno with @err set.
 */
int sbx_seccomp_forward_listener(const struct sbx_seccomp *sc, pid_t pid, int fd,
				 struct sbx_error *err);

/**
 * sbx_keyring_leave_session() - join a fresh anonymous session keyring.
 * @err: why not.
 *
 * The sandbox's first step: it must not possess the caller's session
 * keyring, which may link the user keyring and the filter cache's secret
 * (seccomp_secret.c).  A kernel without keyrings has nothing to leave.
 *
 * Return: 0, or a negative errno with @err set.
 */
int sbx_keyring_leave_session(struct sbx_error *err);

/*
 * The top layer's own pieces, for seccomp.c and the unit tests.
 */

/**
 * sbx_seccomp_env_init() - describe the machine and the sandbox @plan asks
 * for (architecture, capability bounding set, kernel release and version,
 * the libseccomp that would compile).
 * @plan: the validated plan.
 * @env:  filled; asks the kernel nothing but uname(2) and one stat(2), and
 *        loads no library (see sbx_libseccomp_identify() for the exception).
 */
void sbx_seccomp_env_init(const struct sbx_plan *plan, struct sbx_seccomp_env *env);

/**
 * sbx_seccomp_secret() - the cache's secret from the user keyring, made
 * there (32 bytes of getrandom(), possessor-only) when missing.
 * See seccomp_secret.c for why no sandbox can read it.
 *
 * Return: 0, or a negative errno (ENOSYS, EDQUOT, EACCES...): no cache then.
 */
int sbx_seccomp_secret(unsigned char secret[SBX_SECRET_LEN]);

#endif
