/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The sandbox's file tree, built op by op and entered with pivot_root.
 *
 * Where things are while the ops run (bubblewrap's layout, with fds):
 *   base          a private tmpfs, made the setup process's root by a first
 *                 pivot_root; the sandbox never sees it
 *   base/oldroot  the host's tree, untouched: nothing is ever mounted in it,
 *                 so a source resolves exactly as on the host ("..", absolute
 *                 and relative symlinks, /proc/self/fd links), never through
 *                 a mount of the sandbox
 *   base/newroot  the new root, a tmpfs; every destination is resolved from
 *                 the fd of its top mount (mounts_path.c)
 * During the ops the process is chrooted into the host's tree, at the
 * directory it started in.  At the end it pivots into the top of the stack
 * on base/newroot and detaches base with the host's tree under it.
 * Nothing is re-read per op (mounts_api.c).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "log.h"
#include "mounts.h"
#include "mounts_api.h"
#include "mounts_ctx.h"
#include "mounts_ops.h"
#include "syscalls.h"

/*
 * The setup process's root: the host's tree while ops run (so sources
 * resolve exactly as on the host, never through a mount of the sandbox),
 * base around the pivots.  Changed here only, by the ladder: no op or
 * mount primitive changes it.
 */
static int host_enter(struct sbx_mctx *c)
{
	if (fchdir(c->host) < 0 || chroot(".") < 0)
		return -errno;
	if (c->cwd >= 0 ? fchdir(c->cwd) : chdir("/"))
		return -errno;
	return 0;
}

static int host_leave(struct sbx_mctx *c)
{
	if (fchdir(c->base) < 0 || chroot(".") < 0)
		return -errno;
	return 0;
}

/* base: a tmpfs stacked on the old "/", holding newroot/ and oldroot/. */
static int make_base(struct sbx_mctx *c)
{
	static const char *const opts[] = { "mode", "0700", NULL };
	const unsigned attrs = SBX_MA_NOSUID | SBX_MA_NODEV;
	_cleanup_close_ int top = -1;
	int r;

	/* The process's root is the host's "/" mount: an O_PATH fd of it is the
	 * mountpoint, and "/.." from the root crosses what is stacked there. */
	top = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	r = top < 0 ? -errno : sbx_mount_new(c, "tmpfs", opts, attrs, top);
	if (r < 0)
		return sbx_fail(c->err, -r, "mounting the setup tmpfs");
	c->base = open("/..", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (c->base < 0)
		return sbx_fail(c->err, errno, "opening the setup tmpfs");
	if (mkdirat(c->base, "newroot", 0755) < 0 || mkdirat(c->base, "oldroot", 0755) < 0)
		return sbx_fail(c->err, errno, "making the setup directories");
	return 0;
}

/*
 * Park the host's tree at base/oldroot: base becomes this process's root.
 * After this, nothing is mounted on any dentry of the host's tree, so a
 * walk through it (even ".." at its top) never meets the sandbox's mounts.
 */
static int park_host(struct sbx_mctx *c)
{
	if (fchdir(c->base) < 0)
		return sbx_fail(c->err, errno, "entering the setup tmpfs");
	if (sbx_pivot_root(".", "oldroot") < 0)
		return sbx_fail(c->err, errno, "pivot_root to the setup tmpfs");
	c->host = open("/oldroot", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (c->host < 0)
		return sbx_fail(c->err, errno, "opening the host's root");
	/* The kernel keeps the root the table is shown from with the open
	 * file: base, now, whatever the root is when it is read. */
	if (c->legacy) {
		c->mountinfo = open("/oldroot/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
		if (c->mountinfo < 0)
			return sbx_fail(c->err, errno, "opening the mount table");
	}
	return 0;
}

/* The new root: a tmpfs, nosuid and nodev, on base/newroot. */
static int make_newroot(struct sbx_mctx *c)
{
	static const char *const opts[] = { "mode", "0755", NULL };
	_cleanup_close_ int target = openat(c->base, "newroot", O_PATH | O_DIRECTORY | O_CLOEXEC);
	struct stat st;
	int r;

	/* mount(2) needs /proc/self/fd: the host's /proc, from its tree. */
	r = target < 0 ? -errno : host_enter(c);
	if (r == 0)
		r = sbx_mount_new(c, "tmpfs", opts, SBX_MA_NOSUID | SBX_MA_NODEV, target);
	if (r == 0)
		r = sbx_mroot_refresh(c);
	if (r == 0 && fstat(c->root, &st) < 0)
		r = -errno;
	if (r < 0)
		return sbx_fail(c->err, -r, "creating the new root (tmpfs)");
	c->root_dev = st.st_dev;
	return 0;
}

/*
 * Enter the new root: its top mount, so that the process ends at the top
 * of the mount stack on "/" (else the kernel deems it chrooted and refuses
 * it a user namespace).  pivot_root(".", ".") stacks base on top of it;
 * detaching base takes the host's tree with it: no path, fd or cwd of this
 * process reaches the host's tree any more, so no mount made inside can
 * leak into it and the old root is out of reach.
 */
static int enter_root(struct sbx_mctx *c)
{
	int r = host_leave(c);

	if (r == 0)
		r = sbx_mroot_refresh(c);
	if (r < 0)
		return sbx_fail(c->err, -r, "leaving the host's tree");
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
	return plan->res.new_root; /* decided by sbx_plan_resolve() */
}

static void close_ctx(struct sbx_mctx *c)
{
	sbx_mctx_close_spent(c);
	int *fds[] = { &c->base, &c->host, &c->cwd, &c->root, &c->mountinfo, &c->parent };

	for (size_t i = 0; i < sizeof(fds) / sizeof(fds[0]); i++)
		if (*fds[i] >= 0) {
			close(*fds[i]);
			*fds[i] = -1;
		}
}

int sbx_mounts_setup(const struct sbx_plan *plan, struct sbx_error *err)
{
	struct sbx_mctx c = { .plan = plan, .err = err, .base = -1, .host = -1, .cwd = -1,
			      .root = -1, .mountinfo = -1, .parent = -1,
			      .face = plan->face_policy };
	mode_t old_umask;
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
	sbx_mount_detect(&c);
	if (c.legacy)
		sbx_verbose("mounts: mount(2), the new mount API is not available");
	if (c.no_openat2)
		sbx_verbose("mounts: destinations walked by hand, openat2 is not available");
	if (!c.legacy && c.no_open_tree_attr)
		sbx_verbose("mounts: open_tree then mount_setattr, open_tree_attr is not available");
	/* Relative sources are relative to where sbx was started. */
	c.cwd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	/* Modes are exact, as bubblewrap's: --file is 0666 and parents 0755
	 * whatever the caller's umask, which the command gets back. */
	old_umask = umask(0);
	r = make_base(&c);
	if (r == 0)
		r = park_host(&c);
	if (r == 0)
		r = make_newroot(&c);
	for (size_t i = 0; r == 0 && i < plan->n_ops; i++)
		r = sbx_mops_apply(&c, i);
	/* --lock-file: taken and held by the sandbox's pid 1 (child.c),
	 * which lives exactly as long as the sandbox. */
	if (r == 0)
		r = enter_root(&c);
	close_ctx(&c);
	umask(old_umask);
	if (r == 0)
		sbx_verbose("new root entered (%zu filesystem ops)", plan->n_ops);
	return r;
}
