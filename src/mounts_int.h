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
	int root;          /* the new root's top mount; every destination is resolved under it */
	bool bw;           /* bubblewrap face: its messages */
	bool no_openat2;   /* the kernel lacks openat2: O_NOFOLLOW walk */
	int scratch;       /* a detached tmpfs for --bind-data files, or -1 */
	unsigned seq;      /* names of scratch files */
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
 * ".." are taken relative to it (openat2 RESOLVE_IN_ROOT), or, without
 * openat2, any symlink or ".." is refused (ELOOP / EXDEV).
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

/**
 * sbx_mpath_mkdir() - ensure a directory at @path (existing is fine).
 *
 * Return: an O_PATH fd of it, or a negative errno with the error recorded.
 */
int sbx_mpath_mkdir(struct sbx_mctx *c, const struct sbx_op *op, const char *path,
		    mode_t mode, mode_t parent_mode);

/**
 * sbx_mpath_mkfile() - ensure a file to mount on at @path (existing is fine).
 *
 * Return: an O_PATH fd of it, or a negative errno with the error recorded.
 */
int sbx_mpath_mkfile(struct sbx_mctx *c, const struct sbx_op *op, const char *path);

/**
 * sbx_mount_attach() - mount the detached tree @tree on the O_PATH fd @target.
 *
 * Return: 0 or a negative errno (errno set); nothing recorded.
 */
int sbx_mount_attach(struct sbx_mctx *c, int tree, int target);

/**
 * sbx_mount_clone() - a detached recursive copy of the host tree at @src.
 * @dirfd: AT_FDCWD (host paths) or an fd; @src may be "" with AT_EMPTY_PATH.
 * @attrs: SBX_MA_* set on every mount of the copy.
 *
 * Return: the tree's fd, or a negative errno (errno set).
 */
int sbx_mount_clone(struct sbx_mctx *c, int dirfd, const char *src, unsigned attrs);

/**
 * sbx_mount_fs() - a new detached filesystem instance.
 * @type:  "tmpfs", "proc", "devpts", "mqueue", "overlay".
 * @opts:  NULL-terminated key, value pairs (value NULL for a flag).
 *
 * Return: its fd, or a negative errno (errno set).
 */
int sbx_mount_fs(struct sbx_mctx *c, const char *type, const char *const *opts, unsigned attrs);

/**
 * sbx_mount_set_attrs() - set @attrs on the mount at @fd (recursively or not).
 */
int sbx_mount_set_attrs(struct sbx_mctx *c, int fd, unsigned attrs, bool recursive);

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

/**
 * sbx_mops_new_root() - after a mount on the root itself (@dest is "/"),
 * later destinations start from that new top mount (@tree), not from the
 * mount beneath it; any other @dest changes nothing.
 *
 * Return: 0 or a negative errno.
 */
int sbx_mops_new_root(struct sbx_mctx *c, const char *dest, int tree);

/**
 * sbx_mops_mount_new_fs() - a new @type filesystem on a directory made at
 * op->dest; its fd in @out when @out is not NULL.
 * @what: the message's start ("Can't mount tmpfs on").
 */
int sbx_mops_mount_new_fs(struct sbx_mctx *c, const struct sbx_op *op, const char *type,
			  const char *const *opts, unsigned attrs, const char *what, int *out);

#endif
