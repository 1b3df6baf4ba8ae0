/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Capability names: a pure table and parser (capnames.h).
 */
#include "config.h"

#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <strings.h>

#include "capnames.h"

/* By number, as <linux/capability.h> defines them. */
static const char *const names[SBX_CAP_NAMED_LAST + 1] = {
	"cap_chown", "cap_dac_override", "cap_dac_read_search", "cap_fowner", "cap_fsetid",
	"cap_kill", "cap_setgid", "cap_setuid", "cap_setpcap", "cap_linux_immutable",
	"cap_net_bind_service", "cap_net_broadcast", "cap_net_admin", "cap_net_raw",
	"cap_ipc_lock", "cap_ipc_owner", "cap_sys_module", "cap_sys_rawio", "cap_sys_chroot",
	"cap_sys_ptrace", "cap_sys_pacct", "cap_sys_admin", "cap_sys_boot", "cap_sys_nice",
	"cap_sys_resource", "cap_sys_time", "cap_sys_tty_config", "cap_mknod", "cap_lease",
	"cap_audit_write", "cap_audit_control", "cap_setfcap", "cap_mac_override",
	"cap_mac_admin", "cap_syslog", "cap_wake_alarm", "cap_block_suspend", "cap_audit_read",
	"cap_perfmon", "cap_bpf", "cap_checkpoint_restore",
};

const char *sbx_cap_name(int cap)
{
	return cap >= 0 && cap <= SBX_CAP_NAMED_LAST ? names[cap] : NULL;
}

int sbx_cap_from_name(const char *s, int *cap)
{
	size_t len = 0;

	if (!s)
		return -1;
	if (isdigit((unsigned char)s[0])) {
		unsigned long v = strtoul(s, NULL, 0);

		if (v >= 64)
			return -1;
		*cap = (int)v;
		return 0;
	}
	while (isalpha((unsigned char)s[len]) || s[len] == '_')
		len++;
	for (int i = 0; i <= SBX_CAP_NAMED_LAST; i++)
		if (strncasecmp(s, names[i], len) == 0 && names[i][len] == '\0') {
			*cap = i;
			return 0;
		}
	return -1;
}
