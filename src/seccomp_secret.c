/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The secret that authenticates the compiled-filter cache, and the child's
 * step that keeps it out of every sandbox.
 *
 * A sandbox may be able to write the cache directory (the sbx face's
 * default tree, a bound home), so an entry is trusted only if its
 * HMAC-SHA256 checks out under a 32-byte secret that no sandbox can read.
 * The secret lives in the kernel keyring, never on disk: a "user" key
 * described "sbx:seccomp-cache" in the caller's user keyring, made from
 * getrandom() on first use, whose permissions grant view, read, search,
 * link and setattr to its possessor and nothing to anyone else.  A sandbox
 * cannot get at it because
 *  1. it runs in a new user namespace, and since Linux 5.3 the user
 *     keyring (KEY_SPEC_USER_KEYRING) is per user namespace: it sees
 *     another one (sbx_seccomp_cache_usable() requires both);
 *  2. the child joins a fresh anonymous session keyring before anything
 *     else (sbx_keyring_leave_session()), so it does not possess the
 *     caller's session keyring, which pam_keyinit links to the user keyring;
 *  3. a non-possessor gets no permission at all, though the sandbox keeps
 *     the caller's kuid (the "user" bits would apply to it).
 */
#include "config.h"

#include <errno.h>
#include <linux/keyctl.h>
#include <string.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "seccomp.h"

#define SECRET_DESC "sbx:seccomp-cache"
/* the possessor's permission bits (keyctl_setperm(3); <linux/keyctl.h> lacks them) */
#define KEY_POS_VIEW 0x01000000u
#define KEY_POS_READ 0x02000000u
#define KEY_POS_SEARCH 0x08000000u
#define KEY_POS_LINK 0x10000000u
#define KEY_POS_SETATTR 0x20000000u
#define SECRET_PERM (KEY_POS_VIEW | KEY_POS_READ | KEY_POS_SEARCH | KEY_POS_LINK | KEY_POS_SETATTR)

static long keyctl4(int op, unsigned long a, unsigned long b, unsigned long c, unsigned long d)
{
	return syscall(SYS_keyctl, op, a, b, c, d);
}

/*
 * Find the key through the user keyring (a special keyring id counts as
 * possessed).  Reading needs possession too: when the session keyring does
 * not link the user keyring (a service, "keyctl session"), the search
 * links the key into this thread's own keyring, which a clone()d child
 * never inherits.
 */
static int read_secret(unsigned char secret[SBX_SECRET_LEN])
{
	long id, n;

	for (int link = 0; link < 2; link++) {
		id = keyctl4(KEYCTL_SEARCH, (unsigned long)KEY_SPEC_USER_KEYRING, (unsigned long)"user",
			     (unsigned long)SECRET_DESC, link ? (unsigned long)KEY_SPEC_THREAD_KEYRING : 0);
		if (id < 0)
			return -errno;
		n = keyctl4(KEYCTL_READ, (unsigned long)id, (unsigned long)secret, SBX_SECRET_LEN, 0);
		if (n == SBX_SECRET_LEN)
			return 0;
		if (n >= 0)
			return -EBADMSG;
		if (errno != EACCES)
			return -errno;
	}
	return -EACCES;
}

/*
 * Two sbx starting at once may both create the key: the second add_key()
 * replaces the first one's payload, and the entries written with it no
 * longer check out.  Harmless: they are recompiled and written again.
 */
static int create_secret(unsigned char secret[SBX_SECRET_LEN])
{
	ssize_t n = getrandom(secret, SBX_SECRET_LEN, 0);
	long id;

	if (n != SBX_SECRET_LEN)
		return n < 0 ? -errno : -EIO;
	id = syscall(SYS_add_key, "user", SECRET_DESC, secret, (size_t)SBX_SECRET_LEN,
		     KEY_SPEC_USER_KEYRING);
	if (id < 0)
		return -errno;
	/* add_key()'s default gives the "user" bits view: take even that away */
	if (keyctl4(KEYCTL_SETPERM, (unsigned long)id, SECRET_PERM, 0, 0) < 0)
		return -errno;
	return 0;
}

int sbx_seccomp_secret(unsigned char secret[SBX_SECRET_LEN])
{
	int r = read_secret(secret);

	if (r == -ENOKEY)
		r = create_secret(secret);
	return r;
}

int sbx_keyring_leave_session(struct sbx_error *err)
{
	/*
	 * A kernel without keyrings, or a caller's filter that refuses keyctl
	 * (ENOSYS, or EPERM as Docker's default profile answers): the command
	 * inherits that filter and cannot use keyrings either.  Any other
	 * failure (EDQUOT: the user's key quota is full) fails closed.
	 */
	if (keyctl4(KEYCTL_JOIN_SESSION_KEYRING, 0, 0, 0, 0) < 0 && errno != ENOSYS && errno != EPERM)
		return sbx_fail(err, errno, "joining a new session keyring");
	return 0;
}
