/* pdf_image: images (each distinct content embedded once: JPEG and plain
 * PNG data passed through, other PNGs decoded to colour + soft mask and
 * compressed here), avatars clipped to a circle, play marks, placeholders
 * and rectangles. */
#include <hpdf_objects.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "image.h"
#include "pdf_int.h"

/* Forgets a handled libharu error (an image that would not load). */
static void clear_error(render *r)
{
	r->err = r->err_detail = 0;
	HPDF_ResetError(r->pdf);
}

/* ---- shapes ---- */

/* A rectangle path with corners rounded by radius rad (PDF coordinates,
 * (x, y) the bottom-left corner). */
static void path_rect(render *r, float x, float y, float w, float h, float rad)
{
	const float k = 0.5523f;
	HPDF_Page pg = r->page;

	if (rad > w / 2)
		rad = w / 2;
	if (rad > h / 2)
		rad = h / 2;
	if (rad <= 0.01f) {
		HPDF_Page_Rectangle(pg, x, y, w, h);
		return;
	}
	float c = rad * (1 - k);
	HPDF_Page_MoveTo(pg, x + rad, y);
	HPDF_Page_LineTo(pg, x + w - rad, y);
	HPDF_Page_CurveTo(pg, x + w - c, y, x + w, y + c, x + w, y + rad);
	HPDF_Page_LineTo(pg, x + w, y + h - rad);
	HPDF_Page_CurveTo(pg, x + w, y + h - c, x + w - c, y + h, x + w - rad, y + h);
	HPDF_Page_LineTo(pg, x + rad, y + h);
	HPDF_Page_CurveTo(pg, x + c, y + h, x, y + h - c, x, y + h - rad);
	HPDF_Page_LineTo(pg, x, y + rad);
	HPDF_Page_CurveTo(pg, x, y + c, x + c, y, x + rad, y);
	HPDF_Page_ClosePath(pg);
}

/* BOX_RECT: fill and/or stroke, rounded corners. */
void pdfr_draw_rect(render *r, const layout_box *b)
{
	if (!b->fill && !b->stroke)
		return;
	pdfr_text_end(r);
	if (b->fill)
		pdfr_set_fill(r, b->color);
	if (b->stroke) {
		pdfr_set_stroke(r, b->stroke_color);
		HPDF_Page_SetLineWidth(r->page, b->line_width > 0 ? b->line_width : 1);
	}
	if (b->stroke && b->dash > 0) {
		HPDF_UINT16 on_off[2] = { (HPDF_UINT16)ceilf(b->dash), (HPDF_UINT16)ceilf(b->dash) };
		HPDF_Page_SetDash(r->page, on_off, 2, 0);
	}
	path_rect(r, b->x, r->ph - b->y - b->h, b->w, b->h, b->radius);
	if (b->fill && b->stroke)
		HPDF_Page_FillStroke(r->page);
	else if (b->fill)
		HPDF_Page_Fill(r->page);
	else
		HPDF_Page_Stroke(r->page);
	if (b->stroke && b->dash > 0)
		HPDF_Page_SetDash(r->page, NULL, 0, 0);
}

static void draw_play(render *r, float cx, float cy, float rad);

/* BOX_PLACEHOLDER: a light grey frame with a small picture mark in the
 * middle, or a play mark for a video without a picture (the label is drawn
 * by the layout's own text boxes). */
