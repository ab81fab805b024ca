/* smtp: uploads one finished message (eml's bytes) over libcurl's SMTP.
 *
 * smtps:// is implicit TLS; smtp:// requires STARTTLS, except to a loopback
 * host where it is used when offered. Server certificates are verified
 * (cafile names a private CA). 4xx answers and dropped connections are
 * retried a bounded number of times with backoff; 5xx fails at once with
 * the server's line. A refused recipient among several does not stop the
 * others: it is reported. The password and the OAuth 2 token are never
 * printed: at -vv the protocol trace shows commands and answers with AUTH
 * exchanges hidden. Knows nothing of MIME or threads. */
#ifndef THREADPDF_SMTP_H
#define THREADPDF_SMTP_H

#include <stddef.h>

#include "result.h"

#define SMTP_MAX_RETRIES 10

typedef struct smtp_opts {
	const char *url;           /* smtps://host[:465] or smtp://host[:587], optional /EHLO-name */
	const char *user;          /* NULL: no login (or netrc's) */
	const char *password;      /* never printed; NULL with user: netrc, else none */
	const char *oauth2_token;  /* XOAUTH2 bearer token, instead of a password; never printed */
	const char *cafile;        /* PEM CA bundle to verify the server with; NULL: the system's */
	int netrc;                 /* 1: take missing credentials from netrc */
	const char *netrc_file;    /* NULL: ~/.netrc */
	int retries;               /* extra attempts on 4xx or a dropped connection; 0: 3; <0: none */
	long retry_base_ms;        /* first pause, doubled each time (at most 30 s); 0: 500 */
	long timeout_ms;           /* one attempt; 0: 120000 */
} smtp_opts;

/* What the server said. */
typedef struct smtp_report {
	long code;                 /* the SMTP code of the last answer; 0: none */
	char reply[256];           /* the server's last answer line (controls replaced) */
	int temporary;             /* 1: the failure may pass (4xx, network): try again later */
	size_t nrefused;           /* recipients the server refused (the others got the message) */
	char refused[512];         /* "a@b (550 5.1.1 no such user); ..." */
	long size_limit;           /* the SIZE the server announced; 0: none */
} smtp_report;

/* TP_OK when url is one smtp_send takes: smtp:// or smtps:// with a host
 * and no user name or password in it (those never go on a command line);
 * else TP_ERR_USAGE with msg. */
tp_result smtp_check_url(const char *url, char *msg, size_t msglen);

/* Sends data (a whole message, CRLF lines) from the envelope sender to
 * the n recipients (bare addresses). TP_OK when the server took it for at
 * least one recipient (rep->nrefused says how many it refused);
 * TP_ERR_MAIL with msg ("smtp host:port: ...", the server's answer) when
 * it did not, rep->temporary telling whether a later try may succeed;
 * TP_ERR_NET when libcurl cannot be loaded. */
tp_result smtp_send(const smtp_opts *o, const char *from, const char *const *rcpt, size_t n,
		    const void *data, size_t len, smtp_report *rep, char *msg, size_t msglen);

#endif
