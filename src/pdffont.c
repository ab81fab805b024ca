/* pdffont: slots of (face, glyph, text), per-face subset fonts loaded into
 * libharu, and the ToUnicode maps that give every code its text. */
#include "pdffont.h"

#include <hpdf_doc.h>
#include <hpdf_encoder.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "diag.h"
#include "subset.h"
#include "util.h"

/* Longest text one code maps to, in UTF-16 units (a cluster of marks):
 * poppler reads a ToUnicode string of at most 255 characters (<, 252 hex
 * digits, >), and drops a longer entry, the whole code's text with it. */
#define MAX_TEXT_UNITS 63

/* The encoder the fonts are made with: codes are CIDs (Identity-H), code
 * index i is CID i + 1. It maps a single code, so that libharu's font set-up
 * (which walks every code of its encoder: 65,536 for UTF-8, with a cmap
 * lookup each, and writes a 128 KB CIDToGIDMap) has almost nothing to do;
 * load_face then writes the real /W and CIDToGIDMap. */
#define CODES_ENCODER "TP-Codes"

/* A face with at most this many codes is drawn with one-byte codes: code
 * index i is byte i, CID i + 1 (through an embedded CMap all such fonts
 * share), half the bytes of its text in the content streams. */
#define ONE_BYTE_CODES 256

typedef struct pf_slot {
	int face;
	uint32_t gid;
	size_t toff, tlen;     /* the text, in pf->text */
	uint32_t hash;
	uint32_t idx;          /* code index within the face's font */
	int width;             /* 1/1000 em, from the loaded font */
} pf_slot;

typedef struct face_font {
	uint32_t *gids;        /* glyph per code index */
	int32_t *slots;        /* slot per code index */
	size_t n, cap;
	HPDF_Font font;
	char psname[64];
	int seq;               /* 1 + the order of first use in this document; 0 = unused */
	int one_byte;          /* its codes are single bytes (set by pdffont_load) */
} face_font;

struct pdffont {
	fonts *f;
	pf_slot *slots;
	size_t nslots, cslots;
	buf text;
	int32_t *table;        /* open addressing over slots, -1 = empty */
	size_t tcap;
	face_font *faces;
	size_t nfaces;
	int nused;             /* faces used so far */
	size_t bytes;
	HPDF_Dict cmap1;       /* the one-byte CMap stream, made for the first such face */
};

pdffont *pdffont_new(fonts *f)
{
	pdffont *pf = xcalloc(1, sizeof *pf);

	pf->f = f;
	buf_init(&pf->text);
	pf->tcap = 1024;
	pf->table = xmalloc(pf->tcap * sizeof *pf->table);
	memset(pf->table, 0xFF, pf->tcap * sizeof *pf->table);
	return pf;
}

void pdffont_free(pdffont *pf)
{
	if (!pf)
		return;
	for (size_t i = 0; i < pf->nfaces; i++) {
		free(pf->faces[i].gids);
		free(pf->faces[i].slots);
	}
	free(pf->faces);
	free(pf->slots);
	free(pf->table);
	buf_free(&pf->text);
	free(pf);
}

/* FNV-1a over the face, the glyph and the text. */
static uint32_t slot_hash(int face, uint32_t gid, const char *text, size_t len)
{
	uint32_t k[2] = { (uint32_t)face, gid };

	return (uint32_t)util_hash(util_hash(UTIL_HASH_INIT, k, sizeof k), text, len);
}

/* Puts slot s into the open-addressing table. */
static void table_put(pdffont *pf, int32_t s)
{
	size_t mask = pf->tcap - 1, i = pf->slots[s].hash & mask;

	while (pf->table[i] >= 0)
		i = (i + 1) & mask;
	pf->table[i] = s;
}

/* Doubles the table when it is half full, re-inserting every slot;
 * returns 1 when it did. */
