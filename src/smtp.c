/* smtp: one message over libcurl SMTP, with retries and a redacted trace. */
#include "smtp.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "curl_dl.h"
#include "diag.h"
#include "http.h"
#include "util.h"

#define MAX_BACKOFF_MS 30000L

/* The upload's state: the bytes and how far libcurl has read them. */
typedef struct upload {
	const char *data;
	size_t len, off;
} upload;

/* What the protocol trace saw of one attempt. */
typedef struct session {
	const smtp_opts *o;
	smtp_report *rep;
	char verb[8];              /* the last command's verb ("RCPT", "AUTH", ...) */
	char rcpt[200];            /* the address of the last RCPT */
	int failed;                /* 1: an answer (not to RCPT) refused the transaction */
} session;

/* Scheme, host and port of url (lower-cased scheme); 0 when it is not a URL. */
static int url_parts(const char *url, char **scheme, char **host, char **port, int *has_cred)
{
	CURLU *u;
	char *s = NULL, *h = NULL, *p = NULL, *us = NULL, *pw = NULL;
	int ok = 0;

	*scheme = *host = *port = NULL;
	*has_cred = 0;
	if (curl_dl_load() != 0 || !(u = curl_dl_fn.url()))
		return 0;
	if (curl_dl_fn.url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_dl_fn.url_get(u, CURLUPART_SCHEME, &s, 0) == CURLUE_OK &&
	    curl_dl_fn.url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK &&
	    curl_dl_fn.url_get(u, CURLUPART_PORT, &p, CURLU_DEFAULT_PORT) == CURLUE_OK && h && *h) {
		*has_cred = curl_dl_fn.url_get(u, CURLUPART_USER, &us, 0) == CURLUE_OK ||
			    curl_dl_fn.url_get(u, CURLUPART_PASSWORD, &pw, 0) == CURLUE_OK;
		*scheme = xstrdup(s);
		for (char *q = *scheme; *q; q++)
			*q = (char)tolower((unsigned char)*q);
		size_t n = strlen(h);
		*host = n >= 2 && h[0] == '[' ? xstrndup(h + 1, n - 2) : xstrdup(h);
		*port = xstrdup(p);
		ok = 1;
	}
	curl_dl_fn.free(s);
	curl_dl_fn.free(h);
	curl_dl_fn.free(p);
	curl_dl_fn.free(us);
	curl_dl_fn.free(pw);
	curl_dl_fn.url_cleanup(u);
	return ok;
}

tp_result smtp_check_url(const char *url, char *msg, size_t msglen)
{
	char *scheme, *host, *port;
	int cred;
	tp_result r = TP_OK;

	if (curl_dl_load() != 0)
		return tp_fail(TP_ERR_NET, msg, msglen, "%s", curl_dl_error());
	if (!url_parts(url, &scheme, &host, &port, &cred))
		return tp_fail(TP_ERR_USAGE, msg, msglen, "--smtp: not a URL like smtps://mail.example.org "
			       "or smtp://mail.example.org:587");
	if (strcmp(scheme, "smtp") != 0 && strcmp(scheme, "smtps") != 0)
		r = tp_fail(TP_ERR_USAGE, msg, msglen, "--smtp %s://%s: the scheme must be smtps:// (TLS) or "
			    "smtp:// (STARTTLS)", scheme, host);
	else if (cred)
		r = tp_fail(TP_ERR_USAGE, msg, msglen, "--smtp: the URL holds a user name or password; use "
			    "--smtp-user and $THREADPDF_SMTP_PASSWORD, a password file or command, or netrc");
	free(scheme);
	free(host);
	free(port);
	return r;
}

/* libcurl read callback: hands out the next bytes of the message. */
static size_t on_read(char *p, size_t size, size_t nmemb, void *ud)
{
	upload *u = ud;
	size_t n = size * nmemb, left = u->len - u->off;

	if (n > left)
		n = left;
	memcpy(p, u->data + u->off, n);
	u->off += n;
	return n;
}

/* Copies a line without its CRLF and with controls as blanks. */
static void clean_line(char *out, size_t outlen, const char *p, size_t n)
{
	while (n && (p[n - 1] == '\r' || p[n - 1] == '\n'))
		n--;
	if (n >= outlen)
		n = outlen - 1;
	for (size_t i = 0; i < n; i++)
		out[i] = (unsigned char)p[i] < 0x20 || p[i] == 0x7f ? ' ' : p[i];
	out[n] = '\0';
}

/* 1 when line holds the password or the token (never printed). */
static int holds_secret(const session *s, const char *line)
{
	const char *pw = s->o->password, *tok = s->o->oauth2_token;

	return (pw && *pw && strstr(line, pw)) || (tok && *tok && strstr(line, tok));
}

