/* eml: the RFC 5322 + MIME message writer (see eml.h). */
#include "eml.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>

#define LINE_MAX_SOFT 78
#define B64_LINE 76

static const char b64chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* 1 when s holds a byte that may not stand in a header value (CR, LF, other controls). */
static int has_control(const char *s)
{
	for (; s && *s; s++)
		if ((unsigned char)*s < 0x20 && *s != '\t')
			return 1;
	return 0;
}

/* 1 when s is printable ASCII (and tabs) only. */
static int is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x7f || ((unsigned char)*s < 0x20 && *s != '\t'))
			return 0;
	return 1;
}

/* Appends n bytes at p in base64 without line breaks. */
static void b64_raw(buf *b, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		buf_addc(b, b64chars[(v >> 18) & 63]);
		buf_addc(b, b64chars[(v >> 12) & 63]);
		buf_addc(b, i + 1 < n ? b64chars[(v >> 6) & 63] : '=');
		buf_addc(b, i + 2 < n ? b64chars[v & 63] : '=');
	}
}

size_t eml_base64_size(size_t n)
{
	size_t chars = (n + 2) / 3 * 4;

	return chars + (chars + B64_LINE - 1) / B64_LINE * 2;
}

/* Appends data in base64, 76 characters a line, each line ended by CRLF. */
static void b64_lines(buf *b, const unsigned char *p, size_t n)
{
	buf_reserve(b, eml_base64_size(n));
	for (size_t i = 0; i < n; i += 57) {
		b64_raw(b, p + i, n - i < 57 ? n - i : 57);
		buf_adds(b, "\r\n");
	}
}

/* Appends text (LF or CRLF line ends) quoted-printable with CRLF lines of
 * at most 76 characters (RFC 2045 6.7). */
static void qp_body(buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t col = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\r' && p[1] == '\n')
			continue;
		if (*p == '\n') {
			buf_adds(b, "\r\n");
			col = 0;
			continue;
		}
		int last = p[1] == '\n' || p[1] == '\0' || (p[1] == '\r' && p[2] == '\n');
		int plain = (*p >= 33 && *p <= 126 && *p != '=') || ((*p == ' ' || *p == '\t') && !last);
		/* A '.' opening a line is encoded, so no transport can take it for the end. */
		if (*p == '.' && col == 0)
			plain = 0;
		size_t w = plain ? 1 : 3;
		if (col + w > 75) {
			buf_adds(b, "=\r\n");
			col = 0;
		}
		if (plain) {
			buf_addc(b, (char)*p);
		} else {
			buf_addc(b, '=');
			buf_addc(b, hex[*p >> 4]);
			buf_addc(b, hex[*p & 15]);
		}
		col += w;
	}
	if (col)
		buf_adds(b, "\r\n");
}

/* Appends "Name: value" for an ASCII value, folded at blanks so lines stay
 * within 78 octets where the value has blanks to fold at. */
static void header_ascii(buf *b, const char *name, const char *value)
{
	size_t col = strlen(name) + 2;
	const char *p = value;

	buf_printf(b, "%s: ", name);
	while (*p) {
		const char *sp = strchr(p + 1, ' ');
		size_t n = sp ? (size_t)(sp - p) : strlen(p);
		if (col + n > LINE_MAX_SOFT && p != value && *p == ' ') {
			buf_adds(b, "\r\n");
			col = 0;
		}
		buf_add(b, p, n);
		col += n;
		p += n;
	}
	buf_adds(b, "\r\n");
}

/* Length of the longest prefix of s, at most max bytes, that ends on a
 * UTF-8 character boundary (at least one character). */
static size_t utf8_prefix(const char *s, size_t n, size_t max)
{
	size_t k = 0;

	while (k < n) {
		size_t adv;
		utf8_decode(s + k, n - k, &adv);
		if (k + adv > max && k > 0)
			break;
		k += adv;
	}
	return k;
}

/* Appends "Name: value", as RFC 2047 B encoded-words of whole UTF-8
 * characters (each word at most 75 characters) when value is not ASCII. */
