/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_PLAN_H
#define SBX_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"
#include "face.h"

/*
 * struct sbx_plan is everything argv asked for, in order, and nothing else
 * but plan->res.  cli.c fills it, sbx_plan_validate() checks it before the
 * first clone, sbx_plan_resolve() (plan_resolve.c) decides what follows
 * from it into plan->res, and the parent and child ladders (parent.c,
 * child.c) only read it.
 */

enum sbx_action {
	SBX_ACTION_RUN = 0,
	SBX_ACTION_HELP,
	SBX_ACTION_VERSION,
};

/* Filesystem operations, applied in command-line order (mounts.c). */
enum sbx_op_type {
	SBX_OP_BIND,          /* --bind, --bind-try (op.try_) */
	SBX_OP_RO_BIND,       /* --ro-bind, --ro-bind-try */
	SBX_OP_DEV_BIND,      /* --dev-bind, --dev-bind-try */
	SBX_OP_BIND_FD,       /* --bind-fd FD DEST */
	SBX_OP_RO_BIND_FD,    /* --ro-bind-fd FD DEST */
	SBX_OP_REMOUNT_RO,    /* --remount-ro DEST */
	SBX_OP_OVERLAY_SRC,   /* --overlay-src SRC (consumed by the next overlay) */
	SBX_OP_OVERLAY,       /* --overlay RWSRC WORKDIR DEST */
	SBX_OP_TMP_OVERLAY,   /* --tmp-overlay DEST */
	SBX_OP_RO_OVERLAY,    /* --ro-overlay DEST */
	SBX_OP_PROC,          /* --proc DEST */
	SBX_OP_DEV,           /* --dev DEST */
	SBX_OP_TMPFS,         /* --tmpfs DEST */
	SBX_OP_MQUEUE,        /* --mqueue DEST */
	SBX_OP_DIR,           /* --dir DEST */
	SBX_OP_FILE,          /* --file FD DEST */
	SBX_OP_BIND_DATA,     /* --bind-data FD DEST */
	SBX_OP_RO_BIND_DATA,  /* --ro-bind-data FD DEST */
	SBX_OP_SYMLINK,       /* --symlink SRC DEST */
	SBX_OP_CHMOD,         /* --chmod OCTAL PATH (perms holds the mode) */
	SBX_OP_LOCK_FILE,     /* --lock-file DEST */
};

struct sbx_op {
	enum sbx_op_type type;
	bool try_;          /* the -try variant: a missing source is skipped */
	const char *src;    /* source path, symlink target, overlay upper dir */
	const char *src2;   /* overlay work dir */
	const char *dest;   /* destination inside the new root */
	int fd;             /* --bind-fd, --file, --bind-data: -1 otherwise */
	int perms;          /* --perms for this op, or --chmod mode; -1: default */
	size_t size;        /* --size for this op; 0: default */
	const char *option; /* the option that made it, for messages */
};

enum sbx_env_type {
	SBX_ENV_SET,
	SBX_ENV_UNSET,
	SBX_ENV_CLEAR,
};

struct sbx_env_op {
	enum sbx_env_type type;
	const char *name;
	const char *value;
};

/* --cap-add / --cap-drop in order; cap == SBX_CAP_ALL means "ALL". */
#define SBX_CAP_ALL (-1)
struct sbx_cap_op {
	bool add;
	int cap;
};

/* One line of uid_map / gid_map. */
struct sbx_idrange {
	uint32_t inner;
	uint32_t outer;
	uint32_t count;
};

enum sbx_subids {
	SBX_SUBIDS_AUTO = 0, /* with --map-root: map them where there are some */
	SBX_SUBIDS_REQUIRE,  /* --subids: error if there are none */
	SBX_SUBIDS_NONE,     /* --no-subids: the caller's own id only */
};

/* Namespace selection, bubblewrap's meaning. */
struct sbx_ns {
	bool user, user_try;
	bool ipc, pid, net, uts;
	bool cgroup, cgroup_try;
	bool time;       /* --unshare-time (sbx face) */
	int userns_fd;   /* --userns: join instead of creating, -1 unset */
	int userns2_fd;  /* --userns2: switch to after setup, -1 unset */
	int pidns_fd;    /* --pidns, -1 unset */
	bool disable_userns;
	bool assert_userns_disabled;
};

