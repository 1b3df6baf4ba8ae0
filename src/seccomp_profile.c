/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Seccomp profiles: the OCI runtime-spec "linux.seccomp" object and the
 * Docker / containers JSON files, read with json-c and compiled with
 * libseccomp into one BPF program.  The semantics follow what Docker,
 * podman, runc and crun do with the same files, so a profile behaves the
 * same under sbx as under a container engine.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "capnames.h"
#include "cleanup.h"
#include "jsonc.h"
#include "jsonpos.h"
#include "libseccomp.h"
#include "log.h"
#include "seccomp_internal.h"

#define FIELD_MAX 96
#define ERRNO_MAX 4095 /* the kernel clamps a filter's errno to MAX_ERRNO */

struct pctx {
	const char *file;
	const char *text; /* the profile's bytes, to find a key's line and column */
	size_t len;
	const struct sbx_seccomp_env *env;
	struct sbx_error *err;
	scmp_filter_ctx ctx;
	uint32_t def_action;
	unsigned int flags;
	bool notify;
	char *listener_path;
	char *listener_metadata;
	/* syscall names already warned about: each is said once */
	char **unknown;
	size_t n_unknown;
};

static int perr(struct pctx *p, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void fld(char *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A field's path for messages, "syscalls[3].args[0].op"; cut if ever too long. */
static void fld(char *buf, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, FIELD_MAX, fmt, ap);
	va_end(ap);
}

/* "seccomp profile 'FILE': FIELD: what is wrong" */
static int perr(struct pctx *p, const char *field, const char *fmt, ...)
{
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return sbx_fail_msg(p->err, EINVAL, "seccomp profile '%s': %s: %s", p->file, field, what);
}

/* json-c and libseccomp, set by sbx_seccomp_compile() before either is used */
static const struct sbx_jsonc *jc;
static const struct sbx_libseccomp *sl;

static void cleanup_ctx(scmp_filter_ctx *ctx)
{
	if (*ctx)
		sl->release(*ctx);
}

static void cleanup_json(struct json_object **o)
{
	if (*o)
		jc->object_put(*o);
}

/* --- JSON --- */

static int parse_json(struct pctx *p, const char *text, size_t len, struct json_object **out)
{
	struct json_tokener *tok = jc->tokener_new();
	struct json_object *o;
	enum json_tokener_error je;
	size_t end;
	unsigned line, col;

	if (!tok)
		return sbx_fail(p->err, ENOMEM, "parsing seccomp profile '%s'", p->file);
	if (len > INT32_MAX)
		len = INT32_MAX;
	jc->tokener_set_flags(tok, JSON_TOKENER_STRICT);
	o = jc->tokener_parse_ex(tok, text, (int)len);
	je = jc->tokener_get_error(tok);
	end = jc->tokener_get_parse_end(tok);
	jc->tokener_free(tok);
	if (je == json_tokener_success) {
		while (end < len && isspace((unsigned char)text[end]))
			end++;
		if (end == len) {
			*out = o;
			return 0;
		}
		jc->object_put(o);
	}
	sbx_json_line_col(text, len, end, &line, &col);
	return sbx_fail_msg(p->err, EINVAL, "seccomp profile '%s': line %u, column %u: %s", p->file,
			    line, col, je == json_tokener_success ? "unexpected data after the JSON object"
			    : je == json_tokener_continue ? "unexpected end of the file"
			    : jc->tokener_error_desc(je));
}

static struct json_object *member(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	if (!jc->object_object_get_ex(o, key, &v) || jc->object_is_type(v, json_type_null))
		return NULL;
	return v;
}

static int want_type(struct pctx *p, struct json_object *v, enum json_type t, const char *field)
{
	static const char *const names[] = {
		[json_type_boolean] = "a boolean", [json_type_double] = "a number",
		[json_type_int] = "an integer", [json_type_object] = "an object",
		[json_type_array] = "an array", [json_type_string] = "a string",
	};

	if (jc->object_is_type(v, t))
		return 0;
	return perr(p, field, "expected %s", names[t]);
}

/* An optional string member: NULL when absent. */
static int get_string(struct pctx *p, struct json_object *o, const char *key,
		      const char *field, const char **out)
{
	struct json_object *v = member(o, key);
	int r;

	*out = NULL;
	if (!v)
		return 0;
	r = want_type(p, v, json_type_string, field);
	if (r < 0)
		return r;
	*out = jc->object_get_string(v);
	return 0;
}

/* An optional unsigned integer member; @found says whether it was there. */
static int get_uint(struct pctx *p, struct json_object *o, const char *key, const char *field,
		    uint64_t max, uint64_t *out, bool *found)
{
	struct json_object *v = member(o, key);
	const char *s;
	int r;

	*found = false;
	if (!v)
		return 0;
	r = want_type(p, v, json_type_int, field);
	if (r < 0)
		return r;
	s = jc->object_get_string(v);
	if (s[0] == '-')
		return perr(p, field, "%s is negative", s);
	errno = 0;
	*out = jc->object_get_uint64(v);
	if (errno || *out > max)
		return perr(p, field, "%s is above %llu", s, (unsigned long long)max);
	*found = true;
	return 0;
}

/* --- known keys --- */

/*
 * The members each object of a profile may have: the OCI runtime-spec's
 * "linux.seccomp" and what Docker's and containers' files add (archMap,
 * name, comment, includes/excludes, errno names; sbx's own profile has a
 * top-level comment too).  Any other key is an
 * error: a misspelled "syscalls" would otherwise compile to the bare
 * default action, an allow-all filter for a deny list.
 */
struct schema;
struct schema_child {
	const char *key;
	bool array; /* an array of such objects, else one */
	const struct schema *schema;
};
struct schema {
	const char *const *keys;             /* NULL-terminated */
	const struct schema_child *children; /* ends with a NULL key */
};

static const char *const top_keys[] = {
	"defaultAction", "defaultErrnoRet", "defaultErrno", "architectures", "archMap",
	"syscalls", "flags", "listenerPath", "listenerMetadata", "comment", NULL,
};
static const char *const archmap_keys[] = { "architecture", "subArchitectures", NULL };
static const char *const syscall_keys[] = {
	"names", "name", "action", "errnoRet", "errno", "args", "comment", "includes", "excludes", NULL,
};
static const char *const arg_keys[] = { "index", "value", "valueTwo", "op", NULL };
static const char *const filter_keys[] = { "caps", "arches", "minKernel", NULL };

static const struct schema_child no_children[] = { { NULL, false, NULL } };
static const struct schema arg_schema = { arg_keys, no_children };
static const struct schema filter_schema = { filter_keys, no_children };
static const struct schema archmap_schema = { archmap_keys, no_children };
static const struct schema_child syscall_children[] = {
	{ "args", true, &arg_schema }, { "includes", false, &filter_schema },
	{ "excludes", false, &filter_schema }, { NULL, false, NULL },
};
static const struct schema syscall_schema = { syscall_keys, syscall_children };
static const struct schema_child top_children[] = {
	{ "syscalls", true, &syscall_schema }, { "archMap", true, &archmap_schema },
	{ NULL, false, NULL },
};
static const struct schema top_schema = { top_keys, top_children };

#define MAX_STEPS 8 /* deeper than the deepest schema: syscalls[i].args[j] */

/* A name from the profile as a message may show it: ASCII, no controls, cut. */
static void printable(const char *in, char *out, size_t size)
{
	size_t i;

	for (i = 0; in[i] && i + 4 < size; i++)
		out[i] = in[i] >= 0x20 && in[i] < 0x7f ? in[i] : '?';
	strcpy(out + i, in[i] ? "..." : "");
}

/* "syscalls[3].args[0]" from the steps that lead there */
static void path_name(const struct sbx_json_step *path, size_t n, char *buf)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && used < FIELD_MAX; i++) {
		int w = path[i].name ? snprintf(buf + used, FIELD_MAX - used, "%s%s", i ? "." : "", path[i].name)
				     : snprintf(buf + used, FIELD_MAX - used, "[%zu]", path[i].index);

		if (w < 0)
			break;
		used += (size_t)w;
	}
}

