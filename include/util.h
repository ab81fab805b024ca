/* util: memory that never fails (it exits), growable byte buffers, files.
 * Every pointer returned by x* functions is owned by the caller (free()). */
#ifndef THREADPDF_UTIL_H
#define THREADPDF_UTIL_H

#include <stddef.h>
#include <stdint.h>

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

/* Reads a whole file into b (appends). Returns 0, or -1 with errno set. */
int util_read_file(const char *path, buf *b);
/* Reads fd to its end into b (appends), straight into the buffer's spare
 * room (reserve the expected size first to read with no copy), but at
 * most max + 1 bytes: more than max read tells an over-size input without
 * reading all of it. Returns 0, or -1 with errno set. */
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
