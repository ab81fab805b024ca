/* thread: the tweet pool, the assembly of a thread out of it, copies, the
 * golden-test dump and small helpers (id order, ISO 8601 times). */
#include "thread.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diag.h"

/* Open-addressing tables from id to (pool array index + 1); 0 = empty slot. */
struct thread_index {
	size_t *tweets;
	size_t tcap;
	size_t *users;
	size_t ucap;
	size_t *missing;       /* by pool missing[] index */
	size_t mcap;
	char **edit_old;       /* earlier versions of edited tweets ... */
	char **edit_new;       /* ... and their current versions */
	size_t nedits;
	size_t *edits;         /* by edit_old[] index */
	size_t ecap;
	/* what thread_pool_threads() and thread_assemble_root() share, built
	 * for a pool of built_tweets tweets and built_edits edits */
	const char **convs;    /* each pool tweet's conversation */
	size_t *groups;        /* pool indices of current tweets by (author, conversation, id) */
	size_t ngroups;
	size_t built_tweets, built_edits;
	size_t *rank;          /* scratch ranks by pool index, all 0 between assemblies */
};

/* FNV-1a hash of an id string. */
static size_t id_hash(const char *s)
{
	return (size_t)util_hash(UTIL_HASH_INIT, s, strlen(s));
}

/* 1 when both strings are NULL or equal. */
static int same(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Copies a string that may be NULL. */
static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* Finds id's slot in a table whose entries name ids through get(); returns the
 * slot index (an empty slot when id is absent). cap is a power of two. */
static size_t slot_find(const size_t *tab, size_t cap, const char *id,
			const char *(*get)(const void *, size_t), const void *arr)
{
	size_t i = id_hash(id) & (cap - 1);

	while (tab[i] && strcmp(get(arr, tab[i] - 1), id) != 0)
		i = (i + 1) & (cap - 1);
	return i;
}

/* The id of pool tweet i (for slot_find). */
static const char *tweet_id_at(const void *arr, size_t i)
{
	return ((thread_tweet *const *)arr)[i]->id;
}

/* The id of pool user i (for slot_find). */
static const char *user_id_at(const void *arr, size_t i)
{
	return ((thread_user *const *)arr)[i]->id;
}

/* String i of an array of strings (for slot_find: missing ids, edits). */
static const char *str_at(const void *arr, size_t i)
{
	return ((char *const *)arr)[i];
}

/* Rebuilds a table at twice the size needed for n entries. */
static void table_rebuild(size_t **tab, size_t *cap, size_t n, const void *arr,
			  const char *(*get)(const void *, size_t))
{
	size_t c = 64;

	while (c < 2 * (n + 1))
		c *= 2;
	free(*tab);
	*tab = xcalloc(c, sizeof **tab);
	*cap = c;
	for (size_t i = 0; i < n; i++) {
		const char *id = get(arr, i);
		if (id)
			(*tab)[slot_find(*tab, c, id, get, arr)] = i + 1;
	}
}

/* Enters entry n - 1 (just appended to arr) into its table, growing it when
 * more than half full. */
static void table_add(size_t **tab, size_t *cap, size_t n, const void *arr,
		      const char *(*get)(const void *, size_t))
{
	if (2 * (n + 1) > *cap)
		table_rebuild(tab, cap, n, arr, get);
	else
		(*tab)[slot_find(*tab, *cap, get(arr, n - 1), get, arr)] = n;
}

/* Index in arr of the entry naming id in its table, or (size_t)-1. */
static size_t table_get(const size_t *tab, size_t cap, const char *id, const void *arr,
			const char *(*get)(const void *, size_t))
{
	if (!id || !cap)
		return (size_t)-1;
	size_t s = slot_find(tab, cap, id, get, arr);
	return tab[s] ? tab[s] - 1 : (size_t)-1;
}

/* Index of the pool tweet with this id, or (size_t)-1. */
static size_t pool_tweet_index(const thread_pool *p, const char *id)
{
	if (!id || !p->index || !p->index->tcap)
		return (size_t)-1;
	size_t s = slot_find(p->index->tweets, p->index->tcap, id, tweet_id_at, p->tweets);
	return p->index->tweets[s] ? p->index->tweets[s] - 1 : (size_t)-1;
}

/* An empty pool with empty id tables. */
thread_pool *thread_pool_new(void)
{
	thread_pool *p = xcalloc(1, sizeof *p);

	p->index = xcalloc(1, sizeof *p->index);
	return p;
}

/* Frees the pool with every tweet, user, missing id and edit it holds. */
void thread_pool_free(thread_pool *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->ntweets; i++)
		thread_tweet_free(p->tweets[i]);
	for (size_t i = 0; i < p->nusers; i++)
		thread_user_free(p->users[i]);
	for (size_t i = 0; i < p->nmissing; i++)
		free(p->missing[i]);
	free(p->tweets);
	free(p->users);
	free(p->missing);
	if (p->index) {
		for (size_t i = 0; i < p->index->nedits; i++) {
			free(p->index->edit_old[i]);
			free(p->index->edit_new[i]);
		}
		free(p->index->edit_old);
		free(p->index->edit_new);
		free(p->index->tweets);
		free(p->index->users);
		free(p->index->missing);
		free(p->index->edits);
		free(p->index->convs);
		free(p->index->groups);
		free(p->index->rank);
		free(p->index);
	}
	free(p);
}

/* Adds a tweet unless its id is known (then a result copy un-flags `included`). */
void thread_pool_add_tweet(thread_pool *p, thread_tweet *t)
{
	struct thread_index *x = p->index;

	if (!t)
		return;
	if (t->id) {
		size_t at = pool_tweet_index(p, t->id);
		thread_tweet *old = at == (size_t)-1 ? NULL : p->tweets[at];
		if (old) {
			if (!t->included)
				old->included = 0;
			thread_tweet_free(t);
			return;
		}
	}
	p->tweets = xrealloc(p->tweets, (p->ntweets + 1) * sizeof *p->tweets);
	p->tweets[p->ntweets++] = t;
	if (2 * (p->ntweets + 1) > x->tcap)
		table_rebuild(&x->tweets, &x->tcap, p->ntweets, p->tweets, tweet_id_at);
	else if (t->id)
		x->tweets[slot_find(x->tweets, x->tcap, t->id, tweet_id_at, p->tweets)] = p->ntweets;
}

