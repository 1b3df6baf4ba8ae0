/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target: /etc/nsswitch.conf text -> the "subid:" source
 * (sbx_subid_nss_source), into a buffer of every size from 1 to 64 bytes
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
	char *text, *buf;
	const char *s;

	if (size < 1)
		return 0;
	len = (size_t)(data[0] % 64) + 1;
	text = malloc(size);
	buf = malloc(len);
	if (!text || !buf)
		abort();
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	s = sbx_subid_nss_source(text, buf, len);
	if (s && (s != buf || strlen(buf) >= len || !*buf || strcmp(buf, "files") == 0))
		abort();
	free(buf);
	free(text);
	return 0;
}
