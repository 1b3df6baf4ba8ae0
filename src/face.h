/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_FACE_H
#define SBX_FACE_H

/*
 * The two faces of one binary, and everything that differs between them.
 * Called as "bwrap" sbx is bubblewrap; called as anything else it is sbx,
 * with safer defaults and friendlier messages.  Which face is decided once,
 * from argv[0] (sbx_cli_face()); the plan then carries its policy
 * (plan->face_policy) and a module reads a field of it, or says a message
 * through one of the sbx_say_*() functions below, instead of testing which
 * face it is in.  face.c is the one file a reader opens to see every
 * difference; it depends on error.h only.
 *
 * Mount failures are worded by sbx_mfail() (mounts_ctx.c): bubblewrap's
 * text, after the option's name in the sbx face; three of them, where
 * bubblewrap names another failure than the one that happened, choose
 * their text on bubblewrap_words at the step itself (mounts_ops.c,
 * mounts_path.c).  tests/integration/layers.test checks that no other file
 * compares faces.
 */
#include <stdbool.h>

#include "error.h"

/* Which face the binary shows: called as "bwrap" it is bubblewrap. */
enum sbx_face {
	SBX_FACE_SBX = 0,
	SBX_FACE_BWRAP,
};

struct sbx_face_policy {
	enum sbx_face face;
	const char *name;              /* the message prefix: "sbx: ", "bwrap: " */
	const char *version;           /* what --version prints */
	int failed;                    /* exit status when sbx itself fails */

	/* messages */
	bool bubblewrap_words;         /* bubblewrap's exact texts (launchers and its tests match them) */
	bool warning_word;             /* a warning says "warning: " after the prefix */

	/* the command line */
	bool sbx_options;              /* sbx's own options, -h, -V, --option=value, K/M/G sizes,
					* the nearest option named when one is unknown */
	bool cap_prefix_required;      /* --cap-add/--cap-drop names say CAP_ (bubblewrap: what libcap takes) */
	bool usage_without_command;    /* no command (or no word at all): the usage on stderr, status 1 */
	bool shell_without_command;    /* no command runs $SHELL (or /bin/sh), as unshare(1) does */
	bool args_in_args_file;        /* --args may appear inside an --args file */
	bool skip_not_a_security_boundary; /* bubblewrap 0.12's --not-a-security-boundary is taken and ignored */

	/* validation and resolution (plan.c, plan_resolve.c) */
	bool userns_options_as_given;  /* --uid, --gid, --disable-userns, --userns-block-fd want the user
					* namespace said (bubblewrap), not merely made */
	bool pidns_counts_for_pid1;    /* --pidns is a pid namespace for --as-pid-1 */
	bool userns_always;            /* rootless-first: a user namespace always, even for root */
	bool dev_setup_as_root;        /* bubblewrap's layout: --dev maps the caller to 0:0 for setup,
					* the command runs in a nested user namespace */
	bool caps_from_root_caller;    /* root's command starts from root's effective set */
	bool keep_host_tree;           /* no filesystem op: the host's tree stays (else an empty tmpfs root) */

	/* the child (child.c, caps.c, seccomp.c, monitor.c) */
	bool close_inherited_fds;      /* inherited fds no option names are closed (CVE-2024-21626) */
	bool default_seccomp;          /* the built-in "default" profile unless told otherwise */
	bool libc_execvp;              /* the command is found by libc's execvp (bubblewrap's search) */
	bool exec_statuses;            /* 126 / 127 when the command cannot run or is not found */
	bool root_raises_ambient;      /* root inside also raises the target set as ambient */
	bool pid1_reachable;           /* the caller outside may open pid 1's /proc/PID/ns/... */
	bool landlock_scopes;          /* Landlock scopes signals and abstract sockets unless --no-scope */
	bool info_landlock_abi;        /* --info-fd's record ends with "landlock-abi" */
	bool suggest_no_userns;        /* a failed user namespace suggests --no-userns */
	bool one_process;              /* when nothing needs sbx after the exec, the command replaces
					* it, as under unshare(1) (sandbox.c); bubblewrap always forks */
};

/**
 * sbx_face_policy() - the policy of @face (a static object: never freed).
 */
const struct sbx_face_policy *sbx_face_policy(enum sbx_face face);

/*
 * Messages whose text differs between the faces: bubblewrap's exact words,
 * or sbx's, which name the option and say what was expected.  Each fills
 * @err and returns a negative errno, as sbx_fail() does.
 */
int sbx_say_bad_fd(const struct sbx_face_policy *f, struct sbx_error *err, const char *option, const char *word);
int sbx_say_fd_not_open(const struct sbx_face_policy *f, struct sbx_error *err, const char *option, int fd);
int sbx_say_bad_id(const struct sbx_face_policy *f, struct sbx_error *err, const char *option, const char *word);
int sbx_say_bad_size(const struct sbx_face_policy *f, struct sbx_error *err, const char *word);
int sbx_say_bad_env_name(const struct sbx_face_policy *f, struct sbx_error *err, const char *option, const char *name);
int sbx_say_bad_cap(const struct sbx_face_policy *f, struct sbx_error *err, const char *option, const char *name);
int sbx_say_args_unreadable(const struct sbx_face_policy *f, struct sbx_error *err, int errnum, int fd);
/* @nearest: the known option nearest to @word, or NULL */
int sbx_say_unknown_option(const struct sbx_face_policy *f, struct sbx_error *err, const char *word,
			   const char *nearest);
int sbx_say_no_command(const struct sbx_face_policy *f, struct sbx_error *err);
/* @bare_root: the new root has no system tree (no op mounts / or /usr) */
int sbx_say_exec_failed(const struct sbx_face_policy *f, struct sbx_error *err, int errnum, const char *cmd,
			bool bare_root);
int sbx_say_lock_failed(const struct sbx_face_policy *f, struct sbx_error *err, int errnum, const char *what,
			const char *path);
int sbx_say_seccomp_load_failed(const struct sbx_face_policy *f, struct sbx_error *err, int errnum);

#endif