void pdfr_draw_placeholder(render *r, const layout_box *b)
{
	float x = b->x, y = r->ph - b->y - b->h, w = b->w, h = b->h;
	float s = fminf(w, h) * 0.22f;

	pdfr_text_end(r);
	pdfr_set_fill(r, 0xEEEEEE);
	pdfr_set_stroke(r, 0xBBBBBB);
	HPDF_Page_SetLineWidth(r->page, 0.75f);
	path_rect(r, x, y, w, h, fminf(6, fminf(w, h) / 4));
	HPDF_Page_FillStroke(r->page);
	if (s < 6)
		return;
	s = fminf(s, 36);
	float cx = x + w / 2, cy = y + h / 2 + (h > 4 * s ? s * 0.5f : 0);
	if (b->play) {
		draw_play(r, cx, cy, s * 0.7f);
		return;
	}
	float iw = s * 1.3f, ih = s;
	pdfr_set_stroke(r, 0x999999);
	pdfr_set_fill(r, 0xAAAAAA);
	HPDF_Page_SetLineWidth(r->page, fmaxf(0.75f, s / 16));
	path_rect(r, cx - iw / 2, cy - ih / 2, iw, ih, s / 8);
	HPDF_Page_Stroke(r->page);
	HPDF_Page_MoveTo(r->page, cx - iw * 0.38f, cy - ih * 0.32f);
	HPDF_Page_LineTo(r->page, cx - iw * 0.1f, cy + ih * 0.12f);
	HPDF_Page_LineTo(r->page, cx + iw * 0.08f, cy - ih * 0.1f);
	HPDF_Page_LineTo(r->page, cx + iw * 0.2f, cy + ih * 0.02f);
	HPDF_Page_LineTo(r->page, cx + iw * 0.38f, cy - ih * 0.32f);
	HPDF_Page_ClosePath(r->page);
	HPDF_Page_Fill(r->page);
	HPDF_Page_Circle(r->page, cx + iw * 0.22f, cy + ih * 0.22f, s * 0.1f);
	HPDF_Page_Fill(r->page);
}

/* A translucent dark disc with a white triangle: the mark of a video/GIF. */
static void draw_play(render *r, float cx, float cy, float rad)
{
	if (!r->shade) {
		r->shade = HPDF_CreateExtGState(r->pdf);
		HPDF_ExtGState_SetAlphaFill(r->shade, 0.6f);
	}
	HPDF_Page_GSave(r->page);
	HPDF_Page_SetExtGState(r->page, r->shade);
	HPDF_Page_SetRGBFill(r->page, 0, 0, 0);
	HPDF_Page_Circle(r->page, cx, cy, rad);
	HPDF_Page_Fill(r->page);
	HPDF_Page_GRestore(r->page);
	HPDF_Page_GSave(r->page);
	HPDF_Page_SetRGBFill(r->page, 1, 1, 1);
	HPDF_Page_MoveTo(r->page, cx - rad * 0.3f, cy - rad * 0.45f);
	HPDF_Page_LineTo(r->page, cx + rad * 0.5f, cy);
	HPDF_Page_LineTo(r->page, cx - rad * 0.3f, cy + rad * 0.45f);
	HPDF_Page_ClosePath(r->page);
	HPDF_Page_Fill(r->page);
	HPDF_Page_GRestore(r->page);
}

/* ---- images ---- */

/* A hash of the length and of the first and last 4 KiB: cheap, and with a
 * full comparison on a match it finds identical blobs. */
static uint64_t blob_key(const thread_blob *b)
{
	size_t head = b->len < 4096 ? b->len : 4096;
	size_t tail = b->len - head < 4096 ? b->len - head : 4096;

	return util_hash(util_hash(UTIL_HASH_INIT ^ b->len, b->data, head), b->data + b->len - tail, tail);
}

/* Image bytes as a libharu stream to read from on save: the thread's own
 * bytes (they outlive the document) or a buffer the stream owns. libharu
 * would first copy them into its memory stream, 4 KB at a time. */
typedef struct bytes_src {
	const unsigned char *p;
	size_t len, pos;
	unsigned char *owned;   /* freed with the stream; may be NULL */
	FILE *spool;            /* non-NULL: the bytes are spool bytes [off, off + len) */
	long long off;
} bytes_src;

/* The stream's read: up to *siz bytes from the position; EOF at the end. */
static HPDF_STATUS src_read(HPDF_Stream s, HPDF_BYTE *ptr, HPDF_UINT *siz)
{
	bytes_src *b = s->attr;
	size_t n = b->len - b->pos < *siz ? b->len - b->pos : *siz;

	if (b->spool) {
		if (n && pread(fileno(b->spool), ptr, n, (off_t)(b->off + (long long)b->pos)) != (ssize_t)n)
			return HPDF_SetError(s->error, HPDF_FILE_IO_ERROR, 0);
	} else {
		memcpy(ptr, b->p + b->pos, n);
	}
	b->pos += n;
	*siz = (HPDF_UINT)n;
	return b->pos == b->len ? HPDF_STREAM_EOF : HPDF_OK;
}

