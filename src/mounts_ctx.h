/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_MOUNTS_CTX_H
#define SBX_MOUNTS_CTX_H

/*
 * The mounts' shared context: the bottom of the mounts layers.
 *
 * Layers, lowest first.  A file includes the headers of its own layer and
 * of those before it, and calls only what they define, never what a later
 * one does (tests/integration/layers.test checks both):
 *
 *   layer: plan plan_mounts
 *          the plan and its validation, mount order rules included; they
 *          know nothing of how a plan is carried out
 *   layer: mounts_ctx
 *          the context (fds of base, the host's tree, the new root), the
 *          failure messages
 *   layer: mounts_path
 *          destinations resolved inside the new root, nodes made there
 *   layer: mounts_api
 *          the mount primitives: the new mount API, or mount(2)
 *   layer: mounts_special
 *          the options that build several mounts (--proc, --dev, the
 *          overlays) and the helpers single-mount options share
 *   layer: mounts_ops
 *          one function per filesystem option, and the op dispatcher
 *   layer: mounts
 *          the ladder: base, the new root, the ops in order, pivot_root;
 *          the only place that changes the setup process's root
 */
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "error.h"
#include "plan.h"

struct sbx_mctx {
	const struct sbx_plan *plan;
	struct sbx_error *err;
	int base;          /* the setup tmpfs holding newroot/ and oldroot/; never seen by the sandbox */
	int host;          /* the host's root, parked at base/oldroot: every source is resolved in it */
	int cwd;           /* the directory sbx was started in (relative sources), or -1 */
	int root;          /* the new root's top mount; every destination is resolved under it */
	const struct sbx_face_policy *face; /* the face: its messages */
	bool legacy;       /* mount(2) instead of the new mount API (kernels before 5.12) */
	bool no_openat2;   /* the kernel lacks openat2 (or SBX_TEST_NO_OPENAT2): walk by hand */
	bool no_open_tree_attr; /* the kernel lacks open_tree_attr (before 6.15, or
				 * SBX_TEST_NO_OPEN_TREE_ATTR): open_tree, then mount_setattr */
	unsigned seq;      /* names of scratch files and directories in base */
	int mountinfo;     /* mount(2) only: /proc/self/mountinfo opened while base was
			    * the root, so it lists mountpoints as paths from base */
	int parent;        /* the directory parent_dir named when it was resolved, or -1:
			    * kept only between binds onto new entries of it
			    * (sbx_mpath_parent_plain()) */
	char parent_dir[PATH_MAX];
	bool parent_private; /* parent is on the new root's own tmpfs (root_dev) */
	dev_t root_dev;    /* the device of the tmpfs made for the new root */
	int spent[64];     /* fds of copies already mounted, closed together */
	size_t n_spent;
};

/* Mount attributes of the new API, also mapped onto MS_* for mount(2). */
#define SBX_MA_RDONLY 0x1u
#define SBX_MA_NOSUID 0x2u
#define SBX_MA_NODEV  0x4u
#define SBX_MA_NOEXEC 0x8u

/**
 * sbx_mfail() - record an op's failure: bubblewrap's text in the bwrap face,
 * the same text after the option's name in the sbx face.
 * @errnum: appended as ": strerror" when nonzero.
 *
 * Return: a negative errno.
 */
int sbx_mfail(struct sbx_mctx *c, const struct sbx_op *op, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/**
 * sbx_vmfail() - sbx_mfail() with a va_list: for steps that word their
 * failure only when it happens (formatting costs a start stdio's pages).
 */
int sbx_vmfail(struct sbx_mctx *c, const struct sbx_op *op, int errnum, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));

/**
 * sbx_mount_fd_path() - "/proc/self/fd/N" for @fd, in @buf (at least 32 bytes).
 */
const char *sbx_mount_fd_path(char *buf, size_t len, int fd);

/**
 * sbx_mroot_refresh() - after a mount on the new root itself, later
 * destinations start from the new top mount, not from the one beneath it.
 * Called after every mount: whether a destination names the root is the
 * kernel's to say ("/", "/x/..", a symlink to "/"), not its string's.
 *
 * Return: 0 or a negative errno.
 */
int sbx_mroot_refresh(struct sbx_mctx *c);

/**
 * sbx_mctx_spent() - @fd is done with (a copy now mounted): closed with the
 * others, in as few calls as their numbers allow (sbx_mctx_close_spent()).
 */
void sbx_mctx_spent(struct sbx_mctx *c, int fd);

/**
 * sbx_mctx_close_spent() - close every fd given to sbx_mctx_spent().
 */
void sbx_mctx_close_spent(struct sbx_mctx *c);

/**
 * sbx_mparent_forget() - drop the remembered parent directory: whatever
 * an op other than a bind onto a new entry of it did may change what its
 * path names.
 */
void sbx_mparent_forget(struct sbx_mctx *c);

#endif
