/* xv2: reads X API v2 JSON (a response object, an array of them, or JSON
 * Lines of them) into a thread_pool with cJSON. Text is split into spans at
 * the entity indices (code points of the text as sent, HTML entities still
 * escaped), then decoded. */
#include "xv2.h"
#include "xjson.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

/* What one xv2_read call gathers before it fills the pool. */
typedef struct reader {
	const char *name;
	const cJSON **pages;   /* response objects (or bare tweets), borrowed */
	size_t npages;
	const cJSON **media;   /* every includes.media entry, borrowed */
	size_t nmedia;
	size_t *media_tab;     /* media_key -> media index + 1 (0 empty), open addressing */
	size_t media_cap;      /* a power of two */
	size_t added;          /* result (data) tweets handed to the pool */
	size_t not_tweets;     /* data entries that are not tweets */
	size_t retweets;       /* retweets skipped */
	const char *api_error; /* first errors[].detail, for "no tweets" */
} reader;

/* An entity of the text: a code point range (and the byte range it
 * spans) and what it is. */
typedef struct entity {
	size_t start, end;
	size_t bstart, bend;
	thread_span_kind kind;
	const cJSON *obj;
	int drop;
} entity;

/* The string member key of obj, or NULL. */
static const char *jstr(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The integer member key of obj, or def. */
static long jint(const cJSON *obj, const char *key, long def)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!cJSON_IsNumber(v) || v->valuedouble < -1e15 || v->valuedouble > 1e15)
		return def;
	return (long)v->valuedouble;
}

/* A clean copy of a string member, or NULL. */
static char *jdup(const cJSON *obj, const char *key)
{
	const char *s = jstr(obj, key);
	return s ? xjson_clean(s, strlen(s)) : NULL;
}

/* Appends a span to t (takes text and href). */
static void add_span(thread_tweet *t, thread_span_kind kind, char *text, char *href)
{
	if (kind == SPAN_TEXT && t->nspans && t->spans[t->nspans - 1].kind == SPAN_TEXT) {
		thread_span *last = &t->spans[t->nspans - 1];
		char *joined = xasprintf("%s%s", last->text, text);
		free(last->text);
		free(text);
		last->text = joined;
		return;
	}
	if (kind == SPAN_TEXT && !text[0]) {
		free(text);
		return;
	}
	t->spans = xrealloc(t->spans, (t->nspans + 1) * sizeof *t->spans);
	t->spans[t->nspans++] = (thread_span){kind, text, href};
}

/* Sets the byte ranges of the entities (sorted, disjoint) from their code
 * point ranges in one walk over s, with no table per code point (a long
 * text would need 8 bytes for each). */
static void entity_bytes(const char *s, size_t n, entity *e, size_t ne)
{
	size_t cp = 0, i = 0, adv;

	for (size_t k = 0; k < 2 * ne; k++) {
		size_t want = k % 2 ? e[k / 2].end : e[k / 2].start;
		for (; cp < want && i < n; cp++, i += adv) {
			adv = 1;
			if ((unsigned char)s[i] >= 0x80)
				utf8_decode(s + i, n - i, &adv);
		}
		*(k % 2 ? &e[k / 2].bend : &e[k / 2].bstart) = i;
	}
}

/* Orders entities by start. */
static int cmp_entity(const void *x, const void *y)
{
	const entity *a = x, *b = y;
	return (a->start > b->start) - (a->start < b->start);
}

/* Collects the valid entities of one kind from entities[key]. */
static void collect_entities(const cJSON *ents, const char *key, thread_span_kind kind,
			     size_t ncp, entity **out, size_t *n)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(ents, key)) {
		long s = jint(e, "start", -1), end = jint(e, "end", -1);
		if (s < 0 || end <= s || (size_t)end > ncp)
			continue;
		*out = xrealloc(*out, (*n + 1) * sizeof **out);
		(*out)[(*n)++] = (entity){(size_t)s, (size_t)end, 0, 0, kind, e, 0};
	}
}

/* 1 when url (an expanded URL) is .../status/<id> followed by end, '/', '?'
 * or '#', and (when what is set) then by "/<what>/". */
static int is_status_url(const char *url, const char *id, const char *what)
{
	if (!url || !id)
		return 0;
	for (const char *p = strstr(url, "/status/"); p; p = strstr(p + 1, "/status/")) {
		const char *q = p + 8;
		size_t n = strlen(id);
		if (strncmp(q, id, n) != 0)
			continue;
		q += n;
		if (what)
			return q[0] == '/' && strncmp(q + 1, what, strlen(what)) == 0;
		if (!*q || *q == '/' || *q == '?' || *q == '#')
			return 1;
	}
	return 0;
}

