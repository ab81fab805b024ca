/* util: allocation that exits on failure, byte buffers, files, UTF-8. */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void xoom(void)
{
	fputs("threadpdf: out of memory\n", stderr);
	exit(70);
}

uint64_t util_hash(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ c[i]) * 1099511628211ull;
	return h;
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		xoom();
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		xoom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		xoom();
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	buf b;
	va_list ap;

	buf_init(&b);
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	b.data = xrealloc(b.data, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(b.data, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return b.data;
}

void buf_init(buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
}

void buf_free(buf *b)
{
	free(b->data);
	buf_init(b);
}

void buf_reserve(buf *b, size_t n)
{
	if (b->len + n + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + n + 1)
		cap *= 2;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
}

void buf_add(buf *b, const void *p, size_t n)
{
	buf_reserve(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_adds(buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_addc(buf *b, char c)
{
	buf_add(b, &c, 1);
}

void buf_add_pct(buf *b, const char *s, int value)
{
	static const char hx[] = "0123456789ABCDEF";

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		int keep = value ? (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
					   *p == '-' || *p == '.' || *p == '_' || *p == '~'
				 : *p > 0x20 && *p < 0x7F && *p != '"' && *p != '<' && *p != '>' && *p != '\\';
		if (keep) {
			buf_addc(b, (char)*p);
		} else {
			char e[3] = { '%', hx[*p >> 4], hx[*p & 15] };
			buf_add(b, e, 3);
		}
	}
}

void buf_printf(buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	buf_reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

char *buf_steal(buf *b, size_t *len)
{
	if (!b->data)
		buf_reserve(b, 0), b->data[0] = '\0';
	char *p = b->data;
	if (len)
		*len = b->len;
	buf_init(b);
	return p;
}

/* Sets b's room to exactly n more bytes past len (and the NUL). */
static void reserve_exact(buf *b, size_t n)
{
	if (b->len + n + 1 <= b->cap)
		return;
	b->data = xrealloc(b->data, b->len + n + 1);
	b->cap = b->len + n + 1;
}

int util_read_fd(int fd, buf *b, size_t max)
{
	size_t start = b->len;

	for (;;) {
		size_t left = max + 1 - (b->len - start);
		if (b->cap < b->len + 2) {
			size_t more = b->cap > 65536 ? b->cap : 65536;
			reserve_exact(b, more < left ? more : left);
		}
		size_t room = b->cap - b->len - 1;
		ssize_t n = read(fd, b->data + b->len, room < left ? room : left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		b->len += (size_t)n;
		b->data[b->len] = '\0';
		if (n == 0 || b->len - start > max)
			return 0;
	}
}

int util_read_file(const char *path, buf *b)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	int rc = util_read_fd(fd, b, SIZE_MAX - 1);
	int saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

char *util_cap_str(size_t cap, char out[32])
{
	if (cap >= ((size_t)1 << 20) && cap % ((size_t)1 << 20) == 0)
		snprintf(out, 32, "%zu MiB", cap >> 20);
	else if (cap >= 1024 && cap % 1024 == 0)
		snprintf(out, 32, "%zu KiB", cap >> 10);
	else
		snprintf(out, 32, "%zu bytes", cap);
	return out;
}

/* The one-line "over the cap" message of util_read_capped. */
static tp_result over_cap(const char *path, const char *what, size_t max, char *msg, size_t msglen)
{
	char cs[32];

	return tp_fail(TP_ERR_INPUT, msg, msglen, "%s %s: larger than the cap of %s", what, path,
		       util_cap_str(max, cs));
}

tp_result util_read_capped(const char *path, const char *what, size_t max, buf *b, char *msg,
			   size_t msglen)
{
	struct stat st;
	size_t start = b->len;
	tp_result r = TP_OK;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return tp_fail(TP_ERR_IO, msg, msglen, "cannot read %s %s: %s", what, path, strerror(errno));
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		if ((uintmax_t)st.st_size > max) {
			r = over_cap(path, what, max, msg, msglen);
			goto cleanup;
		}
		reserve_exact(b, (size_t)st.st_size + 1);
	}
	if (util_read_fd(fd, b, max) != 0)
		r = tp_fail(TP_ERR_IO, msg, msglen, "cannot read %s %s: %s", what, path, strerror(errno));
	else if (b->len - start > max)
		r = over_cap(path, what, max, msg, msglen);
cleanup:
	close(fd);
	return r;
}

int util_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

char *util_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

char *util_path_join(const char *dir, const char *rel)
{
	if (rel[0] == '/' || !dir || !dir[0])
		return xstrdup(rel);
	return xasprintf("%s/%s", dir, rel);
}

/* Length of the UTF-8 sequence a lead byte starts, 0 if it is not a lead. */
static size_t utf8_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return 2;
	if (c >= 0xE0 && c <= 0xEF)
		return 3;
	if (c >= 0xF0 && c <= 0xF4)
		return 4;
	return 0;
}

uint32_t utf8_decode(const char *s, size_t n, size_t *adv)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len = n ? utf8_len(u[0]) : 0;
	uint32_t cp;

	*adv = 1;
	if (len == 0 || len > n)
		return 0xFFFD;
	if (len == 1)
		return u[0];
	cp = u[0] & (0x7F >> len);
	for (size_t i = 1; i < len; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return 0xFFFD;
		cp = (cp << 6) | (u[i] & 0x3F);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0xFFFD;
	*adv = len;
	return cp;
}

size_t utf8_encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

size_t utf8_count(const char *s, size_t n)
{
	size_t count = 0, adv;

	for (size_t i = 0; i < n; i += adv, count++)
		utf8_decode(s + i, n - i, &adv);
	return count;
}
