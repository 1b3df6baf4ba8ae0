/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_NS_H
#define SBX_NS_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "plan.h"

/**
 * struct sbx_ns_kind - one kind of namespace, the one place that lists them.
 * @flag:      its CLONE_NEW* flag.
 * @proc_name: its name under /proc/PID/ns/, also the info JSON's key
 *             ("<proc_name>-namespace").
 * @human:     its name in messages ("network").
 * @asked:     offsetof(struct sbx_ns, the bool that asks for it), or
 *             SBX_NS_NO_FIELD where more than one option decides (user).
 * @asked_try: the same for the -try variant (made only where the kernel
 *             has it), or SBX_NS_NO_FIELD.
 * @at_clone:  made by clone itself, even with a new user namespace: it must
 *             come with the process (user, pid); the child unshares the rest.
 * @json:      its place in the --info-fd / --json-status-fd record
 *             (bubblewrap's order, lowest first), 0 when not listed (user).
 * @always:    every sandbox has a new one (mount): listed whatever the flags.
 * @unshare_only: unshare(2) makes it, clone(2) cannot (time: its flag is
 *             in clone's exit-signal bits); the child unshares it, and the
 *             processes it then starts, or the command it execs, are in it.
 *
 * Adding a namespace option is one field in struct sbx_ns, one option row
 * in cli.c and one row here.
 */
struct sbx_ns_kind {
	unsigned long flag;
	const char *proc_name;
	const char *human;
	size_t asked, asked_try;
	bool at_clone;
	unsigned json;
	bool always;
	bool unshare_only;
};

#define SBX_NS_NO_FIELD ((size_t)-1)

/* The table, in the order messages name namespaces, and its length. */
extern const struct sbx_ns_kind sbx_ns_kinds[];
extern const size_t sbx_ns_n_kinds;

/**
 * sbx_ns_asked_flags() - the CLONE_NEW* flags of the namespaces @ns asks
 * for through the table's @asked and @asked_try fields (a -try one only
 * where this kernel has it).  The user and mount namespaces, decided
 * elsewhere, are not among them.
 */
unsigned long sbx_ns_asked_flags(const struct sbx_ns *ns);

/**
 * sbx_ns_clone_flags() - of @flags, those clone must make itself when it
 * makes a new user namespace (all of them without one, but the
 * unshare-only kinds, which the child always makes).
 */
unsigned long sbx_ns_clone_flags(unsigned long flags);

/**
 * sbx_ns_names() - the human names of the namespaces in @flags, in table
 * order, comma-separated, into @buf (cut to @len).
 */
void sbx_ns_names(unsigned long flags, char *buf, size_t len);

/*
 * Namespace steps beyond the clone itself: joining given namespaces,
 * bringing up the loopback of a new network namespace, and closing the
 * door on further user namespaces.
 */

/* fds the child opens before the filesystem changes under it. */
struct sbx_ns_files {
	int max_userns; /* /proc/sys/user/max_user_namespaces, for --disable-userns */
	int proc_self;  /* /proc/<pid>, O_PATH, to map the nested user namespace (res.nest_user) */
};

/**
 * sbx_ns_join() - in the parent, before the clone: enter the user
 * namespace of --userns and make --pidns the pid namespace of the child.
 *
 * Return: 0 or a negative errno with @err set (bubblewrap's messages).
 */
int sbx_ns_join(const struct sbx_plan *plan, struct sbx_error *err);

/**
 * sbx_ns_open_files() - open what --disable-userns needs while /proc is
 * still the host's (every fd close-on-exec); unused ones are -1.
 */
int sbx_ns_open_files(const struct sbx_plan *plan, struct sbx_ns_files *f, struct sbx_error *err);

/**
 * sbx_ns_close_files() - close what sbx_ns_open_files() opened.
 */
void sbx_ns_close_files(struct sbx_ns_files *f);

/**
 * sbx_ns_loopback_up() - bring "lo" up in a new network namespace, as
 * bubblewrap does (the kernel then gives it 127.0.0.1 and ::1).
 */
int sbx_ns_loopback_up(struct sbx_error *err);

/**
 * sbx_ns_userns_steps() - after the filesystem is built: --userns2, then
 * --disable-userns (max_user_namespaces=1), then the nested user namespace
 * of plan->res.nest_user, mapping @ids (the uid and gid the command runs
 * as) to the ids of this process, then the check --assert-userns-disabled
 * and --disable-userns ask for.
 */
int sbx_ns_userns_steps(const struct sbx_plan *plan, struct sbx_ns_files *f, const uint32_t ids[2],
			struct sbx_error *err);

/**
 * sbx_ns_explain_denied() - after making a user namespace or writing its
 * id maps failed with EPERM or EACCES: where AppArmor restricts
 * unprivileged user namespaces (Ubuntu 23.10 and later), append to @err
 * what the restriction is and what to do about it.
 *
 * Return: true when @err was explained so.
 */
bool sbx_ns_explain_denied(struct sbx_error *err);

#endif