/* 1 when s[0..n) is only whitespace. */
static int blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strchr(" \t\r\n", s[i]))
			return 0;
	return 1;
}

/* Marks the URL entities not to show: links to the tweet's own media
 * (anywhere) and the link to the quoted tweet when nothing but whitespace
 * and other dropped links follows it. */
static void mark_drops(entity *e, size_t n, const char *text, size_t len, const thread_tweet *t)
{
	for (size_t i = 0; i < n; i++) {
		const char *exp = jstr(e[i].obj, "expanded_url");
		if (e[i].kind == SPAN_URL &&
		    (cJSON_GetObjectItemCaseSensitive(e[i].obj, "media_key") ||
		     is_status_url(exp, t->id, "photo") || is_status_url(exp, t->id, "video")))
			e[i].drop = 1;
	}
	int tail_free = 1;
	for (size_t i = n; i-- > 0;) {
		size_t stop = i + 1 < n ? e[i + 1].bstart : len;
		tail_free = tail_free && blank(text + e[i].bend, stop - e[i].bend) &&
			    (i + 1 == n || e[i + 1].drop);
		if (tail_free && e[i].kind == SPAN_URL && t->quote_id &&
		    (is_status_url(jstr(e[i].obj, "expanded_url"), t->quote_id, NULL) ||
		     is_status_url(jstr(e[i].obj, "unwound_url"), t->quote_id, NULL)))
			e[i].drop = 1;
	}
}

/* Adds the span of one entity: its shown text and where it links. */
static void add_entity_span(thread_tweet *t, const entity *e, const char *slice, size_t len)
{
	char *shown = xjson_decode_html(slice, len);
	const char *body = shown + (shown[0] == '@' || shown[0] == '#' || shown[0] == '$');
	buf href;

	buf_init(&href);
	switch (e->kind) {
	case SPAN_URL: {
		const char *disp = jstr(e->obj, "display_url");
		const char *to = jstr(e->obj, "expanded_url");
		if (!to)
			to = jstr(e->obj, "unwound_url");
		if (!to)
			to = jstr(e->obj, "url");
		buf_adds(&href, to ? to : shown);
		if (disp) {
			free(shown);
			shown = xjson_clean(disp, strlen(disp));
		}
		break;
	}
	case SPAN_MENTION:
		buf_adds(&href, "https://x.com/");
		buf_adds(&href, jstr(e->obj, "username") ? jstr(e->obj, "username") : body);
		break;
	case SPAN_HASHTAG:
		buf_adds(&href, "https://x.com/hashtag/");
		buf_add_pct(&href, jstr(e->obj, "tag") ? jstr(e->obj, "tag") : body, 1);
		break;
	case SPAN_CASHTAG:
		buf_adds(&href, "https://x.com/search?q=%24");
		buf_add_pct(&href, jstr(e->obj, "tag") ? jstr(e->obj, "tag") : body, 1);
		break;
	case SPAN_TEXT:
		break;
	}
	char *h = buf_steal(&href, NULL);
	char *hc = xjson_clean(h, strlen(h));
	free(h);
	add_span(t, e->kind, shown, hc);
}

/* Removes trailing whitespace (and the spans it empties) from the end. */
static void trim_end(thread_tweet *t)
{
	while (t->nspans && t->spans[t->nspans - 1].kind == SPAN_TEXT) {
		thread_span *s = &t->spans[t->nspans - 1];
		size_t n = strlen(s->text);
		while (n && strchr(" \t\r\n", s->text[n - 1]))
			n--;
		s->text[n] = '\0';
		if (n)
			return;
		free(s->text);
		t->nspans--;
	}
}

