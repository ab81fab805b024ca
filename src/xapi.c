/* xapi: finds a whole thread through the X API v2 and feeds its pages to xv2. */
#include "xapi.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <cJSON.h>

#include "diag.h"
#include "http.h"
#include "xurl.h"
#include "xv2.h"

/* Exactly the fields and expansions the reader needs, on every request. */
#define XAPI_FIELDS                                                                                     \
	"tweet.fields=created_at,conversation_id,author_id,referenced_tweets,attachments,entities,"     \
	"note_tweet,in_reply_to_user_id"                                                                \
	"&expansions=author_id,attachments.media_keys,referenced_tweets.id,referenced_tweets.id.author_id" \
	"&media.fields=url,preview_image_url,width,height,alt_text,type,variants"                       \
	"&user.fields=name,username,profile_image_url"

#define RECENT_WINDOW (7 * 24 * 3600 - 600) /* recent search reach, with a margin */
#define MAX_SEARCH_PAGES 50
#define MAX_TIMELINE_PAGES 40
#define ACCOUNT_PAGES 33            /* 3,200 tweets (the timeline's reach) and the empty last page */
#define TIMELINE_REACH 3200
#define MAX_WALK_ROUNDS 1000
#define MAX_LOOKUP_IDS 100
#define TWEPOCH_MS 1288834974657LL

/* What the client knows of one tweet it has seen (data or includes). */
typedef struct seen {
	char *id, *author, *conv, *parent;
} seen;

/* The state of one fetch. */
typedef struct ctx {
	const xapi_opts *o;
	char *base;
	char *cache_dir;       /* <cache>/api, or NULL for no cache */
	http_client *http;
	thread_pool *pool;
	buf *pages;
	seen *v;
	size_t n, cap;
	char **gone;           /* ids asked for and not returned (deleted, hidden) */
	size_t ngone;
	char *author_id, *handle, *conv_id;
	int account;           /* 1: every thread of the author, not one conversation */
	size_t listed;         /* tweets the paginated pages held, repeats included */
	cJSON **kept;          /* pages with tweets or errors, in fetch order */
	int requests, cached, npages;
	long long waited;      /* seconds slept for rate limits so far; never above max_wait */
	char *msg;
	size_t msglen;
} ctx;

int64_t xapi_id_time(const char *id)
{
	unsigned long long v;

	if (!id || !xurl_is_id(id, strlen(id)))
		return 0;
	v = strtoull(id, NULL, 10);
	if (v < (1ULL << 40))
		return 0;
	return (int64_t)(((long long)(v >> 22) + TWEPOCH_MS) / 1000);
}

/* Copies s into out as printable ASCII-safe text, at most n-1 bytes. */
static void printable(const char *s, char *out, size_t n)
{
	size_t j = 0;

	for (; s && *s && j + 1 < n; s++)
		out[j++] = ((unsigned char)*s < 0x20 || *s == 0x7f) ? ' ' : *s;
	out[j] = '\0';
}

tp_result xapi_base(const char *api_base, char **out, char *msg, size_t msglen)
{
	const char *b = api_base;
	char shown[160];

	*out = NULL;
	if (!b || !*b)
		b = getenv("THREADPDF_API_BASE");
	if (!b || !*b)
		b = XAPI_DEFAULT_BASE;
	printable(b, shown, sizeof shown);
	tp_result lr = http_init(msg, msglen);
	if (lr != TP_OK)
		return lr;
	switch (http_url_kind(b)) {
	case 0:
		return tp_fail(TP_ERR_USAGE, msg, msglen, "API base \"%s\" is not an http(s) URL", shown);
	case 1:
		if (strncasecmp(b, "https://", 8) != 0)
			return tp_fail(TP_ERR_USAGE, msg, msglen,
				       "API base \"%s\" must use https:// (plain http only to 127.0.0.1, localhost or [::1])",
				       shown);
		break;
	default:
		break;
	}
	if (strchr(b, '?') || strchr(b, '#'))
		return tp_fail(TP_ERR_USAGE, msg, msglen, "API base \"%s\" must not have a query or fragment", shown);
	size_t n = strlen(b);
	while (n > 0 && b[n - 1] == '/')
		n--;
	*out = xstrndup(b, n);
	return TP_OK;
}

/* Checks a token can go into a header as is: visible ASCII, no blanks. */
static int token_ok(const char *t)
{
	if (!*t)
		return 0;
	for (; *t; t++)
		if ((unsigned char)*t <= 0x20 || (unsigned char)*t >= 0x7f)
			return 0;
	return 1;
}

