/* mailin: an incoming message read for its tweet links (see mailin.h). */
#include "mailin.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "eml.h"
#include "util.h"
#include "xurl.h"

#define MAX_HEADERS 500

/* One header, unfolded. */
typedef struct header {
	char *name, *value;
} header;

/* A message or part: its headers and the bytes of its body. */
typedef struct entity {
	header *h;
	size_t nh;
	const char *body;
	size_t blen;
} entity;

/* What the walk collects. */
typedef struct walk {
	buf text;                  /* decoded text of every text part, one after another */
	size_t parts;
} walk;

/* Splits data into headers and body (at the first empty line). */
static void read_entity(const char *p, size_t n, entity *e)
{
	const char *end = p + n, *q = p;

	memset(e, 0, sizeof *e);
	while (q < end) {
		const char *nl = memchr(q, '\n', (size_t)(end - q));
		const char *le = nl ? nl : end;
		size_t ln = (size_t)(le - q);
		if (ln && q[ln - 1] == '\r')
			ln--;
		const char *next = nl ? nl + 1 : end;
		if (ln == 0) {
			q = next;
			break;
		}
		if ((*q == ' ' || *q == '\t') && e->nh) {
			header *h = &e->h[e->nh - 1];
			char *v = xasprintf("%s %.*s", h->value, (int)ln, q);
			free(h->value);
			h->value = v;
		} else {
			const char *colon = memchr(q, ':', ln);
			if (colon && colon > q && e->nh < MAX_HEADERS) {
				e->h = xrealloc(e->h, (e->nh + 1) * sizeof *e->h);
				size_t kn = (size_t)(colon - q);
				while (kn && (q[kn - 1] == ' ' || q[kn - 1] == '\t'))
					kn--;
				const char *v = colon + 1;
				while (v < q + ln && (*v == ' ' || *v == '\t'))
					v++;
				e->h[e->nh].name = xstrndup(q, kn);
				e->h[e->nh].value = xstrndup(v, (size_t)(q + ln - v));
				e->nh++;
			} else if (!colon && !(e->nh == 0 && ln >= 5 && strncmp(q, "From ", 5) == 0)) {
				break; /* the body starts without its empty line (an mbox "From " line is skipped) */
			}
		}
		q = next;
	}
	e->body = q;
	e->blen = (size_t)(end - q);
}

/* Frees an entity's headers. */
static void free_entity(entity *e)
{
	for (size_t i = 0; i < e->nh; i++) {
		free(e->h[i].name);
		free(e->h[i].value);
	}
	free(e->h);
}

/* The first value of header name, or NULL. */
static const char *get(const entity *e, const char *name)
{
	for (size_t i = 0; i < e->nh; i++)
		if (strcasecmp(e->h[i].name, name) == 0)
			return e->h[i].value;
	return NULL;
}

/* The MIME type of a Content-Type value, lower-cased ("text/plain" when none). */
static char *mime_type(const char *ct)
{
	size_t n;

	if (!ct)
		return xstrdup("text/plain");
	while (*ct == ' ')
		ct++;
	n = strcspn(ct, "; \t");
	char *t = xstrndup(ct, n);
	for (char *p = t; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	if (!strchr(t, '/')) {
		free(t);
		return xstrdup("text/plain");
	}
	return t;
}

/* The value of parameter name in a header value (quotes removed), or NULL. */
static char *param(const char *v, const char *name)
{
	size_t nl = strlen(name);

	for (const char *p = v ? strchr(v, ';') : NULL; p; p = strchr(p + 1, ';')) {
		const char *q = p + 1;
		while (*q == ' ' || *q == '\t')
			q++;
		if (strncasecmp(q, name, nl) != 0)
			continue;
		q += nl;
		while (*q == ' ')
			q++;
		if (*q != '=')
			continue;
		q++;
		while (*q == ' ')
			q++;
		if (*q == '"') {
			const char *e = strchr(q + 1, '"');
			return e ? xstrndup(q + 1, (size_t)(e - q - 1)) : xstrdup(q + 1);
		}
		return xstrndup(q, strcspn(q, "; \t"));
	}
	return NULL;
}

/* Value of a hex digit, or -1. */
static int hexv(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decodes quoted-printable p[0..n) onto out. */
static void qp_decode(const char *p, size_t n, buf *out)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] != '=') {
			buf_addc(out, p[i]);
			continue;
		}
		size_t j = i + 1;
		while (j < n && (p[j] == ' ' || p[j] == '\t'))
			j++;
		if (j < n && (p[j] == '\r' || p[j] == '\n')) {
			i = p[j] == '\r' && j + 1 < n && p[j + 1] == '\n' ? j + 1 : j;
		} else if (i + 2 < n && hexv((unsigned char)p[i + 1]) >= 0 && hexv((unsigned char)p[i + 2]) >= 0) {
			buf_addc(out, (char)(hexv((unsigned char)p[i + 1]) * 16 + hexv((unsigned char)p[i + 2])));
			i += 2;
		} else {
			buf_addc(out, '=');
		}
	}
}

