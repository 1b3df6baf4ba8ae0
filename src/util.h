/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_UTIL_H
#define SBX_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/types.h>

#include "error.h"

/**
 * sbx_parse_u32n() - sbx_parse_u32() of the @len bytes at @s, which need
 * not end there (a field inside a line).
 */
int sbx_parse_u32n(const char *s, size_t len, uint32_t max, uint32_t *out);

/**
 * sbx_parse_u32() - strict decimal parse of an id or count.
 * @s:   the text; only decimal digits, no sign, no blanks, no base prefix.
 * @max: the largest value accepted.
 * @out: the value.
 *
 * Return: 0, -EINVAL for anything but plain digits, -ERANGE above @max.
 */
int sbx_parse_u32(const char *s, uint32_t max, uint32_t *out);

/**
 * sbx_cat() - append @s to the string in @buf (@len bytes) at *@off,
 * truncating, always NUL-terminated (when @len > 0).
 *
 * With sbx_cat_u(), the formatting of /proc paths, id maps, mount options
 * and $PATH candidates that every start does: not through stdio, whose code
 * and tables would otherwise be faulted in on each start (each fault is
 * dear on a VM) and, where the sandbox's child runs on the parent's memory,
 * join the waiting parent's (issue 14 measures that peak).
 *
 * Return: true, or false when something did not fit (*@off then counts
 * what would have been written, as snprintf() would).
 */
bool sbx_cat(char *buf, size_t len, size_t *off, const char *s);

/**
 * sbx_cat_n() - sbx_cat() of the first @n bytes of @s, which need not end
 * there (a component of $PATH).
 */
bool sbx_cat_n(char *buf, size_t len, size_t *off, const char *s, size_t n);

/**
 * sbx_cat_u() - sbx_cat() of @v in decimal.
 */
bool sbx_cat_u(char *buf, size_t len, size_t *off, unsigned long v);

/**
 * sbx_cat_o() - sbx_cat() of @v in octal with a leading 0, as "%#o" gives
 * (a tmpfs's mode option).
 */
bool sbx_cat_o(char *buf, size_t len, size_t *off, unsigned long v);

/**
 * sbx_proc_path() - "/proc/@pid/@leaf" in @buf (@pid 0: "/proc/self/@leaf").
 *
 * Return: @buf.
 */
const char *sbx_proc_path(char *buf, size_t len, pid_t pid, const char *leaf);

/**
 * sbx_parse_fd() - parse a file descriptor number as bubblewrap does.
 *
 * Return: 0, or -EINVAL (not a non-negative decimal int).
 */
int sbx_parse_fd(const char *s, int *out);

/**
 * sbx_read_all_fd() - read an fd to its end into a NUL-terminated buffer.
 * @fd:  the descriptor (not closed).
 * @max: refuse more than this many bytes (-E2BIG).
 * @out: malloc()ed buffer; @len its length without the final NUL.
 */
int sbx_read_all_fd(int fd, size_t max, char **out, size_t *len);

/**
 * sbx_read_file() - read a whole (small) file, O_CLOEXEC.
 */
int sbx_read_file(const char *path, size_t max, char **out, size_t *len);

/**
 * sbx_write_file() - write a string to an existing file (one write(2)).
 *
 * Return: 0 or a negative errno.
 */
int sbx_write_file(const char *path, const char *data, size_t len);

/**
 * sbx_fd_is_open() - true when @fd is an open descriptor of this process.
 */
bool sbx_fd_is_open(int fd);

/**
 * sbx_nearest() - the word of @words closest to @s, for "did you mean".
 * @words: @n candidates (NULL entries are skipped).
 *
 * Closeness is the edit distance with adjacent transpositions counted as
 * one edit ("defualt" is one edit from "default").  Only a word at most two
 * edits away (one for words of four characters or fewer) is an answer.
 *
 * Return: the nearest word, or NULL when none is close enough.
 */
const char *sbx_nearest(const char *s, const char *const *words, size_t n);

/**
 * sbx_test_errno() - test hook: the errno a step should fail with.
 * @step: "CLONE" or "MAP"; the variable read is SBX_TEST_FAIL_<step>.
 *
 * Built with --enable-test-hooks only; otherwise always 0.
 *
 * Return: the errno number the variable holds, or 0.
 */
int sbx_test_errno(const char *step);

/**
 * sbx_test_die() - test hook: SIGKILL ourselves at a named step.
 * @side: "parent" or "child".
 * @step: the step's name.
 *
 * Active only in a build configured with --enable-test-hooks, and there
 * only when the environment variable SBX_TEST_DIE equals "side:step"; lets
 * the integration tests kill either side at each step of the protocol and
 * check that the other side neither hangs nor leaks.  Without the hooks it
 * is an empty inline function: a released sbx reads no such variable.
 */
#ifdef SBX_TEST_HOOKS
void sbx_test_die(const char *side, const char *step);
#else
static inline void sbx_test_die(const char *side, const char *step)
{
	(void)side;
	(void)step;
}
#endif

/**
 * sbx_user_cache_dir() - $XDG_CACHE_HOME/sbx, else ~/.cache/sbx: the
 * seccomp cache's directory, and the user-namespace holder's without
 * $XDG_RUNTIME_DIR.
 *
 * Return: 0, or -ENOENT when neither is known (no cache, no holder file then).
 */
int sbx_user_cache_dir(char *out, size_t size);

/**
 * sbx_open_private_dir() - open a directory of the caller's (the seccomp
 * cache's, the holder's), walking from / without following symlinks, if
 * the caller can trust it: every ancestor owned by the caller or root and
 * not writable by group or others, the directory itself the caller's.
 * @create: make the last two components (0700) when missing, never more.
 * @why:    why not, on failure.
 *
 * Return: a directory fd, or a negative errno (-ENOENT when it is missing,
 * -EPERM when it is not trusted).
 */
int sbx_open_private_dir(const char *dir, uid_t uid, bool create, const char **why);

#endif
