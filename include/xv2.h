/* xv2: reader of X API v2 JSON into a thread_pool.
 * Accepts one response object ({data, includes, meta, errors}), a JSON array
 * of them, or JSON Lines of them. Knows nothing of layout. */
#ifndef THREADPDF_XV2_H
#define THREADPDF_XV2_H

#include <stddef.h>

#include "result.h"
#include "thread.h"

/* Parses len bytes of JSON text into pool (adds to it): data tweets in input
 * order, then includes.tweets (flagged `included`), users, media; errors[]
 * entries about tweets go to the pool's missing ids; edit histories make
 * lookups return a tweet's current version. Lone UTF-16 surrogate escapes
 * become U+FFFD (cJSON would reject them). `name` names the input in
 * messages ("thread.json"). TP_ERR_INPUT with a one-line msg starting with
 * name when the text is not JSON (with its line and column: raw control
 * characters, which cJSON would take, and nesting past cJSON's limit of
 * CJSON_NESTING_LIMIT are said as such), holds a string over UTIL_CAP_TEXT
 * bytes (naming the tweet), has the wrong shape, or holds no tweet in
 * `data`. An escaped \u0000 becomes U+FFFD, the text after it kept. */
tp_result xv2_read(thread_pool *pool, const char *json, size_t len, const char *name,
		   char *msg, size_t msglen);

/* Reads a file (at most UTIL_CAP_JSON bytes: TP_ERR_INPUT over it) into
 * pool, as xv2_read. */
tp_result xv2_read_file(const char *path, thread_pool *pool, char *msg, size_t msglen);

/* Reads a file (at most UTIL_CAP_JSON bytes: TP_ERR_INPUT over it) and
 * assembles its thread; sets t->base_dir to the file's directory. Caller
 * frees *out with thread_free(). */
tp_result xv2_load_file(const char *path, thread **out, char *msg, size_t msglen);

#endif
