/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_CAPNAMES_H
#define SBX_CAPNAMES_H

/*
 * Capability names, without libcap: sbx reads and sets its capabilities
 * with capget/capset and prctl itself (caps.c), and loading libcap cost
 * every start about 0.5 ms on the machines of bench/README.md.
 */

/* The highest capability this table names (CAP_CHECKPOINT_RESTORE). */
#define SBX_CAP_NAMED_LAST 40

/**
 * sbx_cap_name() - "cap_chown" for 0, ...: the lower-case name of @cap, as
 * capabilities(7) spells it; NULL for a number this table does not name.
 */
const char *sbx_cap_name(int cap);

/**
 * sbx_cap_from_name() - what libcap's cap_from_name() takes, as bubblewrap
 * does (its --cap-add/--cap-drop), and the profile's "caps" lists:
 *   - a number, when @s starts with a digit: strtoul() in base 0 (12, 0x0c,
 *     014), below 64; what follows the number is not looked at;
 *   - else a name, case-insensitive: the run of letters and '_' at the
 *     start of @s must be a whole name ("CAP_CHOWN", "cap_chown"); what
 *     follows that run is not looked at either.
 * @cap: set on success.
 *
 * Return: 0, or -1 when @s is neither.
 */
int sbx_cap_from_name(const char *s, int *cap);

#endif
