/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cleanup.h"
#include "ns.h"
#include "util.h"

#define NS_FIELD(f) offsetof(struct sbx_ns, f)

/*
 * Every namespace sbx makes.  Rows are in the order messages name them;
 * @json gives bubblewrap's order in the info record (alphabetical by
 * proc name), in steps of ten so a new row fits between two.  user and
 * mount have no @asked field: the user namespace is decided by
 * sbx_plan_makes_userns() (plan_resolve.c), the mount namespace is always
 * made.
 */
#define NONE SBX_NS_NO_FIELD
const struct sbx_ns_kind sbx_ns_kinds[] = {
	/* flag             proc       human       asked             asked_try              at_clone json  always unshare_only */
	{ CLONE_NEWUSER,    "user",    "user",     NONE,             NONE,                  true,    0,    false, false },
	{ CLONE_NEWPID,     "pid",     "pid",      NS_FIELD(pid),    NONE,                  true,    50,   false, false },
	{ CLONE_NEWNS,      "mnt",     "mount",    NONE,             NONE,                  false,   30,   true,  false },
	{ CLONE_NEWNET,     "net",     "network",  NS_FIELD(net),    NONE,                  false,   40,   false, false },
	{ CLONE_NEWIPC,     "ipc",     "IPC",      NS_FIELD(ipc),    NONE,                  false,   20,   false, false },
	{ CLONE_NEWUTS,     "uts",     "UTS",      NS_FIELD(uts),    NONE,                  false,   60,   false, false },
	{ CLONE_NEWCGROUP,  "cgroup",  "cgroup",   NS_FIELD(cgroup), NS_FIELD(cgroup_try),  false,   10,   false, false },
	{ CLONE_NEWTIME,    "time",    "time",     NS_FIELD(time),   NONE,                  false,   0,    false, true },
};
#undef NONE

const size_t sbx_ns_n_kinds = sizeof(sbx_ns_kinds) / sizeof(sbx_ns_kinds[0]);

static bool ns_bool(const struct sbx_ns *ns, size_t off)
{
	return off != SBX_NS_NO_FIELD && *(const bool *)((const char *)ns + off);
}

static bool kernel_has_ns(const char *name)
{
	char path[64], leaf[32];
	size_t off = 0;

	sbx_cat(leaf, sizeof(leaf), &off, "ns/");
	sbx_cat(leaf, sizeof(leaf), &off, name);
	return access(sbx_proc_path(path, sizeof(path), 0, leaf), F_OK) == 0;
}

unsigned long sbx_ns_asked_flags(const struct sbx_ns *ns)
{
	unsigned long f = 0;

	for (size_t i = 0; i < sbx_ns_n_kinds; i++) {
		const struct sbx_ns_kind *k = &sbx_ns_kinds[i];

		if (ns_bool(ns, k->asked) || (ns_bool(ns, k->asked_try) && kernel_has_ns(k->proc_name)))
			f |= k->flag;
	}
	return f;
}

unsigned long sbx_ns_clone_flags(unsigned long flags)
{
	unsigned long at_clone = 0, unshare_only = 0;

	for (size_t i = 0; i < sbx_ns_n_kinds; i++) {
		if (sbx_ns_kinds[i].at_clone)
			at_clone |= sbx_ns_kinds[i].flag;
		if (sbx_ns_kinds[i].unshare_only)
			unshare_only |= sbx_ns_kinds[i].flag;
	}
	if (!(flags & CLONE_NEWUSER))
		return flags & ~unshare_only;
	return flags & at_clone;
}

void sbx_ns_names(unsigned long flags, char *buf, size_t len)
{
	size_t n = 0;

	if (len == 0)
		return;
	buf[0] = '\0';
	for (size_t i = 0; i < sbx_ns_n_kinds && n < len; i++)
		if (flags & sbx_ns_kinds[i].flag)
			n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? ", " : "", sbx_ns_kinds[i].human);
}

int sbx_ns_join(const struct sbx_plan *plan, struct sbx_error *err)
{
	int ufd = plan->ns.userns_fd, pfd = plan->ns.pidns_fd;

	/* The user namespace first: joining the pid namespace needs
	 * CAP_SYS_ADMIN over it, which the user namespace gives. */
	if (ufd >= 0 && setns(ufd, CLONE_NEWUSER) < 0) {
		if (errno == EINVAL)
			return sbx_fail_msg(err, EINVAL, "Joining the specified user namespace failed, "
					    "it might not be a descendant of the current user namespace.");
		return sbx_fail(err, errno, "Joining specified user namespace failed");
	}
	/* setns on a pid namespace moves only our future children into it. */
	if (pfd >= 0 && setns(pfd, CLONE_NEWPID) < 0)
		return sbx_fail(err, errno, "Setting pidns failed");
	return 0;
}

