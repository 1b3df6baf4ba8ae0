/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * --net pasta: the parent starts pasta(1) against the sandbox's network
 * namespace, as podman and rootlesskit do, once the child has made it and
 * its ids are mapped, and waits until pasta says (through its --pid file)
 * that the interface inside is configured.  pasta runs in the foreground as
 * sbx's child, bound to sbx by the parent-death signal, and sbx kills it
 * when the command is done: no pasta outlives the sandbox, even when sbx is
 * killed.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cleanup.h"
#include "log.h"
#include "pasta.h"
#include "util.h"

/* The fd pasta writes its pid to once it is set up (its --pid file). */
#define READY_FD 3
#define MAX_ARGS 32

static const char *pasta_path(void)
{
#ifdef SBX_TEST_HOOKS
	const char *t = getenv("SBX_TEST_PASTA");

	if (t)
		return t;
#endif
	return PASTA_PATH;
}

int sbx_pasta_check(struct sbx_error *err)
{
	const char *path = pasta_path();

	if (access(path, X_OK) == 0)
		return 0;
	return sbx_fail_msg(err, errno, "--net pasta: cannot run %s: %s; install pasta (the Debian and Ubuntu "
			    "package 'passt'), or build sbx with ./configure --with-pasta=PATH", path,
			    strerror(errno));
}

/* -t / -u: the --publish forwards of one protocol, "none" without any. */
static int port_spec(const struct sbx_plan *plan, bool udp, char *buf, size_t size)
{
	size_t len = 0;

	snprintf(buf, size, "none");
	for (size_t i = 0; i < plan->n_publish; i++) {
		const struct sbx_publish *pub = &plan->publish[i];
		int n;

		if (pub->udp != udp)
			continue;
		n = snprintf(buf + len, size - len, "%s%u:%u", len ? "," : "", pub->host, pub->sandbox);
		if (n < 0 || (size_t)n >= size - len)
			return -E2BIG;
		len += (size_t)n;
	}
	return 0;
}

/*
 * pasta's command line.  Nothing from the sandbox reaches the host's
 * loopback unless asked: -T none / -U none forward no port of the
 * namespace's loopback to the host's, and --no-map-gw keeps the gateway
 * address from standing for the host (--allow-host-loopback drops it).
 * Only --publish forwards host ports inward (-t / -u, not "auto").
 */
static int build_argv(const struct sbx_plan *plan, pid_t target, char bufs[4][1024], const char **argv)
{
	int a = 0;

	argv[a++] = pasta_path();
	argv[a++] = "--foreground";
	argv[a++] = "--quiet";
	argv[a++] = "--config-net";
	if (port_spec(plan, false, bufs[0], sizeof(bufs[0])) < 0 || port_spec(plan, true, bufs[1], sizeof(bufs[1])) < 0)
		return -E2BIG;
	argv[a++] = "--tcp-ports";
	argv[a++] = bufs[0];
	argv[a++] = "--udp-ports";
	argv[a++] = bufs[1];
	argv[a++] = "--tcp-ns";
	argv[a++] = "none";
	argv[a++] = "--udp-ns";
	argv[a++] = "none";
	if (!plan->host_loopback)
		argv[a++] = "--no-map-gw";
	/* Run as root, pasta would become nobody, who may not enter a
	 * namespace root owns: it stays root (it still drops every
	 * capability it does not need). */
	if (geteuid() == 0) {
		argv[a++] = "--runas";
		argv[a++] = "0:0";
	}
	snprintf(bufs[2], sizeof(bufs[2]), "/proc/self/fd/%d", READY_FD);
	argv[a++] = "--pid";
	argv[a++] = bufs[2];
	snprintf(bufs[3], sizeof(bufs[3]), "%d", (int)target);
	argv[a++] = bufs[3];
	argv[a] = NULL;
	return 0;
}

