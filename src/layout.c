/* layout: pages of positioned boxes from a thread.
 *
 * This file holds the machinery (memory the document keeps, text lines
 * turned into boxes, the flow of items), the pager that cuts the flow into
 * pages, and the footers. What the flow is made of lives in layout_build.c,
 * the document information in layout_meta.c, the text dump in layout_dump.c. */
#include "layout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "layout_int.h"

/* Makes room for one more element in a growable array of n elements of sz bytes. */
static void *grow(void *v, size_t *cap, size_t n, size_t sz)
{
	if (n < *cap)
		return v;
	*cap = *cap ? *cap * 2 : 16;
	return xrealloc(v, *cap * sz);
}

/* Hands a paragraph to the document, whose boxes borrow it; NULL (and the
 * paragraph freed) when it has no lines. */
static text_para *keep_para(lay *L, text_para *p)
{
	lay_priv *pv = L->pv;

	if (!p->nlines) {
		text_para_free(p);
		return NULL;
	}
	pv->paras = grow(pv->paras, &pv->cparas, pv->nparas, sizeof *pv->paras);
	pv->paras[pv->nparas++] = p;
	return p;
}

/* Sets one paragraph and hands it to the document; NULL when there is nothing to set. */
text_para *lay_typeset(lay *L, const char *s, size_t n, const text_attr *a, size_t na,
		       float size, float width)
{
	if (!n)
		return NULL;
	return keep_para(L, text_typeset(L->tx, s, n, a, na, size, width));
}

/* A copy of s (NULL: "") with line breaks and tabs made spaces; caller frees. */
char *lay_flat(const char *s)
{
	char *flat = xstrdup(s ? s : "");

	for (char *q = flat; *q; q++)
		if (*q == '\n' || *q == '\r' || *q == '\t')
			*q = ' ';
	return flat;
}

/* Sets a whole string in one style and tag, line breaks and tabs made spaces
 * (names, labels and alt text are one paragraph). */
text_para *lay_typeset_str(lay *L, const char *s, unsigned style, int tag, float size,
			   float width)
{
	char *flat = lay_flat(s);
	size_t n = strlen(flat);
	text_attr a = { 0, n, style, tag };
	text_para *p = lay_typeset(L, flat, n, &a, 1, size, width);

	free(flat);
	return p;
}

/* How many of the first lines of p fit in maxlines lines and maxh points. */
static size_t lines_within(const text_para *p, float size, size_t maxlines, float maxh)
{
	size_t k = 0;
	float h = 0;

	while (k < p->nlines && k < maxlines && h + lay_line_h(&p->lines[k], size) <= maxh)
		h += lay_line_h(&p->lines[k++], size);
	return k;
}

/* Sets s[0, cut) followed by an ellipsis: the attributes that start before
 * the cut (or at 0) are cut there, those reaching it carried over the
 * ellipsis. The caller keeps or frees the result. */
static text_para *set_cut(lay *L, const char *s, size_t cut, const text_attr *a, size_t na,
			  float size, float width)
{
	char *str = xasprintf("%.*s\xE2\x80\xA6", (int)cut, s);
	text_attr *ca = xmalloc((na ? na : 1) * sizeof *ca);
	size_t nca = 0;
	text_para *p;

	for (size_t i = 0; i < na; i++)
		if (a[i].start < cut || a[i].start == 0) {
			ca[nca] = a[i];
			ca[nca++].end = a[i].end >= cut ? strlen(str) : a[i].end;
		}
	p = text_typeset(L->tx, str, strlen(str), ca, nca, size, width);
	free(ca);
	free(str);
	return p;
}

/* Sets s (one line: no line breaks) in at most maxlines lines and maxh
 * points: whole when it fits, else its first words and an ellipsis, shorter
 * until they fit; NULL when not even the ellipsis does. For labels of blocks
 * that never split, which must stay shorter than a page. */
