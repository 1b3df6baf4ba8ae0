/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

/*
 * The option list both faces print.  The layout (the usage line, an option
 * and its placeholders from column 5, the text from column 34) and the option
 * names and placeholders are bubblewrap's interface: callers read them.  The
 * descriptions are sbx's own, and say what the option does in sbx.  A
 * description must not start with an upper-case-only word (not even "A"):
 * the docs test counts such words after an option as its arguments.
 */
static const char bwrap_options[] =
	"    --help                       Show this summary and exit\n"
	"    --version                    Show the version and exit\n"
	"    --args FD                    Read more arguments, each ended by a NUL byte, from FD\n"
	"    --argv0 VALUE                Give the command VALUE as its argv[0]\n"
	"    --level-prefix               Begin each message with its syslog level, such as <3>\n"
	"    --unshare-all                All the namespaces below; user and cgroup where possible\n"
	"    --share-net                  Keep the caller's network despite an earlier --unshare-all\n"
	"    --unshare-user               Make a new user namespace\n"
	"    --unshare-user-try           Make a new user namespace where the system allows it\n"
	"    --unshare-ipc                Make a new IPC namespace\n"
	"    --unshare-pid                Make a new PID namespace, with a reaper as its PID 1\n"
	"    --unshare-net                Make a new network namespace, with only loopback\n"
	"    --unshare-uts                Make a new UTS namespace, for a host name of its own\n"
	"    --unshare-cgroup             Make a new cgroup namespace\n"
	"    --unshare-cgroup-try         Make a new cgroup namespace where the kernel has them\n"
	"    --userns FD                  Enter the user namespace open on FD instead of making one\n"
	"    --userns2 FD                 Move into the user namespace on FD once set up (with --userns)\n"
	"    --disable-userns             Keep the command from making user namespaces of its own\n"
	"    --assert-userns-disabled     Stop unless the command already cannot make user namespaces\n"
	"    --pidns FD                   Enter the PID namespace on FD (with --unshare-pid: nest in it)\n"
	"    --uid UID                    The command's uid inside the user namespace\n"
	"    --gid GID                    The command's gid inside the user namespace\n"
	"    --hostname NAME              The host name inside; needs --unshare-uts\n"
	"    --chdir DIR                  Start the command in DIR, a path inside the sandbox\n"
	"    --clearenv                   Give the command an empty environment (PWD aside)\n"
	"    --setenv VAR VALUE           Give the command VAR=VALUE in its environment\n"
	"    --unsetenv VAR               Leave VAR out of the command's environment\n"
	"    --lock-file DEST             Hold a lock on DEST, inside, until the sandbox ends\n"
	"    --sync-fd FD                 Hold FD open until the sandbox ends\n"
	"    --bind SRC DEST              Mount the host's SRC, and what is mounted below it, on DEST\n"
	"    --bind-try SRC DEST          As --bind; nothing happens if SRC is missing\n"
	"    --dev-bind SRC DEST          As --bind, with its device nodes usable\n"
	"    --dev-bind-try SRC DEST      As --dev-bind; nothing happens if SRC is missing\n"
	"    --ro-bind SRC DEST           As --bind, read-only all the way down\n"
	"    --ro-bind-try SRC DEST       As --ro-bind; nothing happens if SRC is missing\n"
	"    --bind-fd FD DEST            Mount the file or directory that FD refers to on DEST\n"
	"    --ro-bind-fd FD DEST         As --bind-fd, read-only\n"
	"    --remount-ro DEST            Make the mount at DEST read-only, not those below it\n"
	"    --overlay-src SRC            Use SRC as a lower layer of the overlay option that follows\n"
	"    --overlay RWSRC WORKDIR DEST Stack the layers on DEST; changes land in RWSRC, and\n"
	"                                 WORKDIR is overlayfs's empty work directory beside it\n"
	"    --tmp-overlay DEST           Stack the layers on DEST; changes vanish with the sandbox\n"
	"    --ro-overlay DEST            Stack the layers on DEST, read-only\n"
	"    --exec-label LABEL           The command's SELinux label (refused: no SELinux support)\n"
	"    --file-label LABEL           The label of files made inside (refused: no SELinux support)\n"
	"    --proc DEST                  Mount a procfs on DEST\n"
	"    --dev DEST                   Mount a small /dev with the usual devices on DEST\n"
	"    --tmpfs DEST                 Mount an empty tmpfs on DEST\n"
	"    --mqueue DEST                Mount a POSIX message-queue filesystem on DEST\n"
	"    --dir DEST                   Make the directory DEST\n"
	"    --file FD DEST               Make the file DEST with the data read from FD\n"
	"    --bind-data FD DEST          Mount a file with the data read from FD on DEST\n"
	"    --ro-bind-data FD DEST       As --bind-data, read-only\n"
	"    --symlink SRC DEST           Make DEST a symbolic link whose target is SRC\n"
	"    --seccomp FD                 Filter system calls with the compiled BPF read from FD\n"
	"    --add-seccomp-fd FD          One more filter, compiled BPF read from FD (repeatable)\n"
	"    --block-fd FD                Wait, before running the command, until FD is readable\n"
	"    --userns-block-fd FD         Leave the id maps to the caller; wait until FD is readable\n"
	"    --info-fd FD                 Write the sandbox's pid and namespaces to FD, in JSON\n"
	"    --json-status-fd FD          Write JSON lines to FD: pid and namespaces, then exit code\n"
	"    --new-session                Run the command in a session of its own, without a terminal\n"
	"    --die-with-parent            Kill the command when the launcher outside the sandbox dies\n"
	"    --as-pid-1                   Run the command as PID 1 itself, with no reaper\n"
	"    --cap-add CAP                Give the command capability CAP (or ALL)\n"
	"    --cap-drop CAP               Take capability CAP (or ALL) from the command\n"
	"    --perms OCTAL                The mode of what the next option creates\n"
	"    --size BYTES                 The size limit of the next --tmpfs\n"
	"    --chmod OCTAL PATH           Change the mode of PATH, which must exist\n";

