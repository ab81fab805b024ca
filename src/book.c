/* book: a cover, contents and chapters in one laid-out document (see book.h).
 * Part of the layout stage: it sets its own pages with the layout module's
 * machinery (layout_int.h) and takes the chapters from layout_chapter(). */
#include "book.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout_int.h"

/* What the book knows of one chapter while it is being made. */
typedef struct chap {
	size_t thread;
	const thread *t;
	const char *id;              /* the root's id (borrowed) */
	int64_t created;             /* the root's time, 0 = unknown */
	size_t ntweets;
	layout_doc *doc;             /* laid out, until appended */
	char *title;                 /* its title (layout_title()) */
	text_para *entry, *meta;     /* the contents entry: title line, date and count */
	text_para *foot;             /* the footer's title */
	float entry_h;
} chap;

/* The state of one book: the layout machinery on the book's document. */
typedef struct bk {
	lay L;
	const book_opts *o;
	chap *ch;
	size_t nch;
	size_t front;
	size_t cpages;               /* room in L.d->pages */
	size_t authors;              /* distinct authors */
	size_t ntweets;
	float num_w;                 /* room for a page number in the contents */
} bk;

/* The first real tweet of t, or NULL. */
static const thread_tweet *root_of(const thread *t)
{
	for (size_t i = 0; i < t->ntweets; i++)
		if (!t->tweets[i]->gap)
			return t->tweets[i];
	return NULL;
}

/* Orders chapters by the root's time, then id. */
static int cmp_chap(const void *x, const void *y)
{
	const chap *a = x, *b = y;

	if (a->created != b->created)
		return a->created < b->created ? -1 : 1;
	return thread_id_cmp(a->id, b->id);
}

/* Fills B->ch with the threads that have tweets, in book order, each root once. */
static void order(bk *B, const thread *const *threads, size_t n)
{
	B->ch = xcalloc(n ? n : 1, sizeof *B->ch);
	for (size_t i = 0; i < n; i++) {
		const thread_tweet *r = threads[i] && threads[i]->author ? root_of(threads[i]) : NULL;
		if (!r)
			continue;
		B->ch[B->nch++] = (chap){ .thread = i, .t = threads[i], .id = r->id, .created = r->created,
					   .ntweets = thread_count(threads[i]) };
	}
	qsort(B->ch, B->nch, sizeof *B->ch, cmp_chap);
	size_t k = 0;
	for (size_t i = 0; i < B->nch; i++)
		if (!k || !B->ch[i].id || !B->ch[k - 1].id || strcmp(B->ch[i].id, B->ch[k - 1].id) != 0)
			B->ch[k++] = B->ch[i];
	B->nch = k;
	for (size_t i = 0; B->o->newest_first && i < k / 2; i++) {
		chap c = B->ch[i];
		B->ch[i] = B->ch[k - 1 - i];
		B->ch[k - 1 - i] = c;
	}
}

/* Tells the caller to load (1) or drop (0) the images of chapter c's thread. */
static void media(bk *B, const chap *c, int load)
{
	if (B->o->media)
		B->o->media(B->o->ctx, c->thread, load);
}

/* Lays every chapter out, one thread's images at a time. */
static tp_result lay_chapters(bk *B, char *msg, size_t msglen)
{
	for (size_t i = 0; i < B->nch; i++) {
		media(B, &B->ch[i], 1);
		tp_result r = layout_chapter(B->ch[i].t, B->L.tx, &B->o->layout, &B->ch[i].doc, msg, msglen);
		media(B, &B->ch[i], 0);
		if (r != TP_OK)
			return r;
		B->ch[i].title = xstrdup(B->ch[i].doc->title ? B->ch[i].doc->title : "");
		B->ntweets += B->ch[i].ntweets;
	}
	return TP_OK;
}

/* Appends an empty page to the book's document and returns it. */
static layout_page *add_page(bk *B)
{
	layout_doc *d = B->L.d;

	if (d->npages == B->cpages) {
		B->cpages = B->cpages ? 2 * B->cpages : 8;
		d->pages = xrealloc(d->pages, B->cpages * sizeof *d->pages);
	}
	d->pages[d->npages] = (layout_page){ NULL, 0 };
	return &d->pages[d->npages++];
}

/* Moves the pool's boxes from b0 on to the end of page pg. */
static void pool_to(bk *B, layout_page *pg, size_t b0)
{
	lay *L = &B->L;
	size_t n = L->npool - b0;

	pg->boxes = xrealloc(pg->boxes, (pg->nboxes + n + 1) * sizeof *pg->boxes);
	memcpy(pg->boxes + pg->nboxes, L->pool + b0, n * sizeof *pg->boxes);
	pg->nboxes += n;
	L->npool = b0;
}

