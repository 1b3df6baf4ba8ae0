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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "log.h"
#include "mounts_path.h"
#include "syscalls.h"
#include "util.h"

/*
 * Without openat2: RESOLVE_IN_ROOT done by hand, one component at a time.
 * The directories walked are kept on a stack whose bottom is the root:
 * ".." pops (never below the root, so at the top it stays at the top),
 * and a symlink is read and its target walked in its place, an absolute
 * one from the root again.  Every component is opened O_NOFOLLOW relative
 * to the fd of the directory before it, so nothing ever resolves outside.
 */
#define WALK_MAX_LINKS 40
#define SBX_OPENAT2_TRIES 1000

struct walk {
	int *fd;        /* fd[0] is the root; fd[n - 1] where the walk is */
	size_t n, cap;
	char *rest;     /* what is left to walk (symlink targets spliced in) */
	int links;
};

static void walk_free(struct walk *w)
{
	for (size_t i = 0; i < w->n; i++)
		close(w->fd[i]);
	free(w->fd);
	free(w->rest);
}

static int walk_push(struct walk *w, int fd)
{
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 16;
		int *p = realloc(w->fd, cap * sizeof(*p));

		if (!p) {
			close(fd);
			return -ENOMEM;
		}
		w->fd = p;
		w->cap = cap;
	}
	w->fd[w->n++] = fd;
	return 0;
}

static void walk_pop(struct walk *w, size_t keep)
{
	while (w->n > keep)
		close(w->fd[--w->n]);
}

/* The symlink @name in the current directory: its target replaces it in
 * what is left to walk (@after follows it); an absolute target starts
 * again at the root, inside which it stays. */
static int walk_link(struct walk *w, const char *name, const char *after)
{
	char target[PATH_MAX], *rest;
	ssize_t n;

	if (++w->links > WALK_MAX_LINKS)
		return -ELOOP;
	n = readlinkat(w->fd[w->n - 1], name, target, sizeof(target) - 1);
	if (n < 0)
		return -errno;
	target[n] = '\0';
	if (asprintf(&rest, "%s/%s", target, after) < 0)
		return -ENOMEM;
	free(w->rest);
	w->rest = rest;
	if (target[0] == '/')
		walk_pop(w, 1);
	return 0;
}

/* The next component of w->rest in @comp, @after pointing past it (and
 * past its slashes).  Return: 1, 0 at the end, or a negative errno. */
static int walk_next(struct walk *w, char *comp, size_t len, const char **after)
{
	const char *p = w->rest, *end;

	while (*p == '/')
		p++;
	end = p + strcspn(p, "/");
	if (p == end)
		return 0;
	if ((size_t)(end - p) >= len)
		return -ENAMETOOLONG;
	memcpy(comp, p, (size_t)(end - p));
	comp[end - p] = '\0';
	while (*end == '/')
		end++;
	*after = end;
	return 1;
}

static void walk_advance(struct walk *w, const char *after)
{
	memmove(w->rest, after, strlen(after) + 1);
}

/* A component that is not the last: a directory to go into, or a link. */
static int walk_dir(struct walk *w, const char *comp, const char *after)
{
	int fd = openat(w->fd[w->n - 1], comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		close(fd);
		return -errno;
	}
	if (!S_ISDIR(st.st_mode)) {
		close(fd);
		return S_ISLNK(st.st_mode) ? walk_link(w, comp, after) : -ENOTDIR;
	}
	walk_advance(w, after);
	return walk_push(w, fd);
}

/* The last component, opened with the caller's flags and never followed
 * by the kernel; a symlink is followed by hand unless O_NOFOLLOW says not.
 * Return: 1 with the fd in @out, 0 to walk on (a link), or a negative errno. */
static int walk_last(struct walk *w, const char *comp, int flags, mode_t mode, int *out)
{
	int fd = openat(w->fd[w->n - 1], comp, flags | O_NOFOLLOW | O_CLOEXEC, mode);
	int saved = errno, r;
	struct stat st;

	if (fd >= 0) {
		if ((flags & O_NOFOLLOW) || fstat(fd, &st) < 0 || !S_ISLNK(st.st_mode)) {
			*out = fd;
			return 1;
		}
		close(fd);
	} else if ((flags & O_NOFOLLOW) || (saved != ELOOP && saved != ENOTDIR)) {
		return -saved;
	}
	/* ELOOP or ENOTDIR (O_DIRECTORY) may mean a symlink: follow it if so. */
	r = walk_link(w, comp, "");
	return r == -EINVAL && fd < 0 ? -saved : r;
}

