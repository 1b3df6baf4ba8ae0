/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "log.h"

static sbx_log_sink log_sink;
static int log_verbose;

void sbx_log_set_sink(sbx_log_sink sink, int verbose)
{
	log_sink = sink;
	log_verbose = verbose;
}

__attribute__((format(printf, 2, 0)))
static void vlog(enum sbx_log_level level, const char *fmt, va_list ap)
{
	char buf[1024];

	if (!log_sink || (level == SBX_LOG_VERBOSE && !log_verbose))
		return;
	vsnprintf(buf, sizeof(buf), fmt, ap);
	log_sink(level, buf);
}

void sbx_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(SBX_LOG_WARN, fmt, ap);
	va_end(ap);
}

bool sbx_verbose_on(void)
{
	return log_sink && log_verbose;
}

void sbx_verbose(const char *fmt, ...)
{
	va_list ap;

	if (!log_verbose)
		return;
	va_start(ap, fmt);
	vlog(SBX_LOG_VERBOSE, fmt, ap);
	va_end(ap);
}

void sbx_log_error(const char *msg)
{
	if (log_sink)
		log_sink(SBX_LOG_ERROR, msg);
}
