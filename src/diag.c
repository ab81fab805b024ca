/* diag: one place for warnings, errors and verbose detail on stderr. */
#include "diag.h"
#include "result.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

int diag_verbosity;
int diag_warnings;
static int progress_shown;   /* 1: a status line stands on the terminal */

/* Replaces control characters (newlines, terminal escapes) that input
 * text may carry, so a message stays one harmless line. */
static void defang(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = ' ';
}

/* Prints "threadpdf: <prefix><message>\n" in one write so lines never interleave. */
__attribute__((format(printf, 2, 0))) static void emit(const char *prefix, const char *fmt, va_list ap)
{
	char line[2048];
	int n = snprintf(line, sizeof line, "threadpdf: %s", prefix);

	if (n < 0)
		return;
	vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
	defang(line);
	fprintf(stderr, "%s%s\n", progress_shown ? "\r\033[K" : "", line);
	progress_shown = 0;
}

/* Shows line as the terminal's status line, replacing the last one; NULL
 * clears it. Nothing at all when stderr is not a terminal. */
void diag_progress(const char *line)
{
	if (!isatty(STDERR_FILENO))
		return;
	if (line)
		fprintf(stderr, "\r\033[K%s", line);
	else if (progress_shown)
		fputs("\r\033[K", stderr);
	progress_shown = line != NULL;
}

void warnf(const char *fmt, ...)
{
	va_list ap;

	diag_warnings++;
	va_start(ap, fmt);
	emit("warning: ", fmt, ap);
	va_end(ap);
}

void errorf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit("", fmt, ap);
	va_end(ap);
}

void verbosef(int level, const char *fmt, ...)
{
	va_list ap;

	if (diag_verbosity < level)
		return;
	va_start(ap, fmt);
	emit("", fmt, ap);
	va_end(ap);
}

tp_result tp_fail(tp_result r, char *msg, size_t msglen, const char *fmt, ...)
{
	va_list ap;

	if (msg && msglen) {
		va_start(ap, fmt);
		vsnprintf(msg, msglen, fmt, ap);
		va_end(ap);
	}
	return r;
}

/* Milliseconds on the given clock. */
static double clock_ms(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

void diag_stage(const char *stage)
{
	static double last_cpu, last_wall;
	double cpu, wall;

	if (diag_verbosity < 2)
		return;
	cpu = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
	wall = clock_ms(CLOCK_MONOTONIC);
	if (last_wall == 0)
		verbosef(2, "time: %s %.1f ms cpu", stage, cpu);
	else
		verbosef(2, "time: %s %.1f ms cpu, %.1f ms wall", stage, cpu - last_cpu, wall - last_wall);
	last_cpu = cpu;
	last_wall = wall;
}
