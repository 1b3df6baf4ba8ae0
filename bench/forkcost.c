/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench/forkcost.c - what this machine charges for the primitives a start
 * is made of: a system call, a page fault, and a child by fork(2), vfork(2)
 * and clone(CLONE_VM).  On a VM these can differ by orders of magnitude
 * from bare metal, and they decide which way of starting a sandbox is
 * cheap (bench/README.md section 9).
 *
 *   cc -O2 -o /tmp/forkcost bench/forkcost.c && /tmp/forkcost
 *   taskset -c 0 /tmp/forkcost      # one CPU (this VM's two differ)
 *
 * Each figure is the mean over N rounds, in microseconds.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static int report[2];

/* The child's first act: say when it ran (also on our memory, from a
 * stack of its own, as clone(CLONE_VM) runs it). */
static int first_act(void *arg)
{
	double t = now_us();

	(void)arg;
	if (write(report[1], &t, sizeof(t)) != sizeof(t))
		_exit(1);
	return 0;
}

/* vfork, exit, wait: in a frame of its own, which the child never leaves */
static __attribute__((noinline)) double vfork_round(void)
{
	double t = now_us();
	pid_t pid = vfork();

	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	return now_us() - t;
}

int main(void)
{
	enum { N = 100, CALLS = 200000, PAGES = 16 };
	static char stack[64 * 1024];
	double t, sum_first = 0, sum_fork = 0, sum_vfork = 0, sum_vm = 0, sum_vm_first = 0;

	t = now_us();
	for (int i = 0; i < CALLS; i++)
		syscall(SYS_getppid);
	printf("system call (getppid):                       %8.2f us\n", (now_us() - t) / CALLS);

	t = now_us();
	for (int i = 0; i < N; i++) {
		char *p = mmap(NULL, PAGES * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			return 1;
		for (int j = 0; j < PAGES; j++)
			p[j * 4096] = 1;
		munmap(p, PAGES * 4096);
	}
	printf("anonymous page fault (with mmap, munmap):    %8.2f us\n", (now_us() - t) / N / PAGES);

	for (int i = 0; i < N; i++) {
		double ran;
		pid_t pid;

		if (pipe(report) < 0)
			return 1;
		t = now_us();
		pid = fork();
		if (pid == 0) {
			first_act(NULL);
			_exit(0);
		}
		if (read(report[0], &ran, sizeof(ran)) != sizeof(ran))
			return 1;
		sum_first += ran - t;
		waitpid(pid, NULL, 0);
		sum_fork += now_us() - t;

		t = now_us();
		pid = clone(first_act, stack + sizeof(stack), CLONE_VM | SIGCHLD, NULL);
		if (read(report[0], &ran, sizeof(ran)) != sizeof(ran))
			return 1;
		sum_vm_first += ran - t;
		waitpid(pid, NULL, 0);
		sum_vm += now_us() - t;
		close(report[0]);
		close(report[1]);

		sum_vfork += vfork_round();
	}
	printf("fork: until the child runs                   %8.1f us\n", sum_first / N);
	printf("fork, exit, wait                             %8.1f us\n", sum_fork / N);
	printf("clone(CLONE_VM): until the child runs        %8.1f us\n", sum_vm_first / N);
	printf("clone(CLONE_VM), exit, wait                  %8.1f us\n", sum_vm / N);
	printf("vfork, exit, wait                            %8.1f us\n", sum_vfork / N);
	return 0;
}
