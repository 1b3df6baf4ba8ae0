/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_MOUNTS_PATH_H
#define SBX_MOUNTS_PATH_H

/* Destinations inside the new root (mounts_path.c). */
#include "mounts_ctx.h"

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

/**
 * sbx_mpath_parent_plain() - the existing directory holding @path, when
 * the way to it has no symlink, "." or "..", and the last component is a
 * name; remembered across the binds that follow onto other new entries
 * of it (the usual long list of siblings).
 * @name: receives the last component.
 *
 * Return: an O_PATH fd the context keeps (not to be closed; c->parent_private
 * says whether it is on the new root's own tmpfs), or a negative errno,
 * nothing recorded: the caller then takes sbx_mpath_node()'s way, which
 * makes what is missing and words the failures.
 */
int sbx_mpath_parent_plain(struct sbx_mctx *c, const char *path, char *name, size_t name_len);

#endif
