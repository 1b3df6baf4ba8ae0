/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The mount primitives: bind a copy of a source, mount a new filesystem,
 * change one mount's flags.  With the new mount API (Linux 5.12) a bind
 * is open_tree + mount_setattr(AT_RECURSIVE) + move_mount, so its cost
 * never depends on how many mounts exist.  Where the kernel lacks it,
 * mount(2) does the same on /proc/self/fd paths; only there do recursive
 * flags need the mount table (read once per such bind, as bubblewrap does).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "cleanup.h"
#include "log.h"
#include "mounts_api.h"
#include "syscalls.h"

#ifdef SBX_TEST_HOOKS
static bool test_switch(const char *name)
{
	const char *v = getenv(name);

	return v && *v && strcmp(v, "0") != 0;
}
#endif

void sbx_mount_detect(struct sbx_mctx *c)
{
	c->legacy = false;
	c->no_openat2 = false;
	c->no_open_tree_attr = false;
#ifdef SBX_TEST_HOOKS
	/* Test builds only (configure --enable-test-hooks): the fallbacks
	 * that kernels before 5.12 (mount API) and 5.6 (openat2) get, on
	 * this kernel. */
	c->legacy = test_switch("SBX_TEST_NO_MOUNT_API");
	c->no_openat2 = test_switch("SBX_TEST_NO_OPENAT2");
	c->no_open_tree_attr = test_switch("SBX_TEST_NO_OPEN_TREE_ATTR");
#endif
	/* Too small a size: EINVAL where mount_setattr exists, ENOSYS where not. */
	if (!c->legacy && syscall(SYS_mount_setattr, -1, "", 0, NULL, (size_t)0) < 0 && errno == ENOSYS)
		c->legacy = true;
}

/* --- the new mount API --- */

static void api_attr(struct mount_attr *a, unsigned attrs)
{
	*a = (struct mount_attr){ 0 };
	a->attr_set = ((attrs & SBX_MA_RDONLY) ? MOUNT_ATTR_RDONLY : 0) |
		      ((attrs & SBX_MA_NOSUID) ? MOUNT_ATTR_NOSUID : 0) |
		      ((attrs & SBX_MA_NODEV) ? MOUNT_ATTR_NODEV : 0) |
		      ((attrs & SBX_MA_NOEXEC) ? MOUNT_ATTR_NOEXEC : 0);
}

static int api_setattr(int fd, unsigned attrs, bool recursive)
{
	struct mount_attr a;

	api_attr(&a, attrs);
	if (!a.attr_set)
		return 0;
	return sbx_mount_setattr(fd, "", AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0), &a);
}

static int api_attach(int tree, int target)
{
	return sbx_move_mount(tree, "", target, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH);
}

/*
 * A detached recursive copy of what @dirfd and @path name, @attrs set on
 * every mount of it before it is visible anywhere: in the same call where
 * the kernel has open_tree_attr().
 */
static int api_clone(struct sbx_mctx *c, int dirfd, const char *path, unsigned flags,
		     unsigned attrs)
{
	struct mount_attr a;
	int tree;

	flags |= OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE;
	if (!c->no_open_tree_attr) {
		api_attr(&a, attrs);
		tree = sbx_open_tree_attr(dirfd, path, flags, &a);
		if (tree >= 0 || errno != ENOSYS)
			return tree < 0 ? -errno : tree;
		c->no_open_tree_attr = true;
		sbx_verbose("mounts: open_tree then mount_setattr, open_tree_attr is not available");
	}
	tree = sbx_open_tree(dirfd, path, flags);
	if (tree < 0)
		return -errno;
	if (api_setattr(tree, attrs, true) < 0) {
		int e = errno;

		close(tree);
		errno = e;
		return -e;
	}
	return tree;
}

static int api_bind(struct sbx_mctx *c, int src, int target, unsigned attrs)
{
	_cleanup_close_ int tree = api_clone(c, src, "", AT_EMPTY_PATH, attrs);

	if (tree < 0 || api_attach(tree, target) < 0)
		return -errno;
	return 0;
}

static int api_new(const char *type, const char *const *opts, unsigned attrs, int target)
{
	_cleanup_close_ int fs = -1, m = -1;

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
	m = sbx_fsmount(fs, FSMOUNT_CLOEXEC, 0);
	if (m < 0 || api_setattr(m, attrs, false) < 0 || api_attach(m, target) < 0)
		return -errno;
	return 0;
}

/* --- mount(2) --- */

