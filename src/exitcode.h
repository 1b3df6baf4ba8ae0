/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_EXITCODE_H
#define SBX_EXITCODE_H

/*
 * The exit statuses sbx chooses itself; otherwise it exits with the
 * command's own.  The sbx face uses those of env(1), chroot(1) and podman
 * run; the bwrap face, bubblewrap's single 1 for its own errors.
 */
enum sbx_exit {
	SBX_EXIT_BWRAP_FAILED = 1,    /* the bwrap face: sbx itself failed, or the command could not run */
	SBX_EXIT_FAILED = 125,        /* the sbx face: sbx itself failed */
	SBX_EXIT_CANNOT_EXEC = 126,   /* the command was found but could not be executed */
	SBX_EXIT_NOT_FOUND = 127,     /* the command was not found */
	SBX_EXIT_SIGNAL_BASE = 128,   /* 128+N: the command died of signal N */
};

#endif