/* The first line of s without surrounding blanks; caller frees. */
static char *first_line(const char *s)
{
	while (*s && isspace((unsigned char)*s))
		s++;
	size_t n = strcspn(s, "\r\n");
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	return xstrndup(s, n);
}

tp_result xapi_token_from_env_or_file(const char *token_file, char **out, char *msg, size_t msglen)
{
	const char *src = token_file;
	char *tok = NULL;

	*out = NULL;
	if (token_file) {
		buf b;
		buf_init(&b);
		tp_result r = util_read_capped(token_file, "token file", UTIL_CAP_TOKEN, &b, msg, msglen);
		if (r == TP_OK)
			tok = first_line(b.data ? b.data : "");
		if (b.data)
			memset(b.data, 0, b.len);
		buf_free(&b);
		if (r != TP_OK)
			return r;
	} else {
		const char *env = "X_BEARER_TOKEN", *v = getenv(env);
		if (!v || !*v) {
			env = "TWITTER_BEARER_TOKEN";
			v = getenv(env);
		}
		if (v && *v) {
			tok = first_line(v);
			src = env;
		}
	}
	if (!tok || !*tok) {
		free(tok);
		if (token_file)
			return tp_fail(TP_ERR_AUTH, msg, msglen, "token file %s is empty", token_file);
		return tp_fail(TP_ERR_AUTH, msg, msglen,
			       "no X API bearer token: create an app at https://developer.x.com/en/portal/dashboard, "
			       "copy its Bearer Token, then export X_BEARER_TOKEN=... or pass --token-file FILE");
	}
	if (!token_ok(tok)) {
		memset(tok, 0, strlen(tok));
		free(tok);
		return tp_fail(TP_ERR_AUTH, msg, msglen, "the bearer token from %s contains spaces or control characters",
			       src);
	}
	*out = tok;
	return TP_OK;
}

/* Finds a seen tweet by id. */
static seen *find_seen(ctx *c, const char *id)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->v[i].id, id) == 0)
			return &c->v[i];
	return NULL;
}

/* 1 when id was asked for and did not come back. */
static int is_gone(ctx *c, const char *id)
{
	for (size_t i = 0; i < c->ngone; i++)
		if (strcmp(c->gone[i], id) == 0)
			return 1;
	return 0;
}

/* Remembers that id was asked for and did not come back. */
static void mark_gone(ctx *c, const char *id)
{
	if (is_gone(c, id))
		return;
	c->gone = xrealloc(c->gone, (c->ngone + 1) * sizeof *c->gone);
	c->gone[c->ngone++] = xstrdup(id);
}

/* A string member of a JSON object, or NULL. */
static const char *jstr(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* 1 when s is a decimal id: only those are ever put into a request URL. */
static int valid_id(const char *s)
{
	return s && xurl_is_id(s, strlen(s));
}

/* Records what the client needs of one tweet object (id, author, conversation, parent). */
static void note_tweet(ctx *c, const cJSON *t)
{
	const char *id = jstr(t, "id"), *parent = NULL;
	const cJSON *r;

	if (!valid_id(id) || find_seen(c, id))
		return;
	cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(t, "referenced_tweets"))
	{
		const char *ty = jstr(r, "type");
		if (ty && strcmp(ty, "replied_to") == 0)
			parent = jstr(r, "id");
	}
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->v = xrealloc(c->v, c->cap * sizeof *c->v);
	}
	seen *s = &c->v[c->n++];
	s->id = xstrdup(id);
	s->author = valid_id(jstr(t, "author_id")) ? xstrdup(jstr(t, "author_id")) : NULL;
	s->conv = valid_id(jstr(t, "conversation_id")) ? xstrdup(jstr(t, "conversation_id")) : NULL;
	s->parent = valid_id(parent) ? xstrdup(parent) : NULL;
}

/* Records every tweet of a page, data first, then includes.tweets. */
static void note_page(ctx *c, const cJSON *page)
{
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(page, "data"), *t;
	const cJSON *inc = cJSON_GetObjectItemCaseSensitive(page, "includes");

	if (cJSON_IsObject(data))
		note_tweet(c, data);
	else
		cJSON_ArrayForEach(t, data) note_tweet(c, t);
	cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(inc, "tweets")) note_tweet(c, t);
}

