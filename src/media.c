/* media: loads image bytes for a thread from files or over HTTP (concurrently, cached). */
#include "media.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "diag.h"
#include "http.h"
#include "image.h"

#define MEDIA_MAX_BYTES ((size_t)64 << 20)
#define OPEN_FLAGS (O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
/* Why a confined local file is refused: the same words whether it exists or not. */
#define OUTSIDE "outside the thread's folder (--allow-local-media reads it)"

/* One distinct source URL and every blob that wants its bytes. */
typedef struct item {
	const char *src;       /* URL as the thread has it (borrowed) */
	char *fetch;           /* URL actually requested (http only) */
	int avatar;
	thread_blob **blobs;
	size_t nblobs;
	unsigned char *data;   /* loaded bytes, or NULL */
	size_t len;
	int local;             /* 1: a local file was opened; its device and inode */
	uint64_t dev, ino;
	char problem[256];     /* why loading failed */
} item;

/* Where local files may come from (see media.h): for a confined thread the
 * root directory, open, and base_dir's path below it. */
typedef struct local_root {
	const char *base_dir;  /* NULL: no local file at all (a fetched thread) */
	int allow;             /* 1: no confinement (allow_local) */
	int fd;                /* the root (O_PATH), or -1 */
	char *real;            /* the root's real path, or NULL */
	char *sub;             /* base_dir's real path below the root, "" for the root
	                        * itself; NULL when not under it (nothing loads) */
} local_root;

/* The distinct URLs of a thread, in first-seen order, with hash sets of
 * their URLs and of the blobs already collected, so collecting N images is
 * linear (open addressing, capacities powers of two). */
typedef struct item_list {
	item *v;
	size_t n, cap;
	size_t *urls;          /* item index + 1 by hash of src; 0 empty */
	size_t urlcap;
	thread_blob **blobs;   /* every blob collected; NULL empty */
	size_t nblobs, blobcap;
} item_list;

/* The slot of url in l->urls: the one naming it, or the empty one where it goes. */
static size_t url_slot(const item_list *l, const char *url)
{
	size_t mask = l->urlcap - 1, i = (size_t)util_hash(UTIL_HASH_INIT, url, strlen(url)) & mask;

	while (l->urls[i] && strcmp(l->v[l->urls[i] - 1].src, url) != 0)
		i = (i + 1) & mask;
	return i;
}

/* The slot of b in l->blobs: the one holding it, or the empty one where it goes. */
static size_t blob_slot(const item_list *l, const thread_blob *b)
{
	size_t mask = l->blobcap - 1, i = (size_t)util_hash(UTIL_HASH_INIT, &b, sizeof b) & mask;

	while (l->blobs[i] && l->blobs[i] != b)
		i = (i + 1) & mask;
	return i;
}

/* Keeps both sets under half full, rebuilding them at twice the size. */
static void grow_sets(item_list *l)
{
	if (2 * (l->n + 1) > l->urlcap) {
		l->urlcap = l->urlcap ? 2 * l->urlcap : 64;
		free(l->urls);
		l->urls = xcalloc(l->urlcap, sizeof *l->urls);
		for (size_t i = 0; i < l->n; i++)
			l->urls[url_slot(l, l->v[i].src)] = i + 1;
	}
	if (2 * (l->nblobs + 1) > l->blobcap) {
		thread_blob **old = l->blobs;
		size_t oldcap = l->blobcap;
		l->blobcap = l->blobcap ? 2 * l->blobcap : 64;
		l->blobs = xcalloc(l->blobcap, sizeof *l->blobs);
		for (size_t i = 0; i < oldcap; i++)
			if (old[i])
				l->blobs[blob_slot(l, old[i])] = old[i];
		free(old);
	}
}

/* Adds blob to the item of url, creating the item on first sight. A blob
 * always wants the same URL (its owner's), so one seen before is skipped. */