/* Adds an outline mark of the given level at the top of page (0-based). */
static void add_mark(bk *B, const char *title, size_t page, int level)
{
	layout_doc *d = B->L.d;

	d->marks = xrealloc(d->marks, (d->nmarks + 1) * sizeof *d->marks);
	d->marks[d->nmarks++] = (layout_mark){ xstrdup(title), (int)page, B->L.top, level };
}

/* "7 February 2021", or "" when unknown. */
static void date_of(int64_t t, char *out, size_t n)
{
	*out = '\0';
	if (t)
		lay_date(t, out, n);
}

/* The number of distinct authors (by id, else handle). */
static size_t count_authors(const bk *B)
{
	size_t n = 0;

	for (size_t i = 0; i < B->nch; i++) {
		const thread_user *u = B->ch[i].t->author;
		size_t k = 0;
		for (; k < i; k++) {
			const thread_user *v = B->ch[k].t->author;
			const char *a = u->id ? u->id : u->handle, *b = v->id ? v->id : v->handle;
			if (a && b && strcmp(a, b) == 0)
				break;
		}
		n += k == i;
	}
	return n;
}

/* The book's title: the option, else "Threads by Name" (or "by N authors"). */
static char *book_title(const bk *B)
{
	const thread_user *u = B->ch[0].t->author;

	if (B->o->title && *B->o->title)
		return xstrdup(B->o->title);
	if (B->authors > 1)
		return xasprintf("Threads by %zu authors", B->authors);
	return xasprintf("Threads by %s", u->name && *u->name ? u->name : u->handle ? u->handle : "");
}

/* "3 March 2021 – 9 May 2023", one date when they are the same day. */
static char *date_range(const bk *B)
{
	int64_t lo = 0, hi = 0;
	char a[40], b[40];

	for (size_t i = 0; i < B->nch; i++) {
		int64_t c = B->ch[i].created;
		if (c && (!lo || c < lo))
			lo = c;
		if (c > hi)
			hi = c;
	}
	date_of(lo, a, sizeof a);
	date_of(hi, b, sizeof b);
	return strcmp(a, b) == 0 ? xstrdup(a) : xasprintf("%s \xE2\x80\x93 %s", a, b);
}

/* Document information: title, author, subject, keywords, creation time. */
static void book_info(bk *B)
{
	layout_doc *d = B->L.d;
	const thread_user *u = B->ch[0].t->author;

	d->title = book_title(B);
	if (B->authors > 1)
		d->author = xasprintf("%zu authors", B->authors);
	else
		d->author = xasprintf("%s (@%s)", u->name ? u->name : "", u->handle ? u->handle : "");
	d->subject = xasprintf("%zu thread%s, %zu tweet%s", B->nch, B->nch == 1 ? "" : "s", B->ntweets,
			       B->ntweets == 1 ? "" : "s");
	d->keywords = xstrdup("threads, twitter");
	d->lang = B->ch[0].doc->lang;
	for (size_t i = 0; i < B->nch; i++)
		if (B->ch[i].created && (!d->created || B->ch[i].created < d->created))
			d->created = B->ch[i].created;
}

/* Stacks one centred paragraph at *y and moves *y under it. */
static void centred(lay *L, const text_para *p, float *y, float size, uint32_t color)
{
	*y += lay_stack(L, p, L->x0, L->w, *y, size, color, AL_CENTER);
}

/* The cover: avatar, title, name and @handle (or "N authors"), a short
 * rule, the date range and the counts, centred in the upper half. */