static unsigned long ms_flags(unsigned attrs)
{
	return ((attrs & SBX_MA_RDONLY) ? MS_RDONLY : 0) | ((attrs & SBX_MA_NOSUID) ? MS_NOSUID : 0) |
	       ((attrs & SBX_MA_NODEV) ? MS_NODEV : 0) | ((attrs & SBX_MA_NOEXEC) ? MS_NOEXEC : 0);
}

/* The flags a remount must keep: in a user namespace the kernel refuses to
 * clear those locked by the namespace that made the mount. */
static unsigned long kept_flags(const char *path)
{
	static const struct { unsigned long st, ms; } map[] = {
		{ ST_RDONLY, MS_RDONLY }, { ST_NOSUID, MS_NOSUID }, { ST_NODEV, MS_NODEV },
		{ ST_NOEXEC, MS_NOEXEC }, { ST_NOATIME, MS_NOATIME }, { ST_NODIRATIME, MS_NODIRATIME },
		{ ST_RELATIME, MS_RELATIME },
	};
	struct statvfs sf;
	unsigned long f = 0;

	if (statvfs(path, &sf) < 0)
		return 0;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (sf.f_flag & map[i].st)
			f |= map[i].ms;
	return f;
}

/*
 * @p, a path from base as the mount table gives it ("/newroot/x"), as a
 * path this process can use whatever its root: through base's fd.  The
 * setup process's root is the host's tree while ops run (mounts.c); the
 * fallback never changes it.
 */
static const char *in_base(const struct sbx_mctx *c, const char *p, char *buf, size_t len)
{
	int n = snprintf(buf, len, "/proc/self/fd/%d%s", c->base, p);

	if (n < 0 || (size_t)n >= len) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	return buf;
}

static int legacy_remount_path(const char *path, unsigned attrs)
{
	unsigned long f = ms_flags(attrs);

	if (!f)
		return 0;
	if (mount(NULL, path, NULL, MS_REMOUNT | MS_BIND | f | kept_flags(path), NULL) < 0)
		return -errno;
	return 0;
}

/* The same for a path from base. */
static int legacy_remount_in_base(const struct sbx_mctx *c, const char *mp, unsigned attrs)
{
	char path[PATH_MAX + 32];

	if (!in_base(c, mp, path, sizeof(path)))
		return -errno;
	return legacy_remount_path(path, attrs);
}

/* mountinfo's octal escapes (\040 for a space, ...) undone in place. */
static void unescape(char *s)
{
	char *w = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*w++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		} else {
			*w++ = *s;
		}
	}
	*w = '\0';
}

/* The mounts of one new copy: their ids and mountpoints, parents first. */
struct minfo {
	struct { int id, parent; char *mp; } *m;
	size_t n, cap;
};

static void minfo_clear(struct minfo *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->m[i].mp);
	m->n = 0;
}

static bool minfo_has(const struct minfo *m, int id)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->m[i].id == id)
			return true;
	return false;
}

static int minfo_add(struct minfo *m, int id, int parent, const char *mp)
{
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 16;
		void *p = realloc(m->m, cap * sizeof(*m->m));

		if (!p)
			return -ENOMEM;
		m->m = p;
		m->cap = cap;
	}
	m->m[m->n].mp = strdup(mp);
	if (!m->m[m->n].mp)
		return -ENOMEM;
	m->m[m->n].parent = parent;
	m->m[m->n++].id = id;
	return 0;
}

/*
 * One line of the mount table.  The table lists mounts in the order they
 * were made (by id since Linux 6.8), and a copy makes parents before
 * children: the copy's own mount is the last one on @mp, and its
 * submounts are the later lines whose parent is already in the set.
 */
static int legacy_line(struct minfo *m, const char *line, const char *mp)
{
	char point[PATH_MAX];
	int id, parent;

	if (sscanf(line, "%d %d %*s %*s %4095s", &id, &parent, point) != 3)
		return 0;
	unescape(point);
	if (strcmp(point, mp) == 0) {
		minfo_clear(m);
		return minfo_add(m, id, parent, point);
	}
	if (!minfo_has(m, parent))
		return 0;
	return minfo_add(m, id, parent, point);
}

/* The mount table as seen from base (c->mountinfo was opened while base
 * was the root, which the kernel keeps with the open file), read anew. */
static int legacy_collect(const struct sbx_mctx *c, struct minfo *m, const char *mp)
{
	_cleanup_fclose_ FILE *f = NULL;
	_cleanup_free_ char *line = NULL;
	size_t len = 0;
	int fd = fcntl(c->mountinfo, F_DUPFD_CLOEXEC, 3);

	if (fd < 0)
		return -errno;
	f = fdopen(fd, "re");
	if (!f) {
		close(fd);
		return -errno;
	}
	if (fseek(f, 0, SEEK_SET) < 0)
		return -errno;
	while (getline(&line, &len, f) > 0) {
		int r = legacy_line(m, line, mp);

		if (r < 0)
			return r;
	}
	return m->n ? 0 : -ENOENT;
}

