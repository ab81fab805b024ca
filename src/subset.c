/* subset: HarfBuzz subsetting plus a synthetic cmap, name and hmtx, so that
 * libharu 2.3 can embed exactly the glyphs a document draws. */
#include "subset.h"

#include <hb-subset.h>
#include <hb.h>
#include <stdlib.h>
#include <string.h>

#define PRIVATE_USE_FIRST 0xE000u
#define PRIVATE_USE_COUNT 6400u   /* U+E000..U+F8FF */
#define LOW_FIRST 0x0100u

/* libharu's memory-stream buffer, HPDF_STREAM_BUF_SIZ. */
#define HARU_BUF 4096u

unsigned subset_code(size_t i)
{
	if (i < PRIVATE_USE_COUNT)
		return PRIVATE_USE_FIRST + (unsigned)i;
	return LOW_FIRST + (unsigned)(i - PRIVATE_USE_COUNT);
}

/* Big-endian appends to a table being built. */
static void put16(buf *b, unsigned v)
{
	unsigned char c[2] = { (unsigned char)(v >> 8), (unsigned char)v };
	buf_add(b, c, 2);
}

static void put32(buf *b, uint32_t v)
{
	put16(b, v >> 16);
	put16(b, v & 0xFFFF);
}

/* Big-endian read of 16 bits at offset off of a blob, 0 when out of range. */
static unsigned get16(const char *d, unsigned len, unsigned off)
{
	if (off + 2 > len || off + 2 < off)
		return 0;
	return (unsigned)(unsigned char)d[off] << 8 | (unsigned char)d[off + 1];
}

/* Big-endian read of 32 bits, 0 when out of range. */
static uint32_t get32(const char *d, unsigned len, unsigned off)
{
	return (uint32_t)get16(d, len, off) << 16 | get16(d, len, off + 2);
}

/* A blob that owns a copy of the buffer's bytes. */
static hb_blob_t *blob_from_buf(buf *b)
{
	size_t len;
	char *data = buf_steal(b, &len);

	return hb_blob_create(data, (unsigned)len, HB_MEMORY_MODE_WRITABLE, data, free);
}

/* Largest power of two <= n (n >= 1), and its log2. */
static unsigned pow2_floor(unsigned n, unsigned *log2)
{
	unsigned p = 1, l = 0;

	while (p * 2 <= n) {
		p *= 2;
		l++;
	}
	*log2 = l;
	return p;
}

/* A format 4 cmap: subset_code(i) -> newgid[i]. Codes come in at most two
 * runs (U+0100.. then U+E000..), each one segment reading glyphIdArray.
 * pad zero bytes follow the subtable (see haru_safe). */
static hb_blob_t *make_cmap(const uint16_t *newgid, size_t n, unsigned pad)
{
	size_t nlow = n > PRIVATE_USE_COUNT ? n - PRIVATE_USE_COUNT : 0;
	size_t npua = n - nlow;
	unsigned start[3], end[3], segs = 0, sel;
	buf t, s;

	if (nlow) {
		start[segs] = LOW_FIRST;
		end[segs++] = LOW_FIRST + (unsigned)nlow - 1;
	}
	if (npua) {
		start[segs] = PRIVATE_USE_FIRST;
		end[segs++] = PRIVATE_USE_FIRST + (unsigned)npua - 1;
	}
	start[segs] = end[segs] = 0xFFFF;
	segs++;

	buf_init(&s);
	unsigned sr = 2 * pow2_floor(segs, &sel);
	put16(&s, 4);
	put16(&s, (unsigned)(16 + 8 * segs + 2 * n));
	put16(&s, 0);
	put16(&s, 2 * segs);
	put16(&s, sr);
	put16(&s, sel);
	put16(&s, 2 * segs - sr);
	for (unsigned i = 0; i < segs; i++)
		put16(&s, end[i]);
	put16(&s, 0);
	for (unsigned i = 0; i < segs; i++)
		put16(&s, start[i]);
	for (unsigned i = 0; i < segs; i++)
		put16(&s, i == segs - 1 ? 1 : 0);
	/* glyphIdArray holds the low run first, then the private-use run. */
	for (unsigned i = 0; i < segs; i++) {
		unsigned idx = 0;
		if (i == segs - 1) {
			put16(&s, 0);
			continue;
		}
		if (start[i] == PRIVATE_USE_FIRST)
			idx = (unsigned)nlow;
		put16(&s, 2 * (segs - i) + 2 * idx);
	}
	for (size_t i = 0; i < nlow; i++)
		put16(&s, newgid[PRIVATE_USE_COUNT + i]);
	for (size_t i = 0; i < npua; i++)
		put16(&s, newgid[i]);

	buf_init(&t);
	put16(&t, 0);
	put16(&t, 1);
	put16(&t, 3);
	put16(&t, 1);
	put32(&t, 12);
	buf_add(&t, s.data, s.len);
	buf_free(&s);
	while (pad--)
		buf_addc(&t, 0);
	return blob_from_buf(&t);
}