static void cover(bk *B)
{
	lay *L = &B->L;
	const thread_user *u = B->ch[0].t->author;
	float s = L->size, D = 6.5f * s, y = L->top + 0.14f * L->body_h;
	size_t b0 = L->npool;
	char *range = date_range(B), *handle = xasprintf("@%s", u->handle ? u->handle : "");
	char *counts = xasprintf("%zu thread%s \xC2\xB7 %zu tweet%s", B->nch, B->nch == 1 ? "" : "s",
				 B->ntweets, B->ntweets == 1 ? "" : "s");
	char *authors = xasprintf("%zu authors", B->authors);

	if (B->authors == 1) {
		media(B, &B->ch[0], 1);
		lay_avatar(L, u, L->x0 + (L->w - D) / 2, y, D);
		media(B, &B->ch[0], 0);
		y += D + 1.6f * L->lead;
	}
	centred(L, lay_label(L, L->d->title, TEXT_BOLD, -1, 2.2f * s, L->w, 3, 0.3f * L->body_h), &y,
		2.2f * s, COL_TEXT);
	y += 1.2f * L->lead;
	if (B->authors == 1) {
		centred(L, lay_label(L, u->name, TEXT_BOLD, -1, 1.3f * s, L->w, 2, 4 * L->lead), &y, 1.3f * s,
			COL_TEXT);
		centred(L, lay_label(L, handle, 0, -1, s, L->w, 1, 2 * L->lead), &y, s, COL_GREY);
	} else if (B->o->title && *B->o->title) {
		centred(L, lay_label(L, authors, TEXT_BOLD, -1, 1.3f * s, L->w, 1, 2 * L->lead), &y, 1.3f * s,
			COL_TEXT);
	}
	y += 1.4f * L->lead;
	layout_box *r = lay_box(L, BOX_RECT, L->x0 + (L->w - 4 * s) / 2, y, 4 * s, 0.8f);
	r->fill = 1;
	r->color = COL_RULE;
	y += 1.4f * L->lead;
	centred(L, lay_label(L, range, 0, -1, 0.95f * s, L->w, 1, 2 * L->lead), &y, 0.95f * s, COL_GREY);
	centred(L, lay_label(L, counts, 0, -1, 0.95f * s, L->w, 1, 2 * L->lead), &y, 0.95f * s, COL_GREY);
	pool_to(B, add_page(B), b0);
	free(range);
	free(handle);
	free(counts);
	free(authors);
}

/* Sets chapter c's contents entry (its title on one line, before the dot
 * leaders and the page number; its date and tweet count below) and its
 * footer title. */
static void set_entry(bk *B, chap *c)
{
	lay *L = &B->L;
	float s = L->size, room = L->w - B->num_w - 3 * s;
	char date[40], *meta;

	date_of(c->created, date, sizeof date);
	meta = xasprintf("%s%s%zu tweet%s", date, *date ? " \xC2\xB7 " : "", c->ntweets,
			 c->ntweets == 1 ? "" : "s");
	c->entry = lay_label(L, c->title, 0, -1, s, room, 1, L->body_h / 4);
	c->meta = lay_label(L, meta, 0, -1, 0.8f * s, room, 1, L->body_h / 4);
	c->entry_h = lay_para_h(c->entry, s) + lay_para_h(c->meta, 0.8f * s) + 0.55f * L->lead;
	free(meta);
}

/* The height the contents' heading takes on its first page. */
static float heading_h(const lay *L)
{
	return 1.6f * L->size * LEAD + 1.2f * L->lead;
}

/* How many pages the contents take: entries fill pages in order. */
static size_t contents_pages(const bk *B)
{
	const lay *L = &B->L;
	float y = heading_h(L);
	size_t pages = 1;

	for (size_t i = 0; i < B->nch; i++) {
		if (y > 0 && y + B->ch[i].entry_h > L->body_h + 0.01f) {
			pages++;
			y = 0;
		}
		y += B->ch[i].entry_h;
	}
	return pages;
}

/* Dot leaders from x0 to x1 on the baseline row starting at y: dots one
 * pitch apart, right-aligned to x1. */
static void leaders(lay *L, float x0, float x1, float y, float size)
{
	buf b;
	float pitch = 0.5f * size;
	long k = (long)floorf((x1 - x0) / pitch);

	if (k < 2)
		return;
	buf_init(&b);
	for (long i = 0; i < k; i++)
		buf_adds(&b, i ? " ." : ".");
	text_para *p = lay_typeset_str(L, b.data, 0, -1, size, 4 * L->w);
	while (p && p->nlines && p->lines[0].width > x1 - x0 && b.len > 2) {
		b.len -= 2;
		b.data[b.len] = '\0';
		p = lay_typeset_str(L, b.data, 0, -1, size, 4 * L->w);
	}
	if (p && p->nlines && p->lines[0].width <= x1 - x0)
		lay_stack(L, p, x1 - p->lines[0].width, p->lines[0].width, y, size, COL_FAINT, AL_RIGHT);
	buf_free(&b);
}

/* One contents entry at y: title, leaders, page number, meta line; the
 * whole entry a link to the chapter's first page. Tagged, a /TOCI of the
 * contents' /TOC: its title, number and meta line paragraphs and the
 * link; the leaders an artifact. */
