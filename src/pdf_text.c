/* pdf_text: glyph slots (pass 1) and text drawing (pass 2) of the PDF
 * renderer. Outline runs become one TJ operator per baseline offset with
 * every glyph at its layout position; colour glyphs become images (one per
 * distinct glyph, see pdf_emoji.c) under invisible text; clusters of
 * several glyphs get invisible text too, so readers see one character box
 * per cluster. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hb.h>

#include "pdf_int.h"
#include "pdfbidi.h"

/* ---- pass 1: glyph slots ---- */

/* Appends one slot to a drawing sequence. */
static void seq_push(int32_t **seq, size_t *n, size_t *cap, int32_t s)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 1024;
		*seq = xrealloc(*seq, *cap * sizeof **seq);
	}
	(*seq)[(*n)++] = s;
}

/* End of the cluster starting at glyph i: the next glyph carrying text. */
static size_t cluster_end(const text_run *run, size_t i)
{
	size_t j = i + 1;

	while (j < run->nglyphs && run->glyphs[j].tlen == 0)
		j++;
	return j;
}

/* Horizontal extent of the cluster starting at glyph i: from its
 * leftmost spacing glyph, as wide as its glyphs' advances. */
static void cluster_box(const text_run *run, size_t i, float *left, float *adv)
{
	size_t end = cluster_end(run, i);
	float a = 0, l = run->glyphs[i].x;
	int found = 0;

	for (size_t j = i; j < end; j++) {
		const text_glyph *g = &run->glyphs[j];
		a += g->advance;
		if (g->advance > 0 && (!found || g->x < l)) {
			l = g->x;
			found = 1;
		}
	}
	*left = l;
	*adv = a > 0 ? a : run->size * 0.5f;
}

/* The text a cluster's code maps to: as written, or with its code points
 * reversed when pdfbidi says the reader will reverse it. */
static const char *cluster_text(render *r, const char *t, size_t n, int rev)
{
	uint32_t cps[64];
	size_t k = 0, i = 0, adv;

	if (!rev || !n)
		return t;
	while (i < n && k < 64) {
		cps[k++] = utf8_decode(t + i, n - i, &adv);
		i += adv;
	}
	if (i < n)
		return t;
	r->scratch.len = 0;
	while (k--) {
		char u[4];
		buf_add(&r->scratch, u, utf8_encode(cps[k], u));
	}
	return r->scratch.len == n ? r->scratch.data : t;
}

/* The glyph the invisible text of colour glyphs is drawn with: the host
 * face's "H", a glyph with an outline (mupdf and PDFium drop text whose
 * glyph is blank, .notdef or a space), else glyph 0. */
static uint32_t host_glyph(render *r)
{
	hb_font_t *hf = fonts_hb_font(r->f, HOST_FACE);
	hb_codepoint_t gid = 0;

	if (!r->host_gid_set) {
		if (!hf || !hb_font_get_nominal_glyph(hf, 'H', &gid))
			gid = 0;
		r->host_gid = gid;
		r->host_gid_set = 1;
	}
	return r->host_gid;
}

/* The length of the piece of a colour cluster's text starting at t (n
 * bytes left): one code point and the ones below U+10000 after it (a
 * joiner, a variation selector, a keycap), so that no piece holds two
 * beyond U+FFFF. */
static size_t piece_len(const char *t, size_t n)
{
	size_t adv, p;

	int big = utf8_decode(t, n, &adv) >= 0x10000;
	for (p = adv; p < n; p += adv) {
		uint32_t c = utf8_decode(t + p, n - p, &adv);
		if (c == 0x200D && big)
			break;
		if (c >= 0x10000) {
			if (big)
				break;
			big = 1;
		}
	}
	return p;
}

/* The number of pieces of a colour cluster's text (at least 1). */
static size_t count_cps(const char *t, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i += piece_len(t + i, n - i), k++)
		;
	return k ? k : 1;
}

