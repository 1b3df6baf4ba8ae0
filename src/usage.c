/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static const char bwrap_options[] =
	"    --help                       Print this help\n"
	"    --version                    Print version\n"
	"    --args FD                    Parse NUL-separated args from FD\n"
	"    --argv0 VALUE                Set argv[0] to the value VALUE before running the program\n"
	"    --level-prefix               Prepend e.g. <3> to diagnostic messages\n"
	"    --unshare-all                Unshare every namespace we support by default\n"
	"    --share-net                  Retain the network namespace (can only combine with --unshare-all)\n"
	"    --unshare-user               Create new user namespace (may be automatically implied if not setuid)\n"
	"    --unshare-user-try           Create new user namespace if possible else continue by skipping it\n"
	"    --unshare-ipc                Create new ipc namespace\n"
	"    --unshare-pid                Create new pid namespace\n"
	"    --unshare-net                Create new network namespace\n"
	"    --unshare-uts                Create new uts namespace\n"
	"    --unshare-cgroup             Create new cgroup namespace\n"
	"    --unshare-cgroup-try         Create new cgroup namespace if possible else continue by skipping it\n"
	"    --userns FD                  Use this user namespace (cannot combine with --unshare-user)\n"
	"    --userns2 FD                 After setup switch to this user namespace, only useful with --userns\n"
	"    --disable-userns             Disable further use of user namespaces inside sandbox\n"
	"    --assert-userns-disabled     Fail unless further use of user namespace inside sandbox is disabled\n"
	"    --pidns FD                   Use this pid namespace (as parent namespace if using --unshare-pid)\n"
	"    --uid UID                    Custom uid in the sandbox (requires --unshare-user or --userns)\n"
	"    --gid GID                    Custom gid in the sandbox (requires --unshare-user or --userns)\n"
	"    --hostname NAME              Custom hostname in the sandbox (requires --unshare-uts)\n"
	"    --chdir DIR                  Change directory to DIR\n"
	"    --clearenv                   Unset all environment variables\n"
	"    --setenv VAR VALUE           Set an environment variable\n"
	"    --unsetenv VAR               Unset an environment variable\n"
	"    --lock-file DEST             Take a lock on DEST while sandbox is running\n"
	"    --sync-fd FD                 Keep this fd open while sandbox is running\n"
	"    --bind SRC DEST              Bind mount the host path SRC on DEST\n"
	"    --bind-try SRC DEST          Equal to --bind but ignores non-existent SRC\n"
	"    --dev-bind SRC DEST          Bind mount the host path SRC on DEST, allowing device access\n"
	"    --dev-bind-try SRC DEST      Equal to --dev-bind but ignores non-existent SRC\n"
	"    --ro-bind SRC DEST           Bind mount the host path SRC readonly on DEST\n"
	"    --ro-bind-try SRC DEST       Equal to --ro-bind but ignores non-existent SRC\n"
	"    --bind-fd FD DEST            Bind open directory or path fd on DEST\n"
	"    --ro-bind-fd FD DEST         Bind open directory or path fd read-only on DEST\n"
	"    --remount-ro DEST            Remount DEST as readonly; does not recursively remount\n"
	"    --overlay-src SRC            Read files from SRC in the following overlay\n"
	"    --overlay RWSRC WORKDIR DEST Mount overlayfs on DEST, with RWSRC as the host path for writes and\n"
	"                                 WORKDIR an empty directory on the same filesystem as RWSRC\n"
	"    --tmp-overlay DEST           Mount overlayfs on DEST, with writes going to an invisible tmpfs\n"
	"    --ro-overlay DEST            Mount overlayfs read-only on DEST\n"
	"    --exec-label LABEL           Exec label for the sandbox\n"
	"    --file-label LABEL           File label for temporary sandbox content\n"
	"    --proc DEST                  Mount new procfs on DEST\n"
	"    --dev DEST                   Mount new dev on DEST\n"
	"    --tmpfs DEST                 Mount new tmpfs on DEST\n"
	"    --mqueue DEST                Mount new mqueue on DEST\n"
	"    --dir DEST                   Create dir at DEST\n"
	"    --file FD DEST               Copy from FD to destination DEST\n"
	"    --bind-data FD DEST          Copy from FD to file which is bind-mounted on DEST\n"
	"    --ro-bind-data FD DEST       Copy from FD to file which is readonly bind-mounted on DEST\n"
	"    --symlink SRC DEST           Create symlink at DEST with target SRC\n"
	"    --seccomp FD                 Load and use seccomp rules from FD (not repeatable)\n"
	"    --add-seccomp-fd FD          Load and use seccomp rules from FD (repeatable)\n"
	"    --block-fd FD                Block on FD until some data to read is available\n"
	"    --userns-block-fd FD         Block on FD until the user namespace is ready\n"
	"    --info-fd FD                 Write information about the running container to FD\n"
	"    --json-status-fd FD          Write container status to FD as multiple JSON documents\n"
	"    --new-session                Create a new terminal session\n"
	"    --die-with-parent            Kills with SIGKILL child process (COMMAND) when bwrap or bwrap's parent dies.\n"
	"    --as-pid-1                   Do not install a reaper process with PID=1\n"
	"    --cap-add CAP                Add cap CAP when running as privileged user\n"
	"    --cap-drop CAP               Drop cap CAP when running as privileged user\n"
	"    --perms OCTAL                Set permissions of next argument (--bind-data, --file, etc.)\n"
	"    --size BYTES                 Set size of next argument (only for --tmpfs)\n"
	"    --chmod OCTAL PATH           Change permissions of PATH (must already exist)\n";

static const char sbx_options[] =
	"\nsbx's own options:\n"
	"    --map-root                   Be uid 0 and gid 0 inside, with the subordinate ids mapped from 1 up\n"
	"    --subids                     Require the subordinate ranges of /etc/subuid and /etc/subgid\n"
	"    --no-subids                  Map your own uid and gid only, as bwrap does\n"
	"    --map-users INNER:OUTER:COUNT  Map these uids (repeatable)\n"
	"    --map-groups INNER:OUTER:COUNT Map these gids (repeatable)\n"
	"    --setgroups allow|deny       Whether setgroups(2) works inside (default: deny)\n"
	"    --seccomp-profile PROFILE    OCI/Docker seccomp JSON file, or 'default' or 'none'\n"
	"    --pass-fd FD                 Keep this inherited fd open in the sandbox (repeatable)\n"
	"    --verbose                    Say each setup step on stderr\n"
	"\nExit status: the command's own; 128+N if it died of signal N; 126 if it could not be\n"
	"executed; 127 if it was not found; 125 if sbx itself failed.\n";

char *sbx_cli_usage(enum sbx_face face, const char *prog)
{
	char *s = NULL;

	if (asprintf(&s, "usage: %s [OPTIONS...] [--] COMMAND [ARGS...]\n\n%s%s", prog ? prog : "sbx",
		     bwrap_options, face == SBX_FACE_BWRAP ? "" : sbx_options) < 0)
		return NULL;
	return s;
}