static void entry(bk *B, const chap *c, size_t first, float y)
{
	lay *L = &B->L;
	float s = L->size, h1 = lay_para_h(c->entry, s);
	char *num = xasprintf("%zu", first - B->front + 1);
	text_para *np = lay_typeset_str(L, num, 0, -1, s, L->w);
	float nw = np && np->nlines ? np->lines[0].width : 0;
	float tw = c->entry && c->entry->nlines ? c->entry->lines[0].width : 0;

	free(num);
	int toc = lay_sect_open(L, "TOCI", NULL, NULL);
	lay_stack(L, c->entry, L->x0, L->w, y, s, COL_TEXT, AL_LEFT);
	int item = L->sect;
	L->sect = 0;
	leaders(L, L->x0 + tw + 0.6f * s, L->x0 + L->w - nw - 0.6f * s, y, s);
	L->sect = item;
	lay_stack(L, np, L->x0, L->w, y, s, COL_TEXT, AL_RIGHT);
	lay_stack(L, c->meta, L->x0, L->w, y + h1, 0.8f * s, COL_GREY, AL_LEFT);
	lay_box(L, BOX_LINK, L->x0, y, L->w, h1 + lay_para_h(c->meta, 0.8f * s))->dest_page = (int)first + 1;
	L->sect = toc;
}

/* The contents pages: a heading, then the entries as contents_pages() cut
 * them; tagged, one /TOC. */
static void contents(bk *B, const size_t *first)
{
	lay *L = &B->L;
	float s = L->size, y = 0;
	size_t b0 = L->npool;
	text_para *hp = lay_typeset_str(L, "Contents", TEXT_BOLD, -1, 1.6f * s, L->w);
	int was = lay_sect_open(L, "TOC", NULL, NULL);

	lay_stack(L, hp, L->x0, L->w, L->top, 1.6f * s, COL_TEXT, AL_NATURAL);
	y = heading_h(L);
	for (size_t i = 0; i < B->nch; i++) {
		if (y > 0 && y + B->ch[i].entry_h > L->body_h + 0.01f) {
			pool_to(B, add_page(B), b0);
			y = 0;
		}
		entry(B, &B->ch[i], first[i], L->top + y);
		y += B->ch[i].entry_h;
	}
	pool_to(B, add_page(B), b0);
	L->sect = was;
}

/* Roman numerals, lower case, for the front pages' footers. */
static void roman(size_t n, char *out, size_t cap)
{
	static const char *const sym[] = { "m", "cm", "d", "cd", "c", "xc", "l", "xl", "x", "ix", "v", "iv", "i" };
	static const size_t val[] = { 1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1 };
	size_t len = 0;

	out[0] = '\0';
	for (size_t i = 0; i < 13; i++)
		while (n >= val[i] && len + 3 < cap) {
			strcpy(out + len, sym[i]);
			len += strlen(sym[i]);
			n -= val[i];
		}
}

/* One footer: the left text (may be NULL) and the number on the right. */
static void footer(bk *B, size_t page, const text_para *left, float room, const char *num)
{
	lay *L = &B->L;
	float s = 0.75f * L->size;
	size_t b0 = L->npool;

	lay_stack(L, left, L->x0, room, L->foot_top, s, COL_FAINT, AL_NATURAL);
	lay_stack(L, lay_typeset_str(L, num, 0, -1, s, L->w), L->x0, L->w, L->foot_top, s, COL_FAINT,
		  AL_RIGHT);
	pool_to(B, &L->d->pages[page], b0);
}

/* Footers: contents pages "ii", "iii"…; chapter pages the chapter's title
 * (a link to the thread) on the left and "n / N" on the right; none on the cover. */
static void footers(bk *B, const size_t *first)
{
	lay *L = &B->L;
	layout_doc *d = L->d;
	size_t body = d->npages - B->front;
	float s = 0.75f * L->size, room = 0.7f * L->w;
	char num[64];

	snprintf(num, sizeof num, "%zu / %zu", body, body);
	text_para *wp = lay_typeset_str(L, num, 0, -1, s, L->w);
	if (wp && wp->nlines)
		room = fminf(room, L->w - wp->lines[0].width - L->size);
	for (size_t p = 1; p < B->front; p++) {
		roman(p + 1, num, sizeof num);
		footer(B, p, NULL, room, num);
	}
	for (size_t i = 0; i < B->nch; i++) {
		const thread *t = B->ch[i].t;
		int tag = lay_tag_new(L, COL_FAINT, t->url && *t->url ? t->url : NULL);
		text_para *tp = lay_label(L, B->ch[i].title, 0, tag, s, room, 1, d->page_h);
		size_t end = i + 1 < B->nch ? first[i + 1] : d->npages;
		for (size_t p = first[i]; p < end; p++) {
			snprintf(num, sizeof num, "%zu / %zu", p - B->front + 1, body);
			footer(B, p, tp, room, num);
		}
	}
}