static int walk_step(struct walk *w, const char *comp, const char *after, int flags,
		     mode_t mode, int *out)
{
	bool dotdot = strcmp(comp, "..") == 0;

	if (dotdot || strcmp(comp, ".") == 0) {
		if (dotdot && w->n > 1)
			walk_pop(w, w->n - 1);
		walk_advance(w, after);
		return 0;
	}
	if (*after)
		return walk_dir(w, comp, after);
	return walk_last(w, comp, flags, mode, out);
}

static int walk_in_root(int root, const char *path, int flags, mode_t mode)
{
	struct walk w = { .fd = NULL, .n = 0, .cap = 0, .rest = strdup(path), .links = 0 };
	char comp[NAME_MAX + 1];
	const char *after = NULL;
	int fd = openat(root, ".", O_PATH | O_DIRECTORY | O_CLOEXEC), r;

	if (fd < 0 || !w.rest) {
		r = fd < 0 ? -errno : -ENOMEM;
		if (fd >= 0)
			close(fd);
		free(w.rest);
		return r;
	}
	r = walk_push(&w, fd);
	fd = -1;
	while (r == 0 && (r = walk_next(&w, comp, sizeof(comp), &after)) == 1)
		r = walk_step(&w, comp, after, flags, mode, &fd);
	/* The path ended at a directory: "", ".", ".." or "dir/". */
	if (r == 0) {
		fd = openat(w.fd[w.n - 1], ".", flags | O_NOFOLLOW | O_CLOEXEC, mode);
		r = fd < 0 ? -errno : 1;
	}
	walk_free(&w);
	return r < 0 ? r : fd;
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
		/* With "..", the kernel says EAGAIN when a rename or mount
		 * anywhere raced the lookup: it asks to be asked again. */
		for (int tries = 0; tries < SBX_OPENAT2_TRIES; tries++) {
			fd = sbx_openat2(c->root, path, &how);
			if (fd >= 0 || (errno != EAGAIN && errno != EINTR))
				break;
		}
		if (fd >= 0)
			return fd;
		if (errno != ENOSYS)
			return -errno;
		c->no_openat2 = true;
		sbx_verbose("mounts: destinations walked by hand, openat2 is not available");
	}
	return walk_in_root(c->root, path, flags, mode);
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
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
		/* "d/.." names a directory reached inside the root: all of
		 * it is the "parent", and the node is that directory itself. */
		if (n >= dir_len)
			return -ENAMETOOLONG;
		start = n;
		strcpy(name, ".");
	}
	memcpy(dir, path, start);
	dir[start] = '\0';
	return 0;
}

/* No "." or ".." anywhere in @dir: its walk only ever goes down. */
static bool only_descends(const char *dir)
{
	for (const char *p = dir; *p; ) {
		size_t n;

		while (*p == '/')
			p++;
		n = strcspn(p, "/");
		if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		p += n;
	}
	return true;
}

