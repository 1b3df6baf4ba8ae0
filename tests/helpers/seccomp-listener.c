/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * seccomp-listener: a minimal seccomp agent for the notify round trip.
 *
 *   seccomp-listener SOCKET STATEFILE VALUE
 *
 * Listens on the AF_UNIX SOCKET, accepts one connection, receives the OCI
 * container state JSON with the listener fd (SCM_RIGHTS), writes the JSON
 * to STATEFILE, then answers every notified syscall with success and the
 * return value VALUE, until the sandbox is gone (POLLHUP) or 30 s passed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int listen_on(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	if (s < 0 || bind(s, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(s, 1) < 0) {
		perror("seccomp-listener: listen");
		exit(1);
	}
	return s;
}

static int receive(int s, const char *statefile)
{
	char buf[4096], cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) - 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *c;
	ssize_t n = recvmsg(s, &mh, MSG_CMSG_CLOEXEC);
	int fd = -1;
	FILE *f;

	if (n < 0)
		return -1;
	buf[n] = '\0';
	c = CMSG_FIRSTHDR(&mh);
	if (c && c->cmsg_type == SCM_RIGHTS)
		memcpy(&fd, CMSG_DATA(c), sizeof(int));
	f = fopen(statefile, "we");
	if (f) {
		fprintf(f, "%s\n", buf);
		fclose(f);
	}
	return fd;
}

static void answer(int fd, long value)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;

	memset(&req, 0, sizeof(req));
	if (ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0)
		return;
	memset(&resp, 0, sizeof(resp));
	resp.id = req.id;
	resp.val = value;
	ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
}

int main(int argc, char **argv)
{
	int s, c, fd;

	if (argc != 4) {
		fprintf(stderr, "usage: seccomp-listener SOCKET STATEFILE VALUE\n");
		return 2;
	}
	alarm(30);
	s = listen_on(argv[1]);
	c = accept4(s, NULL, NULL, SOCK_CLOEXEC);
	if (c < 0)
		return 1;
	fd = receive(c, argv[2]);
	if (fd < 0)
		return 1;
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		if (poll(&p, 1, -1) < 0 && errno != EINTR)
			return 1;
		if (p.revents & POLLIN)
			answer(fd, strtol(argv[3], NULL, 0));
		else if (p.revents & (POLLHUP | POLLERR))
			return 0;
	}
}
