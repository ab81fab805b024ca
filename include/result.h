/* result: the one result type of fallible functions. Each has a distinct
 * process exit code (see README "Exit codes"). Detail goes into a caller's
 * message buffer (char *msg, size_t msglen), one line, no trailing newline. */
#ifndef THREADPDF_RESULT_H
#define THREADPDF_RESULT_H

#include <stddef.h>

typedef enum tp_result {
	TP_OK = 0,
	TP_ERR_USAGE = 2,      /* bad command line */
	TP_ERR_INPUT = 3,      /* input is not JSON / wrong shape / no tweets / bad link */
	TP_ERR_IO = 4,         /* cannot read or write a file */
	TP_ERR_FONT = 5,       /* a font cannot be loaded */
	TP_ERR_PDF = 6,        /* libharu failed */
	TP_ERR_AUTH = 10,      /* no token, 401, 403 */
	TP_ERR_NOTFOUND = 11,  /* 404: tweet deleted or not visible */
	TP_ERR_RATE = 12,      /* 429 and the wait would exceed --max-wait */
	TP_ERR_SERVER = 13,    /* 5xx after retries */
	TP_ERR_NET = 14,       /* connection failure, timeout after retries */
	TP_ERR_PROTOCOL = 15,  /* truncated or non-JSON body, wrong content type */
	TP_ERR_MAIL = 16,      /* SMTP delivery failed */
	TP_ERR_PARTIAL = 17,   /* a batch: some threads failed, the others were written */
	TP_INTERRUPTED = 130   /* stopped by SIGINT or SIGTERM (finished files stay) */
} tp_result;

/* Writes a formatted one-line message into msg (if msg != NULL) and returns r. */
tp_result tp_fail(tp_result r, char *msg, size_t msglen, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