/* The stream's seek, within the bytes only. */
static HPDF_STATUS src_seek(HPDF_Stream s, HPDF_INT pos, HPDF_WhenceMode mode)
{
	bytes_src *b = s->attr;
	long long to = mode == HPDF_SEEK_SET ? pos : mode == HPDF_SEEK_CUR ? (long long)b->pos + pos
									   : (long long)b->len + pos;

	if (to < 0 || (unsigned long long)to > b->len)
		return HPDF_SetError(s->error, HPDF_STREAM_EOF, 0);
	b->pos = (size_t)to;
	return HPDF_OK;
}

/* The stream's position and size. */
static HPDF_INT32 src_tell(HPDF_Stream s)
{
	return (HPDF_INT32)((bytes_src *)s->attr)->pos;
}

static HPDF_UINT32 src_size(HPDF_Stream s)
{
	return (HPDF_UINT32)((bytes_src *)s->attr)->len;
}

/* Frees what the stream owns (libharu frees the stream itself). */
static void src_free(HPDF_Stream s)
{
	bytes_src *b = s->attr;

	if (b)
		free(b->owned);
	free(b);
}

/* A libharu stream reading b on save; frees b (and what it owns) on failure. */
static HPDF_Stream src_stream(render *r, bytes_src *b)
{
	HPDF_Stream st = HPDF_CallbackReader_New(r->pdf->mmgr, src_read, src_seek, src_tell, src_size, b);

	if (!st) {
		free(b->owned);
		free(b);
		return NULL;
	}
	st->free_fn = src_free;
	return st;
}

int pdfr_spool_write(render *r, const void *p, size_t len, long long *off)
{
	*off = r->spool_len;
	if (len && fwrite(p, 1, len, r->spool) != len)
		return -1;
	r->spool_len += (long long)len;
	return 0;
}

HPDF_Stream pdfr_spool_stream(render *r, long long off, size_t len)
{
	bytes_src *b = xmalloc(sizeof *b);

	*b = (bytes_src){ NULL, len, 0, NULL, r->spool, off };
	return src_stream(r, b);
}

/* The stream of an image's bytes p[0..len): read from p on save, or, when
 * spooling, from their copy in the spool (`owned` freed at once). */
static HPDF_Stream bytes_stream(render *r, const unsigned char *p, size_t len, unsigned char *owned)
{
	bytes_src *b;
	long long off;

	if (r->spool) {
		int rc = pdfr_spool_write(r, p, len, &off);
		free(owned);
		return rc == 0 ? pdfr_spool_stream(r, off, len) : NULL;
	}
	b = xmalloc(sizeof *b);
	*b = (bytes_src){ p, len, 0, owned, NULL, 0 };
	return src_stream(r, b);
}

/* A new image XObject (no optional /Type) whose stream reads p[0..len),
 * written with `filter`; takes ownership of `owned` (may be NULL) even
 * when it fails. */
static HPDF_Dict image_dict(render *r, int w, int h, int bpc, HPDF_UINT filter, const unsigned char *p,
			    size_t len, unsigned char *owned)
{
	HPDF_MMgr mm = r->pdf->mmgr;
	HPDF_Stream st = bytes_stream(r, p, len, owned);
	HPDF_Dict img;

	if (!st)
		return NULL;
	img = HPDF_DictStream_New(mm, r->pdf->xref);
	if (!img) {
		HPDF_Stream_Free(st);
		return NULL;
	}
	HPDF_Stream_Free(img->stream);
	img->stream = st;
	img->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;
	img->filter = filter;
	HPDF_Dict_AddName(img, "Subtype", "Image");
	HPDF_Dict_AddNumber(img, "Width", w);
	HPDF_Dict_AddNumber(img, "Height", h);
	HPDF_Dict_AddNumber(img, "BitsPerComponent", bpc);
	return img;
}

