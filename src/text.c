/* text: one paragraph of UTF-8 into lines of shaped glyph runs.
 *
 * Steps: decode to code points (and UTF-16 for ICU); grapheme clusters and
 * UAX #14 line-break opportunities from ICU break iterators; bidi levels
 * from ICU ubidi; a face per grapheme cluster (emoji presentation to the
 * colour face, else the style's body face, else a fallback); scripts with
 * Common/Inherited resolved to a neighbour's; items of equal face, script,
 * level, style and tag shaped with HarfBuzz; a greedy fill; per line, items
 * cut by the line ends reshaped, then runs reordered visually (L2). */
#include "text.h"

#include <stdlib.h>
#include <string.h>

#include <hb.h>
#include <hb-ot.h>
#include <unicode/ubidi.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utf16.h>

#include "util.h"

enum {
	F_GRAPH = 1,   /* a grapheme cluster starts here */
	F_BREAK = 2,   /* a line may break before this code point */
	F_HARD = 4,    /* the line must break before this code point */
	F_SPACE = 8    /* whitespace that may hang at a line end */
};

/* What the engine knows of one code point of the paragraph. */
typedef struct cpinfo {
	uint32_t cp;
	uint32_t off;          /* byte offset */
	int32_t u16;           /* UTF-16 offset */
	int face;
	hb_script_t script;
	uint8_t level;
	uint8_t flags;
	uint8_t style;         /* TEXT_BOLD | TEXT_ITALIC */
	int tag;
	float adv;             /* pt of the glyphs of the cluster starting here */
} cpinfo;

/* A maximal range of code points shaped together. */
typedef struct item {
	size_t i0, i1;         /* code point range */
	int face;
	hb_script_t script;
	uint8_t level, style;
	int tag;
	size_t g0, ng;         /* its glyphs in the shaped scratch */
	int mono;              /* 1: clusters in glyph order only rise (LTR) or only
				  fall (RTL), as HarfBuzz makes them: searchable */
} item;

/* One shaped glyph before it becomes a text_glyph. */
typedef struct sglyph {
	uint32_t gid, cluster;
	float adv, xoff, yoff;
	int unsafe;            /* HarfBuzz: breaking before this cluster needs reshaping */
} sglyph;

/* A growable array of shaped glyphs. */
typedef struct sgvec {
	sglyph *v;
	size_t n, cap;
} sgvec;

/* One glyph of a cached word, in font units and clusters relative to the
 * word's first code point. */
typedef struct cglyph {
	uint32_t gid, cluster;
	int32_t adv, xoff, yoff;
	int unsafe;
} cglyph;

/* One cached word: its key (face, direction, script, flags, code points)
 * and its glyphs, both in the cache's pools. */
typedef struct centry {
	uint32_t hash, used;
	uint32_t k0, nk;       /* key words in the key pool */
	uint32_t g0, ng;       /* glyphs in the glyph pool */
} centry;

enum {
	CACHE_SLOTS = 8192,    /* open addressing, a power of two */
	CACHE_MAX = 4096,      /* entries before the cache is cleared */
	CACHE_WORD = 48,       /* longest word cached, code points */
	CACHE_KEYS = 65536,    /* key words before the cache is cleared */
	CACHE_GLYPHS = 65536,  /* glyphs before the cache is cleared */
	KEY_HEAD = 3,          /* key words before the code points */
	MAX_LOOKUPS = 200      /* faces with more lookups are shaped run by run */
};

/* Shaped words, in font units, reused across the engine's paragraphs. */
typedef struct wcache {
	centry *slots;
	size_t nused;
	uint32_t *keys;
	size_t nkeys, keycap;
	cglyph *glyphs;
	size_t nglyphs, glyphcap;
	cglyph *tmp;           /* one word's glyphs while shaping */
	size_t tmpcap;
	int8_t *splits;        /* per face: 0 unknown, 1 words shape alone, -1 not */
	size_t nsplits;
} wcache;

/* A run of a line before the output is assembled. */
typedef struct frag {
	size_t item;
	size_t i0, i1;
	size_t ng, lg0;        /* its glyphs: from lg0 in the item glyphs, or in the
				  line scratch when reshaped */
	int reshaped;
} frag;

/* Output being assembled: lines, runs and glyphs in growable arrays, kept
 * in the engine and reused; each paragraph gets exact-size copies. */
typedef struct lines_out {
	text_line *lines;
	size_t nlines, caplines;
	text_run *runs;
	size_t nruns, capruns;
	size_t *runfirst;      /* per run: index of its first glyph */
	size_t caprunfirst;
	text_glyph *glyphs;
	size_t nglyphs, capglyphs;
	size_t *linefirst;     /* per line: index of its first run */
	size_t caplinefirst;
} lines_out;

struct text {
	fonts *f;
	hb_buffer_t *buf;
	UBreakIterator *lb, *gb;
	UBiDi *bidi;
	cpinfo *ci;
	size_t cicap;
	uint32_t *cps;         /* code points as shaped (controls as spaces) */
	size_t cpscap;
	UChar *u16;
	size_t u16cap;
	int32_t *u16tocp;
	size_t u16tocpcap;
	uint32_t *byte2cp;
	size_t byte2cpcap;
	double *wsum;
	size_t wsumcap;
	uint32_t *nbrk;        /* per code point: the next one with F_BREAK (itself
				  when it has it); n + 1 past the end */
	size_t nbrkcap;
	item *items;
	size_t itemcap;
	sgvec shaped, linegl;
	frag *frags;
	size_t fragcap;
	UBiDiLevel *flevels;
	size_t flevelcap;
	int32_t *fmap;
	size_t fmapcap;
	text_run *lruns;       /* a line's runs, while put in logical order */
	size_t *lfirst;
	size_t lrunscap, lfirstcap;
	uint32_t *missing;
	size_t nmissing, missingcap;
	wcache wc;
	lines_out o;
};

/* The private side of a text_para: one block each for runs and glyphs. */
typedef struct para_priv {
	text_para pub;
	text_run *runs;
	text_glyph *glyphs;
} para_priv;

/* Grows *p (elements of size sz, capacity *cap) to hold at least n. */
static void grow(void *pp, size_t *cap, size_t n, size_t sz)
{
	void **p = pp;
	if (n <= *cap)
		return;
	size_t c = *cap ? *cap : 64;
	while (c < n)
		c *= 2;
	*p = xrealloc(*p, c * sz);
	*cap = c;
}

/* Opens the engine: one HarfBuzz buffer, ICU iterators and a bidi object,
 * reused for every paragraph. */