int sbx_mpath_parent_plain(struct sbx_mctx *c, const char *path, char *name, size_t name_len)
{
	struct open_how how = {
		.flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_SYMLINKS,
	};
	char dir[PATH_MAX];
	const char *rel;
	struct stat st;
	size_t dir_len;
	int fd, r;

	if (c->no_openat2)
		return -ENOSYS;
	r = split_last(path, dir, sizeof(dir), name, name_len);
	if (r < 0)
		return r;
	if (!name[0] || strcmp(name, ".") == 0 || !only_descends(dir))
		return -EINVAL;
	if (c->parent >= 0 && strcmp(dir, c->parent_dir) == 0)
		return c->parent;
	sbx_mparent_forget(c);
	/*
	 * Kept for the binds that follow because none of them can change
	 * what this walk finds: without a symlink, "." or "..", it visits
	 * exactly the prefixes of @dir, each below the one before, and a
	 * mount on a new entry of the last is on none of them.  Every other
	 * op forgets it (sbx_mops_apply()).  (A rename on the host, inside
	 * a bound directory, races this lookup as it races any other: what
	 * is found is still a directory under the new root's mounts.)
	 */
	for (rel = dir; *rel == '/'; rel++)
		;
	fd = sbx_openat2(c->root, *rel ? rel : ".", &how);
	if (fd < 0)
		return -errno;
	c->parent_private = fstat(fd, &st) == 0 && st.st_dev == c->root_dev;
	c->parent = fd;
	dir_len = 0;
	sbx_cat(c->parent_dir, sizeof(c->parent_dir), &dir_len, dir);
	return fd;
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

static bool is_mount_op(enum sbx_op_type t)
{
	return t != SBX_OP_DIR && t != SBX_OP_FILE && t != SBX_OP_SYMLINK && t != SBX_OP_CHMOD;
}

static int make_dir(struct sbx_mctx *c, const struct sbx_op *op, int parent, const char *name,
		    mode_t mode)
{
	_cleanup_close_ int fd = -1;

	if (mkdirat(parent, name, mode) < 0) {
		if (errno == EEXIST)
			return 0;
		/* bubblewrap words a failed mkdir as a failed create (sbx_mfail() does the rest) */
		return sbx_mfail(c, op, errno, c->face->bubblewrap_words ? "Can't create file %s" : "Can't mkdir %s", op->dest);
	}
	if (op->type != SBX_OP_DIR || op->perms < 0)
		return 0;
	/* An explicit --perms is exact, whatever the umask says; only a
	 * directory made here is changed, opened without following. */
	fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fchmod(fd, mode) < 0)
		return sbx_mfail(c, op, errno, "Can't mkdir %s", op->dest);
	return 0;
}

/* Create the last component, if missing, as @kind; then open it without
 * following it, whatever it is. */
static int make_node(struct sbx_mctx *c, const struct sbx_op *op, int parent, const char *name,
		     enum sbx_node kind, mode_t mode)
{
	int fd, r;

	if (kind == SBX_NODE_DIR && (r = make_dir(c, op, parent, name, mode)) < 0)
		return r;
	if (kind == SBX_NODE_FILE) {
		/* O_EXCL|O_NOFOLLOW: whatever is already there is never written. */
		fd = openat(parent, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, mode);
		if (fd < 0 && errno != EEXIST)
			return sbx_mfail(c, op, errno, "Can't create file at %s", op->dest);
		if (fd >= 0)
			close(fd);
	}
	fd = openat(parent, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	/* likewise for the node it cannot open after making it */
	if (fd < 0 && c->face->bubblewrap_words)
		return sbx_mfail(c, op, errno, "Can't create file %s", op->dest);
	if (fd < 0)
		return sbx_mfail(c, op, errno, op->type == SBX_OP_REMOUNT_RO ? "Can't remount readonly on %s"
				 : "Can't open %s", op->dest);
	return fd;
}

/* bubblewrap 0.12's checks of what is at the destination. */
static int check_node(struct sbx_mctx *c, const struct sbx_op *op, int fd, enum sbx_node kind)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return sbx_mfail(c, op, errno, "Can't get type of dest %s", op->dest);
	/* A mount on a symlink would land where the symlink points: the
	 * layout would be the symlink's to choose.  Never. */
	if (is_mount_op(op->type) && S_ISLNK(st.st_mode))
		return sbx_mfail(c, op, 0, "Can't mount on symlink destination %s", op->dest);
	if (kind == SBX_NODE_DIR && !S_ISDIR(st.st_mode))
		return sbx_mfail(c, op, 0, "Destination is not a directory %s", op->dest);
	if (kind == SBX_NODE_FILE && S_ISDIR(st.st_mode))
		return sbx_mfail(c, op, 0, "Destination is not a file %s", op->dest);
	return 0;
}

int sbx_mpath_node(struct sbx_mctx *c, const struct sbx_op *op, enum sbx_node kind,
		   mode_t mode, mode_t pmode)
{
	_cleanup_close_ int parent = -1, fd = -1;
	char name[NAME_MAX + 1];
	int r;

	parent = sbx_mpath_parent(c, op, op->dest, pmode, name, sizeof(name));
	if (parent < 0)
		return parent;
	fd = make_node(c, op, parent, name[0] ? name : ".", kind, mode);
	if (fd < 0)
		return fd;
	r = check_node(c, op, fd, kind);
	if (r < 0)
		return r;
	return TAKE_FD(fd);
}
