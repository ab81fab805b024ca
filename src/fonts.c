/* fonts: the bundled body faces, fallback faces found through fontconfig,
 * and the colour emoji face. Faces are opened with HarfBuzz (shaping, cmap
 * lookups, metrics) and, lazily, with FreeType (colour bitmaps). */
#include "fonts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TAGS_H
#include <hb-ot.h>
#include <hb.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include "diag.h"
#include "util.h"

/* The bundled body faces, in fonts_style order. */
static const char *const body_files[4] = {
	"NotoSerif-Regular.ttf",
	"NotoSerif-Bold.ttf",
	"NotoSerif-Italic.ttf",
	"NotoSerif-BoldItalic.ttf",
};

/* Where a colour emoji font usually lives, tried before asking fontconfig. */
static const char *const emoji_paths[] = {
	"/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf",
	"/usr/share/fonts/noto/NotoColorEmoji.ttf",
};

/* One loaded face. Allocated on its own so fonts_face pointers stay valid. */
typedef struct face_rec {
	fonts_face pub;
	char *path, *name;
	hb_face_t *hbface;
	hb_font_t *hb;
	FT_Face ft;            /* lazily opened */
	hb_script_t script;    /* script it was chosen for (fallbacks), else 0 */
	int style;             /* style it was chosen for */
} face_rec;

/* One cached decision: code point + style -> face (-1: none). */
typedef struct cp_slot {
	uint32_t key;          /* (cp << 2 | style) + 1; 0 = empty */
	int face;
} cp_slot;

struct fonts {
	face_rec **faces;
	size_t nfaces, capfaces;
	FT_Library ft;
	FcConfig *fc;          /* lazily loaded */
	FcFontSet *sorted[4];  /* all fonts in fontconfig's order per style, lazily */
	int fc_failed;
	int emoji;             /* colour face index, -1 none, -2 not looked up yet */
	int color_on;          /* colour emoji allowed */
	cp_slot *cache;
	size_t cachecap, cachelen;
	char **rejected;       /* files found unusable (CFF, unreadable) */
	size_t nrejected;
};

/* Whether the face has a TrueType outline table (libharu needs glyf). */
static int has_glyf(hb_face_t *face)
{
	hb_blob_t *b = hb_face_reference_table(face, HB_TAG('g', 'l', 'y', 'f'));
	unsigned n = hb_blob_get_length(b);
	hb_blob_destroy(b);
	hb_blob_t *l = hb_face_reference_table(face, HB_TAG('l', 'o', 'c', 'a'));
	unsigned m = hb_blob_get_length(l);
	hb_blob_destroy(l);
	return n > 0 && m > 0;
}

/* Whether the face carries colour bitmaps (CBDT or sbix). */
static int has_color_bitmaps(hb_face_t *face)
{
	return hb_ot_color_has_png(face);
}

/* Reads the PostScript name of a face into a new string. */
static char *ps_name(hb_face_t *face)
{
	char tmp[256];
	unsigned n = sizeof tmp;

	if (hb_ot_name_get_utf8(face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &n,
				tmp) == 0)
		return xstrdup("unnamed");
	return xstrdup(tmp);
}

/* Opens path[index] as a face record; NULL with a reason in msg when it
 * cannot be read or is neither a glyf font nor (if allowed) a colour font. */
static face_rec *open_face(const char *path, int index, int allow_color, char *msg,
			   size_t msglen)
{
	if (access(path, R_OK) != 0) {
		snprintf(msg, msglen, "cannot read font %s: %s", path, strerror(errno));
		return NULL;
	}
	hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
	if (!blob) {
		snprintf(msg, msglen, "cannot read font %s", path);
		return NULL;
	}
	unsigned count = hb_face_count(blob);
	if (count == 0 || (unsigned)index >= count) {
		hb_blob_destroy(blob);
		snprintf(msg, msglen, "not a font file: %s", path);
		return NULL;
	}
	hb_face_t *hf = hb_face_create(blob, (unsigned)index);
	hb_blob_destroy(blob);
	int color = allow_color && has_color_bitmaps(hf);
	if (!color && !has_glyf(hf)) {
		hb_face_destroy(hf);
		snprintf(msg, msglen, "font %s has no TrueType outlines (glyf/loca; CFF is not supported)",
			 path);
		return NULL;
	}
	face_rec *r = xcalloc(1, sizeof *r);
	r->path = xstrdup(path);
	r->name = ps_name(hf);
	r->hbface = hf;
	r->hb = hb_font_create(hf);
	hb_font_make_immutable(r->hb);
	r->pub.path = r->path;
	r->pub.index = index;
	r->pub.name = r->name;
	r->pub.color = color;
	r->pub.upem = (float)hb_face_get_upem(hf);
	hb_font_extents_t ext;
	hb_font_get_h_extents(r->hb, &ext);
	int xs, ys;
	hb_font_get_scale(r->hb, &xs, &ys);
	r->pub.ascender = (float)ext.ascender / (float)ys;
	r->pub.descender = (float)ext.descender / (float)ys;
	if (r->pub.ascender <= 0)
		r->pub.ascender = 0.9f;
	if (r->pub.descender >= 0)
		r->pub.descender = -0.25f;
	return r;
}

