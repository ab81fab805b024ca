/* Unit tests of eml: the message writer's lines, headers, encodings and refusals. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "eml.h"

/* The longest line of b (CRLF-separated) and whether every LF follows a CR. */
static size_t longest_line(const buf *b, int *bare_lf)
{
	size_t max = 0, col = 0;

	*bare_lf = 0;
	for (size_t i = 0; i < b->len; i++) {
		if (b->data[i] == '\n') {
			*bare_lf |= i == 0 || b->data[i - 1] != '\r';
			col = 0;
		} else if (b->data[i] != '\r') {
			if (++col > max)
				max = col;
		}
	}
	return max;
}

/* A message of a big attachment and long text: lines within limits. */
static void test_lines(void)
{
	static const char *to[] = { "a@example.org", "Somebody With A Long Name <somebody@example.org>",
				    "c@example.org", "dee.dee.dee@example.org" };
	unsigned char *pdf = malloc(100000);
	char longtext[3000];
	buf b;

	for (size_t i = 0; i < 100000; i++)
		pdf[i] = (unsigned char)(i * 7);
	memset(longtext, 'x', sizeof longtext - 1);
	longtext[sizeof longtext - 1] = '\0';
	longtext[10] = '.';
	eml_attachment a = { "thèse.pdf", NULL, pdf, 100000 };
	eml_message m = { .from = "me@example.org", .to = to, .nto = 4, .subject = "hello", .date = 0,
			  .message_id = "<x@example.org>", .text = longtext, .html = "<p>hi</p>", .att = &a, .natt = 1 };
	buf_init(&b);
	CHECK("eml write ok", eml_write(&m, &b, NULL, 0) == TP_OK);
	int bare;
	CHECK("eml lines at most 78", longest_line(&b, &bare) <= 78);
	CHECK("eml no bare LF", !bare);
	CHECK("eml date", strstr(b.data, "Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n") != NULL);
	CHECK("eml rfc2231 name", strstr(b.data, "filename*=UTF-8''th%C3%A8se.pdf") != NULL);
	CHECK("eml ascii fallback", strstr(b.data, "filename=\"these.pdf\"") != NULL);
	CHECK("eml base64 size", eml_base64_size(100000) == 133336 + 2 * 1755);
	CHECK("eml no bcc header without bcc", strstr(b.data, "Bcc:") == NULL);
	buf_free(&b);
	free(pdf);
}

/* A non-ASCII subject becomes encoded-words of at most 75 characters that decode back. */
static void test_subject(void)
{
	static const char *to[] = { "a@example.org" };
	const char *subj = "Größere Bäume über Émile 🌱🌱🌱 und noch viel mehr Text, der gefaltet werden muss";
	eml_message m = { .from = "me@example.org", .to = to, .nto = 1, .subject = subj, .text = "x" };
	buf b;

	buf_init(&b);
	CHECK("eml subject ok", eml_write(&m, &b, NULL, 0) == TP_OK);
	const char *s = strstr(b.data, "Subject:"), *e = strstr(s, "\r\nMessage-ID");
	char *hdr = strndup(s + 8, (size_t)(e - s - 8));
	int words_ok = 1;
	for (const char *p = hdr; (p = strstr(p, "=?UTF-8?B?"));) {
		const char *q = strstr(p, "?=");
		words_ok &= q && q + 2 - p <= 75;
		p = q ? q + 2 : p + 1;
	}
	CHECK("eml subject words at most 75", words_ok);
	char *dec = eml_decode_words(hdr);
	const char *d = dec;
	while (*d == ' ')
		d++;
	CHECK_STR("eml subject round trip", d, subj);
	free(dec);
	free(hdr);
	buf_free(&b);
}

/* Header injection and bad addresses are refused. */
static void test_refusals(void)
{
	static const char *to[] = { "a@example.org" };
	static const char *bad[] = { "a@example.org\r\nBcc: evil@example.org" };
	char msg[256];
	buf b;

	buf_init(&b);
	eml_message m = { .from = "me@example.org", .to = to, .nto = 1, .subject = "hi\r\nBcc: x@y", .text = "x" };
	CHECK("eml subject injection refused", eml_write(&m, &b, msg, sizeof msg) == TP_ERR_USAGE);
	m.subject = "ok";
	m.to = bad;
	CHECK("eml address injection refused", eml_write(&m, &b, msg, sizeof msg) == TP_ERR_USAGE);
	m.to = to;
	m.nto = 0;
	CHECK("eml no recipient refused", eml_write(&m, &b, msg, sizeof msg) == TP_ERR_USAGE);
	CHECK("eml address ok", eml_check_address("x", "Name <a@b.example>", msg, sizeof msg) == TP_OK);
	CHECK("eml address no at", eml_check_address("x", "nobody", msg, sizeof msg) == TP_ERR_USAGE);
	CHECK("eml address non-ascii", eml_check_address("x", "é@b.example", msg, sizeof msg) == TP_ERR_USAGE);
	char *spec = eml_addr_spec("Some One <one@example.org>");
	CHECK_STR("eml addr spec", spec, "one@example.org");
	free(spec);
	char *id = eml_message_id("Me <me@Example.org>");
	CHECK("eml message id domain", strstr(id, ".threadpdf@Example.org>") != NULL && id[0] == '<');
	free(id);
	buf_free(&b);
}

/* Quoted-printable: '=' encoded, a '.' opening a line encoded, trailing blanks kept. */
static void test_qp(void)
{
	static const char *to[] = { "a@example.org" };
	eml_message m = { .from = "me@example.org", .to = to, .nto = 1, .subject = "s",
			  .text = "a=b\n.\nend \n" };
	buf b;

	buf_init(&b);
	eml_write(&m, &b, NULL, 0);
	CHECK("eml qp equals", strstr(b.data, "a=3Db\r\n") != NULL);
	CHECK("eml qp dot line", strstr(b.data, "\r\n=2E\r\n") != NULL);
	CHECK("eml qp trailing blank", strstr(b.data, "end=20\r\n") != NULL);
	buf_free(&b);
}

/* RFC 2047 decoding: Q and B, Latin-1, adjacent words joined, unknown charsets kept. */
static void test_decode(void)
{
	char *s = eml_decode_words("=?iso-8859-1?Q?Ren=E9_Dupont?= =?UTF-8?B?w6k=?= x");
	CHECK_STR("eml decode latin1 q + b", s, "René Duponté x");
	free(s);
	s = eml_decode_words("=?koi8-r?B?8NLJ18XU?=");
	CHECK_STR("eml decode unknown charset kept", s, "=?koi8-r?B?8NLJ18XU?=");
	free(s);
	s = eml_decode_words("=?utf-8?q?broken");
	CHECK_STR("eml decode unterminated kept", s, "=?utf-8?q?broken");
	free(s);
}

int main(void)
{
	test_lines();
	test_subject();
	test_refusals();
	test_qp();
	test_decode();
	CHECK_DONE();
}