/* Decodes base64 p[0..n) onto out, skipping what is not base64. */
static void b64_decode(const char *p, size_t n, buf *out)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned v = 0;
	int bits = 0;

	for (size_t i = 0; i < n; i++) {
		const char *c = p[i] ? strchr(tab, p[i]) : NULL;
		if (!c)
			continue;
		v = (v << 6) | (unsigned)(c - tab);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf_addc(out, (char)((v >> bits) & 0xff));
		}
	}
}

/* Appends raw[0..n) as UTF-8: Latin-1 (and windows-1252) converted, else as it is. */
static void add_charset(const char *cs, const char *raw, size_t n, buf *out)
{
	int latin = cs && (strncasecmp(cs, "iso-8859-1", 10) == 0 || strcasecmp(cs, "windows-1252") == 0 ||
			   strcasecmp(cs, "latin1") == 0);

	for (size_t i = 0; i < n; i++) {
		if (latin && (unsigned char)raw[i] >= 0x80) {
			char u[4];
			buf_add(out, u, utf8_encode((unsigned char)raw[i], u));
		} else {
			buf_addc(out, raw[i] ? raw[i] : ' ');
		}
	}
}

/* Replaces the HTML entities that matter for links (&amp; and numeric
 * ones for ASCII) in s, in place. */
static void html_entities(buf *b)
{
	size_t w = 0;

	for (size_t i = 0; i < b->len; i++) {
		char *p = b->data + i;
		if (*p == '&' && strncasecmp(p, "&amp;", 5) == 0) {
			b->data[w++] = '&';
			i += 4;
		} else if (*p == '&' && p[1] == '#' && isdigit((unsigned char)p[2])) {
			size_t k = 2;
			unsigned v = 0;
			while (i + k < b->len && isdigit((unsigned char)p[k]) && v < 1000)
				v = v * 10 + (unsigned)(p[k++] - '0');
			if (i + k < b->len && p[k] == ';' && v >= 0x20 && v < 0x7f) {
				b->data[w++] = (char)v;
				i += k;
			} else {
				b->data[w++] = *p;
			}
		} else {
			b->data[w++] = *p;
		}
	}
	b->len = w;
	if (b->data)
		b->data[w] = '\0';
}

static void walk_entity(walk *w, const entity *e, int depth);

/* Walks one part of a multipart body, start[0..n). */
static void walk_part(walk *w, const char *start, size_t n, int depth)
{
	entity sub;

	read_entity(start, n, &sub);
	w->parts++;
	walk_entity(w, &sub, depth + 1);
	free_entity(&sub);
}

/* Walks the parts of a multipart body split at its boundary; a last part
 * whose closing boundary is missing (a cut message) is walked too. */
static void walk_multipart(walk *w, const entity *e, const char *bd, int depth)
{
	size_t bl = strlen(bd);
	const char *p = e->body, *end = e->body + e->blen, *start = NULL;

	while (p < end && w->parts < MAILIN_MAX_PARTS) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *next = nl ? nl + 1 : end;
		if ((size_t)(end - p) >= bl + 2 && p[0] == '-' && p[1] == '-' && memcmp(p + 2, bd, bl) == 0) {
			int last = (size_t)(end - p) >= bl + 4 && p[bl + 2] == '-' && p[bl + 3] == '-';
			if (start) {
				const char *pe = p;
				if (pe > start && pe[-1] == '\n')
					pe--;
				if (pe > start && pe[-1] == '\r')
					pe--;
				walk_part(w, start, (size_t)(pe - start), depth);
			}
			if (last)
				return;
			start = next;
		}
		p = next;
	}
	if (start && start < end && w->parts < MAILIN_MAX_PARTS)
		walk_part(w, start, (size_t)(end - start), depth);
}

