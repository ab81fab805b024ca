/* media: loads the bytes of every image a thread refers to (avatars, photos,
 * video previews, quoted tweets' media) into its thread_blobs.
 * Sources: http(s):// (libcurl, concurrent, cached), and, for a thread read
 * from a file (base_dir set), local files: regular files only, at most 64 MiB.
 * Local files are confined to a root directory (media_opts.root, else
 * base_dir): a relative path without "..", resolved from base_dir, that stays
 * under the root after every symlink (openat2 RESOLVE_BENEATH where the kernel
 * has it, else realpath). Absolute paths, file:// URLs, ".." and symlinks
 * leading out are refused with a warning that names the URL only, never
 * whether the file exists; allow_local lifts the confinement. A thread
 * without base_dir (fetched from the API) loads no local file at all. A
 * failure marks the blob failed and warns; it is never fatal. Never sends
 * credentials. */
#ifndef THREADPDF_MEDIA_H
#define THREADPDF_MEDIA_H

#include "thread.h"

typedef struct media_opts {
	const char *cache_dir;   /* NULL: no cache */
	int no_cache;
	int max_parallel;        /* 0: default (8) */
	long timeout_ms;         /* 0: default (30000) */
	const char *root;        /* local files must stay under this directory (an
	                          * archive's own root); NULL: the thread's base_dir */
	int allow_local;         /* 1: any local file: absolute paths, file://, "..",
	                          * symlinks out (--allow-local-media) */
} media_opts;

/* Loads every image of t (author and quoted authors' avatars, media of
 * tweets, quoted tweets and the context tweet) that is not loaded yet.
 * Identical URLs are loaded once. o may be NULL (defaults, no cache). */
void media_load_all(thread *t, const media_opts *o);

/* The URL of an image of t that media_load_all read (or tried to read) from
 * the local file with this device and inode, or NULL: so nothing overwrites
 * a file the render uses. Borrowed from t. */
const char *media_local_url(const thread *t, uint64_t dev, uint64_t ino);

/* The URL actually fetched for a source URL: X photos at large size
 * (pbs.twimg.com ...?name=large, JPEG instead of WebP), avatars at 400x400
 * (avatar = 1). Other URLs are returned unchanged. Caller frees. */
char *media_fetch_url(const char *url, int avatar);

#endif
