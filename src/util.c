/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "exitcode.h"
#include "util.h"

int sbx_parse_u32n(const char *s, size_t len, uint32_t max, uint32_t *out)
{
	uint64_t v = 0;

	if (!s || len == 0)
		return -EINVAL;
	for (const char *p = s; p < s + len; p++) {
		if (*p < '0' || *p > '9')
			return -EINVAL;
		v = v * 10 + (uint64_t)(*p - '0');
		if (v > max)
			return -ERANGE;
	}
	*out = (uint32_t)v;
	return 0;
}

bool sbx_cat_n(char *buf, size_t len, size_t *off, const char *s, size_t n)
{
	size_t at = *off;

	*off += n;
	if (at < len) {
		size_t room = len - at - 1;

		memcpy(buf + at, s, n < room ? n : room);
		buf[at + (n < room ? n : room)] = '\0';
	}
	return *off < len;
}

bool sbx_cat(char *buf, size_t len, size_t *off, const char *s)
{
	return sbx_cat_n(buf, len, off, s, strlen(s));
}

static bool cat_base(char *buf, size_t len, size_t *off, unsigned long v, unsigned base)
{
	char digits[24];
	size_t i = sizeof(digits) - 1;

	digits[i] = '\0';
	do {
		digits[--i] = (char)('0' + v % base);
		v /= base;
	} while (v);
	return sbx_cat(buf, len, off, digits + i);
}

bool sbx_cat_u(char *buf, size_t len, size_t *off, unsigned long v)
{
	return cat_base(buf, len, off, v, 10);
}

bool sbx_cat_o(char *buf, size_t len, size_t *off, unsigned long v)
{
	/* "%#o": a 0 before any other digit, and 0 alone for 0 */
	bool fit = !v || sbx_cat(buf, len, off, "0");

	return cat_base(buf, len, off, v, 8) && fit;
}

const char *sbx_proc_path(char *buf, size_t len, pid_t pid, const char *leaf)
{
	size_t off = 0;

	sbx_cat(buf, len, &off, "/proc/");
	if (pid > 0)
		sbx_cat_u(buf, len, &off, (unsigned long)pid);
	else
		sbx_cat(buf, len, &off, "self");
	sbx_cat(buf, len, &off, "/");
	sbx_cat(buf, len, &off, leaf);
	return buf;
}

int sbx_parse_u32(const char *s, uint32_t max, uint32_t *out)
{
	return sbx_parse_u32n(s, s ? strlen(s) : 0, max, out);
}

int sbx_parse_fd(const char *s, int *out)
{
	uint32_t v;

	if (sbx_parse_u32(s, INT_MAX, &v) < 0)
		return -EINVAL;
	*out = (int)v;
	return 0;
}

int sbx_read_all_fd(int fd, size_t max, char **out, size_t *len)
{
	_cleanup_free_ char *buf = NULL;
	size_t cap = 0, n = 0;

	for (;;) {
		ssize_t r;

		if (cap - n < 4096) {
			char *nb;

			cap = cap ? cap * 2 : 8192;
			nb = realloc(buf, cap + 1);
			if (!nb)
				return -ENOMEM;
			buf = nb;
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > max)
			return -E2BIG;
	}
	if (!buf) {
		buf = malloc(1);
		if (!buf)
			return -ENOMEM;
	}
	buf[n] = '\0';
	*out = TAKE_PTR(buf);
	if (len)
		*len = n;
	return 0;
}

int sbx_read_file(const char *path, size_t max, char **out, size_t *len)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		return -errno;
	return sbx_read_all_fd(fd, max, out, len);
}

int sbx_write_file(const char *path, const char *data, size_t len)
{
	_cleanup_close_ int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
	ssize_t r;

	if (fd < 0)
		return -errno;
	r = write(fd, data, len);
	if (r < 0)
		return -errno;
	if ((size_t)r != len)
		return -EIO;
	return 0;
}

bool sbx_fd_is_open(int fd)
{
	return fd >= 0 && fcntl(fd, F_GETFD) >= 0;
}

int sbx_test_errno(const char *step)
{
#ifdef SBX_TEST_HOOKS
	char name[64];
	const char *v;
	uint32_t e;

	snprintf(name, sizeof(name), "SBX_TEST_FAIL_%s", step);
	v = getenv(name);
	if (v && sbx_parse_u32(v, 4095, &e) == 0)
		return (int)e;
#else
	(void)step;
#endif
	return 0;
}

