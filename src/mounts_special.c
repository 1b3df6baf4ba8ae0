/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The options that build more than one mount: --proc, --dev and the
 * overlays, with bubblewrap's layout and messages; and what the options
 * of mounts_ops.c share with them (parent modes, a new filesystem on a
 * directory made at the destination).
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
#include "mounts_path.h"
#include "mounts_special.h"
#include "syscalls.h"
#include "util.h"

/* --- helpers of the single-mount options too (mounts_ops.c) --- */

mode_t sbx_mops_parent_mode(const struct sbx_op *op)
{
	mode_t m = 0755;

	if (op->perms >= 0 && (op->perms & 0070) == 0)
		m &= ~0050u;
	if (op->perms >= 0 && (op->perms & 0007) == 0)
		m &= ~0005u;
	return m;
}

/* After a mount on @op's destination: later destinations start from the
 * new top when it was the root itself (which "/", "/x/.." or a symlink to
 * "/" may all name, so the root is looked up again after every mount). */
/*
 * Can a destination name the root itself?  Only when its last component is
 * empty, "." or "..".  Any other name is an entry below its parent (a
 * symlink there was refused before the mount), so the mount landed on a
 * child of whatever directory: the root fd still names the root, and a
 * later walk from it crosses the new mount.  Reopening the root after
 * every mount cost two system calls a bind (bench/README.md section 7).
 */
static bool dest_may_be_root(const char *dest)
{
	size_t end = strlen(dest), start;

	while (end > 0 && dest[end - 1] == '/')
		end--;
	for (start = end; start > 0 && dest[start - 1] != '/'; start--)
		;
	return end == start || (end - start == 1 && dest[start] == '.') ||
	       (end - start == 2 && dest[start] == '.' && dest[start + 1] == '.');
}

int sbx_mops_mounted(struct sbx_mctx *c, const struct sbx_op *op, const char *fmt, ...)
{
	va_list ap;
	int r;

	if (!dest_may_be_root(op->dest))
		return 0;
	r = sbx_mroot_refresh(c);
	if (r >= 0)
		return 0;
	va_start(ap, fmt);
	r = sbx_vmfail(c, op, -r, fmt, ap);
	va_end(ap);
	return r;
}

int sbx_mops_mount_new_fs(struct sbx_mctx *c, const struct sbx_op *op, const char *type,
			  const char *const *opts, unsigned attrs, const char *what, int *out)
{
	_cleanup_close_ int target = -1;
	int r;

	target = sbx_mpath_node(c, op, SBX_NODE_DIR, 0755, sbx_mops_parent_mode(op));
	if (target < 0)
		return target;
	if (sbx_mount_new(c, type, opts, attrs, target) < 0)
		return sbx_mfail(c, op, errno, "%s %s", what, op->dest);
	r = sbx_mops_mounted(c, op, "%s %s", what, op->dest);
	if (r < 0)
		return r;
	if (!out)
		return 0;
	/* The fd of the mountpoint still names the dentry beneath: the new
	 * mount's root is looked up again, inside the root as always. */
	*out = sbx_mpath_open(c, op->dest, O_PATH | O_DIRECTORY | O_NOFOLLOW);
	return *out < 0 ? sbx_mfail(c, op, -*out, "Can't reopen %s", op->dest) : 0;
}

/* --- --proc --- */

/*
 * Old /proc entries that could hurt the host if writable (sysrq-trigger
 * can reboot it); the sandbox should not be able to write them anyway,
 * but whatever it could write is covered read-only, as bubblewrap does.
 */
static const char *const proc_covers[] = { "sys", "sysrq-trigger", "irq", "bus" };