/* seccomp sources in command-line order: --seccomp FD and --add-seccomp-fd FD. */
struct sbx_seccomp_fd {
	int fd;
	bool add; /* true for --add-seccomp-fd */
};

#define SBX_ID_UNSET ((uint32_t)-1)

/* Landlock allow rules (landlock.c), in command-line order. */
enum sbx_ll_allow_type {
	SBX_LL_RO,          /* --landlock-ro PATH */
	SBX_LL_RW,          /* --landlock-rw PATH */
	SBX_LL_EXEC,        /* --landlock-exec PATH */
	SBX_LL_CONNECT_TCP, /* --landlock-connect-tcp PORT */
	SBX_LL_BIND_TCP,    /* --landlock-bind-tcp PORT */
};

struct sbx_ll_allow {
	enum sbx_ll_allow_type type;
	const char *arg;    /* the path or port as given; sbx_plan_validate() checks it */
	const char *option;
};

struct sbx_landlock;

/* --net: how the sandbox reaches the network. */
enum sbx_net {
	SBX_NET_DEFAULT = 0, /* as the namespace options say (--unshare-net or the host's) */
	SBX_NET_PASTA,       /* --net pasta: a new network namespace, user-mode networking through pasta(1) */
};

/* --publish HOSTPORT:SANDBOXPORT[/udp]: a host port forwarded into the sandbox by pasta. */
struct sbx_publish {
	uint16_t host, sandbox;
	bool udp;
};

/*
 * What sbx_plan_resolve() (plan_resolve.c) decides once, in the parent
 * before the clone, from the validated plan and the caller.  The parent and
 * child ladders, ns.c, idmap_host.c, mounts.c, caps.c and seccomp.c read
 * these fields and decide none of it again.
 */
struct sbx_resolved {
	bool done;                 /* sbx_plan_resolve() has filled this in */

	/* The caller, noted before sbx enters any namespace: in one, getuid()
	 * and the capability sets no longer say. */
	uint32_t caller_uid, caller_gid;
	bool caller_root;          /* real uid 0 */

	/* namespaces */
	unsigned long clone_flags; /* every CLONE_NEW* the sandbox gets */
	unsigned long clone_now;   /* those clone(2) makes; the child unshares the rest */
	bool userns;               /* a new user namespace is made (CLONE_NEWUSER) */
	bool userns_asked;         /* --unshare-user, or an id option that implies it */
	bool setup_as_root;        /* the user namespace maps the caller to 0:0 while the sandbox is set up */
	bool nest_user;            /* the command runs in a second user namespace, nested in the first */
	bool nest_pid;             /* --pidns with --unshare-pid: a new pid namespace inside it */

	/* network */
	bool pasta;                /* the parent starts pasta(1) against the child's network namespace */

	/* processes */
	bool reaper;               /* a pid 1 reaps and holds the sandbox's fds (monitor.c) */

	/* filesystem */
	bool new_root;             /* a new root is built (else the host's tree stays, sbx face) */

	/* capabilities */
	bool caps_from_caller;     /* the command's set starts from the caller's effective set */
	uint64_t cap_target;       /* the most the command holds, in its user namespace */

	/* Landlock (landlock.c): the rules trimmed to the kernel's ABI,
	 * applied in the child; never NULL once resolved */
	struct sbx_landlock *landlock;
};

struct sbx_plan {
	const struct sbx_face_policy *face_policy; /* what differs between the faces (face.h) */
	enum sbx_action action;
	const char *prog;         /* argv[0] as called, for --help */

	struct sbx_ns ns;
	const char *hostname;

	/* network (--net pasta) */
	enum sbx_net net;
	struct sbx_publish *publish;
	size_t n_publish;
	bool host_loopback;       /* --allow-host-loopback: the gateway address reaches the host's loopback */

	/* ids */
	bool map_root;
	enum sbx_subids subids;
	bool subids_given;        /* --subids or --no-subids was said */
	struct sbx_idrange *map_users;
	size_t n_map_users;
	struct sbx_idrange *map_groups;
	size_t n_map_groups;
	uint32_t uid, gid;        /* --uid / --gid, SBX_ID_UNSET if not given */
	bool setgroups_allow;
	int userns_block_fd;

	/* filesystem */
	struct sbx_op *ops;
	size_t n_ops;
	const char *chdir;
	unsigned n_chdir;         /* bubblewrap warns when --chdir repeats */

