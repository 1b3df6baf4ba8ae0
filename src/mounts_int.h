/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_MOUNTS_INT_H
#define SBX_MOUNTS_INT_H

/*
 * Internals shared by mounts.c (the ladder, the root, pivot_root),
 * mounts_path.c (resolving destinations inside the new root) and
 * mounts_ops.c (one function per filesystem option).
 */

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "plan.h"

struct sbx_mctx {
	const struct sbx_plan *plan;
	struct sbx_error *err;
	int base;          /* the setup tmpfs holding newroot/ and oldroot/; never seen by the sandbox */
	int host;          /* the host's root, parked at base/oldroot: every source is resolved in it */
	int cwd;           /* the directory sbx was started in (relative sources), or -1 */
	int root;          /* the new root's top mount; every destination is resolved under it */
	bool bw;           /* bubblewrap face: its messages */
	bool legacy;       /* mount(2) instead of the new mount API (kernels before 5.12) */
	bool no_openat2;   /* the kernel lacks openat2 (or SBX_TEST_NO_OPENAT2): walk by hand */
	unsigned seq;      /* names of scratch files and directories in base */
};

/* Mount attributes of the new API, also mapped onto MS_* for mount(2). */
#define SBX_MA_RDONLY 0x1u
#define SBX_MA_NOSUID 0x2u
#define SBX_MA_NODEV  0x4u
#define SBX_MA_NOEXEC 0x8u

/**
 * sbx_mfail() - record an op's failure: bubblewrap's text in the bwrap face,
 * the same text after the option's name in the sbx face.
 * @errnum: appended as ": strerror" when nonzero.
 *
 * Return: a negative errno.
 */