static void want(item_list *l, const char *url, int avatar, thread_blob *b)
{
	if (!url || !*url || b->data || b->failed)
		return;
	grow_sets(l);
	size_t bs = blob_slot(l, b), us = url_slot(l, url);
	if (l->blobs[bs])
		return;
	l->blobs[bs] = b;
	l->nblobs++;
	if (!l->urls[us]) {
		if (l->n == l->cap) {
			l->cap = l->cap ? l->cap * 2 : 16;
			l->v = xrealloc(l->v, l->cap * sizeof *l->v);
		}
		memset(&l->v[l->n], 0, sizeof l->v[l->n]);
		l->v[l->n].src = url;
		l->v[l->n].avatar = avatar;
		l->urls[us] = ++l->n;
	}
	item *it = &l->v[l->urls[us] - 1];
	if ((it->nblobs & (it->nblobs - 1)) == 0)   /* 0, 1, 2, 4...: double the room */
		it->blobs = xrealloc(it->blobs, (it->nblobs ? 2 * it->nblobs : 1) * sizeof *it->blobs);
	it->blobs[it->nblobs++] = b;
}

/* Collects a user's avatar. */
static void want_user(item_list *l, thread_user *u)
{
	if (u)
		want(l, u->avatar_url, 1, &u->avatar);
}

/* Collects the images of one tweet and of the tweet it quotes. */
static void want_tweet(item_list *l, thread_tweet *tw, int depth)
{
	if (!tw || depth > 2)
		return;
	want_user(l, tw->author);
	for (size_t i = 0; i < tw->nmedia; i++)
		want(l, tw->media[i].url, 0, &tw->media[i].img);
	want_tweet(l, tw->quote, depth + 1);
}

/* A printable, bounded copy of a URL for messages. */
static void shown(const char *url, char *out, size_t n)
{
	size_t j = 0;

	for (const char *p = url; *p && j + 4 < n; p++)
		out[j++] = ((unsigned char)*p < 0x20 || *p == 0x7f) ? '?' : *p;
	if (url[j] && j + 4 >= n) {
		memcpy(out + j, "...", 3);
		j += 3;
	}
	out[j] = '\0';
}

/* 1 when url starts with "<scheme>://" for the given scheme (any case). */
static int has_scheme(const char *url, const char *scheme)
{
	size_t n = strlen(scheme);

	return strncasecmp(url, scheme, n) == 0 && strncmp(url + n, "://", 3) == 0;
}

/* 1 when url has any "<scheme>:" prefix, RFC 3986 style (two letters at least,
 * so "C:" style drive letters are not taken for schemes). */
static int any_scheme(const char *url)
{
	const char *p = url;

	if (!isalpha((unsigned char)*p))
		return 0;
	while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
		p++;
	return *p == ':' && p - url >= 2;
}