/* Adds a user unless the id is missing or already known (then frees it). */
void thread_pool_add_user(thread_pool *p, thread_user *u)
{
	struct thread_index *x = p->index;

	if (!u)
		return;
	if (!u->id || thread_pool_user(p, u->id)) {
		thread_user_free(u);
		return;
	}
	p->users = xrealloc(p->users, (p->nusers + 1) * sizeof *p->users);
	p->users[p->nusers++] = u;
	if (2 * (p->nusers + 1) > x->ucap)
		table_rebuild(&x->users, &x->ucap, p->nusers, p->users, user_id_at);
	else
		x->users[slot_find(x->users, x->ucap, u->id, user_id_at, p->users)] = p->nusers;
}

/* The current version's id of a possibly edited tweet (id itself if none). */
static const char *newest_id(const thread_pool *p, const char *id)
{
	const struct thread_index *x = p->index;

	for (size_t hops = 0; id && x && hops <= x->nedits; hops++) {
		size_t i = table_get(x->edits, x->ecap, id, x->edit_old, str_at);
		if (i == (size_t)-1)
			break;
		id = x->edit_new[i];
	}
	return id;
}

/* Pool index of the tweet thread_pool_tweet() finds for id, or (size_t)-1. */
static size_t current_index(const thread_pool *p, const char *id)
{
	size_t i = pool_tweet_index(p, newest_id(p, id));

	return i != (size_t)-1 ? i : pool_tweet_index(p, id);
}

/* The tweet with this id, its current version when it was edited. */
thread_tweet *thread_pool_tweet(const thread_pool *p, const char *id)
{
	size_t i = current_index(p, id);

	return i == (size_t)-1 ? NULL : p->tweets[i];
}

/* Records old_id -> new_id, keeping the newest version when old_id repeats. */
void thread_pool_add_edit(thread_pool *p, const char *old_id, const char *new_id)
{
	struct thread_index *x = p->index;

	if (!old_id || !new_id || thread_id_cmp(old_id, new_id) >= 0)
		return;
	size_t i = table_get(x->edits, x->ecap, old_id, x->edit_old, str_at);
	if (i != (size_t)-1) {
		if (thread_id_cmp(new_id, x->edit_new[i]) > 0) {
			free(x->edit_new[i]);
			x->edit_new[i] = xstrdup(new_id);
		}
		return;
	}
	x->edit_old = xrealloc(x->edit_old, (x->nedits + 1) * sizeof *x->edit_old);
	x->edit_new = xrealloc(x->edit_new, (x->nedits + 1) * sizeof *x->edit_new);
	x->edit_old[x->nedits] = xstrdup(old_id);
	x->edit_new[x->nedits++] = xstrdup(new_id);
	table_add(&x->edits, &x->ecap, x->nedits, x->edit_old, str_at);
}

/* 1 when a later version of this edited tweet is in the pool. */
static int superseded(const thread_pool *p, const thread_tweet *t)
{
	return t->id && thread_pool_tweet(p, t->id) != t;
}

/* The pool user with this id, or NULL. */
thread_user *thread_pool_user(const thread_pool *p, const char *id)
{
	if (!id || !p->index || !p->index->ucap)
		return NULL;
	size_t s = slot_find(p->index->users, p->index->ucap, id, user_id_at, p->users);
	return p->index->users[s] ? p->users[p->index->users[s] - 1] : NULL;
}

/* Records an id the source reported missing, once. */
void thread_pool_add_missing(thread_pool *p, const char *id)
{
	if (!id || thread_pool_is_missing(p, id))
		return;
	p->missing = xrealloc(p->missing, (p->nmissing + 1) * sizeof *p->missing);
	p->missing[p->nmissing++] = xstrdup(id);
	table_add(&p->index->missing, &p->index->mcap, p->nmissing, p->missing, str_at);
}

/* 1 when the source reported id missing. */
int thread_pool_is_missing(const thread_pool *p, const char *id)
{
	return p->index && table_get(p->index->missing, p->index->mcap, id, p->missing, str_at) != (size_t)-1;
}

/* https://x.com/<handle>/status/<id>; "i" stands in for an unknown handle. */
static char *make_permalink(const thread_user *u, const char *id)
{
	const char *h = u && u->handle && u->handle[0] ? u->handle : "i";
	return xasprintf("https://x.com/%s/status/%s", h, id);
}

/* Fills permalink (when the author is known or force is set) and, from it,
 * the links of videos and GIFs that have no mp4. */
static void fill_links(thread_tweet *t, int force)
{
	if (!t->id || t->gap)
		return;
	if (!t->permalink && (t->author || force))
		t->permalink = make_permalink(t->author, t->id);
	for (size_t i = 0; t->permalink && i < t->nmedia; i++)
		if (t->media[i].kind != MEDIA_PHOTO && !t->media[i].link)
			t->media[i].link = xstrdup(t->permalink);
}

/* Resolves authors by author_id and fills permalinks and video links. */
void thread_pool_link(thread_pool *p)
{
	for (size_t i = 0; i < p->ntweets; i++) {
		thread_tweet *t = p->tweets[i];
		if (!t->author)
			t->author = thread_pool_user(p, t->author_id);
		fill_links(t, 0);
	}
}

/* A printable, bounded copy of an id for a message: control bytes as '?'. */
static void shown_id(const char *id, char *out, size_t n)
{
	size_t j = 0;

	for (; *id && j + 4 < n; id++)
		out[j++] = (unsigned char)*id < 0x20 || *id == 0x7f ? '?' : *id;
	if (*id)
		out[j++] = '.', out[j++] = '.', out[j++] = '.';
	out[j] = '\0';
}

/* Refuses a pool whose tweets have ids (own, replied-to, conversation,
 * quoted) that are not decimal numbers: the thread's order is numeric. */
tp_result thread_pool_check_ids(const thread_pool *p, const char *name, char *msg, size_t msglen)
{
	for (size_t i = 0; i < p->ntweets; i++) {
		const thread_tweet *t = p->tweets[i];
		const char *refs[] = {t->parent_id, t->conversation_id, t->quote_id};
		static const char *const kinds[] = {"replied-to", "conversation", "quoted"};
		char a[48], b[48];
		if (t->id && !thread_id_valid(t->id)) {
			shown_id(t->id, a, sizeof a);
			return tp_fail(TP_ERR_INPUT, msg, msglen,
				       "%s: tweet id \"%s\" is not a decimal number (X ids are digits only)", name, a);
		}
		for (size_t k = 0; k < 3; k++) {
			if (!refs[k] || thread_id_valid(refs[k]))
				continue;
			shown_id(t->id ? t->id : "?", a, sizeof a);
			shown_id(refs[k], b, sizeof b);
			return tp_fail(TP_ERR_INPUT, msg, msglen,
				       "%s: tweet %s: %s id \"%s\" is not a decimal number (X ids are digits only)",
				       name, a, kinds[k], b);
		}
	}
	return TP_OK;
}