/* Appends every chapter's pages with its outline entry (its tweets below
 * it), and its section of the structure (its tweets' sections inside). */
static void append_chapters(bk *B, const size_t *first)
{
	layout_doc *d = B->L.d;

	for (size_t i = 0; i < B->nch; i++) {
		add_mark(B, B->ch[i].title, first[i], 0);
		size_t m0 = d->nmarks;
		int was = lay_sect_open(&B->L, NULL, xstrdup(B->ch[i].title), B->ch[i].doc->lang);
		layout_doc_append(d, B->ch[i].doc, B->L.sect);
		B->L.sect = was;
		for (size_t k = m0; k < d->nmarks; k++)
			d->marks[k].level = 1;
		B->cpages = d->npages;
		B->ch[i].doc = NULL;
	}
}

/* The book's own document and the layout state over it. */
static void book_doc(bk *B, text *tx)
{
	lay *L = &B->L;

	L->tx = tx;
	L->d = xcalloc(1, sizeof *L->d);
	L->pv = xcalloc(1, sizeof *L->pv);
	L->d->priv = L->pv;
	lay_geometry(L, &B->o->layout);
}

/* Moves the layout into the book's result. */
static book *finish(bk *B, const size_t *first)
{
	book *b = xcalloc(1, sizeof *b);

	b->doc = B->L.d;
	b->front_pages = B->front;
	b->nchapters = B->nch;
	b->chapters = xcalloc(B->nch ? B->nch : 1, sizeof *b->chapters);
	for (size_t i = 0; i < B->nch; i++) {
		size_t end = i + 1 < B->nch ? first[i + 1] : b->doc->npages;
		b->chapters[i] = (book_chapter){ B->ch[i].thread, first[i], end - first[i] };
	}
	return b;
}

/* Frees the working state (chapter documents not yet appended included). */
static void bk_free(bk *B)
{
	for (size_t i = 0; i < B->nch; i++) {
		layout_doc_free(B->ch[i].doc);
		free(B->ch[i].title);
	}
	free(B->ch);
	free(B->L.pool);
	free(B->L.items);
	free(B->L.tags);
}

/* Orders, lays out every chapter, then the cover, contents and footers (see book.h). */
tp_result book_layout(const thread *const *threads, size_t n, text *tx, const book_opts *o,
		      book **out, char *msg, size_t msglen)
{
	bk B = { .o = o };
	size_t *first = NULL;
	tp_result r;

	*out = NULL;
	order(&B, threads, n);
	if (!B.nch) {
		bk_free(&B);
		return tp_fail(TP_ERR_INPUT, msg, msglen, "the collection has no thread with a tweet");
	}
	book_doc(&B, tx);
	r = lay_chapters(&B, msg, msglen);
	if (r != TP_OK)
		goto cleanup;
	B.authors = count_authors(&B);
	book_info(&B);
	text_para *wide = lay_typeset_str(&B.L, "00000", 0, -1, B.L.size, B.L.w);
	B.num_w = wide && wide->nlines ? wide->lines[0].width : 3 * B.L.size;
	for (size_t i = 0; i < B.nch; i++)
		set_entry(&B, &B.ch[i]);
	B.front = 1 + contents_pages(&B);
	first = xcalloc(B.nch, sizeof *first);
	for (size_t i = 0, p = B.front; i < B.nch; p += B.ch[i++].doc->npages)
		first[i] = p;
	B.L.d->front_pages = B.front;
	cover(&B);
	add_mark(&B, "Contents", 1, 0);
	contents(&B, first);
	append_chapters(&B, first);
	footers(&B, first);
	*out = finish(&B, first);
	B.L.d = NULL;
cleanup:
	layout_doc_free(B.L.d);
	bk_free(&B);
	free(first);
	return r;
}

/* The chapter holding a page: a binary search over the first pages. */
const book_chapter *book_chapter_of(const book *b, size_t page)
{
	size_t lo = 0, hi = b->nchapters;

	if (!b->nchapters)
		return NULL;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (b->chapters[mid].first_page <= page)
			lo = mid;
		else
			hi = mid;
	}
	return &b->chapters[lo];
}

/* Frees the book with its document. */
void book_free(book *b)
{
	if (!b)
		return;
	layout_doc_free(b->doc);
	free(b->chapters);
	free(b);
}
