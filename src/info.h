/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_INFO_H
#define SBX_INFO_H

#include <stdbool.h>
#include <sys/types.h>

#include "error.h"

/*
 * The JSON records bubblewrap writes on --info-fd and --json-status-fd,
 * byte for byte as bubblewrap writes them.
 */

/**
 * sbx_info_write() - the --info-fd / --json-status-fd record: the child's
 * pid and the ids of the namespaces it was given.
 * @fd:          where to write.
 * @pid:         the sandbox's first process, as the caller sees it.
 * @clone_flags: the CLONE_NEW* flags actually used (only those namespaces
 *               are listed, the mount namespace always, the user one never).
 * @one_line:    true for --json-status-fd's one-line form.
 * @err:         may be NULL.
 *
 * Return: 0 or a negative errno with @err set.
 */
int sbx_info_write(int fd, pid_t pid, unsigned long clone_flags, bool one_line, struct sbx_error *err);

/**
 * sbx_info_write_landlock() - sbx_info_write() with, in the sbx face, a
 * last member "landlock-abi": the Landlock ABI the sandbox's rules were
 * applied with (0: Landlock not used).  @landlock_abi < 0 leaves it out
 * (bubblewrap's record, byte for byte).
 */
int sbx_info_write_landlock(int fd, pid_t pid, unsigned long clone_flags, bool one_line, int landlock_abi,
			    struct sbx_error *err);

/**
 * sbx_info_write_exit() - the --json-status-fd line for the command's
 * exit: { "exit-code": N }.  Errors are ignored, as bubblewrap does: the
 * reader may be gone.
 */
void sbx_info_write_exit(int fd, int exit_code);

#endif
