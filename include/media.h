/* media: loads the bytes of every image a thread refers to (avatars, photos,
 * video previews, quoted tweets' media) into its thread_blobs.
 * Sources: http(s):// (libcurl, concurrent, cached), and, for a thread read
 * from a file (base_dir set), file:// or a path (relative ones from base_dir):
 * regular files only, at most 64 MiB. A thread without base_dir (fetched from
 * the API) loads no local file. A failure marks the blob failed and warns;
 * it is never fatal. Never sends credentials. */
#ifndef THREADPDF_MEDIA_H
#define THREADPDF_MEDIA_H

#include "thread.h"

typedef struct media_opts {
	const char *cache_dir;   /* NULL: no cache */
	int no_cache;
	int max_parallel;        /* 0: default (8) */
	long timeout_ms;         /* 0: default (30000) */
} media_opts;

/* Loads every image of t (author and quoted authors' avatars, media of
 * tweets, quoted tweets and the context tweet) that is not loaded yet.
 * Identical URLs are loaded once. o may be NULL (defaults, no cache). */
void media_load_all(thread *t, const media_opts *o);

/* The URL actually fetched for a source URL: X photos at large size
 * (pbs.twimg.com ...?name=large, JPEG instead of WebP), avatars at 400x400
 * (avatar = 1). Other URLs are returned unchanged. Caller frees. */
char *media_fetch_url(const char *url, int avatar);

#endif
