# fish completion for sbx
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Options are offered until the command starts (the first word that is not an
# option or an option's argument, or the word after "--"); from there on, the
# command's own completion takes over.

# __sbx_arity OPTION: how many arguments OPTION takes.
function __sbx_arity
    switch $argv[1]
        case --overlay
            echo 3
        case --bind --bind-try --dev-bind --dev-bind-try --ro-bind --ro-bind-try \
            --bind-fd --ro-bind-fd --file --bind-data --ro-bind-data --symlink --chmod --setenv
            echo 2
        case --args --userns --userns2 --pidns --hostname --uid --gid --map-users \
            --map-groups --setgroups --userns-block-fd --remount-ro --overlay-src \
            --tmp-overlay --ro-overlay --proc --dev --tmpfs --mqueue --dir --lock-file \
            --perms --size --chdir --unsetenv --argv0 --info-fd --json-status-fd \
            --sync-fd --block-fd --pass-fd --seccomp --add-seccomp-fd --seccomp-profile \
            --cap-add --cap-drop --exec-label --file-label --landlock-ro --landlock-rw \
            --landlock-exec --landlock-connect-tcp --landlock-bind-tcp --net --publish
            echo 1
        case '*'
            echo 0
    end
end

# __sbx_state: where the cursor is.  Prints "opts" (an option or the command
# name may come), "cmd" (after "--": the command name), "arg OPTION N" (the
# N-th argument of OPTION) or "args I" (the command's arguments; the command
# is token I of the command line).
function __sbx_state
    set -l toks (commandline -opc)
    set -l n (count $toks)
    set -l i 2
    while test $i -le $n
        set -l w $toks[$i]
        if test "$w" = --
            if test $i -eq $n
                echo cmd
            else
                echo args (math $i + 1)
            end
            return
        end
        if not string match -q -- '-*' $w
            echo args $i
            return
        end
        set -l k (__sbx_arity $w)
        if test (math $i + $k) -gt $n
            echo arg $w (math $n - $i + 1)
            return
        end
        set i (math $i + 1 + $k)
    end
    echo opts
end

# __sbx_is STATE [OPTION...] [N]: the cursor is in STATE (for "arg": the
# argument N, if given, of one of the OPTIONs).
function __sbx_is
    set -l s (string split ' ' -- (__sbx_state))
    test "$s[1]" = "$argv[1]"; or return 1
    test "$argv[1]" = arg; or return 0
    set -l want $argv[2..-1]
    if string match -qr '^[0-9]+$' -- $want[-1]
        test "$s[3]" = "$want[-1]"; or return 1
        set -e want[-1]
    end
    contains -- $s[2] $want
end

function __sbx_command_name
    set -l s (__sbx_state)
    test "$s" = cmd; and return 0
    test "$s" = opts; and not string match -q -- '-*' (commandline -ct)
end

function __sbx_command_args
    set -l s (string split ' ' -- (__sbx_state))
    set -l toks (commandline -opc)
    complete -C (string join ' ' -- (string escape -- $toks[$s[2]..-1]) (commandline -ct))
end

function __sbx_fds
    for f in /proc/$fish_pid/fd/*
        string replace -r '.*/' '' -- $f
    end
end

complete -c sbx -f

# Options, with what they do; offered only where an option may stand.
function __sbx_opt
    complete -c sbx -n '__sbx_is opts' -l $argv[1] -d $argv[2]
end
__sbx_opt help 'Print the options and exit'
__sbx_opt version 'Print the version and exit'
__sbx_opt args 'Read NUL-separated arguments from FD'
__sbx_opt level-prefix 'Start messages with their syslog level'
__sbx_opt verbose 'Say each setup step on stderr'
__sbx_opt landlock-ro 'Landlock: allow reading PATH'
__sbx_opt landlock-rw 'Landlock: allow reading and writing PATH'
__sbx_opt landlock-exec 'Landlock: allow reading and running PATH'
__sbx_opt landlock-connect-tcp 'Landlock: allow TCP connect to PORT'
__sbx_opt landlock-bind-tcp 'Landlock: allow TCP bind to PORT'
__sbx_opt scope-signals 'Landlock: no signals out of the sandbox'
__sbx_opt scope-abstract-sockets 'Landlock: no abstract sockets made outside'
__sbx_opt no-scope 'Leave out the default Landlock scopes'
__sbx_opt landlock-strict 'Fail when the kernel cannot enforce a Landlock rule'
__sbx_opt no-userns 'No namespaces: no_new_privs, seccomp and Landlock only'
__sbx_opt unshare-user 'Create a new user namespace'
__sbx_opt unshare-user-try 'Create a new user namespace if possible'
__sbx_opt unshare-ipc 'Create a new IPC namespace'
__sbx_opt unshare-pid 'Create a new PID namespace'
__sbx_opt unshare-net 'Create a new network namespace'
__sbx_opt unshare-uts 'Create a new UTS namespace'
__sbx_opt unshare-cgroup 'Create a new cgroup namespace'
__sbx_opt unshare-cgroup-try 'Create a new cgroup namespace if possible'
__sbx_opt unshare-time 'Create a new time namespace'
__sbx_opt unshare-all 'Unshare every namespace bubblewrap does'
__sbx_opt share-net 'Keep the network namespace'
__sbx_opt userns 'Use the user namespace open on FD'
__sbx_opt userns2 'Switch to the user namespace on FD after setup'
__sbx_opt pidns 'Use the PID namespace open on FD'
__sbx_opt disable-userns 'Keep the command from creating user namespaces'
__sbx_opt assert-userns-disabled 'Fail unless user namespaces are disabled'
__sbx_opt hostname 'Host name in the sandbox'
__sbx_opt uid 'Uid in the sandbox'
__sbx_opt gid 'Gid in the sandbox'
__sbx_opt map-root 'Be root inside, with the subordinate ids mapped'
__sbx_opt subids 'Require the subordinate ids'
__sbx_opt no-subids 'Map your own uid and gid only'
__sbx_opt map-users 'Map uids INNER:OUTER:COUNT'
__sbx_opt map-groups 'Map gids INNER:OUTER:COUNT'
__sbx_opt setgroups 'Whether setgroups(2) works inside'
__sbx_opt userns-block-fd 'Wait on FD before setting up the ids'
__sbx_opt net 'A new network namespace, reaching out through pasta'
__sbx_opt publish 'With --net pasta, forward HOSTPORT:SANDBOXPORT[/udp] inside'
__sbx_opt allow-host-loopback "With --net pasta, let the gateway reach the host's loopback"
__sbx_opt bind 'Bind mount SRC on DEST'
__sbx_opt bind-try 'Bind mount SRC on DEST, if it exists'
__sbx_opt dev-bind 'Bind mount SRC on DEST, with devices'
__sbx_opt dev-bind-try 'Bind mount SRC on DEST with devices, if it exists'
__sbx_opt ro-bind 'Bind mount SRC read-only on DEST'
__sbx_opt ro-bind-try 'Bind mount SRC read-only on DEST, if it exists'
__sbx_opt bind-fd 'Bind mount what FD is open on, on DEST'
__sbx_opt ro-bind-fd 'Bind mount what FD is open on, read-only'
__sbx_opt remount-ro 'Remount DEST read-only'
__sbx_opt overlay-src 'Lower layer of the next overlay'
__sbx_opt overlay 'Overlay with writes to RWSRC'
__sbx_opt tmp-overlay 'Overlay with writes to a tmpfs'
__sbx_opt ro-overlay 'Read-only overlay'
__sbx_opt proc 'Mount a new procfs on DEST'
__sbx_opt dev 'Mount a new /dev on DEST'
__sbx_opt tmpfs 'Mount a new tmpfs on DEST'
__sbx_opt mqueue 'Mount a new mqueue on DEST'
__sbx_opt dir 'Create a directory'
__sbx_opt file 'Copy FD into a new file DEST'
__sbx_opt bind-data 'Copy FD into a file bind mounted on DEST'
__sbx_opt ro-bind-data 'Copy FD into a read-only bind mounted file'
__sbx_opt symlink 'Create a symbolic link DEST to TARGET'
__sbx_opt chmod 'Change the mode of PATH'
__sbx_opt perms 'Mode of the next created file or tmpfs'
__sbx_opt size 'Size of the next tmpfs'
__sbx_opt lock-file 'Hold a lock on DEST while the sandbox runs'
__sbx_opt chdir 'Working directory of the command'
__sbx_opt setenv 'Set an environment variable'
__sbx_opt unsetenv 'Unset an environment variable'
__sbx_opt clearenv 'Unset every environment variable but PWD'
__sbx_opt argv0 'argv[0] of the command'
__sbx_opt new-session 'Run the command in a new session'
__sbx_opt die-with-parent 'Kill the command when the parent dies'
__sbx_opt as-pid-1 'Run the command as PID 1, with no reaper'
__sbx_opt info-fd 'Write the sandbox information as JSON to FD'
__sbx_opt json-status-fd 'Write JSON status lines to FD'
__sbx_opt sync-fd 'Keep FD open while the sandbox runs'
__sbx_opt block-fd 'Wait until FD can be read'
__sbx_opt pass-fd 'Keep this inherited FD open'
__sbx_opt seccomp 'Load a seccomp program from FD'
__sbx_opt add-seccomp-fd 'Load a seccomp program from FD (repeatable)'
__sbx_opt seccomp-profile 'Seccomp profile: JSON file, default or none'
__sbx_opt cap-add 'Give the command a capability'
__sbx_opt cap-drop 'Take a capability away'
__sbx_opt exec-label 'SELinux label of the command (ignored)'
__sbx_opt file-label 'SELinux label of created files (ignored)'
functions -e __sbx_opt

# Option arguments.
complete -c sbx -n '__sbx_is arg --landlock-ro --landlock-rw --landlock-exec' -F
complete -c sbx -n '__sbx_is arg --landlock-connect-tcp --landlock-bind-tcp' -x
complete -c sbx -n '__sbx_is arg --bind --bind-try --dev-bind --dev-bind-try --ro-bind --ro-bind-try --symlink --remount-ro --proc --dev --tmpfs --mqueue --dir --lock-file --chdir --overlay-src --overlay --tmp-overlay --ro-overlay' -F
complete -c sbx -n '__sbx_is arg --bind-fd --ro-bind-fd --file --bind-data --ro-bind-data 2' -F
complete -c sbx -n '__sbx_is arg --chmod 2' -F
complete -c sbx -n '__sbx_is arg --args --userns --userns2 --pidns --userns-block-fd --info-fd --json-status-fd --sync-fd --block-fd --pass-fd --seccomp --add-seccomp-fd' -x -a '(__sbx_fds)'
complete -c sbx -n '__sbx_is arg --bind-fd --ro-bind-fd --file --bind-data --ro-bind-data 1' -x -a '(__sbx_fds)'
complete -c sbx -n '__sbx_is arg --setgroups' -x -a 'allow deny'
complete -c sbx -n '__sbx_is arg --net' -x -a 'pasta'
complete -c sbx -n '__sbx_is arg --publish' -x
complete -c sbx -n '__sbx_is arg --seccomp-profile' -F -a 'default none'
complete -c sbx -n '__sbx_is arg --cap-add --cap-drop' -x -a 'CAP_CHOWN CAP_DAC_OVERRIDE CAP_DAC_READ_SEARCH CAP_FOWNER CAP_FSETID CAP_KILL CAP_SETGID CAP_SETUID CAP_SETPCAP CAP_LINUX_IMMUTABLE CAP_NET_BIND_SERVICE CAP_NET_BROADCAST CAP_NET_ADMIN CAP_NET_RAW CAP_IPC_LOCK CAP_IPC_OWNER CAP_SYS_MODULE CAP_SYS_RAWIO CAP_SYS_CHROOT CAP_SYS_PTRACE CAP_SYS_PACCT CAP_SYS_ADMIN CAP_SYS_BOOT CAP_SYS_NICE CAP_SYS_RESOURCE CAP_SYS_TIME CAP_SYS_TTY_CONFIG CAP_MKNOD CAP_LEASE CAP_AUDIT_WRITE CAP_AUDIT_CONTROL CAP_SETFCAP CAP_MAC_OVERRIDE CAP_MAC_ADMIN CAP_SYSLOG CAP_WAKE_ALARM CAP_BLOCK_SUSPEND CAP_AUDIT_READ CAP_PERFMON CAP_BPF CAP_CHECKPOINT_RESTORE ALL'
complete -c sbx -n '__sbx_is arg --unsetenv; or __sbx_is arg --setenv 1' -x -a '(set -xn)'

# The command, then its own completion.
complete -c sbx -n __sbx_command_name -x -a '(__fish_complete_command)'
complete -c sbx -n '__sbx_is args' -x -a '(__sbx_command_args)'