/* "line 4, column 7: unknown key 'nmes' in syscalls[2] (known: ...)" */
static int unknown_key(struct pctx *p, const struct sbx_json_step *path, size_t n,
		       const char *key, const char *const *keys)
{
	char where[FIELD_MAX], shown[64], known[256];
	unsigned line, col;
	size_t off, used = 0;

	sbx_json_key_offset(p->text, p->len, path, n, key, &off);
	sbx_json_line_col(p->text, p->len, off, &line, &col);
	path_name(path, n, where);
	printable(key, shown, sizeof(shown));
	known[0] = '\0';
	for (size_t i = 0; keys[i] && used < sizeof(known); i++) {
		int w = snprintf(known + used, sizeof(known) - used, "%s%s", i ? ", " : "", keys[i]);

		if (w < 0)
			break;
		used += (size_t)w;
	}
	return sbx_fail_msg(p->err, EINVAL, "seccomp profile '%s': line %u, column %u: unknown key '%s' %s%s (known: %s)",
			    p->file, line, col, shown, n ? "in " : "at the top level", where, known);
}

static bool known_key(const char *const *keys, const char *key)
{
	for (size_t i = 0; keys[i]; i++)
		if (strcmp(keys[i], key) == 0)
			return true;
	return false;
}

/*
 * Every object of @o's kind has only known keys, all the way down.  The
 * whole profile is checked, also entries that do not apply here, so a
 * typo shows on every machine.  A value of the wrong type is left for the
 * compile to name.
 */
