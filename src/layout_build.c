/* layout_build: the flow of a thread — header, tweets, media, quoted tweets,
 * gaps — as items for the pager (see layout_int.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "image.h"
#include "layout_int.h"

#define PARA_SPACE 0.6f          /* space for a blank line in a tweet, in leads */

/* Pixel size of a loaded image as displayed (turned by its EXIF
 * orientation); 0 when it is missing, failed or unreadable. */
static int blob_px(const thread_blob *b, int *w, int *h)
{
	*w = *h = 0;
	if (!b->data || b->failed)
		return 0;
	return image_probe_shown(b->data, b->len, w, h) != IMAGE_UNKNOWN;
}

/* 1 for a code point that may start a name's word: a letter, not an emoji,
 * a symbol or punctuation (roughly, without a character database). */
static int letterish(uint32_t cp)
{
	if (cp < 0x80)
		return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
	return (cp >= 0xC0 && cp < 0x2000) || (cp >= 0x2C00 && cp < 0xD800) ||
	       (cp >= 0xF900 && cp < 0xFE00);
}

/* Initials of a name: the first letters of its first and last words that
 * start with a letter ("Ada Example" -> "AE", "Juno Marsh 🌱" -> "JM"). */
static char *initials(const thread_user *u)
{
	const char *s = u && u->name && *u->name ? u->name : u && u->handle ? u->handle : "";
	size_t n = strlen(s), first = n, last = n, adv, alen = 0, blen = 0;
	char *out;

	for (size_t i = 0; i < n; i += adv) {
		uint32_t cp = utf8_decode(s + i, n - i, &adv);
		if ((i == 0 || s[i - 1] == ' ') && letterish(cp)) {
			if (first == n)
				first = i, alen = adv;
			else
				last = i, blen = adv;
		}
	}
	if (first == n)
		return xstrdup("?");
	out = xasprintf("%.*s%.*s", (int)alen, s + first, (int)blen, last < n ? s + last : "");
	for (char *p = out; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	return out;
}

/* The avatar at (x, y), D across: the image clipped to a circle, or a grey
 * disc with the initials when there is no usable image. */
void lay_avatar(lay *L, const thread_user *u, float x, float y, float D)
{
	int pw, ph;
	layout_box *b;
	char *ini;
	text_para *p;
	float s = 1.1f * L->size;

	if (u && blob_px(&u->avatar, &pw, &ph)) {
		b = lay_box(L, BOX_IMAGE, x, y, D, D);
		b->img = &u->avatar;
		b->circle = 1;
		return;
	}
	b = lay_box(L, BOX_RECT, x, y, D, D);
	b->fill = 1;
	b->color = COL_AVATAR;
	b->radius = D / 2;
	ini = initials(u);
	p = lay_typeset_str(L, ini, TEXT_BOLD, -1, s, D);
	free(ini);
	lay_stack(L, p, x, D, y + (D - lay_para_h(p, s)) / 2, s, COL_GREY, AL_CENTER);
}

/* "7 February 2021 · 8 tweets · 2 min read" (no date when unknown). */
static char *header_meta(const lay *L)
{
	const thread *t = L->t;
	size_t min = lay_words(t) / 230;
	char date[40] = "";

	for (size_t i = 0; i < t->ntweets && !*date; i++)
		if (!t->tweets[i]->gap && t->tweets[i]->created)
			lay_date(t->tweets[i]->created, date, sizeof date);
	return xasprintf("%s%s%zu tweet%s \xC2\xB7 %zu min read", date, *date ? " \xC2\xB7 " : "",
			 L->nreal, L->nreal == 1 ? "" : "s", min ? min : 1);
}

/* The author block opening page 1: avatar, name, @handle, date and counts,
 * the name and handle linking to the thread, and a thin rule under it all.
 * The name takes two lines at most, the handle two, the rest three, all
 * together no more than the page holds. */
static void build_header(lay *L)
{
	const thread_user *u = L->t->author;
	float s = L->size, D = 3.5f * s, gap = 0.9f * s, tx = L->x0 + D + gap, tw = L->w - D - gap;
	float room = L->body_h - 0.8f * L->lead - 0.6f;
	char *handle = xasprintf("@%s", u->handle ? u->handle : ""), *meta = header_meta(L);
	text_para *pn = lay_label(L, u->name, TEXT_BOLD, -1, 1.3f * s, tw, 2, room);
	float hn = lay_para_h(pn, 1.3f * s);
	text_para *ph = u->handle && *u->handle ? lay_label(L, handle, 0, -1, s, tw, 2, room - hn) : NULL;
	float hh = lay_para_h(ph, s);
	text_para *pm = lay_label(L, meta, 0, -1, 0.85f * s, tw, 3, room - hn - hh);
	float hc = hn + hh + lay_para_h(pm, 0.85f * s);
	float y0 = hc < D ? (D - hc) / 2 : 0, y = y0, h;
	size_t b0 = L->npool;
	layout_box *r;

	free(handle);
	free(meta);
	lay_avatar(L, u, L->x0, 0, D);
	y += lay_stack(L, pn, tx, tw, y, 1.3f * s, COL_TEXT, AL_NATURAL);
	y += lay_stack(L, ph, tx, tw, y, s, COL_GREY, AL_NATURAL);
	if (L->t->url && y > y0)
		lay_box(L, BOX_LINK, tx, y0, tw, y - y0)->uri = L->t->url;
	y += lay_stack(L, pm, tx, tw, y, 0.85f * s, COL_GREY, AL_NATURAL);
	h = fmaxf(D, y) + 0.8f * L->lead;
	r = lay_box(L, BOX_RECT, L->x0, h, L->w, 0.6f);
	r->fill = 1;
	r->color = COL_RULE;
	lay_item_add(L, IT_ATOM, h + 0.6f, b0);
	lay_space(L, 1.2f * L->lead);
}

/* Appends the attributes of attrs[0..na) that overlap [s, e) to out, shifted
 * to the segment; *ai skips those wholly before it (they are in order). */
static size_t seg_attrs(const text_attr *a, size_t na, size_t *ai, size_t s, size_t e,
			text_attr *out)
{
	size_t n = 0;

	while (*ai < na && a[*ai].end <= s)
		(*ai)++;
	for (size_t i = *ai; i < na && a[i].start < e; i++) {
		out[n] = a[i];
		out[n].start = a[i].start > s ? a[i].start - s : 0;
		out[n].end = (a[i].end < e ? a[i].end : e) - s;
		n++;
	}
	return n;
}

/* 1 when str[s, e) holds only blanks. */
static int blank(const char *str, size_t s, size_t e)
{
	for (size_t i = s; i < e; i++)
		if (str[i] != ' ' && str[i] != '\t' && str[i] != '\r')
			return 0;
	return 1;
}

/* Sets str cut at '\n': one paragraph per line, a blank line (or several)
 * becoming paragraph space, leading and trailing blank lines dropped. */
static void flow_lines(lay *L, const char *str, size_t len, const text_attr *a, size_t na,
		       float x, float w, float size, uint32_t color)
{
	text_attr *sa = xmalloc((na ? na : 1) * sizeof *sa);
	size_t ai = 0, e;
	int started = 0, pending = 0;

	for (size_t s = 0; s < len; s = e + 1) {
		for (e = s; e < len && str[e] != '\n'; e++)
			;
		size_t end = e;
		while (end > s && str[end - 1] == '\r')
			end--;
		if (blank(str, s, end)) {
			pending = started;
			continue;
		}
		if (pending)
			lay_space(L, PARA_SPACE * LEAD * size);
		size_t nsa = seg_attrs(a, na, &ai, s, end, sa);
		lay_flow(L, lay_typeset(L, str + s, end - s, sa, nsa, size, w), x, w, size, color);
		started = 1;
		pending = 0;
	}
	free(sa);
}

/* A tweet's text from its spans, links (URLs, mentions, hashtags, cashtags)
 * coloured and tagged with their target. */
static void build_text(lay *L, const thread_tweet *tw, float x, float w, float size)
{
	text_attr *a = xmalloc((tw->nspans ? tw->nspans : 1) * sizeof *a);
	size_t na = 0;
	buf b;

	buf_init(&b);
	for (size_t i = 0; i < tw->nspans; i++) {
		const thread_span *sp = &tw->spans[i];
		size_t s = b.len;
		buf_adds(&b, sp->text ? sp->text : "");
		if (sp->kind != SPAN_TEXT && b.len > s)
			a[na++] = (text_attr){ s, b.len, 0, lay_tag_new(L, COL_LINK, sp->href) };
	}
	flow_lines(L, b.data ? b.data : "", b.len, a, na, x, w, size, COL_TEXT);
	buf_free(&b);
	free(a);
}

/* The small grey number heading a tweet ("3 / 8"), linking to it. */
static size_t heading(lay *L, const thread_tweet *tw, size_t k)
{
	float s = 0.8f * L->size;
	char *num = xasprintf("%zu / %zu", k + 1, L->nreal);
	text_para *p = lay_typeset_str(L, num, 0, lay_tag_new(L, COL_FAINT, tw->permalink), s, L->w);
	size_t b0 = L->npool, it;

	free(num);
	it = lay_item_add(L, IT_LINE, lay_stack(L, p, L->x0, L->w, 0, s, COL_FAINT, AL_NATURAL), b0);
	L->items[it].mark = (int)k;
	return it;
}

/* Keeps a tweet's heading (item i0) with its first two lines of text, or
 * with whatever block comes first. */
static void keep_heading(lay *L, size_t i0)
{
	lay_item *prev = &L->items[i0];
	int lines = 0;

	for (size_t i = i0 + 1; i < L->nitems; i++) {
		if (L->items[i].kind == IT_SPACE)
			continue;
		prev->keep = 1;
		if (L->items[i].kind != IT_LINE || ++lines == 2)
			break;
		prev = &L->items[i];
	}
}

/* A framed box with a centred grey italic label of three lines at most: a
 * missing tweet (a dashed rectangle), or a missing image (a placeholder,
 * whose upper half is left to the picture mark the renderer draws, the label
 * centred in the lower half). Never taller than the body. */
static size_t framed_label(lay *L, layout_box_kind kind, const char *label, float x, float w)
{
	float s = 0.85f * L->size, pad = 0.6f * L->lead;
	float maxh = kind == BOX_PLACEHOLDER ? (L->body_h - 0.5f * L->lead) / 2 - pad : L->body_h - 2 * pad;
	text_para *p = lay_label(L, label, TEXT_ITALIC, -1, s, w - 2 * pad, 3, maxh);
	float th = lay_para_h(p, s), h = th + 2 * pad, y = pad;
	size_t b0 = L->npool;
	layout_box *f;

	if (kind == BOX_PLACEHOLDER) {
		h = fmaxf(4.5f * L->lead, 2 * (th + pad) + 0.5f * L->lead);
		y = h / 2 + (h / 2 - th) / 2;
	}
	f = lay_box(L, kind, x, 0, w, h);
	f->stroke = 1;
	f->stroke_color = COL_FRAME;
	f->line_width = 0.75f;
	f->radius = 0.3f * L->size;
	if (kind == BOX_RECT)
		f->dash = 3;
	else {
		f->fill = 1;
		f->color = COL_FILL;
	}
	lay_stack(L, p, x + pad, w - 2 * pad, y, s, COL_GREY, AL_CENTER);
	return lay_item_add(L, IT_ATOM, h, b0);
}

/* A missing image: a framed box saying so, linking to where the image was.
 * No warning here: the media module, which knows why, gives it. */
static void placeholder(lay *L, const thread_media *m, const char *link)
{
	const char *what = m->kind == MEDIA_PHOTO ? "Image" : m->kind == MEDIA_VIDEO ? "Video" : "GIF";
	const char *name = m->alt && *m->alt ? m->alt : m->url ? m->url : "";
	char *label = xasprintf("%s unavailable%s%s", what, *name ? ": " : "", name);
	size_t it = framed_label(L, BOX_PLACEHOLDER, label, L->x0, L->w);
	lay_item *i = &L->items[it];

	free(label);
	L->pool[i->box0].uri = m->url;
	if (link || m->url) {
		lay_box(L, BOX_LINK, L->x0, 0, L->w, i->h)->uri = link ? link : m->url;
		i->nbox++;
	}
}

/* A video or GIF the source has no picture of (a data archive keeps only
 * its mp4): a framed play mark saying what it is, linking to it. */
static void video_link(lay *L, const thread_media *m, const char *link)
{
	const char *what = m->kind == MEDIA_VIDEO ? "Video" : "GIF";
	char *label = m->alt && *m->alt ? xasprintf("%s: %s", what, m->alt) : xasprintf("%s \xC2\xB7 play it on X", what);
	size_t it = framed_label(L, BOX_PLACEHOLDER, label, L->x0, L->w);
	lay_item *i = &L->items[it];

	free(label);
	L->pool[i->box0].play = 1;
	L->pool[i->box0].uri = link;
	if (link) {
		lay_box(L, BOX_LINK, L->x0, 0, L->w, i->h)->uri = link;
		i->nbox++;
	}
}

/* Alt text in small grey italic under an image, kept with it. */
static void alt_text(lay *L, const char *alt, size_t img)
{
	float s = 0.8f * L->size;
	text_para *p = lay_typeset_str(L, alt, TEXT_ITALIC, -1, s, L->w);

	if (!p)
		return;
	L->items[img].keep = 1;
	lay_space(L, 0.2f * L->lead);
	lay_flow(L, p, L->x0, L->w, s, COL_GREY);
}

/* The text alternative of a medium: its alt text, else "Photo" or
 * "Video: " and where it plays (kept by the document). */
static const char *media_alt(lay *L, const thread_media *m)
{
	if (m->alt && *m->alt)
		return m->alt;
	if (m->kind == MEDIA_PHOTO)
		return "Photo";
	char *s = xasprintf("Video: %s", m->link ? m->link : m->url ? m->url : "no link");
	lay_keep_str(L, s);
	return s;
}

/* One photo, video or GIF across the column (never upscaled past 1 pt per
 * pixel, at most 40% of the body high, centred), its alt text under it;
 * videos and GIFs get a play mark and link to the video. */
static void build_media(lay *L, const thread_media *m, const char *permalink)
{
	const char *link = m->kind == MEDIA_PHOTO ? NULL : m->link ? m->link : permalink;
	float maxh = 0.4f * L->body_h, sc, w, h, x;
	int pw, ph;
	size_t b0 = L->npool, it;
	layout_box *b;

	if (!blob_px(&m->img, &pw, &ph) && m->kind != MEDIA_PHOTO && !m->url) {
		video_link(L, m, link);
		return;
	}
	if (!blob_px(&m->img, &pw, &ph)) {
		placeholder(L, m, link);
		return;
	}
	sc = fminf(fminf(L->w / (float)pw, maxh / (float)ph), 1.0f);
	w = pw * sc;
	h = ph * sc;
	x = L->x0 + (L->w - w) / 2;
	b = lay_box(L, BOX_IMAGE, x, 0, w, h);
	b->img = &m->img;
	b->play = m->kind != MEDIA_PHOTO;
	b->alt = media_alt(L, m);
	if (link)
		lay_box(L, BOX_LINK, x, 0, w, h)->uri = link;
	it = lay_item_add(L, IT_ATOM, h, b0);
	L->items[it].shrink = 1;
	if (m->alt && *m->alt)
		alt_text(L, m->alt, it);
}

/* Width over height of a thumbnail: the image's, or 4:3 when it is missing. */
static float thumb_aspect(const thread_media *m)
{
	int pw, ph;

	return blob_px(&m->img, &pw, &ph) ? (float)pw / (float)ph : 4.0f / 3.0f;
}

/* One thumbnail at (x, 0) of w by h: the image, or an empty placeholder. */
static void thumb(lay *L, const thread_media *m, float x, float w, float h)
{
	int pw, ph;
	layout_box *b;

	if (blob_px(&m->img, &pw, &ph)) {
		b = lay_box(L, BOX_IMAGE, x, 0, w, h);
		b->img = &m->img;
		b->play = m->kind != MEDIA_PHOTO;
		b->alt = media_alt(L, m);
		return;
	}
	b = lay_box(L, BOX_PLACEHOLDER, x, 0, w, h);
	b->alt = media_alt(L, m);
	b->uri = m->url;
	b->fill = b->stroke = 1;
	b->color = COL_FILL;
	b->stroke_color = COL_FRAME;
	b->line_width = 0.75f;
}

/* A quoted tweet's media as one row of thumbnails, shrunk to fit the width. */
static void thumbs(lay *L, const thread_tweet *q, float x, float w)
{
	size_t n = q->nmedia < 4 ? q->nmedia : 4, b0 = L->npool;
	float th = 4.5f * L->size, gap = 0.4f * L->size, sum = 0, sc;

	for (size_t i = 0; i < n; i++)
		sum += fminf(th * thumb_aspect(&q->media[i]), w);
	sc = sum + gap * (float)(n - 1) > w ? (w - gap * (float)(n - 1)) / sum : 1;
	for (size_t i = 0; i < n; i++) {
		float tw = fminf(th * thumb_aspect(&q->media[i]), w) * sc;
		thumb(L, &q->media[i], x, tw, th * sc);
		x += tw + gap;
	}
	lay_item_add(L, IT_ATOM, th * sc, b0);
}

/* "Name @handle" on one line (two at most), the name bold, the handle grey. */
static void author_line(lay *L, const thread_user *u, float x, float w, float s)
{
	const char *name = u && u->name ? u->name : "", *handle = u && u->handle ? u->handle : "";
	char *raw = xasprintf("%s%s%s%s", name, *name && *handle ? " " : "", *handle ? "@" : "", handle);
	char *str = lay_flat(raw);
	size_t nl = strlen(name), len = strlen(str);
	text_attr a[2] = { { 0, nl, TEXT_BOLD, -1 }, { nl, len, 0, lay_tag_new(L, COL_GREY, NULL) } };

	lay_flow(L, lay_fit(L, str, a, 2, s, w, 2, L->body_h), x, w, s, COL_TEXT);
	free(raw);
	free(str);
}

/* A quote box too tall for a page: its frame becomes a top rule and a bar
 * down its left side; its link (if any) covers its top, items i0..ia. */
static void split_quote(lay *L, size_t i0, size_t ia, size_t b0, int link)
{
	float h = 0;

	for (size_t i = i0; i < ia; i++)
		h += L->items[i].h;
	L->pool[b0].h = 0.75f;
	L->pool[b0].stroke = 0;
	L->pool[b0].color = COL_FRAME;
	if (link)
		L->pool[b0 + 1].h = h;
	for (size_t i = i0; i + 1 < ia; i++)
		L->items[i].keep = 1;
	for (size_t i = i0 + 1; i < L->nitems; i++)
		L->items[i].bar_x = L->x0;
}

/* The frame of a quote box (its height set later) and its link; returns the
 * item holding them, which is the box's top padding. */
static size_t quote_frame(lay *L, const char *permalink, float pad)
{
	size_t b0 = L->npool;
	layout_box *f = lay_box(L, BOX_RECT, L->x0, 0, L->w, 0);

	f->fill = f->stroke = 1;
	f->color = COL_FILL;
	f->stroke_color = COL_FRAME;
	f->line_width = 0.75f;
	f->radius = 6.0f * L->size / 11.0f;
	if (permalink)
		lay_box(L, BOX_LINK, L->x0, 0, L->w, 0)->uri = permalink;
	return lay_item_add(L, IT_ATOM, pad, b0);
}

/* A quoted tweet (or the tweet the thread answers, with a label) in a framed
 * inset box linking to it: author, text at 0.9 size, thumbnails. Whole on one
 * page unless it is taller than a page. */
static void build_quote(lay *L, const thread_tweet *q, const char *label)
{
	float pad = 0.9f * L->size, x = L->x0 + pad, w = L->w - 2 * pad, s = 0.9f * L->size, h = 0;
	size_t i0 = quote_frame(L, q->permalink, 0.8f * pad), b0 = L->items[i0].box0, ia;
	int outer = lay_sect_open(L, NULL, xasprintf("%s tweet by @%s", label ? label : "Quoted",
					       q->author && q->author->handle ? q->author->handle : "unknown"), q->lang);

	if (label)
		lay_flow(L, lay_typeset_str(L, label, 0, -1, 0.8f * L->size, w), x, w, 0.8f * L->size,
			 COL_GREY);
	author_line(L, q->author, x, w, s);
	ia = L->nitems;
	lay_space(L, 0.15f * L->lead);
	build_text(L, q, x, w, s);
	if (q->nmedia) {
		lay_space(L, 0.4f * L->lead);
		thumbs(L, q, x, w);
	}
	lay_space(L, pad);
	L->sect = outer;
	for (size_t i = i0; i < L->nitems; i++)
		h += L->items[i].h;
	if (h > L->body_h) {
		split_quote(L, i0, ia, b0, q->permalink != NULL);
		return;
	}
	h = lay_collapse(L, i0);
	L->pool[b0].h = h;
	if (q->permalink)
		L->pool[b0 + 1].h = h;
}

/* One numbered tweet: heading, paragraphs, media, quoted tweet. */
static void build_tweet(lay *L, const thread_tweet *tw, size_t k)
{
	int outer = lay_sect_open(L, NULL, xasprintf("Tweet %zu of %zu", k + 1, L->nreal), tw->lang);
	size_t i0 = heading(L, tw, k);

	build_text(L, tw, L->x0, L->w, L->size);
	for (size_t m = 0; m < tw->nmedia; m++) {
		lay_space(L, 0.5f * L->lead);
		build_media(L, &tw->media[m], tw->permalink);
	}
	if (tw->quote || tw->quote_id)
		lay_space(L, 0.5f * L->lead);
	if (tw->quote)
		build_quote(L, tw->quote, NULL);
	else if (tw->quote_id)
		framed_label(L, BOX_RECT, "The quoted tweet is unavailable", L->x0, L->w);
	keep_heading(L, i0);
	L->sect = outer;
}

/* The whole flow: header, the tweet answered (if any), the tweets and gaps. */
void lay_build(lay *L)
{
	const thread *t = L->t;
	size_t k = 0;

	build_header(L);
	L->d->lang = t->ntweets && t->tweets[0] ? t->tweets[0]->lang : NULL;
	if (t->context) {
		build_quote(L, t->context, "Replying to");
		lay_space(L, L->lead);
	}
	for (size_t i = 0; i < t->ntweets; i++) {
		const thread_tweet *tw = t->tweets[i];
		if (i > 0)
			lay_space(L, L->lead);
		if (tw->gap)
			framed_label(L, BOX_RECT,
				     "\xE2\x8B\xAF A tweet is missing here (deleted or unavailable)",
				     L->x0, L->w);
		else
			build_tweet(L, tw, k++);
	}
}
