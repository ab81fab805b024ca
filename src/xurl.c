/* xurl: tweet links (every form people paste) to tweet ids. */
#include "xurl.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define MAXSEG 8

const char xurl_forms[] =
	"https://x.com/USER/status/ID (also twitter.com, mobile.twitter.com, fxtwitter.com, vxtwitter.com, "
	"fixupx.com or a nitter host), https://x.com/i/web/status/ID, "
	"https://threadreaderapp.com/thread/ID.html, or a bare tweet ID";

int xurl_is_id(const char *s, size_t n)
{
	static const char max[] = "9223372036854775807";
	size_t k = 0;

	while (k < n && s[k] == '0')
		k++;
	if (n == 0 || k == n || n - k > 19)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return n - k < 19 || strncmp(s + k, max, 19) <= 0;
}

/* Stores a validated id (leading zeros dropped) into out. */
static void set_id(xurl_ref *out, const char *s, size_t n)
{
	while (n > 1 && *s == '0') {
		s++;
		n--;
	}
	memcpy(out->id, s, n);
	out->id[n] = '\0';
}

/* 1 when s[0..n) is a plausible handle: letters, digits, '_' (mirrors allow up to 50). */
static int is_handle(const char *s, size_t n)
{
	if (n == 0 || n > 50)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return 0;
	return 1;
}

/* 1 when the host (lower-cased) looks like a DNS name or address. */
static int is_host(const char *h, size_t n)
{
	if (n == 0 || n > 253)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)h[i]) && h[i] != '.' && h[i] != '-')
			return 0;
	return memchr(h, '.', n) != NULL || (n == 9 && strncasecmp(h, "localhost", 9) == 0);
}

/* Equality of a path segment with a word. */
static int seg_is(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && strncasecmp(s, w, n) == 0;
}

/* Writes the error: what is wrong, the link (bounded, printable), and the forms. */
static tp_result bad(const char *link, size_t n, const char *why, char *msg, size_t msglen)
{
	char shown[84];
	size_t j = 0;

	for (size_t i = 0; i < n && j < 80; i++)
		shown[j++] = ((unsigned char)link[i] < 0x20 || link[i] == 0x7f) ? '?' : link[i];
	if (n > 80) {
		j = 77;
		memcpy(shown + j, "...", 3);
		j += 3;
	}
	shown[j] = '\0';
	return tp_fail(TP_ERR_INPUT, msg, msglen, "not a tweet link: \"%s\" (%s); give %s", shown, why, xurl_forms);
}

/* Splits p[0..n) at '/' into non-empty segments. Returns how many (<= MAXSEG). */
static size_t split_path(const char *p, size_t n, const char *seg[], size_t len[])
{
	size_t k = 0, i = 0;

	while (i < n && k < MAXSEG) {
		while (i < n && p[i] == '/')
			i++;
		size_t s = i;
		while (i < n && p[i] != '/')
			i++;
		if (i > s) {
			seg[k] = p + s;
			len[k++] = i - s;
		}
	}
	return k;
}

/* Finds the tweet id in path segments; returns the reason it cannot, or NULL. */
static const char *match_path(const char *host, size_t hn, const char *seg[], size_t len[], size_t k,
			      xurl_ref *out)
{
	const char *id = NULL;
	size_t idn = 0;

	if (k >= 2 && hn >= 19 && strcmp(host + hn - 19, "threadreaderapp.com") == 0 &&
	    seg_is(seg[0], len[0], "thread")) {
		id = seg[1];
		idn = len[1];
		if (idn > 5 && strncasecmp(id + idn - 5, ".html", 5) == 0)
			idn -= 5;
	} else if (k >= 4 && seg_is(seg[0], len[0], "i") && seg_is(seg[1], len[1], "web") &&
		   (seg_is(seg[2], len[2], "status") || seg_is(seg[2], len[2], "statuses"))) {
		id = seg[3];
		idn = len[3];
	} else if (k >= 2 && seg_is(seg[0], len[0], "statuses")) {
		id = seg[1];
		idn = len[1];
	} else if (k >= 3 && (seg_is(seg[1], len[1], "status") || seg_is(seg[1], len[1], "statuses"))) {
		if (!is_handle(seg[0], len[0]))
			return "the user name in the link is not a handle";
		if (!seg_is(seg[0], len[0], "i")) {
			memcpy(out->handle, seg[0], len[0]);
			out->handle[len[0]] = '\0';
		}
		id = seg[2];
		idn = len[2];
	}
	if (!id)
		return k == 1 ? "a profile or page link, not a tweet" : "no /status/ID in the link";
	if (!xurl_is_id(id, idn))
		return "the tweet id is not a number in range";
	set_id(out, id, idn);
	return NULL;
}