static void header_text(buf *b, const char *name, const char *value)
{
	size_t n = strlen(value), col = strlen(name) + 2;

	if (is_ascii(value)) {
		header_ascii(b, name, value);
		return;
	}
	buf_printf(b, "%s:", name);
	col = strlen(name) + 1;
	for (size_t i = 0; i < n;) {
		size_t k = utf8_prefix(value + i, n - i, 45);
		size_t w = 12 + (k + 2) / 3 * 4 + 1;
		if (col + w > LINE_MAX_SOFT && i > 0) {
			buf_adds(b, "\r\n");
			col = 0;
		}
		buf_adds(b, " =?UTF-8?B?");
		b64_raw(b, (const unsigned char *)value + i, k);
		buf_adds(b, "?=");
		col += w;
		i += k;
	}
	buf_adds(b, "\r\n");
}

tp_result eml_check_address(const char *what, const char *addr, char *msg, size_t msglen)
{
	const char *at;

	if (!addr || !*addr)
		return tp_fail(TP_ERR_USAGE, msg, msglen, "%s: an empty address", what);
	if (!is_ascii(addr) || has_control(addr))
		return tp_fail(TP_ERR_USAGE, msg, msglen, "%s: the address holds a line break, a control or "
			       "non-ASCII character", what);
	char *spec = eml_addr_spec(addr);
	at = strrchr(spec, '@');
	int ok = at && at != spec && at[1] && !strpbrk(spec, " <>,;\"()[]\\");
	free(spec);
	if (!ok)
		return tp_fail(TP_ERR_USAGE, msg, msglen, "%s %s: not an address like name@example.org", what, addr);
	return TP_OK;
}

char *eml_addr_spec(const char *addr)
{
	const char *lt = strrchr(addr, '<'), *gt = lt ? strchr(lt, '>') : NULL;
	const char *s = addr, *e = addr + strlen(addr);

	if (lt && gt) {
		s = lt + 1;
		e = gt;
	}
	while (s < e && isspace((unsigned char)*s))
		s++;
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	return xstrndup(s, (size_t)(e - s));
}

char *eml_message_id(const char *from)
{
	unsigned char r[16] = {0};
	char *spec = eml_addr_spec(from ? from : "");
	const char *at = strrchr(spec, '@');
	const char *dom = at && at[1] ? at + 1 : "localhost";
	buf b;

	if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r) {
		uint64_t h = util_hash(UTIL_HASH_INIT, spec, strlen(spec));
		h ^= (uint64_t)time(NULL) ^ ((uint64_t)clock() << 32);
		memcpy(r, &h, sizeof h);
	}
	buf_init(&b);
	buf_addc(&b, '<');
	for (size_t i = 0; i < sizeof r; i++)
		buf_printf(&b, "%02x", r[i]);
	buf_printf(&b, ".threadpdf@%s>", dom);
	free(spec);
	return buf_steal(&b, NULL);
}

