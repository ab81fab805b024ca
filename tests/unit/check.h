/* check: the tiny unit-test harness. Each check prints one line,
 * "PASS name" or "FAIL name: why", which tests/run.sh counts. */
#ifndef THREADPDF_CHECK_H
#define THREADPDF_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failed;

/* Records one named check. */
#define CHECK(name, cond)                                                              \
	do {                                                                           \
		if (cond) {                                                            \
			printf("PASS %s\n", (name));                                   \
		} else {                                                               \
			printf("FAIL %s: %s (%s:%d)\n", (name), #cond, __FILE__, __LINE__); \
			check_failed = 1;                                              \
		}                                                                      \
	} while (0)

/* Records a string comparison, showing both sides on failure. */
#define CHECK_STR(name, got, want)                                                     \
	do {                                                                           \
		const char *g_ = (got), *w_ = (want);                                  \
		if (g_ && w_ && strcmp(g_, w_) == 0) {                                 \
			printf("PASS %s\n", (name));                                   \
		} else {                                                               \
			printf("FAIL %s: got \"%s\", want \"%s\" (%s:%d)\n", (name),   \
			       g_ ? g_ : "(null)", w_ ? w_ : "(null)", __FILE__, __LINE__); \
			check_failed = 1;                                              \
		}                                                                      \
	} while (0)

#define SKIP(name, why) printf("SKIP %s: %s\n", (name), (why))

#define CHECK_DONE() return check_failed

#endif
