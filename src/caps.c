/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The command's capabilities: capget/capset and prctl, without libcap
 * (capnames.h says why).
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "capnames.h"
#include "caps.h"

/*
 * The highest capability this kernel knows: the highest number
 * PR_CAPBSET_READ does not call invalid (EINVAL), found by bisection.
 * Asked once, by the plan in the parent before any clone, and inherited:
 * no later probe (under a caller's filter, say) can fail half-way and
 * quietly shorten the list.  Any other error keeps the headers' value.
 */
static int last_cap(void)
{
	static int last = -1;

	if (last < 0) {
		int lo = 0, hi = 63; /* CAP_CHOWN (0) always exists */

		while (lo < hi) {
			int mid = (lo + hi + 1) / 2;

			if (prctl(PR_CAPBSET_READ, mid, 0, 0, 0) >= 0)
				lo = mid;
			else if (errno == EINVAL)
				hi = mid - 1;
			else
				break;
		}
		last = lo < hi ? CAP_LAST_CAP : lo;
	}
	return last;
}

uint64_t sbx_caps_all(void)
{
	int last = last_cap();

	return last >= 63 ? ~0ULL : (1ULL << (last + 1)) - 1;
}

enum set { EFFECTIVE, PERMITTED };

/* One of this thread's sets, as a mask over this kernel's capabilities
 * (0 if the kernel will not say). */
static uint64_t current(enum set which)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3] = { { 0 } };
	uint64_t v;

	if (syscall(SYS_capget, &h, d) < 0)
		return 0;
	if (which == EFFECTIVE)
		v = d[0].effective | (uint64_t)d[1].effective << 32;
	else
		v = d[0].permitted | (uint64_t)d[1].permitted << 32;
	return v & sbx_caps_all();
}

uint64_t sbx_caps_effective(void)
{
	return current(EFFECTIVE);
}

/* Set the permitted, inheritable and effective sets in one capset. */
static int set_proc(uint64_t set, uint64_t inheritable, uint64_t effective)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];
	uint64_t all = sbx_caps_all();

	set &= all;
	inheritable &= all;
	effective &= all;
	for (int i = 0; i < _LINUX_CAPABILITY_U32S_3; i++)
		d[i] = (struct __user_cap_data_struct){ .effective = (uint32_t)(effective >> (32 * i)),
							.permitted = (uint32_t)(set >> (32 * i)),
							.inheritable = (uint32_t)(inheritable >> (32 * i)) };
	return syscall(SYS_capset, &h, d) < 0 ? -errno : 0;
}

static uint64_t current_permitted(void)
{
	return current(PERMITTED);
}

/*
 * What this process's bounding set may still hold, as far as sbx cut it:
 * all until a cut.  A command that pid 1 spawns with vfork after cutting
 * the set for it (monitor.c) inherits both the set and this note, and
 * drops nothing twice: without CAP_SETPCAP, which it may no longer hold,
 * dropping even an absent capability fails.
 */
static uint64_t bounding_left = ~0ULL;

static int drop_bounding(uint64_t keep, struct sbx_error *err)
{
	for (int c = 0; c <= last_cap(); c++) {
		if ((keep & (1ULL << c)) || !(bounding_left & (1ULL << c)))
			continue;
		if (prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0 && errno != EINVAL)
			return sbx_fail(err, errno, "dropping capability %d from the bounding set", c);
	}
	bounding_left &= keep;
	return 0;
}

/*
 * bubblewrap's way for uid 0 in its face: try each capability as ambient
 * and let the kernel refuse those that are not both permitted and
 * inheritable (EPERM); any other failure is an error.
 */
static int try_ambient(uint64_t set, struct sbx_error *err)
{
	for (int c = 0; c <= last_cap(); c++)
		if ((set & (1ULL << c)) && prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, c, 0, 0) < 0 &&
		    errno != EPERM && errno != EINVAL)
			return sbx_fail(err, errno, "Adding ambient capability %d", c);
	return 0;
}

static int raise_ambient(uint64_t set, struct sbx_error *err)
{
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
		return sbx_fail(err, errno, "clearing the ambient capabilities");
	for (int c = 0; c <= last_cap(); c++)
		if ((set & (1ULL << c)) && prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, c, 0, 0) < 0)
			return sbx_fail(err, errno, "raising capability %d as ambient", c);
	return 0;
}

/*
 * bubblewrap run by root without --cap-add/--cap-drop makes no capset: its
 * only step is to cut the bounding set to root's effective set (in a user
 * namespace, whose bounding set starts full; sbx does it without one too,
 * where it changes nothing for a caller whose two sets agree).
 */
static bool keeps_callers_caps(const struct sbx_plan *plan)
{
	return plan->res.caps_from_caller && plan->n_caps == 0;
}

/*
 * Cut the bounding set to @target.  That takes CAP_SETPCAP in the
 * effective set, which a uid change (--uid) emptied: raise it again from
 * the permitted set @prm first.
 */
static int cut_bounding(uint64_t prm, uint64_t target, struct sbx_error *err)
{
	int r = set_proc(prm, 0, prm);

	if (r < 0)
		return sbx_fail(err, -r, "raising the effective capabilities");
	return drop_bounding(target, err);
}

/*
 * Without a user namespace, the caller's sets stay as they are, the
 * inheritable one too.  In one, the process holds every capability of it,
 * none inheritable nor ambient: at exec, a command that is root inside
 * gets the bounding set (root's effective one), any other uid nothing.
 * Setting the permitted and effective sets to it changes neither outcome,
 * and leaves nothing more in sbx's own process until then.
 */