/* The "detail" (else "title") of an API problem body, printable and short. */
static void problem_text(const buf *body, char *out, size_t n)
{
	cJSON *j = body->len ? cJSON_ParseWithLength(body->data, body->len) : NULL;
	const char *d = NULL;

	out[0] = '\0';
	if (cJSON_IsObject(j)) {
		d = jstr(j, "detail");
		if (!d)
			d = jstr(j, "title");
		if (!d) {
			const cJSON *e = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "errors"), 0);
			d = jstr(e, "message");
			if (!d)
				d = jstr(e, "detail");
		}
	}
	if (d) {
		out[0] = ':';
		out[1] = ' ';
		printable(d, out + 2, n > 2 ? (n > 160 ? 160 : n) - 2 : 0);
	}
	cJSON_Delete(j);
}

/* Sleeps whole seconds. */
static void sleep_s(long s)
{
	struct timespec ts = { s, 0 };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Current epoch seconds (or the test's fixed clock for age decisions only). */
static int64_t wall_now(void)
{
	return (int64_t)time(NULL);
}

/* Seconds until a 429's limit resets: x-rate-limit-reset (plus one for
 * clock skew), else Retry-After, else 60; at least 1. The header values
 * may be anything up to LLONG_MAX: nothing here adds to them unchecked. */
static long long rate_reset_in(const http_request *r)
{
	long long wait = 60, now = (long long)wall_now();

	if (r->rate_reset > 0)
		wait = r->rate_reset - now < LLONG_MAX ? r->rate_reset - now + 1 : LLONG_MAX;
	else if (r->retry_after >= 0)
		wait = r->retry_after;
	return wait < 1 ? 1 : wait;
}

/* Decides what a 429 means: wait (returns 1) or fail (returns 0, msg set).
 * The waits of one fetch add up to at most --max-wait. */
static int rate_wait(ctx *c, const http_request *r)
{
	long long wait = rate_reset_in(r);

	if (wait <= (long long)c->o->max_wait - c->waited) {
		warnf("rate limited by the X API; waiting %lld s for the limit to reset (--max-wait %d)", wait,
		      c->o->max_wait);
		sleep_s((long)wait);
		c->waited += wait;
		return 1;
	}
	tp_fail(TP_ERR_RATE, c->msg, c->msglen,
		"rate limited by the X API: the limit resets in %lld s, beyond --max-wait %d; try again later or raise --max-wait",
		wait, c->o->max_wait);
	return 0;
}

/* Maps a non-200 answer to the result and message the user sees. */
static tp_result http_failure(ctx *c, const http_request *r, const char *what)
{
	char detail[170];

	problem_text(&r->body, detail, sizeof detail);
	if (r->status == 401)
		return tp_fail(TP_ERR_AUTH, c->msg, c->msglen,
			       "the X API refused the bearer token (HTTP 401%s); check X_BEARER_TOKEN or --token-file",
			       detail);
	if (r->status == 403)
		return tp_fail(TP_ERR_AUTH, c->msg, c->msglen,
			       "the X API denied access to %s (HTTP 403%s): a protected account, or an access level without this endpoint",
			       what, detail);
	if (r->status == 404)
		return tp_fail(TP_ERR_NOTFOUND, c->msg, c->msglen, "%s not found (HTTP 404%s): deleted or not visible",
			       what, detail);
	if (r->status >= 500)
		return tp_fail(TP_ERR_SERVER, c->msg, c->msglen, "the X API failed (HTTP %ld) on %s after %d attempts",
			       r->status, what, r->attempts);
	if (r->status >= 300 && r->status < 400)
		return tp_fail(TP_ERR_PROTOCOL, c->msg, c->msglen,
			       "the X API answered %s with a redirect (HTTP %ld), which is not followed", what, r->status);
	return tp_fail(TP_ERR_PROTOCOL, c->msg, c->msglen, "the X API answered %s with HTTP %ld%s", what, r->status,
		       detail);
}

/* Checks a 200 answer is a JSON object; returns it parsed, or NULL with msg set. */
static cJSON *parse_page(ctx *c, const char *ctype, const buf *body, const char *what, tp_result *rc)
{
	char ct[64];
	cJSON *j;

	if (!ctype || strncmp(ctype, "application/json", 16) != 0) {
		printable(ctype ? ctype : "none", ct, sizeof ct);
		*rc = tp_fail(TP_ERR_PROTOCOL, c->msg, c->msglen,
			      "the X API answered %s with content type %s instead of application/json", what, ct);
		return NULL;
	}
	j = body->len ? cJSON_ParseWithLength(body->data, body->len) : NULL;
	if (!cJSON_IsObject(j)) {
		cJSON_Delete(j);
		*rc = tp_fail(TP_ERR_PROTOCOL, c->msg, c->msglen,
			      "the X API answered %s with a body that is not a JSON object (%zu bytes; truncated?)", what,
			      body->len);
		return NULL;
	}
	*rc = TP_OK;
	return j;
}

/* GETs one API URL (cache first), handling rate limits; returns the page. */
static tp_result get_json(ctx *c, const char *url, const char *what, cJSON **out)
{
	buf cached;
	char *ctype = NULL;
	tp_result rc;

	*out = NULL;
	buf_init(&cached);
	if (c->cache_dir && http_cache_load(c->cache_dir, url, &cached, &ctype)) {
		*out = parse_page(c, ctype, &cached, what, &rc);
		free(ctype);
		buf_free(&cached);
		if (*out) {
			c->cached++;
			verbosef(1, "cached: %s", url);
			return TP_OK;
		}
	}
	buf_free(&cached);
	for (;;) {
		http_request r, *rp = &r;
		http_request_init(&r, url);
		r.bearer = c->o->token;
		r.accept = "application/json";
		verbosef(1, "GET %s", url);
		http_perform(c->http, &rp, 1);
		c->requests += r.attempts;
		if (r.err != TP_OK) {
			rc = tp_fail(r.err, c->msg, c->msglen, "X API request for %s failed after %d attempt%s: %s", what,
				     r.attempts, r.attempts == 1 ? "" : "s", r.errmsg);
		} else if (r.status == 429) {
			int again = rate_wait(c, &r);
			http_request_clear(&r);
			if (again)
				continue;
			return TP_ERR_RATE;
		} else if (r.status != 200) {
			rc = http_failure(c, &r, what);
		} else {
			*out = parse_page(c, r.content_type, &r.body, what, &rc);
			if (*out && c->cache_dir)
				http_cache_store(c->cache_dir, url, r.content_type, r.body.data, r.body.len);
		}
		http_request_clear(&r);
		return rc;
	}
}

/* Keeps a page (taking ownership) for the pool and --save-json, and indexes
 * its tweets. Pages with neither data nor errors are dropped. */
static void take_page(ctx *c, cJSON *page)
{
	cJSON *data = cJSON_GetObjectItemCaseSensitive(page, "data");
	cJSON *errs = cJSON_GetObjectItemCaseSensitive(page, "errors");

	note_page(c, page);
	if ((!data || (cJSON_IsArray(data) && cJSON_GetArraySize(data) == 0)) && cJSON_GetArraySize(errs) == 0) {
		cJSON_Delete(page);
		return;
	}
	c->kept = xrealloc(c->kept, (c->npages + 1) * sizeof *c->kept);
	c->kept[c->npages++] = page;
}

/* Feeds the kept pages to xv2_read in one go: every page without its
 * includes.tweets first, then one page of all included tweets, so a tweet's
 * full version (a search or lookup result, with its media) wins over the
 * leaner copy another page carried as a reference. Also fills --save-json
 * with the pages as fetched, one per line. */
static tp_result feed_pool(ctx *c)
{
	buf feed;
	cJSON *extra = cJSON_CreateArray();
	tp_result rc = TP_OK;

	buf_init(&feed);
	for (int i = 0; i < c->npages; i++) {
		char *line = cJSON_PrintUnformatted(c->kept[i]);
		if (c->pages && line) {
			buf_adds(c->pages, line);
			buf_addc(c->pages, '\n');
		}
		free(line);
		cJSON *inc = cJSON_GetObjectItemCaseSensitive(c->kept[i], "includes");
		cJSON *tw = cJSON_DetachItemFromObjectCaseSensitive(inc, "tweets");
		line = cJSON_PrintUnformatted(c->kept[i]);
		if (line) {
			buf_adds(&feed, line);
			buf_addc(&feed, '\n');
		}
		free(line);
		cJSON *t;
		cJSON_ArrayForEach(t, tw) cJSON_AddItemReferenceToArray(extra, t);
		if (tw)
			cJSON_AddItemToObject(inc, "tweets", tw);
	}
	if (cJSON_GetArraySize(extra) > 0) {
		cJSON *page = cJSON_CreateObject(), *inc = cJSON_AddObjectToObject(page, "includes");
		cJSON_AddItemReferenceToObject(inc, "tweets", extra);
		char *line = cJSON_PrintUnformatted(page);
		if (line)
			buf_adds(&feed, line);
		free(line);
		cJSON_Delete(page);
	}
	if (feed.len)
		rc = xv2_read(c->pool, feed.data, feed.len, "the X API pages", c->msg, c->msglen);
	if (rc != TP_OK)
		rc = TP_ERR_PROTOCOL;
	cJSON_Delete(extra);
	buf_free(&feed);
	return rc;
}

/* Marks ids the page's errors[] report as missing, and says whether the
 * error for `id` means not-found (TP_ERR_NOTFOUND) or no access (TP_ERR_AUTH). */
static tp_result page_errors(ctx *c, const cJSON *page, const char *id)
{
	const cJSON *e;
	tp_result r = TP_OK;

	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(page, "errors"))
	{
		const char *v = jstr(e, "resource_id"), *ty = jstr(e, "type"), *rt = jstr(e, "resource_type");
		if (!v)
			v = jstr(e, "value");
		if (!v || (rt && strcmp(rt, "tweet") != 0))
			continue;
		if (id && strcmp(v, id) == 0)
			r = (ty && strstr(ty, "not-authorized")) ? TP_ERR_AUTH : TP_ERR_NOTFOUND;
	}
	return r;
}

/* Looks up the linked tweet; learns its author and conversation. */
static tp_result lookup_first(ctx *c, const xurl_ref *ref)
{
	char *url = xasprintf("%s/tweets/%s?%s", c->base, ref->id, XAPI_FIELDS), what[64];
	cJSON *page;
	tp_result rc;

	snprintf(what, sizeof what, "tweet %s", ref->id);
	rc = get_json(c, url, what, &page);
	free(url);
	if (rc != TP_OK)
		return rc;
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(page, "data");
	const char *id = jstr(data, "id");
	if (!cJSON_IsObject(data) || !id || strcmp(id, ref->id) != 0) {
		tp_result why = page_errors(c, page, ref->id);
		cJSON_Delete(page);
		if (why == TP_ERR_AUTH)
			return tp_fail(TP_ERR_AUTH, c->msg, c->msglen,
				       "tweet %s is not visible to this token: its account is protected", ref->id);
		return tp_fail(TP_ERR_NOTFOUND, c->msg, c->msglen, "tweet %s not found: deleted or not visible", ref->id);
	}
	const char *a = jstr(data, "author_id"), *conv = jstr(data, "conversation_id");
	if (!valid_id(a) || (conv && !valid_id(conv)))
		return tp_fail(TP_ERR_PROTOCOL, c->msg, c->msglen,
			       "the X API answered tweet %s with a malformed author or conversation id", ref->id);
	c->author_id = xstrdup(a ? a : "");
	c->conv_id = xstrdup(conv ? conv : id);
	const cJSON *u;
	cJSON_ArrayForEach(u, cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(page, "includes"), "users"))
	{
		const char *uid = jstr(u, "id"), *un = jstr(u, "username");
		if (uid && un && a && strcmp(uid, a) == 0 && !c->handle)
			c->handle = xstrdup(un);
	}
	if (!c->handle && ref->handle[0])
		c->handle = xstrdup(ref->handle);
	take_page(c, page);
	return TP_OK;
}

