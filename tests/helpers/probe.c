/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * probe: run inside a sandbox, print what it sees.
 *
 *   probe                 every key below, one "key=value" per line
 *   probe KEY...          just those values, one per line
 *   probe read FILE       print the file's first line, or "ERR <errno name>"
 *   probe write FILE      create/truncate FILE, or "ERR <errno name>"
 *   probe ptrace PID      PTRACE_ATTACH to PID ("ppid": our parent): "OK" or "ERR <errno name>"
 *   probe mem PID         open /proc/PID/mem read-write: "OK" or "ERR <errno name>"
 *   probe userns-depth PID   run outside: how many user namespaces PID's is below ours
 *
 * Keys: uid gid euid egid groups uid_map gid_map setgroups cap_inh cap_prm
 * cap_eff cap_bnd cap_amb no_new_privs seccomp fds cwd hostname pid ppid
 * ns_user ns_mnt ns_pid ns_net ns_ipc ns_uts ns_cgroup.
 * Multi-line files are joined with ';' and runs of blanks squeezed.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/nsfs.h>
#include <sys/ioctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void squeeze_file(const char *path, char *out, size_t len)
{
	FILE *f = fopen(path, "re");
	size_t k = 0;
	int c, blank = 1, first_line = 1;

	if (!f) {
		snprintf(out, len, "ERR %s", strerrorname_np(errno));
		return;
	}
	while ((c = fgetc(f)) != EOF && k + 2 < len) {
		if (c == '\n') {
			while (k > 0 && out[k - 1] == ' ')
				k--;
			out[k++] = ';';
			blank = 1;
			first_line = 0;
			continue;
		}
		if (c == ' ' || c == '\t') {
			if (!blank)
				out[k++] = ' ';
			blank = 1;
			continue;
		}
		blank = 0;
		out[k++] = (char)c;
	}
	(void)first_line;
	while (k > 0 && (out[k - 1] == ';' || out[k - 1] == ' '))
		k--;
	out[k] = '\0';
	fclose(f);
}

static void status_field(const char *name, char *out, size_t len)
{
	FILE *f = fopen("/proc/self/status", "re");
	char line[512];
	size_t nl = strlen(name);

	snprintf(out, len, "?");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, name, nl) == 0 && line[nl] == ':') {
			char *v = line + nl + 1;

			while (*v == ' ' || *v == '\t')
				v++;
			v[strcspn(v, "\n")] = '\0';
			snprintf(out, len, "%s", v);
			break;
		}
	fclose(f);
}

static void fds(char *out, size_t len)
{
	DIR *d = opendir("/proc/self/fd");
	int self = d ? dirfd(d) : -1;
	int list[1024], n = 0;
	struct dirent *e;
	size_t k = 0;

	out[0] = '\0';
	if (!d) {
		/* no /proc: probe with fcntl */
		for (int fd = 0; fd < 1024; fd++)
			if (fcntl(fd, F_GETFD) >= 0)
				list[n++] = fd;
	} else {
		while ((e = readdir(d)) && n < 1024) {
			int fd = atoi(e->d_name);

			if (e->d_name[0] == '.' || fd == self)
				continue;
			list[n++] = fd;
		}
		closedir(d);
	}
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			if (list[j] < list[i]) {
				int t = list[i];
				list[i] = list[j];
				list[j] = t;
			}
	for (int i = 0; i < n && k + 12 < len; i++)
		k += (size_t)snprintf(out + k, len - k, "%s%d", i ? " " : "", list[i]);
}

static void ns(const char *name, char *out, size_t len)
{
	char path[64];
	ssize_t r;

	snprintf(path, sizeof(path), "/proc/self/ns/%s", name);
	r = readlink(path, out, len - 1);
	if (r < 0)
		snprintf(out, len, "ERR %s", strerrorname_np(errno));
	else
		out[r] = '\0';
}

