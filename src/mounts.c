/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The sandbox's file tree: a new tmpfs root built op by op with the new
 * mount API, then entered with pivot_root while the old root is detached.
 *
 * The new root is first stacked on top of the old "/".  Path lookups of
 * this process start at its root directory without crossing mounts stacked
 * on it, so host paths (the sources) still resolve in the host's view while
 * every destination is resolved from the new root's fd (mounts_path.c).
 * Nothing is re-read per op: each bind is open_tree + mount_setattr +
 * move_mount, so 1000 binds cost 1000 times one.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "log.h"
#include "mounts.h"
#include "mounts_int.h"
#include "syscalls.h"

int sbx_mfail(struct sbx_mctx *c, const struct sbx_op *op, int errnum, const char *fmt, ...)
{
	char text[SBX_ERROR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	sbx_fail(c->err, errnum, "%s", text);
	if (!c->bw && op)
		sbx_error_prefix(c->err, "%s", op->option);
	return errnum > 0 ? -errnum : -EINVAL;
}

static int new_api_missing(struct sbx_mctx *c)
{
	return sbx_fail_msg(c->err, ENOSYS, "this kernel lacks the new mount API "
			    "(open_tree, move_mount, mount_setattr: Linux 5.12 or later), "
			    "which sbx needs for filesystem options");
}

int sbx_mount_set_attrs(struct sbx_mctx *c, int fd, unsigned attrs, bool recursive)
{
	struct mount_attr a = { 0 };

	(void)c;
	if (attrs & SBX_MA_RDONLY)
		a.attr_set |= MOUNT_ATTR_RDONLY;
	if (attrs & SBX_MA_NOSUID)
		a.attr_set |= MOUNT_ATTR_NOSUID;
	if (attrs & SBX_MA_NODEV)
		a.attr_set |= MOUNT_ATTR_NODEV;
	if (attrs & SBX_MA_NOEXEC)
		a.attr_set |= MOUNT_ATTR_NOEXEC;
	if (!a.attr_set)
		return 0;
	return sbx_mount_setattr(fd, "", AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0), &a);
}

int sbx_mount_clone(struct sbx_mctx *c, int dirfd, const char *src, unsigned attrs)
{
	unsigned flags = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE;
	int fd;

	if (!*src)
		flags |= AT_EMPTY_PATH;
	fd = sbx_open_tree(dirfd, src, flags);
	if (fd < 0)
		return -errno;
	/* The attributes are set on the detached copy, every submount
	 * included, before it is visible anywhere. */
	if (sbx_mount_set_attrs(c, fd, attrs, true) < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -e;
	}
	return fd;
}

static unsigned fsmount_attrs(unsigned attrs)
{
	return ((attrs & SBX_MA_RDONLY) ? MOUNT_ATTR_RDONLY : 0) |
	       ((attrs & SBX_MA_NOSUID) ? MOUNT_ATTR_NOSUID : 0) |
	       ((attrs & SBX_MA_NODEV) ? MOUNT_ATTR_NODEV : 0) |
	       ((attrs & SBX_MA_NOEXEC) ? MOUNT_ATTR_NOEXEC : 0);
}

