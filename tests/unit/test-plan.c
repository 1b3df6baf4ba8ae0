/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sbx_plan_validate() (src/plan.c): every refusal before the first clone,
 * with its exact text; and what sbx_plan_resolve() (src/plan_resolve.c)
 * decides from a valid plan.
 */
#include "config.h"

#include <sched.h>
#include <stdio.h>

#include "unit.h"

#include "cli.h"
#include "plan.h"

static struct sbx_plan plan;
static struct sbx_error err;
static int devnull = -1;   /* an fd that is certainly open */
static char open_fd[16];   /* its number as text */
static char closed_fd[16]; /* a number that is certainly not open */

static int setup(void **state)
{
	(void)state;
	sbx_plan_init(&plan, SBX_FACE_SBX);
	devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (devnull < 0)
		return -1;
	snprintf(open_fd, sizeof(open_fd), "%d", devnull);
	snprintf(closed_fd, sizeof(closed_fd), "%d", unit_closed_fd());
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sbx_plan_free(&plan);
	close(devnull);
	return 0;
}

/* Parse, which must succeed, then validate. */
static int validate_words(enum sbx_face face, const char **words)
{
	int n = 0, r;

	while (words[n])
		n++;
	sbx_plan_free(&plan);
	sbx_plan_init(&plan, face);
	sbx_error_clear(&err);
	if (sbx_cli_parse(&plan, n, (char **)words, &err) < 0)
		fail_msg("parse failed: %s", err.msg);
	r = sbx_plan_validate(&plan, &err);
	/* what a valid plan leads to: resolved, as main.c does next */
	if (r == 0)
		r = sbx_plan_resolve(&plan, &err);
	return r;
}

#define VALIDATE(face, ...) validate_words(face, (const char *[]){ __VA_ARGS__, NULL })
#define SBX(...) VALIDATE(SBX_FACE_SBX, __VA_ARGS__)
#define BW(...) VALIDATE(SBX_FACE_BWRAP, __VA_ARGS__)

static void no_command(void **state)
{
	(void)state;
	assert_fails(SBX("--unshare-pid"), "no command given (usage: sbx [OPTION...] [--] COMMAND [ARG...])");
	assert_fails(SBX("--"), "no command given (usage: sbx [OPTION...] [--] COMMAND [ARG...])");
	assert_fails(BW("--unshare-pid"), "No program specified");
	/* --help and --version need no command */
	assert_ok(SBX("--help"));
	assert_ok(BW("--version"));
	assert_ok(SBX("true"));
}

static void pid1_hostname(void **state)
{
	(void)state;
	assert_fails(SBX("--as-pid-1", "true"), "Specifying --as-pid-1 requires --unshare-pid");
	assert_fails(BW("--as-pid-1", "--unshare-user", "true"), "Specifying --as-pid-1 requires --unshare-pid");
	assert_ok(SBX("--as-pid-1", "--unshare-pid", "true"));
	assert_ok(SBX("--as-pid-1", "--unshare-all", "true"));

	assert_fails(SBX("--hostname", "box", "true"), "Specifying --hostname requires --unshare-uts");
	assert_fails(BW("--hostname", "box", "--unshare-user", "true"), "Specifying --hostname requires --unshare-uts");
	assert_ok(SBX("--hostname", "box", "--unshare-uts", "true"));
	assert_ok(SBX("--unshare-all", "--hostname", "box", "true"));
}

static void ids_conflicts(void **state)
{
	(void)state;
	assert_fails(SBX("--map-root", "--uid", "5", "true"),
		     "--map-root cannot be combined with --uid or --gid (--map-root means uid 0 and gid 0)");
	assert_fails(SBX("--gid", "0", "--map-root", "true"),
		     "--map-root cannot be combined with --uid or --gid (--map-root means uid 0 and gid 0)");
	assert_fails(SBX("--setgroups", "allow", "--no-subids", "true"),
		     "--setgroups allow needs subordinate gids, but --no-subids maps your own gid only");
	assert_fails(SBX("--no-subids", "--map-root", "--setgroups", "allow", "true"),
		     "--setgroups allow needs subordinate gids, but --no-subids maps your own gid only");
	assert_ok(SBX("--setgroups", "allow", "--map-root", "true"));
	assert_ok(SBX("--no-subids", "--setgroups", "deny", "true"));
	assert_ok(SBX("--uid", "5", "--gid", "6", "true"));
}

/* Every id option asks for a user namespace of its own; validation only
 * reads the plan (the option as given stays as given). */
static void ids_imply_userns(void **state)
{
	(void)state;
	assert_ok(SBX("true"));
	assert_false(plan.res.userns_asked);
	assert_ok(SBX("--map-root", "true"));
	assert_true(plan.res.userns_asked);
	assert_false(plan.ns.user);
	assert_ok(SBX("--map-users", "0:100000:1", "true"));
	assert_true(plan.res.userns_asked);
	assert_ok(SBX("--map-groups", "0:100000:1", "true"));
	assert_true(plan.res.userns_asked);
	assert_ok(SBX("--subids", "true"));
	assert_true(plan.res.userns_asked);
	assert_ok(SBX("--no-subids", "true"));
	assert_false(plan.res.userns_asked);
}

