/* xjson: the text helpers both X readers (xv2 for API JSON, archive for the
 * data archive) need around cJSON: clean UTF-8 copies, HTML entities as X
 * sends them, \u escapes cJSON rejects or cuts strings at, and raw control
 * characters cJSON takes although they are not JSON. Pure string work. */
#ifndef THREADPDF_XJSON_H
#define THREADPDF_XJSON_H

#include <stddef.h>

/* A copy of s[0..n) with invalid UTF-8 replaced by U+FFFD. Caller frees. */
char *xjson_clean(const char *s, size_t n);

/* s[0..n) with &amp; &lt; &gt; &quot; &#39; decoded and '\r' dropped (call
 * it after splitting a text at its entity indices); clean UTF-8. Caller frees. */
char *xjson_decode_html(const char *s, size_t n);

/* Rewrites in place the \u escapes cJSON rejects or cuts strings at: lone
 * UTF-16 surrogates and \u0000 become \uFFFD; proper pairs are left for
 * cJSON, which joins them. */
void xjson_fix_escapes(char *s, size_t n);

/* Finds the first raw control character (U+0000 to U+001F) in the JSON
 * text s[start..n) that is not JSON: any inside a string, any but tab, LF
 * and CR between tokens. Returns 1 with its offset in *pos and whether it
 * stands in a string in *in_str, or 0 when there is none. */
int xjson_raw_control(const char *s, size_t start, size_t n, size_t *pos, int *in_str);

#endif