static int keep_callers_caps(uint64_t target, bool has_userns, struct sbx_error *err)
{
	uint64_t prm = current_permitted();
	int r;

	if (!has_userns) {
		r = drop_bounding(target, err);
		return r < 0 ? r : try_ambient(target, err);
	}
	r = cut_bounding(prm, target, err);
	if (r < 0)
		return r;
	/*
	 * Another uid gets nothing at exec either way, but bubblewrap would
	 * leave it a full permitted set until then, which no_new_privs lets a
	 * file-capability binary draw on (up to the bounding set): sbx empties
	 * it, so such a binary gains nothing.
	 */
	if (getuid() != 0)
		prm = 0;
	r = set_proc(target & prm, 0, target & prm);
	if (r < 0)
		return sbx_fail(err, -r, "setting the capabilities");
	return raise_ambient(0, err);
}

/* --cap-add of a capability sbx cannot give: name the first one. */
static int not_held(uint64_t missing, struct sbx_error *err)
{
	char num[16] = "?";
	const char *name = NULL;

	for (int c = 0; c <= last_cap(); c++)
		if (missing & (1ULL << c)) {
			/* a capability the table does not name yet: its number */
			name = sbx_cap_name(c);
			snprintf(num, sizeof(num), "%d", c);
			break;
		}
	return sbx_fail_msg(err, EPERM, "--cap-add %s: sbx does not hold this capability itself",
			    name ? name : num);
}

int sbx_caps_apply(const struct sbx_plan *plan, bool has_userns, struct sbx_error *err)
{
	uint64_t target = plan->res.cap_target, prm = current_permitted();
	int r;

	if (keeps_callers_caps(plan))
		return keep_callers_caps(target, has_userns, err);
	if (target & ~prm)
		return not_held(target & ~prm, err);
	/*
	 * --no-userns by a user other than root without CAP_SETPCAP (in a
	 * container, in another sandbox): the bounding set cannot be cut, and
	 * need not be: only root's exec draws on it, and no_new_privs, set
	 * before the exec, keeps setuid and file capabilities from raising
	 * anything.  The sets below are emptied all the same.
	 */
	if (!has_userns && getuid() != 0 && geteuid() != 0 && !(prm & (1ULL << CAP_SETPCAP)))
		r = set_proc(target, target, target) < 0 ? sbx_fail(err, EPERM, "setting the capabilities") : 0;
	else
		r = cut_bounding(prm, target, err);
	if (r < 0)
		return r;
	r = set_proc(target, target, target);
	if (r < 0)
		return sbx_fail(err, -r, "setting the capabilities");
	/* Root inside gets its capabilities from the bounding set at exec;
	 * anyone else keeps the target set only as ambient capabilities.
	 * bubblewrap's root raises them as ambient all the same. */
	if (getuid() == 0 && plan->face_policy->root_raises_ambient) {
		r = raise_ambient(0, err);
		return r < 0 ? r : try_ambient(target, err);
	}
	return raise_ambient(getuid() == 0 ? 0 : target, err);
}

uint64_t sbx_caps_permitted(void)
{
	return current_permitted();
}

#ifdef SBX_TEST_HOOKS
/* Test builds only: SBX_TEST_PID1_CAPS=STEP makes that step of pid 1's
 * drop fail with EPERM, to show that pid 1 then fails closed. */
static bool pid1_test_fail(const char *step)
{
	const char *want = getenv("SBX_TEST_PID1_CAPS");

	if (!want || strcmp(want, step) != 0)
		return false;
	errno = EPERM;
	return true;
}
#else
static bool pid1_test_fail(const char *step)
{
	(void)step;
	return false;
}
#endif

static int pid1_clear_ambient(struct sbx_error *err)
{
	if (pid1_test_fail("ambient") ||
	    (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL))
		return sbx_fail(err, errno, "clearing the ambient capabilities");
	return 0;
}

static int pid1_capset(uint64_t permitted, struct sbx_error *err)
{
	int r = pid1_test_fail("capset") ? -errno : set_proc(permitted, 0, 0);

	if (r < 0)
		return sbx_fail(err, -r, "capset (keeping %s)", permitted ? "the permitted set only" : "nothing");
	return 0;
}

int sbx_caps_cut_bounding(uint64_t keep, struct sbx_error *err)
{
	if (pid1_test_fail("bounding"))
		return sbx_fail(err, errno, "dropping capability 0 from the bounding set");
	return cut_bounding(current_permitted(), keep, err);
}

int sbx_caps_drop_all(struct sbx_error *err)
{
	int r = pid1_clear_ambient(err);

	return r < 0 ? r : pid1_capset(0, err);
}

int sbx_caps_keep_permitted_only(struct sbx_error *err)
{
	uint64_t prm = current_permitted();
	int r;

	/* Emptying the bounding set takes CAP_SETPCAP in the effective set. */
	r = set_proc(prm, 0, prm);
	if (r < 0)
		return sbx_fail(err, -r, "capset (raising the effective set)");
	if (pid1_test_fail("bounding"))
		return sbx_fail(err, errno, "dropping capability 0 from the bounding set");
	r = drop_bounding(0, err);
	if (r < 0)
		return r;
	r = pid1_clear_ambient(err);
	if (r < 0)
		return r;
	/* The same permitted set, so the kernel does not reset dumpability.
	 * drop_bounding() failed on any capability it could not drop, so
	 * the bounding set is empty: no need to read it back while the
	 * command waits for this. */
	return pid1_capset(prm, err);
}