/* Splits text at its entities into t's spans (see the file comment). */
static void build_spans(thread_tweet *t, const char *text, const cJSON *ents)
{
	size_t len = strlen(text), ncp = utf8_count(text, len), n = 0, pos = 0;
	entity *e = NULL;

	collect_entities(ents, "urls", SPAN_URL, ncp, &e, &n);
	collect_entities(ents, "mentions", SPAN_MENTION, ncp, &e, &n);
	collect_entities(ents, "hashtags", SPAN_HASHTAG, ncp, &e, &n);
	collect_entities(ents, "cashtags", SPAN_CASHTAG, ncp, &e, &n);
	if (n)
		qsort(e, n, sizeof *e, cmp_entity);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (k == 0 || e[i].start >= e[k - 1].end)
			e[k++] = e[i];
	n = k;
	entity_bytes(text, len, e, n);
	mark_drops(e, n, text, len, t);
	for (size_t i = 0; i < n; i++) {
		if (e[i].bstart > pos)
			add_span(t, SPAN_TEXT, xjson_decode_html(text + pos, e[i].bstart - pos), NULL);
		if (!e[i].drop)
			add_entity_span(t, &e[i], text + e[i].bstart, e[i].bend - e[i].bstart);
		pos = e[i].bend;
	}
	if (pos < len)
		add_span(t, SPAN_TEXT, xjson_decode_html(text + pos, len - pos), NULL);
	trim_end(t);
	free(e);
}

/* The slot of media_key key in r->media_tab: the one naming it, or the empty
 * one where it would go. */
static size_t media_slot(const reader *r, const char *key)
{
	size_t mask = r->media_cap - 1;
	size_t i = (size_t)util_hash(UTIL_HASH_INIT, key, strlen(key)) & mask;

	while (r->media_tab[i] && strcmp(jstr(r->media[r->media_tab[i] - 1], "media_key"), key) != 0)
		i = (i + 1) & mask;
	return i;
}

/* Indexes includes.media by media_key (the first entry of a key wins), so each
 * attachment is found in constant time: a thread of N photos is linear. */
static void index_media(reader *r)
{
	size_t cap = 16;

	while (cap < 2 * r->nmedia)
		cap *= 2;
	r->media_tab = xcalloc(cap, sizeof *r->media_tab);
	r->media_cap = cap;
	for (size_t i = 0; i < r->nmedia; i++) {
		const char *key = jstr(r->media[i], "media_key");
		if (!key)
			continue;
		size_t s = media_slot(r, key);
		if (!r->media_tab[s])
			r->media_tab[s] = i + 1;
	}
}

/* The includes.media entry with this key, or NULL. */
static const cJSON *find_media(const reader *r, const char *key)
{
	if (!r->media_tab)
		return NULL;
	size_t s = media_slot(r, key);
	return r->media_tab[s] ? r->media[r->media_tab[s] - 1] : NULL;
}

/* The URL of the highest-bitrate mp4 variant, or NULL. */
static const char *best_mp4(const cJSON *m)
{
	const cJSON *v;
	const char *best = NULL;
	long rate = -1;

	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(m, "variants")) {
		const char *ct = jstr(v, "content_type");
		long br = jint(v, "bit_rate", 0);
		if (jstr(v, "url") && ct && strcmp(ct, "video/mp4") == 0 && br > rate) {
			best = jstr(v, "url");
			rate = br;
		}
	}
	return best;
}

/* Adds the tweet's attached media, in attachment order. */
static void add_media(const reader *r, thread_tweet *t, const cJSON *tw)
{
	const cJSON *att = cJSON_GetObjectItemCaseSensitive(tw, "attachments"), *key;

	cJSON_ArrayForEach(key, cJSON_GetObjectItemCaseSensitive(att, "media_keys")) {
		const cJSON *m = cJSON_IsString(key) ? find_media(r, key->valuestring) : NULL;
		const char *type = jstr(m, "type");
		if (!m || !type) {
			verbosef(1, "%s: tweet %s: media %s not in includes.media", r->name, t->id,
				 cJSON_IsString(key) ? key->valuestring : "?");
			continue;
		}
		thread_media md = {0};
		if (strcmp(type, "photo") == 0) {
			md.kind = MEDIA_PHOTO;
			md.url = jdup(m, "url");
		} else {
			md.kind = strcmp(type, "animated_gif") == 0 ? MEDIA_GIF : MEDIA_VIDEO;
			md.url = jdup(m, "preview_image_url");
			const char *mp4 = best_mp4(m);
			md.link = mp4 ? xjson_clean(mp4, strlen(mp4)) : NULL;
		}
		if (!md.url)
			md.url = jdup(m, "preview_image_url");
		md.alt = jdup(m, "alt_text");
		md.width = (int)jint(m, "width", 0);
		md.height = (int)jint(m, "height", 0);
		t->media = xrealloc(t->media, (t->nmedia + 1) * sizeof *t->media);
		t->media[t->nmedia++] = md;
	}
}