int sbx_ns_open_files(const struct sbx_plan *plan, struct sbx_ns_files *f, struct sbx_error *err)
{
	f->max_userns = f->proc_self = -1;
	if (plan->ns.disable_userns) {
		f->max_userns = open("/proc/sys/user/max_user_namespaces", O_WRONLY | O_CLOEXEC);
		if (f->max_userns < 0)
			return sbx_fail(err, errno, "cannot open /proc/sys/user/max_user_namespaces");
	}
	if (!plan->res.nest_user)
		return 0;
	f->proc_self = open("/proc/self", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (f->proc_self < 0)
		return sbx_fail(err, errno, "open /proc/self");
	return 0;
}

void sbx_ns_close_files(struct sbx_ns_files *f)
{
	if (f->max_userns >= 0)
		close(f->max_userns);
	if (f->proc_self >= 0)
		close(f->proc_self);
	f->max_userns = f->proc_self = -1;
}

int sbx_ns_loopback_up(struct sbx_error *err)
{
	_cleanup_close_ int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	struct ifreq ifr;

	if (s < 0)
		return sbx_fail(err, errno, "loopback: Failed to create socket");
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
		return sbx_fail(err, errno, "loopback: Failed to read the flags of lo");
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0)
		return sbx_fail(err, errno, "loopback: Failed RTM_NEWADDR");
	return 0;
}

static int write_at(int dir, const char *name, const char *data)
{
	_cleanup_close_ int fd = openat(dir, name, O_WRONLY | O_CLOEXEC);
	size_t len = strlen(data);

	if (fd < 0)
		return -errno;
	if (write(fd, data, len) != (ssize_t)len)
		return errno ? -errno : -EIO;
	return 0;
}

/*
 * A user namespace inside ours, mapping the command's @ids to the ids we
 * have here (0:0 in bubblewrap's devpts layout, else the same ids).  Only
 * our own ids are mapped, which a process may do for itself; setgroups is
 * "deny" already, inherited from the namespace above.
 */
static int nested_userns(struct sbx_ns_files *f, const uint32_t ids[2], struct sbx_error *err)
{
	char map[64];
	uid_t uid = getuid();
	gid_t gid = getgid();
	int r;

	if (unshare(CLONE_NEWUSER) < 0)
		return sbx_fail(err, errno, "unshare user ns");
	r = write_at(f->proc_self, "setgroups", "deny");
	if (r < 0 && r != -ENOENT)
		return sbx_fail(err, -r, "writing setgroups of the nested user namespace");
	snprintf(map, sizeof(map), "%u %u 1\n", (unsigned)ids[0], (unsigned)uid);
	r = write_at(f->proc_self, "uid_map", map);
	if (r < 0)
		return sbx_fail(err, -r, "setting up uid map");
	snprintf(map, sizeof(map), "%u %u 1\n", (unsigned)ids[1], (unsigned)gid);
	r = write_at(f->proc_self, "gid_map", map);
	if (r < 0)
		return sbx_fail(err, -r, "setting up gid map");
	return 0;
}

int sbx_ns_userns_steps(const struct sbx_plan *plan, struct sbx_ns_files *f, const uint32_t ids[2],
			struct sbx_error *err)
{
	int r;

	if (plan->ns.userns2_fd >= 0 && setns(plan->ns.userns2_fd, CLONE_NEWUSER) < 0)
		return sbx_fail(err, errno, "Setting userns2 failed");
	/*
	 * --disable-userns: the limit holds for this user namespace and every
	 * one below it; the command then runs one level down, where it can
	 * neither raise the limit again nor create another.
	 */
	if (plan->ns.disable_userns && write(f->max_userns, "1", 1) != 1)
		return sbx_fail(err, errno, "sysctl user.max_user_namespaces = 1");
	if (plan->res.nest_user) {
		r = nested_userns(f, ids, err);
		if (r < 0)
			return r;
	}
	if ((plan->ns.disable_userns || plan->ns.assert_userns_disabled) && unshare(CLONE_NEWUSER) == 0)
		return sbx_fail_msg(err, EEXIST, "creation of new user namespaces was not disabled as requested");
	return 0;
}

/* The sysctl Ubuntu's AppArmor restriction of user namespaces hangs on. */
static const char *restrict_sysctl(void)
{
#ifdef SBX_TEST_HOOKS
	const char *fake = getenv("SBX_TEST_APPARMOR_SYSCTL");

	if (fake)
		return fake;
#endif
	return "/proc/sys/kernel/apparmor_restrict_unprivileged_userns";
}

#ifdef SBX_APPARMOR_PROFILE
#define PROFILE_HINT "load the AppArmor profile installed with sbx (apparmor_parser -r " SBX_APPARMOR_PROFILE ")"
#else
#define PROFILE_HINT "install and load the AppArmor profile shipped with sbx (apparmor/sbx.in in its source)"
#endif

bool sbx_ns_explain_denied(struct sbx_error *err)
{
	_cleanup_free_ char *v = NULL;
	size_t n;

	if (!err || (err->errnum != EPERM && err->errnum != EACCES))
		return false;
	if (sbx_read_file(restrict_sysctl(), 64, &v, NULL) < 0 || v[0] != '1')
		return false;
	n = strlen(err->msg);
	snprintf(err->msg + n, sizeof(err->msg) - n, "; this system restricts unprivileged user namespaces through "
		 "AppArmor (sysctl kernel.apparmor_restrict_unprivileged_userns = 1): as root, " PROFILE_HINT
		 ", or set the sysctl to 0");
	return true;
}
