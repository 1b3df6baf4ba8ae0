/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_PASTA_H
#define SBX_PASTA_H

#include <sys/types.h>

#include "error.h"
#include "plan.h"

/* A running pasta(1), started by the parent for --net pasta. */
struct sbx_pasta {
	pid_t pid;  /* -1: not running */
	int log;    /* a memfd holding its stderr, -1 if none */
};

#define SBX_PASTA_INIT { .pid = -1, .log = -1 }

/**
 * sbx_pasta_check() - before the clone: is the configured pasta there?
 * Return: 0, or a negative errno with @err saying what to install.
 */
int sbx_pasta_check(struct sbx_error *err);

/**
 * sbx_pasta_start() - start pasta against the network and user namespaces
 * of @target and wait until it has configured the interface inside.
 * @plan:   resolved, with plan->res.pasta set.
 * @target: a process of the sandbox (in sbx's pid namespace) whose network
 *          namespace exists and whose ids are mapped.
 * @pa:     filled on success; stopped with sbx_pasta_stop().
 *
 * Return: 0, or a negative errno with @err holding pasta's own words.
 */
int sbx_pasta_start(const struct sbx_plan *plan, pid_t target, struct sbx_pasta *pa, struct sbx_error *err);

/**
 * sbx_pasta_stop() - kill and reap pasta; nothing if it is not running.
 */
void sbx_pasta_stop(struct sbx_pasta *pa);

#endif