text *text_new(fonts *f)
{
	UErrorCode err = U_ZERO_ERROR;
	text *t = xcalloc(1, sizeof *t);

	t->f = f;
	t->buf = hb_buffer_create();
	t->lb = ubrk_open(UBRK_LINE, "en", NULL, 0, &err);
	if (U_FAILURE(err))
		t->lb = NULL;
	err = U_ZERO_ERROR;
	t->gb = ubrk_open(UBRK_CHARACTER, "en", NULL, 0, &err);
	if (U_FAILURE(err))
		t->gb = NULL;
	t->bidi = ubidi_open();
	return t;
}

/* Releases the engine and its scratch arrays. */
void text_free(text *t)
{
	if (!t)
		return;
	hb_buffer_destroy(t->buf);
	if (t->lb)
		ubrk_close(t->lb);
	if (t->gb)
		ubrk_close(t->gb);
	if (t->bidi)
		ubidi_close(t->bidi);
	free(t->ci);
	free(t->cps);
	free(t->u16);
	free(t->u16tocp);
	free(t->byte2cp);
	free(t->wsum);
	free(t->nbrk);
	free(t->items);
	free(t->shaped.v);
	free(t->linegl.v);
	free(t->frags);
	free(t->flevels);
	free(t->fmap);
	free(t->lruns);
	free(t->lfirst);
	free(t->missing);
	free(t->wc.slots);
	free(t->wc.keys);
	free(t->wc.glyphs);
	free(t->wc.tmp);
	free(t->wc.splits);
	free(t->o.lines);
	free(t->o.runs);
	free(t->o.runfirst);
	free(t->o.glyphs);
	free(t->o.linefirst);
	free(t);
}

/* Frees a paragraph: its text, lines, and the single blocks of runs and glyphs. */
void text_para_free(text_para *p)
{
	if (!p)
		return;
	para_priv *pp = (para_priv *)p;
	free(p->text);
	free(p->lines);
	free(pp->runs);
	free(pp->glyphs);
	free(pp);
}

