/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <sys/mount.h>

#include "log.h"
#include "mounts.h"

int sbx_mounts_setup(const struct sbx_plan *plan, struct sbx_error *err)
{
	/*
	 * Before anything is mounted: every mount of this namespace becomes a
	 * slave, so host mounts still appear inside but nothing mounted here
	 * ever propagates back to the host's shared peers.
	 */
	if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0)
		return sbx_fail(err, errno, "making the sandbox's mounts private");
	sbx_verbose("mount propagation: rslave");
	if (sbx_plan_has_fs_ops(plan))
		return sbx_fail_msg(err, ENOSYS, "%s: filesystem operations are not built yet",
				    plan->ops[0].option);
	return 0;
}
