/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_MOUNTS_API_H
#define SBX_MOUNTS_API_H

/*
 * The mount primitives (mounts_api.c): the new mount API where the kernel
 * has it, mount(2) on /proc/self/fd paths otherwise.  Each returns 0 or a
 * negative errno with errno set, and records nothing.  Every fd they take
 * is an O_PATH (or other) fd; nothing is looked up by a path string.
 */
#include "mounts_ctx.h"

/**
 * sbx_mount_bind() - mount a recursive copy of what @src names on @target.
 * @src:    any fd of the source (opened in the host's tree).
 * @target: O_PATH fd of the mountpoint inside the new root.
 * @attrs:  SBX_MA_* set on every mount of the copy.
 */
int sbx_mount_bind(struct sbx_mctx *c, int src, int target, unsigned attrs);

/**
 * sbx_mount_clone() - a detached recursive copy of the mount tree at @path
 * (a host path, resolved as open(2) would), @attrs set on every mount of
 * it.  New mount API only (-ENOSYS with mount(2)).
 *
 * Return: the copy's fd (closing it unmounts the copy unless attached), or
 * a negative errno.
 */
int sbx_mount_clone(struct sbx_mctx *c, const char *path, unsigned attrs);
/**
 * sbx_mount_attach() - mount the detached copy @tree on @target (an fd of
 * the mountpoint).  New mount API only.
 */
int sbx_mount_attach(struct sbx_mctx *c, int tree, int target);
/**
 * sbx_mount_attach_at() - mount the detached copy @tree on the entry @name
 * of the directory @parent, never following @name.  New mount API only.
 */
int sbx_mount_attach_at(struct sbx_mctx *c, int tree, int parent, const char *name);
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
 * where the kernel lacks mount_setattr (before 5.12), the walk that stands
 * in for openat2 where it lacks openat2, and open_tree + mount_setattr
 * where it lacks open_tree_attr (before 6.15; the kernel's ENOSYS selects
 * these two at first use); in a build with --enable-test-hooks only, also
 * when the environment variable SBX_TEST_NO_MOUNT_API, respectively
 * SBX_TEST_NO_OPENAT2 or SBX_TEST_NO_OPEN_TREE_ATTR, is set.
 */
void sbx_mount_detect(struct sbx_mctx *c);

#endif
