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
	if (off + 2 > len)
		return 0;
	return (unsigned)(unsigned char)d[off] << 8 | (unsigned char)d[off + 1];
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
 * runs (U+0100.. then U+E000..), each one segment reading glyphIdArray. */
static hb_blob_t *make_cmap(const uint16_t *newgid, size_t n)
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

/* Copies the outline and metric tables of the subset into a new face with
 * the synthetic cmap/name/hhea/hmtx, and serializes it into out. */
static void assemble(hb_face_t *sub, const hb_map_t *old2new, const uint32_t *gids, size_t n,
		     const char *ps, buf *out)
{
	static const char keep[][5] = { "glyf", "loca", "head", "maxp", "OS/2", "post" };
	hb_face_t *b = hb_face_builder_create();
	uint16_t *newgid = xcalloc(n ? n : 1, sizeof *newgid);
	hb_blob_t *t, *hhea, *hmtx;

	for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++) {
		hb_tag_t tag = hb_tag_from_string(keep[i], 4);
		t = hb_face_reference_table(sub, tag);
		if (hb_blob_get_length(t))
			hb_face_builder_add_table(b, tag, t);
		hb_blob_destroy(t);
	}
	for (size_t i = 0; i < n; i++) {
		hb_codepoint_t g = hb_map_get(old2new, gids[i]);
		newgid[i] = g == HB_MAP_VALUE_INVALID ? 0 : (uint16_t)g;
	}
	t = make_cmap(newgid, n);
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
	unsigned len;
	const char *d = hb_blob_get_data(t, &len);
	buf_add(out, d, len);
	hb_blob_destroy(t);
	hb_face_destroy(b);
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