static int table_grow(pdffont *pf)
{
	if (pf->nslots * 2 < pf->tcap)
		return 0;
	free(pf->table);
	pf->tcap *= 2;
	pf->table = xmalloc(pf->tcap * sizeof *pf->table);
	memset(pf->table, 0xFF, pf->tcap * sizeof *pf->table);
	for (size_t s = 0; s < pf->nslots; s++)
		table_put(pf, (int32_t)s);
	return 1;
}

/* The per-face record, created on first use. */
static face_font *face_at(pdffont *pf, int face)
{
	if ((size_t)face >= pf->nfaces) {
		pf->faces = xrealloc(pf->faces, ((size_t)face + 1) * sizeof *pf->faces);
		memset(pf->faces + pf->nfaces, 0, ((size_t)face + 1 - pf->nfaces) * sizeof *pf->faces);
		pf->nfaces = (size_t)face + 1;
	}
	return &pf->faces[face];
}

/* When a face has used every code: any slot already drawing the glyph. */
static int32_t reuse_slot(const pdffont *pf, const face_font *ff, uint32_t gid)
{
	for (size_t i = 0; i < ff->n; i++)
		if (pf->slots[ff->slots[i]].gid == gid)
			return ff->slots[i];
	return -1;
}

int32_t pdffont_add(pdffont *pf, int face, uint32_t gid, const char *text, size_t len)
{
	uint32_t h = slot_hash(face, gid, text, len);
	size_t mask = pf->tcap - 1;

	if (face < 0)
		return -1;
	for (size_t i = h & mask; pf->table[i] >= 0; i = (i + 1) & mask) {
		const pf_slot *s = &pf->slots[pf->table[i]];
		if (s->hash == h && s->face == face && s->gid == gid && s->tlen == len &&
		    memcmp(pf->text.data + s->toff, text, len) == 0)
			return pf->table[i];
	}
	face_font *ff = face_at(pf, face);
	if (!ff->seq)
		ff->seq = ++pf->nused;
	if (ff->n >= SUBSET_MAX_CODES)
		return reuse_slot(pf, ff, gid);
	if (ff->n == ff->cap) {
		ff->cap = ff->cap ? ff->cap * 2 : 64;
		ff->gids = xrealloc(ff->gids, ff->cap * sizeof *ff->gids);
		ff->slots = xrealloc(ff->slots, ff->cap * sizeof *ff->slots);
	}
	if (pf->nslots == pf->cslots) {
		pf->cslots = pf->cslots ? pf->cslots * 2 : 256;
		pf->slots = xrealloc(pf->slots, pf->cslots * sizeof *pf->slots);
	}
	int32_t id = (int32_t)pf->nslots++;
	pf->slots[id] = (pf_slot){ face, gid, pf->text.len, len, h, (uint32_t)ff->n, 0 };
	buf_add(&pf->text, text, len);
	ff->gids[ff->n] = gid;
	ff->slots[ff->n++] = id;
	if (!table_grow(pf))
		table_put(pf, id);
	return id;
}

/* Loads font bytes into libharu, which in 2.3 only reads TrueType from a
 * path (and keeps the file open until the document is freed): through an
 * anonymous memory file, else (no memfd or no /proc) a temporary file
 * unlinked at once. Returns libharu's font name, NULL on failure. */
static const char *load_bytes(HPDF_Doc doc, const buf *b)
{
	char path[4096];
	const char *name = NULL;
	int fd = memfd_create("threadpdf-font", MFD_CLOEXEC);

	if (fd >= 0) {
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
		if (util_write_all(fd, b->data, b->len) == 0 && access(path, R_OK) == 0)
			name = HPDF_LoadTTFontFromFile(doc, path, HPDF_TRUE);
		close(fd);
		if (name)
			return name;
		HPDF_ResetError(doc);
	}
	const char *dir = getenv("TMPDIR");
	snprintf(path, sizeof path, "%s/threadpdf-font-XXXXXX", dir && *dir ? dir : "/tmp");
	fd = mkstemp(path);
	if (fd < 0)
		return NULL;
	if (util_write_all(fd, b->data, b->len) == 0)
		name = HPDF_LoadTTFontFromFile(doc, path, HPDF_TRUE);
	unlink(path);
	close(fd);
	return name;
}