/* Keeps what a PostScript name may hold, at most 48 characters. */
static void sanitize_name(const char *in, char *out, size_t cap)
{
	size_t j = 0;

	for (const char *p = in ? in : ""; *p && j + 1 < cap && j < 48; p++) {
		char c = *p;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
		    c == '_' || c == '.')
			out[j++] = c;
	}
	if (j == 0)
		out[j++] = 'F';
	out[j] = '\0';
}

/* A name table with family, subfamily "Regular", full and PostScript names
 * (Windows platform, UTF-16BE): all libharu reads, and nothing to clash. */
static hb_blob_t *make_name(const char *ps)
{
	static const unsigned ids[4] = { 1, 2, 4, 6 };
	const char *strs[4] = { ps, "Regular", ps, ps };
	buf t, str;

	buf_init(&t);
	buf_init(&str);
	put16(&t, 0);
	put16(&t, 4);
	put16(&t, 6 + 12 * 4);
	for (int i = 0; i < 4; i++) {
		size_t len = strlen(strs[i]);
		put16(&t, 3);
		put16(&t, 1);
		put16(&t, 0x409);
		put16(&t, ids[i]);
		put16(&t, (unsigned)(2 * len));
		put16(&t, (unsigned)str.len);
		for (size_t k = 0; k < len; k++)
			put16(&str, (unsigned char)strs[i][k]);
	}
	buf_add(&t, str.data, str.len);
	buf_free(&str);
	return blob_from_buf(&t);
}

/* Rebuilds hhea and hmtx with one long metric per glyph, zero advances
 * raised to the smallest advance libharu's 1/1000-em widths do not round
 * to zero. */
static void make_metrics(hb_face_t *face, hb_blob_t **hhea_out, hb_blob_t **hmtx_out)
{
	hb_blob_t *hhea = hb_face_reference_table(face, HB_TAG('h', 'h', 'e', 'a'));
	hb_blob_t *hmtx = hb_face_reference_table(face, HB_TAG('h', 'm', 't', 'x'));
	unsigned hlen, mlen;
	const char *h = hb_blob_get_data(hhea, &hlen);
	const char *m = hb_blob_get_data(hmtx, &mlen);
	unsigned nglyphs = hb_face_get_glyph_count(face);
	unsigned nlong = get16(h, hlen, 34);
	unsigned upem = hb_face_get_upem(face);
	unsigned tiny = (upem + 999) / 1000;
	unsigned adv = 0;
	buf nh, nm;

	buf_init(&nh);
	buf_add(&nh, h, hlen < 34 ? hlen : 34);
	while (nh.len < 34)
		buf_addc(&nh, 0);
	put16(&nh, nglyphs);
	buf_init(&nm);
	for (unsigned g = 0; g < nglyphs; g++) {
		int lsb;
		if (g < nlong) {
			adv = get16(m, mlen, 4 * g);
			lsb = (int)get16(m, mlen, 4 * g + 2);
		} else {
			lsb = (int)get16(m, mlen, 4 * nlong + 2 * (g - nlong));
		}
		put16(&nm, adv ? adv : tiny);
		put16(&nm, (unsigned)lsb);
	}
	hb_blob_destroy(hhea);
	hb_blob_destroy(hmtx);
	*hhea_out = blob_from_buf(&nh);
	*hmtx_out = blob_from_buf(&nm);
}

/* The subsetter's input: the glyphs, no hinting, no layout or colour tables. */
static hb_subset_input_t *make_input(const uint32_t *gids, size_t n)
{
	static const char drop[][5] = { "GSUB", "GPOS", "GDEF", "kern", "BASE", "JSTF", "MATH", "morx",
					"kerx", "feat", "trak", "DSIG", "hdmx", "LTSH", "VDMX", "gasp",
					"vhea", "vmtx", "VORG", "STAT", "meta", "CBDT", "CBLC", "sbix",
					"COLR", "CPAL", "SVG ", "EBDT", "EBLC", "EBSC", "name", "cmap" };
	hb_subset_input_t *in = hb_subset_input_create_or_fail();

	if (!in)
		return NULL;
	hb_set_t *glyphs = hb_subset_input_glyph_set(in);
	for (size_t i = 0; i < n; i++)
		hb_set_add(glyphs, gids[i]);
	hb_set_t *dt = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	for (size_t i = 0; i < sizeof drop / sizeof drop[0]; i++)
		hb_set_add(dt, hb_tag_from_string(drop[i], 4));
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
	return in;
}

