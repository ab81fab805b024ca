/* http: GET requests over libcurl (loaded on first use; easy handles driven by one multi handle),
 * run concurrently with a bound, with bounded retries and backoff, plus a
 * small on-disk cache keyed by URL.
 *
 * Credentials: a request carries an Authorization header only when its
 * `bearer` is set, and such a request never follows a redirect. Nothing in
 * this module prints or stores a header. Knows nothing of JSON or images. */
#ifndef THREADPDF_HTTP_H
#define THREADPDF_HTTP_H

#include <stddef.h>

#include "result.h"
#include "util.h"

/* A request takes at most (retries + 1) attempts of at most timeout_ms
 * each, with pauses of retry_base_ms, doubled each time (at most 30 s),
 * between them: with the defaults, 4 x 30 s + 3.5 s = 123.5 s in all. */
#define HTTP_MAX_RETRIES 10

typedef struct http_opts {
	int max_parallel;        /* concurrent transfers; 0: 8 */
	long timeout_ms;         /* whole transfer; 0: 30000 */
	long connect_timeout_ms; /* 0: 10000 */
	int retries;             /* extra attempts on 5xx/network failure; <0: none; 0: default 3;
	                          * at most HTTP_MAX_RETRIES */
	long retry_base_ms;      /* first backoff, doubled each time; 0: 500; at most 30000 */
	size_t max_body;         /* bytes; 0: 64 MiB */
	int announce_timeouts;   /* 1: warnf (without -v) each retry after a timeout, naming
	                          * host, port and path (never the query or a credential) */
} http_opts;

typedef struct http_client http_client;

/* One GET. Fill the inputs, zero the rest (http_request_init does both). */
typedef struct http_request {
	/* in */
	const char *url;
	const char *bearer;      /* token for "Authorization: Bearer"; NULL: none. Never printed. */
	const char *accept;      /* Accept header; NULL: none */
	int follow;              /* 1: follow redirects (refused when bearer is set) */
	int no_retry_status;     /* 1: do not retry on 5xx (the caller handles it) */
	/* out */
	long status;             /* HTTP status of the last attempt; 0 when no response */
	buf body;
	char *content_type;      /* lower-cased, or NULL */
	long long rate_reset;    /* x-rate-limit-reset (epoch s), -1 when absent or not digits;
	                          * saturates at LLONG_MAX (callers must not add to it) */
	long long retry_after;   /* Retry-After in seconds (the delta form), -1 when absent or
	                          * not digits; saturates at LLONG_MAX likewise */
	char *location;          /* Location of a redirect not followed, or NULL */
	tp_result err;           /* TP_OK, TP_ERR_NET (connect/timeout, libcurl unusable or out of
	                          * memory), TP_ERR_PROTOCOL (truncated, too big) */
	char errmsg[256];        /* one line when err != TP_OK */
	int attempts;
	/* private */
	void *priv_;
} http_request;

/* Loads libcurl (dlopen, on first use; later calls only report). TP_OK, or
 * TP_ERR_NET with one line saying why it cannot be used. http_new does it
 * too: without libcurl every request then fails with that line. */
tp_result http_init(char *msg, size_t msglen);

http_client *http_new(const http_opts *o);
void http_free(http_client *c);

void http_request_init(http_request *r, const char *url);
/* Frees the outputs (body, content_type, location); the inputs are borrowed. */
void http_request_clear(http_request *r);

/* Runs n requests concurrently, at most max_parallel at a time, reusing
 * connections. 5xx answers and network failures are retried with backoff;
 * the last attempt's outcome is left in each request. */
void http_perform(http_client *c, http_request **reqs, size_t n);

/* 1 when url is http:// or https:// with a host; 2 when additionally it is
 * plain http:// to a loopback host (127.0.0.0/8, localhost, [::1]); 0 else. */
int http_url_kind(const char *url);
/* 1 when host (no brackets, no port) is a loopback name or address. */
int http_host_is_loopback(const char *host);

/* The cache: one file per URL under dir, named by a hash of the URL. */
/* Loads the cached body of url into b (appends) and its content type into
 * *ctype (caller frees; may be NULL). Returns 1 on a hit, 0 otherwise. */
int http_cache_load(const char *dir, const char *url, buf *b, char **ctype);
/* Stores a body for url (atomically, mode 0600, creating dir 0700). Returns 0 or -1. */
int http_cache_store(const char *dir, const char *url, const char *ctype, const void *data, size_t len);
/* Path of the cache file for url; caller frees. */
char *http_cache_path(const char *dir, const char *url);
/* $XDG_CACHE_HOME/threadpdf, else $HOME/.cache/threadpdf, else NULL; caller frees. */
char *http_default_cache_dir(void);

#endif