/* The slots of the text of a colour glyph's cluster, drawn invisibly over
 * the glyph's image: one per piece (piece_len), side by side (mupdf reads
 * a code standing for several characters beyond U+FFFF as broken
 * surrogates; pdf.js drops a joiner that is a code of its own). */
static void cluster_slots(render *r, const layout_box *b, size_t i, int rev)
{
	const text_glyph *g = &b->run->glyphs[i];
	size_t n = g->tlen, adv;
	char *t = xmalloc(n + 1);

	if (!n) {
		free(t);
		return;
	}

	memcpy(t, cluster_text(r, b->text + g->tstart, n, rev), n);
	for (size_t p = 0; p < n; p += adv) {
		adv = piece_len(t + p, n - p);
		seq_push(&r->inv, &r->ninv, &r->cinv, pdffont_add(r->pf, HOST_FACE, host_glyph(r), t + p, adv));
	}
	free(t);
}

/* What pass 1 and pass 2 ask of each glyph's cluster, computed once per
 * run (asked per glyph, a cluster of thousands of marks made it cubic). */
typedef struct clinfo {
	size_t lead, end;      /* the cluster: glyphs lead .. end */
	size_t widest;         /* its widest glyph (the letter, not a mark) */
	size_t rank, ntext;    /* this glyph among its text-carrying glyphs, and their number */
	unsigned char outline; /* drawn as a filled outline (pdf_outline.c), carrying no text */
} clinfo;

/* Fills the facts of the glyphs of one cluster [lead, end): a glyph of a
 * cluster of several off the baseline of its widest glyph (a raised or
 * lowered mark) is an outline. */
static void cluster_facts(const text_run *run, clinfo *cl, size_t lead, size_t end)
{
	size_t widest = lead, nt = 0;

	for (size_t j = lead + 1; j < end; j++)
		if (run->glyphs[j].advance > run->glyphs[widest].advance)
			widest = j;
	for (size_t j = lead; j < end; j++) {
		int out = !run->color && end - lead >= 2 && j != widest &&
			  fabsf(run->glyphs[j].y - run->glyphs[widest].y) > 0.01f;
		cl[j] = (clinfo){ lead, end, widest, nt, 0, (unsigned char)out };
		nt += !out;
	}
	for (size_t j = lead; j < end; j++)
		cl[j].ntext = nt;
}

/* The cluster facts of every glyph of run, kept until another run is asked. */
static const clinfo *run_clusters(render *r, const text_run *run)
{
	clinfo *cl = r->clinfo;

	if (r->clrun == run)
		return cl;
	if (run->nglyphs > r->clcap) {
		r->clcap = run->nglyphs;
		cl = r->clinfo = xrealloc(r->clinfo, r->clcap * sizeof *cl);
	}
	for (size_t lead = 0; lead < run->nglyphs;) {
		size_t end = cluster_end(run, lead);
		cluster_facts(run, cl, lead, end);
		lead = end;
	}
	r->clrun = run;
	return cl;
}

void pdfr_text_free(render *r)
{
	free(r->clinfo);
	r->clinfo = NULL;
	r->clcap = 0;
	r->clrun = NULL;
}

/* Whether glyph i of a run is drawn as a filled outline and so carries no text. */
static int outline_glyph(render *r, const text_run *run, size_t i)
{
	return run_clusters(r, run)[i].outline;
}

/* A right-to-left cluster of several glyphs (a letter and its marks):
 * the whole text on its widest glyph (the letter), none on the marks, so
 * that readers reversing the line by position keep the marks with it. */
static size_t rtl_share(const text_run *run, const clinfo *c, size_t lead, size_t i, size_t *off)
{
	if (i != c->widest)
		return 0;
	*off = run->glyphs[lead].tstart;
	return run->glyphs[lead].tlen;
}