text_para *lay_fit(lay *L, const char *s, const text_attr *a, size_t na, float size, float width,
		   size_t maxlines, float maxh)
{
	size_t n = strlen(s), m;
	text_para *p = text_typeset(L->tx, s, n, a, na, size, width);
	size_t k = lines_within(p, size, maxlines, maxh);

	if (k == p->nlines)
		return keep_para(L, p);
	m = k ? utf8_count(s, p->lines[k - 1].end) : 1;
	text_para_free(p);
	while (m > 0) {
		size_t cut = lay_cut(s, n, m - 1);
		p = set_cut(L, s, cut, a, na, size, width);
		if (lines_within(p, size, maxlines, maxh) == p->nlines)
			return keep_para(L, p);
		text_para_free(p);
		m = utf8_count(s, cut);
	}
	return NULL;
}

/* lay_fit for a whole string in one style and tag, line breaks and tabs made spaces. */
text_para *lay_label(lay *L, const char *s, unsigned style, int tag, float size, float width,
		     size_t maxlines, float maxh)
{
	char *flat = lay_flat(s);
	text_attr a = { 0, strlen(flat), style, tag };
	text_para *p = lay_fit(L, flat, &a, 1, size, width, maxlines, maxh);

	free(flat);
	return p;
}

/* Registers what a tag stands for (colour, link) and returns the tag. */
int lay_tag_new(lay *L, uint32_t color, const char *uri)
{
	L->tags = grow(L->tags, &L->ctags, L->ntags, sizeof *L->tags);
	L->tags[L->ntags] = (lay_tag){ color, uri };
	return (int)L->ntags++;
}

/* Makes the document own s (a string its boxes borrow). */
void lay_keep_str(lay *L, char *s)
{
	lay_priv *pv = L->pv;

	pv->strs = xrealloc(pv->strs, (pv->nstrs + 1) * sizeof *pv->strs);
	pv->strs[pv->nstrs++] = s;
}