void eml_format_date(int64_t t, char *out, size_t outlen)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	snprintf(out, outlen, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday,
		 months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Appends an address list header ("To: a, b"), folded one address a line
 * when it would pass 78 octets. */
static void header_addrs(buf *b, const char *name, const char *const *v, size_t n)
{
	size_t col = strlen(name) + 2;

	if (!n)
		return;
	buf_printf(b, "%s: ", name);
	for (size_t i = 0; i < n; i++) {
		size_t w = strlen(v[i]) + (i + 1 < n);
		if (i > 0 && col + w + 1 > LINE_MAX_SOFT) {
			buf_adds(b, "\r\n ");
			col = 1;
		} else if (i > 0) {
			buf_addc(b, ' ');
			col++;
		}
		buf_adds(b, v[i]);
		if (i + 1 < n)
			buf_addc(b, ',');
		col += w;
	}
	buf_adds(b, "\r\n");
}

/* Checks every address of a list (see eml_check_address). */
static tp_result check_list(const char *what, const char *const *v, size_t n, char *msg, size_t msglen)
{
	for (size_t i = 0; i < n; i++) {
		tp_result r = eml_check_address(what, v[i], msg, msglen);
		if (r != TP_OK)
			return r;
	}
	return TP_OK;
}

/* Checks what goes into headers: addresses, and no line break anywhere. */
static tp_result check_message(const eml_message *m, char *msg, size_t msglen)
{
	tp_result r = eml_check_address("From", m->from, msg, msglen);

	if (r == TP_OK)
		r = check_list("To", m->to, m->nto, msg, msglen);
	if (r == TP_OK)
		r = check_list("Cc", m->cc, m->ncc, msg, msglen);
	if (r == TP_OK)
		r = check_list("Bcc", m->bcc, m->nbcc, msg, msglen);
	if (r == TP_OK && m->nto + m->ncc + m->nbcc == 0)
		r = tp_fail(TP_ERR_USAGE, msg, msglen, "the message has no recipient");
	const char *vals[] = { m->subject, m->message_id, m->in_reply_to, m->references };
	for (size_t i = 0; r == TP_OK && i < sizeof vals / sizeof *vals; i++)
		if (has_control(vals[i]))
			r = tp_fail(TP_ERR_USAGE, msg, msglen, "a header value holds a line break or a control character");
	for (size_t i = 0; r == TP_OK && i < m->natt; i++)
		if (has_control(m->att[i].name) || (m->att[i].type && has_control(m->att[i].type)))
			r = tp_fail(TP_ERR_USAGE, msg, msglen, "an attachment's name holds a control character");
	return r;
}

/* A MIME boundary for the part at depth, from the message's id: it can
 * never occur in base64 or quoted-printable text ("=_" is in neither). */
static void boundary(const char *mid, int depth, char *out, size_t n)
{
	uint64_t h = util_hash(UTIL_HASH_INIT, mid, strlen(mid));

	h = util_hash(h, &depth, sizeof depth);
	snprintf(out, n, "=_threadpdf_%d_%016llx", depth, (unsigned long long)h);
}

/* The ASCII fallback of a UTF-8 file name: Latin letters without their
 * accents, other non-ASCII characters, quotes and backslashes as '_'. */
static char *ascii_name(const char *name)
{
	static const char latin[] = "AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTsaaaaaaaceeeeiiiidnooooo/ouuuuyty";
	size_t n = strlen(name);
	buf b;

	buf_init(&b);
	for (size_t i = 0; i < n;) {
		size_t adv;
		uint32_t cp = utf8_decode(name + i, n - i, &adv);
		if (cp >= 0xC0 && cp <= 0xFF)
			buf_addc(&b, latin[cp - 0xC0] == '/' || latin[cp - 0xC0] == 'x' ? '_' : latin[cp - 0xC0]);
		else if (cp < 0x20 || cp >= 0x7f || cp == '"' || cp == '\\')
			buf_addc(&b, '_');
		else
			buf_addc(&b, (char)cp);
		i += adv;
	}
	buf_add(&b, "", 0);
	return buf_steal(&b, NULL);
}

/* Appends the Content-Type and Content-Disposition of an attachment: when
 * the name is not ASCII, RFC 2231 filename*=UTF-8''... (in continuations
 * of at most 60 characters when longer) first, for the readers that take
 * the first; then the ASCII filename="..." fallback. */
static void attachment_headers(buf *b, const eml_attachment *a)
{
	char *fallback = ascii_name(a->name);
	buf enc;

	buf_printf(b, "Content-Type: %s;\r\n name=\"%s\"\r\n", a->type ? a->type : "application/pdf", fallback);
	buf_adds(b, "Content-Disposition: attachment");
	if (!is_ascii(a->name)) {
		static const char hex[] = "0123456789ABCDEF";
		buf_init(&enc);
		for (const unsigned char *p = (const unsigned char *)a->name; *p; p++) {
			if (isalnum(*p) || strchr("-._~", *p)) {
				buf_addc(&enc, (char)*p);
			} else {
				buf_addc(&enc, '%');
				buf_addc(&enc, hex[*p >> 4]);
				buf_addc(&enc, hex[*p & 15]);
			}
		}
		size_t i = 0;
		if (enc.len <= 60)
			buf_printf(b, ";\r\n filename*=UTF-8''%s", enc.data);
		for (int k = 0; enc.len > 60 && i < enc.len; k++) {
			size_t take = enc.len - i < 60 ? enc.len - i : 60;
			while (take > 1 && i + take < enc.len && (enc.data[i + take] == '%' || enc.data[i + take - 1] == '%' ||
							     (take > 2 && enc.data[i + take - 2] == '%')))
				take--;
			buf_printf(b, ";\r\n filename*%d*=%s%.*s", k, k == 0 ? "UTF-8''" : "", (int)take, enc.data + i);
			i += take;
		}
		buf_free(&enc);
	}
	buf_printf(b, ";\r\n filename=\"%s\"\r\n", fallback);
	buf_adds(b, "Content-Transfer-Encoding: base64\r\n\r\n");
	b64_lines(b, a->data, a->len);
	free(fallback);
}

/* Appends the text/plain part, and the HTML alternative when there is one. */
static void body_parts(buf *b, const eml_message *m, const char *mid)
{
	char bd[64];

	if (m->html) {
		boundary(mid, 1, bd, sizeof bd);
		buf_printf(b, "Content-Type: multipart/alternative;\r\n boundary=\"%s\"\r\n\r\n", bd);
		buf_printf(b, "--%s\r\n", bd);
	}
	buf_adds(b, "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n");
	qp_body(b, m->text ? m->text : "");
	if (m->html) {
		buf_printf(b, "--%s\r\n", bd);
		buf_adds(b, "Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n");
		qp_body(b, m->html);
		buf_printf(b, "--%s--\r\n", bd);
	}
}

/* Appends the header block but for the MIME headers. */
static void top_headers(buf *b, const eml_message *m, const char *mid)
{
	char date[64];

	eml_format_date(m->date, date, sizeof date);
	buf_printf(b, "Date: %s\r\n", date);
	header_ascii(b, "From", m->from);
	header_addrs(b, "To", m->to, m->nto);
	header_addrs(b, "Cc", m->cc, m->ncc);
	if (m->include_bcc)
		header_addrs(b, "Bcc", m->bcc, m->nbcc);
	header_text(b, "Subject", m->subject && *m->subject ? m->subject : "(no subject)");
	buf_printf(b, "Message-ID: %s\r\n", mid);
	if (m->in_reply_to && *m->in_reply_to)
		header_ascii(b, "In-Reply-To", m->in_reply_to);
	if (m->references && *m->references)
		header_ascii(b, "References", m->references);
	if (m->auto_replied)
		buf_adds(b, "Auto-Submitted: auto-replied\r\n");
	buf_adds(b, "User-Agent: threadpdf\r\nMIME-Version: 1.0\r\n");
}

tp_result eml_write(const eml_message *m, buf *out, char *msg, size_t msglen)
{
	char *own = NULL, bd[64];
	tp_result r = check_message(m, msg, msglen);

	if (r != TP_OK)
		return r;
	const char *mid = m->message_id ? m->message_id : (own = eml_message_id(m->from));
	top_headers(out, m, mid);
	if (m->natt) {
		boundary(mid, 0, bd, sizeof bd);
		buf_printf(out, "Content-Type: multipart/mixed;\r\n boundary=\"%s\"\r\n\r\n", bd);
		buf_adds(out, "This is a message in MIME format.\r\n\r\n");
		buf_printf(out, "--%s\r\n", bd);
		body_parts(out, m, mid);
		for (size_t i = 0; i < m->natt; i++) {
			buf_printf(out, "--%s\r\n", bd);
			attachment_headers(out, &m->att[i]);
		}
		buf_printf(out, "--%s--\r\n", bd);
	} else {
		body_parts(out, m, mid);
	}
	free(own);
	return TP_OK;
}

/* Value of a hex digit, or -1. */
static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Value of a base64 character, or -1. */
static int b64val(int c)
{
	const char *p = c ? strchr(b64chars, c) : NULL;

	return p ? (int)(p - b64chars) : -1;
}

/* Decodes the text of one encoded-word (B or Q) into out as UTF-8;
 * 0, or -1 when the charset is not one this knows. */
static int decode_word(const char *cs, size_t csn, char enc, const char *t, size_t n, buf *out)
{
	int latin1 = csn == 10 && strncasecmp(cs, "iso-8859-1", 10) == 0;
	buf raw;

	if (!latin1 && !(csn == 5 && strncasecmp(cs, "utf-8", 5) == 0) &&
	    !(csn == 8 && strncasecmp(cs, "us-ascii", 8) == 0))
		return -1;
	buf_init(&raw);
	if (enc == 'b' || enc == 'B') {
		unsigned v = 0;
		int bits = 0;
		for (size_t i = 0; i < n; i++) {
			int d = b64val((unsigned char)t[i]);
			if (d < 0)
				continue;
			v = (v << 6) | (unsigned)d;
			bits += 6;
			if (bits >= 8) {
				bits -= 8;
				buf_addc(&raw, (char)((v >> bits) & 0xff));
			}
		}
	} else {
		for (size_t i = 0; i < n; i++) {
			if (t[i] == '_')
				buf_addc(&raw, ' ');
			else if (t[i] == '=' && i + 2 < n && hexval((unsigned char)t[i + 1]) >= 0 &&
				 hexval((unsigned char)t[i + 2]) >= 0) {
				buf_addc(&raw, (char)(hexval((unsigned char)t[i + 1]) * 16 + hexval((unsigned char)t[i + 2])));
				i += 2;
			} else {
				buf_addc(&raw, t[i]);
			}
		}
	}
	for (size_t i = 0; i < raw.len; i++) {
		if (latin1 && (unsigned char)raw.data[i] >= 0x80) {
			char u[4];
			buf_add(out, u, utf8_encode((unsigned char)raw.data[i], u));
		} else {
			buf_addc(out, raw.data[i] == '\r' || raw.data[i] == '\n' ? ' ' : raw.data[i]);
		}
	}
	buf_free(&raw);
	return 0;
}

/* Parses an encoded-word at p ("=?cs?e?text?="); its length, or 0. */
static size_t word_at(const char *p, buf *out)
{
	const char *q1, *q2, *end;

	if (p[0] != '=' || p[1] != '?')
		return 0;
	q1 = strchr(p + 2, '?');
	if (!q1 || !q1[1] || q1[2] != '?')
		return 0;
	q2 = q1 + 2;
	end = strstr(q2 + 1, "?=");
	if (!end || memchr(p, ' ', (size_t)(end - p)))
		return 0;
	const char *cs = p + 2;
	size_t csn = (size_t)(q1 - cs);
	const char *star = memchr(cs, '*', csn);
	if (star)
		csn = (size_t)(star - cs);
	char enc = q1[1];
	if (!strchr("bBqQ", enc))
		return 0;
	if (decode_word(cs, csn, enc, q2 + 1, (size_t)(end - q2 - 1), out) != 0)
		return 0;
	return (size_t)(end + 2 - p);
}

char *eml_decode_words(const char *s)
{
	buf out;
	int prev_word = 0;

	buf_init(&out);
	buf_add(&out, "", 0);
	for (const char *p = s; *p;) {
		size_t k = word_at(p, &out);
		if (k) {
			p += k;
			prev_word = 1;
			continue;
		}
		if (prev_word && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) {
			const char *q = p;
			while (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n')
				q++;
			buf tmp;
			buf_init(&tmp);
			size_t k2 = word_at(q, &tmp);
			buf_free(&tmp);
			if (k2) {
				p = q;
				continue;
			}
		}
		prev_word = 0;
		if (*p == '\r' || *p == '\n') {
			p++;
			continue;
		}
		buf_addc(&out, *p == '\t' ? ' ' : *p);
		p++;
	}
	return buf_steal(&out, NULL);
}
