/* layout_meta: the document information (title, author, subject, keywords,
 * outline titles) and the small text helpers it needs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "layout_int.h"

#define MAX_KEYWORDS 16

/* 1 for the ASCII blanks that separate words. */
static int is_blank(char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

/* s with every run of blanks made one space, trimmed; caller frees. */
static char *squeeze(const char *s)
{
	buf b;
	int gap = 0;

	buf_init(&b);
	for (; *s; s++) {
		if (is_blank(*s)) {
			gap = b.len > 0;
			continue;
		}
		if (gap)
			buf_addc(&b, ' ');
		gap = 0;
		buf_addc(&b, *s);
	}
	return buf_steal(&b, NULL);
}

/* 1 for a code point that belongs to the character before it (a combining
 * mark, joiner, variation selector, skin tone, tag): no cut before it. */
static int clings(uint32_t cp)
{
	return (cp >= 0x300 && cp < 0x370) || cp == 0x200D || (cp >= 0xFE00 && cp <= 0xFE0F) ||
	       (cp >= 0x1F3FB && cp <= 0x1F3FF) || (cp >= 0xE0020 && cp <= 0xE007F) ||
	       cp == 0x20E3;
}

/* Where to cut q[0..n) to keep at most maxcp code points: the last space
 * when one is in the second half, else the last place that splits no
 * character sequence (not before a clinging mark, not after a joiner). */
static size_t cut_at(const char *q, size_t n, size_t maxcp)
{
	size_t i = 0, cp = 0, adv, sp = 0, safe = 0;
	uint32_t prev = 0;

	while (i < n) {
		uint32_t c = utf8_decode(q + i, n - i, &adv);
		if (!clings(c) && prev != 0x200D)
			safe = i;
		if (c == ' ')
			sp = i;
		if (cp++ == maxcp)
			break;
		prev = c;
		i += adv;
	}
	if (sp > i / 2)
		return sp;
	return safe ? safe : i;
}

/* Where to cut q[0..n) (longer than maxcp code points) for an ellipsis to
 * follow: cut_at, then the spaces and , : ; before the cut dropped. */
size_t lay_cut(const char *q, size_t n, size_t maxcp)
{
	size_t i = cut_at(q, n, maxcp);

	while (i > 0 && (q[i - 1] == ' ' || q[i - 1] == ',' || q[i - 1] == ':' || q[i - 1] == ';'))
		i--;
	return i;
}

/* The first words of s, at most maxcp code points with the ellipsis, cut
 * at a space when one is near the end; caller frees. */
char *lay_clip(const char *s, size_t maxcp)
{
	char *q = squeeze(s ? s : "");
	size_t n = strlen(q), i;
	char *out;

	if (utf8_count(q, n) <= maxcp)
		return q;
	i = lay_cut(q, n, maxcp - 1);
	out = xasprintf("%.*s\xE2\x80\xA6", (int)i, q);
	free(q);
	return out;
}

/* A date as "7 February 2021" (UTC). */
void lay_date(int64_t t, char *out, size_t n)
{
	static const char *const month[12] = { "January", "February", "March", "April", "May", "June",
		"July", "August", "September", "October", "November", "December" };
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm)) {
		*out = '\0';
		return;
	}
	snprintf(out, n, "%d %s %d", tm.tm_mday, month[tm.tm_mon], tm.tm_year + 1900);
}

/* Number of words (blank-separated) in the thread's real tweets. */
size_t lay_words(const thread *t)
{
	size_t n = 0;

	for (size_t i = 0; i < t->ntweets; i++) {
		const thread_tweet *tw = t->tweets[i];
		int in = 0;
		for (size_t k = 0; !tw->gap && k < tw->nspans; k++)
			for (const char *p = tw->spans[k].text; p && *p; p++) {
				n += !in && !is_blank(*p);
				in = !is_blank(*p);
			}
	}
	return n;
}

/* Appends a hashtag (without '#') to the comma list in b unless it is
 * there already (case-insensitively); counts what it added. */
static void add_keyword(buf *b, const char *tag, const char **seen, size_t *nseen)
{
	if (*tag == '#')
		tag++;
	if (!*tag || *nseen >= MAX_KEYWORDS)
		return;
	for (size_t i = 0; i < *nseen; i++)
		if (strcasecmp(seen[i], tag) == 0)
			return;
	seen[(*nseen)++] = tag;
	if (b->len)
		buf_adds(b, ", ");
	buf_adds(b, tag);
}

/* The thread's hashtags, comma-separated, or "thread, twitter" when it has none. */
static char *keywords(const thread *t)
{
	const char *seen[MAX_KEYWORDS];
	size_t nseen = 0;
	buf b;

	buf_init(&b);
	for (size_t i = 0; i < t->ntweets; i++)
		for (size_t k = 0; !t->tweets[i]->gap && k < t->tweets[i]->nspans; k++)
			if (t->tweets[i]->spans[k].kind == SPAN_HASHTAG && t->tweets[i]->spans[k].text)
				add_keyword(&b, t->tweets[i]->spans[k].text, seen, &nseen);
	if (!b.len)
		buf_adds(&b, "thread, twitter");
	return buf_steal(&b, NULL);
}

/* The outline marks, one per real tweet: "3. first words…" (page and y come
 * from the pager). */
static void marks(lay *L)
{
	const thread *t = L->t;
	layout_doc *d = L->d;

	d->marks = xcalloc(L->nreal ? L->nreal : 1, sizeof *d->marks);
	for (size_t i = 0; i < t->ntweets; i++) {
		if (t->tweets[i]->gap)
			continue;
		char *full = thread_tweet_text(t->tweets[i]);
		char *pre = xasprintf("%zu. ", d->nmarks + 1);
		char *words = lay_clip(full, 60 - strlen(pre));
		d->marks[d->nmarks++].title = xasprintf("%s%s", pre, words);
		free(full);
		free(pre);
		free(words);
	}
}

/* Title (the first words), author, subject, keywords, creation time, marks. */
void lay_meta(lay *L)
{
	const thread *t = L->t;
	const char *name = t->author->name ? t->author->name : "";
	const char *handle = t->author->handle ? t->author->handle : "";
	layout_doc *d = L->d;

	d->author = xasprintf("%s (@%s)", name, handle);
	d->subject = xasprintf("Thread by @%s, %zu tweet%s", handle, L->nreal, L->nreal == 1 ? "" : "s");
	d->keywords = keywords(t);
	d->title = layout_title(t);
	for (size_t i = 0; i < t->ntweets; i++) {
		if (!t->tweets[i]->gap) {
			d->created = t->tweets[i]->created;
			break;
		}
	}
	marks(L);
}

/* The first words of the first real tweet, else "Thread by @handle". */
char *layout_title(const thread *t)
{
	char *title = NULL;

	for (size_t i = 0; i < t->ntweets && !title; i++) {
		if (t->tweets[i]->gap)
			continue;
		char *full = thread_tweet_text(t->tweets[i]);
		title = lay_clip(full, 70);
		free(full);
	}
	if (!title || !*title) {
		free(title);
		title = xasprintf("Thread by @%s", t->author && t->author->handle ? t->author->handle : "");
	}
	return title;
}
