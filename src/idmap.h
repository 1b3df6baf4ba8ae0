/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_IDMAP_H
#define SBX_IDMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"
#include "plan.h"

enum sbx_idkind {
	SBX_UID = 0,
	SBX_GID = 1,
};

/* The maps one sandbox gets, decided in the parent before the clone. */
struct sbx_idmaps {
	struct sbx_idrange *map[2];   /* [SBX_UID], [SBX_GID] */
	size_t n[2];
	bool helper[2];               /* true: newuidmap/newgidmap; false: write it ourselves */
	uint32_t inside[2];           /* the uid / gid the command runs as */
	uint32_t setup[2];            /* the ids the caller's own map to: inside[], or 0 where the
					 plan sets up as root (res.setup_as_root; ns.c nests) */
	bool setgroups_allow;
	int lone[2];                  /* --map-root got one id: 1 no subordinate ids, 2 nested */
	/* sbx's own uid map, read before any unshare: in one process
	 * (sandbox.c) /proc/self is the new namespace by the time a write
	 * fails, so its messages must not read it again then. */
	bool nested;
	char own_uid_map[160];
	/* sbx joined a holder's user namespace (userns_holder.c) and writes
	 * the maps itself, with capabilities it drops once they are written */
	bool holder;
};

/**
 * sbx_passwd_name() - the name of @uid in an /etc/passwd-style buffer: the
 * first entry that has it, as NSS's files source answers.  Blank and #
 * lines are skipped.  Pure.
 * @name: where the name is copied, @len bytes with the final NUL.
 *
 * Return: 0; -ENOENT when no entry has @uid; -EOPNOTSUPP when the buffer
 * holds a line this reads differently from glibc, or compat-style "+"/"-"
 * entries (ask NSS then); -ENAMETOOLONG.
 */
int sbx_passwd_name(const char *buf, uint32_t uid, char *name, size_t len);

/**
 * sbx_subid_parse() - the ranges of one user in an /etc/subuid-style buffer.
 * @buf:  the file's text, NUL-terminated.
 * @user: the user's name (may be NULL); lines may name it or its number.
 * @uid:  the user's numeric id.
 * @out:  malloc()ed ranges (.outer = first id, .count, .inner = 0).
 * @n:    how many.
 * @line: on error, the 1-based line at fault.
 *
 * Comments (#) and blank lines are skipped, and so are malformed lines of
 * other users.  A malformed line of this user is an error: a range that
 * shadow would read differently must not be half-used.
 *
 * Return: 0, -EINVAL (bad line), -ERANGE (overflow) or -ENOMEM.
 */
int sbx_subid_parse(const char *buf, const char *user, uint32_t uid,
		    struct sbx_idrange **out, size_t *n, unsigned *line);

/**
 * sbx_idmap_layout() - the map that gives @inside to @self and fills the
 * other inner ids from the subordinate ranges, from 0 upward.
 * @self:   the caller's id on the host.
 * @inside: the id the caller becomes inside.
 * @sub:    subordinate ranges (.outer, .count); may overlap each other or @self.
 * @out/@n: the map lines, first the caller's own.
 *
 * Return: 0 or a negative errno.
 */
int sbx_idmap_layout(uint32_t self, uint32_t inside, const struct sbx_idrange *sub,
		     size_t nsub, struct sbx_idrange **out, size_t *n);

/**
 * sbx_idmap_check() - check explicit map lines before any is written.
 * @option:     "--map-users" or "--map-groups", for the message.
 * @privileged: the caller may map any host id (it is root).
 *
 * Inner ranges must not overlap, outer ranges must not overlap, and each
 * outer id must be the caller's own or subordinate to it.
 */
int sbx_idmap_check(const char *option, const struct sbx_idrange *req, size_t nreq,
		    uint32_t self, const struct sbx_idrange *sub, size_t nsub,
		    bool privileged, struct sbx_error *err);

/**
 * sbx_idrange_sort() - sort @n ranges by their first inner id (@by_inner)
 * or first outer id; the order of equal keys is unspecified.
 */
void sbx_idrange_sort(struct sbx_idrange *r, size_t n, bool by_inner);

/**
 * sbx_idmap_format() - "inner outer count\n" lines, as /proc/PID/uid_map takes.
 *
 * Return: the length written, or -ENOSPC.
 */
int sbx_idmap_format(const struct sbx_idrange *r, size_t n, char *buf, size_t len);

/**
 * sbx_idmap_parse() - the lines of a uid_map/gid_map text ("inner outer
 * count", blanks around), in the order the kernel shows them (written).
 * Pure.
 * @out: malloc()ed; NULL with @n 0 for an empty text.
 *
 * Return: 0, -EINVAL (not three numbers a line) or -ENOMEM.
 */
int sbx_idmap_parse(const char *text, struct sbx_idrange **out, size_t *n);

/**
 * sbx_idmap_identity() - the ids the outer side of @r names, each mapped to
 * itself: sorted, overlapping and adjacent ranges merged into one line
 * (.inner = .outer).  Pure.  The map of the user namespace a holder keeps
 * (userns_holder.c) for a sandbox mapped with @r.
 * @out: malloc()ed; NULL with @nout 0 when @n is 0.
 *
 * Return: 0 or -ENOMEM.
 */
int sbx_idmap_identity(const struct sbx_idrange *r, size_t n, struct sbx_idrange **out, size_t *nout);

/**
 * sbx_idmap_is_identity() - does @map (as read from a uid_map) map each of
 * its ids to itself, and name exactly the ids of @want (what
 * sbx_idmap_identity() returned)?  Lines may come in any order and be
 * split anywhere.  Pure.
 */
bool sbx_idmap_is_identity(const struct sbx_idrange *map, size_t n, const struct sbx_idrange *want, size_t nwant);

/**
 * sbx_idmap_prepare() - decide the maps for @plan (reads the subid sources).
 *
 * On failure nothing stays allocated in @maps.
 */
int sbx_idmap_prepare(const struct sbx_plan *plan, struct sbx_idmaps *maps,
		      struct sbx_error *err);

/**
 * struct sbx_idmap_run - the helpers sbx_idmap_start() left running.
 * @hpid:  newuidmap / newgidmap pids, -1 when not started.
 * @errfd: their stderr pipes.
 */
struct sbx_idmap_run {
	pid_t hpid[2];
	int errfd[2];
};

/**
 * sbx_idmap_start() - the first half of writing the child's maps: setgroups
 * "deny" and the maps sbx writes itself written, newuidmap/newgidmap
 * started, not waited for, so they run while the child starts.  @run is
 * always set up for sbx_idmap_finish().
 *
 * Return: 0 or a negative errno with @err set.
 */
int sbx_idmap_start(pid_t pid, const struct sbx_idmaps *maps, struct sbx_idmap_run *run,
		    struct sbx_error *err);

/**
 * sbx_idmap_finish() - the second half: the helpers waited for (always,
 * even after a failure) and their maps checked.
 * @started: what sbx_idmap_start() returned (its error is already in @err).
 *
 * Return: 0 or a negative errno with @err set.
 */
int sbx_idmap_finish(pid_t pid, const struct sbx_idmaps *maps, struct sbx_idmap_run *run,
		     int started, struct sbx_error *err);

/**
 * sbx_idmaps_free() - release the ranges.
 */
void sbx_idmaps_free(struct sbx_idmaps *maps);

#endif