static void userns_fd_conflict(void **state)
{
	(void)state;
	assert_fails(SBX("--userns", open_fd, "--map-root", "true"),
		     "--userns and --unshare-user cannot be combined");
	/* said explicitly: bubblewrap's own words, in both faces */
	assert_fails(SBX("--unshare-user", "--userns", open_fd, "true"),
		     "--userns is not compatible with --unshare-user");
	assert_fails(BW("--unshare-user-try", "--userns", open_fd, "true"),
		     "--userns is not compatible with --unshare-user-try");
	assert_ok(SBX("--userns", open_fd, "true"));
	assert_false(plan.res.userns);
}

/* Each fd option names an fd that must be open now. */
static void fds_not_open(void **state)
{
	static const char *const opts[] = {
		"--info-fd", "--json-status-fd", "--sync-fd", "--block-fd", "--pass-fd",
		"--seccomp", "--add-seccomp-fd", "--userns2", "--pidns",
	};
	char want[256];

	(void)state;
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		snprintf(want, sizeof(want), "%s %s: file descriptor %s is not open", opts[i], closed_fd, closed_fd);
		assert_fails(SBX(opts[i], closed_fd, "true"), want);
		assert_int_equal(err.errnum, EBADF);
		assert_ok(SBX(opts[i], open_fd, "true"));
	}
	snprintf(want, sizeof(want), "--userns %s: file descriptor %s is not open", closed_fd, closed_fd);
	assert_fails(SBX("--userns", closed_fd, "true"), want);
	snprintf(want, sizeof(want), "--bind-fd %s: file descriptor %s is not open", closed_fd, closed_fd);
	assert_fails(SBX("--bind-fd", closed_fd, "/x", "true"), want);
	snprintf(want, sizeof(want), "--file %s: file descriptor %s is not open", closed_fd, closed_fd);
	assert_fails(SBX("--dir", "/d", "--file", closed_fd, "/d/f", "true"), want);
	snprintf(want, sizeof(want), "--ro-bind-data %s: file descriptor %s is not open", closed_fd, closed_fd);
	assert_fails(SBX("--ro-bind-data", closed_fd, "/f", "true"), want);
	assert_ok(SBX("--bind-fd", open_fd, "/x", "--file", open_fd, "/f", "true"));

	snprintf(want, sizeof(want), "Invalid fd: %s", closed_fd);
	assert_fails(BW("--unshare-user", "--sync-fd", closed_fd, "true"), want);
	assert_fails(BW("--unshare-user", "--bind-data", closed_fd, "/f", "true"), want);
}

static void seccomp_profile_conflict(void **state)
{
	(void)state;
	assert_fails(SBX("--seccomp-profile", "default", "--seccomp", open_fd, "true"),
		     "--seccomp-profile cannot be combined with --seccomp or --add-seccomp-fd");
	assert_fails(SBX("--add-seccomp-fd", open_fd, "--seccomp-profile", "none", "true"),
		     "--seccomp-profile cannot be combined with --seccomp or --add-seccomp-fd");
	assert_ok(SBX("--seccomp-profile", "none", "true"));
}

/* The bwrap face without a user namespace keeps the caller's ids. */
static void bwrap_uid_without_userns(void **state)
{
	(void)state;
	if (getuid() == 0) {
		/* as root, bubblewrap makes no user namespace unless asked */
		assert_fails(BW("--uid", "5", "true"), "Specifying --uid requires --unshare-user or --userns");
		assert_fails(BW("--gid", "5", "true"), "Specifying --gid requires --unshare-user or --userns");
		assert_false(plan.res.userns);
	} else {
		/* unprivileged, it needs one anyway, so --uid is fine */
		assert_ok(BW("--uid", "5", "true"));
		assert_true(plan.res.userns);
	}
	assert_ok(BW("--unshare-user", "--uid", "5", "--gid", "6", "true"));
	assert_true(plan.res.userns);
}

static void clone_flags(void **state)
{
	unsigned long f;

	(void)state;
	assert_ok(SBX("true"));
	/* the sbx face always has a user and a mount namespace */
	assert_int_equal(plan.res.clone_flags, CLONE_NEWNS | CLONE_NEWUSER);
	assert_false(sbx_plan_has_fs_ops(&plan));

	assert_ok(SBX("--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
		      "--unshare-cgroup", "--dir", "/d", "true"));
	f = plan.res.clone_flags;
	assert_int_equal(f, CLONE_NEWNS | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET |
			 CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWCGROUP);
	assert_true(sbx_plan_has_fs_ops(&plan));

	/* joining a pid namespace or a user namespace creates none */
	assert_ok(SBX("--unshare-pid", "--pidns", open_fd, "--userns", open_fd, "true"));
	assert_int_equal(plan.res.clone_flags, CLONE_NEWNS);

	assert_ok(SBX("--unshare-all", "--share-net", "true"));
	f = plan.res.clone_flags;
	assert_int_equal(f & CLONE_NEWNET, 0);
	assert_int_equal(f & (CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWUSER),
			 CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWUSER);

	assert_ok(BW("--unshare-user", "true"));
	assert_int_equal(plan.res.clone_flags, CLONE_NEWNS | CLONE_NEWUSER);
}

