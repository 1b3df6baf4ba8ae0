/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * seccomp-probe: run inside a sandbox, report what its seccomp filter does.
 *
 *   seccomp-probe call NAME[:ARG...]...   one line per call: "NAME=RET" or "NAME=ERR ENAME"
 *                                         (a numeric NAME is a raw syscall number;
 *                                         ARGs are integers, any base, e.g. 0x5412)
 *   seccomp-probe tiocsti TEXT [hi]       push TEXT into the terminal on fd 0 with
 *                                         TIOCSTI ("hi": with bit 32 of the request set)
 *   seccomp-probe tioclinux               ioctl(0, TIOCLINUX) with a harmless subcode
 *   seccomp-probe thread                  start a pthread: "thread=ok" or the error
 *   seccomp-probe filters                 Seccomp and Seccomp_filters of /proc/self/status
 *   seccomp-probe bpf NAME ERRNO          (outside) write to stdout a compiled cBPF
 *                                         that fails NAME with ERRNO, allows the rest
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static void report(const char *name, long r)
{
	if (r < 0)
		printf("%s=ERR %s\n", name, strerrorname_np(errno));
	else
		printf("%s=%ld\n", name, r);
}

static int do_call(char *spec)
{
	unsigned long a[6] = { 0 };
	char *name = strtok(spec, ":"), *s, *end;
	int nr = -1, n = 0;

	nr = (int)strtol(name, &end, 0);
	if (*end != '\0')
		nr = seccomp_syscall_resolve_name(name);
	if (nr < 0) {
		printf("%s=UNKNOWN\n", name);
		return 0;
	}
	while ((s = strtok(NULL, ":")) && n < 6)
		a[n++] = strtoul(s, NULL, 0);
	errno = 0;
	report(name, syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]));
	return 0;
}

static int do_tiocsti(const char *text, int hi)
{
	unsigned long req = TIOCSTI | (hi ? 1UL << 32 : 0);

	for (const char *c = text; *c; c++) {
		/* the raw syscall: glibc must not get a chance to truncate the request */
		if (syscall(SYS_ioctl, 0, req, c) < 0) {
			printf("tiocsti=ERR %s\n", strerrorname_np(errno));
			return 0;
		}
	}
	printf("tiocsti=ok\n");
	return 0;
}

static void *noop(void *arg)
{
	return arg;
}

static int do_thread(void)
{
	pthread_t t;
	int r = pthread_create(&t, NULL, noop, NULL);

	if (r != 0) {
		printf("thread=ERR %s\n", strerrorname_np(r));
		return 0;
	}
	pthread_join(t, NULL);
	printf("thread=ok\n");
	return 0;
}

static int do_filters(void)
{
	char line[256];
	FILE *f = fopen("/proc/self/status", "re");

	if (!f)
		return 1;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, "Seccomp", 7) == 0)
			fputs(line, stdout);
	fclose(f);
	return 0;
}

static int do_bpf(const char *name, int e)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	int r;

	if (!ctx || seccomp_rule_add(ctx, SCMP_ACT_ERRNO(e), seccomp_syscall_resolve_name(name), 0) < 0)
		return 1;
	r = seccomp_export_bpf(ctx, 1);
	seccomp_release(ctx);
	return r < 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "call")) {
		for (int i = 2; i < argc; i++)
			do_call(argv[i]);
		return 0;
	}
	if (argc >= 3 && !strcmp(argv[1], "tiocsti"))
		return do_tiocsti(argv[2], argc > 3 && !strcmp(argv[3], "hi"));
	if (argc == 2 && !strcmp(argv[1], "tioclinux")) {
		char sub = 7; /* TIOCL_GETSHIFTSTATE: reads, changes nothing */

		report("tioclinux", syscall(SYS_ioctl, 0, TIOCLINUX, &sub));
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "thread"))
		return do_thread();
	if (argc == 2 && !strcmp(argv[1], "filters"))
		return do_filters();
	if (argc == 4 && !strcmp(argv[1], "bpf"))
		return do_bpf(argv[2], atoi(argv[3]));
	fprintf(stderr, "usage: seccomp-probe call|tiocsti|tioclinux|thread|filters|bpf ...\n");
	return 2;
}