/* In the forked child: pasta's fds, signals and parent-death signal, then exec. */
static void exec_pasta(const char **argv, int ready, int log, pid_t sbx)
{
	sigset_t none;
	int null = open("/dev/null", O_RDONLY | O_CLOEXEC);

	/* pasta must die with sbx, even by SIGKILL: nothing else would
	 * stop it (it does not notice the namespace going away). */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0 || getppid() != sbx)
		_exit(127);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	for (int s = 1; s < NSIG; s++)
		signal(s, SIG_DFL);
	if (null < 0 || dup2(null, STDIN_FILENO) < 0 || dup2(log, STDOUT_FILENO) < 0 ||
	    dup2(log, STDERR_FILENO) < 0 || dup2(ready, READY_FD) < 0)
		_exit(127);
	/* Nothing of sbx's but these four reaches pasta. */
	if (close_range(READY_FD + 1, ~0U, 0) < 0)
		for (int fd = READY_FD + 1; fd < 1024; fd++)
			close(fd);
	execv(argv[0], (char *const *)argv);
	dprintf(STDERR_FILENO, "cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

/* pasta's stderr, in one line: its noise about the system logger left out. */
static void summarise(int log, char *out, size_t size)
{
	_cleanup_free_ char *text = NULL;
	size_t len = 0, o = 0;

	out[0] = '\0';
	if (lseek(log, 0, SEEK_SET) < 0 || sbx_read_all_fd(log, 16 * 1024, &text, &len) < 0 || !text)
		return;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		int n;

		if (strstr(line, "syslog") || strstr(line, "Changing to nobody") || !*line)
			continue;
		n = snprintf(out + o, size - o, "%s%s", o ? "; " : "", line);
		if (n < 0 || (size_t)n >= size - o)
			break;
		o += (size_t)n;
	}
}

static int pasta_failed(struct sbx_pasta *pa, struct sbx_error *err)
{
	char words[512];
	int st = 0;

	kill(pa->pid, SIGKILL);
	while (waitpid(pa->pid, &st, 0) < 0 && errno == EINTR)
		;
	pa->pid = -1;
	summarise(pa->log, words, sizeof(words));
	return sbx_fail_msg(err, EIO, "--net pasta: %s failed (%s %d)%s%s%s", pasta_path(),
			    WIFEXITED(st) ? "exit status" : "signal", WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st),
			    words[0] ? ": " : "", words,
			    strstr(words, "tun") ? " (pasta needs /dev/net/tun readable and writable by you)" : "");
}

int sbx_pasta_start(const struct sbx_plan *plan, pid_t target, struct sbx_pasta *pa, struct sbx_error *err)
{
	char bufs[4][1024], got[32];
	const char *argv[MAX_ARGS];
	_cleanup_close_ int rd = -1, wr = -1;
	pid_t sbx = getpid();
	ssize_t n;
	int p[2];

	if (build_argv(plan, target, bufs, argv) < 0)
		return sbx_fail_msg(err, E2BIG, "--publish: too many ports");
	pa->log = memfd_create("sbx-pasta-stderr", MFD_CLOEXEC);
	if (pa->log < 0)
		return sbx_fail(err, errno, "memfd_create");
	if (pipe2(p, O_CLOEXEC) < 0)
		return sbx_fail(err, errno, "pipe2");
	rd = p[0];
	wr = p[1];
	sbx_verbose("starting %s against pid %d (ports in: tcp %s, udp %s)", argv[0], (int)target, bufs[0], bufs[1]);
	pa->pid = fork();
	if (pa->pid < 0)
		return sbx_fail(err, errno, "fork for pasta");
	if (pa->pid == 0)
		exec_pasta(argv, wr, pa->log, sbx);
	sbx_closep(&wr);
	/* Its pid comes once the interface is configured; an end of file
	 * first means it gave up. */
	while ((n = read(rd, got, sizeof(got))) < 0 && errno == EINTR)
		;
	if (n <= 0)
		return pasta_failed(pa, err);
	sbx_verbose("pasta (pid %d) has configured the sandbox's network", (int)pa->pid);
	return 0;
}

void sbx_pasta_stop(struct sbx_pasta *pa)
{
	if (pa->pid > 0) {
		kill(pa->pid, SIGKILL);
		while (waitpid(pa->pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	pa->pid = -1;
	sbx_closep(&pa->log);
}