static const char sbx_options[] =
	"\nsbx's own options:\n"
	"    --map-root                   Be uid 0 and gid 0 inside, with the subordinate ids from 1 up\n"
	"    --subids                     Require the subordinate ranges of /etc/subuid and /etc/subgid\n"
	"    --no-subids                  Map your own uid and gid only\n"
	"    --map-users INNER:OUTER:COUNT\n"
	"                                 Map COUNT uids, from INNER inside to OUTER outside (repeatable)\n"
	"    --map-groups INNER:OUTER:COUNT\n"
	"                                 Map COUNT gids likewise (repeatable)\n"
	"    --setgroups allow|deny       Whether setgroups(2) works inside (default: deny)\n"
	"    --seccomp-profile PROFILE    OCI/Docker seccomp JSON file, or 'default' or 'none'\n"
	"    --pass-fd FD                 Keep this inherited fd open in the sandbox (repeatable)\n"
	"    --unshare-time               Create a new time namespace\n"
	"    --net MODE                   With 'pasta', a new network namespace reaching out through pasta(1)\n"
	"    --publish HOSTPORT:SANDBOXPORT\n"
	"                                 With --net pasta, forward a host port inside; /udp after it\n"
	"                                 for UDP (repeatable)\n"
	"    --allow-host-loopback        With --net pasta, the gateway address is the host's loopback\n"
	"    --verbose                    Say each setup step on stderr\n"
	"    --landlock-ro PATH           Landlock: only the allowed hierarchies are reachable; PATH\n"
	"                                 (as seen inside) may be read (repeatable)\n"
	"    --landlock-rw PATH           Landlock: PATH may be read and written, not executed\n"
	"    --landlock-exec PATH         Landlock: PATH may be read and executed\n"
	"    --landlock-connect-tcp PORT  Landlock: TCP connect only to the ports allowed (repeatable)\n"
	"    --landlock-bind-tcp PORT     Landlock: TCP bind only to the ports allowed (repeatable)\n"
	"    --scope-signals              Landlock: no signal to processes outside the sandbox\n"
	"    --scope-abstract-sockets     Landlock: no connection to abstract sockets made outside\n"
	"    --no-scope                   Leave out both scopes, which are on by default (Landlock ABI 6)\n"
	"    --landlock-strict            Fail, not warn, when the kernel cannot enforce a rule\n"
	"    --no-userns                  Make no namespace: no_new_privs, seccomp and Landlock only;\n"
	"                                 --ro-bind P P and --bind P P become Landlock rules on P\n"
	"\nWith no COMMAND, sbx runs $SHELL (or /bin/sh).  -h and -V are --help and --version;\n"
	"an option with one argument also takes it as --option=value; --size takes K, M or G.\n"
	"\nExit status: the command's own; 128+N if it died of signal N; 126 if it could not be\n"
	"executed; 127 if it was not found; 125 if sbx itself failed.\n"
	"\nExamples:\n"
	"  developer: be root, with your subordinate ids, in your own file tree\n"
	"    sbx --map-root -- tar xpf rootfs.tar\n"
	"  desktop-app wrapper: read-only /usr, no network, a private /tmp\n"
	"    sbx --unshare-all --ro-bind /usr /usr --symlink usr/bin /bin --symlink usr/lib /lib \\\n"
	"        --symlink usr/lib64 /lib64 --proc /proc --dev /dev --tmpfs /tmp -- app\n"
	"  desktop app: only its own directory writable, no host sockets\n"
	"    D=~/.config/app; sbx --ro-bind / / --bind \"$D\" \"$D\" --tmpfs /run --tmpfs /tmp --dev /dev \\\n"
	"        --landlock-exec /usr --landlock-ro /etc --landlock-rw \"$D\" --landlock-rw /tmp \\\n"
	"        --landlock-rw /dev -- app\n"
	"  launcher inside a container without user namespaces\n"
	"    sbx --no-userns --ro-bind / / --bind \"$PWD\" \"$PWD\" -- make\n"
	"  build: the network through pasta, and TCP connections to port 443 only\n"
	"    sbx --net pasta --landlock-connect-tcp 443 -- make fetch\n"
	"  Flatpak-style launcher: sbx as bubblewrap\n"
	"    FLATPAK_BWRAP=" SBX_BWRAP_PATH " flatpak run org.example.App\n";

char *sbx_cli_usage(const struct sbx_face_policy *f, const char *prog)
{
	char *s = NULL;

	if (asprintf(&s, "usage: %s [OPTIONS...] [--] COMMAND [ARGS...]\n\n%s%s", prog ? prog : "sbx",
		     bwrap_options, f->sbx_options ? sbx_options : "") < 0)
		return NULL;
	return s;
}
