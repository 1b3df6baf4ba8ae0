/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * --info-fd and --json-status-fd: bubblewrap's JSON records, the
 * namespaces taken from the table in ns.c.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "info.h"
#include "ns.h"

static int write_str(int fd, const char *s, struct sbx_error *err)
{
	size_t len = strlen(s);

	while (len > 0) {
		ssize_t w = write(fd, s, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return err ? sbx_fail(err, errno, "Write to info_fd") : -errno;
		s += w;
		len -= (size_t)w;
	}
	return 0;
}

/* The table's row listed next after place @after (0: the first), or NULL. */
static const struct sbx_ns_kind *json_next(unsigned after)
{
	const struct sbx_ns_kind *next = NULL;

	for (size_t i = 0; i < sbx_ns_n_kinds; i++) {
		const struct sbx_ns_kind *k = &sbx_ns_kinds[i];

		if (k->json > after && (!next || k->json < next->json))
			next = k;
	}
	return next;
}

/* ", \"net-namespace\": 4026531840" for one namespace of @pid, if readable. */
static size_t ns_entry(char *buf, size_t len, pid_t pid, const struct sbx_ns_kind *k, bool one_line)
{
	char path[64];
	struct stat st;
	int n;

	snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)pid, k->proc_name);
	if (stat(path, &st) < 0)
		return 0; /* bubblewrap leaves out what it cannot read */
	n = snprintf(buf, len, ",%s\"%s-namespace\": %ju", one_line ? " " : "\n    ", k->proc_name,
		     (uintmax_t)st.st_ino);
	return n < 0 ? 0 : (size_t)n < len ? (size_t)n : len - 1;
}

int sbx_info_write(int fd, pid_t pid, unsigned long clone_flags, bool one_line, struct sbx_error *err)
{
	return sbx_info_write_landlock(fd, pid, clone_flags, one_line, -1, err);
}

int sbx_info_write_landlock(int fd, pid_t pid, unsigned long clone_flags, bool one_line, int landlock_abi,
			    struct sbx_error *err)
{
	char buf[1024];
	const struct sbx_ns_kind *k;
	size_t n = 0;

	n += (size_t)snprintf(buf, sizeof(buf), one_line ? "{ \"child-pid\": %d" : "{\n    \"child-pid\": %d",
			      (int)pid);
	for (k = json_next(0); k; k = json_next(k->json))
		if (k->always || (clone_flags & k->flag))
			n += ns_entry(buf + n, sizeof(buf) - n, pid, k, one_line);
	if (landlock_abi >= 0 && n < sizeof(buf))
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, ",%s\"landlock-abi\": %d", one_line ? " " : "\n    ",
				      landlock_abi);
	if (n < sizeof(buf))
		snprintf(buf + n, sizeof(buf) - n, "%s", one_line ? " }\n" : "\n}\n");
	return write_str(fd, buf, err);
}

void sbx_info_write_exit(int fd, int exit_code)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "{ \"exit-code\": %d }\n", exit_code);
	write_str(fd, buf, NULL);
}