/* Reads referenced_tweets: the parent, the quoted tweet; 1 for a retweet. */
static int read_refs(thread_tweet *t, const cJSON *tw)
{
	const cJSON *ref;
	int retweet = 0;

	cJSON_ArrayForEach(ref, cJSON_GetObjectItemCaseSensitive(tw, "referenced_tweets")) {
		const char *type = jstr(ref, "type"), *id = jstr(ref, "id");
		if (!type || !id)
			continue;
		if (strcmp(type, "replied_to") == 0 && !t->parent_id)
			t->parent_id = xstrdup(id);
		else if (strcmp(type, "quoted") == 0 && !t->quote_id)
			t->quote_id = xstrdup(id);
		else if (strcmp(type, "retweeted") == 0)
			retweet = 1;
	}
	return retweet;
}

/* Tells the pool which ids are earlier versions of an edited tweet. */
static void read_edits(thread_pool *pool, const cJSON *tw)
{
	const cJSON *hist = cJSON_GetObjectItemCaseSensitive(tw, "edit_history_tweet_ids"), *id;
	int n = cJSON_GetArraySize(hist);
	const cJSON *last = n > 1 ? cJSON_GetArrayItem(hist, n - 1) : NULL;

	if (!cJSON_IsString(last))
		return;
	cJSON_ArrayForEach(id, hist)
		if (id != last && cJSON_IsString(id))
			thread_pool_add_edit(pool, id->valuestring, last->valuestring);
}

/* 1 when obj looks like a v2 tweet: a string id and text. */
static int is_tweet(const cJSON *obj)
{
	const cJSON *note = cJSON_GetObjectItemCaseSensitive(obj, "note_tweet");
	return cJSON_IsObject(obj) && jstr(obj, "id") && (jstr(obj, "text") || jstr(note, "text"));
}

/* The first string under v longer than UTIL_CAP_TEXT, or NULL; *tweet gets
 * the innermost tweet around it (in, or a tweet below). Recursion is
 * bounded by cJSON's nesting limit. */
static const cJSON *long_string(const cJSON *v, const cJSON *in, const cJSON **tweet)
{
	const cJSON *c, *hit;

	if (cJSON_IsString(v) && strlen(v->valuestring) > UTIL_CAP_TEXT) {
		*tweet = in;
		return v;
	}
	if (is_tweet(v))
		in = v;
	cJSON_ArrayForEach(c, v)
		if ((hit = long_string(c, in, tweet)))
			return hit;
	return NULL;
}

/* Refuses a document with a string (a tweet's text, a name, an alt text)
 * over UTIL_CAP_TEXT: layout takes ~150 bytes a character, and no post
 * is longer than 25,000 characters. */
static tp_result check_lengths(const char *name, const cJSON *doc, char *msg, size_t msglen)
{
	const cJSON *tweet = NULL, *hit = long_string(doc, NULL, &tweet);
	char cs[32];

	if (!hit)
		return TP_OK;
	return tp_fail(TP_ERR_INPUT, msg, msglen, "%s: %s%s%s\"%s\" is %zu bytes, over the %s cap on one text",
		       name, tweet ? "tweet " : "", tweet ? jstr(tweet, "id") : "", tweet ? ": " : "",
		       hit->string ? hit->string : "a string", strlen(hit->valuestring),
		       util_cap_str(UTIL_CAP_TEXT, cs));
}

/* Converts one v2 tweet object and adds it to the pool. */
static void read_tweet(reader *r, thread_pool *pool, const cJSON *tw, int included)
{
	if (!is_tweet(tw)) {
		r->not_tweets += !included;
		return;
	}
	thread_tweet *t = thread_tweet_new();
	t->id = jdup(tw, "id");
	t->author_id = jdup(tw, "author_id");
	t->conversation_id = jdup(tw, "conversation_id");
	t->lang = jdup(tw, "lang");
	t->reply_to_user_id = jdup(tw, "in_reply_to_user_id");
	t->included = included;
	if (read_refs(t, tw) && !included) {
		r->retweets++;
		thread_tweet_free(t);
		return;
	}
	const char *when = jstr(tw, "created_at");
	if (when && thread_parse_time(when, &t->created) != 0) {
		verbosef(1, "%s: tweet %s: cannot read created_at \"%s\"", r->name, t->id, when);
		t->created = 0;
	}
	const cJSON *note = cJSON_GetObjectItemCaseSensitive(tw, "note_tweet");
	if (jstr(note, "text"))
		build_spans(t, jstr(note, "text"), cJSON_GetObjectItemCaseSensitive(note, "entities"));
	else
		build_spans(t, jstr(tw, "text"), cJSON_GetObjectItemCaseSensitive(tw, "entities"));
	add_media(r, t, tw);
	read_edits(pool, tw);
	thread_pool_add_tweet(pool, t);
	r->added += !included;
}

