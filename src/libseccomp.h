/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SBX_LIBSECCOMP_H
#define SBX_LIBSECCOMP_H

/*
 * libseccomp, loaded with dlopen() only when a profile must be compiled:
 * a start that finds its filter in the cache, or one given compiled BPF
 * (--seccomp FD) or no filter, hands the program to the kernel itself and
 * never needs the library, whose load cost every start some 35-40 us.
 * The headers still give the types, the SCMP_* constants and the
 * functions' signatures.  A static PIE (configure's default) links
 * libseccomp in: the same table then holds the linked functions, nothing
 * is loaded, and the identity below is the version alone.
 */
#include <seccomp.h>
#include <stdbool.h>
#include <stdint.h>

#include "error.h"

/* The libseccomp functions sbx calls, typed from libseccomp's own declarations. */
struct sbx_libseccomp {
	__typeof__(seccomp_init) *init;
	__typeof__(seccomp_release) *release;
	__typeof__(seccomp_attr_set) *attr_set;
	__typeof__(seccomp_arch_add) *arch_add;
	__typeof__(seccomp_arch_resolve_name) *arch_resolve_name;
	__typeof__(seccomp_arch_native) *arch_native;
	__typeof__(seccomp_syscall_resolve_name) *syscall_resolve_name;
	__typeof__(seccomp_rule_add_array) *rule_add_array;
	__typeof__(seccomp_export_bpf) *export_bpf;
	__typeof__(seccomp_version) *version;
};

/*
 * The architecture sbx is built for, as libseccomp's SCMP_ARCH_* token
 * (the kernel's AUDIT_ARCH_*): sbx runs only there, so it needs no
 * seccomp_arch_native() call, which would load the library on every start.
 */
#if defined(__MIPSEL__)
#define SBX_MIPS_ENDIAN(be, le) le
#else
#define SBX_MIPS_ENDIAN(be, le) be
#endif
#if defined(__x86_64__) && defined(__ILP32__)
#define SBX_SCMP_ARCH_NATIVE SCMP_ARCH_X32
#elif defined(__x86_64__)
#define SBX_SCMP_ARCH_NATIVE SCMP_ARCH_X86_64
#elif defined(__i386__)
#define SBX_SCMP_ARCH_NATIVE SCMP_ARCH_X86
#elif defined(__aarch64__) && !defined(__AARCH64EB__)
#define SBX_SCMP_ARCH_NATIVE SCMP_ARCH_AARCH64
#elif defined(__arm__) && !defined(__ARMEB__)
#define SBX_SCMP_ARCH_NATIVE SCMP_ARCH_ARM
#elif defined(__powerpc64__) && defined(__LITTLE_ENDIAN__)
#define SBX_SCMP_ARCH_NATIVE SCMP_ARCH_PPC64LE
#elif defined(__powerpc64__)
#define SBX_SCMP_ARCH_NATIVE SCMP_ARCH_PPC64
#elif defined(__powerpc__)
#define SBX_SCMP_ARCH_NATIVE SCMP_ARCH_PPC
#elif defined(__s390x__)
#define SBX_SCMP_ARCH_NATIVE SCMP_ARCH_S390X
#elif defined(__s390__)
#define SBX_SCMP_ARCH_NATIVE SCMP_ARCH_S390
#elif defined(__riscv) && __riscv_xlen == 64
#define SBX_SCMP_ARCH_NATIVE SCMP_ARCH_RISCV64
#elif defined(__hppa__) && defined(__LP64__)
#define SBX_SCMP_ARCH_NATIVE SCMP_ARCH_PARISC64
#elif defined(__hppa__)
#define SBX_SCMP_ARCH_NATIVE SCMP_ARCH_PARISC
#elif defined(__mips__) && defined(_MIPS_SIM) && defined(_ABI64) && _MIPS_SIM == _ABI64
#define SBX_SCMP_ARCH_NATIVE SBX_MIPS_ENDIAN(SCMP_ARCH_MIPS64, SCMP_ARCH_MIPSEL64)
#elif defined(__mips__) && defined(_MIPS_SIM) && defined(_ABIN32) && _MIPS_SIM == _ABIN32
#define SBX_SCMP_ARCH_NATIVE SBX_MIPS_ENDIAN(SCMP_ARCH_MIPS64N32, SCMP_ARCH_MIPSEL64N32)
#elif defined(__mips__)
#define SBX_SCMP_ARCH_NATIVE SBX_MIPS_ENDIAN(SCMP_ARCH_MIPS, SCMP_ARCH_MIPSEL)
#elif defined(__loongarch64) && defined(SCMP_ARCH_LOONGARCH64)
#define SBX_SCMP_ARCH_NATIVE SCMP_ARCH_LOONGARCH64
#else
#error "libseccomp.h: no SCMP_ARCH_* for this target; add it (libseccomp's seccomp_arch_native() names it)"
#endif

/*
 * Which libseccomp would compile a profile, told without loading it: the
 * headers' version sbx was built with, and the file configure found the
 * library in (SECCOMP_LIBFILE) as stat(2) sees it.  An upgrade, even one
 * that keeps the version, replaces the file: a new inode and mtime.
 */
struct sbx_libseccomp_id {
	uint64_t dev;
	uint64_t ino;
	uint64_t size;
	uint64_t mtime_sec;
	uint64_t mtime_nsec;
	uint32_t major;     /* SCMP_VER_*, or seccomp_version() when @loaded */
	uint32_t minor;
	uint32_t micro;
	uint32_t loaded;    /* 1: the file could not be stat()ed, the library was asked */
};

/**
 * sbx_libseccomp_load() - load libseccomp (SECCOMP_SONAME, found by
 * configure) once and resolve every function of struct sbx_libseccomp.
 * @err: on failure, "cannot load SONAME: why; install libseccomp2", for
 *       the caller to prefix with what needed it.
 *
 * Return: the table, or NULL with @err set.
 */
const struct sbx_libseccomp *sbx_libseccomp_load(struct sbx_error *err);

/**
 * sbx_libseccomp_identify() - describe the libseccomp a compile would use,
 * for the compiled-filter cache's key.
 * @id: filled, padding included, so that it can be hashed as bytes.
 *
 * Costs one stat(2).  Only when SECCOMP_LIBFILE cannot be stat()ed does it
 * load the library and take its seccomp_version() instead.
 */
void sbx_libseccomp_identify(struct sbx_libseccomp_id *id);

/**
 * sbx_libseccomp_is() - whether the loaded libseccomp is the one @id
 * describes (not, say, another one first in LD_LIBRARY_PATH).
 * @id: from sbx_libseccomp_identify().
 *
 * A filter compiled by another library must not be cached under @id's key.
 *
 * Return: true when it is, or when @id was taken from the loaded library
 * itself; false when it differs or nothing is loaded.
 */
bool sbx_libseccomp_is(const struct sbx_libseccomp_id *id);

#endif
