/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target: seccomp profile JSON -> libseccomp -> BPF
 * (src/seccomp_profile.c), and the key position finder (src/jsonpos.c)
 * on text json-c never saw.
 *
 * Input: byte 0 picks the sandbox the profile is compiled for (bit 0:
 * CAP_SYS_ADMIN in the bounding set, bit 1: an old kernel, 3.10, for
 * includes/excludes minKernel); the rest is the profile.  The finder then
 * looks in the same bytes for member "a" along a path the low bytes pick.
 *
 * Checked: a refused profile has a message and yields no program; an
 * accepted one yields exactly one non-empty program whose listener
 * settings are consistent; the finder stays inside the text and, when it
 * says found, points at a quote.
 */
#include "config.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonpos.h"
#include "plan.h"
#include "seccomp.h"
#include "seccomp_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct sbx_seccomp_env base;
static int ready;

static void init(void)
{
	struct sbx_plan plan;

	sbx_plan_init(&plan, SBX_FACE_SBX);
	sbx_seccomp_env_init(&plan, &base);
	sbx_plan_free(&plan);
	ready = 1;
}

static void check_compile(const char *text, size_t len, uint8_t pick)
{
	struct sbx_seccomp_env env = base;
	struct sbx_seccomp sc;
	struct sbx_error err = { 0 };

	memset(&sc, 0, sizeof(sc));
	env.bounding = pick & 1 ? 1ULL << 21 : 0;
	if (pick & 2) {
		env.kmajor = 3;
		env.kminor = 10;
	}
	if (sbx_seccomp_compile("fuzz.json", text, len, &env, &sc, &err) < 0) {
		if (!err.msg[0] || sc.n_progs != 0) {
			fprintf(stderr, "refused with '%s' and %zu programs\n", err.msg, sc.n_progs);
			abort();
		}
	} else if (sc.n_progs != 1 || sc.progs[0].len == 0 ||
		   ((sc.progs[0].flags & SECCOMP_FILTER_FLAG_NEW_LISTENER) && !sc.listener_path)) {
		/* notify rules without a listener would block the command forever */
		fprintf(stderr, "accepted with %zu programs\n", sc.n_progs);
		abort();
	}
	sbx_seccomp_free(&sc);
}

/* The finder on raw bytes: path steps from @pick, alternately member and element. */
static void check_finder(const char *text, size_t len, uint8_t pick)
{
	static const char *const names[] = { "syscalls", "args", "a", "" };
	struct sbx_json_step path[4];
	size_t n = pick & 3, off;
	int r;

	for (size_t i = 0; i < n; i++) {
		unsigned v = (unsigned)(pick >> (2 + 2 * i)) & 3;

		path[i] = i % 2 == 0 ? (struct sbx_json_step){ .name = names[v] }
				     : (struct sbx_json_step){ .index = v };
	}
	r = sbx_json_key_offset(text, len, path, n, "a", &off);
	if ((len == 0 && off != 0) || (len > 0 && off >= len) ||
	    (r == 0 && text[off] != '"') || (r == -ENOENT && text[off] != '{')) {
		fprintf(stderr, "finder: %d at %zu of %zu\n", r, off, len);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;

	if (size < 1)
		return 0;
	if (!ready)
		init();
	/* a copy of exactly the profile's bytes, so ASan sees any read past them */
	text = malloc(size - 1 ? size - 1 : 1);
	if (!text)
		abort();
	memcpy(text, data + 1, size - 1);
	check_compile(text, size - 1, data[0]);
	check_finder(text, size - 1, data[0]);
	free(text);
	return 0;
}