/* Notes one line the server sent: its code, the SIZE it announces, a
 * recipient it refused; printed at -vv. */
static void on_answer(session *s, const char *line)
{
	smtp_report *rep = s->rep;

	if (strlen(line) < 3 || !isdigit((unsigned char)line[0]))
		return;
	if (strncasecmp(line + 4, "SIZE ", 5) == 0 && line[3] == '-')
		rep->size_limit = atol(line + 9);
	else if (strncasecmp(line + 4, "SIZE ", 5) == 0)
		rep->size_limit = atol(line + 9);
	verbosef(2, "smtp < %s", holds_secret(s, line) ? "[hidden]" : line);
	long code = atol(line);
	if (line[3] == '-' || strcmp(s->verb, "QUIT") == 0 || s->failed)
		return;
	if (strcmp(s->verb, "RCPT") == 0 && code >= 400) {
		size_t k = strlen(rep->refused);
		snprintf(rep->refused + k, sizeof rep->refused - k, "%s%.200s (%.200s)", k ? "; " : "", s->rcpt, line);
		rep->nrefused++;
	} else if (code >= 400) {
		s->failed = 1; /* the answer that ended the transaction: kept for the message */
	}
	rep->code = code;
	snprintf(rep->reply, sizeof rep->reply, "%.*s", (int)sizeof rep->reply - 1, line);
}

/* Notes one command sent; printed at -vv with what could be a credential
 * (AUTH and the lines that answer its challenges) hidden. */
static void on_command(session *s, const char *line)
{
	static const char *const shown[] = { "EHLO", "HELO", "STARTTLS", "MAIL", "RCPT", "DATA", "QUIT",
					     "RSET", "NOOP" };
	size_t n = strcspn(line, " ");
	int known = 0;

	for (size_t i = 0; i < sizeof shown / sizeof *shown; i++)
		known |= n == strlen(shown[i]) && strncasecmp(line, shown[i], n) == 0;
	if (known && !holds_secret(s, line)) {
		snprintf(s->verb, sizeof s->verb, "%.*s", (int)n, line);
		for (char *p = s->verb; *p; p++)
			*p = (char)toupper((unsigned char)*p);
		if (strcmp(s->verb, "RCPT") == 0) {
			const char *lt = strchr(line, '<'), *gt = lt ? strchr(lt, '>') : NULL;
			snprintf(s->rcpt, sizeof s->rcpt, "%.*s", lt && gt ? (int)(gt - lt - 1) : 0, lt ? lt + 1 : "");
		}
		verbosef(2, "smtp > %s", line);
	} else if (n == 4 && strncasecmp(line, "AUTH", 4) == 0) {
		snprintf(s->verb, sizeof s->verb, "AUTH");
		size_t m = strcspn(line + 5, " ");
		verbosef(2, "smtp > AUTH %.*s [credentials hidden]", (int)(m < 20 ? m : 20), line + 5);
	} else {
		verbosef(2, "smtp > [credentials hidden]");
	}
}

/* libcurl debug callback: the protocol lines, each handled by on_answer or
 * on_command; libcurl's own texts at -vv unless they hold a secret. The
 * message body (DATA) is never looked at. */
static int on_debug(CURL *e, curl_infotype type, char *p, size_t n, void *ud)
{
	session *s = ud;
	char line[600];

	if (type != CURLINFO_HEADER_IN && type != CURLINFO_HEADER_OUT && type != CURLINFO_TEXT)
		return 0;
	for (size_t i = 0; i < n;) {
		const char *nl = memchr(p + i, '\n', n - i);
		size_t k = nl ? (size_t)(nl - (p + i)) + 1 : n - i;
		clean_line(line, sizeof line, p + i, k);
		if (type == CURLINFO_HEADER_IN)
			on_answer(s, line);
		else if (type == CURLINFO_HEADER_OUT)
			on_command(s, line);
		else if (line[0] && !holds_secret(s, line))
			verbosef(2, "smtp: %s", line);
		i += k;
	}
	return 0;
}

/* The URL with the user name in it (for netrc: libcurl looks up that
 * user's password only when the URL names the user); caller frees. */
static char *url_with_user(const char *url, const char *user)
{
	CURLU *u = curl_dl_fn.url();
	char *out = NULL, *s = NULL;

	if (u && curl_dl_fn.url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_dl_fn.url_set(u, CURLUPART_USER, user, CURLU_URLENCODE) == CURLUE_OK &&
	    curl_dl_fn.url_get(u, CURLUPART_URL, &s, 0) == CURLUE_OK)
		out = xstrdup(s);
	curl_dl_fn.free(s);
	if (u)
		curl_dl_fn.url_cleanup(u);
	return out ? out : xstrdup(url);
}

