/* pdffont: the fonts of one PDF document, drawn glyph by glyph.
 *
 * A first pass registers every (face, glyph, text) the document draws; each
 * distinct one gets a slot. pdffont_load() then builds one subset font per
 * face (subset.h), loads it into libharu from a memfd (no file on disk),
 * and replaces libharu's ToUnicode map (invalid in 2.3) with one that maps
 * every slot's code to its text, so that text extraction, search and copy
 * give the real characters. The second pass draws slots by code. */
#ifndef THREADPDF_PDFFONT_H
#define THREADPDF_PDFFONT_H

#include <hpdf.h>
#include <stddef.h>
#include <stdint.h>

#include "fonts.h"
#include "result.h"

typedef struct pdffont pdffont;

/* The fonts set is borrowed and must outlive the handle. */
pdffont *pdffont_new(fonts *f);
void pdffont_free(pdffont *pf);

/* Registers glyph gid of face `face` standing for text[0..len) (len 0: the
 * glyph carries no text of its own, e.g. the second glyph of a cluster).
 * Returns its slot (the same slot for the same triple), or -1 when the face
 * has no room left for a new code and no slot of that glyph to reuse. */
int32_t pdffont_add(pdffont *pf, int face, uint32_t gid, const char *text, size_t len);

/* Builds, loads and maps the fonts of every registered slot into doc (set
 * up with HPDF_UseUTFEncodings). A face that cannot be subset or loaded
 * (not TrueType, embedding forbidden by its licence bits) is warned about
 * and its slots get no font; TP_ERR_FONT with msg only when the first
 * face (the bundled body font) fails. Resets libharu's error state. */
tp_result pdffont_load(pdffont *pf, HPDF_Doc doc, char *msg, size_t msglen);

/* After pdffont_load: a slot's font (NULL: its face could not be
 * embedded; skip it), its code, the code's length in bytes (1 for a font
 * of at most 256 codes, else 2; written high byte first) and its advance
 * in 1/1000 em as the PDF font records it (what a viewer advances by). */
HPDF_Font pdffont_font(const pdffont *pf, int32_t slot);
unsigned pdffont_code(const pdffont *pf, int32_t slot);
int pdffont_code_len(const pdffont *pf, int32_t slot);
int pdffont_width(const pdffont *pf, int32_t slot);

/* Bytes of the font files embedded (for -v). */
size_t pdffont_bytes(const pdffont *pf);

#endif
