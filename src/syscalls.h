/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_SYSCALLS_H
#define SBX_SYSCALLS_H

/*
 * Wrappers for the system calls libc lacks or gained late: pivot_root,
 * openat2 and the new mount API.  Each is used through the libc function
 * when configure found one (HAVE_*), else through syscall(2); where the
 * kernel lacks the call, the caller sees -1 with errno ENOSYS and falls
 * back (mounts.c).
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifdef HAVE_LINUX_OPENAT2_H
#include <linux/openat2.h>
#else
struct open_how {
	uint64_t flags;
	uint64_t mode;
	uint64_t resolve;
};
#define RESOLVE_NO_XDEV       0x01
#define RESOLVE_NO_MAGICLINKS 0x02
#define RESOLVE_NO_SYMLINKS   0x04
#define RESOLVE_BENEATH       0x08
#define RESOLVE_IN_ROOT       0x10
#endif

#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif
#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE 1
#endif
#ifndef OPEN_TREE_CLOEXEC
#define OPEN_TREE_CLOEXEC O_CLOEXEC
#endif
#ifndef MOVE_MOUNT_F_EMPTY_PATH
#define MOVE_MOUNT_F_EMPTY_PATH 0x00000004
#endif
#ifndef MOVE_MOUNT_T_EMPTY_PATH
#define MOVE_MOUNT_T_EMPTY_PATH 0x00000040
#endif
#ifndef MOUNT_ATTR_RDONLY
#define MOUNT_ATTR_RDONLY 0x00000001
#define MOUNT_ATTR_NOSUID 0x00000002
#define MOUNT_ATTR_NODEV  0x00000004
#define MOUNT_ATTR_NOEXEC 0x00000008
struct mount_attr {
	uint64_t attr_set;
	uint64_t attr_clr;
	uint64_t propagation;
	uint64_t userns_fd;
};
#endif
#ifndef FSOPEN_CLOEXEC
#define FSOPEN_CLOEXEC 0x00000001
#endif
#ifndef FSMOUNT_CLOEXEC
#define FSMOUNT_CLOEXEC 0x00000001
#endif
#ifndef FSCONFIG_SET_STRING
#define FSCONFIG_SET_FLAG   0
#define FSCONFIG_SET_STRING 1
#define FSCONFIG_CMD_CREATE 6
#endif

/* x86-64 and every other architecture share these numbers since 5.2 / 5.6. */
#ifndef SYS_open_tree
#define SYS_open_tree 428
#endif
#ifndef SYS_move_mount
#define SYS_move_mount 429
#endif
#ifndef SYS_fsopen
#define SYS_fsopen 430
#endif
#ifndef SYS_fsconfig
#define SYS_fsconfig 431
#endif
#ifndef SYS_fsmount
#define SYS_fsmount 432
#endif
#ifndef SYS_openat2
#define SYS_openat2 437
#endif
#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442
#endif
/* Linux 6.15, the same number everywhere too. */
#ifndef SYS_open_tree_attr
#define SYS_open_tree_attr 467
#endif

static inline int sbx_pivot_root(const char *new_root, const char *put_old)
{
	return (int)syscall(SYS_pivot_root, new_root, put_old);
}

static inline int sbx_openat2(int dirfd, const char *path, struct open_how *how)
{
	return (int)syscall(SYS_openat2, dirfd, path, how, sizeof(*how));
}

static inline int sbx_open_tree(int dirfd, const char *path, unsigned int flags)
{
#ifdef HAVE_OPEN_TREE
	return open_tree(dirfd, path, flags);
#else
	return (int)syscall(SYS_open_tree, dirfd, path, flags);
#endif
}

/* open_tree() with OPEN_TREE_CLONE that also sets @attr on the copy. */
static inline int sbx_open_tree_attr(int dirfd, const char *path, unsigned int flags,
				     struct mount_attr *attr)
{
	return (int)syscall(SYS_open_tree_attr, dirfd, path, flags, attr, sizeof(*attr));
}

static inline int sbx_move_mount(int from_dfd, const char *from, int to_dfd, const char *to,
				 unsigned int flags)
{
#ifdef HAVE_MOVE_MOUNT
	return move_mount(from_dfd, from, to_dfd, to, flags);
#else
	return (int)syscall(SYS_move_mount, from_dfd, from, to_dfd, to, flags);
#endif
}

static inline int sbx_mount_setattr(int dfd, const char *path, unsigned int flags,
				    struct mount_attr *attr)
{
#ifdef HAVE_MOUNT_SETATTR
	return mount_setattr(dfd, path, flags, attr, sizeof(*attr));
#else
	return (int)syscall(SYS_mount_setattr, dfd, path, flags, attr, sizeof(*attr));
#endif
}

static inline int sbx_fsopen(const char *fsname, unsigned int flags)
{
#ifdef HAVE_FSOPEN
	return fsopen(fsname, flags);
#else
	return (int)syscall(SYS_fsopen, fsname, flags);
#endif
}

static inline int sbx_fsconfig(int fd, unsigned int cmd, const char *key, const void *value, int aux)
{
#ifdef HAVE_FSCONFIG
	return fsconfig(fd, cmd, key, value, aux);
#else
	return (int)syscall(SYS_fsconfig, fd, cmd, key, value, aux);
#endif
}

static inline int sbx_fsmount(int fd, unsigned int flags, unsigned int attr_flags)
{
#ifdef HAVE_FSMOUNT
	return fsmount(fd, flags, attr_flags);
#else
	return (int)syscall(SYS_fsmount, fd, flags, attr_flags);
#endif
}

#endif
