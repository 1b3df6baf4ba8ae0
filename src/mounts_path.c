/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Destinations, resolved inside the new root and never through a symlink
 * that leaves it (CVE-2021-30465, CVE-2024-45310, bubblewrap's
 * GHSA-pxhw-h44j-8pfx).  Every lookup starts at the root's fd, never at a
 * path string re-walked from "/", and every directory or file is created
 * relative to the fd of its parent.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "mounts_int.h"
#include "syscalls.h"

/* Without openat2: one component at a time, refusing every symlink and "..",
 * so the walk can only go down from the root. */
static int walk_nofollow(int root, const char *path, int flags, mode_t mode)
{
	_cleanup_free_ char *copy = strdup(path);
	_cleanup_close_ int cur = -1;
	char *save = NULL, *comp, *next;

	if (!copy)
		return -ENOMEM;
	cur = openat(root, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (cur < 0)
		return -errno;
	for (comp = strtok_r(copy, "/", &save); comp; comp = next) {
		int fd, f;

		next = strtok_r(NULL, "/", &save);
		if (strcmp(comp, "..") == 0)
			return -EXDEV;
		f = next ? O_PATH | O_DIRECTORY : flags;
		fd = openat(cur, comp, f | O_NOFOLLOW | O_CLOEXEC, mode);
		if (fd < 0)
			return errno == ELOOP || errno == ENOTDIR ? -ELOOP : -errno;
		close(cur);
		cur = fd;
	}
	if (flags & O_PATH) {
		struct stat st;

		if (fstat(cur, &st) == 0 && S_ISLNK(st.st_mode))
			return -ELOOP;
	}
	return TAKE_FD(cur);
}

int sbx_mpath_create(struct sbx_mctx *c, const char *path, int flags, mode_t mode)
{
	struct open_how how = {
		.flags = (uint64_t)(flags | O_CLOEXEC),
		.mode = (flags & O_CREAT) ? mode : 0,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	int fd;

	while (*path == '/')
		path++;
	if (!*path)
		path = ".";
	if (!c->no_openat2) {
		fd = sbx_openat2(c->root, path, &how);
		if (fd >= 0)
			return fd;
		if (errno != ENOSYS)
			return -errno;
		c->no_openat2 = true;
	}
	return walk_nofollow(c->root, path, flags, mode);
}

int sbx_mpath_open(struct sbx_mctx *c, const char *path, int flags)
{
	return sbx_mpath_create(c, path, flags, 0);
}

/* Split @path into its directory (in @dir) and last component. */
static int split_last(const char *path, char *dir, size_t dir_len, char *name, size_t name_len)
{
	size_t n = strlen(path), start;

	while (n > 0 && path[n - 1] == '/')
		n--;
	start = n;
	while (start > 0 && path[start - 1] != '/')
		start--;
	if (n - start >= name_len || start >= dir_len)
		return -ENAMETOOLONG;
	memcpy(name, path + start, n - start);
	name[n - start] = '\0';
	memcpy(dir, path, start);
	dir[start] = '\0';
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return -EINVAL;
	return 0;
}

/* Create each missing directory of @dir in turn, each relative to the fd
 * of the one before, re-resolving the prefix inside the root every time. */
static int make_parents(struct sbx_mctx *c, char *dir, mode_t mode)
{
	_cleanup_close_ int cur = sbx_mpath_open(c, "/", O_PATH | O_DIRECTORY);
	char *p = dir;

	if (cur < 0)
		return cur;
	for (;;) {
		char *comp, saved;
		int fd;

		while (*p == '/')
			p++;
		if (!*p)
			return TAKE_FD(cur);
		comp = p;
		while (*p && *p != '/')
			p++;
		saved = *p;
		*p = '\0';
		fd = sbx_mpath_open(c, dir, O_PATH | O_DIRECTORY);
		if (fd == -ENOENT) {
			if (mkdirat(cur, comp, mode) < 0 && errno != EEXIST) {
				*p = saved;
				return -errno;
			}
			fd = sbx_mpath_open(c, dir, O_PATH | O_DIRECTORY);
		}
		*p = saved;
		if (fd < 0)
			return fd;
		close(cur);
		cur = fd;
	}
}

int sbx_mpath_parent(struct sbx_mctx *c, const struct sbx_op *op, const char *path,
		     mode_t mode, char *name, size_t name_len)
{
	char dir[PATH_MAX];
	int fd, r;

	r = split_last(path, dir, sizeof(dir), name, name_len);
	if (r < 0)
		return sbx_mfail(c, op, -r, "Can't mkdir parents for %s", path);
	fd = sbx_mpath_open(c, dir, O_PATH | O_DIRECTORY);
	if (fd == -ENOENT)
		fd = make_parents(c, dir, mode);
	if (fd < 0)
		return sbx_mfail(c, op, -fd, "Can't mkdir parents for %s", path);
	return fd;
}

int sbx_mpath_mkdir(struct sbx_mctx *c, const struct sbx_op *op, const char *path,
		    mode_t mode, mode_t parent_mode)
{
	_cleanup_close_ int parent = -1;
	char name[NAME_MAX + 1];
	bool made = false;
	int fd;

	parent = sbx_mpath_parent(c, op, path, parent_mode, name, sizeof(name));
	if (parent < 0)
		return parent;
	if (name[0]) {
		if (mkdirat(parent, name, mode) == 0)
			made = true;
		else if (errno != EEXIST)
			return sbx_mfail(c, op, errno, "Can't mkdir %s", path);
	}
	/* An explicit --perms is exact, whatever the umask says; only a
	 * directory made here is changed, opened without following. */
	if (made && op->perms >= 0) {
		_cleanup_close_ int d = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

		if (d < 0 || fchmod(d, (mode_t)op->perms) < 0)
			return sbx_mfail(c, op, errno, "Can't mkdir %s", path);
	}
	fd = sbx_mpath_open(c, path, O_PATH | O_DIRECTORY);
	if (fd < 0)
		return sbx_mfail(c, op, -fd, "Can't mkdir %s", path);
	return fd;
}

int sbx_mpath_mkfile(struct sbx_mctx *c, const struct sbx_op *op, const char *path)
{
	_cleanup_close_ int parent = -1;
	char name[NAME_MAX + 1];
	int fd;

	parent = sbx_mpath_parent(c, op, path, 0755, name, sizeof(name));
	if (parent < 0)
		return parent;
	if (!name[0])
		return sbx_mfail(c, op, EISDIR, "Can't create file at %s", path);
	/* O_EXCL|O_NOFOLLOW: a symlink already there is never written
	 * through; it is followed below, inside the root only. */
	fd = openat(parent, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0444);
	if (fd < 0 && errno != EEXIST)
		return sbx_mfail(c, op, errno, "Can't create file at %s", path);
	if (fd >= 0)
		close(fd);
	fd = sbx_mpath_open(c, path, O_PATH);
	if (fd < 0)
		return sbx_mfail(c, op, -fd, "Can't create file at %s", path);
	return fd;
}