int sbx_mount_fs(struct sbx_mctx *c, const char *type, const char *const *opts, unsigned attrs)
{
	_cleanup_close_ int fs = -1;
	int m;

	(void)c;
	fs = sbx_fsopen(type, FSOPEN_CLOEXEC);
	if (fs < 0)
		return -errno;
	for (size_t i = 0; opts && opts[i]; i += 2) {
		int r = opts[i + 1] ? sbx_fsconfig(fs, FSCONFIG_SET_STRING, opts[i], opts[i + 1], 0)
				    : sbx_fsconfig(fs, FSCONFIG_SET_FLAG, opts[i], NULL, 0);

		if (r < 0)
			return -errno;
	}
	if (sbx_fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
		return -errno;
	m = sbx_fsmount(fs, FSMOUNT_CLOEXEC, fsmount_attrs(attrs));
	return m < 0 ? -errno : m;
}

int sbx_mount_attach(struct sbx_mctx *c, int tree, int target)
{
	(void)c;
	if (sbx_move_mount(tree, "", target, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
		return -errno;
	return 0;
}

/* The new root: a tmpfs, nosuid and nodev, stacked on the old "/". */
static int make_root(struct sbx_mctx *c)
{
	static const char *const opts[] = { "mode", "0755", NULL };
	int fd = sbx_mount_fs(c, "tmpfs", opts, SBX_MA_NOSUID | SBX_MA_NODEV);

	if (fd == -ENOSYS)
		return new_api_missing(c);
	if (fd < 0)
		return sbx_fail(c->err, -fd, "creating the new root (tmpfs)");
	if (sbx_move_mount(fd, "", AT_FDCWD, "/", MOVE_MOUNT_F_EMPTY_PATH) < 0) {
		int e = errno;

		close(fd);
		return sbx_fail(c->err, e, "mounting the new root");
	}
	c->root = fd;
	return 0;
}

/*
 * Enter the new root.  pivot_root(".", ".") stacks the old root on top of
 * the new one; detaching it right away leaves no path, fd or cwd of this
 * process that reaches the host's tree (security.md row 8).
 */
static int enter_root(struct sbx_mctx *c)
{
	if (fchdir(c->root) < 0)
		return sbx_fail(c->err, errno, "entering the new root");
	if (sbx_pivot_root(".", ".") < 0)
		return sbx_fail(c->err, errno, "pivot_root");
	if (umount2(".", MNT_DETACH) < 0)
		return sbx_fail(c->err, errno, "detaching the old root");
	if (chdir("/") < 0)
		return sbx_fail(c->err, errno, "chdir /");
	return 0;
}

static bool wants_new_root(const struct sbx_plan *plan)
{
	/* bubblewrap's root is an empty tmpfs even without any op; the sbx
	 * face keeps the host's tree unless an op describes another one. */
	return plan->face == SBX_FACE_BWRAP || sbx_plan_has_fs_ops(plan);
}

int sbx_mounts_setup(const struct sbx_plan *plan, struct sbx_error *err)
{
	struct sbx_mctx c = { .plan = plan, .err = err, .root = -1, .scratch = -1,
			      .bw = plan->face == SBX_FACE_BWRAP };
	int r = 0;

	/*
	 * Before anything is mounted: every mount of this namespace becomes a
	 * slave, so host mounts still appear inside but nothing mounted here
	 * ever propagates back to the host's shared peers.
	 */
	if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0)
		return sbx_fail(err, errno, "making the sandbox's mounts private");
	sbx_verbose("mount propagation: rslave");
	if (!wants_new_root(plan))
		return 0;
	r = make_root(&c);
	for (size_t i = 0; r == 0 && i < plan->n_ops; i++)
		r = sbx_mops_apply(&c, i);
	/* --lock-file: taken and held by the sandbox's pid 1 (sandbox.c),
	 * which lives exactly as long as the sandbox. */
	if (r == 0)
		r = enter_root(&c);
	if (c.root >= 0)
		close(c.root);
	if (c.scratch >= 0)
		close(c.scratch);
	if (r == 0)
		sbx_verbose("new root entered (%zu filesystem ops)", plan->n_ops);
	return r;
}

static bool is_overlay(enum sbx_op_type t)
{
	return t == SBX_OP_OVERLAY || t == SBX_OP_TMP_OVERLAY || t == SBX_OP_RO_OVERLAY;
}

static bool has_dotdot(const char *p)
{
	for (const char *s = p; (s = strstr(s, "..")); s += 2)
		if ((s == p || s[-1] == '/') && (s[2] == '\0' || s[2] == '/'))
			return true;
	return false;
}

int sbx_mounts_validate(const struct sbx_plan *plan, struct sbx_error *err)
{
	size_t srcs = 0;

	for (size_t i = 0; i < plan->n_ops; i++) {
		const struct sbx_op *op = &plan->ops[i];
		size_t need = op->type == SBX_OP_RO_OVERLAY ? 2 : 1;

		/* A literal ".." in a destination is refused outright: inside the
		 * root it could only mean something other than what was written. */
		if (op->type != SBX_OP_OVERLAY_SRC && op->dest && has_dotdot(op->dest))
			return sbx_fail_msg(err, EINVAL, "%s %s: a destination may not contain '..'",
					    op->option, op->dest);
		if (op->type == SBX_OP_OVERLAY_SRC) {
			srcs++;
			continue;
		}
		if (srcs && !is_overlay(op->type))
			break;
		if (is_overlay(op->type) && srcs < need)
			return sbx_fail_msg(err, EINVAL, "%s requires at least %s --overlay-src",
					    op->option, need == 2 ? "two" : "one");
		srcs = 0;
	}
	if (srcs)
		return sbx_fail_msg(err, EINVAL, "--overlay-src must be followed by another --overlay-src "
				    "or one of --overlay, --tmp-overlay, or --ro-overlay");
	return 0;
}