/* Collects the text of one entity, by its type. */
static void walk_entity(walk *w, const entity *e, int depth)
{
	const char *ct = get(e, "Content-Type");
	char *type = mime_type(ct);

	if (depth > MAILIN_MAX_DEPTH) {
		free(type);
		return;
	}
	if (strncmp(type, "multipart/", 10) == 0) {
		char *bd = param(ct, "boundary");
		if (bd && *bd && strlen(bd) <= 200)
			walk_multipart(w, e, bd, depth);
		free(bd);
	} else if (strcmp(type, "message/rfc822") == 0) {
		entity sub;
		read_entity(e->body, e->blen, &sub);
		walk_entity(w, &sub, depth + 1);
		free_entity(&sub);
	} else if (strcmp(type, "text/plain") == 0 || strcmp(type, "text/html") == 0) {
		const char *cte = get(e, "Content-Transfer-Encoding");
		char *cs = param(ct, "charset");
		buf raw;
		buf_init(&raw);
		if (cte && strncasecmp(cte, "quoted-printable", 16) == 0)
			qp_decode(e->body, e->blen, &raw);
		else if (cte && strncasecmp(cte, "base64", 6) == 0)
			b64_decode(e->body, e->blen, &raw);
		else
			buf_add(&raw, e->body, e->blen);
		if (strcmp(type, "text/html") == 0)
			html_entities(&raw);
		add_charset(cs, raw.data ? raw.data : "", raw.len, &w->text);
		buf_addc(&w->text, '\n');
		buf_free(&raw);
		free(cs);
	}
	free(type);
}

/* 1 when c ends a link in running text. */
static int link_stop(unsigned char c)
{
	return c <= ' ' || c == 0x7f || strchr("<>\"'`()[]{}|\\^", c) != NULL;
}

/* Percent-decodes s[0..n) into a new string. */
static char *pct_decode(const char *s, size_t n)
{
	buf b;

	buf_init(&b);
	buf_add(&b, "", 0);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && hexv((unsigned char)s[i + 1]) >= 0 && hexv((unsigned char)s[i + 2]) >= 0) {
			buf_addc(&b, (char)(hexv((unsigned char)s[i + 1]) * 16 + hexv((unsigned char)s[i + 2])));
			i += 2;
		} else {
			buf_addc(&b, s[i] == '+' ? ' ' : s[i]);
		}
	}
	return buf_steal(&b, NULL);
}

/* The link a redirector wraps (Outlook Safe Links' url=, Google's q= or
 * url=), decoded; NULL when cand wraps none. */
static char *unwrap(const char *cand)
{
	static const char *const keys[] = { "?url=", "&url=", "?q=", "&q=", "?u=", "&u=" };

	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		const char *p = strstr(cand, keys[i]);
		if (!p)
			continue;
		p += strlen(keys[i]);
		char *d = pct_decode(p, strcspn(p, "&"));
		if (strncasecmp(d, "http", 4) == 0)
			return d;
		free(d);
	}
	return NULL;
}

/* Adds the tweet cand links to, unless already there; 1 when it was a tweet link. */
static int try_link(mailin_msg *m, const char *cand)
{
	char err[512];
	xurl_ref ref;
	size_t n = strlen(cand);

	if (n < 8 || !strchr(cand, '/') || !strchr(cand, '.') || xurl_parse(cand, &ref, err, sizeof err) != TP_OK)
		return 0;
	for (size_t i = 0; i < m->nlinks; i++)
		if (strcmp(m->links[i].id, ref.id) == 0)
			return 1;
	if (m->nlinks >= MAILIN_MAX_LINKS) {
		m->dropped++;
		return 1;
	}
	m->links = xrealloc(m->links, (m->nlinks + 1) * sizeof *m->links);
	m->links[m->nlinks].text = xstrdup(cand);
	snprintf(m->links[m->nlinks].id, sizeof m->links[m->nlinks].id, "%s", ref.id);
	m->nlinks++;
	return 1;
}

