/* util: memory that never fails (it exits), growable byte buffers, files.
 * Every pointer returned by x* functions is owned by the caller (free()). */
#ifndef THREADPDF_UTIL_H
#define THREADPDF_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "result.h"

/* FNV-1a (64-bit) of p[0..n) continued from h; start with UTIL_HASH_INIT.
 * For hash tables, not for anything an adversary may choose to collide. */
#define UTIL_HASH_INIT 1469598103934665603ull
uint64_t util_hash(uint64_t h, const void *p, size_t n);

/* Prints the out-of-memory message and exits (status 70): no recovering. */
void xoom(void) __attribute__((noreturn));
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a new string; caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Growable byte buffer; data is always NUL-terminated (not counted in len). */
typedef struct buf {
	char *data;
	size_t len, cap;
} buf;

void buf_init(buf *b);
void buf_free(buf *b);
/* Makes room for n more bytes (and the terminating NUL) past len. */
void buf_reserve(buf *b, size_t n);
void buf_add(buf *b, const void *p, size_t n);
void buf_adds(buf *b, const char *s);
void buf_addc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s percent-encoded: with `value` (a URL query value) every byte
 * but RFC 3986's unreserved A-Z a-z 0-9 - . _ ~; without, only what may not
 * stand in a URI as it is (controls, space, non-ASCII, " < > \). */
void buf_add_pct(buf *b, const char *s, int value);
/* Hands the data to the caller (caller frees) and empties the buffer. */
char *buf_steal(buf *b, size_t *len);

/* Caps, in bytes, on what threadpdf reads, so that no input (a device, a
 * pipe that never ends, a huge file) can take the machine's memory; read
 * them with util_read_capped. Memory grows with what was read, never the
 * cap up front.
 * - JSON input (a file or stdin): a fetch's --save-json holds at most
 *   ~90 pages of <= 0.4 MB (~30 MB), a 1000-tweet thread ~2-3 MB; parsing
 *   takes ~7x the file (measured; up to ~28x for the densest JSON).
 * - Archive file (one file of an archive): tweets.js parts are split near
 *   100 MB. Config: a settings file of a few lines. Mail: one message with
 *   a PDF attached (servers commonly refuse over 25-50 MB). Token: a bearer
 *   token is ~120 bytes.
 * - Text: one string of a JSON input (a tweet's text, a name, an alt text)
 *   as decoded; a post is at most 25,000 characters (~100 KB), and layout
 *   takes ~150 bytes a character of a paragraph (measured). */
#define UTIL_CAP_JSON ((size_t)128 << 20)
#define UTIL_CAP_ARCHIVE_FILE ((size_t)256 << 20)
#define UTIL_CAP_CONFIG ((size_t)1 << 20)
#define UTIL_CAP_MAIL ((size_t)64 << 20)
#define UTIL_CAP_TOKEN ((size_t)64 << 10)
#define UTIL_CAP_TEXT ((size_t)1 << 20)

/* Writes cap as "128 MiB", "64 KiB" or "100 bytes" into out; returns out. */
char *util_cap_str(size_t cap, char out[32]);
/* Reads the file at path into b (appends), at most max bytes: a regular
 * file over max is refused from its size, anything else (a pipe, a device)
 * when the read passes max. what names the input in msg ("JSON input",
 * "token file", shown with path). TP_ERR_IO when it cannot be opened or
 * read, TP_ERR_INPUT when over max ("token file F: larger than the cap of
 * 64 KiB"); b then holds what was read (clear it if secret) for the caller to
 * free. */
tp_result util_read_capped(const char *path, const char *what, size_t max, buf *b, char *msg,
			   size_t msglen);
/* Reads a whole file into b (appends), with no cap: only for files
 * threadpdf wrote itself and tests. Returns 0, or -1 with errno set. */
int util_read_file(const char *path, buf *b);
/* Reads fd to its end into b (appends), straight into the buffer's spare
 * room (reserve the expected size first to read with no copy), but at
 * most max + 1 bytes: more than max read tells an over-size input without
 * reading all of it. The buffer grows by doubling but never past the
 * max + 1 bytes it may hold. Returns 0, or -1 with errno set. */
int util_read_fd(int fd, buf *b, size_t max);
/* Writes all of data to fd, retrying short and interrupted writes.
 * Returns 0, or -1 with errno set. */
int util_write_all(int fd, const void *data, size_t len);
/* Directory part of path ("." when none); caller frees. */
char *util_dirname(const char *path);
/* dir + "/" + rel unless rel is absolute; caller frees. */
char *util_path_join(const char *dir, const char *rel);

/* Decodes one UTF-8 code point at s (n bytes available); stores its length
 * in *adv (>= 1 even on invalid input, which yields U+FFFD). */
uint32_t utf8_decode(const char *s, size_t n, size_t *adv);
/* Encodes cp into out (4 bytes room); returns the length. */
size_t utf8_encode(uint32_t cp, char *out);
/* Number of code points in s[0..n). */
size_t utf8_count(const char *s, size_t n);

#endif