/* Is mount @i covered: another mount of the set on the same mountpoint? */
static bool minfo_covered(const struct minfo *m, size_t i)
{
	for (size_t j = i + 1; j < m->n; j++)
		if (strcmp(m->m[j].mp, m->m[i].mp) == 0)
			return true;
	return false;
}

/* For the lowest of the mounts stacked on its mountpoint: how many there
 * are; 0 for any other. */
static size_t minfo_stack_at(const struct minfo *m, size_t i)
{
	size_t k = 0;

	for (size_t j = 0; j < m->n; j++) {
		if (strcmp(m->m[j].mp, m->m[i].mp) != 0)
			continue;
		if (j < i)
			return 0;
		k++;
	}
	return k;
}

/* Is a mount that @i lies in (not merely stacked on) covered?  Then no
 * path reaches @i yet.  A stacked mount's parent is the one beneath it. */
static bool minfo_under_covered(const struct minfo *m, size_t i)
{
	for (size_t depth = 0; depth < m->n; depth++) {
		size_t p = 0;

		while (p < m->n && m->m[p].id != m->m[i].parent)
			p++;
		if (p == m->n)
			return false;
		if (strcmp(m->m[p].mp, m->m[i].mp) != 0 && minfo_covered(m, p))
			return true;
		i = p;
	}
	return false;
}

static int legacy_tree_attrs(const struct sbx_mctx *c, const char *mp, unsigned attrs, int depth);

static const char *aside_path(char *buf, size_t len, int depth, size_t level)
{
	snprintf(buf, len, "/.sbx-aside-%d-%zu", depth, level);
	return buf;
}

/*
 * @k mounts stacked on one mountpoint @mp in a new copy: a path names
 * only the top one, yet the new mount API sets the flags on every one, and
 * a command that may unmount the top would find the ones below as they
 * were.  So move the top aside (onto a directory of base), set the flags
 * on what it uncovers, and so on down, then move them back in order.  A
 * top that may not move (EINVAL: it is locked, having come from a more
 * privileged namespace) may not be unmounted either, by sbx or by the
 * command: what it covers is out of everyone's reach, and stays so.
 */
static int legacy_uncover(const struct sbx_mctx *c, const char *mp, size_t k, unsigned attrs,
			  int depth)
{
	char aside[48], at[PATH_MAX + 32], from[PATH_MAX + 32];
	size_t moved = 0;
	int r = 0;

	if (depth > 8)
		return -ELOOP;
	if (!in_base(c, mp, at, sizeof(at)))
		return -errno;
	while (r == 0 && moved + 1 < k) {
		aside_path(aside, sizeof(aside), depth, moved);
		if (mkdirat(c->base, aside + 1, 0700) < 0 && errno != EEXIST)
			return -errno;
		if (mount(at, in_base(c, aside, from, sizeof(from)), NULL, MS_MOVE, NULL) < 0) {
			r = errno == EINVAL ? 0 : -errno;
			unlinkat(c->base, aside + 1, AT_REMOVEDIR);
			break;
		}
		moved++;
		r = legacy_tree_attrs(c, mp, attrs, depth + 1);
	}
	while (moved-- > 0) {
		aside_path(aside, sizeof(aside), depth, moved);
		if (mount(in_base(c, aside, from, sizeof(from)), at, NULL, MS_MOVE, NULL) < 0 && r == 0)
			r = -errno;
		unlinkat(c->base, aside + 1, AT_REMOVEDIR);
	}
	return r;
}

/* @attrs on the copy whose root is the top mount on @mp, and on every
 * mount under it, stacked ones included. */
static int legacy_tree_attrs(const struct sbx_mctx *c, const char *mp, unsigned attrs, int depth)
{
	struct minfo m = { 0 };
	int r = legacy_collect(c, &m, mp);

	/* First what a path reaches, then what only uncovering reaches. */
	for (size_t i = 0; r == 0 && i < m.n; i++)
		if (!minfo_covered(&m, i) && !minfo_under_covered(&m, i))
			r = legacy_remount_in_base(c, m.m[i].mp, attrs);
	for (size_t i = 0; r == 0 && i < m.n; i++) {
		size_t k = minfo_stack_at(&m, i);

		if (k > 1 && !minfo_under_covered(&m, i))
			r = legacy_uncover(c, m.m[i].mp, k, attrs, depth);
	}
	minfo_clear(&m);
	free(m.m);
	return r;
}

