/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The two faces (face.h): their policies side by side, and the messages
 * whose words differ, both dialects of each in one function.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "exitcode.h"
#include "face.h"

/*
 * What bubblewrap prints for --version.  Launchers parse it to decide which
 * options they may pass, so the bwrap face names the bubblewrap release
 * whose options it implements, and nothing else.
 */
#define SBX_BWRAP_VERSION "bubblewrap 0.12.0"

/* sbx: safe and convenient defaults, errors that say what was expected. */
static const struct sbx_face_policy sbx_face = {
	.face = SBX_FACE_SBX,
	.name = "sbx",
	.version = "sbx " PACKAGE_VERSION,
	.failed = SBX_EXIT_FAILED,
	.warning_word = true,
	.sbx_options = true,
	.cap_prefix_required = true,
	.shell_without_command = true,
	.args_in_args_file = true,
	.pidns_counts_for_pid1 = true,
	.userns_always = true,
	.keep_host_tree = true,
	.close_inherited_fds = true,
	.default_seccomp = true,
	.exec_statuses = true,
	.landlock_scopes = true,
	.info_landlock_abi = true,
	.suggest_no_userns = true,
	.one_process = true,
};

/* bubblewrap: its defaults, its words, its single status 1. */
static const struct sbx_face_policy bwrap_face = {
	.face = SBX_FACE_BWRAP,
	.name = "bwrap",
	.version = SBX_BWRAP_VERSION,
	.failed = SBX_EXIT_BWRAP_FAILED,
	.bubblewrap_words = true,
	.usage_without_command = true,
	.skip_not_a_security_boundary = true,
	.userns_options_as_given = true,
	.dev_setup_as_root = true,
	.caps_from_root_caller = true,
	.libc_execvp = true,
	.root_raises_ambient = true,
	.pid1_reachable = true,
};

const struct sbx_face_policy *sbx_face_policy(enum sbx_face face)
{
	return face == SBX_FACE_BWRAP ? &bwrap_face : &sbx_face;
}

int sbx_say_bad_fd(const struct sbx_face_policy *f, struct sbx_error *err, const char *option, const char *word)
{
	if (f->bubblewrap_words)
		return sbx_fail_msg(err, EINVAL, "Invalid fd: %s", word);
	return sbx_fail_msg(err, EINVAL, "Invalid fd: %s (%s takes a file descriptor number)", word, option);
}

int sbx_say_fd_not_open(const struct sbx_face_policy *f, struct sbx_error *err, const char *option, int fd)
{
	if (f->bubblewrap_words)
		return sbx_fail_msg(err, EBADF, "Invalid fd: %d", fd);
	return sbx_fail_msg(err, EBADF, "%s %d: file descriptor %d is not open", option, fd, fd);
}

/* @option: "--uid" or "--gid" */
int sbx_say_bad_id(const struct sbx_face_policy *f, struct sbx_error *err, const char *option, const char *word)
{
	if (f->bubblewrap_words) /* "Invalid uid: x", "Invalid gid: x" */
		return sbx_fail_msg(err, EINVAL, "Invalid %s: %s", option + 2, word);
	return sbx_fail_msg(err, EINVAL, "%s: invalid id '%s': expected a decimal number from 0 to 4294967294",
			    option, word);
}

int sbx_say_bad_size(const struct sbx_face_policy *f, struct sbx_error *err, const char *word)
{
	if (f->bubblewrap_words)
		return sbx_fail_msg(err, EINVAL, "--size takes a non-zero number of bytes");
	return sbx_fail_msg(err, EINVAL, "--size: invalid size '%s': expected a non-zero number of bytes, "
			    "optionally followed by K, M or G (powers of 1024)", word);
}