/* The offset and length of table `tag` in font d, 0 when absent. */
static unsigned table_at(const char *d, unsigned len, const char *tag, unsigned *tlen)
{
	unsigned n = get16(d, len, 4);

	for (unsigned i = 0; i < n; i++) {
		unsigned rec = 12 + 16 * i;
		if (rec + 16 > len)
			break;
		if (memcmp(d + rec, tag, 4) == 0) {
			*tlen = (unsigned)get32(d, len, rec + 12);
			return (unsigned)get32(d, len, rec + 8);
		}
	}
	*tlen = 0;
	return 0;
}

/* The bytes of name table records as libharu rewrites them: each record of
 * name 1 or 4 gains the subset tag ("ABCDEF+", 14 bytes in UTF-16 on
 * platforms 0 and 3, else 7; RecreateName). */
static size_t haru_name_len(const char *d, unsigned len, unsigned off)
{
	unsigned count = get16(d, len, off + 2);
	size_t total = 6 + 12 * (size_t)count;

	for (unsigned k = 0; k < count; k++) {
		unsigned rec = off + 6 + 12 * k, plat = get16(d, len, rec), id = get16(d, len, rec + 6);
		total += get16(d, len, rec + 8);
		if (id == 1 || id == 4)
			total += plat == 0 || plat == 3 ? 14 : 7;
	}
	return total;
}

/* The bytes libharu 2.3's HPDF_TTFontDef_SaveFontData writes for the tables
 * of font d (the embedded font's Length1 less its 220-byte directory): each
 * of its 13 required tables that d has, copied as is, except head (rewritten
 * in 54 bytes), loca (numGlyphs + 1 entries), name (haru_name_len) and glyf
 * (the glyphs libharu marks used, which pdffont makes all of them: the span
 * loca covers). */
static size_t haru_tables_len(const char *d, unsigned len)
{
	static const char req[13][5] = { "OS/2", "cmap", "cvt ", "fpgm", "glyf", "head", "hhea",
					 "hmtx", "loca", "maxp", "name", "post", "prep" };
	unsigned tl;
	unsigned head = table_at(d, len, "head", &tl), maxp = table_at(d, len, "maxp", &tl);
	unsigned loca = table_at(d, len, "loca", &tl);
	unsigned ng = get16(d, len, maxp + 4), longloca = get16(d, len, head + 50) != 0;
	size_t total = 0;

	for (int i = 0; i < 13; i++) {
		unsigned off = table_at(d, len, req[i], &tl);
		if (!tl)
			continue;
		if (strcmp(req[i], "head") == 0)
			total += 54;
		else if (strcmp(req[i], "loca") == 0)
			total += ((size_t)ng + 1) * (longloca ? 4 : 2);
		else if (strcmp(req[i], "name") == 0)
			total += haru_name_len(d, len, off);
		else if (strcmp(req[i], "glyf") == 0 && longloca)
			total += get32(d, len, loca + 4 * ng) - get32(d, len, loca);
		else if (strcmp(req[i], "glyf") == 0)
			total += 2 * (size_t)(get16(d, len, loca + 2 * ng) - get16(d, len, loca));
		else
			total += tl;
	}
	return total;
}

/* Whether libharu 2.3 can embed font d. HPDF_TTFontDef_SaveFontData writes
 * its 13 required tables, in the order of haru_tables_len's list, into a
 * memory stream of HARU_BUF-byte buffers, then seeks that stream to each
 * table's offset to checksum it. HPDF_MemStream_InWrite allocates a buffer
 * only for a write that does not fit the last one, so a stream of exactly
 * k * HARU_BUF bytes holds k buffers; HPDF_MemStream_SeekFunc accepts pos
 * == size, looks up buffer pos / HARU_BUF = k, finds none and fails with
 * HPDF_INVALID_OBJECT (0x1033): the document cannot be saved, and
 * CIDFontType2_BeforeWrite_Func (hpdf_font_cid.c) leaks the FontDescriptor
 * it made for the font (136 bytes: a dict and its list). Every
 * non-empty table starts below the stream's size (inside a buffer), and so
 * do cvt and fpgm (glyf and head follow them); only prep, last and empty
 * in an unhinted subset, starts at the very end. So the save fails exactly
 * when the tables total a multiple of HARU_BUF. */
static int haru_safe(const char *d, unsigned len)
{
	return haru_tables_len(d, len) % HARU_BUF != 0;
}

/* A font with the outline and metric tables of the subset and the
 * synthetic cmap (cmap_pad bytes longer), name, hhea and hmtx. */