/* bubblewrap's user namespaces: 0:0 to set up with --dev, the command one
 * level down unless it is to be 0:0; --disable-userns nests in both faces. */
static void userns_layout(void **state)
{
	bool self_root = getuid() == 0 && getgid() == 0;

	(void)state;
	assert_ok(BW("--unshare-user", "true"));
	assert_false(plan.res.setup_as_root);
	assert_false(plan.res.nest_user);
	assert_ok(BW("--unshare-user", "--dev", "/dev", "true"));
	assert_int_equal(plan.res.setup_as_root, !self_root);
	assert_int_equal(plan.res.nest_user, !self_root);
	assert_ok(BW("--unshare-user", "--uid", "5", "--dev", "/dev", "true"));
	assert_true(plan.res.setup_as_root);
	assert_true(plan.res.nest_user);
	assert_ok(BW("--unshare-user", "--uid", "0", "--gid", "0", "--dev", "/dev", "true"));
	assert_false(plan.res.setup_as_root);
	assert_false(plan.res.nest_user);
	assert_ok(BW("--unshare-user", "--disable-userns", "true"));
	assert_false(plan.res.setup_as_root);
	assert_true(plan.res.nest_user);
	/* the caller writes the maps: one namespace, as it made it */
	assert_ok(BW("--unshare-user", "--userns-block-fd", open_fd, "--info-fd", open_fd,
		     "--uid", "5", "--dev", "/dev", "true"));
	assert_false(plan.res.setup_as_root);
	assert_false(plan.res.nest_user);
	/* a joined namespace is left as it is */
	assert_ok(BW("--userns", open_fd, "--dev", "/dev", "true"));
	assert_false(plan.res.setup_as_root);
	assert_false(plan.res.nest_user);
	/* the sbx face keeps one namespace */
	assert_ok(SBX("--uid", "5", "--dev", "/dev", "true"));
	assert_false(plan.res.setup_as_root);
	assert_false(plan.res.nest_user);
	assert_ok(SBX("--disable-userns", "true"));
	assert_true(plan.res.nest_user);
}

/* pid 1, the new root, what clone makes now, the command's capabilities. */
static void resolved(void **state)
{
	(void)state;
	assert_ok(SBX("true"));
	assert_false(plan.res.reaper);
	assert_false(plan.res.new_root);
	assert_int_equal(plan.res.clone_now, CLONE_NEWUSER);
	assert_int_equal(plan.res.cap_target, 0);
	assert_true(plan.res.done);

	assert_ok(SBX("--unshare-pid", "--unshare-net", "--tmpfs", "/tmp", "true"));
	assert_true(plan.res.reaper);
	assert_true(plan.res.new_root);
	assert_int_equal(plan.res.clone_now, CLONE_NEWUSER | CLONE_NEWPID);
	assert_ok(SBX("--unshare-pid", "--as-pid-1", "true"));
	assert_false(plan.res.reaper);
	assert_ok(SBX("--sync-fd", open_fd, "true"));
	assert_true(plan.res.reaper);
	assert_ok(SBX("--lock-file", "/l", "true"));
	assert_true(plan.res.reaper);
	assert_ok(SBX("--unshare-pid", "--pidns", open_fd, "true"));
	assert_true(plan.res.nest_pid);
	assert_true(plan.res.reaper);

	/* the bwrap face always builds a new root */
	assert_ok(BW("--unshare-user", "true"));
	assert_true(plan.res.new_root);

	/* --map-root: every capability, then --cap-drop in order */
	assert_ok(SBX("--map-root", "--cap-drop", "CAP_SYS_ADMIN", "true"));
	assert_int_equal(plan.res.cap_target & (1ULL << 21), 0);
	assert_int_not_equal(plan.res.cap_target & 1, 0);
	assert_ok(SBX("--cap-add", "CAP_CHOWN", "true"));
	assert_int_equal(plan.res.cap_target, 1);
	assert_false(plan.res.caps_from_caller);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(no_command),
		T(pid1_hostname),
		T(ids_conflicts),
		T(ids_imply_userns),
		T(userns_fd_conflict),
		T(fds_not_open),
		T(seccomp_profile_conflict),
		T(bwrap_uid_without_userns),
		T(clone_flags),
		T(userns_layout),
		T(resolved),
	};

	return cmocka_run_group_tests_name("plan", tests, NULL, NULL);
}