/* A zeroed tweet. */
thread_tweet *thread_tweet_new(void)
{
	return xcalloc(1, sizeof(thread_tweet));
}

/* Frees a tweet, its spans, media and quote; accepts NULL. */
void thread_tweet_free(thread_tweet *t)
{
	if (!t)
		return;
	free(t->id);
	free(t->author_id);
	free(t->conversation_id);
	free(t->parent_id);
	for (size_t i = 0; i < t->nspans; i++) {
		free(t->spans[i].text);
		free(t->spans[i].href);
	}
	free(t->spans);
	for (size_t i = 0; i < t->nmedia; i++) {
		free(t->media[i].url);
		free(t->media[i].link);
		free(t->media[i].alt);
		free(t->media[i].img.data);
	}
	free(t->media);
	thread_tweet_free(t->quote);
	free(t->permalink);
	free(t->lang);
	free(t->quote_id);
	free(t->reply_to_user_id);
	free(t);
}

/* A zeroed user. */
thread_user *thread_user_new(void)
{
	return xcalloc(1, sizeof(thread_user));
}

/* Frees a user and its loaded avatar; accepts NULL. */
void thread_user_free(thread_user *u)
{
	if (!u)
		return;
	free(u->id);
	free(u->name);
	free(u->handle);
	free(u->avatar_url);
	free(u->avatar.data);
	free(u);
}

/* Frees a thread with its tweets, context, users and author; accepts NULL. */
void thread_free(thread *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->ntweets; i++)
		thread_tweet_free(t->tweets[i]);
	free(t->tweets);
	thread_tweet_free(t->context);
	for (size_t i = 0; i < t->nusers; i++)
		thread_user_free(t->users[i]);
	free(t->users);
	thread_user_free(t->author);
	free(t->url);
	free(t->base_dir);
	free(t);
}

/* Copies loaded image bytes (usually none yet). */
static thread_blob blob_copy(thread_blob b)
{
	thread_blob c = b;

	if (b.data) {
		c.data = xmalloc(b.len ? b.len : 1);
		memcpy(c.data, b.data, b.len);
	}
	return c;
}

/* Deep copy of a user, loaded avatar bytes included; NULL for NULL. */
thread_user *thread_user_copy(const thread_user *u)
{
	if (!u)
		return NULL;
	thread_user *c = thread_user_new();
	c->id = dup_or_null(u->id);
	c->name = dup_or_null(u->name);
	c->handle = dup_or_null(u->handle);
	c->avatar_url = dup_or_null(u->avatar_url);
	c->avatar = blob_copy(u->avatar);
	return c;
}

/* Deep copy of a tweet and its quote; the author pointer stays borrowed. */
thread_tweet *thread_tweet_copy(const thread_tweet *t)
{
	if (!t)
		return NULL;
	thread_tweet *c = thread_tweet_new();
	*c = *t;
	c->id = dup_or_null(t->id);
	c->author_id = dup_or_null(t->author_id);
	c->conversation_id = dup_or_null(t->conversation_id);
	c->parent_id = dup_or_null(t->parent_id);
	c->permalink = dup_or_null(t->permalink);
	c->lang = dup_or_null(t->lang);
	c->quote_id = dup_or_null(t->quote_id);
	c->reply_to_user_id = dup_or_null(t->reply_to_user_id);
	c->spans = t->nspans ? xcalloc(t->nspans, sizeof *c->spans) : NULL;
	for (size_t i = 0; i < t->nspans; i++) {
		c->spans[i].kind = t->spans[i].kind;
		c->spans[i].text = dup_or_null(t->spans[i].text);
		c->spans[i].href = dup_or_null(t->spans[i].href);
	}
	c->media = t->nmedia ? xcalloc(t->nmedia, sizeof *c->media) : NULL;
	for (size_t i = 0; i < t->nmedia; i++) {
		c->media[i] = t->media[i];
		c->media[i].url = dup_or_null(t->media[i].url);
		c->media[i].link = dup_or_null(t->media[i].link);
		c->media[i].alt = dup_or_null(t->media[i].alt);
		c->media[i].img = blob_copy(t->media[i].img);
	}
	c->quote = thread_tweet_copy(t->quote);
	return c;
}

/* 1 when id is one or more decimal digits (of any length). */
int thread_id_valid(const char *id)
{
	if (!id || !*id)
		return 0;
	for (; *id; id++)
		if (*id < '0' || *id > '9')
			return 0;
	return 1;
}

/* Numeric order of decimal ids: leading zeros skipped, longer is larger;
 * any other string after them, in byte order. */
int thread_id_cmp(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	int da = thread_id_valid(a), db = thread_id_valid(b);
	if (da != db)
		return da ? -1 : 1;
	if (!da) {
		int c = strcmp(a, b);
		return (c > 0) - (c < 0);
	}
	while (*a == '0' && a[1])
		a++;
	while (*b == '0' && b[1])
		b++;
	size_t la = strlen(a), lb = strlen(b);
	if (la != lb)
		return la < lb ? -1 : 1;
	int c = strcmp(a, b);
	return (c > 0) - (c < 0);
}

/* One step up the reply chain of pool tweet i: 1 with the parent's pool index
 * in *up, or 0 with the conversation in *conv when the tweet itself settles
 * it (its conversation_id; its own id at the top; a parent not in the pool). */
static int chain_step(const thread_pool *p, size_t i, size_t *up, const char **conv)
{
	const thread_tweet *t = p->tweets[i];

	if (t->conversation_id) {
		*conv = newest_id(p, t->conversation_id);
		return 0;
	}
	if (!t->parent_id) {
		*conv = newest_id(p, t->id);
		return 0;
	}
	*up = current_index(p, t->parent_id);
	if (*up == (size_t)-1 || *up == i) {
		*conv = newest_id(p, t->parent_id);
		return 0;
	}
	return 1;
}