/* Sets up one attempt on a new easy handle. */
static CURL *make_handle(const smtp_opts *o, const char *url_loopback_plain, const char *from,
			 struct curl_slist *rcpts, upload *up, session *s, char *errbuf)
{
	CURL *e = curl_dl_fn.easy_init();

	if (!e)
		return NULL;
	if (o->netrc && o->user && !o->password && !o->oauth2_token) {
		char *url = url_with_user(o->url, o->user);
		curl_dl_fn.easy_setopt(e, CURLOPT_URL, url);
		free(url);
	} else {
		curl_dl_fn.easy_setopt(e, CURLOPT_URL, o->url);
	}
	curl_dl_fn.easy_setopt(e, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_dl_fn.easy_setopt(e, CURLOPT_USE_SSL, url_loopback_plain ? (long)CURLUSESSL_TRY : (long)CURLUSESSL_ALL);
	curl_dl_fn.easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_dl_fn.easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	if (o->cafile)
		curl_dl_fn.easy_setopt(e, CURLOPT_CAINFO, o->cafile);
	curl_dl_fn.easy_setopt(e, CURLOPT_MAIL_FROM, from);
	curl_dl_fn.easy_setopt(e, CURLOPT_MAIL_RCPT, rcpts);
	/* 7.88 spells it with three L's; 8.2 keeps that name as an alias. */
	curl_dl_fn.easy_setopt(e, CURLOPT_MAIL_RCPT_ALLLOWFAILS, 1L);
	if (o->user && (o->password || o->oauth2_token || !o->netrc))
		curl_dl_fn.easy_setopt(e, CURLOPT_USERNAME, o->user);
	if (o->password)
		curl_dl_fn.easy_setopt(e, CURLOPT_PASSWORD, o->password);
	if (o->oauth2_token) {
		curl_dl_fn.easy_setopt(e, CURLOPT_XOAUTH2_BEARER, o->oauth2_token);
		curl_dl_fn.easy_setopt(e, CURLOPT_LOGIN_OPTIONS, "AUTH=XOAUTH2");
	}
	curl_dl_fn.easy_setopt(e, CURLOPT_NETRC, o->netrc ? (long)CURL_NETRC_OPTIONAL : (long)CURL_NETRC_IGNORED);
	if (o->netrc && o->netrc_file)
		curl_dl_fn.easy_setopt(e, CURLOPT_NETRC_FILE, o->netrc_file);
	curl_dl_fn.easy_setopt(e, CURLOPT_UPLOAD, 1L);
	curl_dl_fn.easy_setopt(e, CURLOPT_READFUNCTION, on_read);
	curl_dl_fn.easy_setopt(e, CURLOPT_READDATA, up);
	curl_dl_fn.easy_setopt(e, CURLOPT_INFILESIZE_LARGE, (curl_off_t)up->len);
	curl_dl_fn.easy_setopt(e, CURLOPT_TIMEOUT_MS, o->timeout_ms > 0 ? o->timeout_ms : 120000L);
	curl_dl_fn.easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, 20000L);
	curl_dl_fn.easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_dl_fn.easy_setopt(e, CURLOPT_ERRORBUFFER, errbuf);
	curl_dl_fn.easy_setopt(e, CURLOPT_VERBOSE, 1L);
	curl_dl_fn.easy_setopt(e, CURLOPT_DEBUGFUNCTION, on_debug);
	curl_dl_fn.easy_setopt(e, CURLOPT_DEBUGDATA, s);
	return e;
}

/* Whether a failed attempt may succeed later: a 4xx answer, or the
 * connection failed or dropped before the server said 5xx. */
static int is_temporary(CURLcode rc, long code)
{
	if (code >= 500)
		return 0;
	if (code >= 400)
		return 1;
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_WEIRD_SERVER_REPLY:
		return 1;
	default:
		return 0;
	}
}

/* The one-line failure of an attempt: the server's answer when it gave
 * one, else libcurl's reason; a size refusal with the sizes. */