/* Converts one v2 user object and adds it to the pool. The avatar URL stays as
 * the source gave it; media_fetch_url picks the large variant when loading. */
static void read_user(thread_pool *pool, const cJSON *u)
{
	if (!jstr(u, "id"))
		return;
	thread_user *usr = thread_user_new();
	usr->id = jdup(u, "id");
	usr->name = jdup(u, "name");
	usr->handle = jdup(u, "username");
	usr->avatar_url = jdup(u, "profile_image_url");
	thread_pool_add_user(pool, usr);
}

/* Records errors[] of a page: missing tweets and the first detail. */
static void read_errors(reader *r, thread_pool *pool, const cJSON *page)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(page, "errors")) {
		const char *type = jstr(e, "resource_type"), *id = jstr(e, "resource_id");
		const char *detail = jstr(e, "detail") ? jstr(e, "detail") : jstr(e, "message");
		if (!r->api_error && detail)
			r->api_error = detail;
		if (type && id && strcmp(type, "tweet") == 0) {
			thread_pool_add_missing(pool, id);
			verbosef(1, "%s: tweet %s reported missing: %s", r->name, id, detail ? detail : "");
		}
	}
}

/* 1 when obj has any member of a v2 response page. */
static int is_page(const cJSON *obj)
{
	static const char *keys[] = {"data", "includes", "meta", "errors"};

	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (cJSON_GetObjectItemCaseSensitive(obj, keys[i]))
			return 1;
	return 0;
}

/* Accepts one top-level item as a page (or a bare tweet); explains a wrong
 * shape in msg. */
static tp_result add_page(reader *r, const cJSON *item, char *msg, size_t msglen)
{
	if (cJSON_IsObject(item) && !is_page(item) && !is_tweet(item)) {
		const char *title = jstr(item, "title"), *detail = jstr(item, "detail");
		if (title || detail)
			return tp_fail(TP_ERR_INPUT, msg, msglen, "%s: an X API error response, not tweets: %s%s%s",
				       r->name, title ? title : "", title && detail ? ": " : "",
				       detail ? detail : "");
	}
	if (!cJSON_IsObject(item) || (!is_page(item) && !is_tweet(item)))
		return tp_fail(TP_ERR_INPUT, msg, msglen,
			       "%s: wrong shape: expected an X API v2 response object with \"data\" "
			       "(or an array or JSON Lines of them)", r->name);
	r->pages = xrealloc(r->pages, (r->npages + 1) * sizeof *r->pages);
	r->pages[r->npages++] = item;
	return TP_OK;
}

/* Gathers the users and media of every page, then the tweets page by page
 * (data first, then includes.tweets), so references across pages resolve. */
static void read_pages(reader *r, thread_pool *pool)
{
	for (size_t i = 0; i < r->npages; i++) {
		const cJSON *inc = cJSON_GetObjectItemCaseSensitive(r->pages[i], "includes"), *x;
		cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(inc, "users"))
			read_user(pool, x);
		cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(inc, "media")) {
			r->media = xrealloc(r->media, (r->nmedia + 1) * sizeof *r->media);
			r->media[r->nmedia++] = x;
		}
	}
	index_media(r);
	for (size_t i = 0; i < r->npages; i++) {
		const cJSON *page = r->pages[i], *x;
		if (!is_page(page)) {
			read_tweet(r, pool, page, 0);
			continue;
		}
		const cJSON *data = cJSON_GetObjectItemCaseSensitive(page, "data");
		if (cJSON_IsArray(data)) {
			cJSON_ArrayForEach(x, data)
				read_tweet(r, pool, x, 0);
		} else if (data) {
			read_tweet(r, pool, data, 0);
		}
		const cJSON *inc = cJSON_GetObjectItemCaseSensitive(page, "includes");
		cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(inc, "tweets"))
			read_tweet(r, pool, x, 1);
		read_errors(r, pool, page);
	}
}