/* The conversation of a reply cycle (only corrupt input has one): the smallest
 * id among the walk's tweets from pool tweet `at` (where it closed) to its end. */
static const char *cycle_conv(const thread_pool *p, const size_t *path, size_t n, size_t at)
{
	const char *min = p->tweets[at]->id;

	while (n > 0 && path[n - 1] != at) {
		const char *id = p->tweets[path[--n]]->id;
		if (thread_id_cmp(id, min) < 0)
			min = id;
	}
	return newest_id(p, min);
}

/* The conversation of every pool tweet, by pool index: its conversation_id,
 * else the top of its reply chain within the pool (or the missing parent
 * above it). O(n): each tweet is walked over once and the answer is written
 * back along the walk. A reply cycle resolves to its smallest id, whichever
 * tweet the walk entered it by. Caller frees the array (not the strings). */
static const char **conversations(const thread_pool *p)
{
	size_t n = p->ntweets ? p->ntweets : 1;
	const char **conv = xcalloc(n, sizeof *conv);
	unsigned char *state = xcalloc(n, 1);   /* 0 unseen, 1 on this walk, 2 done */
	size_t *path = xcalloc(n, sizeof *path);

	for (size_t i = 0; i < p->ntweets; i++) {
		size_t len = 0, at = i, up = 0;
		const char *c = NULL;
		int settled = 0;
		while (state[at] == 0 && !settled) {
			state[at] = 1;
			path[len++] = at;
			settled = !chain_step(p, at, &up, &c);
			at = settled ? at : up;
		}
		if (!settled)
			c = state[at] == 2 ? conv[at] : cycle_conv(p, path, len, at);
		for (size_t k = 0; k < len; k++) {
			conv[path[k]] = c;
			state[path[k]] = 2;
		}
	}
	free(state);
	free(path);
	return conv;
}

/* Everything thread_assemble works with while it picks the tweets. */
typedef struct assembly {
	const thread_pool *p;
	thread *th;
	const char **convs;    /* each pool tweet's conversation, by pool index */
	const char *conv;      /* the thread's conversation */
	const char *author_id;
	const char **gap_ids;  /* gaps already placed (borrowed ids) */
	size_t ngaps;
	size_t *gap_tab;       /* hash table over gap_ids */
	size_t gap_cap;
	size_t *user_tab;      /* hash table over th->users */
	size_t user_cap;
	size_t *rank;          /* by pool index: 1 + place among the candidates, 0 = none */
	size_t left_out;       /* the author's tweets answering others */
} assembly;

/* The thread's copy of a pool user: the author, an earlier copy, or a new one
 * kept in th->users. NULL when the pool does not know the user. */
static thread_user *thread_user_for(assembly *a, const char *id)
{
	thread *th = a->th;

	if (!id)
		return NULL;
	if (same(th->author->id, id))
		return th->author;
	size_t i = table_get(a->user_tab, a->user_cap, id, th->users, user_id_at);
	if (i != (size_t)-1)
		return th->users[i];
	const thread_user *u = thread_pool_user(a->p, id);
	if (!u)
		return NULL;
	th->users = xrealloc(th->users, (th->nusers + 1) * sizeof *th->users);
	th->users[th->nusers++] = thread_user_copy(u);
	table_add(&a->user_tab, &a->user_cap, th->nusers, th->users, user_id_at);
	return th->users[th->nusers - 1];
}

/* Copies a pool tweet into the thread: author pointer, permalink, links, and
 * (when with_quote) the quoted tweet, one level deep. */
static thread_tweet *copy_into(assembly *a, const thread_tweet *src, int with_quote)
{
	thread_tweet *c = thread_tweet_copy(src);

	thread_tweet_free(c->quote);
	c->quote = NULL;
	c->author = thread_user_for(a, c->author_id);
	fill_links(c, 1);
	if (with_quote && c->quote_id) {
		const thread_tweet *q = thread_pool_tweet(a->p, c->quote_id);
		if (q)
			c->quote = copy_into(a, q, 0);
	}
	return c;
}

/* Appends a tweet to the thread. */
static void push(thread *th, thread_tweet *t)
{
	th->tweets = xrealloc(th->tweets, (th->ntweets + 1) * sizeof *th->tweets);
	th->tweets[th->ntweets++] = t;
}

/* Appends a gap for the missing tweet id (NULL: unknown), once per id. */
static void push_gap(assembly *a, const char *id)
{
	if (id && table_get(a->gap_tab, a->gap_cap, id, a->gap_ids, str_at) != (size_t)-1)
		return;
	if (id) {
		a->gap_ids = xrealloc(a->gap_ids, (a->ngaps + 1) * sizeof *a->gap_ids);
		a->gap_ids[a->ngaps++] = id;
		table_add(&a->gap_tab, &a->gap_cap, a->ngaps, a->gap_ids, str_at);
	}
	thread_tweet *g = thread_tweet_new();
	g->gap = 1;
	g->id = dup_or_null(id);
	g->author_id = dup_or_null(a->author_id);
	g->conversation_id = xstrdup(a->conv);
	g->author = a->th->author;
	push(a->th, g);
}

/* Pool index of the first tweet in input order that was a result, not just
 * referenced (its current version when it was edited). */
static size_t first_index(const thread_pool *p)
{
	for (size_t i = 0; i < p->ntweets; i++) {
		size_t cur = current_index(p, p->tweets[i]->id);
		if (!p->tweets[i]->included)
			return cur != (size_t)-1 ? cur : i;
	}
	return 0;
}

