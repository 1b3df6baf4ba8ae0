/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sbx_subid_nss_source() (src/subid_nss.c): which /etc/nsswitch.conf texts
 * send sbx to shadow's libsubid, and which leave it with the files.
 */
#include "config.h"

#include "unit.h"

#include "subid_nss.h"

static char buf[64];

static const char *source(const char *text)
{
	memset(buf, 'Z', sizeof(buf));
	return sbx_subid_nss_source(text, buf, sizeof(buf));
}

static void no_subid_line(void **state)
{
	(void)state;
	assert_null(source(NULL));
	assert_null(source(""));
	assert_null(source("passwd: files\ngroup: files systemd\nshadow: files\n"));
	assert_null(source("subids: sss\n"));
	assert_null(source("xsubid: sss\n"));
	assert_null(source("passwd: files subid: sss\n"));
}

/* "files" is what shadow reads without NSS: no libsubid for it. */
static void files_means_none(void **state)
{
	(void)state;
	assert_null(source("subid: files\n"));
	assert_null(source("subid:files"));
	assert_null(source("subid:\tfiles # the default\n"));
	assert_null(source("subid: files sss\n"));
	assert_null(source("subid:\n"));
	assert_null(source("subid:   "));
}

static void nss_source(void **state)
{
	const char *s;

	(void)state;
	s = source("passwd: files\nsubid: sss\n");
	assert_ptr_equal(s, buf);
	assert_string_equal(s, "sss");
	assert_string_equal(source("subid:sss"), "sss");
	assert_string_equal(source("subid:\t sss  \n"), "sss");
	assert_string_equal(source("subid: sss# trailing comment\n"), "sss");
	assert_string_equal(source("subid: sss files\n"), "sss");
	assert_string_equal(source("# comment\n\npasswd: files\nsubid: freeipa\ngroup: files\n"), "freeipa");
}

static void comments_and_blanks(void **state)
{
	(void)state;
	assert_null(source("#subid: sss\n"));
	assert_null(source("# subid: sss\n"));
	assert_null(source("  # subid: sss\n"));
	/* leading blanks: sbx reads the line (a libsubid load at worst) */
	assert_string_equal(source("  subid: sss\n"), "sss");
	assert_string_equal(source("\tsubid: sss\n"), "sss");
	assert_string_equal(source("#subid: ldap\nsubid: sss\n"), "sss");
}

/* A long name is cut to the buffer, never written past it. */
static void truncation(void **state)
{
	char small[4];

	(void)state;
	memset(small, 'Z', sizeof(small));
	assert_string_equal(sbx_subid_nss_source("subid: verylongname\n", small, sizeof(small)), "ver");
	memset(small, 'Z', sizeof(small));
	assert_string_equal(sbx_subid_nss_source("subid: ab\n", small, 3), "ab");
	assert_int_equal(small[3], 'Z');
	/* no room at all: nothing is written */
	memset(small, 'Z', sizeof(small));
	assert_null(sbx_subid_nss_source("subid: sss\n", small, 0));
	assert_int_equal(small[0], 'Z');
}

/* Any database's first source: what decides whether /etc/passwd answers alone. */
static void first_source(void **state)
{
	const char *conf = "# passwd: ldap\n"
			   "group:          files\n"
			   "passwdx: nis\n"
			   "passwd:\n"
			   "PASSWD:         files systemd\n"
			   "passwd: sss\n";
	char out[32];

	(void)state;
	assert_string_equal(sbx_nss_first_source(conf, "passwd", out, sizeof(out)), "files");
	assert_string_equal(sbx_nss_first_source(conf, "group", out, sizeof(out)), "files");
	assert_string_equal(sbx_nss_first_source("passwd: compat\n", "passwd", out, sizeof(out)), "compat");
	assert_string_equal(sbx_nss_first_source("passwd:sss files", "passwd", out, sizeof(out)), "sss");
	/* an action first is not a source called files */
	assert_string_equal(sbx_nss_first_source("passwd: [NOTFOUND=return] files\n", "passwd", out,
						 sizeof(out)), "[NOTFOUND=return]");
	assert_null(sbx_nss_first_source("group: files\n", "passwd", out, sizeof(out)));
	assert_null(sbx_nss_first_source("", "passwd", out, sizeof(out)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_subid_line),
		cmocka_unit_test(files_means_none),
		cmocka_unit_test(nss_source),
		cmocka_unit_test(comments_and_blanks),
		cmocka_unit_test(truncation),
		cmocka_unit_test(first_source),
	};

	return cmocka_run_group_tests_name("subid_nss", tests, NULL, NULL);
}
