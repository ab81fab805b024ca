/* fonts: the set of font faces a document may draw with.
 *
 * Faces 0..3 are the bundled body fonts (regular, bold, italic, bold italic)
 * from the fonts directory; further faces are added on demand: fallbacks for
 * characters the body fonts lack (bundled first, then fontconfig) and the
 * colour emoji font. Each face is a TrueType-outline (glyf) font or a colour
 * bitmap font. Knows nothing of layout or PDF. */
#ifndef THREADPDF_FONTS_H
#define THREADPDF_FONTS_H

#include <stddef.h>
#include <stdint.h>

#include "result.h"

typedef struct fonts fonts;

typedef enum fonts_style {
	FONT_REGULAR = 0,
	FONT_BOLD = 1,
	FONT_ITALIC = 2,
	FONT_BOLD_ITALIC = 3
} fonts_style;

/* Read-only facts about one face. Strings are owned by the fonts set. */
typedef struct fonts_face {
	const char *path;      /* file the face comes from */
	int index;             /* face index inside a .ttc */
	const char *name;      /* PostScript name, for messages and dumps */
	int color;             /* 1: colour bitmap (emoji) face, drawn as images */
	float upem;            /* units per em */
	float ascender;        /* in em (positive) */
	float descender;       /* in em (negative) */
} fonts_face;

/* Opens the bundled fonts in dir. TP_ERR_FONT with msg naming the file when
 * one is missing or is not a TrueType-outline font. */
tp_result fonts_new(const char *dir, fonts **out, char *msg, size_t msglen);
void fonts_free(fonts *f);

/* Default fonts directory (--fonts, in main, comes first): $THREADPDF_FONTS;
 * else the compiled-in FONTDIR (the tree's fonts/, or $(DATADIR)/fonts for an
 * installed binary) when it exists; else PREFIX/share/threadpdf/fonts for a
 * binary at PREFIX/bin (a staged or moved install); else FONTDIR. The string
 * is the environment's or static: not the caller's, not thread-safe. */
const char *fonts_default_dir(void);

size_t fonts_count(const fonts *f);
const fonts_face *fonts_face_get(const fonts *f, int face);

/* The face to draw code point cp in, preferring `style`'s body face; loads a
 * fallback face when needed. Returns -1 when no font on the machine has it. */
int fonts_face_for(fonts *f, uint32_t cp, fonts_style style);

/* The colour bitmap of glyph gid of a colour face, as straight (not
 * premultiplied) RGBA rows, top row first; *rgba is caller-freed. Bearing
 * and size are in em so the caller can scale to any font size.
 * Returns 0, or -1 when the glyph has no bitmap. */
int fonts_color_glyph(fonts *f, int face, uint32_t gid, unsigned char **rgba, int *w, int *h,
		      float *left_em, float *top_em, float *width_em, float *height_em);

/* Internal handles for the text module (opaque to everyone else):
 * FT_Face and hb_font_t* of a face, created once per face. */
void *fonts_ft_face(fonts *f, int face);
void *fonts_hb_font(fonts *f, int face);

/* Additions (text module and CLI):
 * Whether face has a real glyph (not .notdef) for cp in its cmap. */
int fonts_has_glyph(fonts *f, int face, uint32_t cp);

/* The colour emoji face (loaded on first use), or -1 when the machine has
 * none or colour emoji are switched off. */
int fonts_emoji_face(fonts *f);

/* Colour emoji on (default) or off: off draws emoji from monochrome outline
 * fallbacks (e.g. DejaVu Sans, Noto Sans Symbols2) when a font has them. */
void fonts_set_color_emoji(fonts *f, int on);

#endif