/* 1 when JSON text from s to its end stops inside a string or an open
 * object/array, i.e. looks cut off. */
static int looks_truncated(const char *s, size_t n)
{
	int depth = 0, in_str = 0;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = 0;
		} else if (c == '"') {
			in_str = 1;
		} else if (c == '{' || c == '[') {
			depth++;
		} else if ((c == '}' || c == ']') && depth > 0) {
			depth--;
		}
	}
	return in_str || depth > 0;
}

/* Skips whitespace (and a UTF-8 byte order mark) from *i. */
static void skip_ws(const char *s, size_t n, size_t *i)
{
	for (;;) {
		while (*i < n && strchr(" \t\r\n", s[*i]) && s[*i])
			(*i)++;
		if (*i + 3 <= n && memcmp(s + *i, "\xEF\xBB\xBF", 3) == 0)
			*i += 3;
		else
			return;
	}
}

/* The line and column (in bytes, from 1) of byte pos of text. */
static void line_col(const char *text, size_t pos, size_t *line, size_t *col)
{
	*line = *col = 1;
	for (size_t i = 0; i < pos; i++, (*col)++)
		if (text[i] == '\n')
			(*line)++, *col = 0;
}

/* The nesting depth (open arrays and objects) of JSON text s[0..n) at its
 * end, strings skipped. */
static size_t depth_at(const char *s, size_t n)
{
	size_t depth = 0;
	int in_str = 0;

	for (size_t i = 0; i < n; i++) {
		if (in_str) {
			if (s[i] == '\\')
				i++;
			else if (s[i] == '"')
				in_str = 0;
		} else if (s[i] == '"') {
			in_str = 1;
		} else if (s[i] == '{' || s[i] == '[') {
			depth++;
		} else if ((s[i] == '}' || s[i] == ']') && depth > 0) {
			depth--;
		}
	}
	return depth;
}

/* Explains a syntax error at byte pos of text (line and column): nesting
 * past cJSON's limit, a cut-off text, or else plain bad syntax. */
static tp_result syntax_error(const char *name, const char *text, size_t n, size_t start, size_t pos,
			      char *msg, size_t msglen)
{
	size_t line, col;

	if (pos > n)
		pos = n;
	line_col(text, pos, &line, &col);
	if (pos < n && (text[pos] == '[' || text[pos] == '{') &&
	    depth_at(text + start, pos - start) >= CJSON_NESTING_LIMIT)
		return tp_fail(TP_ERR_INPUT, msg, msglen,
			       "%s: JSON nested deeper than the nesting limit of %d arrays and objects, at line %zu, "
			       "column %zu",
			       name, CJSON_NESTING_LIMIT, line, col);
	if (looks_truncated(text + start, n - start))
		return tp_fail(TP_ERR_INPUT, msg, msglen,
			       "%s: not JSON: the text ends inside a value (truncated?), line %zu", name, line);
	return tp_fail(TP_ERR_INPUT, msg, msglen, "%s: not JSON: syntax error at line %zu, column %zu",
		       name, line, col);
}

/* Refuses a raw control character in one parsed JSON value, s[start..n)
 * (see xjson_raw_control): cJSON takes them, and cuts a string at a raw NUL. */
static tp_result raw_controls(const char *name, const char *text, size_t start, size_t n, char *msg,
			      size_t msglen)
{
	size_t pos, line, col;
	int in_str;

	if (!xjson_raw_control(text, start, n, &pos, &in_str))
		return TP_OK;
	unsigned c = (unsigned char)text[pos];
	line_col(text, pos, &line, &col);
	return tp_fail(TP_ERR_INPUT, msg, msglen,
		       "%s: not JSON: a raw control character U+%04X %s at line %zu, column %zu "
		       "(write it escaped, as \\u%04x)",
		       name, c, in_str ? "in a string" : "between values", line, col, c);
}

/* Parses every JSON value in text (one, or JSON Lines) into docs. */
static tp_result parse_all(const char *name, const char *text, size_t n, cJSON ***docs, size_t *ndocs,
			   char *msg, size_t msglen)
{
	size_t i = 0;

	skip_ws(text, n, &i);
	if (i == n)
		return tp_fail(TP_ERR_INPUT, msg, msglen, "%s: empty input, no tweets", name);
	while (i < n) {
		const char *end = NULL;
		cJSON *doc = cJSON_ParseWithLengthOpts(text + i, n - i, &end, 0);
		if (!doc) {
			size_t pos = end && end >= text + i ? (size_t)(end - text) : i;
			return syntax_error(name, text, n, i, pos, msg, msglen);
		}
		*docs = xrealloc(*docs, (*ndocs + 1) * sizeof **docs);
		(*docs)[(*ndocs)++] = doc;
		tp_result r = raw_controls(name, text, i, (size_t)(end - text), msg, msglen);
		if (r != TP_OK)
			return r;
		i = (size_t)(end - text);
		skip_ws(text, n, &i);
	}
	return TP_OK;
}