/* Orders conversation ids (NULL first) for counting distinct ones. */
static int cmp_conv(const void *x, const void *y)
{
	const char *a = *(const char *const *)x, *b = *(const char *const *)y;

	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

/* Warns about result tweets of other conversations, which are left out. */
static void warn_other_conversations(const assembly *a)
{
	const thread_pool *p = a->p;
	const char **other = xcalloc(p->ntweets, sizeof *other);
	size_t n = 0, nconv = 0;

	for (size_t i = 0; i < p->ntweets; i++)
		if (!p->tweets[i]->included && !superseded(p, p->tweets[i]) && !same(a->convs[i], a->conv))
			other[n++] = a->convs[i];
	qsort(other, n, sizeof *other, cmp_conv);
	for (size_t i = 0; i < n; i++)
		nconv += i == 0 || !same(other[i - 1], other[i]);
	if (n)
		warnf("the input holds %zu tweet%s from %zu other conversation%s; only the first "
		      "conversation (%s) is used", n, n == 1 ? "" : "s", nconv, nconv == 1 ? "" : "s", a->conv);
	free(other);
}

/* Picks the thread author: the root's, unless the root belongs to another
 * account that has nothing else in the conversation (see thread.h). */
static const char *pick_author(const assembly *a, const thread_tweet *first)
{
	const thread_pool *p = a->p;
	const thread_tweet *root = thread_pool_tweet(p, a->conv);

	if (!root || same(root->author_id, first->author_id))
		return first->author_id;
	for (size_t i = 0; i < p->ntweets; i++) {
		const thread_tweet *t = p->tweets[i];
		if (t != root && !superseded(p, t) && same(t->author_id, root->author_id) &&
		    same(a->convs[i], a->conv))
			return root->author_id;
	}
	return first->author_id;
}

/* A candidate tweet and its pool index. */
typedef struct cand {
	const thread_tweet *t;
	size_t pool;
} cand;

/* Sorts candidates by numeric id; equal numbers ("7", "007") by string. */
static int cmp_by_id(const void *x, const void *y)
{
	const thread_tweet *a = ((const cand *)x)->t, *b = ((const cand *)y)->t;
	int c = thread_id_cmp(a->id, b->id);

	return c ? c : a->id && b->id ? strcmp(a->id, b->id) : 0;
}

/* 1 when t answers a tweet absent from the pool that another account wrote. */
static int answers_someone_else(const assembly *a, const thread_tweet *t)
{
	return t->reply_to_user_id && !same(t->reply_to_user_id, a->author_id);
}

/* 1 when pool tweet t is one of the thread's candidates. */
static int is_candidate(const assembly *a, const thread_tweet *t)
{
	size_t i = t ? current_index(a->p, t->id) : (size_t)-1;

	return i != (size_t)-1 && a->p->tweets[i] == t && a->rank[i] != 0;
}

/* Places the first of the author's tweets: the root, or a reply to another
 * account (whose tweet becomes the context), or a reply to a missing tweet.
 * A parent that is itself a candidate (only a reply cycle leaves one before
 * its parent) is not made the context: it comes as a tweet of its own. */
static void place_first(assembly *a, const thread_tweet *c)
{
	const thread_tweet *par = thread_pool_tweet(a->p, c->parent_id);

	if (same(c->id, a->conv) || !c->parent_id || is_candidate(a, par)) {
		push(a->th, copy_into(a, c, 1));
		return;
	}
	if (par)
		a->th->context = copy_into(a, par, 1);
	else if (!answers_someone_else(a, c))
		push_gap(a, c->parent_id);
	push(a->th, copy_into(a, c, 1));
}

/* Walks the author's tweets of the conversation in reading order and keeps
 * the chain: the first one, then each whose parent is kept, with a gap before
 * one whose (own) parent is missing. kept[] (n zeroed flags, by rank: see
 * a->rank) says which were kept. */
static void pick_tweets(assembly *a, const cand *cands, size_t n, char *kept)
{

	for (size_t i = 0; i < n; i++) {
		const thread_tweet *c = cands[i].t;
		const thread_tweet *par = thread_pool_tweet(a->p, c->parent_id);
		int keep = 0;
		if (i == 0) {
			place_first(a, c);
			keep = 1;
		} else {
			if (!c->parent_id || par == c) {
				keep = 1;
			} else if (par) {
				size_t pi = pool_tweet_index(a->p, par->id);
				keep = pi != (size_t)-1 && a->rank[pi] && kept[a->rank[pi] - 1];
			} else if (!answers_someone_else(a, c)) {
				push_gap(a, c->parent_id);
				keep = 1;
			}
			if (keep)
				push(a->th, copy_into(a, c, 1));
		}
		if (keep)
			kept[a->rank[cands[i].pool] - 1] = 1;
		a->left_out += !keep;
	}
}

/* A user standing in for an author the input has no user object for. */
static thread_user *unknown_user(const char *id)
{
	thread_user *u = thread_user_new();

	u->id = dup_or_null(id);
	u->name = xstrdup("");
	u->handle = xstrdup("");
	return u;
}

/* A binary min-heap of candidate ranks (the order chain_order takes them in). */
typedef struct rheap {
	size_t *v;
	size_t n;
} rheap;

/* Adds rank r to the heap (room for every candidate is allocated up front). */
static void heap_push(rheap *h, size_t r)
{
	size_t i = h->n++;

	for (; i > 0 && h->v[(i - 1) / 2] > r; i = (i - 1) / 2)
		h->v[i] = h->v[(i - 1) / 2];
	h->v[i] = r;
}

/* Removes and returns the smallest rank. */
static size_t heap_pop(rheap *h)
{
	size_t top = h->v[0], last = h->v[--h->n], i = 0;

	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= h->n)
			break;
		if (c + 1 < h->n && h->v[c + 1] < h->v[c])
			c++;
		if (h->v[c] >= last)
			break;
		h->v[i] = h->v[c];
		i = c;
	}
	if (h->n)
		h->v[i] = last;
	return top;
}

/* The rank of cs[r]'s parent among the n candidates, or n when the parent is
 * not a candidate (absent, another account's, itself). */
static size_t parent_rank(const assembly *a, const cand *cs, size_t n, size_t r)
{
	size_t pi = current_index(a->p, cs[r].t->parent_id);

	if (pi == (size_t)-1 || a->rank[pi] == 0 || a->rank[pi] - 1 == r)
		return n;
	return a->rank[pi] - 1;
}

/* Reorders the candidates (sorted by id) so that every tweet comes after the
 * tweet it replies to: of the tweets whose parent is placed (or not a
 * candidate), the smallest id first. Sane ids (a reply's id above its
 * parent's) keep id order; inverted ones follow the reply chain; a reply
 * cycle is entered at its smallest id. Each tweet is placed exactly once. */
