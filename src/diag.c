/* diag: one place for warnings, errors and verbose detail on stderr. */
#include "diag.h"
#include "result.h"

#include <stdarg.h>
#include <stdio.h>

int diag_verbosity;
int diag_warnings;

/* Replaces control characters (newlines, terminal escapes) that input
 * text may carry, so a message stays one harmless line. */
static void defang(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = ' ';
}

/* Prints "threadpdf: <prefix><message>\n" in one write so lines never interleave. */
static void emit(const char *prefix, const char *fmt, va_list ap)
{
	char line[2048];
	int n = snprintf(line, sizeof line, "threadpdf: %s", prefix);

	if (n < 0)
		return;
	vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
	defang(line);
	fprintf(stderr, "%s\n", line);
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