/* An image XObject whose stream is Flate data made elsewhere (libharu
 * would compress it again), taking ownership of data: /Filter and
 * /DecodeParms are written as raw entries, /DecodeParms only when colors
 * > 0 (rows with PNG predictors). cs is a colour space name, or NULL with
 * an /Indexed palette. */
static HPDF_Image flate_image(render *r, int w, int h, const char *cs, const unsigned char *pal, int npal,
			      int colors, int bpc, unsigned char *data, size_t len)
{
	HPDF_Dict img = image_dict(r, w, h, bpc, HPDF_STREAM_FILTER_NONE, data, len, data);
	char parms[160];

	if (!img)
		return NULL;
	if (cs) {
		HPDF_Dict_AddName(img, "ColorSpace", cs);
	} else {
		HPDF_Array idx = HPDF_Array_New(r->pdf->mmgr);
		HPDF_Array_AddName(idx, "Indexed");
		HPDF_Array_AddName(idx, "DeviceRGB");
		HPDF_Array_AddNumber(idx, npal - 1);
		HPDF_Array_Add(idx, HPDF_Binary_New(r->pdf->mmgr, (HPDF_BYTE *)pal, (HPDF_UINT)(3 * npal)));
		HPDF_Dict_Add(img, "ColorSpace", idx);
	}
	if (colors > 0)
		snprintf(parms, sizeof parms,
			 "/Filter /FlateDecode\012/DecodeParms << /Predictor 15 /Colors %d /BitsPerComponent %d /Columns %d >>\012",
			 colors, bpc, w);
	else
		snprintf(parms, sizeof parms, "/Filter /FlateDecode\012");
	return pdfr_raw_entries(img, parms) == 0 ? (HPDF_Image)img : NULL;
}

/* Whether pdfr_compress_pixels predicts the rows of a w x h image: photo-sized
 * ones only (for emoji and icons the PNG "up" filter, like the others,
 * makes deflate's output larger). */
static int predicted(int w, int h)
{
	return (size_t)w * (size_t)h > 65536;
}

/* Pixel rows compressed: when predicted(), as a PNG encoder would, each
 * row prefixed with the "up" predictor (difference to the row above), then
 * deflated at a fast level for photo-sized images; else the plain samples
 * at the default level. */
void pdfr_compress_pixels(flate *z, const unsigned char *px, int w, int h, int ch, buf *out)
{
	size_t row = (size_t)w * (size_t)ch, n = (row + 1) * (size_t)h;

	if (!predicted(w, h)) {
		flate_add(z, 6, px, row * (size_t)h, out);
		return;
	}
	unsigned char *f = xmalloc(n);
	for (int y = 0; y < h; y++) {
		unsigned char *d = f + (size_t)y * (row + 1);
		const unsigned char *cur = px + (size_t)y * row, *up = y ? cur - row : NULL;
		d[0] = up ? 2 : 0;
		for (size_t i = 0; i < row; i++)
			d[1 + i] = (unsigned char)(cur[i] - (up ? up[i] : 0));
	}
	flate_add(z, (size_t)w * (size_t)h > 1000000 ? 3 : 6, f, n, out);
	free(f);
}

HPDF_Image pdfr_flate_pixels_image(render *r, int w, int h, int channels, unsigned char *c, size_t clen,
				   unsigned char *a, size_t alen)
{
	int pred = predicted(w, h);
	HPDF_Image img = flate_image(r, w, h, channels == 1 ? "DeviceGray" : "DeviceRGB", NULL, 0,
				     pred ? channels : 0, 8, c, clen);

	if (!img || !a) {
		free(a);
		return img;
	}
	HPDF_Image mask = flate_image(r, w, h, "DeviceGray", NULL, 0, pred ? 1 : 0, 8, a, alen);
	return mask && HPDF_Image_AddSMask(img, mask) == HPDF_OK ? img : NULL;
}

HPDF_Image pdfr_pixels_image(render *r, const unsigned char *px, int w, int h, int channels,
			     const unsigned char *alpha)
{
	buf c, a;
	size_t clen, alen = 0;

	buf_init(&c);
	buf_init(&a);
	pdfr_compress_pixels(r->z, px, w, h, channels, &c);
	if (alpha)
		pdfr_compress_pixels(r->z, alpha, w, h, 1, &a);
	unsigned char *cd = (unsigned char *)buf_steal(&c, &clen);
	unsigned char *ad = alpha ? (unsigned char *)buf_steal(&a, &alen) : NULL;
	return pdfr_flate_pixels_image(r, w, h, channels, cd, clen, ad, alen);
}

