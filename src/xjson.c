/* xjson: UTF-8 cleaning, HTML entities, escapes and raw controls for the readers. */
#include "xjson.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Copies n bytes of text, replacing invalid UTF-8 with U+FFFD. */
char *xjson_clean(const char *s, size_t n)
{
	buf b;
	size_t adv;
	char enc[4];

	buf_init(&b);
	buf_add(&b, "", 0);
	for (size_t i = 0; i < n; i += adv) {
		uint32_t cp = utf8_decode(s + i, n - i, &adv);
		if (cp == 0xFFFD)
			buf_add(&b, enc, utf8_encode(cp, enc));
		else
			buf_add(&b, s + i, adv);
	}
	return buf_steal(&b, NULL);
}

/* Decodes the five entities X escapes, a run of plain text at a time. */
char *xjson_decode_html(const char *s, size_t n)
{
	static const struct {
		const char *ent;
		char c;
	} map[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
	buf b;

	buf_init(&b);
	buf_add(&b, "", 0);
	for (size_t i = 0; i < n; i++) {
		size_t plain = i, k = 0, len = 0;
		while (plain < n && s[plain] != '&' && s[plain] != '\r')
			plain++;
		buf_add(&b, s + i, plain - i);
		i = plain;
		if (i == n || s[i] == '\r')
			continue;
		for (k = 0; k < sizeof map / sizeof map[0]; k++) {
			len = strlen(map[k].ent);
			if (len <= n - i && memcmp(s + i, map[k].ent, len) == 0)
				break;
		}
		if (k < sizeof map / sizeof map[0]) {
			buf_addc(&b, map[k].c);
			i += len - 1;
		} else {
			buf_addc(&b, '&');
		}
	}
	char *raw = buf_steal(&b, &n);
	char *out = xjson_clean(raw, n);
	free(raw);
	return out;
}

/* The value of the 4 hex digits at s, or -1 when they are not hex. */
static long hex4(const char *s)
{
	char hex[5] = {0}, *end;

	memcpy(hex, s, 4);
	unsigned long u = strtoul(hex, &end, 16);
	return *end ? -1 : (long)u;
}

/* Rewrites lone surrogate and NUL escapes as \uFFFD (see xjson.h). */
void xjson_fix_escapes(char *s, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++) {
		if (s[i] != '\\')
			continue;
		long u = s[i + 1] == 'u' && i + 6 <= n ? hex4(s + i + 2) : -1;
		if (u < 0) {
			i++;
			continue;
		}
		if (u >= 0xD800 && u <= 0xDBFF && i + 12 <= n && s[i + 6] == '\\' && s[i + 7] == 'u') {
			long l = hex4(s + i + 8);
			if (l >= 0xDC00 && l <= 0xDFFF) {
				i += 11;
				continue;
			}
		}
		if (u == 0 || (u >= 0xD800 && u <= 0xDFFF))
			memcpy(s + i + 2, "FFFD", 4);
		i += 5;
	}
}

/* Finds a raw control character that is not JSON (see xjson.h). */
int xjson_raw_control(const char *s, size_t start, size_t n, size_t *pos, int *in_str)
{
	int str = 0;

	for (size_t i = start; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 && (str || !strchr("\t\n\r", c) || !c)) {
			*pos = i;
			*in_str = str;
			return 1;
		}
		if (str && c == '\\')
			i++;
		else if (c == '"')
			str = !str;
	}
	return 0;
}