#ifdef SBX_TEST_HOOKS
void sbx_test_die(const char *side, const char *step)
{
	const char *want = getenv("SBX_TEST_DIE");
	size_t sl;

	if (!want)
		return;
	sl = strlen(side);
	if (strncmp(want, side, sl) == 0 && want[sl] == ':' &&
	    strcmp(want + sl + 1, step) == 0) {
		/* pid 1 of a pid namespace ignores SIGKILL sent from inside it:
		 * dying at once is the closest it can come. */
		if (getpid() == 1)
			_exit(SBX_EXIT_SIGNAL_BASE + SIGKILL);
		kill(getpid(), SIGKILL);
	}
}
#endif

/* Optimal string alignment distance, capped: past @cap the answer is cap + 1. */
static size_t edit_distance(const char *a, const char *b, size_t cap)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *prev2, *prev, *cur, d;

	if (la > 64 || lb > 64)
		return cap + 1;
	prev2 = calloc(3 * (lb + 1), sizeof(size_t));
	if (!prev2)
		return cap + 1;
	prev = prev2 + lb + 1;
	cur = prev + lb + 1;
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;

			cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    prev2[j - 2] + 1 < cur[j])
				cur[j] = prev2[j - 2] + 1;
		}
		memcpy(prev2, prev, (lb + 1) * sizeof(size_t));
		memcpy(prev, cur, (lb + 1) * sizeof(size_t));
	}
	d = prev[lb];
	free(prev2);
	return d > cap ? cap + 1 : d;
}

const char *sbx_nearest(const char *s, const char *const *words, size_t n)
{
	const char *best = NULL;
	size_t best_d = SIZE_MAX;

	for (size_t i = 0; i < n; i++) {
		size_t cap, d;

		if (!words[i])
			continue;
		cap = strlen(words[i]) <= 4 ? 1 : 2;
		d = edit_distance(s, words[i], cap);
		if (d <= cap && d < best_d) {
			best = words[i];
			best_d = d;
		}
	}
	return best;
}

int sbx_user_cache_dir(char *out, size_t size)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	int n;

	/* the XDG spec: a relative XDG_CACHE_HOME is invalid and ignored */
	if (xdg && xdg[0] == '/')
		n = snprintf(out, size, "%s/sbx", xdg);
	else if (home && home[0] == '/')
		n = snprintf(out, size, "%s/.cache/sbx", home);
	else
		return -ENOENT;
	return n > 0 && (size_t)n < size ? 0 : -ENAMETOOLONG;
}

/* Whom a directory on the way lets write: the caller and root only. */
static const char *untrusted_dir(const struct stat *st, uid_t uid, bool last)
{
	if (!S_ISDIR(st->st_mode))
		return "not a directory";
	if (st->st_uid != uid && (last || st->st_uid != 0))
		return last ? "not owned by the caller" : "an ancestor owned by another user";
	if (st->st_mode & (S_IWGRP | S_IWOTH))
		return last ? "writable by group or others" : "an ancestor writable by group or others";
	return NULL;
}

/*
 * One step down, never through a symlink.  Only the last two components
 * (as $XDG_CACHE_HOME or ~/.cache, and sbx) are ever made: sbx never
 * creates a user's home or its parents (HOME=/nonexistent is common for
 * service users).
 */
static int step(int fd, const char *name, bool create, const char **why)
{
	int nfd = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (nfd < 0 && errno == ENOENT && create && (mkdirat(fd, name, 0700) == 0 || errno == EEXIST))
		nfd = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (nfd < 0)
		*why = errno == ELOOP || errno == ENOTDIR ? "reached through a symlink" : strerror(errno);
	return nfd < 0 ? -errno : nfd;
}

int sbx_open_private_dir(const char *dir, uid_t uid, bool create, const char **why)
{
	_cleanup_free_ char *copy = strdup(dir);
	_cleanup_close_ int fd = -1;
	char *names[PATH_MAX / 2], *save = NULL;
	size_t n = 0;
	struct stat st;

	if (!copy)
		return *why = "out of memory", -ENOMEM;
	for (char *c = strtok_r(copy, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
		if (strcmp(c, "..") == 0)
			return *why = "a path with '..'", -EINVAL;
		if (n == sizeof(names) / sizeof(names[0]))
			return *why = "too deep", -ENAMETOOLONG;
		if (strcmp(c, ".") != 0)
			names[n++] = c;
	}
	fd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return *why = strerror(errno), -errno;
	for (size_t i = 0;; i++) {
		int next;

		if (fstat(fd, &st) < 0)
			return *why = strerror(errno), -errno;
		if ((*why = untrusted_dir(&st, uid, i == n)))
			return -EPERM;
		if (i == n)
			return TAKE_FD(fd);
		next = step(fd, names[i], create && i + 2 >= n, why);
		if (next < 0)
			return next;
		close(fd);
		fd = next;
	}
}