static void chain_order(const assembly *a, cand *cs, size_t n)
{
	size_t *first = xcalloc(n + 1, sizeof *first), *kids = xcalloc(n ? n : 1, sizeof *kids);
	size_t *par = xcalloc(n ? n : 1, sizeof *par), *fill = xcalloc(n + 1, sizeof *fill);
	unsigned char *state = xcalloc(n ? n : 1, 1);   /* 0 waiting, 1 queued, 2 placed */
	cand *out = xcalloc(n ? n : 1, sizeof *out);
	rheap h = {xcalloc(n ? n : 1, sizeof *h.v), 0};
	size_t nout = 0, scan = 0;

	for (size_t r = 0; r < n; r++) {
		par[r] = parent_rank(a, cs, n, r);
		first[par[r] < n ? par[r] + 1 : 0]++;
	}
	for (size_t r = 1; r <= n; r++)
		first[r] += first[r - 1];
	for (size_t r = 0; r < n; r++) {
		if (par[r] < n)
			kids[first[par[r]] + fill[par[r]]++] = r;
		else
			heap_push(&h, r), state[r] = 1;
	}
	while (nout < n) {
		if (h.n == 0) {
			while (state[scan])
				scan++;
			heap_push(&h, scan);
			state[scan] = 1;
		}
		size_t r = heap_pop(&h);
		state[r] = 2;
		out[nout++] = cs[r];
		for (size_t k = first[r]; k < first[r] + fill[r]; k++)
			if (state[kids[k]] == 0)
				heap_push(&h, kids[k]), state[kids[k]] = 1;
	}
	memcpy(cs, out, n * sizeof *cs);
	free(first);
	free(kids);
	free(par);
	free(fill);
	free(state);
	free(out);
	free(h.v);
}

/* The author's current tweets of the thread's conversation in reading order
 * (see chain_order); fills a->rank. Caller frees the array. */
static cand *candidates(assembly *a, size_t *n)
{
	const thread_pool *p = a->p;
	cand *cs = xcalloc(p->ntweets, sizeof *cs);

	*n = 0;
	for (size_t i = 0; i < p->ntweets; i++) {
		const thread_tweet *t = p->tweets[i];
		if (same(t->author_id, a->author_id) && same(a->convs[i], a->conv) && !superseded(p, t))
			cs[(*n)++] = (cand){t, i};
	}
	qsort(cs, *n, sizeof *cs, cmp_by_id);
	a->rank = xcalloc(p->ntweets, sizeof *a->rank);
	for (size_t r = 0; r < *n; r++)
		a->rank[cs[r].pool] = r + 1;
	chain_order(a, cs, *n);
	return cs;
}

/* The thread's copy of the author's user object, with a warning and a
 * stand-in when the pool has none; name and handle are never NULL. */
static thread_user *author_copy(const thread_pool *p, const char *author_id)
{
	thread_user *u = thread_user_copy(thread_pool_user(p, author_id));

	if (!u) {
		if (author_id)
			warnf("the input has no user object for the author (id %s)", author_id);
		else
			warnf("the input does not say who wrote the tweets (no author_id; request "
			      "expansions=author_id)");
		u = unknown_user(author_id);
	}
	if (!u->name)
		u->name = xstrdup("");
	if (!u->handle)
		u->handle = xstrdup("");
	return u;
}

/* The link to the thread: its first entry's permalink (made up for a gap). */
static char *thread_url(const thread *th)
{
	const thread_tweet *root = th->tweets[0];

	if (root->gap && root->id)
		return make_permalink(th->author, root->id);
	return dup_or_null(root->permalink);
}

/* Picks the thread out of the pool into a deep copy (see thread.h). */
tp_result thread_assemble(const thread_pool *p, thread **out, char *msg, size_t msglen)
{
	assembly a = {0};
	size_t n;

	*out = NULL;
	if (!p || p->ntweets == 0)
		return tp_fail(TP_ERR_INPUT, msg, msglen, "no tweets in the input");
	size_t first = first_index(p);
	a.p = p;
	a.convs = conversations(p);
	a.conv = a.convs[first];
	a.author_id = pick_author(&a, p->tweets[first]);
	warn_other_conversations(&a);
	cand *cands = candidates(&a, &n);
	a.th = xcalloc(1, sizeof *a.th);
	a.th->author = author_copy(p, a.author_id);
	char *kept = xcalloc(n ? n : 1, 1);
	pick_tweets(&a, cands, n, kept);
	free(kept);
	if (a.left_out)
		verbosef(1, "left out %zu of the author's replies to other accounts", a.left_out);
	free(cands);
	free(a.rank);
	free(a.gap_tab);
	free(a.user_tab);
	free(a.gap_ids);
	free(a.convs);
	if (a.th->ntweets == 0) {
		thread_free(a.th);
		return tp_fail(TP_ERR_INPUT, msg, msglen, "no tweets of the thread's author in the input");
	}
	a.th->url = thread_url(a.th);
	*out = a.th;
	return TP_OK;
}

/* Orders pool indices by (author, conversation, id) for the groups. */
static int cmp_group(const void *x, const void *y, void *ctx)
{
	const thread_pool *p = ctx;
	size_t i = *(const size_t *)x, j = *(const size_t *)y;
	const thread_tweet *a = p->tweets[i], *b = p->tweets[j];
	int c = cmp_conv(&a->author_id, &b->author_id);

	if (c == 0)
		c = cmp_conv(&p->index->convs[i], &p->index->convs[j]);
	return c ? c : thread_id_cmp(a->id, b->id);
}

/* Builds (once per state of the pool) every tweet's conversation and the
 * current tweets sorted into (author, conversation) groups. */
static struct thread_index *grouping(const thread_pool *p)
{
	struct thread_index *x = p->index;

	if (x->groups && x->built_tweets == p->ntweets && x->built_edits == x->nedits)
		return x;
	free(x->convs);
	free(x->groups);
	x->convs = conversations(p);
	x->groups = xcalloc(p->ntweets ? p->ntweets : 1, sizeof *x->groups);
	free(x->rank);
	x->rank = xcalloc(p->ntweets ? p->ntweets : 1, sizeof *x->rank);
	x->ngroups = 0;
	for (size_t i = 0; i < p->ntweets; i++)
		if (p->tweets[i]->id && !superseded(p, p->tweets[i]))
			x->groups[x->ngroups++] = i;
	qsort_r(x->groups, x->ngroups, sizeof *x->groups, cmp_group, (void *)p);
	x->built_tweets = p->ntweets;
	x->built_edits = x->nedits;
	return x;
}

/* The [*lo, *hi) range of the groups holding author's tweets of conversation
 * conv (binary search; an empty range when there are none). */