/* The share of its cluster's text glyph i of a run stands for, as a byte
 * range of the paragraph text: the cluster's code points spread over its
 * glyphs in drawing order (one each when they are as many; a ligature's
 * glyph takes the rest; glyphs beyond the code points get none). Readers
 * that rebuild text glyph by glyph (mupdf, pdf.js, PDFium) then get every
 * character in place, without an overlay. A colour glyph stands for its
 * whole cluster (its text is drawn invisibly). 0 when the glyph has none. */
static size_t glyph_share(render *r, const layout_box *b, size_t i, size_t *off)
{
	const text_run *run = b->run;
	size_t cut[65], k = 0, adv;

	if (!b->text)
		return 0;
	if (run->color) {
		*off = run->glyphs[i].tstart;
		return run->glyphs[i].tlen;
	}
	const clinfo *c = &run_clusters(r, run)[i];
	size_t lead = c->lead;
	const text_glyph *g = &run->glyphs[lead];
	size_t m = c->end - lead, j = c->rank, mt = c->ntext;
	if (c->outline)
		return 0;
	for (size_t p = 0; p < g->tlen && k < 64; p += adv) {
		cut[k++] = p;
		utf8_decode(b->text + g->tstart + p, g->tlen - p, &adv);
	}
	cut[k] = g->tlen;
	if (run->rtl && m > 1)
		return rtl_share(run, c, lead, i, off);
	if (!g->tlen || j >= k)
		return 0;
	size_t from = j, to = j + 1 == mt || j + 1 >= k ? k : j + 1;
	*off = g->tstart + cut[from];
	return cut[to] - cut[from];
}

/* Registers the glyphs of one run: each outline glyph in its face with its
 * share of the text, and the invisible text of colour glyphs. */
static void collect_run(render *r, const layout_box *b, const unsigned char **rev)
{
	const text_run *run = b->run;

	for (size_t i = 0; i < run->nglyphs; i++) {
		const text_glyph *g = &run->glyphs[i];
		size_t off = 0, n = glyph_share(r, b, i, &off);
		int rv = n ? *(*rev)++ : 0;
		if (!run->color && outline_glyph(r, run, i)) {
			seq_push(&r->seq, &r->nseq, &r->cseq, -1);
		} else if (!run->color) {
			const char *t = n ? cluster_text(r, b->text + off, n, rv) : "";
			seq_push(&r->seq, &r->nseq, &r->cseq, pdffont_add(r->pf, run->face, g->gid, t, n));
		} else if (n) {
			cluster_slots(r, b, i, rv);
		}
		if (run->color) {
			emoji_entry *e = pdfr_emoji_entry(r, run->face, g->gid);
			e->max_size = fmaxf(e->max_size, run->size);
		}
	}
}

/* The text-carrying glyphs of one page, in collect order, for pdfbidi. */
static pdfbidi_item *page_items(render *r, const layout_page *pg, size_t *n)
{
	pdfbidi_item *it = NULL;
	size_t cap = 0;

	*n = 0;
	for (size_t k = 0; k < pg->nboxes; k++) {
		const layout_box *b = &pg->boxes[k];
		if (b->kind != BOX_TEXT || !b->run || !b->text)
			continue;
		for (size_t i = 0; i < b->run->nglyphs; i++) {
			size_t off = 0, len = glyph_share(r, b, i, &off);
			if (!len)
				continue;
			float left = b->run->glyphs[i].x, adv;
			if (b->run->color)
				cluster_box(b->run, i, &left, &adv);
			if (*n == cap) {
				cap = cap ? cap * 2 : 256;
				it = xrealloc(it, cap * sizeof *it);
			}
			it[(*n)++] = (pdfbidi_item){ b->text, b->y, b->x + left, b->text + off, len };
		}
	}
	return it;
}

/* First pass over every page: the slots, in the order pass 2 draws them,
 * each cluster's text ordered for readers that reorder by position. */