static hb_blob_t *build_font(hb_face_t *sub, const uint16_t *newgid, size_t n, const char *ps,
			     unsigned cmap_pad)
{
	static const char keep[][5] = { "glyf", "loca", "head", "maxp", "OS/2", "post" };
	hb_face_t *b = hb_face_builder_create();
	hb_blob_t *t, *hhea, *hmtx;

	for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++) {
		hb_tag_t tag = hb_tag_from_string(keep[i], 4);
		t = hb_face_reference_table(sub, tag);
		if (hb_blob_get_length(t))
			hb_face_builder_add_table(b, tag, t);
		hb_blob_destroy(t);
	}
	t = make_cmap(newgid, n, cmap_pad);
	hb_face_builder_add_table(b, HB_TAG('c', 'm', 'a', 'p'), t);
	hb_blob_destroy(t);
	t = make_name(ps);
	hb_face_builder_add_table(b, HB_TAG('n', 'a', 'm', 'e'), t);
	hb_blob_destroy(t);
	make_metrics(sub, &hhea, &hmtx);
	hb_face_builder_add_table(b, HB_TAG('h', 'h', 'e', 'a'), hhea);
	hb_face_builder_add_table(b, HB_TAG('h', 'm', 't', 'x'), hmtx);
	hb_blob_destroy(hhea);
	hb_blob_destroy(hmtx);
	t = hb_face_reference_blob(b);
	hb_face_destroy(b);
	return t;
}

/* Builds the font of the subset and appends it to out; when libharu could
 * not embed it (haru_safe), builds it again with two more bytes of cmap,
 * which libharu copies as they are and readers ignore (they read the
 * subtable by its own length): the tables then total 2 more than a
 * multiple of HARU_BUF. */
static void assemble(hb_face_t *sub, const hb_map_t *old2new, const uint32_t *gids, size_t n,
		     const char *ps, buf *out)
{
	uint16_t *newgid = xcalloc(n ? n : 1, sizeof *newgid);
	unsigned len;

	for (size_t i = 0; i < n; i++) {
		hb_codepoint_t g = hb_map_get(old2new, gids[i]);
		newgid[i] = g == HB_MAP_VALUE_INVALID ? 0 : (uint16_t)g;
	}
	hb_blob_t *t = build_font(sub, newgid, n, ps, 0);
	const char *d = hb_blob_get_data(t, &len);
	if (!haru_safe(d, len)) {
		hb_blob_destroy(t);
		t = build_font(sub, newgid, n, ps, 2);
		d = hb_blob_get_data(t, &len);
	}
	buf_add(out, d, len);
	hb_blob_destroy(t);
	free(newgid);
}

tp_result subset_build(const char *path, int index, const uint32_t *gids, size_t n,
		       const char *psname, buf *out, char *msg, size_t msglen)
{
	tp_result r = TP_OK;
	hb_blob_t *blob = NULL;
	hb_face_t *face = NULL, *sub = NULL;
	hb_subset_input_t *in = NULL;
	hb_subset_plan_t *plan = NULL;
	char ps[64];

	if (n > SUBSET_MAX_CODES)
		return tp_fail(TP_ERR_FONT, msg, msglen, "%s: %zu glyph codes exceed the subset limit", path, n);
	blob = hb_blob_create_from_file_or_fail(path);
	if (!blob) {
		r = tp_fail(TP_ERR_FONT, msg, msglen, "%s: cannot read the font file", path);
		goto cleanup;
	}
	face = hb_face_create(blob, (unsigned)index);
	hb_blob_t *glyf = hb_face_reference_table(face, HB_TAG('g', 'l', 'y', 'f'));
	unsigned has_glyf = hb_blob_get_length(glyf);
	hb_blob_destroy(glyf);
	if (!has_glyf) {
		r = tp_fail(TP_ERR_FONT, msg, msglen, "%s: not a TrueType-outline font (no glyf table)", path);
		goto cleanup;
	}
	in = make_input(gids, n);
	plan = in ? hb_subset_plan_create_or_fail(face, in) : NULL;
	sub = plan ? hb_subset_plan_execute_or_fail(plan) : NULL;
	if (!sub) {
		r = tp_fail(TP_ERR_FONT, msg, msglen, "%s: HarfBuzz could not subset the font", path);
		goto cleanup;
	}
	sanitize_name(psname, ps, sizeof ps);
	assemble(sub, hb_subset_plan_old_to_new_glyph_mapping(plan), gids, n, ps, out);
cleanup:
	hb_face_destroy(sub);
	hb_subset_plan_destroy(plan);
	hb_subset_input_destroy(in);
	hb_face_destroy(face);
	hb_blob_destroy(blob);
	return r;
}
