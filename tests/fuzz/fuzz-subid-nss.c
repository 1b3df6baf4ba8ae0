/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target: /etc/nsswitch.conf text -> the "subid:" source
 * (sbx_subid_nss_source), into a buffer of every size from 0 to 64 bytes
 * allocated to the byte, so ASan sees any write past it.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "subid_nss.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t len;
	char *text, *block, *buf;
	const char *s;

	if (size < 1)
		return 0;
	len = (size_t)(data[0] % 65);
	text = malloc(size);
	/* buf ends where its block ends, so ASan sees a write past it; for
	 * len 0 it points past a 1-byte block (ASan lets malloc(0) have one) */
	block = malloc(len ? len : 1);
	if (!text || !block)
		abort();
	buf = len ? block : block + 1;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	s = sbx_subid_nss_source(text, buf, len);
	if (s && (s != buf || strlen(buf) >= len || !*buf || strcmp(buf, "files") == 0))
		abort();
	free(block);
	free(text);
	return 0;
}
