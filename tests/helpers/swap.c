/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * swap: exchange two paths atomically, over and over, for a race test.
 *
 *   swap A B SECONDS
 *
 * renameat2(RENAME_EXCHANGE) swaps A and B (a directory and a symlink, say)
 * in one step, as fast as it can, until SECONDS have passed.  Prints the
 * number of swaps made.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

int main(int argc, char **argv)
{
	struct timespec start, now;
	unsigned long n = 0;
	double limit;

	if (argc != 4) {
		fprintf(stderr, "usage: swap A B SECONDS\n");
		return 2;
	}
	limit = atof(argv[3]);
	clock_gettime(CLOCK_MONOTONIC, &start);
	do {
		if (syscall(SYS_renameat2, AT_FDCWD, argv[1], AT_FDCWD, argv[2], RENAME_EXCHANGE) < 0) {
			perror("swap: renameat2");
			return 1;
		}
		n++;
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while ((double)(now.tv_sec - start.tv_sec) + (double)(now.tv_nsec - start.tv_nsec) / 1e9 < limit);
	printf("%lu\n", n);
	return 0;
}