/* Drops the tweets of other conversations from a page's data (a timeline
 * holds everything the author wrote; only the thread's conversation counts). */
static void keep_conversation(ctx *c, cJSON *page)
{
	cJSON *data = cJSON_GetObjectItemCaseSensitive(page, "data");
	int i = 0;

	if (!cJSON_IsArray(data))
		return;
	while (i < cJSON_GetArraySize(data)) {
		const char *conv = jstr(cJSON_GetArrayItem(data, i), "conversation_id");
		if (conv && strcmp(conv, c->conv_id) != 0)
			cJSON_DeleteItemFromArray(data, i);
		else
			i++;
	}
}

/* s percent-encoded for a query value (what curl_easy_escape does). Caller frees. */
static char *url_escape(const char *s)
{
	buf b;

	buf_init(&b);
	buf_add_pct(&b, s, 1);
	return buf_steal(&b, NULL);
}

/* Follows meta.next_token (or the timeline's pagination_token) over pages of
 * url_head ("...?params"), feeding each page; filter: keep only the thread's
 * conversation. */
static tp_result paginate(ctx *c, const char *url_head, const char *token_param, int max_pages, int filter,
			  const char *what)
{
	char *next = NULL;
	tp_result rc = TP_OK;

	for (int i = 0; i < max_pages; i++) {
		char *url = next ? xasprintf("%s&%s=%s", url_head, token_param, next) : xstrdup(url_head);
		cJSON *page;
		free(next);
		next = NULL;
		rc = get_json(c, url, what, &page);
		free(url);
		if (rc != TP_OK)
			break;
		const char *nt = jstr(cJSON_GetObjectItemCaseSensitive(page, "meta"), "next_token");
		if (nt && *nt) {
			next = url_escape(nt);
		}
		c->listed += (size_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(page, "data"));
		if (filter)
			keep_conversation(c, page);
		take_page(c, page);
		if (!next)
			break;
		if (i + 1 == max_pages)
			warnf("stopped %s after %d pages", what, max_pages);
	}
	free(next);
	return rc;
}

