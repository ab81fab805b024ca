/* subset: the per-document TrueType subset of one face, built for libharu.
 *
 * The subset keeps only the glyphs a document draws (plus the components of
 * composite glyphs), without hinting and without the OpenType layout tables
 * (text is shaped already). Its cmap is synthetic: code subset_code(i) maps
 * to the glyph that was gids[i] in the original face, so the PDF module
 * draws glyph by glyph through libharu's Unicode path and rewrites the
 * ToUnicode map to the real text. Zero advances become the smallest
 * non-zero advance (libharu skips zero-width strings). The PostScript name
 * is the one given: libharu silently reuses a font loaded twice under one
 * name, so the caller makes it unique per document. The tables libharu
 * 2.3 rewrites on embedding never total a multiple of 4096 bytes (its save
 * fails on those; the cmap gets 2 bytes of padding instead), given that
 * every glyph is marked used (pdffont does). Knows nothing of PDF. */
#ifndef THREADPDF_SUBSET_H
#define THREADPDF_SUBSET_H

#include <stddef.h>
#include <stdint.h>

#include "result.h"
#include "util.h"

/* Entries one subset can map: private use U+E000..U+F8FF first, then
 * U+0100 onwards (a format 4 cmap holds about 32,000 entries). */
#define SUBSET_MAX_CODES 32000u

/* The BMP code point that stands for entry i (i < SUBSET_MAX_CODES). */
unsigned subset_code(size_t i);

/* Subsets face `index` of the font file at `path` to the glyphs gids[0..n)
 * (glyph ids of the original face; repeats allowed), maps subset_code(i) to
 * the glyph of gids[i], names it `psname` (sanitized), and appends the font
 * file to out. TP_ERR_FONT with msg when the file cannot be read or is not a
 * TrueType-outline font. */
tp_result subset_build(const char *path, int index, const uint32_t *gids, size_t n,
		       const char *psname, buf *out, char *msg, size_t msglen);

#endif