/* A PNG: its compressed data passed through when a PDF can take it as it
 * is (gray, palette or 8-bit RGB without transparency), else decoded into
 * colour plus soft mask. */
static HPDF_Image load_png(render *r, const thread_blob *b)
{
	image_png_raw raw;
	image_pixels px;
	HPDF_Image img;

	if (image_png_raw_get(b->data, b->len, &raw) == 0)
		return flate_image(r, raw.w, raw.h, raw.palette ? NULL : raw.colors == 3 ? "DeviceRGB" : "DeviceGray",
				   raw.palette, raw.npalette, raw.colors, raw.depth, raw.idat, raw.idat_len);
	if (image_decode_png(b->data, b->len, &px) != 0)
		return NULL;
	img = pdfr_pixels_image(r, px.color, px.w, px.h, px.channels, px.alpha);
	image_pixels_free(&px);
	return img;
}

/* A JPEG embedded as it is (DCTDecode), read from the thread's bytes on
 * save; CMYK from Adobe software gets the /Decode that undoes its
 * inversion. NULL when it is not a JPEG a reader can take as it is. */
static HPDF_Image jpeg_image(render *r, const thread_blob *b)
{
	static const char *const cs[] = { NULL, "DeviceGray", NULL, "DeviceRGB", "DeviceCMYK" };
	image_jpeg_info info;
	HPDF_Dict img;

	if (image_jpeg_info_get(b->data, b->len, &info) != 0)
		return NULL;
	img = image_dict(r, info.w, info.h, 8, HPDF_STREAM_FILTER_DCT_DECODE, b->data, b->len, NULL);
	if (!img)
		return NULL;
	HPDF_Dict_AddName(img, "ColorSpace", cs[info.components]);
	if (info.inverted && pdfr_raw_entries(img, "/Decode [1 0 1 0 1 0 1 0]\012") != 0)
		return NULL;
	return (HPDF_Image)img;
}

/* Decodes/embeds one blob; NULL (with a warning) when it cannot. */
static HPDF_Image load_image(render *r, const thread_blob *b)
{
	int w, h;
	image_format fmt = image_probe(b->data, b->len, &w, &h);
	HPDF_Image img = NULL;

	if (fmt == IMAGE_JPEG)
		img = jpeg_image(r, b);
	else if (fmt == IMAGE_PNG)
		img = load_png(r, b);
	if (!img) {
		if (r->err)
			warnf("an image (%zu bytes) cannot be embedded (libharu error 0x%04X); drawing a placeholder",
			      b->len, (unsigned)r->err);
		else
			warnf("an image (%zu bytes) is not a readable JPEG or PNG; drawing a placeholder", b->len);
		clear_error(r);
	}
	return img;
}

/* 1 when entry e holds the bytes of b: compared with the first blob seen,
 * or, when spooling (that blob's bytes may be gone), with its spooled copy. */
static int same_bytes(render *r, const img_entry *e, const thread_blob *b)
{
	if (!r->spool)
		return e->blob->len == b->len && memcmp(e->blob->data, b->data, b->len) == 0;
	if (e->len != b->len || e->cmp_off < 0 || fflush(r->spool) != 0)
		return 0;
	unsigned char *copy = xmalloc(b->len ? b->len : 1);
	int same = pread(fileno(r->spool), copy, b->len, (off_t)e->cmp_off) == (ssize_t)b->len &&
		   memcmp(copy, b->data, b->len) == 0;
	free(copy);
	return same;
}