/* Appends one UTF-16BE unit as four hex digits. */
static void hex16(buf *b, unsigned u)
{
	static const char hx[] = "0123456789ABCDEF";
	char s[4] = { hx[(u >> 12) & 15], hx[(u >> 8) & 15], hx[(u >> 4) & 15], hx[u & 15] };

	buf_add(b, s, 4);
}

/* Appends text as UTF-16BE hex (surrogate pairs above U+FFFF). */
static void hex_utf16(buf *b, const char *s, size_t n)
{
	size_t i = 0, units = 0;

	while (i < n && units + 2 <= MAX_TEXT_UNITS) {
		size_t adv;
		uint32_t cp = utf8_decode(s + i, n - i, &adv);
		i += adv;
		if (cp >= 0x10000) {
			cp -= 0x10000;
			hex16(b, 0xD800 + (cp >> 10));
			hex16(b, 0xDC00 + (cp & 0x3FF));
			units += 2;
		} else {
			hex16(b, cp);
			units++;
		}
	}
}

/* The ToUnicode CMap of one face: bfchar entries, 100 per block. Codes
 * without text of their own (non-first glyphs of a cluster) are left out. */
static void make_tounicode(const pdffont *pf, const face_font *ff, buf *b)
{
	size_t left = 0, i = 0;

	buf_adds(b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
		    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
		    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n");
	buf_adds(b, ff->one_byte ? "1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
				 : "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	for (size_t k = 0; k < ff->n; k++)
		left += pf->slots[ff->slots[k]].tlen > 0;
	while (left) {
		size_t blk = left < 100 ? left : 100;
		buf_printf(b, "%zu beginbfchar\n", blk);
		for (size_t done = 0; done < blk; i++) {
			const pf_slot *s = &pf->slots[ff->slots[i]];
			if (!s->tlen)
				continue;
			buf_addc(b, '<');
			if (ff->one_byte)
				buf_printf(b, "%02zX", i);
			else
				hex16(b, (unsigned)i + 1);
			buf_adds(b, "> <");
			hex_utf16(b, pf->text.data + s->toff, s->tlen);
			buf_adds(b, ">\n");
			done++;
		}
		buf_adds(b, "endbfchar\n");
		left -= blk;
	}
	buf_adds(b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
}

/* Sets up the codes encoder: one code, 1, for CID 1 and the subset's first
 * cmap entry (libharu refuses a font whose encoder maps nothing). */
static HPDF_STATUS codes_init(HPDF_Encoder e)
{
	HPDF_STATUS st = HPDF_CMapEncoder_InitAttr(e);
	HPDF_CidRange_Rec space = { 0x0000, 0xFFFF, 0 };

	if (st != HPDF_OK)
		return st;
	HPDF_CMapEncoderAttr a = (HPDF_CMapEncoderAttr)e->attr;
	a->cid_map[0][1] = 1;
	a->unicode_map[0][1] = (HPDF_UNICODE)subset_code(0);
	a->is_lead_byte_fn = NULL;
	a->is_trial_byte_fn = NULL;
	snprintf(a->registry, sizeof a->registry, "Adobe");
	snprintf(a->ordering, sizeof a->ordering, "Identity-H");
	a->suppliment = 0;
	a->writing_mode = HPDF_WMODE_HORIZONTAL;
	e->type = HPDF_ENCODER_TYPE_DOUBLE_BYTE;
	return HPDF_CMapEncoder_AddCodeSpaceRange(e, space);
}

/* Registers the codes encoder with doc once; 0 or -1. */
static int codes_encoder(HPDF_Doc doc)
{
	if (HPDF_Doc_FindEncoder(doc, CODES_ENCODER))
		return 0;
	HPDF_Encoder e = HPDF_CMapEncoder_New(doc->mmgr, (char *)CODES_ENCODER, codes_init);
	if (!e || HPDF_Doc_RegisterEncoder(doc, e) != HPDF_OK)
		return -1;
	return HPDF_GetEncoder(doc, CODES_ENCODER) ? 0 : -1;
}

/* The descendant font's /W (every code's advance, one run from CID 1) and
 * CIDToGIDMap (CID i + 1 to the subset glyph of code index i, read back
 * from the loaded font's cmap), in place of the ones libharu made for the
 * encoder's single code. */
static int write_cid_maps(const pdffont *pf, const face_font *ff)
{
	HPDF_FontAttr fa = (HPDF_FontAttr)ff->font->attr;
	HPDF_Dict cid = fa->descendant_font;
	HPDF_Array w = cid ? HPDF_Array_New(cid->mmgr) : NULL, run = w ? HPDF_Array_New(cid->mmgr) : NULL;

	if (!run || !fa->map_stream || !fa->map_stream->stream)
		return -1;
	HPDF_Array_AddNumber(w, 1);
	HPDF_Array_Add(w, run);
	unsigned char *map = xcalloc(ff->n + 1, 2);
	for (size_t i = 0; i < ff->n; i++) {
		HPDF_UINT16 g = HPDF_TTFontDef_GetGlyphid(fa->fontdef, (HPDF_UNICODE)subset_code(i));
		map[2 * i + 2] = (unsigned char)(g >> 8);
		map[2 * i + 3] = (unsigned char)g;
		HPDF_Array_AddNumber(run, pf->slots[ff->slots[i]].width);
	}
	HPDF_Dict_RemoveElement(cid, "W");
	int rc = HPDF_Dict_Add(cid, "W", w) == HPDF_OK ? 0 : -1;
	HPDF_MemStream_FreeData(fa->map_stream->stream);
	if (HPDF_Stream_Write(fa->map_stream->stream, map, (HPDF_UINT)(2 * (ff->n + 1))) != HPDF_OK)
		rc = -1;
	free(map);
	return rc;
}

/* The CMap of one-byte codes: byte c is CID c + 1 (a face's code index c). */
static const char CMAP1[] =
	"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
	"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> def\n"
	"/CMapName /TP-OneByte def\n/CMapType 1 def\n"
	"1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
	"1 begincidrange\n<00> <FF> 1\nendcidrange\n"
	"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";

/* The one-byte CMap stream of the document, made on first use; NULL on failure. */
static HPDF_Dict one_byte_cmap(pdffont *pf, HPDF_Doc doc)
{
	if (pf->cmap1)
		return pf->cmap1;
	HPDF_Dict cm = HPDF_DictStream_New(doc->mmgr, doc->xref);
	HPDF_Dict si = cm ? HPDF_Dict_New(doc->mmgr) : NULL;

	if (!si)
		return NULL;
	cm->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	if (HPDF_Dict_AddName(cm, "Type", "CMap") != HPDF_OK || HPDF_Dict_AddName(cm, "CMapName", "TP-OneByte") != HPDF_OK ||
	    HPDF_Dict_Add(cm, "CIDSystemInfo", si) != HPDF_OK ||
	    HPDF_Dict_Add(si, "Registry", HPDF_String_New(doc->mmgr, "Adobe", NULL)) != HPDF_OK ||
	    HPDF_Dict_Add(si, "Ordering", HPDF_String_New(doc->mmgr, "Identity", NULL)) != HPDF_OK ||
	    HPDF_Dict_AddNumber(si, "Supplement", 0) != HPDF_OK ||
	    HPDF_Stream_Write(cm->stream, (const HPDF_BYTE *)CMAP1, (HPDF_UINT)(sizeof CMAP1 - 1)) != HPDF_OK)
		return NULL;
	pf->cmap1 = cm;
	return cm;
}

/* Draws a face of few codes with one-byte codes: the shared CMap as its
 * /Encoding and the descendant's CIDSystemInfo to match it. 0 or -1. */
static int use_one_byte(pdffont *pf, HPDF_Doc doc, face_font *ff)
{
	HPDF_FontAttr fa = (HPDF_FontAttr)ff->font->attr;
	HPDF_Dict si = fa->descendant_font ? HPDF_Dict_GetItem(fa->descendant_font, "CIDSystemInfo", HPDF_OCLASS_DICT) : NULL;
	HPDF_Dict cm = one_byte_cmap(pf, doc);

	if (!cm || !si)
		return -1;
	HPDF_Dict_RemoveElement(ff->font, "Encoding");
	HPDF_Dict_RemoveElement(si, "Ordering");
	if (HPDF_Dict_Add(ff->font, "Encoding", cm) != HPDF_OK ||
	    HPDF_Dict_Add(si, "Ordering", HPDF_String_New(doc->mmgr, "Identity", NULL)) != HPDF_OK)
		return -1;
	ff->one_byte = 1;
	return 0;
}

/* Replaces the ToUnicode stream libharu made (an invalid begincidrange). */
static int rewrite_tounicode(const pdffont *pf, const face_font *ff)
{
	HPDF_Dict cm = HPDF_Dict_GetItem(ff->font, "ToUnicode", HPDF_OCLASS_DICT);
	buf b;
	int rc = -1;

	if (!cm || !cm->stream)
		return -1;
	HPDF_Dict_RemoveElement(cm, "Type");
	HPDF_Dict_RemoveElement(cm, "CMapName");
	HPDF_Dict_RemoveElement(cm, "CIDSystemInfo");
	HPDF_Dict_RemoveElement(cm, "WMode");
	HPDF_MemStream_FreeData(cm->stream);
	buf_init(&b);
	make_tounicode(pf, ff, &b);
	if (HPDF_Stream_Write(cm->stream, (const HPDF_BYTE *)b.data, (HPDF_UINT)b.len) == HPDF_OK)
		rc = 0;
	buf_free(&b);
	return rc;
}

/* Marks every glyph of the (already minimal) subset as used, so libharu's
 * own half-subsetting keeps them all (composite components included, and
 * the glyf size subset.c plans for), and reads back each code's advance as
 * the PDF will record it. */
static void take_widths(pdffont *pf, face_font *ff)
{
	HPDF_FontAttr fa = (HPDF_FontAttr)ff->font->attr;
	HPDF_TTFontDefAttr ta = (HPDF_TTFontDefAttr)fa->fontdef->attr;

	memset(ta->glyph_tbl.flgs, 1, ta->num_glyphs);
	for (size_t i = 0; i < ff->n; i++)
		pf->slots[ff->slots[i]].width = HPDF_Font_GetUnicodeWidth(ff->font, (HPDF_UNICODE)subset_code(i));
}

/* A PostScript name for the face no face used earlier in this document
 * has; numbered by order of use, so that the name does not depend on what
 * the process rendered before. */
static void unique_name(pdffont *pf, int face, const char *name)
{
	face_font *ff = &pf->faces[face];

	snprintf(ff->psname, sizeof ff->psname, "%.48s", name && *name ? name : "Font");
	for (size_t i = 0; i < pf->nfaces; i++)
		if (pf->faces[i].n && pf->faces[i].seq < ff->seq &&
		    strcmp(pf->faces[i].psname, ff->psname) == 0) {
			snprintf(ff->psname, sizeof ff->psname, "%.48s-F%d", name && *name ? name : "Font", ff->seq);
			break;
		}
}

/* Subsets, loads and maps one face; on failure its font stays NULL. */
static tp_result load_face(pdffont *pf, HPDF_Doc doc, int face, char *msg, size_t msglen)
{
	face_font *ff = &pf->faces[face];
	const fonts_face *fi = fonts_face_get(pf->f, face);
	buf fb;
	tp_result r;

	if (!fi || fi->color)
		return tp_fail(TP_ERR_FONT, msg, msglen, "font face %d cannot be embedded as outlines", face);
	unique_name(pf, face, fi->name);
	buf_init(&fb);
	r = subset_build(fi->path, fi->index, ff->gids, ff->n, ff->psname, &fb, msg, msglen);
	if (r != TP_OK) {
		buf_free(&fb);
		return r;
	}
	pf->bytes += fb.len;
	verbosef(2, "pdf: font %s: %zu codes, subset %zu bytes", ff->psname, ff->n, fb.len);
	const char *name = load_bytes(doc, &fb);
	buf_free(&fb);
	ff->font = name && codes_encoder(doc) == 0 ? HPDF_GetFont(doc, name, CODES_ENCODER) : NULL;
	if (!ff->font)
		return tp_fail(TP_ERR_FONT, msg, msglen, "%s: libharu cannot load its subset (error 0x%04X)",
			       fi->path, (unsigned)HPDF_GetError(doc));
	take_widths(pf, ff);
	if (ff->n <= ONE_BYTE_CODES && use_one_byte(pf, doc, ff) != 0)
		return tp_fail(TP_ERR_PDF, msg, msglen, "%s: cannot give the font its one-byte CMap", fi->path);
	if (write_cid_maps(pf, ff) != 0)
		return tp_fail(TP_ERR_PDF, msg, msglen, "%s: cannot write the font's widths and glyph map", fi->path);
	if (rewrite_tounicode(pf, ff) != 0)
		return tp_fail(TP_ERR_PDF, msg, msglen, "%s: cannot write the ToUnicode map", fi->path);
	return TP_OK;
}

/* Faces in order of first use in the document (0 for an unused one). */
static size_t *use_order(const pdffont *pf)
{
	size_t *order = xcalloc(pf->nused + 1, sizeof *order);

	for (size_t i = 0; i < pf->nfaces; i++)
		if (pf->faces[i].seq)
			order[pf->faces[i].seq - 1] = i;
	return order;
}

/* Loads the used faces in order of first use, so a document's bytes do not
 * depend on the faces' numbers in a fonts set shared with other documents. */
tp_result pdffont_load(pdffont *pf, HPDF_Doc doc, char *msg, size_t msglen)
{
	size_t *order = use_order(pf);
	tp_result res = TP_OK;

	for (int k = 0; k < pf->nused; k++) {
		size_t i = order[k];
		if (!pf->faces[i].n)
			continue;
		tp_result r = load_face(pf, doc, (int)i, msg, msglen);
		if (r == TP_OK)
			continue;
		if (i == 0) {
			res = r;
			break;
		}
		warnf("%s; its text is left out", msg);
		pf->faces[i].font = NULL;
		HPDF_ResetError(doc);
	}
	free(order);
	return res;
}

/* NULL when the slot's face could not be embedded. */
HPDF_Font pdffont_font(const pdffont *pf, int32_t slot)
{
	return pf->faces[pf->slots[slot].face].font;
}

/* One-byte codes are the code index, two-byte ones the CID. */
unsigned pdffont_code(const pdffont *pf, int32_t slot)
{
	const pf_slot *s = &pf->slots[slot];

	return pf->faces[s->face].one_byte ? s->idx : s->idx + 1;
}

int pdffont_code_len(const pdffont *pf, int32_t slot)
{
	return pf->faces[pf->slots[slot].face].one_byte ? 1 : 2;
}

int pdffont_width(const pdffont *pf, int32_t slot)
{
	return pf->slots[slot].width;
}

size_t pdffont_bytes(const pdffont *pf)
{
	return pf->bytes;
}