/* @option: "--setenv" or "--unsetenv" */
int sbx_say_bad_env_name(const struct sbx_face_policy *f, struct sbx_error *err, const char *option,
			 const char *name)
{
	/* bubblewrap calls setenv(3) at once and reports only that it failed. */
	if (f->bubblewrap_words)
		return sbx_fail_msg(err, EINVAL, "%s failed", option + 2);
	return sbx_fail_msg(err, EINVAL, "%s: '%s' is not a valid variable name", option, name);
}

int sbx_say_bad_cap(const struct sbx_face_policy *f, struct sbx_error *err, const char *option, const char *name)
{
	if (f->bubblewrap_words)
		return sbx_fail_msg(err, EINVAL, "unknown cap: %s", name);
	return sbx_fail_msg(err, EINVAL, "%s: unknown capability '%s' (names as in capabilities(7), e.g. CAP_NET_RAW, or ALL)",
			    option, name);
}

int sbx_say_args_unreadable(const struct sbx_face_policy *f, struct sbx_error *err, int errnum, int fd)
{
	if (f->bubblewrap_words)
		return sbx_fail(err, errnum, "Can't read --args data");
	return sbx_fail(err, errnum, "--args %d: reading the arguments", fd);
}

int sbx_say_unknown_option(const struct sbx_face_policy *f, struct sbx_error *err, const char *word,
			   const char *nearest)
{
	if (f->bubblewrap_words)
		return sbx_fail_msg(err, EINVAL, "Unknown option %s", word);
	if (nearest)
		return sbx_fail_msg(err, EINVAL, "unknown option '%s'; did you mean '%s'? "
				    "(to run a program named so, put '--' before it)", word, nearest);
	return sbx_fail_msg(err, EINVAL, "unknown option '%s' (see 'sbx --help'; to run a program named so, put '--' before it)", word);
}

int sbx_say_no_command(const struct sbx_face_policy *f, struct sbx_error *err)
{
	if (f->bubblewrap_words)
		return sbx_fail_msg(err, EINVAL, "No program specified");
	return sbx_fail_msg(err, EINVAL, "no command given (usage: sbx [OPTION...] [--] COMMAND [ARG...])");
}

int sbx_say_exec_failed(const struct sbx_face_policy *f, struct sbx_error *err, int errnum, const char *cmd,
			bool bare_root)
{
	if (f->bubblewrap_words)
		return sbx_fail(err, errnum, "execvp %s", cmd);
	if (errnum == ENOENT && bare_root)
		return sbx_fail_msg(err, errnum, "cannot run '%s': %s; with filesystem options the new root is an empty "
				    "tmpfs, and none of them mounts / or /usr: add --ro-bind / / for the host's tree, or "
				    "--ro-bind /usr /usr with the usual symlinks (--symlink usr/bin /bin --symlink usr/lib /lib "
				    "--symlink usr/lib64 /lib64)", cmd, strerror(errnum));
	return sbx_fail(err, errnum, "cannot run '%s'", cmd);
}

/* @what: "Unable to open lock file" or "Unable to lock file" */
int sbx_say_lock_failed(const struct sbx_face_policy *f, struct sbx_error *err, int errnum, const char *what,
			const char *path)
{
	if (f->bubblewrap_words)
		return sbx_fail(err, errnum, "%s %s", what, path);
	return sbx_fail(err, errnum, "--lock-file: %s %s", what, path);
}

int sbx_say_seccomp_load_failed(const struct sbx_face_policy *f, struct sbx_error *err, int errnum)
{
	if (!f->bubblewrap_words)
		return sbx_fail(err, errnum, "loading the seccomp filter");
	if (errnum == EINVAL)
		return sbx_fail_msg(err, errnum, "Unable to set up system call filtering as requested: "
				    "prctl(PR_SET_SECCOMP) reported EINVAL. (Hint: this requires a kernel "
				    "configured with CONFIG_SECCOMP and CONFIG_SECCOMP_FILTER.)");
	return sbx_fail(err, errnum, "prctl(PR_SET_SECCOMP)");
}