int sbx_mfail(struct sbx_mctx *c, const struct sbx_op *op, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/**
 * sbx_mpath_open() - open @path inside the new root.
 * @flags: open(2) flags (O_PATH, O_DIRECTORY, ...); O_CLOEXEC is added.
 *
 * Symlinks are followed but can never leave the root: absolute targets and
 * ".." are taken relative to it, and ".." at the root stays there (openat2
 * RESOLVE_IN_ROOT, or without openat2 the same walk done component by
 * component, O_NOFOLLOW, in mounts_path.c).
 *
 * Return: the fd, or a negative errno.
 */
int sbx_mpath_open(struct sbx_mctx *c, const char *path, int flags);

/**
 * sbx_mpath_create() - sbx_mpath_open() with O_CREAT's @mode.
 */
int sbx_mpath_create(struct sbx_mctx *c, const char *path, int flags, mode_t mode);

/**
 * sbx_mpath_parent() - the directory that holds @path, created if missing.
 * @mode:  mode of the directories created (0755, or less with --perms).
 * @name:  receives the last component ("" when @path is the root).
 *
 * Return: an O_PATH fd of the parent (of the root for "/"), or a negative
 * errno with the error recorded ("Can't mkdir parents for DEST").
 */
int sbx_mpath_parent(struct sbx_mctx *c, const struct sbx_op *op, const char *path,
		     mode_t mode, char *name, size_t name_len);

/*
 * The mount primitives (mounts_api.c): the new mount API where the kernel
 * has it, mount(2) on /proc/self/fd paths otherwise.  Each returns 0 or a
 * negative errno with errno set, and records nothing.  Every fd they take
 * is an O_PATH (or other) fd; nothing is looked up by a path string.
 */

/**
 * sbx_mount_bind() - mount a recursive copy of what @src names on @target.
 * @src:    any fd of the source (opened in the host's tree).
 * @target: O_PATH fd of the mountpoint inside the new root.
 * @attrs:  SBX_MA_* set on every mount of the copy.
 */
int sbx_mount_bind(struct sbx_mctx *c, int src, int target, unsigned attrs);

/**
 * sbx_mount_new() - mount a new @type filesystem on @target.
 * @opts: NULL-terminated key, value pairs (value NULL for a flag).
 */
int sbx_mount_new(struct sbx_mctx *c, const char *type, const char *const *opts,
		  unsigned attrs, int target);

/**
 * sbx_mount_remount() - set @attrs on the one mount whose root @target is
 * (its other flags kept, its submounts untouched).
 */
int sbx_mount_remount(struct sbx_mctx *c, int target, unsigned attrs);

/**
 * sbx_mount_detect() - choose the new mount API or mount(2): mount(2)
 * where the kernel lacks mount_setattr (before 5.12) and the walk that
 * stands in for openat2 where it lacks openat2 (the kernel's ENOSYS selects
 * it at the first lookup); in a build with --enable-test-hooks only, also
 * when the environment variable SBX_TEST_NO_MOUNT_API, respectively
 * SBX_TEST_NO_OPENAT2, is set.
 */
void sbx_mount_detect(struct sbx_mctx *c);

/**
 * sbx_mount_fd_path() - "/proc/self/fd/N" for @fd, in @buf (at least 32 bytes).
 */
const char *sbx_mount_fd_path(char *buf, size_t len, int fd);

/**
 * sbx_mroot_refresh() - after a mount on the new root itself, later
 * destinations start from the new top mount, not from the one beneath it.
 * Called after every mount: whether a destination names the root is the
 * kernel's to say ("/", "/x/..", a symlink to "/"), not its string's.
 *
 * Return: 0 or a negative errno.
 */
int sbx_mroot_refresh(struct sbx_mctx *c);

/**
 * sbx_mhost_enter() / sbx_mhost_leave() - the setup process's root: the
 * host's tree while ops run (so sources resolve exactly as on the host,
 * never through a mount of the sandbox), base around the pivots.
 */
int sbx_mhost_enter(struct sbx_mctx *c);
int sbx_mhost_leave(struct sbx_mctx *c);

/**
 * sbx_mops_apply() - apply op @i of the plan (an overlay reads the
 * --overlay-src ops just before it; those do nothing by themselves).
 *
 * Return: 0 or a negative errno with the error recorded.
 */
int sbx_mops_apply(struct sbx_mctx *c, size_t i);

/**
 * sbx_mops_proc() - --proc: a new procfs in a new pid namespace, else the
 * host's /proc bound; then bubblewrap's read-only covers.
 */
int sbx_mops_proc(struct sbx_mctx *c, const struct sbx_op *op);

/**
 * sbx_mops_dev() - --dev: a tmpfs with the safe device nodes, a new devpts,
 * shm and the fd links.
 */
int sbx_mops_dev(struct sbx_mctx *c, const struct sbx_op *op);

/**
 * sbx_mops_overlay() - --overlay, --tmp-overlay, --ro-overlay (op @i) over
 * the --overlay-src ops just before it.
 */
int sbx_mops_overlay(struct sbx_mctx *c, size_t i);

/** Node kinds of sbx_mpath_node(). */
enum sbx_node { SBX_NODE_DIR, SBX_NODE_FILE, SBX_NODE_EXISTING };

/**
 * sbx_mpath_node() - the node an op works on, created if missing, as
 * bubblewrap 0.12 does: parents are created (and followed, inside the
 * root); the last component is never followed.
 * @kind:  a directory, a file (for a file mountpoint) or whatever exists.
 * @mode:  mode of a directory or file created here.
 * @pmode: mode of the parents created.
 *
 * A mount op refuses a symlink ("Can't mount on symlink destination"), a
 * directory op anything but a directory, a file op a directory.
 *
 * Return: an O_PATH fd of the node, or a negative errno with the error recorded.
 */
int sbx_mpath_node(struct sbx_mctx *c, const struct sbx_op *op, enum sbx_node kind,
		   mode_t mode, mode_t pmode);

/**
 * sbx_mops_parent_mode() - bubblewrap's mode for parents made for @op:
 * what the group or others may not reach, its parents do not let them.
 */
mode_t sbx_mops_parent_mode(const struct sbx_op *op);

/**
 * sbx_mops_mount_new_fs() - a new @type filesystem on a directory made at
 * op->dest; an O_PATH fd of its root in @out when @out is not NULL.
 * @what: the message's start ("Can't mount tmpfs on").
 */
int sbx_mops_mount_new_fs(struct sbx_mctx *c, const struct sbx_op *op, const char *type,
			  const char *const *opts, unsigned attrs, const char *what, int *out);

#endif