static int proc_cover(struct sbx_mctx *c, const struct sbx_op *op, int proc, const char *name)
{
	_cleanup_close_ int sub = -1;

	if (faccessat(proc, name, W_OK, 0) < 0) {
		if (errno == EACCES || errno == ENOENT || errno == EROFS)
			return 0;
		return sbx_mfail(c, op, errno, "Can't access %s/%s", op->dest, name);
	}
	sub = openat(proc, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (sub < 0 || sbx_mount_bind(c, sub, sub, SBX_MA_RDONLY | SBX_MA_NOSUID | SBX_MA_NODEV) < 0)
		return sbx_mfail(c, op, errno, "Can't bind mount %s/%s on %s/%s", op->dest, name, op->dest, name);
	return 0;
}

/* The host's /proc (opened in the host's tree) bound on op->dest. */
static int proc_bind(struct sbx_mctx *c, const struct sbx_op *op, int *out)
{
	_cleanup_close_ int src = -1, target = -1;

	src = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (src < 0)
		return sbx_mfail(c, op, errno, "Can't bind mount /proc on %s", op->dest);
	target = sbx_mpath_node(c, op, SBX_NODE_DIR, 0755, 0755);
	if (target < 0)
		return target;
	if (sbx_mount_bind(c, src, target, SBX_MA_NOSUID | SBX_MA_NODEV) < 0 ||
	    sbx_mroot_refresh(c) < 0)
		return sbx_mfail(c, op, errno, "Can't bind mount /proc on %s", op->dest);
	*out = sbx_mpath_open(c, op->dest, O_PATH | O_DIRECTORY | O_NOFOLLOW);
	return *out < 0 ? sbx_mfail(c, op, -*out, "Can't reopen %s", op->dest) : 0;
}

int sbx_mops_proc(struct sbx_mctx *c, const struct sbx_op *op)
{
	const unsigned attrs = SBX_MA_NOSUID | SBX_MA_NODEV | SBX_MA_NOEXEC;
	_cleanup_close_ int proc = -1;
	int r;

	if (c->plan->ns.pid || c->plan->ns.pidns_fd >= 0) {
		/* Our own pid namespace: a procfs that shows only it. */
		r = sbx_mops_mount_new_fs(c, op, "proc", NULL, attrs, "Can't mount proc on", &proc);
		if (r < 0)
			return r;
	} else {
		/* The host's pids are visible anyway: its /proc is bound. */
		r = proc_bind(c, op, &proc);
		if (r < 0)
			return r;
	}
	for (size_t i = 0; i < sizeof(proc_covers) / sizeof(proc_covers[0]); i++)
		if ((r = proc_cover(c, op, proc, proc_covers[i])) < 0)
			return r;
	return 0;
}

/* A host device node bound on an empty file of the new /dev, without
 * nodev: the node works, and nothing else in the tmpfs can be a device. */
static int dev_node(struct sbx_mctx *c, const struct sbx_op *op, int dev, const char *name,
		    const char *src)
{
	_cleanup_close_ int fd = -1, from = -1, target = -1;

	fd = openat(dev, name, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0444);
	if (fd < 0)
		return sbx_mfail(c, op, errno, "Can't create file %s/%s", op->dest, name);
	from = open(src, O_PATH | O_CLOEXEC);
	target = openat(dev, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (from < 0 || target < 0 || sbx_mount_bind(c, from, target, SBX_MA_NOSUID) < 0)
		return sbx_mfail(c, op, errno, "Can't bind mount %s on %s/%s", src, op->dest, name);
	return 0;
}

static int dev_links(struct sbx_mctx *c, const struct sbx_op *op, int dev)
{
	static const char *const links[][2] = {
		{ "/proc/self/fd/0", "stdin" }, { "/proc/self/fd/1", "stdout" },
		{ "/proc/self/fd/2", "stderr" }, { "/proc/self/fd", "fd" },
		{ "/proc/kcore", "core" }, { "pts/ptmx", "ptmx" },
	};

	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++)
		if (symlinkat(links[i][0], dev, links[i][1]) < 0)
			return sbx_mfail(c, op, errno, "Can't create symlink %s/%s", op->dest, links[i][1]);
	return 0;
}

static int dev_pts(struct sbx_mctx *c, const struct sbx_op *op, int dev)
{
	static const char *const opts[] = { "newinstance", NULL, "ptmxmode", "0666", "mode", "620", NULL };
	_cleanup_close_ int target = -1;

	if (mkdirat(dev, "shm", 0755) < 0)
		return sbx_mfail(c, op, errno, "Can't create %s/shm", op->dest);
	if (mkdirat(dev, "pts", 0755) < 0)
		return sbx_mfail(c, op, errno, "Can't create %s/devpts", op->dest);
	target = openat(dev, "pts", O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (target < 0 || sbx_mount_new(c, "devpts", opts, SBX_MA_NOSUID | SBX_MA_NOEXEC, target) < 0)
		return sbx_mfail(c, op, errno, "Can't mount devpts on %s/pts", op->dest);
	return 0;
}

/* /dev/console: the terminal the sandbox already writes to, so ttyname()
 * works inside; it gives no access the sandbox does not have. */
static int dev_console(struct sbx_mctx *c, const struct sbx_op *op, int dev)
{
	const char *tty = ttyname(1);

	if (!tty)
		tty = ttyname(0);
	if (!tty || !*tty)
		return 0;
	return dev_node(c, op, dev, "console", tty);
}

int sbx_mops_dev(struct sbx_mctx *c, const struct sbx_op *op)
{
	static const char *const nodes[] = { "null", "zero", "full", "random", "urandom", "tty" };
	static const char *const opts[] = { "mode", "0755", NULL };
	_cleanup_close_ int dev = -1;
	char src[32];
	int r;

	r = sbx_mops_mount_new_fs(c, op, "tmpfs", opts, SBX_MA_NOSUID | SBX_MA_NODEV,
				  "Can't mount tmpfs on", &dev);
	if (r < 0)
		return r;
	for (size_t i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++) {
		size_t off = 0;

		sbx_cat(src, sizeof(src), &off, "/dev/");
		sbx_cat(src, sizeof(src), &off, nodes[i]);
		r = dev_node(c, op, dev, nodes[i], src);
		if (r < 0)
			return r;
	}
	if ((r = dev_links(c, op, dev)) < 0 || (r = dev_pts(c, op, dev)) < 0)
		return r;
	return dev_console(c, op, dev);
}

/* --- overlays --- */

struct overlay {
	int fds[64];
	size_t n;
	char lower[64 * 24];
	char upper[32], work[32];
};

static void overlay_free(struct overlay *o)
{
	for (size_t i = 0; i < o->n; i++)
		close(o->fds[i]);
}

/* Each directory as /proc/self/fd/N: no escaping of ':' or ',' needed.
 * @dirfd and @path: a host path (AT_FDCWD) or a directory of base. */
static int overlay_dir(struct sbx_mctx *c, const struct sbx_op *op, struct overlay *o,
		       int dirfd, const char *path, char *out, size_t len)
{
	int fd;

	if (o->n >= sizeof(o->fds) / sizeof(o->fds[0]))
		return sbx_mfail(c, op, E2BIG, "%s: too many --overlay-src", op->dest);
	fd = openat(dirfd, path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return sbx_mfail(c, op, errno, "Can't find source path %s", path);
	o->fds[o->n++] = fd;
	sbx_mount_fd_path(out, len, fd);
	return 0;
}

/* lowerdir: the --overlay-src ops before op @i, topmost (last given) first. */
static int overlay_lower(struct sbx_mctx *c, size_t i, struct overlay *o)
{
	const struct sbx_op *op = &c->plan->ops[i];
	size_t k = 0;
	int r;

	for (size_t j = i; j > 0 && c->plan->ops[j - 1].type == SBX_OP_OVERLAY_SRC; j--) {
		const struct sbx_op *s = &c->plan->ops[j - 1];
		char one[32];

		r = overlay_dir(c, op, o, AT_FDCWD, s->src ? s->src : s->dest, one, sizeof(one));
		if (r < 0)
			return r;
		k += (size_t)snprintf(o->lower + k, sizeof(o->lower) - k, "%s%s", k ? ":" : "", one);
	}
	return 0;
}

/* --tmp-overlay: upper and work in base, where nothing else can reach them
 * and which goes away with the sandbox's last use of the overlay. */
static int overlay_tmp(struct sbx_mctx *c, const struct sbx_op *op, struct overlay *o)
{
	char up[32], wk[32];
	unsigned n = c->seq++;
	int r;

	snprintf(up, sizeof(up), "overlay%u-upper", n);
	snprintf(wk, sizeof(wk), "overlay%u-work", n);
	if (mkdirat(c->base, up, 0755) < 0 || mkdirat(c->base, wk, 0755) < 0)
		return sbx_mfail(c, op, errno, "Can't create the upper directory for %s", op->dest);
	if ((r = overlay_dir(c, op, o, c->base, up, o->upper, sizeof(o->upper))) < 0 ||
	    (r = overlay_dir(c, op, o, c->base, wk, o->work, sizeof(o->work))) < 0)
		return r;
	return 0;
}

static int overlay_mount(struct sbx_mctx *c, const struct sbx_op *op, struct overlay *o)
{
	const char *opts[] = { "lowerdir", o->lower, "userxattr", NULL, NULL, NULL, NULL, NULL, NULL };
	unsigned attrs = SBX_MA_NOSUID | SBX_MA_NODEV;
	_cleanup_close_ int target = -1;
	int r;

	if (o->upper[0]) {
		opts[4] = "upperdir", opts[5] = o->upper, opts[6] = "workdir", opts[7] = o->work;
	} else {
		attrs |= SBX_MA_RDONLY;
	}
	target = sbx_mpath_node(c, op, SBX_NODE_DIR, 0755, 0755);
	if (target < 0)
		return target;
	r = sbx_mount_new(c, "overlay", opts, attrs, target);
	if (r == -ELOOP)
		return sbx_mfail(c, op, 0, "Can't make overlay mount on %s with options lowerdir=%s: "
				 "Overlay directories may not overlap", op->dest, o->lower);
	if (r == 0)
		r = sbx_mroot_refresh(c);
	if (r < 0)
		return sbx_mfail(c, op, -r, "Can't make overlay mount on %s with options lowerdir=%s",
				 op->dest, o->lower);
	return 0;
}

int sbx_mops_overlay(struct sbx_mctx *c, size_t i)
{
	const struct sbx_op *op = &c->plan->ops[i];
	struct overlay o = { .n = 0 };
	int r;

	r = overlay_lower(c, i, &o);
	if (r == 0 && op->type == SBX_OP_OVERLAY)
		r = overlay_dir(c, op, &o, AT_FDCWD, op->src, o.upper, sizeof(o.upper));
	if (r == 0 && op->type == SBX_OP_OVERLAY)
		r = overlay_dir(c, op, &o, AT_FDCWD, op->src2, o.work, sizeof(o.work));
	if (r == 0 && op->type == SBX_OP_TMP_OVERLAY)
		r = overlay_tmp(c, op, &o);
	if (r == 0)
		r = overlay_mount(c, op, &o);
	overlay_free(&o);
	return r;
}
