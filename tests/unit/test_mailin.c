/* Unit tests of mailin: links found through the encodings, what is left
 * unanswered, the reply's address, subject and references. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "mailin.h"
#include "util.h"

/* Parses s (no envelope sender). */
static mailin_msg *parse(const char *s)
{
	mailin_msg *m = NULL;
	char msg[256];

	if (mailin_parse(s, strlen(s), NULL, &m, msg, sizeof msg) != TP_OK)
		return NULL;
	return m;
}

/* Links in plain text: trailing punctuation, angle brackets, duplicates, bare hosts, ids not links. */
static void test_plain_links(void)
{
	mailin_msg *m = parse("From: a@example.com\nSubject: x\n\nSee https://x.com/a/status/11.\n"
			      "<https://twitter.com/b/status/22?s=20> and (x.com/c/status/33), "
			      "again https://x.com/a/status/11/photo/1 and the number 44 and "
			      "https://example.com/status/not\n");
	CHECK("mailin parse plain", m != NULL);
	CHECK("mailin plain three links", m && m->nlinks == 3);
	CHECK("mailin plain ids", m && m->nlinks == 3 && strcmp(m->links[0].id, "11") == 0 &&
		      strcmp(m->links[1].id, "22") == 0 && strcmp(m->links[2].id, "33") == 0);
	CHECK("mailin plain answerable", m && !m->ignore);
	mailin_free(m);
}

/* Quoted-printable with a soft break inside the link; HTML &amp;; base64; a Safe Links wrapper. */
static void test_encodings(void)
{
	mailin_msg *m = parse("From: a@example.com\nContent-Type: multipart/alternative; boundary=\"b1\"\n\n"
			      "--b1\nContent-Type: text/plain\nContent-Transfer-Encoding: quoted-printable\n\n"
			      "https://x.com/a/sta=\ntus/101?s=3D1\n--b1\nContent-Type: text/html\n"
			      "Content-Transfer-Encoding: base64\n\n"
			      "PGEgaHJlZj0iaHR0cHM6Ly94LmNvbS9iL3N0YXR1cy8yMDI/YT0xJmFtcDtiPTIiPng8L2E+\n"
			      "--b1--\n");
	CHECK("mailin qp and base64 links", m && m->nlinks == 2 && strcmp(m->links[0].id, "101") == 0 &&
		      strcmp(m->links[1].id, "202") == 0);
	mailin_free(m);
	m = parse("From: a@example.com\n\nhttps://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2F"
		  "x.com%2Fz%2Fstatus%2F303&data=1\n");
	CHECK("mailin safelinks unwrapped", m && m->nlinks == 1 && strcmp(m->links[0].id, "303") == 0);
	mailin_free(m);
}

/* A forwarded message inside, and nesting too deep to follow. */
static void test_nesting(void)
{
	buf b;

	mailin_msg *m = parse("From: a@example.com\nContent-Type: multipart/mixed; boundary=o\n\n--o\n"
			      "Content-Type: message/rfc822\n\nFrom: x@y.example\nSubject: in\n\n"
			      "https://x.com/q/status/404\n--o--\n");
	CHECK("mailin forwarded link", m && m->nlinks == 1 && strcmp(m->links[0].id, "404") == 0);
	mailin_free(m);
	for (int levels = 3; levels <= 30; levels += 27) {
		buf_init(&b);
		buf_adds(&b, "From: a@example.com\n");
		for (int i = 0; i < levels; i++)
			buf_printf(&b, "Content-Type: multipart/mixed; boundary=b%d\n\n--b%d\n", i, i);
		buf_adds(&b, "\nhttps://x.com/q/status/505\n");
		m = parse(b.data);
		if (levels == 3)
			CHECK("mailin nested parts followed", m && m->nlinks == 1);
		else
			CHECK("mailin deep nesting bounded", m && m->nlinks == 0);
		mailin_free(m);
		buf_free(&b);
	}
}

