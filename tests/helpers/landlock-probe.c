/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * landlock-probe: what a process may do, one line per question, for the
 * Landlock tests.  Inside the sandbox:
 *   landlock-probe OP ARG [OP ARG]...
 *     read PATH     open for reading          write PATH   open/create for writing
 *     exec PATH     run it (fork + execv)     connect PORT TCP to 127.0.0.1
 *     bind PORT     TCP bind on 127.0.0.1     kill PID     kill(PID, 0)
 *     abstract NAME connect to the abstract unix socket NAME
 *     abi -         the kernel's Landlock ABI
 *   each printing "OP ARG: ok" or "OP ARG: ERR ENAME".
 * Outside, as a server:
 *   landlock-probe listen-tcp          listen on a free port, print it, accept forever
 *   landlock-probe listen-abstract NAME   the same on an abstract unix socket, print "ready"
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static int result(int r)
{
	if (r == 0)
		printf("ok\n");
	else
		printf("ERR %s\n", strerrorname_np(errno));
	return 0;
}

static int tcp(const char *port, int (*op)(int, const struct sockaddr *, socklen_t))
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(port)),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), r;

	if (fd < 0)
		return -1;
	r = op(fd, (struct sockaddr *)&a, sizeof(a));
	if (r < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	close(fd);
	return 0;
}

static socklen_t abstract_addr(const char *name, struct sockaddr_un *a)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	snprintf(a->sun_path + 1, sizeof(a->sun_path) - 1, "%s", name);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name));
}

static int abstract(const char *name)
{
	struct sockaddr_un a;
	socklen_t len = abstract_addr(name, &a);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), r;

	if (fd < 0)
		return -1;
	r = connect(fd, (struct sockaddr *)&a, len);
	if (r < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	close(fd);
	return 0;
}

static int run(const char *path)
{
	int st, p[2];
	pid_t pid;
	int e = 0;

	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		execl(path, path, (char *)NULL);
		e = errno;
		if (write(p[1], &e, sizeof(e)) < 0)
			_exit(126);
		_exit(127);
	}
	close(p[1]);
	if (read(p[0], &e, sizeof(e)) != (ssize_t)sizeof(e))
		e = 0;
	close(p[0]);
	waitpid(pid, &st, 0);
	errno = e;
	return e ? -1 : 0;
}

static int open_for(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC, 0644);

	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static int serve(int fd, const char *what)
{
	if (listen(fd, 16) < 0)
		return 1;
	printf("%s\n", what);
	fflush(stdout);
	for (;;) {
		int c = accept(fd, NULL, NULL);

		if (c >= 0)
			close(c);
	}
}

static int listen_tcp(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	char port[16];

	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &len) < 0)
		return 1;
	snprintf(port, sizeof(port), "%u", ntohs(a.sin_port));
	return serve(fd, port);
}

static int listen_abstract(const char *name)
{
	struct sockaddr_un a;
	socklen_t len = abstract_addr(name, &a);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&a, len) < 0)
		return 1;
	return serve(fd, "ready");
}

static int one(const char *op, const char *arg)
{
	printf("%s %s: ", op, arg);
	if (!strcmp(op, "read"))
		return result(open_for(arg, O_RDONLY));
	if (!strcmp(op, "write"))
		return result(open_for(arg, O_WRONLY | O_CREAT));
	if (!strcmp(op, "exec"))
		return result(run(arg));
	if (!strcmp(op, "connect"))
		return result(tcp(arg, connect));
	if (!strcmp(op, "bind"))
		return result(tcp(arg, bind));
	if (!strcmp(op, "kill"))
		return result(kill(atoi(arg), 0));
	if (!strcmp(op, "abstract"))
		return result(abstract(arg));
	if (!strcmp(op, "abi")) {
		long v = syscall(444 /* landlock_create_ruleset */, NULL, 0, 1U);

		printf("%ld\n", v < 0 ? 0 : v);
		return 0;
	}
	printf("unknown question\n");
	return 2;
}

int main(int argc, char **argv)
{
	int r = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 2 && !strcmp(argv[1], "listen-tcp"))
		return listen_tcp();
	if (argc == 3 && !strcmp(argv[1], "listen-abstract"))
		return listen_abstract(argv[2]);
	if (argc < 3 || argc % 2 == 0) {
		fprintf(stderr, "usage: landlock-probe OP ARG [OP ARG]...\n");
		return 2;
	}
	for (int i = 1; i + 1 < argc && r == 0; i += 2)
		r = one(argv[i], argv[i + 1]);
	return r;
}