void pdfr_collect(render *r)
{
	for (size_t p = 0; p < r->d->npages; p++) {
		const layout_page *pg = &r->d->pages[p];
		size_t n;
		pdfbidi_item *items = page_items(r, pg, &n);
		unsigned char *rev = xcalloc(n ? n : 1, 1);
		const unsigned char *cur = rev;
		pdfbidi_decide(items, n, rev);
		for (size_t i = 0; i < pg->nboxes; i++)
			if (pg->boxes[i].kind == BOX_TEXT && pg->boxes[i].run)
				collect_run(r, &pg->boxes[i], &cur);
		free(rev);
		free(items);
	}
}

/* ---- text ---- */

/* Opens a text object unless one is open. */
void pdfr_text_begin(render *r)
{
	if (r->in_text)
		return;
	HPDF_Page_BeginText(r->page);
	r->in_text = 1;
	r->lx = r->ly = 0;
}

/* Closes the open text object, if any; a marked-content sequence opened
 * inside it ends first and opens again after it (pdf_tags.c). */
void pdfr_text_end(render *r)
{
	if (!r->in_text)
		return;
	int reopen = r->tags ? pdfr_tags_text_closing(r) : 0;
	HPDF_Page_EndText(r->page);
	r->in_text = 0;
	if (reopen)
		pdfr_tags_text_closed(r);
}

/* Appends v/1000 in the fewest characters: no trailing zeros, no leading
 * zero ("-.5", ".549", "12"). */
static void put_milli(buf *b, long v)
{
	unsigned long a = v < 0 ? (unsigned long)-v : (unsigned long)v;
	char s[32];
	int n = snprintf(s, sizeof s, "%s", v < 0 ? "-" : "");

	if (a >= 1000 || a == 0)
		n += snprintf(s + n, sizeof s - (size_t)n, "%lu", a / 1000);
	if (a % 1000) {
		n += snprintf(s + n, sizeof s - (size_t)n, ".%03lu", a % 1000);
		while (s[n - 1] == '0')
			n--;
	}
	buf_add(b, s, (size_t)n);
}

/* Appends colour component c (0 .. 255) as a fraction of three decimals
 * at most, enough to give back c: "0", "1", ".549". */
static void put_component(buf *b, unsigned c)
{
	put_milli(b, (long)((c * 1000 + 127) / 255));
}

/* Writes a colour operator: op_gray with one component when the three
 * are equal (all of a thread's text colours but the link blue), else
 * op_rgb with three (libharu writes five decimals of each). */
static void put_color(render *r, uint32_t rgb, const char *op_gray, const char *op_rgb)
{
	unsigned c[3] = { rgb >> 16 & 255, rgb >> 8 & 255, rgb & 255 };
	int gray = c[0] == c[1] && c[1] == c[2];

	r->scratch.len = 0;
	for (int k = 0; k < (gray ? 1 : 3); k++) {
		put_component(&r->scratch, c[k]);
		buf_addc(&r->scratch, ' ');
	}
	buf_adds(&r->scratch, gray ? op_gray : op_rgb);
	HPDF_Stream_Write(r->content, (const HPDF_BYTE *)r->scratch.data, (HPDF_UINT)r->scratch.len);
}

/* Sets the fill colour unless it is already current. */
void pdfr_set_fill(render *r, uint32_t rgb)
{
	if (r->fill == rgb)
		return;
	put_color(r, rgb, "g\n", "rg\n");
	r->fill = rgb;
}

/* Sets the stroke colour (not cached: strokes are rare). */
void pdfr_set_stroke(render *r, uint32_t rgb)
{
	put_color(r, rgb, "G\n", "RG\n");
}

