/* mailin: reads an incoming message (a request for PDFs, as a mail pipe
 * or a poller hands it over) and finds every tweet link in it: headers
 * unfolded and RFC 2047-decoded, multipart parts walked (alternative,
 * mixed, related, a forwarded message/rfc822), quoted-printable and base64
 * decoded, HTML parts' entities decoded, links tried with xurl (also those
 * wrapped by Outlook Safe Links or a Google redirect). Says whether the
 * message must be left unanswered (RFC 3834 and common practice) and to
 * whom a reply goes. Pure string work: bounded depth, parts and links, so
 * no message can make it loop or take the machine's memory. */
#ifndef THREADPDF_MAILIN_H
#define THREADPDF_MAILIN_H

#include <stddef.h>

#include "result.h"

#define MAILIN_MAX_LINKS 20    /* threads one request may ask for */
#define MAILIN_MAX_DEPTH 8     /* nested multiparts and forwarded messages */
#define MAILIN_MAX_PARTS 200

typedef struct mailin_link {
	char *text;                /* the link as found (decoded when it was wrapped) */
	char id[21];               /* the tweet id */
} mailin_link;

/* What a message says. Every string is owned (mailin_free). */
typedef struct mailin_msg {
	char *from;                /* the bare From address, or NULL */
	char *reply_addr;          /* the bare address to answer: Reply-To, else From; or NULL */
	char *subject;             /* UTF-8, one line; "" when none */
	char *message_id;          /* "<...>", or NULL when missing or malformed */
	char *references;          /* its References with its Message-ID after them, or NULL */
	char *ignore;              /* why it must not be answered, or NULL */
	mailin_link *links;        /* distinct tweets, in order of appearance */
	size_t nlinks;
	size_t dropped;            /* links past MAILIN_MAX_LINKS */
} mailin_msg;

/* Parses the message data[0..len) (CRLF or LF lines). envelope_sender is
 * the SMTP sender when the caller knows it ("" for a null sender, as
 * Postfix and sendmail pass $SENDER), or NULL. Never fails on a malformed
 * message: what cannot be read is skipped; TP_ERR_INPUT only when data is
 * empty. */
tp_result mailin_parse(const char *data, size_t len, const char *envelope_sender, mailin_msg **out,
		       char *msg, size_t msglen);
void mailin_free(mailin_msg *m);

/* 1 when addr (bare) matches one of allow: a whole address, or "@domain"
 * for every address of that domain (case-insensitive). */
int mailin_allowed(const char *addr, const char *const *allow, size_t n);

/* The subject of the reply: "Re: " and the request's subject (not doubled). Caller frees. */
char *mailin_reply_subject(const mailin_msg *m);

/* A failure to fetch or render a thread in plain words, for the reply. */
const char *mailin_plain_reason(tp_result r);

#endif