/* What must not be answered, and what may. */
static void test_ignore(void)
{
	static const char *const cases[] = { "Auto-Submitted: auto-generated\n", "Precedence: bulk\n",
					     "Precedence: list\n", "List-Id: <l.example.org>\n",
					     "List-Unsubscribe: <mailto:u@example.org>\n", "Return-Path: <>\n",
					     "Content-Type: multipart/report; boundary=r\n" };
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *s = xasprintf("From: a@example.com\n%s\nhttps://x.com/a/status/1\n", cases[i]);
		mailin_msg *m = parse(s);
		char name[120];
		snprintf(name, sizeof name, "mailin ignores %.*s", (int)strcspn(cases[i], ":"), cases[i]);
		CHECK(name, m && m->ignore);
		mailin_free(m);
		free(s);
	}
	mailin_msg *m = parse("From: MAILER-DAEMON@mx.example\n\nx\n");
	CHECK("mailin ignores mailer-daemon", m && m->ignore);
	mailin_free(m);
	m = parse("Auto-Submitted: no\nFrom: a@example.com\n\nx\n");
	CHECK("mailin answers auto-submitted no", m && !m->ignore);
	mailin_free(m);
	m = parse("Subject: no sender\n\nx\n");
	CHECK("mailin ignores no address", m && m->ignore);
	mailin_free(m);
	mailin_msg *n = NULL;
	char msg[128];
	const char *s = "From: a@example.com\n\nx\n";
	mailin_parse(s, strlen(s), "", &n, msg, sizeof msg);
	CHECK("mailin ignores null envelope sender", n && n->ignore);
	mailin_free(n);
}

/* The reply's address, subject and references; the allow list. */
static void test_reply(void)
{
	mailin_msg *m = parse("From: \"Doe, Jane\" <Jane@Example.COM>\nReply-To: other <o@Work.example>, x@y.example\n"
			      "Subject: =?utf-8?q?F=C3=BCr_dich?=\nMessage-ID: <m1@example.com>\n"
			      "References: <r1@example.com>\n <r2@example.com> junk\n\nx\n");
	CHECK_STR("mailin from", m ? m->from : NULL, "Jane@example.com");
	CHECK_STR("mailin reply to", m ? m->reply_addr : NULL, "o@work.example");
	char *subj = m ? mailin_reply_subject(m) : NULL;
	CHECK_STR("mailin reply subject", subj, "Re: Für dich");
	free(subj);
	CHECK_STR("mailin references", m ? m->references : NULL, "<r1@example.com> <r2@example.com> <m1@example.com>");
	static const char *allow[] = { "@example.com", "boss@work.example" };
	CHECK("mailin allowed domain", mailin_allowed("Jane@example.com", allow, 2));
	CHECK("mailin not allowed", !mailin_allowed("o@work.example", allow, 2));
	CHECK("mailin allowed address", mailin_allowed("BOSS@work.example", allow, 2));
	CHECK("mailin subdomain not allowed", !mailin_allowed("a@sub.example.com", allow, 2));
	mailin_free(m);
	m = parse("From: a@example.com\nSubject: RE: already\n\nx\n");
	subj = mailin_reply_subject(m);
	CHECK_STR("mailin re not doubled", subj, "RE: already");
	free(subj);
	mailin_free(m);
}

/* The cap on links a request may ask for. */
static void test_cap(void)
{
	buf b;

	buf_init(&b);
	buf_adds(&b, "From: a@example.com\n\n");
	for (int i = 1; i <= MAILIN_MAX_LINKS + 5; i++)
		buf_printf(&b, "https://x.com/a/status/%d\n", i);
	mailin_msg *m = parse(b.data);
	CHECK("mailin links capped", m && m->nlinks == MAILIN_MAX_LINKS && m->dropped == 5);
	mailin_free(m);
	buf_free(&b);
	mailin_msg *e = NULL;
	CHECK("mailin empty refused", mailin_parse("", 0, NULL, &e, NULL, 0) == TP_ERR_INPUT && !e);
}

int main(void)
{
	test_plain_links();
	test_encodings();
	test_nesting();
	test_ignore();
	test_reply();
	test_cap();
	CHECK_DONE();
}
