/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The only place that prints and picks the exit status (exitcode.h).
 * argv -> plan -> validate -> resolve -> run: the layers are drawn in
 * src/README and at the top of sandbox.c.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

#include "cleanup.h"
#include "cli.h"
#include "error.h"
#include "exitcode.h"
#include "log.h"
#include "plan.h"
#include "sandbox.h"

/* The plan being parsed: --level-prefix applies from where it stands, as in
 * bubblewrap, so warnings printed during parsing look at it. */
static const struct sbx_plan *cur_plan;

static bool level_prefix(void)
{
	return cur_plan && cur_plan->level_prefix;
}

static void sink(enum sbx_log_level level, const char *msg)
{
	static const char *const syslog_level[] = {
		[SBX_LOG_WARN] = "<4>", [SBX_LOG_VERBOSE] = "<7>", [SBX_LOG_ERROR] = "<3>",
	};
	const struct sbx_face_policy *f = cur_plan ? cur_plan->face_policy : sbx_face_policy(SBX_FACE_SBX);

	/* bubblewrap's warnings are "bwrap: TEXT" with syslog level 4. */
	fprintf(stderr, "%s%s: %s%s\n", level_prefix() ? syslog_level[level] : "",
		f->name, level == SBX_LOG_WARN && f->warning_word ? "warning: " : "", msg);
}

static int fail(const struct sbx_plan *plan, const struct sbx_error *err)
{
	fprintf(stderr, "%s%s: %s\n", level_prefix() ? "<3>" : "", plan->face_policy->name, err->msg);
	if (err->status)
		return err->status;
	return plan->face_policy->failed;
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

/* --help, or bubblewrap's answer to a missing command; @prog as called. */
static int usage(struct sbx_plan *plan, const char *prog, FILE *out, int status)
{
	char *u = sbx_cli_usage(plan->face_policy, prog);

	fputs(u ? u : "", out);
	free(u);
	sbx_plan_free(plan);
	return status;
}

/*
 * unshare(1)'s habit in the sbx face: no command runs the user's $SHELL
 * (or /bin/sh).  bubblewrap's face keeps its usage error.
 */
static void default_shell(struct sbx_plan *plan)
{
	static char *shell_argv[2];
	const char *sh = getenv("SHELL");
	bool set = sh && *sh;

	if (!plan->face_policy->shell_without_command || plan->action != SBX_ACTION_RUN || plan->argc > 0)
		return;
	shell_argv[0] = (char *)(set ? sh : "/bin/sh");
	plan->argv = shell_argv;
	plan->argc = 1;
	sbx_verbose("no command given: running %s%s%s", set ? "$SHELL (" : "/bin/sh",
		    set ? sh : "", set ? ")" : "");
}

int main(int argc, char **argv)
{
	struct sbx_plan plan;
	struct sbx_error err = { 0 };
	int status = 0, ret;

	sbx_plan_init(&plan, sbx_cli_face(argv[0]));
	cur_plan = &plan;
	sbx_log_set_sink(sink, 0);
	if (refuse_privileged(&err) < 0)
		return fail(&plan, &err);
	/* bubblewrap answers a bare "bwrap" with its usage on stderr. */
	if (plan.face_policy->usage_without_command && argc <= 1)
		return usage(&plan, argv[0], stderr, 1);
	ret = sbx_cli_parse(&plan, argc - 1, argv + 1, &err);
	sbx_log_set_sink(sink, plan.verbose);
	if (ret == 0 && plan.action == SBX_ACTION_HELP)
		return usage(&plan, argv[0], stdout, 0);
	if (ret == 0 && plan.action == SBX_ACTION_VERSION) {
		puts(plan.face_policy->version);
		sbx_plan_free(&plan);
		return 0;
	}
	if (ret == 0 && plan.face_policy->usage_without_command && plan.argc <= 0)
		return usage(&plan, argv[0], stderr, 1);
	if (ret == 0)
		default_shell(&plan);
	if (ret == 0)
		ret = sbx_plan_validate(&plan, &err);
	if (ret == 0)
		ret = sbx_plan_resolve(&plan, &err);
	if (ret == 0)
		ret = sbx_run(&plan, &status, &err);
	if (ret < 0)
		status = fail(&plan, &err);
#ifndef SBX_SANITIZED
	/*
	 * After a run nothing is left to flush (stderr is unbuffered, stdout
	 * unused), and the kernel frees the rest faster than free() and the
	 * exit handlers would: they write pages pid 1 may still share, a
	 * copy-on-write fault apiece on the caller's path.  A sanitizer build
	 * frees everything, for LeakSanitizer to vouch for it.
	 */
	if (plan.action == SBX_ACTION_RUN)
		_exit(status);
#endif
	sbx_plan_free(&plan);
	return status;
}