/* Releases one face record. */
static void close_face(face_rec *r)
{
	if (!r)
		return;
	hb_font_destroy(r->hb);
	hb_face_destroy(r->hbface);
	if (r->ft)
		FT_Done_Face(r->ft);
	free(r->path);
	free(r->name);
	free(r);
}

/* Appends a face record to the set; returns its index. */
static int add_face(fonts *f, face_rec *r)
{
	if (f->nfaces == f->capfaces) {
		f->capfaces = f->capfaces ? f->capfaces * 2 : 8;
		f->faces = xrealloc(f->faces, f->capfaces * sizeof *f->faces);
	}
	f->faces[f->nfaces] = r;
	return (int)f->nfaces++;
}

/* Opens the four bundled body faces; fallbacks come later, on demand. */
tp_result fonts_new(const char *dir, fonts **out, char *msg, size_t msglen)
{
	*out = NULL;
	if (!dir)
		return tp_fail(TP_ERR_FONT, msg, msglen, "no fonts directory");
	fonts *f = xcalloc(1, sizeof *f);
	f->emoji = -2;
	f->color_on = 1;
	if (FT_Init_FreeType(&f->ft) != 0) {
		free(f);
		return tp_fail(TP_ERR_FONT, msg, msglen, "cannot initialise FreeType");
	}
	for (int i = 0; i < 4; i++) {
		char *path = util_path_join(dir, body_files[i]);
		char why[512];
		face_rec *r = open_face(path, 0, 0, why, sizeof why);
		free(path);
		if (!r) {
			fonts_free(f);
			return tp_fail(TP_ERR_FONT, msg, msglen, "%s", why);
		}
		r->style = i;
		add_face(f, r);
	}
	*out = f;
	return TP_OK;
}

/* Closes every face and the fontconfig configuration. */
void fonts_free(fonts *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->nfaces; i++)
		close_face(f->faces[i]);
	free(f->faces);
	for (size_t i = 0; i < f->nrejected; i++)
		free(f->rejected[i]);
	free(f->rejected);
	free(f->cache);
	for (int i = 0; i < 4; i++)
		if (f->sorted[i])
			FcFontSetDestroy(f->sorted[i]);
	if (f->fc)
		FcConfigDestroy(f->fc);
	FT_Done_FreeType(f->ft);
	free(f);
}

/* 1 when path is a directory. */
static int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* PREFIX/share/threadpdf/fonts for the running binary at PREFIX/bin/threadpdf
 * (an install staged with DESTDIR, or moved), into out; 1 when it exists. */
static int fonts_beside_exe(char *out, size_t n)
{
	char exe[4096];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);

	if (len <= 0)
		return 0;
	exe[len] = '\0';
	for (int up = 0; up < 2; up++) {
		char *slash = strrchr(exe, '/');
		if (!slash)
			return 0;
		*slash = '\0';
	}
	return snprintf(out, n, "%s/share/threadpdf/fonts", exe) < (int)n && is_dir(out);
}

/* $THREADPDF_FONTS when set; else the directory compiled in (FONTDIR: the
 * source tree's fonts/ for a build in the tree, $(DATADIR)/fonts for the
 * binary make install installs) when it exists; else ../share/threadpdf/fonts
 * beside the binary; else FONTDIR, so the error names where fonts belong. */
const char *fonts_default_dir(void)
{
	static char beside[4200];
	const char *e = getenv("THREADPDF_FONTS");

	if (e && *e)
		return e;
	if (is_dir(FONTDIR) || !fonts_beside_exe(beside, sizeof beside))
		return FONTDIR;
	return beside;
}