/* Font, size, rendering mode and horizontal scaling, each only when changed. */
static void text_state(render *r, HPDF_Font font, float size, int mode, float hscale)
{
	if (font != r->font || size != r->size) {
		HPDF_Page_SetFontAndSize(r->page, font, size);
		r->font = font;
		r->size = size;
	}
	if (mode != r->mode) {
		HPDF_Page_SetTextRenderingMode(r->page, (HPDF_TextRenderingMode)mode);
		r->mode = mode;
	}
	if (hscale != r->hscale) {
		/* Written directly: libharu refuses scalings outside 10-300 %. */
		char tz[32];
		int n = snprintf(tz, sizeof tz, "%.2f", hscale);
		while (tz[n - 1] == '0')
			n--;
		n -= tz[n - 1] == '.';
		snprintf(tz + n, sizeof tz - (size_t)n, " Tz\n");
		HPDF_Stream_WriteStr(r->content, tz);
		r->hscale = hscale;
	}
}

/* Appends one byte of a literal string, escaped where PDF needs it
 * (parentheses, backslash; line ends, which a reader may normalize). */
static void lit_byte(buf *b, unsigned char c)
{
	if (c == '(' || c == ')' || c == '\\') {
		buf_addc(b, '\\');
		buf_addc(b, (char)c);
	} else if (c == '\n' || c == '\r') {
		buf_adds(b, c == '\n' ? "\\n" : "\\r");
	} else {
		buf_addc(b, (char)c);
	}
}

/* Appends a slot's 1- or 2-byte code as binary in a literal string: half
 * the bytes of hex, and after deflate about a fifth less content stream. */
static void tj_code(buf *b, const pdffont *pf, int32_t slot)
{
	unsigned code = pdffont_code(pf, slot);

	if (pdffont_code_len(pf, slot) == 2)
		lit_byte(b, (unsigned char)(code >> 8));
	lit_byte(b, (unsigned char)code);
}

/* Writes the pending TJ operator straight into the page's content stream. */
static void tj_flush(render *r)
{
	if (!r->tj.len)
		return;
	buf_adds(&r->tj, ")] TJ\n");
	HPDF_Stream_Write(r->content, (const HPDF_BYTE *)r->tj.data, (HPDF_UINT)r->tj.len);
	r->tj.len = 0;
}

/* Starts a TJ segment at absolute text position (x, y): a Td from the
 * previous segment's start, in thousandths of a point (lines of a
 * paragraph then repeat the same move, which compresses to almost
 * nothing; libharu's Tm wrote six digits of both coordinates each time). */
static void tj_start(render *r, double x, double y)
{
	long mx = lround(x * 1000.0), my = lround(y * 1000.0);

	tj_flush(r);
	put_milli(&r->tj, mx - r->lx);
	buf_addc(&r->tj, ' ');
	put_milli(&r->tj, my - r->ly);
	buf_adds(&r->tj, " Td\n[(");
	r->lx = mx;
	r->ly = my;
}

/* The invisible text of a run's colour clusters, each piece stretched (horizontal scaling) over its share of its cluster on the
 * baseline. */
static void draw_invisible(render *r, const layout_box *b)
{
	const text_run *run = b->run;

	if (!b->text)
		return;
	for (size_t i = 0; i < run->nglyphs; i++) {
		const text_glyph *g = &run->glyphs[i];
		if (g->tlen == 0 || !run->color)
			continue;
		size_t k = count_cps(b->text + g->tstart, g->tlen);
		float left, adv;
		cluster_box(run, i, &left, &adv);
		for (size_t j = 0; j < k; j++) {
			int32_t s = r->inv[r->next_inv++];
			int w = s >= 0 && pdffont_font(r->pf, s) ? pdffont_width(r->pf, s) : 0;
			if (w <= 0)
				continue;
			pdfr_text_begin(r);
			float scale = 100.0f * (adv / (float)k) / ((float)w * run->size / 1000.0f);
			text_state(r, pdffont_font(r->pf, s), run->size, HPDF_INVISIBLE, scale);
			tj_start(r, b->x + left + (float)j * adv / (float)k, r->ph - b->y);
			tj_code(&r->tj, r->pf, s);
			tj_flush(r);
		}
	}
}

