/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Seccomp: every filter is read or compiled in the parent, before the
 * clone (sbx_seccomp_prepare), so the child only hands ready programs to
 * the kernel as its last step before exec (sbx_seccomp_load).
 *
 * Sources, in bubblewrap's order: --seccomp FD / --add-seccomp-fd FD give
 * compiled cBPF; --seccomp-profile FILE|default|none a JSON profile
 * (seccomp_profile.c) that goes through the cache (seccomp_cache.c).  The
 * sbx face applies the built-in "default" profile unless told otherwise;
 * the bwrap face, like bubblewrap, has no filter unless given one.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "face.h"
#include "nettle.h"
#include "log.h"
#include "seccomp.h"
#include "util.h"

#define BPF_FD_MAX (1u << 20)      /* far above the kernel's 4096 instructions */
#define PROFILE_MAX (4u << 20)

/* "6.1.0-18-amd64" -> 6, 1; anything else -> 0, 0 (sscanf costs more than the rest) */
static void kernel_version(const char *release, unsigned *major, unsigned *minor)
{
	char *end;
	unsigned long ma, mi;

	*major = *minor = 0;
	if (!isdigit((unsigned char)release[0]))
		return;
	ma = strtoul(release, &end, 10);
	if (*end != '.' || !isdigit((unsigned char)end[1]))
		return;
	mi = strtoul(end + 1, &end, 10);
	if (ma > UINT_MAX || mi > UINT_MAX)
		return;
	*major = (unsigned)ma;
	*minor = (unsigned)mi;
}

void sbx_seccomp_env_init(const struct sbx_plan *plan, struct sbx_seccomp_env *env)
{
	struct utsname u;

	memset(env, 0, sizeof(*env));
	env->arch = SBX_SCMP_ARCH_NATIVE;
	env->bounding = plan->res.cap_target; /* decided by sbx_plan_resolve() */
	env->uid = (uint32_t)getuid();
	sbx_libseccomp_identify(&env->lib);
	if (uname(&u) < 0)
		return;
	kernel_version(u.release, &env->kmajor, &env->kminor);
	_Static_assert(sizeof(env->krelease) == sizeof(u.release) &&
		       sizeof(env->kversion) == sizeof(u.version), "struct utsname's sizes");
	memcpy(env->krelease, u.release, sizeof(env->krelease));
	memcpy(env->kversion, u.version, sizeof(env->kversion));
	env->krelease[sizeof(env->krelease) - 1] = env->kversion[sizeof(env->kversion) - 1] = '\0';
}

