/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The options that build more than one mount: --proc, --dev and the
 * overlays, with bubblewrap's layout and messages.
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
#include "mounts_int.h"
#include "syscalls.h"

/*
 * Old /proc entries that could hurt the host if writable (sysrq-trigger
 * can reboot it); the sandbox should not be able to write them anyway,
 * but whatever it could write is covered read-only, as bubblewrap does.
 */
static const char *const proc_covers[] = { "sys", "sysrq-trigger", "irq", "bus" };

static int proc_cover(struct sbx_mctx *c, const struct sbx_op *op, int proc, const char *name)
{
	_cleanup_close_ int tree = -1, target = -1;

	if (faccessat(proc, name, W_OK, 0) < 0) {
		if (errno == EACCES || errno == ENOENT || errno == EROFS)
			return 0;
		return sbx_mfail(c, op, errno, "Can't access %s/%s", op->dest, name);
	}
	tree = sbx_mount_clone(c, proc, name, SBX_MA_RDONLY | SBX_MA_NOSUID | SBX_MA_NODEV);
	target = openat(proc, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (tree < 0 || target < 0 || sbx_mount_attach(c, tree, target) < 0)
		return sbx_mfail(c, op, errno, "Can't bind mount %s/%s on %s/%s", op->dest, name, op->dest, name);
	return 0;
}

int sbx_mops_proc(struct sbx_mctx *c, const struct sbx_op *op)
{
	const unsigned attrs = SBX_MA_NOSUID | SBX_MA_NODEV | SBX_MA_NOEXEC;
	_cleanup_close_ int proc = -1, target = -1;

	if (c->plan->ns.pid || c->plan->ns.pidns_fd >= 0) {
		/* Our own pid namespace: a procfs that shows only it. */
		if (sbx_mops_mount_new_fs(c, op, "proc", NULL, attrs, "Can't mount proc on", &proc) < 0)
			return -EINVAL;
	} else {
		/* The host's pids are visible anyway: bind its /proc. */
		proc = sbx_mount_clone(c, AT_FDCWD, "/proc", SBX_MA_NOSUID | SBX_MA_NODEV);
		if (proc < 0)
			return sbx_mfail(c, op, -proc, "Can't bind mount /proc on %s", op->dest);
		target = sbx_mpath_mkdir(c, op, op->dest, 0755, 0755);
		if (target < 0)
			return target;
		if (sbx_mount_attach(c, proc, target) < 0)
			return sbx_mfail(c, op, errno, "Can't bind mount /proc on %s", op->dest);
	}
	for (size_t i = 0; i < sizeof(proc_covers) / sizeof(proc_covers[0]); i++)
		if (proc_cover(c, op, proc, proc_covers[i]) < 0)
			return -EINVAL;
	return 0;
}

/* A host device node bound on an empty file of the new /dev, without
 * nodev: the node works, and nothing else in the tmpfs can be a device. */
static int dev_node(struct sbx_mctx *c, const struct sbx_op *op, int dev, const char *name,
		    const char *src)
{
	_cleanup_close_ int fd = -1, tree = -1, target = -1;

	fd = openat(dev, name, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0444);
	if (fd < 0)
		return sbx_mfail(c, op, errno, "Can't create file %s/%s", op->dest, name);
	tree = sbx_mount_clone(c, AT_FDCWD, src, SBX_MA_NOSUID);
	target = openat(dev, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (tree < 0 || target < 0 || sbx_mount_attach(c, tree, target) < 0)
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
	_cleanup_close_ int fs = -1, target = -1;

	if (mkdirat(dev, "shm", 0755) < 0)
		return sbx_mfail(c, op, errno, "Can't create %s/shm", op->dest);
	if (mkdirat(dev, "pts", 0755) < 0)
		return sbx_mfail(c, op, errno, "Can't create %s/devpts", op->dest);
	fs = sbx_mount_fs(c, "devpts", opts, SBX_MA_NOSUID | SBX_MA_NOEXEC);
	target = openat(dev, "pts", O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fs < 0 || target < 0 || sbx_mount_attach(c, fs, target) < 0)
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

	if (sbx_mops_mount_new_fs(c, op, "tmpfs", opts, SBX_MA_NOSUID | SBX_MA_NODEV,
				  "Can't mount tmpfs on", &dev) < 0)
		return -EINVAL;
	for (size_t i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++) {
		snprintf(src, sizeof(src), "/dev/%s", nodes[i]);
		if (dev_node(c, op, dev, nodes[i], src) < 0)
			return -EINVAL;
	}
	if (dev_links(c, op, dev) < 0 || dev_pts(c, op, dev) < 0)
		return -EINVAL;
	return dev_console(c, op, dev);
}

/* --- overlays --- */

struct overlay {
	int fds[64];
	size_t n;
	char lower[64 * 24];
	char upper[PATH_MAX], work[PATH_MAX];
	int tmp;          /* --tmp-overlay's tmpfs */
};

static void overlay_free(struct overlay *o)
{
	for (size_t i = 0; i < o->n; i++)
		close(o->fds[i]);
	if (o->tmp >= 0)
		close(o->tmp);
}

/* Each directory as /proc/self/fd/N: no escaping of ':' or ',' needed. */
static int overlay_dir(struct sbx_mctx *c, const struct sbx_op *op, struct overlay *o,
		       const char *path, char *out, size_t len)
{
	int fd;

	if (o->n >= sizeof(o->fds) / sizeof(o->fds[0]))
		return sbx_mfail(c, op, E2BIG, "%s: too many --overlay-src", op->dest);
	fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return sbx_mfail(c, op, errno, "Can't find source path %s", path);
	o->fds[o->n++] = fd;
	snprintf(out, len, "/proc/self/fd/%d", fd);
	return 0;
}

/* lowerdir: the --overlay-src ops before op @i, topmost (last given) first. */
static int overlay_lower(struct sbx_mctx *c, size_t i, struct overlay *o)
{
	const struct sbx_op *op = &c->plan->ops[i];
	size_t k = 0;

	for (size_t j = i; j > 0 && c->plan->ops[j - 1].type == SBX_OP_OVERLAY_SRC; j--) {
		char one[32];

		const struct sbx_op *s = &c->plan->ops[j - 1];

		if (overlay_dir(c, op, o, s->src ? s->src : s->dest, one, sizeof(one)) < 0)
			return -EINVAL;
		k += (size_t)snprintf(o->lower + k, sizeof(o->lower) - k, "%s%s", k ? ":" : "", one);
	}
	return 0;
}

/* --tmp-overlay: upper and work on a fresh tmpfs first mounted on the
 * destination itself, where the overlay then hides it. */
static int overlay_tmp(struct sbx_mctx *c, const struct sbx_op *op, struct overlay *o)
{
	static const char *const opts[] = { "mode", "0755", NULL };

	if (sbx_mops_mount_new_fs(c, op, "tmpfs", opts, SBX_MA_NOSUID | SBX_MA_NODEV,
				  "Can't mount tmpfs on", &o->tmp) < 0)
		return -EINVAL;
	if (mkdirat(o->tmp, "upper", 0755) < 0 || mkdirat(o->tmp, "work", 0755) < 0)
		return sbx_mfail(c, op, errno, "Can't create the upper directory for %s", op->dest);
	snprintf(o->upper, sizeof(o->upper), "/proc/self/fd/%d/upper", o->tmp);
	snprintf(o->work, sizeof(o->work), "/proc/self/fd/%d/work", o->tmp);
	return 0;
}

static int overlay_mount(struct sbx_mctx *c, const struct sbx_op *op, struct overlay *o)
{
	const char *opts[] = { "lowerdir", o->lower, "userxattr", NULL, NULL, NULL, NULL, NULL, NULL };
	unsigned attrs = SBX_MA_NOSUID | SBX_MA_NODEV;
	_cleanup_close_ int fs = -1, target = -1;

	if (o->upper[0]) {
		opts[4] = "upperdir", opts[5] = o->upper, opts[6] = "workdir", opts[7] = o->work;
	} else {
		attrs |= SBX_MA_RDONLY;
	}
	target = sbx_mpath_mkdir(c, op, op->dest, 0755, 0755);
	if (target < 0)
		return target;
	fs = sbx_mount_fs(c, "overlay", opts, attrs);
	if (fs == -ELOOP)
		return sbx_mfail(c, op, 0, "Can't make overlay mount on %s with options lowerdir=%s: "
				 "Overlay directories may not overlap", op->dest, o->lower);
	if (fs < 0 || sbx_mount_attach(c, fs, target) < 0)
		return sbx_mfail(c, op, fs < 0 ? -fs : errno, "Can't make overlay mount on %s with options lowerdir=%s",
				 op->dest, o->lower);
	return sbx_mops_new_root(c, op->dest, fs);
}

int sbx_mops_overlay(struct sbx_mctx *c, size_t i)
{
	const struct sbx_op *op = &c->plan->ops[i];
	struct overlay o = { .n = 0, .tmp = -1 };
	int r;

	r = overlay_lower(c, i, &o);
	if (r == 0 && op->type == SBX_OP_OVERLAY)
		r = overlay_dir(c, op, &o, op->src, o.upper, sizeof(o.upper));
	if (r == 0 && op->type == SBX_OP_OVERLAY)
		r = overlay_dir(c, op, &o, op->src2, o.work, sizeof(o.work));
	if (r == 0 && op->type == SBX_OP_TMP_OVERLAY)
		r = overlay_tmp(c, op, &o);
	if (r == 0)
		r = overlay_mount(c, op, &o);
	overlay_free(&o);
	return r;
}