/* Appends a box to the pool; the pointer is valid until the next append. */
layout_box *lay_box(lay *L, layout_box_kind kind, float x, float y, float w, float h)
{
	layout_box *b;

	L->pool = grow(L->pool, &L->cpool, L->npool, sizeof *L->pool);
	b = &L->pool[L->npool++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	b->x = x;
	b->y = y;
	b->w = w;
	b->h = h;
	b->sect = kind == BOX_RECT ? 0 : L->sect;
	b->para = L->para;
	return b;
}

/* Opens a structure section of type (NULL: "Sect"; a static string), its
 * label owned by the document from now on, inside the current one and
 * makes it current; returns the one it was in, for the caller to restore. */
int lay_sect_open(lay *L, const char *type, char *label, const char *lang)
{
	layout_doc *d = L->d;
	int was = L->sect;

	d->sects = xrealloc(d->sects, (d->nsects + 1) * sizeof *d->sects);
	d->sects[d->nsects++] = (layout_sect){ label, lang, was, type };
	L->sect = (int)d->nsects;
	return was;
}

/* Appends an item owning the pool's boxes from box0 on; returns its index. */
size_t lay_item_add(lay *L, lay_item_kind kind, float h, size_t box0)
{
	L->items = grow(L->items, &L->citems, L->nitems, sizeof *L->items);
	L->items[L->nitems] = (lay_item){ kind, h, box0, L->npool - box0, 0, -1, 0, 0 };
	return L->nitems++;
}

/* Appends vertical space (dropped at the top of a page). */
void lay_space(lay *L, float h)
{
	lay_item_add(L, IT_SPACE, h, L->npool);
}

/* Ascent and descent (both positive) of a line, with fallbacks if the engine gave none. */
static void line_ext(const text_line *ln, float size, float *asc, float *desc)
{
	*asc = ln->ascent > 0 ? ln->ascent : 0.9f * size;
	*desc = ln->descent < 0 ? -ln->descent : 0.25f * size;
}

/* The pitch of a line: LEAD times its size, more when its glyphs are taller. */
float lay_line_h(const text_line *ln, float size)
{
	float a, d;

	line_ext(ln, size, &a, &d);
	return a + d > LEAD * size ? a + d : LEAD * size;
}

/* Height of all the lines of a paragraph (0 for NULL). */
float lay_para_h(const text_para *p, float size)
{
	float h = 0;

	for (size_t i = 0; p && i < p->nlines; i++)
		h += lay_line_h(&p->lines[i], size);
	return h;
}

/* Adds a link box, or widens the previous one of the same line (from box
 * since) when it continues it, on its right or (runs of a right-to-left
 * line come in logical order) on its left. */
static void link_box(lay *L, size_t since, const char *uri, float x, float y, float w, float h)
{
	layout_box *prev = L->npool > since ? &L->pool[L->npool - 1] : NULL;

	if (prev && prev->kind == BOX_LINK && prev->uri == uri && fabsf(prev->x + prev->w - x) < 0.5f) {
		prev->w = x + w - prev->x;
		return;
	}
	if (prev && prev->kind == BOX_LINK && prev->uri == uri && fabsf(x + w - prev->x) < 0.5f) {
		prev->w += prev->x - x;
		prev->x = x;
		return;
	}
	lay_box(L, BOX_LINK, x, y, w, h)->uri = uri;
}

/* The left edge of a line set in a column [x, x + w] with the given alignment. */
static float line_left(const text_para *p, const text_line *ln, float x, float w, lay_align al)
{
	if (al == AL_CENTER)
		return x + (w - ln->width) / 2;
	if (al == AL_RIGHT || (al == AL_NATURAL && p->rtl))
		return x + w - ln->width;
	return x;
}

/* Appends the boxes of line i with its top at y: a text box per run, a link
 * box over each linked run; returns the line's pitch. */
static float put_line(lay *L, const text_para *p, size_t i, float x, float w, float y, float size,
		      uint32_t color, lay_align al)
{
	const text_line *ln = &p->lines[i];
	float h = lay_line_h(ln, size), a, d, left = line_left(p, ln, x, w, al), base;
	size_t since;

	line_ext(ln, size, &a, &d);
	base = y + (h - a - d) / 2 + a;
	for (size_t r = 0; r < ln->nruns; r++) {
		const text_run *run = &ln->runs[r];
		int tagged = run->tag >= 0 && (size_t)run->tag < L->ntags;
		layout_box *b = lay_box(L, BOX_TEXT, left + run->x, base, run->width, run->size);
		b->run = run;
		b->text = p->text;
		b->color = tagged ? L->tags[run->tag].color : color;
	}
	since = L->npool;
	for (size_t r = 0; r < ln->nruns; r++) {
		const text_run *run = &ln->runs[r];
		if (run->tag >= 0 && (size_t)run->tag < L->ntags && L->tags[run->tag].uri)
			link_box(L, since, L->tags[run->tag].uri, left + run->x, base - a, run->width, a + d);
	}
	return h;
}

/* Appends the boxes of a whole paragraph with its top at y; returns its height. */
float lay_stack(lay *L, const text_para *p, float x, float w, float y, float size,
		uint32_t color, lay_align al)
{
	float y0 = y;

	L->para++;
	for (size_t i = 0; p && i < p->nlines; i++)
		y += put_line(L, p, i, x, w, y, size, color, al);
	return y - y0;
}

/* Appends a paragraph to the flow, one item per line, keeping the first two
 * and the last two lines of a paragraph of three or more together (no orphan,
 * no widow). */
void lay_flow(lay *L, const text_para *p, float x, float w, float size, uint32_t color)
{
	size_t n = p ? p->nlines : 0;

	L->para++;
	for (size_t i = 0; i < n; i++) {
		size_t b0 = L->npool;
		float h = put_line(L, p, i, x, w, 0, size, color, AL_NATURAL);
		size_t it = lay_item_add(L, IT_LINE, h, b0);
		L->items[it].keep = n >= 3 && (i == 0 || i == n - 2);
	}
}

/* Merges the items from i0 on into one atom (a block that never splits);
 * returns its height. Their boxes are contiguous in the pool. */
float lay_collapse(lay *L, size_t i0)
{
	size_t b0 = i0 < L->nitems ? L->items[i0].box0 : L->npool;
	float y = 0;

	for (size_t k = i0; k < L->nitems; k++) {
		const lay_item *it = &L->items[k];
		for (size_t b = it->box0; b < it->box0 + it->nbox; b++)
			L->pool[b].y += y;
		y += it->h;
	}
	L->nitems = i0;
	lay_item_add(L, IT_ATOM, y, b0);
	return y;
}

/* A page under construction. */
typedef struct pg_buf {
	layout_box *v;
	size_t n, cap;
} pg_buf;

/* The pager's state: the pages so far and the fill of the last one. */
typedef struct pager {
	lay *L;
	pg_buf *pages;
	size_t npages, cpages;
	float y;                 /* used height of the last page's body */
} pager;

/* Copies a box onto the last page. */
static void pg_push(pager *P, const layout_box *b)
{
	pg_buf *pg = &P->pages[P->npages - 1];

	pg->v = grow(pg->v, &pg->cap, pg->n, sizeof *pg->v);
	pg->v[pg->n++] = *b;
}

/* Starts a new, empty page. */
static void new_page(pager *P)
{
	P->pages = grow(P->pages, &P->cpages, P->npages, sizeof *P->pages);
	P->pages[P->npages++] = (pg_buf){ NULL, 0, 0 };
	P->y = 0;
}

/* Puts an item on the last page at the current fill, with its quote bar and
 * its outline mark; f < 1 shrinks an image, centred in the column. */
static void put_item(pager *P, const lay_item *it, float f)
{
	lay *L = P->L;
	float ay = L->top + P->y;

	for (size_t k = it->box0; k < it->box0 + it->nbox; k++) {
		layout_box b = L->pool[k];
		if (f < 1) {
			b.w *= f;
			b.h *= f;
			b.x = L->x0 + (L->w - b.w) / 2;
		}
		b.y += ay;
		pg_push(P, &b);
	}
	if (it->bar_x > 0) {
		layout_box bar = { .kind = BOX_RECT, .x = it->bar_x, .y = ay, .w = 1.5f, .h = it->h,
				   .color = COL_FRAME, .fill = 1 };
		pg_push(P, &bar);
	}
	if (it->mark >= 0) {
		L->d->marks[it->mark].page = (int)P->npages - 1;
		L->d->marks[it->mark].y = ay;
	}
	P->y += it->h * f;
}

/* The least height an item can take: shrinkable images count at SHRINK_MIN. */
static float min_h(const lay_item *it)
{
	return it->shrink ? SHRINK_MIN * it->h : it->h;
}

/* Height from item i to the end of its keep chain (spaces between included). */
static float chain_h(const lay *L, size_t i)
{
	float h = L->items[i].h;

	while (L->items[i].keep) {
		size_t k = i + 1;
		float sp = 0;
		while (k < L->nitems && L->items[k].kind == IT_SPACE)
			sp += L->items[k++].h;
		if (k >= L->nitems)
			break;
		h += sp + min_h(&L->items[k]);
		i = k;
	}
	return h;
}

/* How much image item it must shrink to end the page with it (and what it
 * keeps with, `need` in all): a factor in [SHRINK_MIN, 1), or 1 for no. */
static float shrink_to_fit(const pager *P, const lay_item *it, float need)
{
	float f = (P->L->body_h - P->y - (need - it->h)) / it->h;

	return it->shrink && P->y > 0 && f >= SHRINK_MIN && f < 1 ? f : 1;
}

/* Cuts the flow into pages: an item goes to a new page when it and the
 * items it keeps with do not fit what is left (unless they could fit no page:
 * then only when the item itself does not fit); an image may rather shrink a
 * little to end the page. Spaces vanish at page tops. */
static void paginate(pager *P)
{
	lay *L = P->L;
	const float eps = 0.01f, room = L->body_h + eps;

	new_page(P);
	for (size_t i = 0; i < L->nitems; i++) {
		const lay_item *it = &L->items[i];
		if (it->kind == IT_SPACE) {
			if (P->y <= 0)
				continue;
			if (P->y + it->h > room)
				P->y = L->body_h;
			else
				put_item(P, it, 1);
			continue;
		}
		float need = chain_h(L, i), f = 1;
		if (P->y > 0 && P->y + need > room) {
			f = shrink_to_fit(P, it, need);
			if (f == 1 && (need <= room || P->y + it->h > room))
				new_page(P);
		}
		put_item(P, it, f);
	}
}

/* Copies the pool's boxes from b0 on onto page pg and drops them from the pool. */
static void pool_to_page(pager *P, size_t pg, size_t b0)
{
	pg_buf *page = &P->pages[pg];
	lay *L = P->L;

	for (size_t k = b0; k < L->npool; k++) {
		page->v = grow(page->v, &page->cap, page->n, sizeof *page->v);
		page->v[page->n++] = L->pool[k];
	}
	L->npool = b0;
}

/* A link as a reader would type it: no scheme, no "www.". */
static const char *short_url(const char *u)
{
	static const char *const pre[] = { "https://", "http://", "www.", "mobile." };

	for (size_t i = 0; i < sizeof pre / sizeof *pre; i++)
		if (strncmp(u, pre[i], strlen(pre[i])) == 0)
			u += strlen(pre[i]);
	return u;
}

/* Adds under the body of every page, small and grey, the source link on the
 * left and "n / N" on the right; the link takes one line at most, beside
 * the widest number, so that the footer stays on the page. */
static void footers(pager *P)
{
	lay *L = P->L;
	const thread *t = L->t;
	float s = 0.75f * L->size, room = 0.7f * L->w;
	char *last = xasprintf("%zu / %zu", P->npages, P->npages);
	text_para *lp = text_typeset(L->tx, last, strlen(last), NULL, 0, s, L->w), *src = NULL;

	if (lp->nlines)
		room = fminf(room, L->w - lp->lines[0].width - L->size);
	text_para_free(lp);
	free(last);
	if (t->url && *t->url)
		src = lay_label(L, short_url(t->url), 0, lay_tag_new(L, COL_FAINT, t->url), s, room, 1,
				L->d->page_h);
	for (size_t pg = 0; pg < P->npages; pg++) {
		char *num = xasprintf("%zu / %zu", pg + 1, P->npages);
		text_para *np = lay_typeset_str(L, num, 0, -1, s, L->w);
		size_t b0 = L->npool;
		free(num);
		lay_stack(L, src, L->x0, room, L->foot_top, s, COL_FAINT, AL_NATURAL);
		lay_stack(L, np, L->x0, L->w, L->foot_top, s, COL_FAINT, AL_RIGHT);
		pool_to_page(P, pg, b0);
	}
}

/* Page size, body size, the text column and the margins (and whether the
 * document is to be tagged, which every layout takes from here). The column is about
 * two thirds of the page width, centred (400 pt on A4), and narrower for
 * small type so that a line holds at most ~70 characters; the top margin is
 * 9% of the height, the bottom one (which holds the footer) 11.5%. */
void lay_geometry(lay *L, const layout_opts *o)
{
	static const float dims[3][2] = { { 595.28f, 841.89f }, { 612.0f, 792.0f },
					  { 419.53f, 595.28f } };
	int paper = o && o->paper >= PAPER_A4 && o->paper <= PAPER_A5 ? (int)o->paper : PAPER_A4;
	float size = o && o->font_size > 0 ? fminf(fmaxf(o->font_size, 5.0f), 40.0f) : 11.0f;
	layout_doc *d = L->d;
	float bottom;

	d->page_w = dims[paper][0];
	d->page_h = dims[paper][1];
	L->size = size;
	L->lead = LEAD * size;
	L->w = roundf(fminf(d->page_w * 0.672f, size * 37.0f));
	L->x0 = (d->page_w - L->w) / 2;
	L->top = roundf(d->page_h * 0.09f);
	bottom = roundf(d->page_h * 0.115f);
	L->body_h = d->page_h - L->top - bottom;
	L->foot_top = L->top + L->body_h + 0.3f * bottom;
	d->body_x = L->x0;
	d->body_y = L->top;
	d->body_w = L->w;
	d->body_h = L->body_h;
	d->tagged = o && o->tagged;
}

/* Moves the finished pages into the document. */
static void pages_to_doc(pager *P, layout_doc *d)
{
	d->pages = xcalloc(P->npages, sizeof *d->pages);
	d->npages = P->npages;
	for (size_t i = 0; i < P->npages; i++) {
		d->pages[i].boxes = P->pages[i].v;
		d->pages[i].nboxes = P->pages[i].n;
	}
	free(P->pages);
}

/* Lays a thread out: geometry, document information, the flow, pages, and
 * footers when with_footers. */
static tp_result lay_thread(const thread *t, text *tx, const layout_opts *o, int with_footers,
			    layout_doc **out, char *msg, size_t msglen)
{
	lay L = { 0 };
	pager P = { 0 };

	*out = NULL;
	if (!t || !tx || !t->ntweets || !t->author)
		return tp_fail(TP_ERR_INPUT, msg, msglen, "layout: the thread has no tweets");
	L.t = t;
	L.tx = tx;
	L.d = xcalloc(1, sizeof *L.d);
	L.pv = xcalloc(1, sizeof *L.pv);
	L.d->priv = L.pv;
	L.nreal = thread_count(t);
	lay_geometry(&L, o);
	lay_meta(&L);
	lay_build(&L);
	L.sect = 0;
	P.L = &L;
	paginate(&P);
	if (with_footers)
		footers(&P);
	pages_to_doc(&P, L.d);
	free(L.items);
	free(L.pool);
	free(L.tags);
	*out = L.d;
	return TP_OK;
}

/* Lays a thread out as a single document (see layout.h). */
tp_result layout_thread(const thread *t, text *tx, const layout_opts *o, layout_doc **out,
			char *msg, size_t msglen)
{
	return lay_thread(t, tx, o, 1, out, msg, msglen);
}

/* Lays a thread out as a chapter: no footers (see layout.h). */
tp_result layout_chapter(const thread *t, text *tx, const layout_opts *o, layout_doc **out,
			 char *msg, size_t msglen)
{
	return lay_thread(t, tx, o, 0, out, msg, msglen);
}

/* Moves src's sections after dst's, its top-level ones into dst's section
 * sect (0: the document); returns by how much their numbers grew. */
static int append_sects(layout_doc *dst, layout_doc *src, int sect)
{
	int off = (int)dst->nsects;

	dst->sects = xrealloc(dst->sects, (dst->nsects + src->nsects + 1) * sizeof *dst->sects);
	for (size_t i = 0; i < src->nsects; i++) {
		layout_sect s = src->sects[i];
		s.parent = s.parent > 0 ? s.parent + off : sect;
		dst->sects[dst->nsects++] = s;
	}
	src->nsects = 0;
	return off;
}

/* Moves src's pages, marks, sections and paragraphs after dst's and frees src. */
void layout_doc_append(layout_doc *dst, layout_doc *src, int sect)
{
	lay_priv *dp = dst->priv, *sp = src->priv;
	size_t off = dst->npages;
	int soff = append_sects(dst, src, sect);

	dst->pages = xrealloc(dst->pages, (dst->npages + src->npages + 1) * sizeof *dst->pages);
	for (size_t i = 0; i < src->npages; i++) {
		layout_page *pg = &src->pages[i];
		for (size_t k = 0; k < pg->nboxes; k++) {
			if (pg->boxes[k].dest_page > 0)
				pg->boxes[k].dest_page += (int)off;
			if (pg->boxes[k].sect > 0)
				pg->boxes[k].sect += soff;
		}
		dst->pages[dst->npages++] = *pg;
	}
	src->npages = 0;
	dst->marks = xrealloc(dst->marks, (dst->nmarks + src->nmarks + 1) * sizeof *dst->marks);
	for (size_t i = 0; i < src->nmarks; i++) {
		dst->marks[dst->nmarks] = src->marks[i];
		dst->marks[dst->nmarks++].page += (int)off;
	}
	src->nmarks = 0;
	for (size_t i = 0; sp && i < sp->nparas; i++) {
		dp->paras = grow(dp->paras, &dp->cparas, dp->nparas, sizeof *dp->paras);
		dp->paras[dp->nparas++] = sp->paras[i];
	}
	if (sp)
		sp->nparas = 0;
	layout_doc_free(src);
}

/* Frees a document with the paragraphs its boxes borrow. */
void layout_doc_free(layout_doc *d)
{
	lay_priv *pv;

	if (!d)
		return;
	for (size_t i = 0; i < d->npages; i++)
		free(d->pages[i].boxes);
	free(d->pages);
	for (size_t i = 0; i < d->nmarks; i++)
		free(d->marks[i].title);
	free(d->marks);
	for (size_t i = 0; i < d->nsects; i++)
		free(d->sects[i].label);
	free(d->sects);
	free(d->title);
	free(d->author);
	free(d->subject);
	free(d->keywords);
	pv = d->priv;
	if (pv) {
		for (size_t i = 0; i < pv->nparas; i++)
			text_para_free(pv->paras[i]);
		free(pv->paras);
		for (size_t i = 0; i < pv->nstrs; i++)
			free(pv->strs[i]);
		free(pv->strs);
		free(pv);
	}
	free(d);
}
