/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <linux/capability.h>
#include <sys/prctl.h>

#include "caps.h"

int sbx_caps_apply(const struct sbx_plan *plan, struct sbx_error *err)
{
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
		return sbx_fail(err, errno, "clearing the ambient capabilities");
	if (plan->map_root)
		return 0;
	for (int c = 0; c <= CAP_LAST_CAP; c++)
		if (prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0 && errno != EINVAL)
			return sbx_fail(err, errno, "dropping capability %d from the bounding set", c);
	return 0;
}