static int check_keys(struct pctx *p, struct json_object *o, const struct schema *sch,
		      struct sbx_json_step *path, size_t n)
{
	int r;

	if (!jc->object_is_type(o, json_type_object))
		return 0;
	/* json-c's object iteration, without its macro that calls json-c directly */
	for (struct lh_entry *e = lh_table_head(jc->object_get_object(o)); e; e = lh_entry_next(e))
		if (!known_key(sch->keys, lh_entry_k(e)))
			return unknown_key(p, path, n, lh_entry_k(e), sch->keys);
	for (const struct schema_child *c = sch->children; c->key; c++) {
		struct json_object *v = member(o, c->key);

		if (!v || n + 2 > MAX_STEPS)
			continue;
		path[n] = (struct sbx_json_step){ .name = c->key };
		if (!c->array) {
			if ((r = check_keys(p, v, c->schema, path, n + 1)) < 0)
				return r;
			continue;
		}
		if (!jc->object_is_type(v, json_type_array))
			continue;
		for (size_t i = 0; i < jc->object_array_length(v); i++) {
			path[n + 1] = (struct sbx_json_step){ .index = i };
			r = check_keys(p, jc->object_array_get_idx(v, i), c->schema, path, n + 2);
			if (r < 0)
				return r;
		}
	}
	return 0;
}

/* --- names --- */

static int errno_by_name(const char *name)
{
	for (int e = 1; e <= ERRNO_MAX; e++) {
		const char *n = strerrorname_np(e);

		if (n && strcmp(n, name) == 0)
			return e;
	}
	return -1;
}

static const struct {
	const char *name;
	uint32_t action; /* SCMP_ACT_ERRNO(0) and SCMP_ACT_TRACE(0) take a value */
	bool takes_value;
} actions[] = {
	{ "SCMP_ACT_KILL", SCMP_ACT_KILL, false },
	{ "SCMP_ACT_KILL_THREAD", SCMP_ACT_KILL_THREAD, false },
	{ "SCMP_ACT_KILL_PROCESS", SCMP_ACT_KILL_PROCESS, false },
	{ "SCMP_ACT_TRAP", SCMP_ACT_TRAP, false },
	{ "SCMP_ACT_ERRNO", SCMP_ACT_ERRNO(0), true },
	{ "SCMP_ACT_TRACE", SCMP_ACT_TRACE(0), true },
	{ "SCMP_ACT_ALLOW", SCMP_ACT_ALLOW, false },
	{ "SCMP_ACT_LOG", SCMP_ACT_LOG, false },
	{ "SCMP_ACT_NOTIFY", SCMP_ACT_NOTIFY, false },
};