/* Number of faces loaded so far (bundled, fallbacks, emoji). */
size_t fonts_count(const fonts *f)
{
	return f ? f->nfaces : 0;
}

/* Public facts of one face; NULL when out of range. */
const fonts_face *fonts_face_get(const fonts *f, int face)
{
	if (!f || face < 0 || (size_t)face >= f->nfaces)
		return NULL;
	return &f->faces[face]->pub;
}

/* A cmap lookup through HarfBuzz (fast; no FreeType involved). */
int fonts_has_glyph(fonts *f, int face, uint32_t cp)
{
	hb_codepoint_t g;

	if (!f || face < 0 || (size_t)face >= f->nfaces)
		return 0;
	return hb_font_get_nominal_glyph(f->faces[face]->hb, cp, &g) && g != 0;
}

/* Switches colour emoji; forgets cached choices, which may change. */
void fonts_set_color_emoji(fonts *f, int on)
{
	if (f->color_on != !!on && f->cache) {
		memset(f->cache, 0, f->cachecap * sizeof *f->cache);
		f->cachelen = 0;
	}
	f->color_on = !!on;
}

/* Index of an already-open face from path[index], or -1. */
static int find_loaded(const fonts *f, const char *path, int index)
{
	for (size_t i = 0; i < f->nfaces; i++)
		if (f->faces[i]->pub.index == index && strcmp(f->faces[i]->path, path) == 0)
			return (int)i;
	return -1;
}

/* Whether path was found unusable before. */
static int is_rejected(const fonts *f, const char *path)
{
	for (size_t i = 0; i < f->nrejected; i++)
		if (strcmp(f->rejected[i], path) == 0)
			return 1;
	return 0;
}

/* Remembers that path is unusable so it is not opened again. */
static void reject(fonts *f, const char *path)
{
	f->rejected = xrealloc(f->rejected, (f->nrejected + 1) * sizeof *f->rejected);
	f->rejected[f->nrejected++] = xstrdup(path);
}

/* Loads fontconfig's configuration once; NULL when it is unavailable. */
static FcConfig *fc_config(fonts *f)
{
	if (!f->fc && !f->fc_failed) {
		f->fc = FcInitLoadConfigAndFonts();
		if (!f->fc)
			f->fc_failed = 1;
	}
	return f->fc;
}

/* Opens (or finds open) path[index]; the face index, or -1 when unusable. */
static int load_file(fonts *f, const char *path, int index, int color)
{
	int have = find_loaded(f, path, index);
	if (have >= 0)
		return have;
	if (is_rejected(f, path))
		return -1;
	char why[512];
	face_rec *r = open_face(path, index, color, why, sizeof why);
	if (!r || (color && !r->pub.color)) {
		verbosef(2, "skipping font %s: %s", path, r ? "no colour bitmaps" : why);
		close_face(r);
		reject(f, path);
		return -1;
	}
	verbosef(1, "using font %s (%s)", r->name, path);
	return add_face(f, r);
}

/* The colour emoji face, loaded on first use; -1 when none or disabled. */
int fonts_emoji_face(fonts *f)
{
	if (!f->color_on)
		return -1;
	if (f->emoji != -2)
		return f->emoji;
	f->emoji = -1;
	for (size_t i = 0; i < sizeof emoji_paths / sizeof *emoji_paths && f->emoji < 0; i++)
		if (access(emoji_paths[i], R_OK) == 0)
			f->emoji = load_file(f, emoji_paths[i], 0, 1);
	FcConfig *cfg = f->emoji < 0 ? fc_config(f) : NULL;
	if (cfg) {
		FcPattern *p = FcPatternCreate();
		FcPatternAddBool(p, FC_COLOR, FcTrue);
		FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)"emoji");
		FcConfigSubstitute(cfg, p, FcMatchPattern);
		FcDefaultSubstitute(p);
		FcResult res;
		FcFontSet *fs = FcFontSort(cfg, p, FcFalse, NULL, &res);
		for (int i = 0; fs && i < fs->nfont && f->emoji < 0; i++) {
			FcBool col = FcFalse;
			FcChar8 *file = NULL;
			int idx = 0;
			if (FcPatternGetBool(fs->fonts[i], FC_COLOR, 0, &col) != FcResultMatch || !col)
				continue;
			if (FcPatternGetString(fs->fonts[i], FC_FILE, 0, &file) != FcResultMatch)
				continue;
			FcPatternGetInteger(fs->fonts[i], FC_INDEX, 0, &idx);
			f->emoji = load_file(f, (const char *)file, idx, 1);
		}
		if (fs)
			FcFontSetDestroy(fs);
		FcPatternDestroy(p);
	}
	return f->emoji;
}