/* The embedded image for a blob: each distinct content embedded once. */
static HPDF_Image image_get(render *r, const thread_blob *b)
{
	uint64_t key;
	long long cmp_off = -1;

	for (size_t i = 0; i < r->nimgs; i++)
		if (r->imgs[i].blob == b)
			return r->imgs[i].img;
	key = blob_key(b);
	for (size_t i = 0; i < r->nimgs; i++)
		if (r->imgs[i].key == key && same_bytes(r, &r->imgs[i], b))
			return r->imgs[i].img;
	if (r->nimgs == r->cimgs) {
		r->cimgs = r->cimgs ? r->cimgs * 2 : 16;
		r->imgs = xrealloc(r->imgs, r->cimgs * sizeof *r->imgs);
	}
	if (r->spool && pdfr_spool_write(r, b->data, b->len, &cmp_off) != 0)
		cmp_off = -1;
	r->imgs[r->nimgs] = (img_entry){ b, key, load_image(r, b), b->len, cmp_off };
	return r->imgs[r->nimgs++].img;
}

/* The image turned by EXIF orientation o (1-8) into the unit square: the
 * matrix from PDF image space (the stored picture, first row at the top)
 * to the picture as displayed, mirrored and/or turned. */
static const float orient_matrix[9][6] = {
	[1] = { 1, 0, 0, 1, 0, 0 },  [2] = { -1, 0, 0, 1, 1, 0 }, [3] = { -1, 0, 0, -1, 1, 1 },
	[4] = { 1, 0, 0, -1, 0, 1 }, [5] = { 0, -1, -1, 0, 1, 1 }, [6] = { 0, -1, 1, 0, 0, 1 },
	[7] = { 0, 1, 1, 0, 0, 0 },  [8] = { 0, 1, -1, 0, 1, 0 },
};

/* Draws img displayed dw x dh at (x, y) turned by orientation o: the bytes
 * stay as they are, the placement matrix turns them. */
static void draw_turned(render *r, HPDF_Image img, int o, float x, float y, float dw, float dh)
{
	const float *m = orient_matrix[o >= 1 && o <= 8 ? o : 1];

	if (m == orient_matrix[1]) {
		HPDF_Page_DrawImage(r->page, img, x, y, dw, dh);
		return;
	}
	HPDF_Page_GSave(r->page);
	HPDF_Page_Concat(r->page, m[0] * dw, m[1] * dh, m[2] * dw, m[3] * dh, x + m[4] * dw, y + m[5] * dh);
	HPDF_Page_ExecuteXObject(r->page, img);
	HPDF_Page_GRestore(r->page);
}

/* BOX_IMAGE: the image as displayed (its EXIF orientation applied) scaled
 * to cover the box (cropped, never distorted), clipped to a circle for
 * avatars, a play mark over videos. */
void pdfr_draw_image(render *r, const layout_box *b)
{
	const thread_blob *blob = b->img;
	HPDF_Image img = blob && blob->data && blob->len && !blob->failed ? image_get(r, blob) : NULL;
	float x = b->x, y = r->ph - b->y - b->h, w = b->w, h = b->h;

	if (!img) {
		pdfr_draw_placeholder(r, b);
		return;
	}
	pdfr_text_end(r);
	int o = image_orientation(blob->data, blob->len);
	float iw = (float)HPDF_Image_GetWidth(img), ih = (float)HPDF_Image_GetHeight(img);
	if (o >= 5) {
		float t = iw;
		iw = ih;
		ih = t;
	}
	float sc = fmaxf(w / iw, h / ih), dw = iw * sc, dh = ih * sc;
	int crop = fabsf(dw - w) > 0.5f || fabsf(dh - h) > 0.5f;
	if (b->circle || crop) {
		HPDF_Page_GSave(r->page);
		if (b->circle)
			HPDF_Page_Circle(r->page, x + w / 2, y + h / 2, fminf(w, h) / 2);
		else
			HPDF_Page_Rectangle(r->page, x, y, w, h);
		HPDF_Page_Clip(r->page);
		HPDF_Page_EndPath(r->page);
	}
	draw_turned(r, img, o, x + (w - dw) / 2, y + (h - dh) / 2, dw, dh);
	if (b->circle || crop)
		HPDF_Page_GRestore(r->page);
	r->fill = NO_COLOR;
	if (b->play)
		draw_play(r, x + w / 2, y + h / 2, fminf(28, fmaxf(10, fminf(w, h) * 0.14f)));
}