/* Search (recent or full archive) for the author's tweets in the conversation. */
static tp_result search(ctx *c, int all)
{
	char *q = xasprintf("conversation_id:%s from:%s", c->conv_id, c->handle);
	char *eq = url_escape(q);
	char *head = xasprintf("%s/tweets/search/%s?query=%s&max_results=100&%s", c->base, all ? "all" : "recent",
			       eq ? eq : "", XAPI_FIELDS);
	tp_result rc = paginate(c, head, "next_token", MAX_SEARCH_PAGES, 0, all ? "full-archive search" : "recent search");

	free(eq);
	free(q);
	free(head);
	return rc;
}

/* The author's timeline from the root's time onwards. */
static tp_result timeline(ctx *c, int64_t since)
{
	char iso[32];
	time_t t = (time_t)(since - 1);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
	char *head = xasprintf("%s/users/%s/tweets?start_time=%s&max_results=100&exclude=retweets&%s", c->base,
			       c->author_id, iso, XAPI_FIELDS);
	tp_result rc = paginate(c, head, "pagination_token", MAX_TIMELINE_PAGES, 1, "the author's timeline");

	free(head);
	return rc;
}

/* 1 when the id list holds id. */
static int has_id(char **ids, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(ids[i], id) == 0)
			return 1;
	return 0;
}