/* --seccomp FD / --add-seccomp-fd FD: bubblewrap's checks and messages. */
static int read_bpf_fd(int fd, struct sbx_seccomp *sc, struct sbx_error *err)
{
	_cleanup_free_ char *buf = NULL;
	size_t len = 0;
	int r;

	r = sbx_read_all_fd(fd, BPF_FD_MAX, &buf, &len);
	/* bubblewrap closes the fd once read: the command does not get it */
	close(fd);
	if (r < 0)
		return sbx_fail(err, -r, "Can't read seccomp data");
	if (len % SBX_BPF_INSN_SIZE != 0)
		return sbx_fail_msg(err, EINVAL, "Invalid seccomp data, must be multiple of 8");
	if (sbx_seccomp_add_prog(sc, buf, len / SBX_BPF_INSN_SIZE, 0) < 0)
		return sbx_fail(err, ENOMEM, "Can't read seccomp data");
	return 0;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/*
 * Whether a sandbox of @plan could read the cache's secret: only one in a
 * new user namespace on Linux 5.3 or later sees another user keyring (see
 * seccomp_secret.c).  Joining a namespace (--userns, --userns2), or one
 * that may not be made (--unshare-user-try), or none at all (the bwrap
 * face as root), would leave the caller's user keyring in reach.
 */
static const char *cache_refused(const struct sbx_plan *plan, const struct sbx_seccomp_env *env)
{
	if (!plan->res.userns || plan->ns.userns2_fd >= 0 ||
	    (plan->ns.user_try && !plan->res.userns_asked))
		return "the sandbox gets no new user namespace of its own";
	if (env->kmajor < 5 || (env->kmajor == 5 && env->kminor < 3))
		return "before Linux 5.3 a sandbox shares the caller's user keyring";
	return NULL;
}

/* The secret and key of the cache, or why the cache is not used (said with --verbose). */
static int cache_auth(const struct sbx_plan *plan, const char *text, size_t len,
		      const struct sbx_seccomp_env *env, struct sbx_cache_auth *a, char *dir,
		      size_t size)
{
	const char *why = cache_refused(plan, env);
	struct sbx_error e = { 0 };
	int r;

	if (!why && sbx_user_cache_dir(dir, size) < 0)
		why = "neither XDG_CACHE_HOME nor HOME is set";
	if (!why && !(a->nettle = sbx_nettle_load(&e)))
		why = e.msg;
	if (!why && (r = sbx_seccomp_secret(a->secret)) < 0) {
		snprintf(e.msg, sizeof(e.msg), "no secret in the user keyring: %s", strerror(-r));
		why = e.msg;
	}
	if (why) {
		sbx_verbose("seccomp: not using the filter cache: %s", why);
		return -1;
	}
	sbx_seccomp_cache_key(a, text, len, env);
	return 0;
}

/* A cache hit: the program from the entry, everything else from the profile. */
static int cache_hit(const char *name, const char *text, size_t len, const char *dir,
		     const struct sbx_cache_auth *a, uid_t uid, struct sbx_seccomp *sc,
		     struct sbx_error *err)
{
	const char *why = NULL;
	_cleanup_close_ int fd = sbx_open_private_dir(dir, uid, false, &why);
	int r;

	if (fd < 0) {
		if (fd != -ENOENT)
			sbx_verbose("seccomp: not using the filter cache %s: %s", dir, why);
		return 0;
	}
	if (sbx_seccomp_cache_load(fd, dir, uid, a, sc) < 0)
		return 0;
	r = sbx_seccomp_profile_settings(name, text, len, sc, err);
	if (r < 0)
		return r;
	return 1;
}

static void cache_store(const char *dir, const struct sbx_cache_auth *a, uid_t uid,
			const struct sbx_seccomp *sc)
{
	const char *why = NULL;
	_cleanup_close_ int fd = sbx_open_private_dir(dir, uid, true, &why);
	int r;

	if (fd < 0) {
		sbx_verbose("seccomp: not caching the filter in %s: %s", dir, why);
		return;
	}
	/* a cache that cannot be written only costs the next start time */
	r = sbx_seccomp_cache_store(fd, a, &sc->progs[sc->n_progs - 1]);
	if (r < 0)
		sbx_verbose("seccomp: not caching the filter in %s: %s", dir, strerror(-r));
}

static int compile_cached(const struct sbx_plan *plan, const char *name, const char *text,
			  size_t len, const struct sbx_seccomp_env *env, struct sbx_seccomp *sc,
			  struct sbx_error *err)
{
	struct sbx_cache_auth a = { 0 };
	char dir[PATH_MAX];
	bool cache = cache_auth(plan, text, len, env, &a, dir, sizeof(dir)) == 0;
	double t0;
	int r = 0;

	if (cache)
		r = cache_hit(name, text, len, dir, &a, env->uid, sc, err);
	if (r != 0)
		return r < 0 ? r : 0;
	t0 = now_ms();
	r = sbx_seccomp_compile(name, text, len, env, sc, err);
	if (r < 0)
		return r;
	sbx_verbose("seccomp: compiled profile '%s' (%zu instructions) in %.1f ms", name,
		    sc->progs[sc->n_progs - 1].len, now_ms() - t0);
	if (!cache)
		return 0;
	/* The key names the library configure found; another one (LD_LIBRARY_PATH) may compile differently. */
	if (!sbx_libseccomp_is(&env->lib)) {
		sbx_verbose("seccomp: not caching the filter: the libseccomp loaded is not %s",
			    SECCOMP_LIBFILE);
		return 0;
	}
	cache_store(dir, &a, env->uid, sc);
	return 0;
}

/* What --seccomp-profile takes besides a file, for "did you mean". */
static const char *const builtin_names[] = { "default", "none" };

static int load_profile(const struct sbx_plan *plan, const char *profile,
			struct sbx_seccomp *sc, struct sbx_error *err)
{
	_cleanup_free_ char *text = NULL;
	struct sbx_seccomp_env env;
	size_t len;
	int r;

	/*
	 * The built-in profile was compiled when sbx was built: it never
	 * comes from the disk cache, which a sandbox may be able to write.
	 */
	if (strcmp(profile, "default") == 0) {
		sbx_verbose("seccomp: built-in filter (%zu instructions)", sbx_default_filter_len);
		/* after a caller's --seccomp fds it stays in its place, last */
		sc->builtin_first = sc->n_progs == 0;
		if (sbx_seccomp_add_prog(sc, sbx_default_filter, sbx_default_filter_len,
					 sbx_default_filter_flags) < 0)
			return sbx_fail(err, ENOMEM, "seccomp profile 'default'");
		return 0;
	}
	sbx_seccomp_env_init(plan, &env);
	r = sbx_read_file(profile, PROFILE_MAX, &text, &len);
	if (r == -ENOENT && !strchr(profile, '/') && sbx_nearest(profile, builtin_names, 2))
		return sbx_fail_msg(err, ENOENT, "reading seccomp profile '%s': %s; did you mean the built-in '%s'?",
				    profile, strerror(ENOENT), sbx_nearest(profile, builtin_names, 2));
	if (r < 0)
		return sbx_fail(err, -r, "reading seccomp profile '%s'", profile);
	return compile_cached(plan, profile, text, len, &env, sc, err);
}

int sbx_seccomp_prepare(const struct sbx_plan *plan, struct sbx_seccomp *sc,
			struct sbx_error *err)
{
	const char *profile = plan->seccomp_profile;
	int r = 0;

	memset(sc, 0, sizeof(*sc));
	sc->face = plan->face_policy;
	for (size_t i = 0; i < plan->n_seccomp_fds && r == 0; i++)
		r = read_bpf_fd(plan->seccomp_fds[i].fd, sc, err);
	if (!profile && plan->face_policy->default_seccomp && plan->n_seccomp_fds == 0)
		profile = "default";
	if (r == 0 && profile && strcmp(profile, "none") != 0)
		r = load_profile(plan, profile, sc, err);
	/* a failure may come after a program was added (a cache hit whose profile cannot be read) */
	if (r < 0)
		sbx_seccomp_free(sc);
	return r;
}

static int load_fail(const struct sbx_seccomp *sc, int e, struct sbx_error *err)
{
	/* a program set made without a plan (the unit tests) speaks sbx's words */
	return sbx_say_seccomp_load_failed(sc->face ? sc->face : sbx_face_policy(SBX_FACE_SBX), err, e);
}

/*
 * One filter.  Without flags, through prctl(PR_SET_SECCOMP) as bubblewrap
 * does: a caller's stack of --add-seccomp-fd filters may allow prctl but
 * not seccomp(2) to all but the last one (bubblewrap documents exactly
 * that), and each filter must let the next one load.
 */
static long load_one(struct sock_fprog *prog, unsigned int flags)
{
	if (flags == 0)
		return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, prog, 0, 0);
	return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, prog);
}