static void group_range(const thread_pool *p, const char *author, const char *conv, size_t *lo,
			size_t *hi)
{
	const struct thread_index *x = p->index;
	size_t a = 0, b = x->ngroups;

	while (a < b) {
		size_t m = a + (b - a) / 2, i = x->groups[m];
		int c = cmp_conv(&p->tweets[i]->author_id, &author);
		if (c == 0)
			c = cmp_conv(&x->convs[i], &conv);
		if (c < 0)
			a = m + 1;
		else
			b = m;
	}
	*lo = *hi = a;
	while (*hi < x->ngroups && same(p->tweets[x->groups[*hi]]->author_id, author) &&
	       same(x->convs[x->groups[*hi]], conv))
		(*hi)++;
}

/* Assembles one chain of a group: picks from list[0..n) (sorted by id) as
 * thread_assemble does from its candidates, then moves the tweets it did
 * not keep to the front of list, in id order, and stores their count in
 * *left. The ranks live in the grouping's scratch array, cleared after, so
 * a chain costs its own size, not the pool's. Caller frees the thread. */
static thread *assemble_chain(const thread_pool *p, const char *author, const char *conv,
			      const thread_tweet **list, size_t n, size_t *left)
{
	struct thread_index *x = p->index;
	assembly a = {0};
	cand *cs = xcalloc(n ? n : 1, sizeof *cs);
	char *kept = xcalloc(n ? n : 1, 1);
	size_t k = 0;

	a.p = p;
	a.convs = x->convs;
	a.conv = conv;
	a.author_id = author;
	a.rank = x->rank;
	for (size_t r = 0; r < n; r++) {
		cs[r] = (cand){ list[r], pool_tweet_index(p, list[r]->id) };
		a.rank[cs[r].pool] = r + 1;
	}
	chain_order(&a, cs, n);
	a.th = xcalloc(1, sizeof *a.th);
	a.th->author = author_copy(p, author);
	pick_tweets(&a, cs, n, kept);
	for (size_t r = 0; r < n; r++)
		a.rank[pool_tweet_index(p, list[r]->id)] = 0;
	for (size_t r = 0; r < n; r++)
		if (!kept[r])
			list[k++] = list[r];
	*left = k;
	free(a.gap_tab);
	free(a.user_tab);
	free(a.gap_ids);
	free(kept);
	free(cs);
	a.th->url = thread_url(a.th);
	return a.th;
}

/* Calls each(root, thread, ctx) for every chain of the group [lo, hi) in
 * root order until it returns nonzero; each() owns the thread. */
static void group_chains(const thread_pool *p, size_t lo, size_t hi,
			 int (*each)(const thread_tweet *, thread *, void *), void *ctx)
{
	const struct thread_index *x = p->index;
	size_t n = hi - lo;
	const thread_tweet **list = xcalloc(n ? n : 1, sizeof *list);
	int stop = 0;

	for (size_t i = 0; i < n; i++)
		list[i] = p->tweets[x->groups[lo + i]];
	while (n > 0 && !stop) {
		const thread_tweet *root = list[0];
		thread *th = assemble_chain(p, root->author_id, x->convs[x->groups[lo]], list, n, &n);
		stop = each(root, th, ctx);
	}
	free(list);
}

/* What thread_pool_threads collects. */
typedef struct listing {
	thread_entry *v;
	size_t n, cap;
} listing;

/* Records one chain of the listing and frees its thread. */
static int list_one(const thread_tweet *root, thread *th, void *ctx)
{
	listing *l = ctx;

	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n].root_id = root->id;
	l->v[l->n].created = root->created;
	l->v[l->n++].ntweets = thread_count(th);
	thread_free(th);
	return 0;
}

/* Orders thread entries by root id. */
static int cmp_entry(const void *x, const void *y)
{
	return thread_id_cmp(((const thread_entry *)x)->root_id, ((const thread_entry *)y)->root_id);
}

/* Lists the author's threads (see thread.h). */
size_t thread_pool_threads(const thread_pool *p, const char *author_id, thread_entry **out)
{
	listing l = {0};
	const struct thread_index *x = grouping(p);
	size_t lo, hi, end;

	group_range(p, author_id, NULL, &lo, &end);
	while (end < x->ngroups && same(p->tweets[x->groups[end]]->author_id, author_id))
		end++;
	for (; lo < end; lo = hi) {
		group_range(p, author_id, x->convs[x->groups[lo]], &lo, &hi);
		group_chains(p, lo, hi, list_one, &l);
	}
	qsort(l.v, l.n, sizeof *l.v, cmp_entry);
	*out = l.v;
	return l.n;
}

/* What thread_assemble_root looks for, and finds. */
typedef struct root_search {
	const char *root_id;
	thread *found;
} root_search;

/* Keeps the chain whose root is the one searched for; frees the others. */
static int find_root(const thread_tweet *root, thread *th, void *ctx)
{
	root_search *s = ctx;

	if (!same(root->id, s->root_id)) {
		thread_free(th);
		return 0;
	}
	s->found = th;
	return 1;
}

/* Assembles the author's thread rooted at root_id (see thread.h). */
tp_result thread_assemble_root(const thread_pool *p, const char *author_id, const char *root_id,
			       thread **out, char *msg, size_t msglen)
{
	const struct thread_index *x = grouping(p);
	size_t at = pool_tweet_index(p, root_id), lo, hi;
	root_search s = { root_id, NULL };

	*out = NULL;
	if (at != (size_t)-1) {
		group_range(p, author_id, x->convs[at], &lo, &hi);
		group_chains(p, lo, hi, find_root, &s);
	}
	if (!s.found)
		return tp_fail(TP_ERR_INPUT, msg, msglen, "no thread of the author starts at tweet %s",
			       root_id ? root_id : "?");
	*out = s.found;
	return TP_OK;
}

/* Number of entries that are real tweets, not gaps. */
size_t thread_count(const thread *t)
{
	size_t n = 0;

	for (size_t i = 0; t && i < t->ntweets; i++)
		n += !t->tweets[i]->gap;
	return n;
}

/* The spans' texts joined into one new string. */
char *thread_tweet_text(const thread_tweet *t)
{
	buf b;

	buf_init(&b);
	buf_add(&b, "", 0);
	for (size_t i = 0; t && i < t->nspans; i++)
		if (t->spans[i].text)
			buf_adds(&b, t->spans[i].text);
	return buf_steal(&b, NULL);
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil), so no timegm()/TZ games are needed. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Days in month mo (1-12) of year y; February has 29 in Gregorian leap years. */
static int month_days(int y, int mo)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return mdays[mo - 1] + (mo == 2 && leap);
}

