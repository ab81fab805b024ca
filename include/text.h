/* text: sets one paragraph of UTF-8 text into lines.
 *
 * Itemizes by font coverage (fallback), script and direction (bidi), shapes
 * each item with HarfBuzz on the fonts' metrics, finds line-break
 * opportunities (UAX #14), fills lines ragged, breaks an over-long token to
 * fit, and returns lines of positioned glyph runs in visual order. Knows
 * nothing of pages or PDF. */
#ifndef THREADPDF_TEXT_H
#define THREADPDF_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "fonts.h"

typedef struct text text;

enum { TEXT_BOLD = 1, TEXT_ITALIC = 2 };

/* A styled range of the paragraph (byte offsets); `tag` is carried to the
 * runs made from it (the layout uses it for link indices); -1 = none. */
typedef struct text_attr {
	size_t start, end;
	unsigned style;        /* TEXT_BOLD | TEXT_ITALIC */
	int tag;
} text_attr;

typedef struct text_glyph {
	uint32_t gid;          /* glyph id in the run's face */
	float x, y;            /* pen position from the run origin, pt, y up */
	float advance;         /* pt */
	uint32_t tstart, tlen; /* the paragraph text this glyph stands for: the whole
				  cluster on its first glyph, tlen 0 on the others */
} text_glyph;

typedef struct text_run {
	int face;              /* index in the fonts set */
	float size;            /* pt */
	unsigned style;
	int tag;
	int rtl;
	int color;             /* 1: a colour (emoji) face: draw glyphs as images */
	float x;               /* from the line's left edge, pt */
	float width;           /* pt */
	size_t start, end;     /* byte range of the paragraph text */
	text_glyph *glyphs;
	size_t nglyphs;
} text_run;

typedef struct text_line {
	text_run *runs;        /* visual order, left to right */
	size_t nruns;
	float width;           /* pt, trailing spaces excluded */
	float ascent, descent; /* pt, from the tallest glyphs' fonts (descent < 0) */
	size_t start, end;     /* byte range of the paragraph text */
} text_line;

typedef struct text_para {
	char *text;            /* owned copy of the paragraph text */
	size_t len;
	int rtl;               /* base direction: right-align the lines */
	text_line *lines;
	size_t nlines;
} text_para;

/* The fonts set stays owned by the caller and must outlive the text engine. */
text *text_new(fonts *f);
/* Frees the engine; NULL is fine. */
void text_free(text *t);

/* Sets utf8[0..len), one paragraph, at `size` pt into lines at most `width`
 * pt wide; a '\n' inside forces a line break (see the notes below). attrs
 * may be NULL. Caller frees the result. */
text_para *text_typeset(text *t, const char *utf8, size_t len, const text_attr *attrs,
			size_t nattrs, float size, float width);
/* Frees a paragraph text_typeset made; NULL is fine. */
void text_para_free(text_para *p);

/* Code points no font covers, seen so far (for one warning at the end);
 * UTF-8, caller frees; NULL when none. */
char *text_missing(const text *t);
/* Forgets them, so the next document warns about its own only. */
void text_missing_clear(text *t);

/* Notes on the results (additions to the comments above):
 * - An empty paragraph gives nlines 0; one of only spaces gives one empty line.
 * - A line's [start, end) excludes the spaces it broke after, which get no
 *   glyphs; concatenating the texts (tstart, tlen) of its glyphs in logical
 *   order gives exactly text[start, end). Control characters (a stray tab)
 *   are drawn as spaces; a '\n' forces a line break.
 * - Lines keep the body font's ascent/descent unless glyphs of a fallback
 *   face reach higher or lower (bounded by that face's own metrics).
 * - text_missing lists the characters themselves, separated by spaces. */

#endif
