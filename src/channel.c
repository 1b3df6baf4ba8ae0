/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "channel.h"

int sbx_channel_pair(int fds[2], struct sbx_error *err)
{
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) < 0)
		return sbx_fail(err, errno, "creating the parent/child channel");
	return 0;
}

int sbx_send_with_fd(int sock, const void *buf, size_t len, int pass_fd)
{
	struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t r;

	if (pass_fd >= 0) {
		struct cmsghdr *c;

		memset(&u, 0, sizeof(u));
		mh.msg_control = u.buf;
		mh.msg_controllen = sizeof(u.buf);
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &pass_fd, sizeof(int));
	}
	do
		r = sendmsg(sock, &mh, MSG_NOSIGNAL);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -errno;
	return (size_t)r == len ? 0 : -EMSGSIZE;
}

int sbx_channel_send(int fd, enum sbx_msg_type type, int32_t value,
		     const struct sbx_error *e, int pass_fd)
{
	struct sbx_msg m;

	memset(&m, 0, sizeof(m));
	m.type = type;
	m.value = value;
	if (e) {
		m.failed = 1;
		m.err = *e;
	}
	return sbx_send_with_fd(fd, &m, sizeof(m), pass_fd);
}

int sbx_channel_recv(int fd, struct sbx_msg *msg, int *fd_out)
{
	struct iovec iov = { .iov_base = msg, .iov_len = sizeof(*msg) };
	union {
		char buf[CMSG_SPACE(sizeof(int)) + CMSG_SPACE(sizeof(struct ucred))];
		struct cmsghdr align;
	} u;
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = u.buf, .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *c;
	pid_t sender = 0;
	ssize_t r;

	if (fd_out)
		*fd_out = -1;
	do
		r = recvmsg(fd, &mh, MSG_CMSG_CLOEXEC);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return errno == ECONNRESET ? -EPIPE : -errno;
	if (r == 0)
		return -EPIPE;
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		int got;

		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS) {
			struct ucred uc;

			memcpy(&uc, CMSG_DATA(c), sizeof(uc));
			sender = uc.pid;
			continue;
		}
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		memcpy(&got, CMSG_DATA(c), sizeof(int));
		if (fd_out)
			*fd_out = got;
		else
			close(got);
	}
	if (r != (ssize_t)sizeof(*msg) || (mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC)))
		return -EPROTO;
	msg->err.msg[sizeof(msg->err.msg) - 1] = '\0';
	msg->sender = sender;
	return 0;
}

int sbx_channel_expect(int fd, enum sbx_msg_type type, struct sbx_msg *msg,
		       int *fd_out, const char *what, struct sbx_error *err)
{
	int r = sbx_channel_recv(fd, msg, fd_out);

	if (r == -EPIPE)
		return sbx_fail_msg(err, EPIPE, "the sandbox died while %s", what);
	if (r < 0)
		return sbx_fail(err, -r, "reading the parent/child channel while %s", what);
	if (msg->failed) {
		if (err)
			*err = msg->err;
		return sbx_error_ret(&msg->err);
	}
	if (msg->type != (uint32_t)type)
		return sbx_fail_msg(err, EPROTO, "unexpected message %u while %s", msg->type, what);
	return 0;
}