int sbx_seccomp_load(const struct sbx_seccomp *sc, int *listener_fd, struct sbx_error *err)
{
	return sbx_seccomp_load_from(sc, 0, listener_fd, err);
}

size_t sbx_seccomp_load_builtin(const struct sbx_seccomp *sc)
{
	const struct sbx_bpf *b = sc->n_progs ? &sc->progs[0] : NULL;
	struct sock_fprog prog;

	/*
	 * Only the built-in program: its rules are known (a deny list of
	 * keyctl, module and kexec calls, TIOCSTI/TIOCLINUX, bpf and the
	 * like; mount, unshare, setns and pivot_root are left to the user
	 * namespace), and none is a call the setup makes.  A caller's
	 * filter may deny anything, so it keeps its place after the setup.
	 */
	if (!b || !sc->builtin_first || b->len > 0xffff)
		return 0;
	prog = (struct sock_fprog){ .len = (unsigned short)b->len, .filter = b->insns };
	return load_one(&prog, b->flags) < 0 ? 0 : 1;
}

int sbx_seccomp_load_from(const struct sbx_seccomp *sc, size_t from, int *listener_fd,
			  struct sbx_error *err)
{
	if (listener_fd)
		*listener_fd = -1;
	for (size_t i = from; i < sc->n_progs; i++) {
		const struct sbx_bpf *b = &sc->progs[i];
		struct sock_fprog prog = { .len = (unsigned short)b->len, .filter = b->insns };
		unsigned int flags = b->flags;
		long r;

		if (b->len > 0xffff)
			return load_fail(sc, EINVAL, err);
		/* No listener wanted (pid 1): its notified calls fail with ENOSYS. */
		if (!listener_fd)
			flags &= ~(unsigned int)SECCOMP_FILTER_FLAG_NEW_LISTENER;
		/* TSYNC and a listener exclude each other; this process has one thread anyway */
		if (flags & SECCOMP_FILTER_FLAG_NEW_LISTENER)
			flags &= ~(unsigned int)SECCOMP_FILTER_FLAG_TSYNC;
		r = load_one(&prog, flags);
		if (r < 0)
			return load_fail(sc, errno, err);
		if (flags & SECCOMP_FILTER_FLAG_NEW_LISTENER)
			*listener_fd = (int)r;
	}
	return 0;
}
