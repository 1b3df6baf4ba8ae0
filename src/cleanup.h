/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_CLEANUP_H
#define SBX_CLEANUP_H

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* SBX_SANITIZED: built with AddressSanitizer or LeakSanitizer, which must
 * see every allocation freed before the process exits. */
#if defined(__SANITIZE_ADDRESS__)
#define SBX_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(leak_sanitizer)
#define SBX_SANITIZED 1
#endif
#endif

/* Scope-bound cleanup as in systemd and crun: every fd starts at -1 and
 * every pointer at NULL, and ownership is handed over with TAKE_FD/TAKE_PTR. */

static inline void sbx_freep(void *p)
{
	free(*(void **)p);
}

static inline void sbx_closep(int *fd)
{
	if (*fd >= 0) {
		int saved = errno;
		close(*fd);
		errno = saved;
	}
}

static inline void sbx_fclosep(FILE **f)
{
	if (*f)
		fclose(*f);
}

static inline void sbx_strvfreep(char ***v)
{
	if (*v) {
		for (char **p = *v; *p; p++)
			free(*p);
		free(*v);
	}
}


/*
 * A child that must not outlive the scope (a half-started sandbox on an
 * error path): SIGKILL, then reap it, so no process is left behind.  Hand
 * it over with TAKE_PID() once it is waited for.
 */
static inline void sbx_killpidp(pid_t *pid)
{
	if (*pid > 0) {
		int saved = errno;

		kill(*pid, SIGKILL);
		while (waitpid(*pid, NULL, 0) < 0 && errno == EINTR)
			;
		errno = saved;
	}
}

#define _cleanup_(f) __attribute__((cleanup(f)))
#define _cleanup_free_ _cleanup_(sbx_freep)
#define _cleanup_close_ _cleanup_(sbx_closep)
#define _cleanup_fclose_ _cleanup_(sbx_fclosep)
#define _cleanup_strv_ _cleanup_(sbx_strvfreep)
#define _cleanup_pid_ _cleanup_(sbx_killpidp)

#define TAKE_FD(fd)                \
	({                         \
		int _fd_ = (fd);   \
		(fd) = -1;         \
		_fd_;              \
	})

#define TAKE_PID(pid)              \
	({                         \
		pid_t _pid_ = (pid); \
		(pid) = 0;         \
		_pid_;             \
	})

#define TAKE_PTR(p)                       \
	({                                \
		__typeof__(p) _p_ = (p);  \
		(p) = NULL;               \
		_p_;                      \
	})

#endif
