/* pdfbidi: the character order of multi-character ToUnicode entries, so
 * that text extraction gives logical order around right-to-left text.
 *
 * A PDF holds glyphs at their visual positions. Readers (poppler's
 * pdftotext, evince, okular) rebuild the text of a line in visual order,
 * pick one reading direction per page (the majority of strong characters),
 * and reverse every right-to-left section of each line. A cluster that maps
 * to several characters (alef + fathatan, an emoji sequence, a keycap) is
 * inserted as one unit in its stored order, so it comes out reversed when
 * it lands in a reversed section. This module simulates that reading and
 * says which clusters to store reversed so that the reversal restores them.
 * Knows nothing of libharu. */
#ifndef THREADPDF_PDFBIDI_H
#define THREADPDF_PDFBIDI_H

#include <stddef.h>

/* One text-carrying cluster of a page. */
typedef struct pdfbidi_item {
	const void *line;      /* the same key for every item of one line (e.g. its paragraph) */
	float y;               /* baseline, pt; items of a line share it */
	float x;               /* left edge of the cluster, pt */
	const char *text;      /* UTF-8 the cluster stands for */
	size_t len;
} pdfbidi_item;

/* Sets rev[i] to 1 for every item of one page whose text must be stored
 * with its code points reversed, 0 otherwise. */
void pdfbidi_decide(const pdfbidi_item *items, size_t n, unsigned char *rev);

#endif
