/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The only place that prints and picks the exit status.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

#include "cli.h"
#include "error.h"
#include "log.h"
#include "plan.h"
#include "sandbox.h"

static const char *prefix = "sbx";
static int level_prefix;

static void sink(enum sbx_log_level level, const char *msg)
{
	fprintf(stderr, "%s%s: %s%s\n", level_prefix ? (level == SBX_LOG_WARN ? "<4>" : "<7>") : "",
		prefix, level == SBX_LOG_WARN ? "warning: " : "", msg);
}

static int fail(const struct sbx_plan *plan, const struct sbx_error *err)
{
	fprintf(stderr, "%s%s: %s\n", level_prefix ? "<3>" : "", prefix, err->msg);
	if (err->status)
		return err->status;
	return plan->face == SBX_FACE_BWRAP ? 1 : 125;
}

/*
 * sbx must never be a privilege boundary itself: a setuid or file-capability
 * sbx would hand every user's flags to a privileged process.
 */
static int refuse_privileged(struct sbx_error *err)
{
	if (getauxval(AT_SECURE))
		return sbx_fail_msg(err, EPERM, "refusing to run setuid, setgid or with file capabilities; "
				    "sbx needs no privilege (remove the setuid bit or capabilities from it)");
	return 0;
}

int main(int argc, char **argv)
{
	struct sbx_plan plan;
	struct sbx_error err = { 0 };
	int status = 0, ret;

	sbx_plan_init(&plan, sbx_cli_face(argv[0]));
	if (plan.face == SBX_FACE_BWRAP)
		prefix = "bwrap";
	sbx_log_set_sink(sink, 0);
	if (refuse_privileged(&err) < 0)
		return fail(&plan, &err);
	ret = sbx_cli_parse(&plan, argc - 1, argv + 1, &err);
	level_prefix = plan.level_prefix;
	sbx_log_set_sink(sink, plan.verbose);
	if (ret == 0 && plan.action == SBX_ACTION_HELP) {
		char *u = sbx_cli_usage(plan.face, argv[0]);

		fputs(u ? u : "", stdout);
		free(u);
		sbx_plan_free(&plan);
		return 0;
	}
	if (ret == 0 && plan.action == SBX_ACTION_VERSION) {
		if (plan.face == SBX_FACE_BWRAP)
			printf("bubblewrap 0.11.0 (sbx %s)\n", PACKAGE_VERSION);
		else
			printf("sbx %s\n", PACKAGE_VERSION);
		sbx_plan_free(&plan);
		return 0;
	}
	if (ret == 0)
		ret = sbx_plan_validate(&plan, &err);
	if (ret == 0)
		ret = sbx_run(&plan, &status, &err);
	if (ret < 0)
		status = fail(&plan, &err);
	sbx_plan_free(&plan);
	return status;
}