/* Ids still wanted: parents of the author's tweets in the conversation that
 * were neither seen nor reported gone. A parent by another account is fetched
 * (it is the context) but its own parent is not: the walk stops there. */
static size_t wanted(ctx *c, char ***out)
{
	char **ids = NULL;
	size_t n = 0;

	for (size_t i = 0; i < c->n; i++) {
		const char *id = NULL;
		seen *s = &c->v[i];
		if (s->parent && s->author && s->conv && strcmp(s->author, c->author_id) == 0 &&
		    (c->account || strcmp(s->conv, c->conv_id) == 0))
			id = s->parent;
		if (!id || find_seen(c, id) || is_gone(c, id) || has_id(ids, n, id))
			continue;
		ids = xrealloc(ids, (n + 1) * sizeof *ids);
		ids[n++] = xstrdup(id);
	}
	*out = ids;
	return n;
}

/* Looks up a batch of ids (at most 100) and marks the ones that stay missing. */
static tp_result lookup_batch(ctx *c, char **ids, size_t n)
{
	buf list;
	cJSON *page;
	tp_result rc;

	buf_init(&list);
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_adds(&list, "%2C");
		buf_adds(&list, ids[i]);
	}
	char *url = xasprintf("%s/tweets?ids=%s&%s", c->base, list.data, XAPI_FIELDS);
	buf_free(&list);
	rc = get_json(c, url, "a tweet lookup", &page);
	free(url);
	if (rc != TP_OK)
		return rc;
	take_page(c, page);
	for (size_t i = 0; i < n; i++)
		if (!find_seen(c, ids[i])) {
			verbosef(1, "tweet %s is unavailable (deleted or hidden)", ids[i]);
			mark_gone(c, ids[i]);
		}
	return rc;
}