/* Whether libharu accepts a run's size (and it divides nothing by zero). */
static int size_ok(const text_run *run)
{
	return run->size > 0.01f && run->size <= HPDF_MAX_FONTSIZE;
}

/* Skips the slots of a run that is not drawn, to stay in step. */
static void skip_run(render *r, const text_run *run, const layout_box *b)
{
	for (size_t i = 0; i < run->nglyphs; i++) {
		const text_glyph *g = &run->glyphs[i];
		if (!run->color)
			r->next++;
		if (b->text && g->tlen && run->color)
			r->next_inv += count_cps(b->text + g->tstart, g->tlen);
	}
}

/* Draws a colour run: each glyph's bitmap, then its invisible text. */
void pdfr_draw_color_run(render *r, const layout_box *b)
{
	const text_run *run = b->run;
	double x0 = b->x, y0 = r->ph - b->y;

	if (!size_ok(run)) {
		skip_run(r, run, b);
		return;
	}
	pdfr_text_end(r);
	for (size_t i = 0; i < run->nglyphs; i++) {
		const text_glyph *g = &run->glyphs[i];
		emoji_entry *e = pdfr_emoji_get(r, run->face, g->gid);
		if (!e->img)
			continue;
		double x = x0 + g->x + e->left * run->size, top = y0 + g->y + e->top * run->size;
		HPDF_Page_DrawImage(r->page, e->img, (float)x, (float)(top - e->h * run->size),
				    e->w * run->size, e->h * run->size);
	}
	draw_invisible(r, b);
}

/* Draws the glyphs of a run that carry no text as filled outlines, at
 * their layout positions, after the run's text. */
static void draw_outlines(render *r, const layout_box *b)
{
	const text_run *run = b->run;

	for (size_t i = 0; i < run->nglyphs; i++)
		if (outline_glyph(r, run, i))
			pdfr_outline_draw(r, run->face, run->glyphs[i].gid, b->x + run->glyphs[i].x,
					  r->ph - b->y + run->glyphs[i].y, run->size);
}

/* Draws an outline run: one TJ per baseline offset, every glyph placed at
 * its layout position by adjustments against the font's own advances. */
void pdfr_draw_text_run(render *r, const layout_box *b)
{
	const text_run *run = b->run;
	double x0 = b->x, y0 = r->ph - b->y, pen = 0, segy = 0;
	int open = 0;

	if (!size_ok(run)) {
		skip_run(r, run, b);
		return;
	}
	pdfr_text_begin(r);
	pdfr_set_fill(r, b->color);
	for (size_t i = 0; i < run->nglyphs; i++) {
		const text_glyph *g = &run->glyphs[i];
		int32_t s = r->seq[r->next++];
		double gx = x0 + g->x, gy = y0 + g->y;
		if (s < 0)
			continue;
		HPDF_Font font = pdffont_font(r->pf, s);
		if (!font)
			continue;
		if (font != r->font || run->size != r->size || r->mode != HPDF_FILL || r->hscale != 100) {
			tj_flush(r);
			open = 0;
			text_state(r, font, run->size, HPDF_FILL, 100);
		}
		if (!open || fabs(gy - segy) > 0.005) {
			tj_start(r, gx, gy);
			open = 1;
			segy = gy;
			pen = gx;
		} else {
			long adj = lround((pen - gx) * 1000.0 / run->size);
			if (adj) {
				buf_printf(&r->tj, ")%ld(", adj);
				pen -= (double)adj * run->size / 1000.0;
			}
		}
		tj_code(&r->tj, r->pf, s);
		pen += (double)pdffont_width(r->pf, s) * run->size / 1000.0;
	}
	tj_flush(r);
	draw_outlines(r, b);
	draw_invisible(r, b);
}

