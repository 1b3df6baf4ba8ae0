/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Notify listener forwarding.  A profile with SCMP_ACT_NOTIFY rules names a
 * seccomp agent's socket (listenerPath); the child loads its filter with a
 * new listener, passes the fd up, and the parent hands it to the agent the
 * way runc and crun do: the OCI container state as JSON, with the fd as
 * SCM_RIGHTS, so agents written for them work unchanged.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "channel.h"
#include "cleanup.h"
#include "jsonc.h"
#include "log.h"
#include "seccomp.h"

#define OCI_VERSION "1.0.2"

/* json-c, set by sbx_seccomp_forward_listener() before any JSON is built */
static const struct sbx_jsonc *jc;

static void put_json(struct json_object **o)
{
	if (*o)
		jc->object_put(*o);
}

/* The OCI "container process state" that seccomp agents read. */
static struct json_object *process_state(const struct sbx_seccomp *sc, pid_t pid)
{
	struct json_object *o = jc->object_new_object(), *st = jc->object_new_object();
	struct json_object *fds = jc->object_new_array();
	char id[32];

	if (!o || !st || !fds) {
		jc->object_put(o);
		jc->object_put(st);
		jc->object_put(fds);
		return NULL;
	}
	snprintf(id, sizeof(id), "sbx-%ld", (long)pid);
	jc->object_array_add(fds, jc->object_new_string("seccompFd"));
	jc->object_object_add(st, "ociVersion", jc->object_new_string(OCI_VERSION));
	jc->object_object_add(st, "id", jc->object_new_string(id));
	jc->object_object_add(st, "status", jc->object_new_string("creating"));
	jc->object_object_add(st, "pid", jc->object_new_int64(pid));
	jc->object_object_add(st, "bundle", jc->object_new_string(""));
	jc->object_object_add(o, "ociVersion", jc->object_new_string(OCI_VERSION));
	jc->object_object_add(o, "fds", fds);
	jc->object_object_add(o, "pid", jc->object_new_int64(pid));
	jc->object_object_add(o, "metadata", jc->object_new_string(sc->listener_metadata ? sc->listener_metadata : ""));
	jc->object_object_add(o, "state", st);
	return o;
}

/*
 * Non-blocking connect: a socket nobody listens on fails at once, and one
 * whose backlog is full says EAGAIN instead of holding the sandbox.
 */
static int connect_listener(const char *path, struct sbx_error *err)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	_cleanup_close_ int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

	if (s < 0)
		return sbx_fail(err, errno, "seccomp listener '%s': socket", path);
	if (strlen(path) >= sizeof(sa.sun_path))
		return sbx_fail_msg(err, ENAMETOOLONG, "seccomp listener '%s': path too long", path);
	strcpy(sa.sun_path, path);
	if (connect(s, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return sbx_fail(err, errno, "cannot reach the seccomp listener '%s'", path);
	return TAKE_FD(s);
}

int sbx_seccomp_forward_listener(const struct sbx_seccomp *sc, pid_t pid, int fd,
				 struct sbx_error *err)
{
	_cleanup_(put_json) struct json_object *state = NULL;
	_cleanup_close_ int listener = fd, s = -1;
	const char *json;
	int r;

	if (!sc->listener_path)
		return sbx_fail_msg(err, EINVAL, "the sandbox sent a seccomp listener nobody asked for");
	/* before connecting: an agent must not see a connection that brings nothing */
	jc = sbx_jsonc_load(err);
	if (!jc)
		return sbx_error_prefix(err, "seccomp listener '%s'", sc->listener_path);
	s = connect_listener(sc->listener_path, err);
	if (s < 0)
		return s;
	state = process_state(sc, pid);
	if (!state)
		return sbx_fail(err, ENOMEM, "seccomp listener '%s'", sc->listener_path);
	json = jc->object_to_json_string_ext(state, JSON_C_TO_STRING_PLAIN);
	r = sbx_send_with_fd(s, json, strlen(json), listener);
	if (r < 0)
		return sbx_fail(err, -r, "sending the seccomp listener to '%s'", sc->listener_path);
	sbx_verbose("seccomp: listener handed to '%s'", sc->listener_path);
	return 0;
}