static void describe(const char *where, CURLcode rc, const char *errbuf, const smtp_report *rep, size_t len,
		     char *msg, size_t msglen)
{
	const char *why = errbuf[0] ? errbuf : curl_dl_fn.easy_strerror(rc);

	if (rep->code == 552 || (rep->code >= 500 && strstr(rep->reply, "size"))) {
		if (rep->size_limit > 0)
			tp_fail(TP_ERR_MAIL, msg, msglen, "smtp %s: the server refused the message's size: "
				"%zu bytes, it takes at most %ld (%s)", where, len, rep->size_limit, rep->reply);
		else
			tp_fail(TP_ERR_MAIL, msg, msglen, "smtp %s: the server refused the message's size: "
				"%zu bytes (%s)", where, len, rep->reply);
	} else if (rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE) {
		tp_fail(TP_ERR_MAIL, msg, msglen, "smtp %s: the server's certificate cannot be verified "
			"(%s); --smtp-cafile names a private CA", where, why);
	} else if (rc == CURLE_USE_SSL_FAILED) {
		tp_fail(TP_ERR_MAIL, msg, msglen, "smtp %s: the server does not offer STARTTLS, and mail is "
			"not sent in the clear (use smtps:// if it has TLS on its own port)", where);
	} else if (rep->code >= 400) {
		tp_fail(TP_ERR_MAIL, msg, msglen, "smtp %s: the server answered: %s", where, rep->reply);
	} else {
		tp_fail(TP_ERR_MAIL, msg, msglen, "smtp %s: %s", where, why);
	}
	for (char *p = msg; p && *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
}

/* Sleeps ms milliseconds. */
static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0)
		;
}

/* One attempt; fills rep, and msg on failure. */
static tp_result attempt(const smtp_opts *o, int plain_lo, const char *from, struct curl_slist *rcpts,
			 const void *data, size_t len, const char *where, smtp_report *rep, char *msg,
			 size_t msglen)
{
	char errbuf[CURL_ERROR_SIZE] = "";
	upload up = { data, len, 0 };
	session s = { .o = o, .rep = rep };
	CURL *e;
	CURLcode rc;
	tp_result r = TP_OK;

	memset(rep, 0, sizeof *rep);
	e = make_handle(o, plain_lo ? "plain" : NULL, from, rcpts, &up, &s, errbuf);
	if (!e)
		return tp_fail(TP_ERR_MAIL, msg, msglen, "libcurl cannot start the transfer (out of memory?)");
	rc = curl_dl_fn.easy_perform(e);
	if (rc != CURLE_OK) {
		long code = 0;
		curl_dl_fn.easy_getinfo(e, CURLINFO_RESPONSE_CODE, &code);
		if (code && code != rep->code && rep->code < 400)
			rep->code = code;
		rep->temporary = is_temporary(rc, rep->code);
		describe(where, rc, errbuf, rep, len, msg, msglen);
		r = TP_ERR_MAIL;
	}
	curl_dl_fn.easy_cleanup(e);
	return r;
}

tp_result smtp_send(const smtp_opts *o, const char *from, const char *const *rcpt, size_t n,
		    const void *data, size_t len, smtp_report *rep, char *msg, size_t msglen)
{
	char *scheme, *host, *port, *env_from;
	int cred, retries = o->retries == 0 ? 3 : o->retries < 0 ? 0 : o->retries;
	long wait = o->retry_base_ms > 0 ? o->retry_base_ms : 500;
	struct curl_slist *rcpts = NULL;
	tp_result r = smtp_check_url(o->url, msg, msglen);

	memset(rep, 0, sizeof *rep);
	if (r != TP_OK)
		return r;
	if (!url_parts(o->url, &scheme, &host, &port, &cred))
		return tp_fail(TP_ERR_USAGE, msg, msglen, "--smtp: not a URL");
	char *where = xasprintf("%s:%s", host, port);
	int plain_lo = strcmp(scheme, "smtp") == 0 && http_host_is_loopback(host);
	if (retries > SMTP_MAX_RETRIES)
		retries = SMTP_MAX_RETRIES;
	env_from = xasprintf("<%s>", from);
	for (size_t i = 0; i < n; i++) {
		char *a = xasprintf("<%s>", rcpt[i]);
		struct curl_slist *l = curl_dl_fn.slist_append(rcpts, a);
		free(a);
		if (!l)
			xoom();
		rcpts = l;
	}
	for (int k = 0;; k++) {
		r = attempt(o, plain_lo, env_from, rcpts, data, len, where, rep, msg, msglen);
		if (r == TP_OK || !rep->temporary || k >= retries)
			break;
		warnf("%s; trying again in %.1f s (attempt %d of %d)", msg,
			 (double)wait / 1000, k + 2, retries + 1);
		pause_ms(wait);
		wait = wait * 2 < MAX_BACKOFF_MS ? wait * 2 : MAX_BACKOFF_MS;
	}
	curl_dl_fn.slist_free_all(rcpts);
	free(env_from);
	free(where);
	free(scheme);
	free(host);
	free(port);
	return r;
}