static int value(const char *key, char *v, size_t len)
{
	if (!strcmp(key, "uid")) snprintf(v, len, "%u", getuid());
	else if (!strcmp(key, "gid")) snprintf(v, len, "%u", getgid());
	else if (!strcmp(key, "euid")) snprintf(v, len, "%u", geteuid());
	else if (!strcmp(key, "egid")) snprintf(v, len, "%u", getegid());
	else if (!strcmp(key, "groups")) {
		gid_t g[256];
		int n = getgroups(256, g);
		size_t k = 0;

		v[0] = '\0';
		for (int i = 0; i < n && k + 12 < len; i++)
			k += (size_t)snprintf(v + k, len - k, "%s%u", i ? " " : "", g[i]);
	}
	else if (!strcmp(key, "uid_map")) squeeze_file("/proc/self/uid_map", v, len);
	else if (!strcmp(key, "gid_map")) squeeze_file("/proc/self/gid_map", v, len);
	else if (!strcmp(key, "setgroups")) squeeze_file("/proc/self/setgroups", v, len);
	else if (!strcmp(key, "cap_inh")) status_field("CapInh", v, len);
	else if (!strcmp(key, "cap_prm")) status_field("CapPrm", v, len);
	else if (!strcmp(key, "cap_eff")) status_field("CapEff", v, len);
	else if (!strcmp(key, "cap_bnd")) status_field("CapBnd", v, len);
	else if (!strcmp(key, "cap_amb")) status_field("CapAmb", v, len);
	else if (!strcmp(key, "no_new_privs")) status_field("NoNewPrivs", v, len);
	else if (!strcmp(key, "seccomp")) status_field("Seccomp", v, len);
	else if (!strcmp(key, "fds")) fds(v, len);
	else if (!strcmp(key, "cwd")) { if (!getcwd(v, len)) snprintf(v, len, "ERR %s", strerrorname_np(errno)); }
	else if (!strcmp(key, "hostname")) { if (gethostname(v, len) < 0) snprintf(v, len, "ERR"); }
	else if (!strcmp(key, "pid")) snprintf(v, len, "%d", (int)getpid());
	else if (!strcmp(key, "ppid")) snprintf(v, len, "%d", (int)getppid());
	else if (!strncmp(key, "ns_", 3)) ns(key + 3, v, len);
	else return -1;
	return 0;
}

static const char *const all_keys[] = {
	"uid", "gid", "euid", "egid", "groups", "uid_map", "gid_map", "setgroups",
	"cap_inh", "cap_prm", "cap_eff", "cap_bnd", "cap_amb", "no_new_privs", "seccomp",
	"fds", "cwd", "hostname", "pid", "ppid", "ns_user", "ns_mnt", "ns_pid", "ns_net",
	"ns_ipc", "ns_uts", "ns_cgroup",
};

static int target_pid(const char *s)
{
	return strcmp(s, "ppid") == 0 ? (int)getppid() : atoi(s);
}

/* Open @path as asked and say OK, or ERR and the errno's name. */
static int try_open(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC, 0644);

	if (fd < 0) {
		printf("ERR %s\n", strerrorname_np(errno));
		return 1;
	}
	close(fd);
	printf("OK\n");
	return 0;
}

/* Try to take hold of another process: both must fail on sbx's own. */
static int try_hold(const char *how, const char *who)
{
	int pid = target_pid(who);

	if (!strcmp(how, "ptrace")) {
		if (ptrace(PTRACE_ATTACH, pid, NULL, NULL) < 0) {
			printf("ERR %s\n", strerrorname_np(errno));
			return 1;
		}
		waitpid(pid, NULL, __WALL);
		ptrace(PTRACE_DETACH, pid, NULL, NULL);
	} else {
		char path[64];

		snprintf(path, sizeof(path), "/proc/%d/mem", pid);
		return try_open(path, O_RDWR);
	}
	printf("OK\n");
	return 0;
}

/* Walk up from PID's user namespace (NS_GET_PARENT) until ours. */
static int userns_depth(const char *pid)
{
	char path[64];
	struct stat self, st;
	int fd, n = 0;

	snprintf(path, sizeof(path), "/proc/%s/ns/user", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || stat("/proc/self/ns/user", &self) < 0) {
		printf("ERR %s\n", strerrorname_np(errno));
		return 1;
	}
	while (fstat(fd, &st) == 0 && (st.st_ino != self.st_ino || st.st_dev != self.st_dev)) {
		int parent = ioctl(fd, NS_GET_PARENT);

		close(fd);
		if (parent < 0) {
			printf("ERR %s\n", strerrorname_np(errno));
			return 1;
		}
		fd = parent;
		n++;
	}
	close(fd);
	printf("%d\n", n);
	return 0;
}

int main(int argc, char **argv)
{
	char v[8192];

	if (argc == 3 && (!strcmp(argv[1], "ptrace") || !strcmp(argv[1], "mem")))
		return try_hold(argv[1], argv[2]);
	if (argc == 3 && !strcmp(argv[1], "userns-depth"))
		return userns_depth(argv[2]);

	if (argc == 3 && !strcmp(argv[1], "read")) {
		FILE *f = fopen(argv[2], "re");

		if (!f) {
			printf("ERR %s\n", strerrorname_np(errno));
			return 1;
		}
		if (!fgets(v, sizeof(v), f))
			v[0] = '\0';
		v[strcspn(v, "\n")] = '\0';
		printf("%s\n", v);
		fclose(f);
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "write"))
		return try_open(argv[2], O_WRONLY | O_CREAT | O_TRUNC);
	if (argc == 1) {
		for (size_t i = 0; i < sizeof(all_keys) / sizeof(all_keys[0]); i++) {
			value(all_keys[i], v, sizeof(v));
			printf("%s=%s\n", all_keys[i], v);
		}
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		if (value(argv[i], v, sizeof(v)) < 0) {
			fprintf(stderr, "probe: unknown key '%s'\n", argv[i]);
			return 2;
		}
		printf("%s\n", v);
	}
	return 0;
}