/* Mixes the bits of a cache key. */
static size_t hash_key(uint32_t k)
{
	k ^= k >> 16;
	k *= 0x7feb352dU;
	k ^= k >> 15;
	k *= 0x846ca68bU;
	k ^= k >> 16;
	return k;
}

/* The cached slot for key (found or empty). */
static cp_slot *cache_slot(fonts *f, uint32_t key)
{
	size_t mask = f->cachecap - 1;
	for (size_t i = hash_key(key) & mask;; i = (i + 1) & mask)
		if (f->cache[i].key == key || f->cache[i].key == 0)
			return &f->cache[i];
}

/* Remembers the face for key, growing the table at half load. */
static void cache_put(fonts *f, uint32_t key, int face)
{
	if ((f->cachelen + 1) * 2 > f->cachecap) {
		cp_slot *old = f->cache;
		size_t oldcap = f->cachecap;
		f->cachecap = oldcap ? oldcap * 2 : 1024;
		f->cache = xcalloc(f->cachecap, sizeof *f->cache);
		f->cachelen = 0;
		for (size_t i = 0; i < oldcap; i++)
			if (old[i].key) {
				*cache_slot(f, old[i].key) = old[i];
				f->cachelen++;
			}
		free(old);
	}
	cp_slot *s = cache_slot(f, key);
	if (!s->key)
		f->cachelen++;
	s->key = key;
	s->face = face;
}

/* Fills names with the families made for cp's script ("Noto Naskh Arabic",
 * "Noto Serif Hebrew", "Noto Sans Math", a CJK font...), best first: they
 * match the body face better than fontconfig's generic order (which puts
 * DejaVu Sans first for Arabic). Returns how many. */
static size_t preferred_families(uint32_t cp, char names[][64], size_t max)
{
	UErrorCode err = U_ZERO_ERROR;
	UScriptCode sc = uscript_getScript((UChar32)cp, &err);
	size_t n = 0;

	if (U_FAILURE(err))
		return 0;
	if (sc == USCRIPT_COMMON || sc == USCRIPT_INHERITED || sc == USCRIPT_UNKNOWN) {
		static const char *const sym[] = { "Noto Sans Math", "Noto Sans Symbols",
						   "Noto Sans Symbols2" };
		for (size_t i = 0; i < 3 && n < max; i++)
			snprintf(names[n++], 64, "%s", sym[i]);
		return n;
	}
	if (sc == USCRIPT_HAN || sc == USCRIPT_HIRAGANA || sc == USCRIPT_KATAKANA ||
	    sc == USCRIPT_HANGUL || sc == USCRIPT_BOPOMOFO) {
		static const char *const cjk[] = { "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
						   "Droid Sans Fallback" };
		for (size_t i = 0; i < 3 && n < max; i++)
			snprintf(names[n++], 64, "%s", cjk[i]);
		return n;
	}
	const char *sn = uscript_getName(sc);
	if (!sn)
		return 0;
	if (sc == USCRIPT_ARABIC && n < max)
		snprintf(names[n++], 64, "Noto Naskh Arabic");
	static const char *const kinds[] = { "Noto Serif", "Noto Sans" };
	for (size_t k = 0; k < 2 && n < max; k++) {
		snprintf(names[n], 64, "%s %s", kinds[k], sn);
		for (char *c = names[n]; *c; c++)
			if (*c == '_')
				*c = ' ';
		n++;
	}
	return n;
}

/* Every font on the machine, in fontconfig's order for a serif of style
 * (sorted once per style and kept: sorting costs about half a millisecond). */