/*
 * mount(2) can only name a submount by its path, which only the mount
 * table gives, in paths from base.  So a bind is first made on a scratch
 * node of base, whose path is known ("/bindN"), its flags set there on
 * every mount of the copy, and the copy then moved onto @target, as the
 * new mount API sets them on the detached copy before attaching it.
 * @target names the mountpoint: the move lands on top of whatever is
 * mounted there already.
 */
static int legacy_bind(struct sbx_mctx *c, int src, int target, unsigned attrs)
{
	char from[32], to[32], name[32], mp[40], at[PATH_MAX + 32];
	struct stat st;
	int r = 0, fd;

	if (fstat(src, &st) < 0)
		return -errno;
	snprintf(name, sizeof(name), "bind%u", c->seq++);
	snprintf(mp, sizeof(mp), "/%s", name);
	fd = S_ISDIR(st.st_mode) ? mkdirat(c->base, name, 0700)
				 : openat(c->base, name, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	if (!S_ISDIR(st.st_mode))
		close(fd);
	if (!in_base(c, mp, at, sizeof(at)) ||
	    mount(sbx_mount_fd_path(from, sizeof(from), src), at, NULL, MS_BIND | MS_REC, NULL) < 0)
		r = -errno;
	if (r == 0 && ms_flags(attrs))
		r = legacy_tree_attrs(c, mp, attrs, 0);
	if (r == 0 && mount(at, sbx_mount_fd_path(to, sizeof(to), target), NULL, MS_MOVE, NULL) < 0)
		r = -errno;
	if (r < 0)
		umount2(at, MNT_DETACH);
	unlinkat(c->base, name, S_ISDIR(st.st_mode) ? AT_REMOVEDIR : 0);
	if (r < 0)
		errno = -r;
	return r;
}

/* --remount-ro: @target is the root of the mount (an fd opened through
 * it), which its /proc/self/fd link names exactly. */
static int legacy_remount(int target, unsigned attrs)
{
	char link[32];

	return legacy_remount_path(sbx_mount_fd_path(link, sizeof(link), target), attrs);
}

static int legacy_new(const char *type, const char *const *opts, unsigned attrs, int target)
{
	char data[PATH_MAX * 2] = "", to[32];
	size_t k = 0;

	for (size_t i = 0; opts && opts[i]; i += 2) {
		k += (size_t)snprintf(data + k, sizeof(data) - k, "%s%s%s%s", k ? "," : "", opts[i],
				      opts[i + 1] ? "=" : "", opts[i + 1] ? opts[i + 1] : "");
		if (k >= sizeof(data))
			return -(errno = E2BIG);
	}
	if (mount(type, sbx_mount_fd_path(to, sizeof(to), target), type, ms_flags(attrs), data) < 0)
		return -errno;
	return 0;
}

/* --- the primitives --- */

int sbx_mount_bind(struct sbx_mctx *c, int src, int target, unsigned attrs)
{
	return c->legacy ? legacy_bind(c, src, target, attrs) : api_bind(c, src, target, attrs);
}

int sbx_mount_clone(struct sbx_mctx *c, const char *path, unsigned attrs)
{
	if (c->legacy) {
		errno = ENOSYS;
		return -ENOSYS;
	}
	/* Resolved as open(2) would (this process's root and cwd), symlinks
	 * and automounts followed: what bubblewrap's mount(MS_BIND) takes. */
	return api_clone(c, AT_FDCWD, path, 0, attrs);
}

int sbx_mount_attach(struct sbx_mctx *c, int tree, int target)
{
	if (c->legacy) {
		errno = ENOSYS;
		return -ENOSYS;
	}
	return api_attach(tree, target) < 0 ? -errno : 0;
}

int sbx_mount_attach_at(struct sbx_mctx *c, int tree, int parent, const char *name)
{
	if (c->legacy) {
		errno = ENOSYS;
		return -ENOSYS;
	}
	/* Without MOVE_MOUNT_T_SYMLINKS the kernel never follows @name: the
	 * mount lands in @parent, whatever may have replaced the directory. */
	if (sbx_move_mount(tree, "", parent, name, MOVE_MOUNT_F_EMPTY_PATH) < 0)
		return -errno;
	return 0;
}

int sbx_mount_new(struct sbx_mctx *c, const char *type, const char *const *opts,
		  unsigned attrs, int target)
{
	return c->legacy ? legacy_new(type, opts, attrs, target) : api_new(type, opts, attrs, target);
}

int sbx_mount_remount(struct sbx_mctx *c, int target, unsigned attrs)
{
	if (!c->legacy)
		return api_setattr(target, attrs, false) < 0 ? -errno : 0;
	return legacy_remount(target, attrs);
}
