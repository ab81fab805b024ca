/* xapi: the X API v2 client that finds a whole thread from one tweet link.
 *
 * It looks the tweet up, then collects the author's tweets in its
 * conversation (recent search for threads under 7 days old, the author's
 * timeline from the root onwards for older ones, full-archive search on
 * request), walks replied_to links upwards with batched lookups to fill
 * what is still missing, and fetches the tweet the thread answers when that
 * belongs to another account. Every page goes into the pool through
 * xv2_read, so assembly sees everything and marks what is missing as gaps.
 *
 * The bearer token goes to the API host only, on requests that never follow
 * redirects; it is never printed, logged or stored (the cache is keyed by URL
 * and holds bodies only). */
#ifndef THREADPDF_XAPI_H
#define THREADPDF_XAPI_H

#include <stddef.h>
#include <stdint.h>

#include "result.h"
#include "thread.h"
#include "util.h"

#define XAPI_DEFAULT_BASE "https://api.x.com/2"

typedef struct xapi_opts {
	const char *token;       /* bearer token (required); never printed */
	const char *api_base;    /* NULL: $THREADPDF_API_BASE, else XAPI_DEFAULT_BASE */
	int full_archive;        /* 1: /tweets/search/all instead of recent search + timeline */
	int max_wait;            /* seconds to wait for a rate limit to reset; 0: fail at once */
	const char *cache_dir;   /* NULL: http_default_cache_dir() */
	int no_cache;            /* 1: neither read nor write the cache */
	long timeout_ms;         /* per request; 0: 30000 */
	int retries;             /* on 5xx/network failures; 0: 3, <0: none */
	long retry_base_ms;      /* first backoff; 0: 500 (doubles each retry) */
	int64_t now;             /* epoch seconds for "older than 7 days"; 0: time(NULL) */
} xapi_opts;

/* Fetches the whole thread of the tweet `link` names (any form xurl_parse
 * accepts) into pool. The first tweet added to the pool is the linked one,
 * so thread_assemble() picks its thread. When pages_json != NULL, every page
 * fetched is appended to it as one line of JSON (JSON Lines that xv2_read
 * reads back: --save-json). Returns TP_OK or
 *   TP_ERR_INPUT     not a tweet link
 *   TP_ERR_USAGE     bad API base URL (not https, or plain http to a non-loopback host)
 *   TP_ERR_AUTH      no token, 401, 403 (bad token, protected account)
 *   TP_ERR_NOTFOUND  the tweet is deleted or not visible
 *   TP_ERR_RATE      rate limited longer than max_wait
 *   TP_ERR_SERVER    5xx after retries
 *   TP_ERR_NET       connection failure or timeout after retries
 *   TP_ERR_PROTOCOL  truncated or non-JSON body, wrong content type
 * with a one-line msg. */
tp_result xapi_fetch(const xapi_opts *o, const char *link, thread_pool *pool, buf *pages_json,
		     char *msg, size_t msglen);

/* Fetches every thread of the account `handle` (without '@') into pool: the
 * user by its handle, the account's timeline (retweets excluded, every page,
 * up to the 3,200 tweets the API reaches), then replied_to links walked
 * upwards with batched lookups so a thread whose root is older than the
 * timeline reaches is completed. Warns when the timeline's reach cut the
 * export short (and names the data archive). *user_id (caller frees) is the
 * account's id. Errors as xapi_fetch; TP_ERR_NOTFOUND for an unknown account. */
tp_result xapi_fetch_account(const xapi_opts *o, const char *handle, thread_pool *pool, char **user_id,
			     char *msg, size_t msglen);

/* The bearer token: from token_file when given (first line, blanks trimmed),
 * else $X_BEARER_TOKEN, else $TWITTER_BEARER_TOKEN. *out is the caller's
 * (free()). TP_ERR_AUTH with how to get and set one when there is none;
 * TP_ERR_IO when token_file cannot be read. */
tp_result xapi_token_from_env_or_file(const char *token_file, char **out, char *msg, size_t msglen);

/* The API base to use: o->api_base, $THREADPDF_API_BASE or the default,
 * without a trailing '/'. TP_ERR_USAGE unless it is https://, or http:// to a
 * loopback host. *out is the caller's. */
tp_result xapi_base(const char *api_base, char **out, char *msg, size_t msglen);

/* Creation time (epoch seconds) encoded in a tweet id (a snowflake), or 0
 * for ids from before snowflakes (2010). */
int64_t xapi_id_time(const char *id);

#endif