tp_result xurl_parse(const char *link, xurl_ref *out, char *msg, size_t msglen)
{
	const char *s = link ? link : "", *e, *p;
	const char *seg[MAXSEG];
	size_t len[MAXSEG];

	memset(out, 0, sizeof *out);
	while (isspace((unsigned char)*s) || *s == '<' || *s == '"' || *s == '\'')
		s++;
	e = s + strlen(s);
	while (e > s && (isspace((unsigned char)e[-1]) || e[-1] == '>' || e[-1] == '"' || e[-1] == '\''))
		e--;
	if (e == s)
		return bad(s, 0, "empty", msg, msglen);
	if (xurl_is_id(s, (size_t)(e - s))) {
		set_id(out, s, (size_t)(e - s));
		return TP_OK;
	}
	p = s;
	if (e - p >= 8 && strncasecmp(p, "https://", 8) == 0)
		p += 8;
	else if (e - p >= 7 && strncasecmp(p, "http://", 7) == 0)
		p += 7;
	else if (memchr(s, ':', (size_t)(e - s)) && strstr(s, "://") && strstr(s, "://") < e)
		return bad(s, (size_t)(e - s), "only http and https links", msg, msglen);
	else if (*s == '@' || (e - s <= 19 && strspn(s, "0123456789") == (size_t)(e - s)))
		return bad(s, (size_t)(e - s), "not a tweet id", msg, msglen);

	size_t hn = strcspn(p, "/?#");
	if (p + hn > e)
		hn = (size_t)(e - p);
	char host[256];
	const char *colon = memchr(p, ':', hn);
	size_t hlen = colon ? (size_t)(colon - p) : hn;
	if (memchr(p, '@', hn) || !is_host(p, hlen) || hlen >= sizeof host)
		return bad(s, (size_t)(e - s), "no valid host", msg, msglen);
	for (size_t i = 0; i < hlen; i++)
		host[i] = (char)tolower((unsigned char)p[i]);
	host[hlen] = '\0';

	const char *path = p + hn;
	size_t pn = (size_t)(e - path);
	const char *bang = NULL;
	for (const char *q = path; q + 1 < e; q++)
		if (q[0] == '#' && q[1] == '!') {
			bang = q + 2;
			break;
		}
	if (bang) {
		path = bang;
		pn = (size_t)(e - bang);
	}
	pn = strcspn(path, "?#") < pn ? strcspn(path, "?#") : pn;

	size_t k = split_path(path, pn, seg, len);
	const char *why = match_path(host, hlen, seg, len, k, out);
	if (why) {
		memset(out, 0, sizeof *out);
		return bad(s, (size_t)(e - s), why, msg, msglen);
	}
	return TP_OK;
}

/* Path words of x.com that are pages, not accounts. */
static const char *const not_accounts[] = { "i", "home", "explore", "search", "hashtag", "settings",
					    "notifications", "messages", "compose", "login", "signup", "tos",
					    "privacy", "intent", "share", NULL };

/* 1 when h[0..n) is an X handle (1 to 15 letters, digits, '_') and not a page name. */
static int account_handle(const char *h, size_t n)
{
	if (n < 1 || n > 15 || !is_handle(h, n))
		return 0;
	for (size_t i = 0; not_accounts[i]; i++)
		if (seg_is(h, n, not_accounts[i]))
			return 0;
	return 1;
}

/* Parses an account link (see xurl.h). */
int xurl_parse_account(const char *s, char handle[16])
{
	static const char *const prefixes[] = { "https://", "http://", "" };
	static const char *const hosts[] = { "x.com/", "twitter.com/", "www.x.com/", "www.twitter.com/",
					     "mobile.twitter.com/", "mobile.x.com/", NULL };
	size_t n;

	handle[0] = '\0';
	if (s[0] == '@') {
		n = strlen(s + 1);
		if (!account_handle(s + 1, n))
			return 0;
		memcpy(handle, s + 1, n + 1);
		return 1;
	}
	for (size_t p = 0; p < 3; p++) {
		size_t pl = strlen(prefixes[p]);
		if (strncasecmp(s, prefixes[p], pl) != 0)
			continue;
		for (size_t h = 0; hosts[h]; h++) {
			size_t hl = strlen(hosts[h]);
			const char *rest = s + pl;
			if (strncasecmp(rest, hosts[h], hl) != 0)
				continue;
			rest += hl;
			n = strcspn(rest, "/?#");
			if (!account_handle(rest, n) || (rest[n] == '/' && rest[n + 1] && rest[n + 1] != '?' &&
							 rest[n + 1] != '#'))
				return 0;
			memcpy(handle, rest, n);
			handle[n] = '\0';
			return 1;
		}
	}
	return 0;
}