	/* process */
	struct sbx_env_op *env;
	size_t n_env;
	const char *argv0;
	bool new_session;
	bool die_with_parent;
	bool as_pid_1;

	/* fds */
	int info_fd, json_status_fd, sync_fd, block_fd;
	int *pass_fds;
	size_t n_pass_fds;

	/* seccomp */
	struct sbx_seccomp_fd *seccomp_fds;
	size_t n_seccomp_fds;
	const char *seccomp_profile; /* --seccomp-profile: path, "default" or "none" */

	/* capabilities */
	struct sbx_cap_op *caps;
	size_t n_caps;

	/* Landlock (sbx face only) */
	struct sbx_ll_allow *landlock;
	size_t n_landlock;
	bool scope_signals, scope_abstract; /* asked for by name */
	bool no_scope;                      /* --no-scope: not even the default */
	bool landlock_strict;               /* an unenforceable rule is an error */

	/* --no-userns: no namespace at all; no_new_privs, seccomp, Landlock */
	bool no_userns;

	/* labels (no SELinux support built in: accepted as bubblewrap does without it) */
	const char *exec_label, *file_label;

	bool level_prefix;
	bool verbose;

	/* the command */
	char **argv;
	int argc;

	/* storage the plan owns: --args buffers, their argv vectors */
	char **owned;
	size_t n_owned;

	/* decided by sbx_plan_resolve(), never by the command line */
	struct sbx_resolved res;
};

/**
 * sbx_plan_init() - a plan with every field at its "not given" value.
 */
void sbx_plan_init(struct sbx_plan *plan, enum sbx_face face);

/**
 * sbx_plan_free() - release what the plan owns (not the fds it names).
 */
void sbx_plan_free(struct sbx_plan *plan);

/**
 * sbx_plan_add_op() - append a filesystem operation.
 *
 * Return: a pointer to the new op (zeroed but for fd = perms = -1), or NULL
 * on allocation failure.
 */
struct sbx_op *sbx_plan_add_op(struct sbx_plan *plan, enum sbx_op_type type);

/**
 * sbx_plan_own() - hand a malloc()ed buffer to the plan, freed with it.
 */
int sbx_plan_own(struct sbx_plan *plan, void *p);

/**
 * sbx_plan_validate() - check a parsed plan before anything runs.
 * @plan: the plan, only read: what follows from it is sbx_plan_resolve()'s.
 * @err:  set with the user-facing reason on failure.
 *
 * Return: 0, or a negative errno with @err set.
 */
int sbx_plan_validate(const struct sbx_plan *plan, struct sbx_error *err);

/**
 * sbx_plan_resolve() - decide, once and before the clone, everything that
 * follows from a validated plan and its caller: clone flags, the user
 * namespace layout, pid 1, the new root, the command's capability set
 * (plan_resolve.c).  Fills @plan->res; nothing else changes.
 * @plan: a validated plan.
 * @err:  set on failure.
 *
 * Return: 0, or a negative errno with @err set.
 */
int sbx_plan_resolve(struct sbx_plan *plan, struct sbx_error *err);

/**
 * sbx_plan_userns_asked() - --unshare-user, or an option that implies it
 * (--map-root, --map-users, --map-groups, --subids).  Pure.
 */
bool sbx_plan_userns_asked(const struct sbx_plan *plan);

/**
 * sbx_plan_makes_userns() - whether the sandbox gets a new user namespace
 * of its own: the one rule, which sbx_plan_validate() checks the options
 * against and sbx_plan_resolve() records in @plan->res.userns.
 * @caller_uid: the caller's real uid (bubblewrap run by root makes none
 *              unless asked).
 */
bool sbx_plan_makes_userns(const struct sbx_plan *plan, uint32_t caller_uid);

/**
 * sbx_plan_has_fs_ops() - true when any filesystem op builds a new root.
 */
bool sbx_plan_has_fs_ops(const struct sbx_plan *plan);

/**
 * sbx_plan_count_ops() - how many filesystem ops of @type the plan has.
 */
size_t sbx_plan_count_ops(const struct sbx_plan *plan, enum sbx_op_type type);

/**
 * sbx_plan_has_system_tree() - true when a filesystem op puts something
 * (a bind, an overlay, a symlink) on "/" or "/usr" of the new root; false
 * when the command can find no program there but what the ops made.
 */
bool sbx_plan_has_system_tree(const struct sbx_plan *plan);

#endif
