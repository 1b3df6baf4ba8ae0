/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_LOG_H
#define SBX_LOG_H

/*
 * Warnings and --verbose steps.  Modules never print: they hand the text to
 * the sink main.c installed, so main.c stays the only place that writes to
 * the user.
 */
#include <stdbool.h>

enum sbx_log_level {
	SBX_LOG_WARN,
	SBX_LOG_VERBOSE,
	SBX_LOG_ERROR,
};

typedef void (*sbx_log_sink)(enum sbx_log_level level, const char *msg);

/**
 * sbx_log_set_sink() - install the function that prints; @verbose enables
 * SBX_LOG_VERBOSE messages.
 */
void sbx_log_set_sink(sbx_log_sink sink, int verbose);

/**
 * sbx_warn() - a warning the user should see.
 */
void sbx_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/**
 * sbx_verbose() - one setup step, shown with --verbose.
 */
void sbx_verbose(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/**
 * sbx_verbose_on() - whether sbx_verbose() shows anything: for a caller
 * that would otherwise format text only to have it dropped.
 */
bool sbx_verbose_on(void);

/**
 * sbx_log_error() - say @msg as sbx's error, through the sink: for a
 * process that cannot hand its error to the one that prints them (the
 * child, when a caller's seccomp filter denies it sendmsg).
 */
void sbx_log_error(const char *msg);

#endif
