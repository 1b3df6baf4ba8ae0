/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target: argv -> plan (src/cli.c) and its validation (src/plan.c).
 *
 * Input: byte 0 picks the face (bit 0: bwrap).  The rest, up to the first
 * "\xff\xff", is argv, split on NUL.  Whatever follows "\xff\xff" is what an
 * "--args FD" reads: each word after an "--args" word is replaced by a fresh
 * pipe holding that content, so the parser never reads one of the fuzzer's
 * own fds.  Inside the content, the word after "--args" names a second pipe
 * holding fixed words: nesting is exercised without recursion.
 */
#include "config.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "plan.h"

#define MAX_PIPES 24
#define MAX_CONTENT 60000 /* what a pipe holds without a reader */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct words {
	char **v;
	size_t n;
};

static int pipes[MAX_PIPES];
static size_t npipes;

/* A pipe whose read end yields @len bytes then end of file, or -1. */
static int pipe_with(const char *buf, size_t len)
{
	int p[2];

	if (npipes == MAX_PIPES || len > MAX_CONTENT || pipe2(p, O_CLOEXEC) < 0)
		return -1;
	if (len && write(p[1], buf, len) != (ssize_t)len)
		abort();
	close(p[1]);
	pipes[npipes++] = p[0];
	return p[0];
}

/* Split @len bytes on NUL into malloc()ed words. */
static struct words split(const uint8_t *b, size_t len)
{
	struct words w = { calloc(len + 3, sizeof(char *)), 0 }; /* + one added word + NULL */
	size_t start = 0;

	if (!w.v)
		abort();
	for (size_t i = 0; i <= len; i++) {
		if (i == len || b[i] == 0) {
			if (i == len && i == start)
				break; /* a final NUL ends the last word */
			w.v[w.n] = strndup((const char *)b + start, i - start);
			if (!w.v[w.n++])
				abort();
			start = i + 1;
		}
	}
	return w;
}

static void free_words(struct words *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->v[i]);
	free(w->v);
}

/* Replace the word after each "--args" with a pipe from @fill; 0 or -1. */
static int point_args(struct words *w, int (*fill)(const void *), const void *ctx)
{
	for (size_t i = 0; i + 1 < w->n; i++) {
		char num[16];
		int fd;

		if (strcmp(w->v[i], "--args") != 0)
			continue;
		fd = fill(ctx);
		if (fd < 0)
			return -1;
		snprintf(num, sizeof(num), "%d", fd);
		free(w->v[i + 1]);
		w->v[i + 1] = strdup(num);
		if (!w->v[i + 1])
			abort();
	}
	return 0;
}

static int fill_nested(const void *ctx)
{
	static const char fixed[] = "--unshare-net\0--setenv\0N\0v\0";

	(void)ctx;
	return pipe_with(fixed, sizeof(fixed) - 1);
}

struct content {
	const uint8_t *b;
	size_t len;
};

/* One copy of the --args content, its own nested --args pointed at pipes. */
static int fill_content(const void *ctx)
{
	const struct content *c = ctx;
	struct words w = split(c->b, c->len);
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int fd = -1;

	/* An "--args" that ends the content would take its fd number from the
	 * next word of argv: give it a word of its own, pointed at a pipe. */
	if (w.n > 0 && strcmp(w.v[w.n - 1], "--args") == 0) {
		w.v[w.n++] = strdup("");
		if (!w.v[w.n - 1])
			abort();
	}
	if (point_args(&w, fill_nested, NULL) == 0) {
		f = open_memstream(&buf, &len);
		if (!f)
			abort();
		for (size_t i = 0; i < w.n; i++)
			fwrite(w.v[i], 1, strlen(w.v[i]) + 1, f);
		fclose(f);
		fd = pipe_with(buf, len);
	}
	free(buf);
	free_words(&w);
	return fd;
}

static const uint8_t *find_sep(const uint8_t *b, size_t len)
{
	for (size_t i = 0; i + 1 < len; i++)
		if (b[i] == 0xff && b[i + 1] == 0xff)
			return b + i;
	return NULL;
}

/* --map-users / --map-groups ranges never reach (uid_t)-1 on either side. */
static void check_ranges(const struct sbx_idrange *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (r[i].count == 0 || (uint64_t)r[i].inner + r[i].count > UINT32_MAX ||
		    (uint64_t)r[i].outer + r[i].count > UINT32_MAX)
			abort();
}

/* What every accepted plan must look like. */
static void check_plan(const struct sbx_plan *plan)
{
	if (plan->action != SBX_ACTION_RUN)
		return; /* --help, --version: parsing stopped there */
	if (plan->argc < 0 || plan->argv[plan->argc] != NULL)
		abort();
	for (int i = 0; i < plan->argc; i++)
		if (!plan->argv[i])
			abort();
	for (size_t i = 0; i < plan->n_ops; i++)
		if (!plan->ops[i].dest || !plan->ops[i].option)
			abort();
	check_ranges(plan->map_users, plan->n_map_users);
	check_ranges(plan->map_groups, plan->n_map_groups);
}

static void run(enum sbx_face face, struct words *w)
{
	struct sbx_plan plan;
	struct sbx_error err;

	sbx_plan_init(&plan, face);
	if (sbx_cli_parse(&plan, (int)w->n, w->v, &err) == 0) {
		check_plan(&plan);
		if (sbx_plan_validate(&plan, &err) == 0) {
			(void)sbx_plan_resolve(&plan, &err);
			(void)sbx_plan_has_fs_ops(&plan);
		} else if (!err.msg[0]) {
			abort(); /* every refusal says why */
		}
	} else if (!err.msg[0] || !memchr(err.msg, 0, sizeof(err.msg))) {
		abort();
	}
	sbx_plan_free(&plan);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct content c = { (const uint8_t *)"", 0 };
	const uint8_t *sep;
	struct words w;
	size_t alen;

	if (size < 1)
		return 0;
	sep = find_sep(data + 1, size - 1);
	alen = sep ? (size_t)(sep - (data + 1)) : size - 1;
	if (sep) {
		c.b = sep + 2;
		c.len = size - 1 - alen - 2;
	}
	w = split(data + 1, alen);
	w.v[w.n] = NULL;
	npipes = 0;
	if (point_args(&w, fill_content, &c) == 0)
		run((data[0] & 1) ? SBX_FACE_BWRAP : SBX_FACE_SBX, &w);
	/* the parser may have closed a pipe it consumed: EBADF is fine here,
	 * and no fd was opened since, so no other fd can be hit */
	for (size_t i = 0; i < npipes; i++)
		close(pipes[i]);
	free_words(&w);
	return 0;
}
