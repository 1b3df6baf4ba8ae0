/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_CHANNEL_H
#define SBX_CHANNEL_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* Messages between the parent and the sandbox's first process. */
enum sbx_msg_type {
	SBX_MSG_MAPPING_REQUEST = 1, /* child: my user namespace exists, map it */
	SBX_MSG_MAPPING_DONE,        /* parent: maps written (or the error) */
	SBX_MSG_SECCOMP_LISTENER,    /* child: here is the notify listener fd */
	SBX_MSG_SECCOMP_DONE,        /* parent: listener forwarded, go on */
	SBX_MSG_SETUP_FAILED,        /* child: setup or exec failed (err says why) */
	SBX_MSG_READY = 7,           /* child: set up, about to exec (6 was retired unused) */
};

/*
 * One message.  A failure on either side travels as the whole error object
 * (errnum, status, text), so the other side ends with the real reason.
 */
struct sbx_msg {
	uint32_t type;
	int32_t value;
	int32_t failed;              /* nonzero: err holds the failure */
	struct sbx_error err;
	int32_t sender;              /* receiver only: the sender's pid in the
				      * receiver's pid namespace (SO_PASSCRED), 0 if unknown */
};

/**
 * sbx_channel_pair() - a SOCK_SEQPACKET socketpair, both ends close-on-exec.
 */
int sbx_channel_pair(int fds[2], struct sbx_error *err);

/**
 * sbx_send_with_fd() - sendmsg(2) of @len bytes with @pass_fd (when >= 0)
 * as SCM_RIGHTS: no SIGPIPE, retried on EINTR.  The parent/child channel
 * and the seccomp listener hand-over both send this way.
 *
 * Return: 0 when all of it went, -EMSGSIZE when only part did, else -errno.
 */
int sbx_send_with_fd(int sock, const void *buf, size_t len, int pass_fd);

/**
 * sbx_channel_send() - send one message.
 * @e:      NULL for "ok", or the failure to pass on.
 * @pass_fd: an fd to send along (SCM_RIGHTS), or -1.
 */
int sbx_channel_send(int fd, enum sbx_msg_type type, int32_t value,
		     const struct sbx_error *e, int pass_fd);

/**
 * sbx_channel_recv() - receive one message.
 * @fd_out: where a passed fd lands (close-on-exec), or NULL to refuse one.
 *
 * With SO_PASSCRED set on @fd, msg->sender is the sending process's pid as
 * this process's pid namespace sees it (the kernel translates it).
 *
 * Return: 0; -EPIPE when the peer is gone (end of file): never blocks on a
 * dead peer, since each side holds only its own end.
 */
int sbx_channel_recv(int fd, struct sbx_msg *msg, int *fd_out);

/**
 * sbx_channel_expect() - receive a message of @type.
 * @what: the step, for the message when the peer died ("mapping ids").
 *        The message speaks of "the sandbox": only the parent ever prints
 *        it (a child whose parent died has no one to tell).
 *
 * Return: 0; the peer's own error when it sent one; -EPIPE with @err saying
 * the other side died during @what.
 */
int sbx_channel_expect(int fd, enum sbx_msg_type type, struct sbx_msg *msg,
		       int *fd_out, const char *what, struct sbx_error *err);

#endif