/* Walks replied_to links upwards until nothing the thread needs is missing. */
static tp_result walk_up(ctx *c)
{
	for (int round = 0; round < MAX_WALK_ROUNDS; round++) {
		char **ids;
		size_t n = wanted(c, &ids);
		tp_result rc = TP_OK;
		if (n == 0)
			return TP_OK;
		verbosef(1, "looking up %zu missing tweet(s)", n);
		for (size_t i = 0; i < n && rc == TP_OK; i += MAX_LOOKUP_IDS)
			rc = lookup_batch(c, ids + i, n - i < MAX_LOOKUP_IDS ? n - i : MAX_LOOKUP_IDS);
		for (size_t i = 0; i < n; i++)
			free(ids[i]);
		free(ids);
		if (rc != TP_OK)
			return rc;
	}
	warnf("stopped walking up the thread after %d rounds of lookups", MAX_WALK_ROUNDS);
	return TP_OK;
}

/* Collects the conversation by the strategy the thread's age allows: search
 * (full archive on request, recent when the root is under 7 days old), else
 * the author's timeline. A 403 (an access level without the endpoint) is not
 * fatal: search falls back to the timeline, the timeline to the walk alone. */
static tp_result collect(ctx *c)
{
	int64_t now = c->o->now ? c->o->now : wall_now();
	int64_t root = xapi_id_time(c->conv_id);
	tp_result rc = TP_OK;
	int searched = 0;

	if (c->o->full_archive || (root && now - root < RECENT_WINDOW)) {
		rc = search(c, c->o->full_archive);
		searched = 1;
		if (rc != TP_ERR_AUTH)
			return rc;
		warnf("%s; reading the author's timeline instead", c->msg);
	}
	if (!root)
		return TP_OK;
	if (!searched)
		verbosef(1, "the thread is older than 7 days: reading the author's timeline");
	rc = timeline(c, root);
	if (rc == TP_ERR_AUTH) {
		warnf("%s; looking up replies one by one instead", c->msg);
		rc = TP_OK;
	}
	return rc;
}

/* Frees what a fetch context holds. */
static void ctx_free(ctx *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].id);
		free(c->v[i].author);
		free(c->v[i].conv);
		free(c->v[i].parent);
	}
	free(c->v);
	for (int i = 0; i < c->npages; i++)
		cJSON_Delete(c->kept[i]);
	free(c->kept);
	for (size_t i = 0; i < c->ngone; i++)
		free(c->gone[i]);
	free(c->gone);
	free(c->author_id);
	free(c->handle);
	free(c->conv_id);
	free(c->base);
	free(c->cache_dir);
	http_free(c->http);
}

/* Counts the author's tweets of the conversation the client has seen. */
static size_t thread_seen(ctx *c)
{
	size_t k = 0;

	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].author && c->v[i].conv && strcmp(c->v[i].author, c->author_id) == 0 &&
		    strcmp(c->v[i].conv, c->conv_id) == 0)
			k++;
	return k;
}

/* Sets up a fetch: the API base, the cache, the HTTP client. */
static tp_result ctx_init(ctx *c, const xapi_opts *o, thread_pool *pool, buf *pages_json, char *msg,
			  size_t msglen)
{
	tp_result rc = xapi_base(o->api_base, &c->base, msg, msglen);

	if (rc != TP_OK)
		return rc;
	c->o = o;
	c->pool = pool;
	c->pages = pages_json;
	c->msg = msg;
	c->msglen = msglen;
	if (!o->no_cache) {
		char *d = o->cache_dir ? xstrdup(o->cache_dir) : http_default_cache_dir();
		if (d)
			c->cache_dir = xasprintf("%s/api", d);
		free(d);
	}
	http_opts ho = { 0 };
	ho.max_parallel = 1;
	ho.timeout_ms = o->timeout_ms;
	ho.retries = o->retries;
	ho.retry_base_ms = o->retry_base_ms;
	ho.max_body = (size_t)32 << 20;
	ho.announce_timeouts = 1;
	c->http = http_new(&ho);
	return TP_OK;
}

/* 1 when the token can be sent (present, no spaces or controls); else fills msg. */
static int token_usable(const xapi_opts *o, char *msg, size_t msglen)
{
	if (!o->token || !*o->token) {
		tp_fail(TP_ERR_AUTH, msg, msglen, "no X API bearer token: export X_BEARER_TOKEN=... or pass --token-file FILE");
		return 0;
	}
	if (!token_ok(o->token)) {
		tp_fail(TP_ERR_AUTH, msg, msglen, "the bearer token contains spaces or control characters");
		return 0;
	}
	return 1;
}