/* Reads exactly n decimal digits at *s into *v and advances; -1 if not digits. */
static int digits(const char **s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++, (*s)++) {
		if (**s < '0' || **s > '9')
			return -1;
		*v = *v * 10 + (**s - '0');
	}
	return 0;
}

/* Parses "YYYY-MM-DDThh:mm[:ss[.frac]]" with Z or +hh[:]mm into epoch seconds. */
int thread_parse_time(const char *s, int64_t *out)
{
	int y, mo, d, h, mi, sec = 0, oh = 0, om = 0, sign = 0;

	if (!s || digits(&s, 4, &y) || *s++ != '-' || digits(&s, 2, &mo) || *s++ != '-' ||
	    digits(&s, 2, &d) || (*s != 'T' && *s != 't' && *s != ' ') || !*s++ ||
	    digits(&s, 2, &h) || *s++ != ':' || digits(&s, 2, &mi))
		return -1;
	if (*s == ':' && (s++, digits(&s, 2, &sec)))
		return -1;
	if (*s == '.' || *s == ',') {
		s++;
		if (*s < '0' || *s > '9')
			return -1;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	if (*s == 'Z' || *s == 'z') {
		s++;
	} else if (*s == '+' || *s == '-') {
		sign = *s++ == '-' ? -1 : 1;
		if (digits(&s, 2, &oh))
			return -1;
		if (*s == ':')
			s++;
		if (*s && digits(&s, 2, &om))
			return -1;
	}
	if (*s || mo < 1 || mo > 12 || d < 1 || d > month_days(y, mo) || h > 23 || mi > 59 ||
	    sec > 60 || oh > 23 || om > 59)
		return -1;
	*out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec -
	       sign * (oh * 3600 + om * 60);
	return 0;
}

/* Formats epoch seconds as UTC ISO 8601 ("?" when out of gmtime's range). */
void thread_format_time(int64_t t, char *out, size_t outlen)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm)) {
		snprintf(out, outlen, "?");
		return;
	}
	strftime(out, outlen, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Appends s quoted, with \\ \" \n \t and other control bytes escaped. */
static void dump_str(buf *b, const char *s)
{
	if (!s) {
		buf_adds(b, "-");
		return;
	}
	buf_addc(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			buf_printf(b, "\\%c", c);
		else if (c == '\n')
			buf_adds(b, "\\n");
		else if (c == '\t')
			buf_adds(b, "\\t");
		else if (c < 0x20 || c == 0x7f)
			buf_printf(b, "\\x%02x", c);
		else
			buf_addc(b, (char)c);
	}
	buf_addc(b, '"');
}

/* Appends n levels of two-space indentation. */
static void indent(buf *b, int n)
{
	for (int i = 0; i < n; i++)
		buf_adds(b, "  ");
}

/* Dumps one media item on a line: kind, size, URL, link and alt text. */
static void dump_media(buf *b, const thread_media *m, int depth)
{
	static const char *mkinds[] = {"photo", "video", "gif"};

	indent(b, depth);
	buf_printf(b, "media %s %dx%d %s", m->kind <= MEDIA_GIF ? mkinds[m->kind] : "?",
		   m->width, m->height, m->url ? m->url : "-");
	if (m->link)
		buf_printf(b, " link=%s", m->link);
	if (m->alt) {
		buf_adds(b, " alt=");
		dump_str(b, m->alt);
	}
	buf_addc(b, '\n');
}

/* Dumps one tweet's header, spans, media and quote at a depth. */
static void dump_tweet(buf *b, const thread_tweet *t, const char *label, int depth)
{
	static const char *kinds[] = {"text", "url", "mention", "hashtag", "cashtag"};
	char when[40] = "-";

	indent(b, depth);
	if (t->gap) {
		buf_printf(b, "GAP id=%s\n", t->id ? t->id : "?");
		return;
	}
	if (t->created)
		thread_format_time(t->created, when, sizeof when);
	buf_printf(b, "%s id=%s time=%s by=@%s\n", label, t->id ? t->id : "?", when,
		   t->author && t->author->handle ? t->author->handle : "?");
	indent(b, depth + 1);
	buf_printf(b, "permalink %s", t->permalink ? t->permalink : "-");
	if (t->parent_id)
		buf_printf(b, " reply_to=%s", t->parent_id);
	buf_addc(b, '\n');
	for (size_t i = 0; i < t->nspans; i++) {
		const thread_span *s = &t->spans[i];
		indent(b, depth + 1);
		buf_printf(b, "%s ", s->kind <= SPAN_CASHTAG ? kinds[s->kind] : "?");
		dump_str(b, s->text);
		if (s->href)
			buf_printf(b, " -> %s", s->href);
		buf_addc(b, '\n');
	}
	for (size_t i = 0; i < t->nmedia; i++)
		dump_media(b, &t->media[i], depth + 1);
	if (t->quote) {
		dump_tweet(b, t->quote, "quote", depth + 1);
	} else if (t->quote_id) {
		indent(b, depth + 1);
		buf_printf(b, "quote id=%s unavailable\n", t->quote_id);
	}
}

/* Dumps a user on one line. */
static void dump_user(buf *b, const char *label, const thread_user *u)
{
	buf_printf(b, "%s @%s ", label, u->handle ? u->handle : "?");
	dump_str(b, u->name);
	buf_printf(b, " id=%s avatar=%s\n", u->id ? u->id : "?", u->avatar_url ? u->avatar_url : "-");
}

/* Dumps the thread: header, author, context, numbered entries, other users. */
void thread_dump(const thread *t, buf *b)
{
	size_t num = 0;
	char label[32];

	buf_printf(b, "thread %s\n", t->url ? t->url : "-");
	dump_user(b, "author", t->author);
	buf_printf(b, "tweets %zu entries %zu\n", thread_count(t), t->ntweets);
	if (t->context)
		dump_tweet(b, t->context, "context", 0);
	for (size_t i = 0; i < t->ntweets; i++) {
		snprintf(label, sizeof label, "%zu", t->tweets[i]->gap ? num : ++num);
		dump_tweet(b, t->tweets[i], label, 0);
	}
	for (size_t i = 0; i < t->nusers; i++)
		dump_user(b, "user", t->users[i]);
}
