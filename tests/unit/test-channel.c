/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The parent/child channel (src/channel.c) over a real socketpair: a message
 * and an error object arrive whole, an fd arrives close-on-exec, and a dead
 * peer is end of file (-EPIPE), never a wait.
 */
#include "config.h"

#include <dirent.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "unit.h"

#include "channel.h"

static int ch[2] = { -1, -1 };

static int setup(void **state)
{
	struct sbx_error err;

	(void)state;
	return sbx_channel_pair(ch, &err);
}

static int teardown(void **state)
{
	(void)state;
	if (ch[0] >= 0)
		close(ch[0]);
	if (ch[1] >= 0)
		close(ch[1]);
	ch[0] = ch[1] = -1;
	return 0;
}

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1; /* the directory's own fd */
}

static void pair_kind(void **state)
{
	int type = 0;
	socklen_t len = sizeof(type);

	(void)state;
	for (int i = 0; i < 2; i++) {
		assert_int_equal(fcntl(ch[i], F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
		assert_int_equal(getsockopt(ch[i], SOL_SOCKET, SO_TYPE, &type, &len), 0);
		assert_int_equal(type, SOCK_SEQPACKET);
	}
}

static void ok_message(void **state)
{
	struct sbx_msg m;

	(void)state;
	assert_int_equal(sbx_channel_send(ch[0], SBX_MSG_MAPPING_REQUEST, 4242, NULL, -1), 0);
	assert_int_equal(sbx_channel_send(ch[0], SBX_MSG_READY, -7, NULL, -1), 0);
	memset(&m, 0xff, sizeof(m));
	assert_int_equal(sbx_channel_recv(ch[1], &m, NULL), 0);
	assert_int_equal(m.type, SBX_MSG_MAPPING_REQUEST);
	assert_int_equal(m.value, 4242);
	assert_int_equal(m.failed, 0);
	/* message boundaries hold: the second is its own */
	assert_int_equal(sbx_channel_recv(ch[1], &m, NULL), 0);
	assert_int_equal(m.type, SBX_MSG_READY);
	assert_int_equal(m.value, -7);
}

/* A failure crosses whole: errno, exit status and text. */
static void error_object(void **state)
{
	struct sbx_error e, got;
	struct sbx_msg m;

	(void)state;
	sbx_fail(&e, EACCES, "executing '%s'", "/bin/x");
	e.status = 126;
	assert_int_equal(sbx_channel_send(ch[1], SBX_MSG_SETUP_FAILED, 0, &e, -1), 0);
	assert_int_equal(sbx_channel_recv(ch[0], &m, NULL), 0);
	assert_int_equal(m.type, SBX_MSG_SETUP_FAILED);
	assert_int_equal(m.failed, 1);
	assert_int_equal(m.err.errnum, EACCES);
	assert_int_equal(m.err.status, 126);
	assert_string_equal(m.err.msg, "executing '/bin/x': Permission denied");

	/* expect() hands the peer's error on as its own */
	assert_int_equal(sbx_channel_send(ch[1], SBX_MSG_SETUP_FAILED, 0, &e, -1), 0);
	sbx_error_clear(&got);
	assert_int_equal(sbx_channel_expect(ch[0], SBX_MSG_MAPPING_REQUEST, &m, NULL, "mapping ids", &got),
			 -EACCES);
	assert_int_equal(got.status, 126);
	assert_string_equal(got.msg, "executing '/bin/x': Permission denied");
}

static void expect_type(void **state)
{
	struct sbx_error err;
	struct sbx_msg m;

	(void)state;
	assert_int_equal(sbx_channel_send(ch[1], SBX_MSG_MAPPING_REQUEST, 0, NULL, -1), 0);
	assert_int_equal(sbx_channel_expect(ch[0], SBX_MSG_MAPPING_REQUEST, &m, NULL, "mapping ids", &err), 0);
	assert_int_equal(sbx_channel_send(ch[1], SBX_MSG_READY, 0, NULL, -1), 0);
	assert_int_equal(sbx_channel_expect(ch[0], SBX_MSG_MAPPING_REQUEST, &m, NULL, "mapping ids", &err), -EPROTO);
	assert_string_equal(err.msg, "unexpected message 7 while mapping ids");
}

static void fd_passing(void **state)
{
	struct stat a, b;
	struct sbx_msg m;
	char c = 0;
	int p[2], got = -1;

	(void)state;
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	assert_int_equal(sbx_channel_send(ch[1], SBX_MSG_SECCOMP_LISTENER, 0, NULL, p[0]), 0);
	assert_int_equal(sbx_channel_recv(ch[0], &m, &got), 0);
	assert_int_equal(m.type, SBX_MSG_SECCOMP_LISTENER);
	assert_true(got >= 0);
	assert_int_not_equal(got, p[0]);
	/* the received fd is close-on-exec too */
	assert_int_equal(fcntl(got, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
	assert_int_equal(fstat(got, &a), 0);
	assert_int_equal(fstat(p[0], &b), 0);
	assert_int_equal(a.st_ino, b.st_ino);
	assert_int_equal(write(p[1], "x", 1), 1);
	assert_int_equal(read(got, &c, 1), 1);
	assert_int_equal(c, 'x');
	close(got);

	/* a message without an fd leaves fd_out at -1 */
	assert_int_equal(sbx_channel_send(ch[1], SBX_MSG_SECCOMP_DONE, 0, NULL, -1), 0);
	got = 5;
	assert_int_equal(sbx_channel_recv(ch[0], &m, &got), 0);
	assert_int_equal(got, -1);
	close(p[0]);
	close(p[1]);
}

/* A receiver that wants no fd does not keep one it was sent. */
static void fd_refused_is_closed(void **state)
{
	struct sbx_msg m;
	int p[2], before;

	(void)state;
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	assert_int_equal(sbx_channel_send(ch[1], SBX_MSG_READY, 0, NULL, p[0]), 0);
	before = count_fds();
	assert_int_equal(sbx_channel_recv(ch[0], &m, NULL), 0);
	assert_int_equal(count_fds(), before);
	close(p[0]);
	close(p[1]);
}

/* End of file is -EPIPE: queued messages first, then never a wait. */
static void peer_gone(void **state)
{
	struct sbx_error err;
	struct sbx_msg m;

	(void)state;
	assert_int_equal(sbx_channel_send(ch[1], SBX_MSG_READY, 1, NULL, -1), 0);
	close(ch[1]);
	ch[1] = -1;
	assert_int_equal(sbx_channel_recv(ch[0], &m, NULL), 0);
	assert_int_equal(m.value, 1);
	assert_int_equal(sbx_channel_recv(ch[0], &m, NULL), -EPIPE);
	assert_int_equal(sbx_channel_recv(ch[0], &m, NULL), -EPIPE);
	sbx_error_clear(&err);
	assert_int_equal(sbx_channel_expect(ch[0], SBX_MSG_MAPPING_DONE, &m, NULL, "mapping ids", &err), -EPIPE);
	assert_int_equal(err.errnum, EPIPE);
	assert_non_null(strstr(err.msg, " while mapping ids"));
	/* sending to a closed peer fails, without SIGPIPE killing us */
	assert_int_equal(sbx_channel_send(ch[0], SBX_MSG_READY, 0, NULL, -1), -EPIPE);
}

/* Anything but a whole message is a protocol error, never half-read. */
static void short_message(void **state)
{
	struct sbx_msg m;

	(void)state;
	assert_int_equal(send(ch[1], "abc", 3, 0), 3);
	assert_int_equal(sbx_channel_recv(ch[0], &m, NULL), -EPROTO);
}

/*
 * sbx_send_with_fd() on its own, as the seccomp listener hand-over uses it:
 * any bytes on a stream socket, the fd beside them; a closed peer is
 * -EPIPE, not SIGPIPE.
 */
static void send_with_fd_stream(void **state)
{
	char buf[16] = { 0 }, cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *c;
	struct stat a, b;
	int s[2], got;

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, s), 0);
	assert_int_equal(sbx_send_with_fd(s[0], "{\"pid\":1}", 9, s[0]), 0);
	assert_int_equal(recvmsg(s[1], &mh, MSG_CMSG_CLOEXEC), 9);
	assert_string_equal(buf, "{\"pid\":1}");
	c = CMSG_FIRSTHDR(&mh);
	assert_non_null(c);
	assert_int_equal(c->cmsg_type, SCM_RIGHTS);
	memcpy(&got, CMSG_DATA(c), sizeof(int));
	assert_int_equal(fstat(got, &a), 0);
	assert_int_equal(fstat(s[0], &b), 0);
	assert_int_equal(a.st_ino, b.st_ino);
	close(got);
	/* without an fd: just the bytes */
	assert_int_equal(sbx_send_with_fd(s[0], "ab", 2, -1), 0);
	mh.msg_controllen = sizeof(cbuf);
	assert_int_equal(recvmsg(s[1], &mh, 0), 2);
	assert_null(CMSG_FIRSTHDR(&mh));
	close(s[1]);
	assert_int_equal(sbx_send_with_fd(s[0], "ab", 2, -1), -EPIPE);
	close(s[0]);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(pair_kind),
		T(ok_message),
		T(error_object),
		T(expect_type),
		T(fd_passing),
		T(fd_refused_is_closed),
		T(peer_gone),
		T(send_with_fd_stream),
		T(short_message),
	};

	/* SIGPIPE at its default: a send to a dead peer without MSG_NOSIGNAL
	 * would kill the test rather than come back as -EPIPE */
	signal(SIGPIPE, SIG_DFL);
	return cmocka_run_group_tests_name("channel", tests, NULL, NULL);
}