/* Looks the account up by its handle: its user id. */
static tp_result lookup_user(ctx *c, const char *handle)
{
	char *url = xasprintf("%s/users/by/username/%s?user.fields=name,username,profile_image_url,protected",
			      c->base, handle);
	char what[64];
	cJSON *page;

	snprintf(what, sizeof what, "account @%s", handle);
	tp_result rc = get_json(c, url, what, &page);
	free(url);
	if (rc != TP_OK)
		return rc;
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(page, "data");
	const char *id = jstr(data, "id"), *un = jstr(data, "username");
	const cJSON *prot = cJSON_GetObjectItemCaseSensitive(data, "protected");
	if (!cJSON_IsObject(data) || !valid_id(id)) {
		cJSON_Delete(page);
		return tp_fail(TP_ERR_NOTFOUND, c->msg, c->msglen, "account @%s not found (suspended, renamed or "
			       "deleted)", handle);
	}
	c->author_id = xstrdup(id);
	c->handle = xstrdup(un ? un : handle);
	c->conv_id = xstrdup("");
	cJSON_Delete(page);
	if (cJSON_IsTrue(prot))
		verbosef(1, "@%s is a protected account: only a token that follows it sees its tweets", handle);
	return TP_OK;
}

/* Counts the author's tweets seen so far. */
static size_t author_seen(ctx *c)
{
	size_t k = 0;

	for (size_t i = 0; i < c->n; i++)
		k += c->v[i].author && strcmp(c->v[i].author, c->author_id) == 0;
	return k;
}

/* Fetches every thread of an account (see xapi.h). */
tp_result xapi_fetch_account(const xapi_opts *o, const char *handle, thread_pool *pool, char **user_id,
			     char *msg, size_t msglen)
{
	ctx c = { 0 };
	tp_result rc;

	*user_id = NULL;
	if (!token_usable(o, msg, msglen))
		return TP_ERR_AUTH;
	rc = ctx_init(&c, o, pool, NULL, msg, msglen);
	if (rc == TP_OK)
		rc = lookup_user(&c, handle);
	c.account = 1;
	char *head = rc == TP_OK ? xasprintf("%s/users/%s/tweets?max_results=100&exclude=retweets&%s", c.base,
					     c.author_id, XAPI_FIELDS) : NULL;
	if (rc == TP_OK)
		rc = paginate(&c, head, "pagination_token", ACCOUNT_PAGES, 0, "the account's timeline");
	free(head);
	size_t timeline = rc == TP_OK ? author_seen(&c) : 0;
	if (rc == TP_OK)
		rc = walk_up(&c);
	if (rc == TP_OK)
		rc = feed_pool(&c);
	if (rc == TP_OK) {
		verbosef(1, "@%s: %zu tweets from the timeline, %zu more by lookups, in %d request(s)", c.handle,
			 timeline, author_seen(&c) - timeline, c.requests);
		if (c.listed >= TIMELINE_REACH - MAX_LOOKUP_IDS)
			warnf("@%s: the X API gives only an account's latest %d tweets, so older threads are not "
			      "in this export; your data archive (Settings > Download an archive of your data) "
			      "has them all: threadpdf twitter-*.zip -o DIR/", c.handle, TIMELINE_REACH);
		*user_id = xstrdup(c.author_id);
	}
	ctx_free(&c);
	return rc;
}

tp_result xapi_fetch(const xapi_opts *o, const char *link, thread_pool *pool, buf *pages_json, char *msg,
		     size_t msglen)
{
	ctx c = { 0 };
	xurl_ref ref;
	tp_result rc;

	rc = xurl_parse(link, &ref, msg, msglen);
	if (rc != TP_OK)
		return rc;
	if (!token_usable(o, msg, msglen))
		return TP_ERR_AUTH;
	rc = ctx_init(&c, o, pool, pages_json, msg, msglen);
	if (rc != TP_OK)
		return rc;
	rc = lookup_first(&c, &ref);
	if (rc == TP_OK && c.handle)
		rc = collect(&c);
	if (rc == TP_OK)
		rc = walk_up(&c);
	if (rc == TP_OK)
		rc = feed_pool(&c);
	if (rc == TP_OK) {
		verbosef(1, "found %zu tweet(s) of the thread in %d request(s), %d page(s) from the cache", thread_seen(&c),
			 c.requests, c.cached);
		if (c.ngone)
			warnf("%zu tweet(s) of the thread are unavailable (deleted or hidden); they show as gaps", c.ngone);
	}
	ctx_free(&c);
	return rc;
}