/* Remembers a code point no font covers (sorted, unique). */
static void add_missing(text *t, uint32_t cp)
{
	size_t lo = 0, hi = t->nmissing;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (t->missing[mid] == cp)
			return;
		if (t->missing[mid] < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	grow(&t->missing, &t->missingcap, t->nmissing + 1, sizeof *t->missing);
	memmove(t->missing + lo + 1, t->missing + lo, (t->nmissing - lo) * sizeof *t->missing);
	t->missing[lo] = cp;
	t->nmissing++;
}

/* Forgets the characters no font covers (a new document begins). */
void text_missing_clear(text *t)
{
	t->nmissing = 0;
}

/* The uncovered characters seen so far, space-separated, for one warning. */
char *text_missing(const text *t)
{
	if (!t || t->nmissing == 0)
		return NULL;
	buf b;
	buf_init(&b);
	for (size_t i = 0; i < t->nmissing; i++) {
		char u[4];
		if (i)
			buf_addc(&b, ' ');
		buf_add(&b, u, utf8_encode(t->missing[i], u));
	}
	return buf_steal(&b, NULL);
}

/* Whitespace that hangs at a line end (not drawn, not counted). */
static int is_space(uint32_t c)
{
	return c == 0x20 || (c >= 0x09 && c <= 0x0D) || c == 0x85 || c == 0x1680 ||
	       (c >= 0x2000 && c <= 0x200A && c != 0x2007) || c == 0x2028 || c == 0x2029 ||
	       c == 0x205F || c == 0x3000;
}

/* Decodes the paragraph into t->ci (n + 1 entries, the last an end marker)
 * and t->u16; returns the code point count. */
static size_t decode(text *t, const char *s, size_t len, size_t *n16out)
{
	grow(&t->ci, &t->cicap, len + 1, sizeof *t->ci);
	grow(&t->u16, &t->u16cap, 2 * len + 1, sizeof *t->u16);
	grow(&t->byte2cp, &t->byte2cpcap, len + 1, sizeof *t->byte2cp);
	grow(&t->cps, &t->cpscap, len + 1, sizeof *t->cps);
	size_t n = 0, n16 = 0;
	for (size_t o = 0; o < len;) {
		size_t adv;
		uint32_t c = utf8_decode(s + o, len - o, &adv);
		if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
			c = 0xFFFD;
		cpinfo *ci = &t->ci[n];
		memset(ci, 0, sizeof *ci);
		ci->cp = c;
		t->cps[n] = (c < 0x20 || (c >= 0x7F && c < 0xA0)) ? 0x20 : c;
		ci->off = (uint32_t)o;
		ci->u16 = (int32_t)n16;
		ci->tag = -1;
		if (is_space(c))
			ci->flags |= F_SPACE;
		for (size_t k = 0; k < adv && o + k < len; k++)
			t->byte2cp[o + k] = (uint32_t)n;
		if (c < 0x10000) {
			t->u16[n16++] = (UChar)c;
		} else {
			t->u16[n16++] = U16_LEAD(c);
			t->u16[n16++] = U16_TRAIL(c);
		}
		o += adv ? adv : 1;
		n++;
	}
	memset(&t->ci[n], 0, sizeof t->ci[n]);
	t->ci[n].off = (uint32_t)len;
	t->ci[n].u16 = (int32_t)n16;
	t->byte2cp[len] = (uint32_t)n;
	grow(&t->u16tocp, &t->u16tocpcap, n16 + 1, sizeof *t->u16tocp);
	for (size_t i = 0; i <= n; i++)
		t->u16tocp[t->ci[i].u16] = (int32_t)i;
	for (size_t i = 0; i < n; i++)
		if (t->ci[i + 1].u16 - t->ci[i].u16 == 2)
			t->u16tocp[t->ci[i].u16 + 1] = (int32_t)i;
	*n16out = n16;
	return n;
}

/* 1 when every code point is below U+0300 (before the combining marks):
 * then, by UAX #29, each is a grapheme of its own but for CR LF, and ICU's
 * grapheme iterator need not run (most tweets are such text). */
static int simple_graphemes(const cpinfo *ci, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (ci[i].cp >= 0x300)
			return 0;
	return 1;
}

/* Marks grapheme cluster starts and line-break opportunities (ICU). */
static void find_breaks(text *t, size_t n, size_t n16)
{
	UErrorCode err = U_ZERO_ERROR;
	cpinfo *ci = t->ci;

	ci[0].flags |= F_GRAPH;
	ci[n].flags |= F_GRAPH | F_BREAK;
	if (simple_graphemes(ci, n)) {
		for (size_t i = 1; i < n; i++)
			if (ci[i - 1].cp != '\r' || ci[i].cp != '\n')
				ci[i].flags |= F_GRAPH;
	} else if (t->gb) {
		ubrk_setText(t->gb, t->u16, (int32_t)n16, &err);
		for (int32_t p = ubrk_first(t->gb); p != UBRK_DONE; p = ubrk_next(t->gb))
			ci[t->u16tocp[p]].flags |= F_GRAPH;
	} else {
		for (size_t i = 0; i < n; i++)
			ci[i].flags |= F_GRAPH;
	}
	err = U_ZERO_ERROR;
	if (t->lb) {
		ubrk_setText(t->lb, t->u16, (int32_t)n16, &err);
		for (int32_t p = ubrk_next(t->lb); p != UBRK_DONE; p = ubrk_next(t->lb)) {
			cpinfo *c = &ci[t->u16tocp[p]];
			if (!(c->flags & F_GRAPH) || (size_t)p >= n16)
				continue;
			c->flags |= F_BREAK;
			int32_t st = ubrk_getRuleStatus(t->lb);
			if (st >= UBRK_LINE_HARD && st < UBRK_LINE_HARD_LIMIT)
				c->flags |= F_HARD;
		}
	} else {
		for (size_t i = 1; i < n; i++)
			if ((ci[i - 1].flags & F_SPACE) && !(ci[i].flags & F_SPACE))
				ci[i].flags |= F_BREAK;
	}
}

/* Sets the bidi level of every code point; returns the paragraph level. */
static int find_levels(text *t, size_t n, size_t n16)
{
	int need = 0;
	for (size_t i = 0; i < n && !need; i++) {
		uint32_t c = t->ci[i].cp;
		need = (c >= 0x590 && c <= 0x8FF) || (c >= 0x200E && c <= 0x200F) ||
		       (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ||
		       (c >= 0xFB1D && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF) ||
		       (c >= 0x10800 && c <= 0x10FFF) || (c >= 0x1E800 && c <= 0x1EFFF);
	}
	if (!need || !t->bidi)
		return 0;
	UErrorCode err = U_ZERO_ERROR;
	ubidi_setPara(t->bidi, t->u16, (int32_t)n16, UBIDI_DEFAULT_LTR, NULL, &err);
	if (U_FAILURE(err))
		return 0;
	const UBiDiLevel *lv = ubidi_getLevels(t->bidi, &err);
	if (U_FAILURE(err) || !lv)
		return 0;
	for (size_t i = 0; i < n; i++)
		t->ci[i].level = lv[t->ci[i].u16];
	return ubidi_getParaLevel(t->bidi);
}

/* Copies the callers' style and tag onto each code point. */
static void apply_attrs(text *t, size_t n, const text_attr *attrs, size_t nattrs)
{
	for (size_t a = 0; a < nattrs; a++) {
		size_t i = attrs[a].start < t->ci[n].off ? t->byte2cp[attrs[a].start] : n;
		for (; i < n && t->ci[i].off < attrs[a].end; i++) {
			t->ci[i].style |= (uint8_t)(attrs[a].style & 3);
			if (attrs[a].tag != -1)
				t->ci[i].tag = attrs[a].tag;
		}
	}
}

/* Whether the cluster [i0, i1) asks for emoji presentation. */
static int cluster_is_emoji(const cpinfo *ci, size_t i0, size_t i1)
{
	UChar32 base = (UChar32)ci[i0].cp;
	if (base < 0x23)
		return 0;
	if (u_hasBinaryProperty(base, UCHAR_REGIONAL_INDICATOR))
		return 1;
	int vs16 = 0, seq = 0;
	for (size_t i = i0 + 1; i < i1; i++) {
		uint32_t c = ci[i].cp;
		if (c == 0xFE0E)
			return 0;
		if (c == 0xFE0F)
			vs16 = 1;
		else if (c == 0x20E3 || c == 0x200D || (c >= 0x1F3FB && c <= 0x1F3FF) ||
			 (c >= 0xE0020 && c <= 0xE007F))
			seq = 1;
	}
	if (u_hasBinaryProperty(base, UCHAR_EMOJI_PRESENTATION))
		return 1;
	return (vs16 || seq) && u_hasBinaryProperty(base, UCHAR_EMOJI);
}

/* Whether cp draws nothing by itself (controls, joiners, selectors). */
static int is_invisible(uint32_t c)
{
	return c < 0x20 || (c >= 0x7F && c < 0xA0) ||
	       u_hasBinaryProperty((UChar32)c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
}

/* Whether HarfBuzz treats cp's script as a neighbour's. */
static int is_weak_script(hb_script_t s)
{
	return s == HB_SCRIPT_COMMON || s == HB_SCRIPT_INHERITED || s == HB_SCRIPT_UNKNOWN;
}

/* Picks the face of the cluster [i0, i1): colour emoji, the face of the
 * previous fallback run for neutral characters, else fonts_face_for. */
static int cluster_face(text *t, size_t i0, size_t i1, int prev)
{
	fonts *f = t->f;
	cpinfo *ci = t->ci;
	uint32_t base = ci[i0].cp;
	int style = ci[i0].style & 3;

	if (base < 0x80 && i1 == i0 + 1) {
		int letter = (base | 0x20) >= 'a' && (base | 0x20) <= 'z';
		if (prev >= 4 && base >= 0x20 && !letter && !fonts_face_get(f, prev)->color &&
		    fonts_has_glyph(f, prev, base))
			return prev;
		return style;
	}
	if (cluster_is_emoji(ci, i0, i1)) {
		int e = fonts_emoji_face(f);
		if (e >= 0 && fonts_has_glyph(f, e, base))
			return e;
	}
	if (is_invisible(base))
		return prev >= 0 && !fonts_face_get(f, prev)->color ? prev : style;
	hb_script_t sc = hb_unicode_script(hb_unicode_funcs_get_default(), base);
	int face;
	if (prev >= 4 && is_weak_script(sc) && !fonts_face_get(f, prev)->color &&
	    fonts_has_glyph(f, prev, base))
		face = prev;
	else
		face = fonts_face_for(f, base, (fonts_style)style);
	if (face < 0) {
		if (!is_space(base))
			add_missing(t, base);
		return style;
	}
	for (size_t i = i0 + 1; i < i1; i++) {
		uint32_t c = ci[i].cp;
		if (is_invisible(c) || fonts_has_glyph(f, face, c))
			continue;
		int alt = fonts_face_for(f, c, (fonts_style)style);
		if (alt < 0)
			add_missing(t, c);
		else if (fonts_has_glyph(f, alt, base))
			face = alt;
	}
	return face;
}

/* Resolves each code point's script; Common and Inherited take the
 * preceding script (the following one at the paragraph start). */
static void find_scripts(text *t, size_t n)
{
	hb_unicode_funcs_t *uf = hb_unicode_funcs_get_default();
	hb_script_t cur = HB_SCRIPT_INVALID;
	size_t first = n;

	for (size_t i = 0; i < n; i++) {
		hb_script_t s = hb_unicode_script(uf, t->ci[i].cp);
		if (is_weak_script(s)) {
			s = cur;
		} else {
			cur = s;
			if (first == n)
				first = i;
		}
		t->ci[i].script = s;
	}
	hb_script_t lead = first < n ? t->ci[first].script : HB_SCRIPT_COMMON;
	for (size_t i = 0; i < first && i < n; i++)
		t->ci[i].script = lead;
}

/* Gives every code point of each grapheme cluster the cluster's face,
 * script, level, style and tag, so no cluster is split between items. */
static void assign_faces(text *t, size_t n)
{
	int prev = -1;
	for (size_t i0 = 0; i0 < n;) {
		size_t i1 = i0 + 1;
		while (i1 < n && !(t->ci[i1].flags & F_GRAPH))
			i1++;
		int face = cluster_face(t, i0, i1, prev);
		for (size_t i = i0; i < i1; i++) {
			t->ci[i].face = face;
			t->ci[i].script = t->ci[i0].script;
			t->ci[i].level = t->ci[i0].level;
			t->ci[i].style = t->ci[i0].style;
			t->ci[i].tag = t->ci[i0].tag;
		}
		prev = face;
		i0 = i1;
	}
}

/* Splits the paragraph into items of equal face, script, level, style, tag. */
static size_t make_items(text *t, size_t n)
{
	size_t nitems = 0;
	for (size_t i0 = 0; i0 < n;) {
		const cpinfo *a = &t->ci[i0];
		size_t i1 = i0 + 1;
		while (i1 < n && t->ci[i1].face == a->face && t->ci[i1].script == a->script &&
		       t->ci[i1].level == a->level && t->ci[i1].style == a->style &&
		       t->ci[i1].tag == a->tag)
			i1++;
		grow(&t->items, &t->itemcap, nitems + 1, sizeof *t->items);
		item *it = &t->items[nitems++];
		it->i0 = i0;
		it->i1 = i1;
		it->face = a->face;
		it->script = a->script;
		it->level = a->level;
		it->style = a->style;
		it->tag = a->tag;
		it->g0 = it->ng = 0;
		i0 = i1;
	}
	return nitems;
}

/* Shapes code points [i0, i1) of the paragraph with HarfBuzz in t->buf,
 * the rest of the paragraph as context, with the item's face, direction
 * and script. */
static void hb_run(text *t, size_t n, const item *it, size_t i0, size_t i1)
{
	hb_buffer_t *b = t->buf;

	hb_buffer_clear_contents(b);
	hb_buffer_set_flags(b, (i0 == 0 ? HB_BUFFER_FLAG_BOT : 0) |
				       (i1 == n ? HB_BUFFER_FLAG_EOT : 0));
	hb_buffer_add_codepoints(b, t->cps, (int)n, (unsigned)i0, (int)(i1 - i0));
	hb_buffer_set_direction(b, (it->level & 1) ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
	hb_buffer_set_script(b, it->script == HB_SCRIPT_INVALID ? HB_SCRIPT_COMMON : it->script);
	hb_shape(fonts_hb_font(t->f, it->face), b, NULL, 0);
}

/* Copies the glyphs of t->buf into t->wc.tmp in font units, clusters
 * relative to code point i0; returns how many. */
static size_t take_glyphs(text *t, size_t i0)
{
	unsigned ng = 0;
	hb_glyph_info_t *gi = hb_buffer_get_glyph_infos(t->buf, &ng);
	hb_glyph_position_t *gp = hb_buffer_get_glyph_positions(t->buf, NULL);

	grow(&t->wc.tmp, &t->wc.tmpcap, ng, sizeof *t->wc.tmp);
	for (unsigned k = 0; k < ng; k++) {
		cglyph *g = &t->wc.tmp[k];
		g->gid = gi[k].codepoint;
		g->cluster = gi[k].cluster - (uint32_t)i0;
		g->adv = gp[k].x_advance;
		g->xoff = gp[k].x_offset;
		g->yoff = gp[k].y_offset;
		g->unsafe = (hb_glyph_info_get_glyph_flags(&gi[k]) & HB_GLYPH_FLAG_UNSAFE_TO_BREAK) != 0;
	}
	return ng;
}

/* Appends glyphs g[0..ng) of the word from code point i0 to out, scaled to
 * pt, clusters as byte offsets. */
static void put_glyphs(text *t, const item *it, const cglyph *g, size_t ng, size_t i0, float size,
		       sgvec *out)
{
	hb_font_t *font = fonts_hb_font(t->f, it->face);
	int xs = 1, ys = 1;

	hb_font_get_scale(font, &xs, &ys);
	float kx = size / (float)(xs ? xs : 1), ky = size / (float)(ys ? ys : 1);
	grow(&out->v, &out->cap, out->n + ng, sizeof *out->v);
	for (size_t k = 0; k < ng; k++) {
		sglyph *o = &out->v[out->n + k];
		o->gid = g[k].gid;
		o->cluster = t->ci[i0 + g[k].cluster].off;
		o->adv = (float)g[k].adv * kx;
		o->xoff = (float)g[k].xoff * kx;
		o->yoff = (float)g[k].yoff * ky;
		o->unsafe = g[k].unsafe;
	}
	out->n += ng;
}

/* Whether a table of the face is present (non-empty). */
static int has_table(hb_face_t *face, hb_tag_t tag)
{
	hb_blob_t *b = hb_face_reference_table(face, tag);
	unsigned len = hb_blob_get_length(b);
	hb_blob_destroy(b);
	return len > 0;
}

/* Whether any lookup of the face's GSUB or GPOS reads glyph gid; faces
 * with very many lookups (complex scripts) count as yes, to save the look. */
static int lookups_read(hb_face_t *face, hb_codepoint_t gid)
{
	static const hb_tag_t tables[2] = {HB_OT_TAG_GSUB, HB_OT_TAG_GPOS};
	if (hb_ot_layout_table_get_lookup_count(face, tables[0]) +
		    hb_ot_layout_table_get_lookup_count(face, tables[1]) > MAX_LOOKUPS)
		return 1;
	hb_set_t *s = hb_set_create();
	int found = 0;

	for (int k = 0; k < 2 && !found; k++) {
		unsigned nl = hb_ot_layout_table_get_lookup_count(face, tables[k]);
		for (unsigned l = 0; l < nl && !found; l++) {
			hb_set_clear(s);
			hb_ot_layout_lookup_collect_glyphs(face, tables[k], l, s, s, s, NULL);
			found = hb_set_has(s, gid);
		}
	}
	hb_set_destroy(s);
	return found;
}

/* Whether words of the face shape the same alone as in a run: no lookup
 * reads the space glyph (no kerning or ligature across a space) and no
 * legacy kern or AAT table does either. Decided once per face. */
static int face_splits(text *t, int face)
{
	wcache *c = &t->wc;

	if ((size_t)face >= c->nsplits) {
		size_t old = c->nsplits;
		grow(&c->splits, &c->nsplits, (size_t)face + 1, sizeof *c->splits);
		memset(c->splits + old, 0, c->nsplits - old);
	}
	if (c->splits[face])
		return c->splits[face] > 0;
	hb_font_t *font = fonts_hb_font(t->f, face);
	hb_face_t *hf = hb_font_get_face(font);
	hb_codepoint_t sp = 0;
	hb_font_get_nominal_glyph(font, 0x20, &sp);
	int ok = !has_table(hf, HB_TAG('m', 'o', 'r', 'x')) && !has_table(hf, HB_TAG('k', 'e', 'r', 'x')) &&
		 (hb_ot_layout_has_positioning(hf) || !has_table(hf, HB_TAG('k', 'e', 'r', 'n'))) &&
		 !lookups_read(hf, sp);
	c->splits[face] = ok ? 1 : -1;
	return ok;
}

/* Whether a word may start at code point p: it follows a space. */
static int word_starts(const text *t, size_t p)
{
	return t->cps[p - 1] == 0x20 && t->cps[p] != 0x20;
}

/* Whether word [w0, w1) shapes the same wherever it occurs, so it may be
 * cached: short, after a space or at the paragraph start, ending in a
 * space or at the paragraph end (the context HarfBuzz reads is then fixed). */
static int cacheable(const text *t, size_t n, size_t w0, size_t w1)
{
	return w1 - w0 <= CACHE_WORD && (w0 == 0 || t->cps[w0 - 1] == 0x20) &&
	       (w1 == n || t->cps[w1 - 1] == 0x20);
}

/* Writes the cache key of word [w0, w1) of item it to key; returns its length. */
static size_t word_key(const text *t, size_t n, const item *it, size_t w0, size_t w1, uint32_t *key)
{
	key[0] = (uint32_t)it->face;
	key[1] = (uint32_t)(it->level & 1) | (w0 == 0 ? 2u : 0u) | (w1 == n ? 4u : 0u);
	key[2] = (uint32_t)(it->script == HB_SCRIPT_INVALID ? HB_SCRIPT_COMMON : it->script);
	memcpy(key + KEY_HEAD, t->cps + w0, (w1 - w0) * sizeof *key);
	return KEY_HEAD + (w1 - w0);
}

/* FNV-1a over the key's words. */
static uint32_t key_hash(const uint32_t *key, size_t nk)
{
	uint32_t h = 2166136261u;
	for (size_t k = 0; k < nk; k++)
		h = (h ^ key[k]) * 16777619u;
	return h;
}

/* The slot holding key, or the empty one where it would go. */
static centry *cache_slot(wcache *c, const uint32_t *key, size_t nk, uint32_t h)
{
	if (!c->slots)
		c->slots = xcalloc(CACHE_SLOTS, sizeof *c->slots);
	for (size_t s = h & (CACHE_SLOTS - 1);; s = (s + 1) & (CACHE_SLOTS - 1)) {
		centry *e = &c->slots[s];
		if (!e->used || (e->hash == h && e->nk == nk &&
				 !memcmp(c->keys + e->k0, key, nk * sizeof *key)))
			return e;
	}
}

/* Stores glyphs g[0..ng) under key, first emptying the cache when full. */
static void cache_put(wcache *c, const uint32_t *key, size_t nk, uint32_t h, const cglyph *g,
		      size_t ng)
{
	if (c->nused >= CACHE_MAX || c->nkeys + nk > CACHE_KEYS || c->nglyphs + ng > CACHE_GLYPHS) {
		memset(c->slots, 0, CACHE_SLOTS * sizeof *c->slots);
		c->nused = c->nkeys = c->nglyphs = 0;
	}
	centry *e = cache_slot(c, key, nk, h);
	grow(&c->keys, &c->keycap, c->nkeys + nk, sizeof *c->keys);
	grow(&c->glyphs, &c->glyphcap, c->nglyphs + ng, sizeof *c->glyphs);
	memcpy(c->keys + c->nkeys, key, nk * sizeof *key);
	memcpy(c->glyphs + c->nglyphs, g, ng * sizeof *g);
	*e = (centry){.hash = h, .used = 1, .k0 = (uint32_t)c->nkeys, .nk = (uint32_t)nk,
		      .g0 = (uint32_t)c->nglyphs, .ng = (uint32_t)ng};
	c->nkeys += nk;
	c->nglyphs += ng;
	c->nused++;
}

/* Shapes word [w0, w1) of item it, from the word cache when it may be
 * cached, and appends its glyphs to out. */
static void shape_word(text *t, size_t n, const item *it, size_t w0, size_t w1, float size,
		       sgvec *out)
{
	uint32_t key[KEY_HEAD + CACHE_WORD];
	size_t nk = 0, ng;
	uint32_t h = 0;

	if (cacheable(t, n, w0, w1)) {
		nk = word_key(t, n, it, w0, w1, key);
		h = key_hash(key, nk);
		const centry *e = cache_slot(&t->wc, key, nk, h);
		if (e->used) {
			put_glyphs(t, it, t->wc.glyphs + e->g0, e->ng, w0, size, out);
			return;
		}
	}
	hb_run(t, n, it, w0, w1);
	ng = take_glyphs(t, w0);
	if (nk)
		cache_put(&t->wc, key, nk, h, t->wc.tmp, ng);
	put_glyphs(t, it, t->wc.tmp, ng, w0, size, out);
}

/* Shapes code points [i0, i1) of item it (the rest of the paragraph as
 * context); appends the glyphs, in visual order, to out with clusters as
 * byte offsets and advances and offsets in pt. Where the face allows, each
 * word with its spaces is shaped alone (right to left: last word first),
 * so that repeated words come from the cache. Returns how many glyphs. */
static size_t shape(text *t, size_t n, const item *it, size_t i0, size_t i1, float size,
		    sgvec *out)
{
	size_t n0 = out->n, p = i0 + 1;

	while (p < i1 && !word_starts(t, p))
		p++;
	if (p >= i1 || !face_splits(t, it->face)) {
		shape_word(t, n, it, i0, i1, size, out);
		return out->n - n0;
	}
	if (!(it->level & 1)) {
		for (size_t w0 = i0, w1; w0 < i1; w0 = w1) {
			for (w1 = w0 + 1; w1 < i1 && !word_starts(t, w1);)
				w1++;
			shape_word(t, n, it, w0, w1, size, out);
		}
		return out->n - n0;
	}
	for (size_t w1 = i1, w0; w1 > i0; w1 = w0) {
		for (w0 = w1 - 1; w0 > i0 && !word_starts(t, w0);)
			w0--;
		shape_word(t, n, it, w0, w1, size, out);
	}
	return out->n - n0;
}

/* Whether the item's clusters are monotonic in glyph order: rising left to
 * right, falling right to left. */
static int is_mono(const sglyph *g, size_t ng, int rtl)
{
	for (size_t k = 1; k < ng; k++)
		if (rtl ? g[k].cluster > g[k - 1].cluster : g[k].cluster < g[k - 1].cluster)
			return 0;
	return 1;
}

/* Shapes every item and records each cluster's advance for line filling. */
static void shape_items(text *t, size_t n, size_t nitems, float size)
{
	t->shaped.n = 0;
	for (size_t k = 0; k < nitems; k++) {
		item *it = &t->items[k];
		it->g0 = t->shaped.n;
		it->ng = shape(t, n, it, it->i0, it->i1, size, &t->shaped);
		for (size_t g = 0; g < it->ng; g++) {
			const sglyph *sg = &t->shaped.v[it->g0 + g];
			t->ci[t->byte2cp[sg->cluster]].adv += sg->adv;
		}
		it->mono = is_mono(t->shaped.v + it->g0, it->ng, it->level & 1);
	}
	grow(&t->wsum, &t->wsumcap, n + 1, sizeof *t->wsum);
	t->wsum[0] = 0;
	for (size_t i = 0; i < n; i++)
		t->wsum[i + 1] = t->wsum[i] + t->ci[i].adv;
}

/* Fills t->nbrk, so the line fill jumps from break to break instead of
 * walking every code point of an over-long word for each of its lines. */
static void index_breaks(text *t, size_t n)
{
	grow(&t->nbrk, &t->nbrkcap, n + 2, sizeof *t->nbrk);
	t->nbrk[n + 1] = (uint32_t)(n + 1);
	for (size_t i = n + 1; i-- > 0;)
		t->nbrk[i] = (t->ci[i].flags & F_BREAK) ? (uint32_t)i : t->nbrk[i + 1];
}

/* The end of the visible text of [s, b): trailing spaces dropped. */
static size_t trim_end(const text *t, size_t s, size_t b)
{
	while (b > s && (t->ci[b - 1].flags & F_SPACE))
		b--;
	return b;
}

/* Finds the next line from s: its visible end *e and where the next line
 * starts (returned). Greedy; an over-long token breaks at graphemes. */
static size_t next_line(const text *t, size_t n, size_t s, float width, size_t *e)
{
	const cpinfo *ci = t->ci;
	const double *w = t->wsum;
	double lim = (double)width + 1e-3;
	size_t best = 0, first = 0;

	for (size_t b = t->nbrk[s + 1]; b <= n; b = t->nbrk[b + 1]) {
		size_t te = trim_end(t, s, b);
		if (!first)
			first = b;
		if (w[te] - w[s] > lim)
			break;
		best = b;
		*e = te;
		if (ci[b].flags & F_HARD)
			break;
	}
	if (best)
		return best;
	size_t te = trim_end(t, s, first);
	size_t g = 0;
	for (size_t i = s + 1; i <= te; i++) {
		if (!(ci[i].flags & F_GRAPH))
			continue;
		if (w[i] - w[s] > lim && g)
			break;
		g = i;
		if (w[i] - w[s] > lim)
			break;
	}
	if (!g)
		g = first;
	*e = g;
	return g;
}

/* Sets the text that glyph k, the first of its cluster, stands for: from
 * its cluster to the next one in logical order (RTL: the one of the glyph
 * before it, *prevc), the run's first cluster reaching back to bs and its
 * last one on to be. */
static void cluster_text(const sglyph *g, size_t ng, size_t k, uint32_t bs, uint32_t be, int rtl,
			 uint32_t *prevc, text_glyph *tg)
{
	uint32_t c = g[k].cluster, start = c, end = be;
	size_t k2 = k + 1;

	while (k2 < ng && g[k2].cluster == c)
		k2++;
	if (!rtl) {
		if (k2 < ng)
			end = g[k2].cluster;
		if (k == 0)
			start = bs;
	} else {
		end = *prevc;
		if (k2 == ng)
			start = bs;
		*prevc = c;
	}
	tg->tstart = start;
	tg->tlen = end > start ? end - start : 0;
}

/* Appends one run made from shaped glyphs g[0..ng) of bytes [bs, be). */
static text_run *emit_run(lines_out *o, const sglyph *g, size_t ng, uint32_t bs, uint32_t be, int rtl)
{
	grow(&o->runs, &o->capruns, o->nruns + 1, sizeof *o->runs);
	grow(&o->runfirst, &o->caprunfirst, o->nruns + 1, sizeof *o->runfirst);
	grow(&o->glyphs, &o->capglyphs, o->nglyphs + ng, sizeof *o->glyphs);
	text_run *r = &o->runs[o->nruns];
	memset(r, 0, sizeof *r);
	o->runfirst[o->nruns++] = o->nglyphs;
	text_glyph *tg = o->glyphs + o->nglyphs;
	float pen = 0;
	uint32_t prevc = be;
	for (size_t k = 0; k < ng; k++) {
		tg[k].gid = g[k].gid;
		tg[k].x = pen + g[k].xoff;
		tg[k].y = g[k].yoff;
		tg[k].advance = g[k].adv;
		pen += g[k].adv;
		tg[k].tstart = g[k].cluster;
		tg[k].tlen = 0;
		if (k == 0 || g[k - 1].cluster != g[k].cluster)
			cluster_text(g, ng, k, bs, be, rtl, &prevc, &tg[k]);
	}
	o->nglyphs += ng;
	r->width = pen;
	r->rtl = rtl;
	r->start = bs;
	r->end = be;
	r->nglyphs = ng;
	return r;
}

/* Raises the line's ascent and descent to the glyphs of a fallback run:
 * their ink, bounded by the face's ascender and descender, so a line with
 * a few Arabic or CJK letters keeps the body spacing unless they need more. */
static void grow_metrics(text *t, const text_run *r, const text_glyph *gl, const fonts_face *fc,
			 text_line *ln)
{
	hb_font_t *font = fonts_hb_font(t->f, r->face);
	int xs = 1, ys = 1;
	hb_font_get_scale(font, &xs, &ys);
	float k = r->size / (float)(ys ? ys : 1);
	float amax = fc->ascender * r->size, dmin = fc->descender * r->size;
	for (size_t g = 0; g < r->nglyphs; g++) {
		hb_glyph_extents_t e;
		if (!hb_font_get_glyph_extents(font, gl[g].gid, &e))
			continue;
		float top = (float)e.y_bearing * k + gl[g].y;
		float bot = (float)(e.y_bearing + e.height) * k + gl[g].y;
		if (top > amax)
			top = amax;
		if (bot < dmin)
			bot = dmin;
		if (top > ln->ascent)
			ln->ascent = top;
		if (bot < ln->descent)
			ln->descent = bot;
	}
}

/* The first glyph k of the item whose cluster is at or past byte offset b in
 * logical order (>= b left to right, <= b right to left), or ng. Binary
 * search: a line costs log n, not the item's length. Needs it->mono. */
static size_t glyph_from(const sglyph *g, size_t ng, int rtl, uint32_t b)
{
	size_t lo = 0, hi = ng;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (rtl ? g[mid].cluster > b : g[mid].cluster < b)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The first glyph k of the item whose cluster is b, or ng. */
static size_t glyph_at(const sglyph *g, size_t ng, int mono, int rtl, uint32_t b)
{
	size_t k = 0;

	if (mono) {
		k = glyph_from(g, ng, rtl, b);
		return k < ng && g[k].cluster == b ? k : ng;
	}
	while (k < ng && g[k].cluster != b)
		k++;
	return k;
}

/* Whether the item's glyphs may be cut at byte offset b: a cluster starts
 * there and HarfBuzz says breaking before it needs no reshaping. */
static int safe_cut(const sglyph *g, size_t ng, int mono, int rtl, uint32_t b)
{
	size_t k = glyph_at(g, ng, mono, rtl, b);

	return k < ng && !g[k].unsafe;
}

/* The glyphs [*k0, *k1) of the item with clusters in [bs, be): the first
 * such glyph and the run of them from it (both ng when there is none). */
static void glyph_range(const sglyph *g, size_t ng, int mono, int rtl, uint32_t bs, uint32_t be,
			size_t *k0, size_t *k1)
{
	size_t a = 0, b;

	if (mono) {
		if (be <= bs) {
			*k0 = *k1 = ng;
			return;
		}
		a = glyph_from(g, ng, rtl, rtl ? be - 1 : bs);
		b = rtl && bs == 0 ? ng : glyph_from(g, ng, rtl, rtl ? bs - 1 : be);
		if (a >= b)
			a = b = ng;
		*k0 = a;
		*k1 = b;
		return;
	}
	while (a < ng && (g[a].cluster < bs || g[a].cluster >= be))
		a++;
	b = a;
	while (b < ng && g[b].cluster >= bs && g[b].cluster < be)
		b++;
	*k0 = a;
	*k1 = b;
}

/* Points fr at its share of its item's glyphs when the cuts are safe (no
 * reshaping needed, as for breaks at spaces); 0 when it must be reshaped. */
static int slice(text *t, const item *it, frag *fr)
{
	const sglyph *g = t->shaped.v + it->g0;
	size_t ng = it->ng, k0, k1;
	uint32_t bs = t->ci[fr->i0].off, be = t->ci[fr->i1].off;
	int rtl = it->level & 1;

	if ((fr->i0 != it->i0 && !safe_cut(g, ng, it->mono, rtl, bs)) ||
	    (fr->i1 != it->i1 && !safe_cut(g, ng, it->mono, rtl, be)))
		return 0;
	glyph_range(g, ng, it->mono, rtl, bs, be, &k0, &k1);
	fr->lg0 = it->g0 + k0;
	fr->ng = k1 - k0;
	return 1;
}

/* Opens line [ls, le) of code points in o, with the body face's ascent
 * and descent. */
static text_line *open_line(text *t, lines_out *o, size_t ls, size_t le, float size)
{
	const fonts_face *body = fonts_face_get(t->f, 0);

	grow(&o->lines, &o->caplines, o->nlines + 1, sizeof *o->lines);
	grow(&o->linefirst, &o->caplinefirst, o->nlines + 1, sizeof *o->linefirst);
	text_line *ln = &o->lines[o->nlines];
	memset(ln, 0, sizeof *ln);
	o->linefirst[o->nlines++] = o->nruns;
	ln->start = t->ci[ls].off;
	ln->end = t->ci[le].off;
	ln->ascent = body->ascender * size;
	ln->descent = body->descender * size;
	return ln;
}

/* Cuts the items overlapping [ls, le) into t->frags, reshaping the ends cut
 * where breaking is unsafe; returns how many. *cursor skips the items
 * wholly before the line. */
static size_t line_frags(text *t, size_t n, size_t nitems, size_t *cursor, size_t ls, size_t le,
			 float size)
{
	size_t nf = 0;

	while (*cursor < nitems && t->items[*cursor].i1 <= ls)
		(*cursor)++;
	t->linegl.n = 0;
	for (size_t k = *cursor; k < nitems && t->items[k].i0 < le; k++) {
		const item *it = &t->items[k];
		grow(&t->frags, &t->fragcap, nf + 1, sizeof *t->frags);
		frag *fr = &t->frags[nf++];
		fr->item = k;
		fr->i0 = it->i0 > ls ? it->i0 : ls;
		fr->i1 = it->i1 < le ? it->i1 : le;
		fr->reshaped = !slice(t, it, fr);
		if (fr->reshaped) {
			fr->lg0 = t->linegl.n;
			fr->ng = shape(t, n, it, fr->i0, fr->i1, size, &t->linegl);
		}
	}
	return nf;
}

/* The visual order of the line's nf fragments, into t->fmap: reordered by
 * their bidi levels (L2), or as they are when all are left to right. */
static void visual_order(text *t, size_t nf)
{
	int mixed = 0;

	grow(&t->flevels, &t->flevelcap, nf, sizeof *t->flevels);
	grow(&t->fmap, &t->fmapcap, nf, sizeof *t->fmap);
	for (size_t k = 0; k < nf; k++) {
		t->flevels[k] = t->items[t->frags[k].item].level;
		mixed |= t->flevels[k] != 0;
	}
	if (mixed) {
		ubidi_reorderVisual(t->flevels, (int32_t)nf, t->fmap);
		return;
	}
	for (size_t k = 0; k < nf; k++)
		t->fmap[k] = (int32_t)k;
}

/* Appends a run per fragment in visual order, side by side, raising the
 * line's metrics for fallback faces; returns the line's width. */
static float place_runs(text *t, lines_out *o, text_line *ln, size_t nf, float size)
{
	float x = 0;

	for (size_t v = 0; v < nf; v++) {
		const frag *fr = &t->frags[t->fmap[v]];
		const item *it = &t->items[fr->item];
		const sglyph *g = (fr->reshaped ? t->linegl.v : t->shaped.v) + fr->lg0;
		text_run *r = emit_run(o, g, fr->ng, t->ci[fr->i0].off, t->ci[fr->i1].off,
				       it->level & 1);
		const fonts_face *fc = fonts_face_get(t->f, it->face);
		r->face = it->face;
		r->size = size;
		r->style = it->style;
		r->tag = it->tag;
		r->color = fc->color;
		r->x = x;
		x += r->width;
		if (it->face >= 4)
			grow_metrics(t, r, o->glyphs + o->runfirst[o->nruns - 1], fc, ln);
	}
	return x;
}

/* Puts the line's nf runs, appended from run r0 on in visual order, back
 * in logical order (their positions stay): text extraction and screen
 * readers that take text in content order (pdf.js, the structure tree)
 * then read a right-to-left line's fragments first to last, and readers
 * that order by position are not affected. */
static void logical_runs(text *t, lines_out *o, size_t r0, size_t nf)
{
	grow(&t->lruns, &t->lrunscap, nf, sizeof *t->lruns);
	grow(&t->lfirst, &t->lfirstcap, nf, sizeof *t->lfirst);
	for (size_t v = 0; v < nf; v++) {
		size_t k = (size_t)t->fmap[v];
		t->lruns[k] = o->runs[r0 + v];
		t->lfirst[k] = o->runfirst[r0 + v];
	}
	memcpy(o->runs + r0, t->lruns, nf * sizeof *t->lruns);
	memcpy(o->runfirst + r0, t->lfirst, nf * sizeof *t->lfirst);
}

/* Builds one line [ls, le) of code points: fragments of items (reshaped when
 * cut), placed in visual order, appended to o in logical order. */
static void build_line(text *t, lines_out *o, size_t n, size_t nitems, size_t *cursor, size_t ls,
		       size_t le, float size)
{
	text_line *ln = open_line(t, o, ls, le, size);
	size_t nf = line_frags(t, n, nitems, cursor, ls, le, size);

	if (nf == 0)
		return;
	visual_order(t, nf);
	size_t r0 = o->nruns;
	ln->width = place_runs(t, o, ln, nf, size);
	logical_runs(t, o, r0, nf);
}

/* Sets the line that starts at code point ls; returns where the next one
 * starts. Reshaping at the line's ends can undo a kern the fill counted:
 * the rare line that comes out too wide is refilled narrower. */
static size_t set_line(text *t, lines_out *o, size_t n, size_t nitems, size_t *cursor, size_t ls,
		       float size, float width)
{
	size_t le = ls, next = ls;
	float lim = width;

	for (int tries = 0; tries < 8; tries++) {
		size_t nruns = o->nruns, nglyphs = o->nglyphs;
		next = next_line(t, n, ls, lim, &le);
		build_line(t, o, n, nitems, cursor, ls, le, size);
		if (o->lines[o->nlines - 1].width <= width + 0.01f || tries == 7 || le <= ls + 1)
			break;
		o->nlines--;
		o->nruns = nruns;
		o->nglyphs = nglyphs;
		lim = (float)(t->wsum[le] - t->wsum[ls]) - 0.01f;
	}
	return next > ls ? next : ls + 1;
}

/* Analyses s[0..len) into the engine's scratch: code points, breaks, bidi
 * levels, attributes, scripts, faces, shaped items. Returns the code point
 * count and sets *nitems and *rtl (the base direction). */
static size_t analyse(text *t, const char *s, size_t len, const text_attr *attrs, size_t nattrs,
		      float size, size_t *nitems, int *rtl)
{
	size_t n16 = 0;
	size_t n = decode(t, s, len, &n16);

	find_breaks(t, n, n16);
	*rtl = find_levels(t, n, n16) & 1;
	if (attrs)
		apply_attrs(t, n, attrs, nattrs);
	find_scripts(t, n);
	assign_faces(t, n);
	*nitems = make_items(t, n);
	shape_items(t, n, *nitems, size);
	index_breaks(t, n);
	return n;
}

/* A copy of n elements of size sz at p; NULL when n is 0. */
static void *copy_exact(const void *p, size_t n, size_t sz)
{
	if (n == 0)
		return NULL;
	void *c = xmalloc(n * sz);
	memcpy(c, p, n * sz);
	return c;
}

/* Gives the paragraph exact-size copies of the engine's lines, runs and
 * glyphs (short paragraphs then stay small and packed in memory), the runs
 * pointing at their glyphs and the lines at their runs. */
static void finish(const lines_out *o, para_priv *pp)
{
	text_line *lines = copy_exact(o->lines, o->nlines, sizeof *lines);
	text_run *runs = copy_exact(o->runs, o->nruns, sizeof *runs);
	text_glyph *glyphs = copy_exact(o->glyphs, o->nglyphs, sizeof *glyphs);

	for (size_t r = 0; r < o->nruns; r++)
		runs[r].glyphs = runs[r].nglyphs ? glyphs + o->runfirst[r] : NULL;
	for (size_t l = 0; l < o->nlines; l++) {
		size_t r1 = l + 1 < o->nlines ? o->linefirst[l + 1] : o->nruns;
		lines[l].runs = r1 > o->linefirst[l] ? runs + o->linefirst[l] : NULL;
		lines[l].nruns = r1 - o->linefirst[l];
	}
	pp->pub.lines = lines;
	pp->pub.nlines = o->nlines;
	pp->runs = runs;
	pp->glyphs = glyphs;
}

/* Analyses, shapes and fills one paragraph (see the top of this file). */
text_para *text_typeset(text *t, const char *utf8, size_t len, const text_attr *attrs,
			size_t nattrs, float size, float width)
{
	para_priv *pp = xcalloc(1, sizeof *pp);
	text_para *p = &pp->pub;
	size_t n, nitems = 0, cursor = 0;

	p->text = xstrndup(utf8 ? utf8 : "", utf8 ? len : 0);
	p->len = utf8 ? len : 0;
	if (p->len == 0)
		return p;
	n = analyse(t, p->text, len, attrs, nattrs, size, &nitems, &p->rtl);
	t->o.nlines = t->o.nruns = t->o.nglyphs = 0;
	for (size_t ls = 0; ls < n;)
		ls = set_line(t, &t->o, n, nitems, &cursor, ls, size, width);
	finish(&t->o, pp);
	return p;
}
