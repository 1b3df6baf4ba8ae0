/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target: the seccomp cache's decoder (sbx_seccomp_cache_decode),
 * which reads files a sandbox or another user may have written.
 *
 * Input: one mode byte, then an entry.  Mode 0 decodes the entry as it is
 * (the MAC must hold: nothing behind it may be read otherwise).  Mode 1
 * appends the right MAC first, so the fuzzer reaches the checks after it
 * (key, size, program).  The secret is 32 bytes of 0x5a, the key 32 of 0x11.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "seccomp_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sbx_cache_auth a;
	struct sbx_seccomp sc = { 0 };
	struct hmac_sha256_ctx c;
	const char *why = NULL;
	struct sbx_error err;
	uint8_t *buf;
	size_t len;

	if (!a.nettle) {
		a.nettle = sbx_nettle_load(&err);
		if (!a.nettle)
			abort();
		memset(a.secret, 0x5a, sizeof(a.secret));
		memset(a.key, 0x11, sizeof(a.key));
	}
	if (size < 1)
		return 0;
	len = size - 1 + (data[0] & 1 ? SHA256_DIGEST_SIZE : 0);
	buf = malloc(len ? len : 1);
	if (!buf)
		return 0;
	memcpy(buf, data + 1, size - 1);
	if (data[0] & 1) {
		a.nettle->hmac_set_key(&c, SBX_SECRET_LEN, a.secret);
		a.nettle->hmac_update(&c, size - 1, buf);
		a.nettle->hmac_digest(&c, SHA256_DIGEST_SIZE, buf + size - 1);
	}
	if (sbx_seccomp_cache_decode(&a, buf, len, &sc, &why) == 0) {
		/* a program that decodes has the size its header says */
		if (sc.n_progs != 1 || sc.progs[0].len * 8 + 48 + SHA256_DIGEST_SIZE != len)
			abort();
		(void)sbx_seccomp_prog_notifies(sc.progs[0].insns, sc.progs[0].len);
	} else if (!why) {
		abort();
	}
	sbx_seccomp_free(&sc);
	free(buf);
	return 0;
}