/* Finds every tweet link in the text. */
static void find_links(mailin_msg *m, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		if (link_stop((unsigned char)s[i])) {
			i++;
			continue;
		}
		size_t k = i;
		while (k < n && !link_stop((unsigned char)s[k]))
			k++;
		size_t e = k;
		while (e > i && strchr(".,;:!?*", s[e - 1]))
			e--;
		if (e - i <= 2048) {
			char *cand = xstrndup(s + i, e - i);
			if (!try_link(m, cand)) {
				char *inner = unwrap(cand);
				if (inner)
					try_link(m, inner);
				free(inner);
			}
			free(cand);
		}
		i = k;
	}
}

/* The first address of an address list header, bare and lower-cased
 * domain; NULL when there is none. */
static char *first_address(const char *v)
{
	size_t i = 0;
	int quote = 0, angle = 0;

	if (!v)
		return NULL;
	for (; v[i]; i++) {
		if (v[i] == '"' && (i == 0 || v[i - 1] != '\\'))
			quote = !quote;
		else if (!quote && v[i] == '<')
			angle = 1;
		else if (!quote && v[i] == '>')
			angle = 0;
		else if (!quote && !angle && v[i] == ',')
			break;
	}
	char *one = xstrndup(v, i);
	char *c = strchr(one, '(');
	if (c && !strchr(one, '<'))
		*c = '\0';
	char *spec = eml_addr_spec(one);
	free(one);
	char *at = strrchr(spec, '@');
	if (!at || at == spec || !at[1] || strpbrk(spec, " \t\"<>,;\r\n") || spec[0] == '\0') {
		free(spec);
		return NULL;
	}
	for (char *p = at; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return spec;
}

/* A Message-ID value kept only when it is one "<...>" of printable ASCII. */
static char *clean_id(const char *v)
{
	const char *lt = v ? strchr(v, '<') : NULL, *gt = lt ? strchr(lt, '>') : NULL;

	if (!lt || !gt || gt - lt < 3 || gt - lt > 250)
		return NULL;
	for (const char *p = lt; p <= gt; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f)
			return NULL;
	return xstrndup(lt, (size_t)(gt - lt + 1));
}

/* References of the reply: the request's (its last 10 ids) and its Message-ID. */
static char *references(const char *refs, const char *mid)
{
	char *ids[11];
	size_t n = 0;
	buf b;

	for (const char *p = refs; p && (p = strchr(p, '<'));) {
		char *id = clean_id(p);
		const char *gt = strchr(p, '>');
		if (id) {
			if (n == 10) {
				free(ids[0]);
				memmove(ids, ids + 1, 9 * sizeof *ids);
				n--;
			}
			ids[n++] = id;
		}
		p = gt ? gt + 1 : p + 1;
	}
	buf_init(&b);
	for (size_t i = 0; i < n; i++) {
		buf_printf(&b, "%s%s", b.len ? " " : "", ids[i]);
		free(ids[i]);
	}
	if (mid)
		buf_printf(&b, "%s%s", b.len ? " " : "", mid);
	return b.len ? buf_steal(&b, NULL) : (buf_free(&b), NULL);
}

/* Why a message must not be answered (RFC 3834 5, common practice), or NULL. */
static const char *ignore_reason(const entity *e, const mailin_msg *m, const char *env_sender)
{
	const char *as = get(e, "Auto-Submitted"), *prec = get(e, "Precedence");
	const char *rp = get(e, "Return-Path");
	char *type = mime_type(get(e, "Content-Type"));
	int report = strcmp(type, "multipart/report") == 0;

	free(type);
	if (as && strncasecmp(as, "no", 2) != 0)
		return "it is an automatic message (Auto-Submitted)";
	if (as && as[2] && as[2] != ' ' && as[2] != ';' && as[2] != '\t')
		return "it is an automatic message (Auto-Submitted)";
	if ((env_sender && !*env_sender) || (rp && strstr(rp, "<>")))
		return "it has a null sender (a bounce or an automatic message)";
	if (prec && (strncasecmp(prec, "bulk", 4) == 0 || strncasecmp(prec, "junk", 4) == 0 ||
		     strncasecmp(prec, "list", 4) == 0))
		return "it is bulk or list mail (Precedence)";
	if (get(e, "List-Id") || get(e, "List-Unsubscribe"))
		return "it came through a mailing list (List-Id or List-Unsubscribe)";
	if (report)
		return "it is a delivery or read report (multipart/report)";
	if (m->from && (strncasecmp(m->from, "mailer-daemon@", 14) == 0 || strncasecmp(m->from, "postmaster@", 11) == 0))
		return "it comes from a mail system (MAILER-DAEMON or postmaster)";
	if (!m->reply_addr)
		return "it has no From or Reply-To address to answer";
	return NULL;
}

/* The subject decoded to one line of at most 200 bytes (whole characters). */
static char *clean_subject(const char *v)
{
	char *s = eml_decode_words(v ? v : "");
	size_t n = strlen(s), w = 0;

	for (size_t i = 0; i < n; i++)
		s[w++] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? ' ' : s[i];
	s[w] = '\0';
	if (w > 200) {
		size_t k = 200;
		while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
			k--;
		s[k] = '\0';
	}
	return s;
}

tp_result mailin_parse(const char *data, size_t len, const char *envelope_sender, mailin_msg **out,
		       char *msg, size_t msglen)
{
	mailin_msg *m;
	entity e;
	walk w;

	*out = NULL;
	if (!data || len == 0)
		return tp_fail(TP_ERR_INPUT, msg, msglen, "the mail message is empty");
	m = xcalloc(1, sizeof *m);
	read_entity(data, len, &e);
	m->from = first_address(get(&e, "From"));
	m->reply_addr = first_address(get(&e, "Reply-To"));
	if (!m->reply_addr && m->from)
		m->reply_addr = xstrdup(m->from);
	m->subject = clean_subject(get(&e, "Subject"));
	m->message_id = clean_id(get(&e, "Message-ID"));
	m->references = references(get(&e, "References") ? get(&e, "References") : get(&e, "In-Reply-To"),
				   m->message_id);
	const char *why = ignore_reason(&e, m, envelope_sender);
	m->ignore = why ? xstrdup(why) : NULL;
	memset(&w, 0, sizeof w);
	buf_init(&w.text);
	walk_entity(&w, &e, 0);
	find_links(m, w.text.data ? w.text.data : "", w.text.len);
	buf_free(&w.text);
	free_entity(&e);
	*out = m;
	return TP_OK;
}

void mailin_free(mailin_msg *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->nlinks; i++)
		free(m->links[i].text);
	free(m->links);
	free(m->from);
	free(m->reply_addr);
	free(m->subject);
	free(m->message_id);
	free(m->references);
	free(m->ignore);
	free(m);
}