static const struct {
	const char *name;
	enum scmp_compare op;
} ops[] = {
	{ "SCMP_CMP_NE", SCMP_CMP_NE }, { "SCMP_CMP_LT", SCMP_CMP_LT },
	{ "SCMP_CMP_LE", SCMP_CMP_LE }, { "SCMP_CMP_EQ", SCMP_CMP_EQ },
	{ "SCMP_CMP_GE", SCMP_CMP_GE }, { "SCMP_CMP_GT", SCMP_CMP_GT },
	{ "SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ },
};

static const struct {
	const char *name;
	unsigned int flag;
} filter_flags[] = {
	{ "SECCOMP_FILTER_FLAG_TSYNC", SECCOMP_FILTER_FLAG_TSYNC },
	{ "SECCOMP_FILTER_FLAG_LOG", SECCOMP_FILTER_FLAG_LOG },
	{ "SECCOMP_FILTER_FLAG_SPEC_ALLOW", SECCOMP_FILTER_FLAG_SPEC_ALLOW },
};

/* Docker's names for the architectures, as "includes": {"arches": [...]} uses them. */
static const struct {
	uint32_t arch;
	const char *docker;
} arch_names[] = {
	{ SCMP_ARCH_X86_64, "amd64" }, { SCMP_ARCH_X86, "x86" }, { SCMP_ARCH_X32, "x32" },
	{ SCMP_ARCH_AARCH64, "arm64" }, { SCMP_ARCH_ARM, "arm" },
	{ SCMP_ARCH_PPC64LE, "ppc64le" }, { SCMP_ARCH_PPC64, "ppc64" }, { SCMP_ARCH_PPC, "ppc" },
	{ SCMP_ARCH_S390X, "s390x" }, { SCMP_ARCH_S390, "s390" },
	{ SCMP_ARCH_MIPS64, "mips64" }, { SCMP_ARCH_MIPS64N32, "mips64n32" },
	{ SCMP_ARCH_MIPSEL64, "mipsel64" }, { SCMP_ARCH_MIPSEL64N32, "mips3l64n32" },
	{ SCMP_ARCH_MIPSEL, "mipsel" }, { SCMP_ARCH_MIPS, "mips" },
	{ SCMP_ARCH_RISCV64, "riscv64" },
};

static const char *docker_arch(uint32_t arch)
{
	for (size_t i = 0; i < sizeof(arch_names) / sizeof(arch_names[0]); i++)
		if (arch_names[i].arch == arch)
			return arch_names[i].docker;
	return "";
}

/* "SCMP_ARCH_X86_64" -> SCMP_ARCH_X86_64's token, 0 when libseccomp does not know it. */
static uint32_t arch_by_name(const char *name)
{
	char lower[32];
	size_t i;

	if (strncmp(name, "SCMP_ARCH_", 10) != 0)
		return 0;
	for (i = 0; name[10 + i] && i + 1 < sizeof(lower); i++)
		lower[i] = (char)tolower((unsigned char)name[10 + i]);
	lower[i] = '\0';
	return sl->arch_resolve_name(lower);
}

/* --- actions --- */

/*
 * An action with its errno (SCMP_ACT_ERRNO) or trace message (SCMP_ACT_TRACE):
 * errnoRet wins, else the errno name, else EPERM as the OCI spec says.
 */
static int get_action(struct pctx *p, struct json_object *o, const char *akey, const char *rkey,
		      const char *nkey, const char *prefix, uint32_t *out)
{
	char field[FIELD_MAX];
	const char *name, *ename;
	uint64_t ret = EPERM;
	bool has_ret;
	size_t i;
	int r;

	fld(field, "%s%s", prefix, akey);
	r = get_string(p, o, akey, field, &name);
	if (r < 0)
		return r;
	if (!name)
		return perr(p, field, "missing");
	for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (strcmp(actions[i].name, name) == 0)
			break;
	if (i == sizeof(actions) / sizeof(actions[0]))
		return perr(p, field, "unknown action '%s'", name);
	fld(field, "%s%s", prefix, rkey);
	r = get_uint(p, o, rkey, field, actions[i].action == SCMP_ACT_TRACE(0) ? 0xffff : ERRNO_MAX,
		     &ret, &has_ret);
	if (r < 0)
		return r;
	fld(field, "%s%s", prefix, nkey);
	r = get_string(p, o, nkey, field, &ename);
	if (r < 0)
		return r;
	if ((has_ret || ename) && !actions[i].takes_value) {
		fld(field, "%s%s", prefix, has_ret ? rkey : nkey);
		return perr(p, field, "action %s takes no errno", name);
	}
	if (ename && !has_ret) {
		int e = errno_by_name(ename);

		if (e < 0)
			return perr(p, field, "unknown errno name '%s'", ename);
		ret = (uint64_t)e;
	}
	*out = actions[i].takes_value ? (actions[i].action | (uint32_t)ret) : actions[i].action;
	return 0;
}

/* --- architectures --- */

static int add_arch(struct pctx *p, const char *name, const char *field)
{
	uint32_t a = arch_by_name(name);
	int r;

	if (a == 0) {
		sbx_verbose("seccomp profile '%s': %s: skipping architecture '%s' unknown to libseccomp",
			    p->file, field, name);
		return 0;
	}
	r = sl->arch_add(p->ctx, a);
	if (r < 0 && r != -EEXIST)
		return perr(p, field, "cannot add architecture '%s': %s", name, strerror(-r));
	return 0;
}

static int add_arch_list(struct pctx *p, struct json_object *arr, const char *prefix)
{
	char field[FIELD_MAX];
	int r;

	r = want_type(p, arr, json_type_array, prefix);
	if (r < 0)
		return r;
	for (size_t i = 0; i < jc->object_array_length(arr); i++) {
		struct json_object *v = jc->object_array_get_idx(arr, i);

		fld(field, "%s[%zu]", prefix, i);
		if ((r = want_type(p, v, json_type_string, field)) < 0 ||
		    (r = add_arch(p, jc->object_get_string(v), field)) < 0)
			return r;
	}
	return 0;
}

/* archMap: only the entry for this machine counts, with its sub-architectures (Docker). */
static int add_arch_map(struct pctx *p, struct json_object *map)
{
	char field[FIELD_MAX];
	int r;

	r = want_type(p, map, json_type_array, "archMap");
	if (r < 0)
		return r;
	for (size_t i = 0; i < jc->object_array_length(map); i++) {
		struct json_object *e = jc->object_array_get_idx(map, i), *subs;
		const char *a;

		fld(field, "archMap[%zu]", i);
		r = want_type(p, e, json_type_object, field);
		if (r < 0)
			return r;
		fld(field, "archMap[%zu].architecture", i);
		r = get_string(p, e, "architecture", field, &a);
		if (r < 0)
			return r;
		if (!a)
			return perr(p, field, "missing");
		if (arch_by_name(a) != p->env->arch)
			continue;
		r = add_arch(p, a, field);
		if (r < 0)
			return r;
		subs = member(e, "subArchitectures");
		fld(field, "archMap[%zu].subArchitectures", i);
		if (subs && (r = add_arch_list(p, subs, field)) < 0)
			return r;
	}
	return 0;
}

static int setup_arches(struct pctx *p, struct json_object *root)
{
	struct json_object *list = member(root, "architectures"), *map = member(root, "archMap");

	if (list && map)
		return perr(p, "archMap", "'architectures' and 'archMap' cannot both be given");
	if (list)
		return add_arch_list(p, list, "architectures");
	if (map)
		return add_arch_map(p, map);
	return 0;
}

static int setup_flags(struct pctx *p, struct json_object *root)
{
	struct json_object *arr = member(root, "flags");
	char field[FIELD_MAX];
	int r;

	if (!arr)
		return 0;
	r = want_type(p, arr, json_type_array, "flags");
	if (r < 0)
		return r;
	for (size_t i = 0; i < jc->object_array_length(arr); i++) {
		struct json_object *v = jc->object_array_get_idx(arr, i);
		const char *s;
		size_t k;

		fld(field, "flags[%zu]", i);
		r = want_type(p, v, json_type_string, field);
		if (r < 0)
			return r;
		s = jc->object_get_string(v);
		for (k = 0; k < sizeof(filter_flags) / sizeof(filter_flags[0]); k++)
			if (strcmp(filter_flags[k].name, s) == 0)
				break;
		if (k == sizeof(filter_flags) / sizeof(filter_flags[0]))
			return perr(p, field, "unknown flag '%s'", s);
		p->flags |= filter_flags[k].flag;
	}
	return 0;
}

/* --- includes / excludes --- */

static int str_in(struct pctx *p, struct json_object *arr, const char *field,
		  bool (*match)(struct pctx *, const char *), bool all, bool *out)
{
	int r;

	r = want_type(p, arr, json_type_array, field);
	if (r < 0)
		return r;
	*out = all;
	for (size_t i = 0; i < jc->object_array_length(arr); i++) {
		struct json_object *v = jc->object_array_get_idx(arr, i);

		r = want_type(p, v, json_type_string, field);
		if (r < 0)
			return r;
		if (match(p, jc->object_get_string(v)) != all) {
			*out = !all;
			break;
		}
	}
	return 0;
}

static bool arch_matches(struct pctx *p, const char *name)
{
	return strcmp(name, docker_arch(p->env->arch)) == 0;
}

/* Capabilities are checked against the bounding set the sandbox will have. */
static bool cap_held(struct pctx *p, const char *name)
{
	int c;

	if (sbx_cap_from_name(name, &c) < 0 || c < 0 || c > 63)
		return false;
	return (p->env->bounding >> c) & 1;
}

static int kernel_at_least(struct pctx *p, struct json_object *v, const char *field, bool *out)
{
	unsigned maj, min;
	char tail;
	int r;

	r = want_type(p, v, json_type_string, field);
	if (r < 0)
		return r;
	if (sscanf(jc->object_get_string(v), "%u.%u%c", &maj, &min, &tail) != 2)
		return perr(p, field, "'%s' is not a kernel version such as \"4.8\"", jc->object_get_string(v));
	*out = p->env->kmajor > maj || (p->env->kmajor == maj && p->env->kminor >= min);
	return 0;
}

/*
 * Docker's rule: an entry applies when this machine matches everything
 * "includes" asks (all its caps, one of its arches, at least minKernel)
 * and nothing "excludes" names (any cap, the arch, minKernel reached).
 */
static int entry_applies(struct pctx *p, struct json_object *sc, const char *prefix, bool *out)
{
	int r;

	static const char *const keys[] = { "includes", "excludes" };
	char field[FIELD_MAX];

	*out = true;
	for (int k = 0; k < 2 && *out; k++) {
		struct json_object *o = member(sc, keys[k]), *v;
		bool inc = k == 0, m;

		fld(field, "%s%s", prefix, keys[k]);
		if (!o)
			continue;
		r = want_type(p, o, json_type_object, field);
		if (r < 0)
			return r;
		/* The type first: json-c asserts on the length of a non-array
		 * (fuzz-profile found "caps": "7.3" abort sbx). */
		fld(field, "%s%s.caps", prefix, keys[k]);
		if ((v = member(o, "caps"))) {
			if ((r = want_type(p, v, json_type_array, field)) < 0)
				return r;
			if (jc->object_array_length(v) > 0) {
				if ((r = str_in(p, v, field, cap_held, inc, &m)) < 0)
					return r;
				*out = *out && m == inc;
			}
		}
		fld(field, "%s%s.arches", prefix, keys[k]);
		if ((v = member(o, "arches"))) {
			if ((r = want_type(p, v, json_type_array, field)) < 0)
				return r;
			if (jc->object_array_length(v) > 0) {
				if ((r = str_in(p, v, field, arch_matches, false, &m)) < 0)
					return r;
				*out = *out && m == inc;
			}
		}
		fld(field, "%s%s.minKernel", prefix, keys[k]);
		if ((v = member(o, "minKernel"))) {
			if ((r = kernel_at_least(p, v, field, &m)) < 0)
				return r;
			*out = *out && m == inc;
		}
	}
	return 0;
}

/* --- syscall rules --- */

static int get_arg(struct pctx *p, struct json_object *a, const char *prefix, struct scmp_arg_cmp *c)
{
	char field[FIELD_MAX];
	const char *op;
	uint64_t v;
	bool found;
	size_t i;
	int r;

	*c = (struct scmp_arg_cmp){ 0 };
	fld(field, "%s", prefix);
	r = want_type(p, a, json_type_object, field);
	if (r < 0)
		return r;
	fld(field, "%s.index", prefix);
	r = get_uint(p, a, "index", field, 5, &v, &found);
	if (r < 0)
		return r;
	if (!found)
		return perr(p, field, "missing");
	c->arg = (unsigned)v;
	fld(field, "%s.value", prefix);
	r = get_uint(p, a, "value", field, UINT64_MAX, &c->datum_a, &found);
	if (r < 0)
		return r;
	fld(field, "%s.valueTwo", prefix);
	r = get_uint(p, a, "valueTwo", field, UINT64_MAX, &c->datum_b, &found);
	if (r < 0)
		return r;
	fld(field, "%s.op", prefix);
	r = get_string(p, a, "op", field, &op);
	if (r < 0)
		return r;
	if (!op)
		return perr(p, field, "missing");
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (strcmp(ops[i].name, op) == 0)
			break;
	if (i == sizeof(ops) / sizeof(ops[0]))
		return perr(p, field, "unknown operator '%s'", op);
	c->op = ops[i].op;
	return 0;
}

static int get_args(struct pctx *p, struct json_object *sc, const char *prefix,
		    struct scmp_arg_cmp *conds, unsigned *n, bool *dup)
{
	struct json_object *arr = member(sc, "args");
	char field[FIELD_MAX];
	unsigned seen = 0;
	int r;

	*n = 0;
	*dup = false;
	if (!arr)
		return 0;
	fld(field, "%sargs", prefix);
	r = want_type(p, arr, json_type_array, field);
	if (r < 0)
		return r;
	if (jc->object_array_length(arr) > 6)
		return perr(p, field, "more than 6 conditions");
	for (size_t i = 0; i < jc->object_array_length(arr); i++) {
		fld(field, "%sargs[%zu]", prefix, i);
		r = get_arg(p, jc->object_array_get_idx(arr, i), field, &conds[*n]);
		if (r < 0)
			return r;
		if (seen & (1u << conds[*n].arg))
			*dup = true;
		seen |= 1u << conds[*n].arg;
		(*n)++;
	}
	return 0;
}

/*
 * A syscall newer than this libseccomp (or misspelled) gets no rule: say
 * so once per name, as crun and podman do, since a deny rule left out
 * leaves that call allowed.
 */
static int warn_unknown(struct pctx *p, const char *name)
{
	char shown[64], **grown;

	for (size_t i = 0; i < p->n_unknown; i++)
		if (strcmp(p->unknown[i], name) == 0)
			return 0;
	grown = realloc(p->unknown, (p->n_unknown + 1) * sizeof(*grown));
	if (!grown)
		return sbx_fail(p->err, ENOMEM, "seccomp profile '%s'", p->file);
	p->unknown = grown;
	p->unknown[p->n_unknown] = strdup(name);
	if (!p->unknown[p->n_unknown])
		return sbx_fail(p->err, ENOMEM, "seccomp profile '%s'", p->file);
	p->n_unknown++;
	printable(name, shown, sizeof(shown));
	sbx_warn("seccomp profile '%s': unknown syscall '%s' skipped", p->file, shown);
	return 0;
}

/*
 * libseccomp ANDs the conditions of one rule and refuses two on the same
 * argument; profiles that compare one argument several times mean OR
 * (Docker's clone and personality rules), so those become one rule each.
 */
static int add_rules(struct pctx *p, const char *prefix, const char *name, uint32_t act,
		     const struct scmp_arg_cmp *conds, unsigned n, bool dup)
{
	int nr = sl->syscall_resolve_name(name);
	int r = 0;

	if (nr == __NR_SCMP_ERROR)
		return warn_unknown(p, name);
	if (dup) {
		for (unsigned i = 0; i < n && r == 0; i++)
			r = sl->rule_add_array(p->ctx, act, nr, 1, &conds[i]);
	} else {
		r = sl->rule_add_array(p->ctx, act, nr, n, conds);
	}
	if (r < 0)
		return perr(p, prefix, "cannot add a rule for '%s': %s", name, strerror(-r));
	return 0;
}

static int get_names(struct pctx *p, struct json_object *sc, const char *prefix,
		     struct json_object **names, const char **single)
{
	char field[FIELD_MAX];
	int r;

	*names = member(sc, "names");
	fld(field, "%sname", prefix);
	r = get_string(p, sc, "name", field, single);
	if (r < 0)
		return r;
	if (*names && *single)
		return perr(p, field, "'name' and 'names' cannot both be given");
	fld(field, "%snames", prefix);
	if (*names && (r = want_type(p, *names, json_type_array, field)) < 0)
		return r;
	return 0;
}

static int add_entry(struct pctx *p, struct json_object *sc, size_t idx)
{
	char prefix[FIELD_MAX], field[FIELD_MAX];
	struct scmp_arg_cmp conds[6];
	struct json_object *names;
	const char *single;
	uint32_t act;
	unsigned n;
	bool applies, dup;
	int r;

	fld(prefix, "syscalls[%zu].", idx);
	fld(field, "syscalls[%zu]", idx);
	if ((r = want_type(p, sc, json_type_object, field)) < 0 ||
	    (r = entry_applies(p, sc, prefix, &applies)) < 0 ||
	    (r = get_names(p, sc, prefix, &names, &single)) < 0 ||
	    (r = get_action(p, sc, "action", "errnoRet", "errno", prefix, &act)) < 0 ||
	    (r = get_args(p, sc, prefix, conds, &n, &dup)) < 0)
		return r;
	/* the kernel would do the same as the default: a rule only costs time */
	if (!applies || act == p->def_action)
		return 0;
	if (act == SCMP_ACT_NOTIFY)
		p->notify = true;
	if (single)
		return add_rules(p, field, single, act, conds, n, dup);
	for (size_t i = 0; names && i < jc->object_array_length(names); i++) {
		struct json_object *v = jc->object_array_get_idx(names, i);

		fld(field, "%snames[%zu]", prefix, i);
		if ((r = want_type(p, v, json_type_string, field)) < 0 ||
		    (r = add_rules(p, field, jc->object_get_string(v), act, conds, n, dup)) < 0)
			return r;
	}
	return 0;
}

static int add_syscalls(struct pctx *p, struct json_object *root)
{
	struct json_object *arr = member(root, "syscalls");
	int r;

	if (!arr)
		return 0;
	r = want_type(p, arr, json_type_array, "syscalls");
	if (r < 0)
		return r;
	for (size_t i = 0; i < jc->object_array_length(arr); i++)
		if ((r = add_entry(p, jc->object_array_get_idx(arr, i), i)) < 0)
			return r;
	return 0;
}

static int dup_member(struct pctx *p, struct json_object *root, const char *key, char **out)
{
	const char *s;
	int r;

	r = get_string(p, root, key, key, &s);
	if (r < 0)
		return r;
	if (s && !(*out = strdup(s)))
		return sbx_fail(p->err, ENOMEM, "seccomp profile '%s'", p->file);
	return 0;
}

static int setup_listener(struct pctx *p, struct json_object *root)
{
	int r;

	if ((r = dup_member(p, root, "listenerPath", &p->listener_path)) < 0 ||
	    (r = dup_member(p, root, "listenerMetadata", &p->listener_metadata)) < 0)
		return r;
	/* with nobody to answer, a notified syscall would block forever */
	if (p->notify && !p->listener_path)
		return perr(p, "listenerPath", "SCMP_ACT_NOTIFY rules need a listenerPath");
	if (p->listener_path && strlen(p->listener_path) >= 108)
		return perr(p, "listenerPath", "'%s' is too long for a unix socket", p->listener_path);
	return 0;
}

/* --- compile --- */

static int new_ctx(struct pctx *p)
{
	p->ctx = sl->init(p->def_action);
	if (!p->ctx)
		return perr(p, "defaultAction", "libseccomp refused it");
	/* The binary-tree layout: a filtered syscall costs O(log n), not O(n). */
	if (sl->attr_set(p->ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2) < 0)
		return sbx_fail_msg(p->err, ENOTSUP, "libseccomp cannot build binary-tree filters");
	/* sbx sets no_new_privs itself and loads the exported program. */
	sl->attr_set(p->ctx, SCMP_FLTATR_CTL_NNP, 0);
	return 0;
}

static int export_bpf(struct pctx *p, struct sbx_seccomp *sc)
{
	_cleanup_close_ int fd = memfd_create("sbx-seccomp", MFD_CLOEXEC);
	_cleanup_free_ void *buf = NULL;
	struct stat st;
	int r;

	if (fd < 0)
		return sbx_fail(p->err, errno, "compiling seccomp profile '%s': memfd_create", p->file);
	r = sl->export_bpf(p->ctx, fd);
	if (r < 0)
		return sbx_fail(p->err, -r, "compiling seccomp profile '%s'", p->file);
	if (fstat(fd, &st) < 0)
		return sbx_fail(p->err, errno, "compiling seccomp profile '%s'", p->file);
	if (st.st_size <= 0 || st.st_size % SBX_BPF_INSN_SIZE || !(buf = malloc((size_t)st.st_size)))
		return sbx_fail(p->err, ENOMEM, "compiling seccomp profile '%s'", p->file);
	if (pread(fd, buf, (size_t)st.st_size, 0) != st.st_size)
		return sbx_fail(p->err, EIO, "compiling seccomp profile '%s'", p->file);
	/* the listener follows the program, as on a cache hit (sbx_seccomp_profile_settings) */
	if (sbx_seccomp_add_prog(sc, buf, (size_t)st.st_size / SBX_BPF_INSN_SIZE,
				 p->flags | (sbx_seccomp_prog_notifies(buf, (size_t)st.st_size / SBX_BPF_INSN_SIZE) ?
					     SECCOMP_FILTER_FLAG_NEW_LISTENER : 0)) < 0)
		return sbx_fail(p->err, ENOMEM, "compiling seccomp profile '%s'", p->file);
	return 0;
}

static int compile_root(struct pctx *p, struct json_object *root)
{
	struct sbx_json_step path[MAX_STEPS];
	int r;

	if ((r = want_type(p, root, json_type_object, "(top level)")) < 0 ||
	    (r = check_keys(p, root, &top_schema, path, 0)) < 0 ||
	    (r = get_action(p, root, "defaultAction", "defaultErrnoRet", "defaultErrno", "",
			    &p->def_action)) < 0)
		return r;
	if (p->def_action == SCMP_ACT_NOTIFY)
		return perr(p, "defaultAction", "SCMP_ACT_NOTIFY cannot be the default");
	if ((r = new_ctx(p)) < 0 || (r = setup_arches(p, root)) < 0 || (r = setup_flags(p, root)) < 0 ||
	    (r = add_syscalls(p, root)) < 0 || (r = setup_listener(p, root)) < 0)
		return r;
	return 0;
}

int sbx_seccomp_compile(const char *name, const char *text, size_t len,
			const struct sbx_seccomp_env *env, struct sbx_seccomp *sc,
			struct sbx_error *err)
{
	_cleanup_(cleanup_json) struct json_object *root = NULL;
	_cleanup_(cleanup_ctx) scmp_filter_ctx ctx = NULL;
	struct pctx p = { .file = name, .text = text, .len = len, .env = env, .err = err };
	int r;

	jc = sbx_jsonc_load(err);
	if (!jc)
		return sbx_error_prefix(err, "reading seccomp profile '%s'", name);
	sl = sbx_libseccomp_load(err);
	if (!sl)
		return sbx_error_prefix(err, "seccomp profile '%s'", name);
	r = parse_json(&p, text, len, &root);
	if (r == 0) {
		r = compile_root(&p, root);
		ctx = p.ctx;
	}
	if (r == 0)
		r = export_bpf(&p, sc);
	for (size_t i = 0; i < p.n_unknown; i++)
		free(p.unknown[i]);
	free(p.unknown);
	if (r < 0) {
		free(p.listener_path);
		free(p.listener_metadata);
		return r;
	}
	free(sc->listener_path);
	free(sc->listener_metadata);
	sc->listener_path = p.listener_path;
	sc->listener_metadata = p.listener_metadata;
	return 0;
}

int sbx_seccomp_profile_settings(const char *name, const char *text, size_t len,
				 struct sbx_seccomp *sc, struct sbx_error *err)
{
	_cleanup_(cleanup_json) struct json_object *root = NULL;
	struct pctx p = { .file = name, .err = err };
	struct sbx_bpf *b = &sc->progs[sc->n_progs - 1];
	int r;

	jc = sbx_jsonc_load(err);
	if (!jc)
		return sbx_error_prefix(err, "reading seccomp profile '%s'", name);
	p.notify = sbx_seccomp_prog_notifies(b->insns, b->len);
	r = parse_json(&p, text, len, &root);
	if (r == 0 && (want_type(&p, root, json_type_object, "(top level)") < 0 ||
		       setup_flags(&p, root) < 0 || setup_listener(&p, root) < 0))
		r = -EINVAL;
	if (r < 0) {
		free(p.listener_path);
		free(p.listener_metadata);
		return r;
	}
	b->flags = p.flags | (p.notify ? SECCOMP_FILTER_FLAG_NEW_LISTENER : 0);
	free(sc->listener_path);
	free(sc->listener_metadata);
	sc->listener_path = p.listener_path;
	sc->listener_metadata = p.listener_metadata;
	return 0;
}
