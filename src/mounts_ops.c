/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One function per filesystem option, with bubblewrap's meaning and, in
 * the bwrap face, its messages.  Sources are host paths (this process's
 * root is the host's tree while ops run, mounts.c); destinations go
 * through mounts_path.c.
 * Every mount is nosuid; every one but --dev-bind's and the device nodes
 * of --dev is nodev.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "mounts_api.h"
#include "mounts_ops.h"
#include "mounts_path.h"
#include "mounts_special.h"
#include "syscalls.h"
#include "util.h"

#define NOSUID_NODEV (SBX_MA_NOSUID | SBX_MA_NODEV)

static mode_t op_mode(const struct sbx_op *op, mode_t dflt)
{
	return op->perms >= 0 ? (mode_t)op->perms : dflt;
}

static unsigned bind_attrs(const struct sbx_op *op)
{
	unsigned a = SBX_MA_NOSUID;

	if (op->type != SBX_OP_DEV_BIND)
		a |= SBX_MA_NODEV;
	if (op->type == SBX_OP_RO_BIND || op->type == SBX_OP_RO_BIND_FD)
		a |= SBX_MA_RDONLY;
	return a;
}

/* Bind what @src names (opened in the host's tree) on op->dest. */
static int bind_src(struct sbx_mctx *c, const struct sbx_op *op, int src, const char *src_name,
		    unsigned attrs)
{
	_cleanup_close_ int target = -1;
	struct stat st;

	if (fstat(src, &st) < 0)
		return sbx_mfail(c, op, errno, "Can't get type of source %s", src_name);
	target = sbx_mpath_node(c, op, S_ISDIR(st.st_mode) ? SBX_NODE_DIR : SBX_NODE_FILE,
				S_ISDIR(st.st_mode) ? 0755 : 0444, sbx_mops_parent_mode(op));
	if (target < 0)
		return target;
	if (sbx_mount_bind(c, src, target, attrs) < 0)
		return sbx_mfail(c, op, errno, "Can't bind mount %s on %s", src_name, op->dest);
	return sbx_mops_mounted(c, op, "Can't bind mount %s on %s", src_name, op->dest);
}

/* A file made at @name of @parent (O_EXCL|O_NOFOLLOW: nothing that was
 * there is ever used), and the copy @tree mounted on exactly that file,
 * through its fd.  Return: 1 when the file could not be made, else 0 or a
 * negative errno recorded. */
static int bind_on_new_file(struct sbx_mctx *c, const struct sbx_op *op, int tree, int parent,
			    const char *name)
{
	_cleanup_close_ int file = openat(parent, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0444);
	int r;

	if (file < 0)
		return 1;
	r = sbx_mount_attach(c, tree, file);
	return r < 0 ? sbx_mfail(c, op, -r, "Can't bind mount %s on %s", op->src, op->dest) : 0;
}

/*
 * Mount the copy @tree on a new entry @name of the remembered plain parent,
 * a directory or a file as the copy's root is.  Return: 1 when @name could
 * not be made (it exists, or anything else: the general way decides and
 * words it), else 0 or a negative errno recorded.
 */
static int bind_on_new_node(struct sbx_mctx *c, const struct sbx_op *op, int tree, int parent,
			    const char *name)
{
	struct stat st;
	int r;

	if (!c->parent_private) {
		if (fstat(tree, &st) < 0)
			return sbx_mfail(c, op, errno, "Can't get type of source %s", op->src);
		if (!S_ISDIR(st.st_mode))
			return bind_on_new_file(c, op, tree, parent, name);
		if (mkdirat(parent, name, 0755) < 0)
			return 1;
		r = sbx_mount_attach_at(c, tree, parent, name);
		return r < 0 ? sbx_mfail(c, op, -r, "Can't bind mount %s on %s", op->src, op->dest) : 0;
	}
	/*
	 * On the new root's own tmpfs, which is under no host path: a
	 * directory is made first, as most sources are one, and the kernel
	 * refuses a copy of anything else on it (EINVAL, never following
	 * @name).  Only then is the type asked, and a wrong guess removed
	 * before the file is made: one system call less for each directory.
	 */
	if (mkdirat(parent, name, 0755) < 0)
		return 1;
	r = sbx_mount_attach_at(c, tree, parent, name);
	if (r == 0)
		return 0;
	if (fstat(tree, &st) < 0 || S_ISDIR(st.st_mode) || unlinkat(parent, name, AT_REMOVEDIR) < 0)
		return sbx_mfail(c, op, -r, "Can't bind mount %s on %s", op->src, op->dest);
	return bind_on_new_file(c, op, tree, parent, name);
}

/*
 * The copy @tree of op->src, mounted on op->dest.  Most binds go to a new
 * entry of a directory on a plain path (no symlink, "." or ".."), often
 * the same as the bind before's: that parent is remembered, and a bind
 * takes three or four system calls, against thirteen the general way
 * (sbx_mpath_node()), which anything else takes, forgetting the parent.
 */
static int bind_tree(struct sbx_mctx *c, const struct sbx_op *op, int tree)
{
	char name[NAME_MAX + 1];
	_cleanup_close_ int target = -1;
	struct stat st;
	int parent, r;

	parent = sbx_mpath_parent_plain(c, op->dest, name, sizeof(name));
	if (parent >= 0 && (r = bind_on_new_node(c, op, tree, parent, name)) <= 0)
		return r;
	sbx_mparent_forget(c);
	sbx_mctx_close_spent(c);
	if (fstat(tree, &st) < 0)
		return sbx_mfail(c, op, errno, "Can't get type of source %s", op->src);
	target = sbx_mpath_node(c, op, S_ISDIR(st.st_mode) ? SBX_NODE_DIR : SBX_NODE_FILE,
				S_ISDIR(st.st_mode) ? 0755 : 0444, sbx_mops_parent_mode(op));
	if (target < 0)
		return target;
	r = sbx_mount_attach(c, tree, target);
	if (r < 0)
		return sbx_mfail(c, op, -r, "Can't bind mount %s on %s", op->src, op->dest);
	return sbx_mops_mounted(c, op, "Can't bind mount %s on %s", op->src, op->dest);
}

/*
 * --bind, --ro-bind, --dev-bind and their -try forms.  The source is
 * resolved in the host's tree (this process's root while ops run), so it
 * resolves exactly as on the host and never through a sandbox mount.
 * The copy is made first, from the path; when that fails (a missing
 * source, a -try, a mount that cannot be copied), the source is opened
 * instead and the failure worded as always.
 */
static int op_bind(struct sbx_mctx *c, const struct sbx_op *op)
{
	_cleanup_close_ int src = -1;
	int tree = sbx_mount_clone(c, op->src, bind_attrs(op)), r;

	if (tree == -EMFILE && c->n_spent) {
		sbx_mctx_close_spent(c);
		tree = sbx_mount_clone(c, op->src, bind_attrs(op));
	}
	if (tree >= 0) {
		r = bind_tree(c, op, tree);
		/* Mounted or not: a copy not mounted is dropped at its close. */
		sbx_mctx_spent(c, tree);
		return r;
	}
	sbx_mparent_forget(c);
	sbx_mctx_close_spent(c);
	src = open(op->src, O_PATH | O_CLOEXEC);
	if (src < 0 && op->try_ && errno == ENOENT)
		return 0;
	if (src < 0)
		return sbx_mfail(c, op, errno, "Can't find source path %s", op->src);
	return bind_src(c, op, src, op->src, bind_attrs(op));
}

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/*
 * --bind-fd / --ro-bind-fd (CVE-2024-42472).  The fd was opened in the
 * host's mount namespace, whose mounts this one may not copy, so the path
 * it names is opened here and compared with the fd; the copy is made from
 * that open fd, never from the path again: what is mounted is exactly
 * what the fd names, or nothing.
 */
static int op_bind_fd(struct sbx_mctx *c, const struct sbx_op *op)
{
	char link[64], path[PATH_MAX];
	_cleanup_close_ int src = -1;
	struct stat fd_st, src_st;
	ssize_t n;
	int r;

	if (fstat(op->fd, &fd_st) < 0)
		return sbx_mfail(c, op, errno, "Can't stat fd %d", op->fd);
	n = readlink(sbx_mount_fd_path(link, sizeof(link), op->fd), path, sizeof(path) - 1);
	if (n < 0)
		return sbx_mfail(c, op, errno, "Can't find source path %s", link);
	path[n] = '\0';
	src = open(path, O_PATH | O_CLOEXEC);
	if (src < 0)
		return sbx_mfail(c, op, errno, "Can't find source path %s", path);
	if (fstat(src, &src_st) < 0 || !same_file(&fd_st, &src_st))
		/* bubblewrap's words for this one failure (sbx_mfail() does the rest of the dialect) */
		return sbx_mfail(c, op, 0, c->face->bubblewrap_words ? "Race condition binding dirfd"
				 : "fd %d no longer names what is at %s (replaced while binding)",
				 op->fd, path);
	r = bind_src(c, op, src, path, bind_attrs(op));
	if (r < 0)
		return r;
	close(op->fd);
	return 0;
}

/* --remount-ro: the mount at the destination only, not its submounts. */
static int op_remount_ro(struct sbx_mctx *c, const struct sbx_op *op)
{
	_cleanup_close_ int fd = sbx_mpath_node(c, op, SBX_NODE_EXISTING, 0, 0755);

	if (fd < 0)
		return fd;
	if (sbx_mount_remount(c, fd, SBX_MA_RDONLY) < 0)
		return sbx_mfail(c, op, errno, "Can't remount readonly on %s", op->dest);
	return 0;
}

static int op_tmpfs(struct sbx_mctx *c, const struct sbx_op *op)
{
	char mode[16], size[32];
	const char *opts[] = { "mode", mode, NULL, NULL, NULL };
	size_t off = 0;

	sbx_cat_o(mode, sizeof(mode), &off, (unsigned long)op_mode(op, 0755));
	if (op->size) {
		off = 0;
		sbx_cat_u(size, sizeof(size), &off, (unsigned long)op->size);
		opts[2] = "size";
		opts[3] = size;
	}
	return sbx_mops_mount_new_fs(c, op, "tmpfs", opts, NOSUID_NODEV, "Can't mount tmpfs on", NULL);
}

static int op_mqueue(struct sbx_mctx *c, const struct sbx_op *op)
{
	return sbx_mops_mount_new_fs(c, op, "mqueue", NULL, NOSUID_NODEV, "Can't mount mqueue on", NULL);
}

static int op_dir(struct sbx_mctx *c, const struct sbx_op *op)
{
	int fd = sbx_mpath_node(c, op, SBX_NODE_DIR, op_mode(op, 0755), sbx_mops_parent_mode(op));

	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

static int copy_fd(int from, int to)
{
	char buf[65536];

	for (;;) {
		ssize_t n = read(from, buf, sizeof(buf)), w = 0;

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : 0;
		while (w < n) {
			ssize_t k = write(to, buf + w, (size_t)(n - w));

			if (k < 0 && errno != EINTR)
				return -errno;
			w += k > 0 ? k : 0;
		}
	}
}

/* --file FD DEST: a new file in the sandbox holding what FD reads; an
 * existing symlink at DEST is never written through. */
static int op_file(struct sbx_mctx *c, const struct sbx_op *op)
{
	_cleanup_close_ int parent = -1, fd = -1;
	char name[NAME_MAX + 1];
	mode_t mode = op_mode(op, 0666);
	int r;

	parent = sbx_mpath_parent(c, op, op->dest, sbx_mops_parent_mode(op), name, sizeof(name));
	if (parent < 0)
		return parent;
	fd = openat(parent, name[0] ? name : ".", O_CREAT | O_TRUNC | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0)
		return sbx_mfail(c, op, errno, "Can't create file %s", op->dest);
	if (op->perms >= 0 && fchmod(fd, mode) < 0)
		return sbx_mfail(c, op, errno, "Can't create file %s", op->dest);
	r = copy_fd(op->fd, fd);
	if (r < 0)
		return sbx_mfail(c, op, -r, "Can't write data to file %s", op->dest);
	close(op->fd);
	return 0;
}

/*
 * --bind-data / --ro-bind-data FD DEST: FD's contents in a file of base
 * (mode 0600 unless --perms), mounted on DEST, then unlinked: the mount is
 * the file's only path left, and base is never part of the sandbox.
 */
static int op_bind_data(struct sbx_mctx *c, const struct sbx_op *op)
{
	_cleanup_close_ int fd = -1;
	char name[32];
	unsigned attrs = NOSUID_NODEV | (op->type == SBX_OP_RO_BIND_DATA ? SBX_MA_RDONLY : 0);
	int r;

	snprintf(name, sizeof(name), "data%u", c->seq++);
	fd = openat(c->base, name, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0)
		return sbx_mfail(c, op, errno, "Can't create tmpfile for %s", op->dest);
	if (fchmod(fd, op_mode(op, 0600)) < 0)
		r = sbx_mfail(c, op, errno, "Can't set mode %#o on file to be used for %s",
			      (unsigned)op_mode(op, 0600), op->dest);
	else if ((r = copy_fd(op->fd, fd)) < 0)
		r = sbx_mfail(c, op, -r, "Can't write data to file %s", op->dest);
	else
		r = bind_src(c, op, fd, "data", attrs);
	unlinkat(c->base, name, 0);
	if (r < 0)
		return r;
	close(op->fd);
	return 0;
}

/* --symlink: an identical symlink already there is fine (bubblewrap 0.9). */
static int op_symlink(struct sbx_mctx *c, const struct sbx_op *op)
{
	_cleanup_close_ int parent = -1;
	char name[NAME_MAX + 1], old[PATH_MAX];
	ssize_t n;

	parent = sbx_mpath_parent(c, op, op->dest, 0755, name, sizeof(name));
	if (parent < 0)
		return parent;
	if (!name[0])
		return sbx_mfail(c, op, EEXIST, "Can't make symlink at %s", op->dest);
	if (symlinkat(op->src, parent, name) == 0)
		return 0;
	if (errno != EEXIST)
		return sbx_mfail(c, op, errno, "Can't make symlink at %s", op->dest);
	n = readlinkat(parent, name, old, sizeof(old) - 1);
	if (n < 0 && errno == EINVAL)
		return sbx_mfail(c, op, 0, "Can't make symlink at %s: destination exists and is not a symlink",
				 op->dest);
	if (n < 0)
		return sbx_mfail(c, op, errno, "Can't make symlink at %s: destination exists, "
				 "and cannot read symlink target", op->dest);
	old[n] = '\0';
	if (strcmp(old, op->src) == 0)
		return 0;
	return sbx_mfail(c, op, 0, "Can't make symlink at %s: existing destination is %s", op->dest, old);
}

/* --chmod: through the fd's /proc link, so the inode changed is the one
 * resolved inside the root. */
static int op_chmod(struct sbx_mctx *c, const struct sbx_op *op)
{
	_cleanup_close_ int fd = sbx_mpath_open(c, op->dest, O_PATH | O_NOFOLLOW);
	char link[64];

	if (fd < 0)
		return sbx_mfail(c, op, -fd, "Can't chmod %#o %s", (unsigned)op->perms, op->dest);
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	if (chmod(link, (mode_t)op->perms) < 0)
		return sbx_mfail(c, op, errno, "Can't chmod %#o %s", (unsigned)op->perms, op->dest);
	return 0;
}

int sbx_mops_apply(struct sbx_mctx *c, size_t i)
{
	const struct sbx_op *op = &c->plan->ops[i];

	/* Only a bind onto a new entry of it keeps the remembered parent
	 * (bind_tree()); whatever else an op does may change its path.  The
	 * fds of copies wait only while binds follow each other: the other
	 * ops get every fd the caller's limit allows. */
	if (op->type != SBX_OP_BIND && op->type != SBX_OP_RO_BIND && op->type != SBX_OP_DEV_BIND) {
		sbx_mparent_forget(c);
		sbx_mctx_close_spent(c);
	}
	switch (op->type) {
	case SBX_OP_BIND:
	case SBX_OP_RO_BIND:
	case SBX_OP_DEV_BIND:
		return op_bind(c, op);
	case SBX_OP_BIND_FD:
	case SBX_OP_RO_BIND_FD:
		return op_bind_fd(c, op);
	case SBX_OP_REMOUNT_RO:
		return op_remount_ro(c, op);
	case SBX_OP_OVERLAY_SRC:
		return 0; /* read by the overlay op that follows */
	case SBX_OP_OVERLAY:
	case SBX_OP_TMP_OVERLAY:
	case SBX_OP_RO_OVERLAY:
		return sbx_mops_overlay(c, i);
	case SBX_OP_PROC:
		return sbx_mops_proc(c, op);
	case SBX_OP_DEV:
		return sbx_mops_dev(c, op);
	case SBX_OP_TMPFS:
		return op_tmpfs(c, op);
	case SBX_OP_MQUEUE:
		return op_mqueue(c, op);
	case SBX_OP_DIR:
		return op_dir(c, op);
	case SBX_OP_FILE:
		return op_file(c, op);
	case SBX_OP_BIND_DATA:
	case SBX_OP_RO_BIND_DATA:
		return op_bind_data(c, op);
	case SBX_OP_SYMLINK:
		return op_symlink(c, op);
	case SBX_OP_CHMOD:
		return op_chmod(c, op);
	case SBX_OP_LOCK_FILE:
		return 0; /* taken by the sandbox's pid 1 once the root is entered (sandbox.c) */
	}
	return sbx_fail_msg(c->err, EINVAL, "unknown filesystem op %d", (int)op->type);
}