int mailin_allowed(const char *addr, const char *const *allow, size_t n)
{
	const char *at = addr ? strrchr(addr, '@') : NULL;

	for (size_t i = 0; at && i < n; i++) {
		if (allow[i][0] == '@' && strcasecmp(allow[i], at) == 0)
			return 1;
		if (allow[i][0] != '@' && strcasecmp(allow[i], addr) == 0)
			return 1;
	}
	return 0;
}

char *mailin_reply_subject(const mailin_msg *m)
{
	const char *s = m->subject ? m->subject : "";

	if (strncasecmp(s, "re:", 3) == 0)
		return xstrdup(s);
	return xasprintf("Re: %s", *s ? s : "your message");
}

const char *mailin_plain_reason(tp_result r)
{
	switch (r) {
	case TP_ERR_NOTFOUND:
		return "this post was deleted, or its account is private or suspended";
	case TP_ERR_AUTH:
		return "the X API refused threadpdf's access (its token is missing, wrong or lacks access)";
	case TP_ERR_RATE:
		return "the X API's rate limit was reached; send the link again later";
	case TP_ERR_NET:
	case TP_ERR_SERVER:
	case TP_ERR_PROTOCOL:
		return "the X API could not be reached or answered wrongly; send the link again later";
	case TP_ERR_INPUT:
		return "the thread could not be read from what the X API answered";
	case TP_ERR_FONT:
	case TP_ERR_PDF:
		return "the PDF could not be made (a problem on this side)";
	default:
		return "the thread could not be made into a PDF";
	}
}