static FcFontSet *sorted_fonts(fonts *f, int style)
{
	FcConfig *cfg = fc_config(f);
	if (!cfg)
		return NULL;
	if (f->sorted[style])
		return f->sorted[style];
	FcPattern *p = FcPatternCreate();
	FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)"serif");
	FcPatternAddInteger(p, FC_WEIGHT, (style & FONT_BOLD) ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
	FcPatternAddInteger(p, FC_SLANT, (style & FONT_ITALIC) ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
	FcConfigSubstitute(cfg, p, FcMatchPattern);
	FcDefaultSubstitute(p);
	FcResult res;
	f->sorted[style] = FcFontSort(cfg, p, FcFalse, NULL, &res);
	FcPatternDestroy(p);
	return f->sorted[style];
}

/* Whether fontconfig's entry can serve cp: covers it, outline TrueType,
 * not colour, and not found unusable before. */
static int usable(const fonts *f, FcPattern *fp, uint32_t cp)
{
	FcCharSet *fcs = NULL;
	FcChar8 *file = NULL, *format = NULL;
	FcBool col = FcFalse;

	if (FcPatternGetCharSet(fp, FC_CHARSET, 0, &fcs) != FcResultMatch ||
	    !FcCharSetHasChar(fcs, cp))
		return 0;
	if (FcPatternGetBool(fp, FC_COLOR, 0, &col) == FcResultMatch && col)
		return 0;
	if (FcPatternGetString(fp, FC_FONTFORMAT, 0, &format) == FcResultMatch &&
	    strcmp((const char *)format, "TrueType") != 0)
		return 0;
	return FcPatternGetString(fp, FC_FILE, 0, &file) == FcResultMatch &&
	       !is_rejected(f, (const char *)file);
}

/* Rank of a font by its families among names (0 best), or nnames if none. */
static size_t family_rank(FcPattern *fp, char names[][64], size_t nnames)
{
	size_t best = nnames;
	FcChar8 *fam;
	for (int j = 0; FcPatternGetString(fp, FC_FAMILY, j, &fam) == FcResultMatch; j++)
		for (size_t k = 0; k < best; k++)
			if (FcStrCmpIgnoreCase(fam, (const FcChar8 *)names[k]) == 0)
				best = k;
	return best;
}

/* A system outline face with cp, closest to style: the script's preferred
 * families first, then fontconfig's order. -1 if none. */
static int fc_fallback(fonts *f, uint32_t cp, int style)
{
	FcFontSet *fs = sorted_fonts(f, style);
	char names[6][64];
	size_t nnames = preferred_families(cp, names, 6);

	for (int tries = 0; fs && tries < 8; tries++) {
		int pick = -1;
		size_t rank = nnames + 1;
		for (int i = 0; i < fs->nfont && rank > 0; i++) {
			if (!usable(f, fs->fonts[i], cp))
				continue;
			size_t r = family_rank(fs->fonts[i], names, nnames);
			if (r < rank) {
				rank = r;
				pick = i;
			}
		}
		if (pick < 0)
			return -1;
		FcChar8 *file = NULL;
		int idx = 0;
		FcPatternGetString(fs->fonts[pick], FC_FILE, 0, &file);
		FcPatternGetInteger(fs->fonts[pick], FC_INDEX, 0, &idx);
		int fi = load_file(f, (const char *)file, idx, 0);
		if (fi >= 0 && fonts_has_glyph(f, fi, cp))
			return fi;
		if (fi >= 0)
			reject(f, (const char *)file);
	}
	return -1;
}

/* Whether cp is shown as an emoji by default (no variation selector). */
static int emoji_default(uint32_t cp)
{
	return u_hasBinaryProperty((UChar32)cp, UCHAR_EMOJI_PRESENTATION) ||
	       u_hasBinaryProperty((UChar32)cp, UCHAR_REGIONAL_INDICATOR) ||
	       u_hasBinaryProperty((UChar32)cp, UCHAR_EMOJI_MODIFIER);
}

/* The uncached face search of fonts_face_for. */
static int face_search(fonts *f, uint32_t cp, int style)
{
	if (emoji_default(cp)) {
		int e = fonts_emoji_face(f);
		if (e >= 0 && fonts_has_glyph(f, e, cp))
			return e;
	}
	if (fonts_has_glyph(f, style, cp))
		return style;
	static const int order[4][3] = { { 1, 2, 3 }, { 0, 3, 2 }, { 0, 3, 1 }, { 1, 2, 0 } };
	for (int i = 0; i < 3; i++)
		if (fonts_has_glyph(f, order[style][i], cp))
			return order[style][i];
	/* A fallback already chosen for this script and style keeps runs in one face. */
	hb_script_t sc = hb_unicode_script(hb_unicode_funcs_get_default(), cp);
	for (size_t i = 4; i < f->nfaces; i++) {
		face_rec *r = f->faces[i];
		if (!r->pub.color && r->script == sc && r->style == style &&
		    fonts_has_glyph(f, (int)i, cp))
			return (int)i;
	}
	int fb = fc_fallback(f, cp, style);
	if (fb >= 4 && !f->faces[fb]->script) {
		f->faces[fb]->script = sc;
		f->faces[fb]->style = style;
	}
	if (fb >= 0)
		return fb;
	for (size_t i = 4; i < f->nfaces; i++)
		if (!f->faces[i]->pub.color && fonts_has_glyph(f, (int)i, cp))
			return (int)i;
	int e = fonts_emoji_face(f);
	if (e >= 0 && fonts_has_glyph(f, e, cp))
		return e;
	return -1;
}

/* The body face when it has cp (the common case, uncached); else cached search. */
int fonts_face_for(fonts *f, uint32_t cp, fonts_style style)
{
	int st = (int)style & 3;
	if (fonts_has_glyph(f, st, cp) && !emoji_default(cp))
		return st;
	uint32_t key = ((cp << 2) | (uint32_t)st) + 1;
	if (f->cachecap) {
		cp_slot *s = cache_slot(f, key);
		if (s->key == key)
			return s->face;
	}
	int face = face_search(f, cp, st);
	cache_put(f, key, face);
	return face;
}

/* The FreeType face of a face record, opened on first use. */
static FT_Face ft_face(fonts *f, int face)
{
	if (!f || face < 0 || (size_t)face >= f->nfaces)
		return NULL;
	face_rec *r = f->faces[face];
	if (!r->ft) {
		if (FT_New_Face(f->ft, r->path, r->pub.index, &r->ft) != 0)
			return r->ft = NULL;
		if (r->pub.color && r->ft->num_fixed_sizes > 0)
			FT_Select_Size(r->ft, 0);
	}
	return r->ft;
}

/* The FreeType face, opened on first use (colour bitmaps need it). */
void *fonts_ft_face(fonts *f, int face)
{
	return ft_face(f, face);
}

/* The HarfBuzz font of a face, created when the face was opened. */
void *fonts_hb_font(fonts *f, int face)
{
	if (!f || face < 0 || (size_t)face >= f->nfaces)
		return NULL;
	return f->faces[face]->hb;
}

/* Loads the strike's BGRA bitmap and un-premultiplies it into RGBA. */
int fonts_color_glyph(fonts *f, int face, uint32_t gid, unsigned char **rgba, int *w, int *h,
		      float *left_em, float *top_em, float *width_em, float *height_em)
{
	*rgba = NULL;
	*w = *h = 0;
	FT_Face ft = ft_face(f, face);
	if (!ft || !f->faces[face]->pub.color || !ft->size)
		return -1;
	if (FT_Load_Glyph(ft, gid, FT_LOAD_COLOR) != 0)
		return -1;
	FT_Bitmap *bm = &ft->glyph->bitmap;
	if (bm->pixel_mode != FT_PIXEL_MODE_BGRA || bm->width == 0 || bm->rows == 0)
		return -1;
	float ppem = ft->size->metrics.y_ppem ? (float)ft->size->metrics.y_ppem : 109.0f;
	int bw = (int)bm->width, bh = (int)bm->rows;
	unsigned char *out = xmalloc((size_t)bw * (size_t)bh * 4);
	for (int y = 0; y < bh; y++) {
		const unsigned char *src = bm->buffer + (ptrdiff_t)y * bm->pitch;
		unsigned char *dst = out + (size_t)y * (size_t)bw * 4;
		for (int x = 0; x < bw; x++, src += 4, dst += 4) {
			unsigned a = src[3];
			if (a == 0 || a == 255) { /* most pixels: nothing to divide */
				dst[0] = src[2];
				dst[1] = src[1];
				dst[2] = src[0];
				dst[3] = (unsigned char)a;
				continue;
			}
			unsigned r = (src[2] * 255u + a / 2) / a, g = (src[1] * 255u + a / 2) / a,
				 b = (src[0] * 255u + a / 2) / a;
			dst[0] = (unsigned char)(r > 255 ? 255 : r);
			dst[1] = (unsigned char)(g > 255 ? 255 : g);
			dst[2] = (unsigned char)(b > 255 ? 255 : b);
			dst[3] = (unsigned char)a;
		}
	}
	*rgba = out;
	*w = bw;
	*h = bh;
	*left_em = (float)ft->glyph->bitmap_left / ppem;
	*top_em = (float)ft->glyph->bitmap_top / ppem;
	*width_em = (float)bw / ppem;
	*height_em = (float)bh / ppem;
	return 0;
}