/* Explains why the input produced no tweet. */
static tp_result no_tweets(const reader *r, char *msg, size_t msglen)
{
	if (r->not_tweets)
		return tp_fail(TP_ERR_INPUT, msg, msglen,
			       "%s: wrong shape: \"data\" holds %zu object%s that %s not tweets (no id and text)",
			       r->name, r->not_tweets, r->not_tweets == 1 ? "" : "s",
			       r->not_tweets == 1 ? "is" : "are");
	if (r->retweets)
		return tp_fail(TP_ERR_INPUT, msg, msglen, "%s: no tweets, only %zu retweet%s", r->name,
			       r->retweets, r->retweets == 1 ? "" : "s");
	if (r->api_error)
		return tp_fail(TP_ERR_INPUT, msg, msglen, "%s: no tweets; the API said: %s", r->name,
			       r->api_error);
	return tp_fail(TP_ERR_INPUT, msg, msglen, "%s: no tweets in the input", r->name);
}

/* Parses the pages, reads them into the pool and links authors (see xv2.h). */
tp_result xv2_read(thread_pool *pool, const char *json, size_t len, const char *name,
		   char *msg, size_t msglen)
{
	reader r = {0};
	cJSON **docs = NULL;
	size_t ndocs = 0;
	char *text;
	tp_result res;

	if (!json)
		len = 0;
	text = xstrndup(json ? json : "", len);

	r.name = name ? name : "input";
	xjson_fix_escapes(text, len);
	res = parse_all(r.name, text, len, &docs, &ndocs, msg, msglen);
	for (size_t i = 0; res == TP_OK && i < ndocs; i++)
		res = check_lengths(r.name, docs[i], msg, msglen);
	for (size_t i = 0; res == TP_OK && i < ndocs; i++) {
		const cJSON *item;
		if (!cJSON_IsArray(docs[i])) {
			res = add_page(&r, docs[i], msg, msglen);
			continue;
		}
		cJSON_ArrayForEach(item, docs[i])
			if ((res = add_page(&r, item, msg, msglen)) != TP_OK)
				break;
	}
	if (res != TP_OK)
		goto cleanup;
	read_pages(&r, pool);
	thread_pool_link(pool);
	if (r.added == 0) {
		res = no_tweets(&r, msg, msglen);
		goto cleanup;
	}
	if ((res = thread_pool_check_ids(pool, r.name, msg, msglen)) != TP_OK)
		goto cleanup;
	if (r.not_tweets)
		warnf("%s: skipped %zu entries of \"data\" that are not tweets", r.name, r.not_tweets);
	if (r.retweets)
		verbosef(1, "%s: skipped %zu retweets", r.name, r.retweets);
cleanup:
	for (size_t i = 0; i < ndocs; i++)
		cJSON_Delete(docs[i]);
	free(docs);
	free(r.pages);
	free(r.media);
	free(r.media_tab);
	free(text);
	return res;
}

/* Reads a file into the pool (see xv2.h). */
tp_result xv2_read_file(const char *path, thread_pool *pool, char *msg, size_t msglen)
{
	buf b;
	tp_result res;

	buf_init(&b);
	res = util_read_capped(path, "JSON input", UTIL_CAP_JSON, &b, msg, msglen);
	if (res == TP_OK)
		res = xv2_read(pool, b.data, b.len, path, msg, msglen);
	buf_free(&b);
	return res;
}

/* Reads a file and assembles its thread (see xv2.h). */
tp_result xv2_load_file(const char *path, thread **out, char *msg, size_t msglen)
{
	thread_pool *pool = thread_pool_new();
	tp_result res;

	*out = NULL;
	res = xv2_read_file(path, pool, msg, msglen);
	if (res == TP_OK)
		res = thread_assemble(pool, out, msg, msglen);
	if (res == TP_OK)
		(*out)->base_dir = util_dirname(path);
	thread_pool_free(pool);
	return res;
}
