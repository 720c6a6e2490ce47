// SPDX-License-Identifier: MIT
/*
 * cputime: run a command several times and print the median CPU time (user +
 * system, from wait4's rusage) of one run, in milliseconds, with the fastest
 * run and the largest resident set.  Medians of CPU time are what
 * bench/run-all.sh compares: another process on the machine changes the
 * wall clock, not the CPU a run needs.
 *
 *   cputime [-n RUNS] [-C DIR] -- CMD [ARG...]
 *   prints: MEDIAN_MS MIN_MS MAXRSS_KB USER_MS SYS_MS WALL_MS
 *
 * (the last three: the medians of user time, system time and wall time,
 * each taken on its own).
 *
 * The command's stdout and stderr go to /dev/null; a run that does not exit
 * 0 or 1 (lint finds errors in a hostile table) makes cputime fail.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv)
{
	const char *dir = NULL;
	int runs = 5, i = 1;
	double *ms, *us, *ss, *ws;
	long maxrss = 0;

	for (; i < argc && strcmp(argv[i], "--"); i++) {
		if (!strcmp(argv[i], "-n") && i + 1 < argc)
			runs = atoi(argv[++i]);
		else if (!strcmp(argv[i], "-C") && i + 1 < argc)
			dir = argv[++i];
		else
			break;
	}
	if (i >= argc || strcmp(argv[i], "--") || i + 1 >= argc || runs < 1) {
		fprintf(stderr, "usage: cputime [-n RUNS] [-C DIR] -- CMD [ARG...]\n");
		return 2;
	}
	argv += i + 1;
	ms = calloc((size_t)runs * 4, sizeof(*ms));
	if (!ms)
		return 2;
	us = ms + runs;
	ss = us + runs;
	ws = ss + runs;
	for (int r = 0; r < runs; r++) {
		struct rusage ru;
		struct timespec t0, t1;
		int status;
		pid_t pid;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		pid = fork();

		if (pid < 0) {
			perror("cputime: fork");
			return 2;
		}
		if (!pid) {
			int null = open("/dev/null", O_WRONLY);

			if (dir && chdir(dir) < 0)
				_exit(127);
			if (null >= 0) {
				dup2(null, 1);
				dup2(null, 2);
			}
			execvp(argv[0], argv);
			_exit(127);
		}
		if (wait4(pid, &status, 0, &ru) < 0) {
			perror("cputime: wait4");
			return 2;
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ws[r] = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
			(double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
		us[r] = ru.ru_utime.tv_sec * 1e3 + ru.ru_utime.tv_usec / 1e3;
		ss[r] = ru.ru_stime.tv_sec * 1e3 + ru.ru_stime.tv_usec / 1e3;
		if (!WIFEXITED(status) || WEXITSTATUS(status) > 1) {
			fprintf(stderr, "cputime: %s failed (status 0x%x)\n", argv[0], status);
			return 2;
		}
		ms[r] = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
			(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
		if (ru.ru_maxrss > maxrss)
			maxrss = ru.ru_maxrss;
	}
	{
		double med = median(ms, runs);

		printf("%.2f %.2f %ld %.2f %.2f %.2f\n", med, ms[0], maxrss, median(us, runs),
		       median(ss, runs), median(ws, runs));
	}
	free(ms);
	return 0;
}