/* Decodes %XX escapes of a file URL's path; caller frees. */
static char *pct_decode(const char *s)
{
	char *out = xmalloc(strlen(s) + 1), *o = out;

	for (; *s; s++) {
		if (s[0] == '%' && isxdigit((unsigned char)s[1]) && isxdigit((unsigned char)s[2])) {
			char hex[3] = { s[1], s[2], 0 };
			*o++ = (char)strtol(hex, NULL, 16);
			s += 2;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
	return out;
}

/* File system path of a file:// URL or a plain path, resolved from base_dir. */
static char *local_path(const char *url, const char *base_dir)
{
	if (has_scheme(url, "file")) {
		const char *p = url + 7;
		if (strncasecmp(p, "localhost/", 10) == 0)
			p += 9;
		char *q = xstrdup(p);
		q[strcspn(q, "?#")] = '\0';
		char *d = pct_decode(q);
		free(q);
		return d;
	}
	return util_path_join(base_dir, url);
}

/* The part of path below dir ("" for dir itself), or NULL when path is not
 * dir or under it; both real paths. Caller frees. */
static char *below(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (strcmp(dir, "/") == 0)
		return xstrdup(path + 1);
	if (strncmp(path, dir, n) != 0 || (path[n] != '/' && path[n] != '\0'))
		return NULL;
	return xstrdup(path[n] ? path + n + 1 : "");
}

/* 1 when a relative path has a ".." segment. */
static int has_dotdot(const char *p)
{
	for (;;) {
		size_t n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return 1;
		if (!p[n])
			return 0;
		p += n + 1;
	}
}

/* Sets up where a thread's local files may come from (see media.h). */
static void root_open(local_root *lr, const char *base_dir, const media_opts *o)
{
	char *base;

	memset(lr, 0, sizeof *lr);
	lr->fd = -1;
	lr->base_dir = base_dir;
	lr->allow = o && o->allow_local;
	if (!base_dir || lr->allow)
		return;
	lr->real = realpath(o && o->root ? o->root : base_dir, NULL);
	base = realpath(base_dir, NULL);
	if (lr->real && base)
		lr->sub = below(base, lr->real);
	if (lr->sub)
		lr->fd = open(lr->real, O_PATH | O_DIRECTORY | O_CLOEXEC);
	free(base);
}

/* Releases what root_open holds. */
static void root_close(local_root *lr)
{
	if (lr->fd >= 0)
		close(lr->fd);
	free(lr->real);
	free(lr->sub);
}

/* Without openat2: the real path of root/rel must lie under the root, and the
 * file is opened by that path, its last step no symlink. What is left is the
 * race of a directory swapped for a symlink between the two steps. Sets errno
 * (EXDEV: it leads out). */
static int open_resolved(const local_root *lr, const char *rel)
{
	char *full = util_path_join(lr->real, rel);
	char *res = realpath(full, NULL);
	char *sub = res ? below(res, lr->real) : NULL;
	int fd = -1, e = errno;

	if (res && !sub)
		e = EXDEV;
	else if (sub && (fd = open(res, OPEN_FLAGS | O_NOFOLLOW)) < 0)
		e = errno;
	free(sub);
	free(res);
	free(full);
	errno = e;
	return fd;
}

/* Opens rel beneath the root, following symlinks only while they stay under
 * it: in one step with openat2 RESOLVE_BENEATH (Linux 5.6+), else through
 * realpath (an older kernel, or a sandbox that filters openat2). Sets errno
 * (EXDEV: it leads out). */
static int open_beneath(const local_root *lr, const char *rel)
{
	struct open_how how = { .flags = OPEN_FLAGS, .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS };

	if (lr->fd >= 0) {
		long fd = syscall(SYS_openat2, lr->fd, rel, &how, sizeof how);
		if (fd >= 0 || (errno != ENOSYS && errno != EPERM))
			return (int)fd;
	}
	return open_resolved(lr, rel);
}

/* Opens a confined local file: a relative path without "..", from base_dir,
 * beneath the root. Returns the fd, or -1 with it->problem set; a refusal
 * says OUTSIDE and nothing that depends on the file. */
static int open_confined(item *it, const local_root *lr)
{
	const char *u = it->src;
	char *rel;
	int fd, e;

	if (has_scheme(u, "file") || u[0] == '/' || has_dotdot(u) || !lr->sub) {
		snprintf(it->problem, sizeof it->problem, "%s", OUTSIDE);
		return -1;
	}
	rel = lr->sub[0] ? xasprintf("%s/%s", lr->sub, u) : xstrdup(u);
	fd = open_beneath(lr, rel);
	e = errno;
	free(rel);
	if (fd < 0)
		snprintf(it->problem, sizeof it->problem, "%s",
			 e == EXDEV ? OUTSIDE : e == ENOENT ? "file not found" : strerror(e));
	return fd;
}

/* Opens any local file (allow_local): a path from base_dir, absolute, or a
 * file:// URL. Returns the fd, or -1 with it->problem set. */
static int open_anywhere(item *it, const char *base_dir)
{
	char *path = local_path(it->src, base_dir);
	int fd = open(path, OPEN_FLAGS);

	if (fd < 0)
		snprintf(it->problem, sizeof it->problem, "%s",
			 errno == ENOENT ? "file not found" : strerror(errno));
	free(path);
	return fd;
}

/* Keeps bytes for an item when they are an image; else records the problem. */
static void accept_bytes(item *it, unsigned char *d, size_t n)
{
	int w, h;

	if (image_probe(d, n, &w, &h) == IMAGE_UNKNOWN) {
		snprintf(it->problem, sizeof it->problem, "not an image (JPEG or PNG expected, %zu bytes)", n);
		free(d);
		return;
	}
	if (image_check(d, n, it->problem, sizeof it->problem) != 0) {
		free(d);
		return;
	}
	it->data = d;
	it->len = n;
}

/* Reads the regular file open at fd (nothing else: a FIFO could block, a
 * device never end) into b, up to MEDIA_MAX_BYTES; else says why in it->problem. */
static int read_regular(item *it, int fd, buf *b)
{
	struct stat st;

	if (fstat(fd, &st) != 0) {
		snprintf(it->problem, sizeof it->problem, "%s", strerror(errno));
		return -1;
	}
	it->local = 1;
	it->dev = (uint64_t)st.st_dev;
	it->ino = (uint64_t)st.st_ino;
	if (!S_ISREG(st.st_mode)) {
		snprintf(it->problem, sizeof it->problem, "%s",
			 S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file");
		return -1;
	}
	if (st.st_size > (off_t)MEDIA_MAX_BYTES) {
		snprintf(it->problem, sizeof it->problem, "file too large (%lld bytes)", (long long)st.st_size);
		return -1;
	}
	buf_reserve(b, (size_t)st.st_size + 1);
	if (util_read_fd(fd, b, MEDIA_MAX_BYTES) != 0) {
		snprintf(it->problem, sizeof it->problem, "%s", strerror(errno));
		return -1;
	}
	if (b->len > MEDIA_MAX_BYTES) {
		snprintf(it->problem, sizeof it->problem, "file too large (over %zu bytes)", MEDIA_MAX_BYTES);
		return -1;
	}
	return 0;
}

/* Loads an item from the local file system: opened once (non-blocking, so a
 * FIFO without a writer cannot hang the open), then checked on that fd. */
static void load_file(item *it, const local_root *lr)
{
	int fd = lr->allow ? open_anywhere(it, lr->base_dir) : open_confined(it, lr);
	buf b;

	if (fd < 0)
		return;
	buf_init(&b);
	if (read_regular(it, fd, &b) == 0) {
		size_t n;
		unsigned char *d = (unsigned char *)buf_steal(&b, &n);
		accept_bytes(it, d, n);
	}
	buf_free(&b);
	close(fd);
}

/* Moves a finished HTTP answer into its item. */
static void take_http(item *it, http_request *r, const char *cache_dir)
{
	if (r->err != TP_OK) {
		snprintf(it->problem, sizeof it->problem, "%s", r->errmsg);
		return;
	}
	if (r->status != 200) {
		snprintf(it->problem, sizeof it->problem, "HTTP %ld%s", r->status,
			 r->status == 404 ? " (not found)" : (r->status >= 300 && r->status < 400) ? " (redirect)" : "");
		return;
	}
	size_t n;
	unsigned char *d = (unsigned char *)buf_steal(&r->body, &n);
	accept_bytes(it, d, n);
	if (it->data && cache_dir)
		http_cache_store(cache_dir, it->fetch, r->content_type, it->data, it->len);
}

/* Takes an item's bytes from the media cache; 1 when an image was there. */
static int from_cache(item *it, const char *cache_dir)
{
	buf b;
	size_t len;

	buf_init(&b);
	if (!cache_dir || !http_cache_load(cache_dir, it->fetch, &b, NULL)) {
		buf_free(&b);
		return 0;
	}
	verbosef(2, "media from cache: %s", it->fetch);
	unsigned char *d = (unsigned char *)buf_steal(&b, &len);
	accept_bytes(it, d, len);
	it->problem[0] = '\0';
	return it->data != NULL;
}

/* Downloads n items concurrently; stores the images that arrive in the cache. */
static void download(item **its, size_t n, const media_opts *o, const char *cache_dir)
{
	http_request *reqs = xcalloc(n, sizeof *reqs);
	http_request **rp = xcalloc(n, sizeof *rp);
	http_opts ho = { 0 };

	for (size_t i = 0; i < n; i++) {
		http_request_init(&reqs[i], its[i]->fetch);
		reqs[i].follow = 1;
		reqs[i].accept = "image/jpeg,image/png;q=0.9,image/*;q=0.5";
		rp[i] = &reqs[i];
	}
	ho.max_parallel = o && o->max_parallel > 0 ? o->max_parallel : 8;
	ho.timeout_ms = o && o->timeout_ms > 0 ? o->timeout_ms : 30000;
	ho.retries = 2;
	ho.max_body = MEDIA_MAX_BYTES;
	http_client *c = http_new(&ho);
	verbosef(1, "downloading %zu image(s), %d at a time", n, ho.max_parallel);
	http_perform(c, rp, n);
	http_free(c);
	for (size_t i = 0; i < n; i++) {
		take_http(its[i], &reqs[i], cache_dir);
		http_request_clear(&reqs[i]);
	}
	free(reqs);
	free(rp);
}

/* Loads every http(s) item: from the cache when possible, the rest concurrently. */
static void load_http(item **its, size_t n, const media_opts *o)
{
	char *cache_dir = NULL;
	item **todo = xcalloc(n ? n : 1, sizeof *todo);
	size_t ntodo = 0;

	if (o && o->cache_dir && !o->no_cache)
		cache_dir = xasprintf("%s/media", o->cache_dir);
	for (size_t i = 0; i < n; i++)
		if (!from_cache(its[i], cache_dir))
			todo[ntodo++] = its[i];
	if (ntodo > 0)
		download(todo, ntodo, o, cache_dir);
	free(todo);
	free(cache_dir);
}

/* Hands an item's bytes to each of its blobs, or marks them failed and warns
 * once; either way each blob records the local file it came from. */
static void deliver(item *it)
{
	char u[200];

	for (size_t i = 0; i < it->nblobs; i++) {
		it->blobs[i]->local = it->local;
		it->blobs[i]->dev = it->dev;
		it->blobs[i]->ino = it->ino;
	}
	if (!it->data) {
		shown(it->src, u, sizeof u);
		warnf("cannot load image %s: %s", u, it->problem[0] ? it->problem : "unknown error");
		for (size_t i = 0; i < it->nblobs; i++)
			it->blobs[i]->failed = 1;
		return;
	}
	for (size_t i = 0; i < it->nblobs; i++) {
		thread_blob *b = it->blobs[i];
		b->data = i == 0 ? it->data : xmalloc(it->len);
		if (i > 0)
			memcpy(b->data, it->data, it->len);
		b->len = it->len;
		b->failed = 0;
	}
	if (it->nblobs == 0)
		free(it->data);
	it->data = NULL;
}

/* Queues an http(s) item for download, loads a local one, or refuses it.
 * Local files (paths, file://) are read only for a thread from the user's own
 * file (base_dir set): a thread a server sent must not make us embed local files. */
static void route(item *it, const local_root *lr, item **net, size_t *nnet)
{
	if (has_scheme(it->src, "http") || has_scheme(it->src, "https")) {
		it->fetch = media_fetch_url(it->src, it->avatar);
		net[(*nnet)++] = it;
	} else if (!has_scheme(it->src, "file") && any_scheme(it->src)) {
		snprintf(it->problem, sizeof it->problem, "unsupported URL scheme");
	} else if (!lr->base_dir) {
		snprintf(it->problem, sizeof it->problem,
			 "a local file, refused for a fetched thread (only http(s) images are loaded)");
	} else {
		load_file(it, lr);
	}
}

/* Collects the thread's image URLs, loads each distinct one once, hands out the bytes. */
void media_load_all(thread *t, const media_opts *o)
{
	item_list l = { 0 };
	local_root lr;
	item **net;
	size_t nnet = 0;

	if (!t)
		return;
	root_open(&lr, t->base_dir, o);
	want_user(&l, t->author);
	for (size_t i = 0; i < t->ntweets; i++)
		want_tweet(&l, t->tweets[i], 0);
	want_tweet(&l, t->context, 0);
	net = xcalloc(l.n ? l.n : 1, sizeof *net);
	for (size_t i = 0; i < l.n; i++)
		route(&l.v[i], &lr, net, &nnet);
	root_close(&lr);
	load_http(net, nnet, o);
	for (size_t i = 0; i < l.n; i++) {
		deliver(&l.v[i]);
		free(l.v[i].fetch);
		free(l.v[i].blobs);
	}
	free(net);
	free(l.v);
	free(l.urls);
	free(l.blobs);
}

/* url when blob b was read from the local file dev/ino, else NULL. */
static const char *blob_is(const char *url, const thread_blob *b, uint64_t dev, uint64_t ino)
{
	return url && b->local && b->dev == dev && b->ino == ino ? url : NULL;
}

/* The URL of an image of a tweet (or the tweet it quotes) read from dev/ino. */
static const char *tweet_local_url(const thread_tweet *tw, uint64_t dev, uint64_t ino, int depth)
{
	const char *u = NULL;

	if (!tw || depth > 2)
		return NULL;
	if (tw->author)
		u = blob_is(tw->author->avatar_url, &tw->author->avatar, dev, ino);
	for (size_t i = 0; i < tw->nmedia && !u; i++)
		u = blob_is(tw->media[i].url, &tw->media[i].img, dev, ino);
	return u ? u : tweet_local_url(tw->quote, dev, ino, depth + 1);
}

/* Walks the same images as media_load_all (see media.h). */
const char *media_local_url(const thread *t, uint64_t dev, uint64_t ino)
{
	const char *u = NULL;

	if (!t)
		return NULL;
	if (t->author)
		u = blob_is(t->author->avatar_url, &t->author->avatar, dev, ino);
	for (size_t i = 0; i < t->ntweets && !u; i++)
		u = tweet_local_url(t->tweets[i], dev, ino, 0);
	return u ? u : tweet_local_url(t->context, dev, ino, 0);
}

/* Rewrites the query of an X photo URL to ask for the large JPEG/PNG. */
static char *large_photo(const char *base, size_t baselen, const char *query, int has_ext)
{
	buf b;
	int has_format = 0;

	buf_init(&b);
	buf_add(&b, base, baselen);
	buf_addc(&b, '?');
	while (query && *query) {
		size_t n = strcspn(query, "&");
		if (n > 0 && !(n >= 5 && strncmp(query, "name=", 5) == 0)) {
			if (n >= 7 && strncmp(query, "format=", 7) == 0) {
				has_format = 1;
				if (n == 11 && strncmp(query + 7, "webp", 4) == 0) {
					buf_adds(&b, "format=jpg&");
					query += n + (query[n] == '&');
					continue;
				}
			}
			buf_add(&b, query, n);
			buf_addc(&b, '&');
		}
		query += n + (query[n] == '&');
	}
	if (!has_format && !has_ext)
		buf_adds(&b, "format=jpg&");
	buf_adds(&b, "name=large");
	return buf_steal(&b, NULL);
}

/* The last '/' in [from, end), or from when there is none: the start of a
 * URL path's last segment, never looking into the query. */
static const char *last_slash(const char *from, const char *end)
{
	const char *slash = from;

	for (const char *p = from; p < end; p++)
		if (*p == '/')
			slash = p;
	return slash;
}

/* Replaces a size suffix (_normal, _bigger, _mini) of an avatar's file name with _400x400. */
static char *large_avatar(const char *url, size_t pathend)
{
	static const char *const sfx[] = { "_normal", "_bigger", "_mini" };
	const char *slash = last_slash(url, url + pathend);

	for (size_t i = 0; i < sizeof sfx / sizeof *sfx; i++) {
		size_t k = strlen(sfx[i]);
		for (const char *p = slash; p + k <= url + pathend; p++) {
			if (strncmp(p, sfx[i], k) != 0 || (p + k != url + pathend && p[k] != '.'))
				continue;
			return xasprintf("%.*s_400x400%s", (int)(p - url), url, p + k);
		}
	}
	return xstrdup(url);
}

/* Rewrites pbs.twimg.com photo and avatar URLs to their large variants (see media.h). */
char *media_fetch_url(const char *url, int avatar)
{
	const char *host, *path;
	size_t pathend;

	if (!url)
		return NULL;
	if (has_scheme(url, "https"))
		host = url + 8;
	else if (has_scheme(url, "http"))
		host = url + 7;
	else
		return xstrdup(url);
	if (strncasecmp(host, "pbs.twimg.com/", 14) != 0)
		return xstrdup(url);
	path = host + 13;
	pathend = (size_t)(path - url) + strcspn(path, "?#");
	if (avatar && strncmp(path, "/profile_images/", 16) == 0)
		return large_avatar(url, pathend);
	if (strncmp(path, "/media/", 7) == 0 || memmem(path, (size_t)(url + pathend - path), "_thumb/", 7)) {
		const char *q = url[pathend] == '?' ? url + pathend + 1 : NULL;
		char *query = q ? xstrndup(q, strcspn(q, "#")) : NULL;
		const char *slash = last_slash(path, url + pathend);
		int has_ext = memchr(slash, '.', strcspn(slash, "?#")) != NULL;
		char *out = large_photo(url, pathend, query, has_ext);
		free(query);
		return out;
	}
	return xstrdup(url);
}
