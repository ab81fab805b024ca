/* diag: every message the tool prints to stderr goes through here.
 * Messages are one line, prefixed "threadpdf: ". */
#ifndef THREADPDF_DIAG_H
#define THREADPDF_DIAG_H

/* 0 = warnings and errors, 1 = -v, 2 = -vv. */
extern int diag_verbosity;
/* Number of warnings printed so far. */
extern int diag_warnings;

void warnf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Printed only when diag_verbosity >= level. */
void verbosef(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The status line of a long run (a batch): shown in place on stderr when it
 * is a terminal, replaced by the next call, cleared by NULL; other messages
 * clear it first. Nothing when stderr is not a terminal. */
void diag_progress(const char *line);

/* At -vv, prints how long the stage that just ended took since the previous
 * call (or the start of the process), so `make bench` numbers can be explained. */
void diag_stage(const char *stage);

#endif
