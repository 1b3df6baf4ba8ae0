/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_CLI_H
#define SBX_CLI_H

#include "error.h"
#include "plan.h"

/**
 * sbx_cli_face() - which face a program name shows ("bwrap" or anything else).
 */
enum sbx_face sbx_cli_face(const char *argv0);

/**
 * sbx_cli_parse() - turn argv (argv[0] excluded) into @plan.
 * @plan: initialised with sbx_plan_init().
 * @argc: number of words in @argv.
 * @argv: the words after the program name; not copied, must outlive @plan.
 * @err:  the first error, naming the option.
 *
 * Options are read in order.  The first word that is not an option, or the
 * word after "--", starts the command; nothing after it is ever an option.
 * "--args FD" reads NUL-separated words from FD and parses them in place.
 * Never exits and never prints.
 *
 * Return: 0, or a negative errno with @err set.
 */
int sbx_cli_parse(struct sbx_plan *plan, int argc, char **argv, struct sbx_error *err);

/**
 * sbx_cli_split_args() - split an --args buffer into words.
 * @buf: @len bytes of NUL-separated words (a final NUL is optional).
 * @out: a NULL-terminated malloc()ed vector pointing into @buf.
 * @n:   number of words.
 *
 * Return: 0 or -ENOMEM.
 */
int sbx_cli_split_args(char *buf, size_t len, char ***out, size_t *n);

/**
 * sbx_cli_usage() - the --help text of face @f, naming @prog.
 *
 * Return: a malloc()ed string, or NULL.
 */
char *sbx_cli_usage(const struct sbx_face_policy *f, const char *prog);

#endif
