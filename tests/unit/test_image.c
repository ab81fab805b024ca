/* Unit tests of the image module: format probing and PNG decoding
 * (every PNG type libpng reads, alpha split off, opaque alpha dropped). */
#include <png.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "image.h"

/* Encodes w x h pixels of the given libpng format into a new PNG. */
static unsigned char *make_png(const void *px, int w, int h, png_uint_32 format, size_t *len,
			       const void *palette, int npal)
{
	png_image img;
	png_alloc_size_t n = 0;

	memset(&img, 0, sizeof img);
	img.version = PNG_IMAGE_VERSION;
	img.width = (png_uint_32)w;
	img.height = (png_uint_32)h;
	img.format = format;
	if (palette)
		img.colormap_entries = (png_uint_32)npal;
	if (!png_image_write_get_memory_size(img, n, 0, px, 0, palette))
		return NULL;
	unsigned char *out = malloc(n);
	if (!png_image_write_to_memory(&img, out, &n, 0, px, 0, palette)) {
		free(out);
		return NULL;
	}
	*len = n;
	return out;
}

/* An RGBA gradient with transparent, half and opaque pixels. */
static void test_rgba(void)
{
	unsigned char px[4 * 3 * 2];
	size_t len;
	image_pixels p;
	int w, h;

	for (int i = 0; i < 6; i++) {
		px[4 * i] = (unsigned char)(40 * i);
		px[4 * i + 1] = 200;
		px[4 * i + 2] = (unsigned char)(255 - 40 * i);
		px[4 * i + 3] = (unsigned char)(i == 0 ? 0 : i == 1 ? 128 : 255);
	}
	unsigned char *png = make_png(px, 3, 2, PNG_FORMAT_RGBA, &len, NULL, 0);
	CHECK("image-png-rgba-made", png != NULL);
	if (!png)
		return;
	CHECK("image-probe-png", image_probe(png, len, &w, &h) == IMAGE_PNG && w == 3 && h == 2);
	CHECK("image-png-rgba-decodes", image_decode_png(png, len, &p) == 0);
	CHECK("image-png-rgba-size", p.w == 3 && p.h == 2 && p.channels == 3);
	CHECK("image-png-rgba-alpha", p.alpha && p.alpha[0] == 0 && p.alpha[1] == 128 && p.alpha[5] == 255);
	CHECK("image-png-rgba-color", p.color && p.color[3 * 5] == 200 && p.color[3 * 5 + 1] == 200 &&
					      p.color[3 * 5 + 2] == 55);
	image_pixels_free(&p);
	CHECK("image-png-free-clears", p.color == NULL && p.alpha == NULL);
	free(png);
}

/* Opaque RGBA keeps no alpha plane; gray stays one channel. */
static void test_opaque_and_gray(void)
{
	unsigned char rgba[4 * 4], gray[4] = { 0, 85, 170, 255 };
	size_t len;
	image_pixels p;

	memset(rgba, 255, sizeof rgba);
	unsigned char *png = make_png(rgba, 2, 2, PNG_FORMAT_RGBA, &len, NULL, 0);
	CHECK("image-png-opaque-decodes", png && image_decode_png(png, len, &p) == 0);
	CHECK("image-png-opaque-no-alpha", p.alpha == NULL && p.channels == 3);
	image_pixels_free(&p);
	free(png);

	png = make_png(gray, 4, 1, PNG_FORMAT_GRAY, &len, NULL, 0);
	CHECK("image-png-gray-decodes", png && image_decode_png(png, len, &p) == 0);
	CHECK("image-png-gray-one-channel", p.channels == 1 && p.alpha == NULL && p.color[2] == 170);
	image_pixels_free(&p);
	free(png);
}

/* A palette PNG with a transparent entry (tRNS) gets an alpha plane. */
static void test_palette(void)
{
	unsigned char idx[4] = { 0, 1, 1, 0 };
	unsigned char cmap[2 * 4] = { 255, 0, 0, 0, 0, 0, 255, 255 };
	size_t len;
	image_pixels p;

	unsigned char *png = make_png(idx, 2, 2, PNG_FORMAT_RGBA_COLORMAP, &len, cmap, 2);
	CHECK("image-png-palette-made", png != NULL);
	if (!png)
		return;
	CHECK("image-png-palette-decodes", image_decode_png(png, len, &p) == 0);
	CHECK("image-png-palette-alpha", p.alpha && p.alpha[0] == 0 && p.alpha[1] == 255);
	CHECK("image-png-palette-color", p.channels == 3 && p.color[3] == 0 && p.color[5] == 255);
	image_pixels_free(&p);
	free(png);
}

/* Garbage, truncation and JPEG headers. */
static void test_bad(void)
{
	static const unsigned char jpeg[] = { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x4A, 0x46, 0xFF, 0xC0,
					      0x00, 0x0B, 0x08, 0x00, 0x20, 0x00, 0x30, 0x01, 0x01, 0x11, 0x00 };
	unsigned char px[4 * 16];
	size_t len;
	image_pixels p;
	int w, h;

	CHECK("image-probe-jpeg", image_probe(jpeg, sizeof jpeg, &w, &h) == IMAGE_JPEG && w == 48 && h == 32);
	CHECK("image-png-rejects-jpeg", image_decode_png(jpeg, sizeof jpeg, &p) == -1 && p.color == NULL);
	CHECK("image-png-rejects-null", image_decode_png(NULL, 0, &p) == -1);
	memset(px, 90, sizeof px);
	unsigned char *png = make_png(px, 4, 4, PNG_FORMAT_RGBA, &len, NULL, 0);
	CHECK("image-png-truncated-fails", png && image_decode_png(png, len / 2, &p) == -1 && p.color == NULL);
	if (png) {
		png[len - 20] ^= 0x55;
		int rc = image_decode_png(png, len, &p);
		CHECK("image-png-corrupt-no-crash", rc == -1 || rc == 0);
		image_pixels_free(&p);
	}
	free(png);
	image_pixels_free(NULL);
}

/* Which PNGs pass through raw: plain RGB and palettes yes, alpha and damage no. */
static void test_raw(void)
{
	unsigned char rgb[3 * 16], rgba[4 * 16], idx[16];
	static const unsigned char cmap[6] = { 10, 20, 30, 200, 210, 220 };
	size_t len;
	image_png_raw raw;

	memset(rgb, 77, sizeof rgb);
	memset(rgba, 77, sizeof rgba);
	rgba[3] = 0;
	for (int i = 0; i < 16; i++)
		idx[i] = (unsigned char)(i & 1);
	unsigned char *png = make_png(rgb, 4, 4, PNG_FORMAT_RGB, &len, NULL, 0);
	CHECK("image-raw-rgb", png && image_png_raw_get(png, len, &raw) == 0 && raw.w == 4 && raw.colors == 3 &&
				       raw.depth == 8 && raw.idat && raw.idat_len > 8 && !raw.palette);
	free(raw.idat);
	png[len - 13] ^= 1; /* inside the last IDAT's CRC or IEND: damaged */
	CHECK("image-raw-damaged", image_png_raw_get(png, len, &raw) == -1 && raw.idat == NULL);
	CHECK("image-raw-truncated", image_png_raw_get(png, len - 20, &raw) == -1);
	free(png);
	png = make_png(rgba, 4, 4, PNG_FORMAT_RGBA, &len, NULL, 0);
	CHECK("image-raw-alpha-refused", png && image_png_raw_get(png, len, &raw) == -1);
	free(png);
	png = make_png(idx, 4, 4, PNG_FORMAT_RGB_COLORMAP, &len, cmap, 2);
	CHECK("image-raw-palette", png && image_png_raw_get(png, len, &raw) == 0 && raw.palette &&
					   raw.npalette == 2 && raw.palette[3] == 200 && raw.colors == 1);
	free(raw.idat);
	free(png);
	CHECK("image-raw-not-png", image_png_raw_get((const unsigned char *)"GIF89a", 6, &raw) == -1);
}

/* A JPEG header: SOI, optional Adobe APP14, SOF (marker, precision, comps). */
static size_t jpeg_head(unsigned char *d, int adobe, unsigned char sof, int bits, int comps)
{
	static const unsigned char app14[] = { 0xFF, 0xEE, 0x00, 0x0E, 'A', 'd', 'o', 'b', 'e',
					       0x00, 0x64, 0x00, 0x00, 0x00, 0x00, 0x02 };
	size_t n = 0;

	d[n++] = 0xFF, d[n++] = 0xD8;
	if (adobe) {
		memcpy(d + n, app14, sizeof app14);
		n += sizeof app14;
	}
	d[n++] = 0xFF, d[n++] = sof, d[n++] = 0, d[n++] = (unsigned char)(8 + 3 * comps);
	d[n++] = (unsigned char)bits, d[n++] = 0, d[n++] = 30, d[n++] = 0, d[n++] = 40;
	d[n++] = (unsigned char)comps;
	for (int c = 0; c < comps; c++)
		d[n++] = (unsigned char)(c + 1), d[n++] = 0x11, d[n++] = 0;
	return n;
}

/* What a PDF needs to pass a JPEG through: gray, RGB, Adobe CMYK
 * (inverted), and the kinds a reader cannot take refused. */
static void test_jpeg_info(void)
{
	unsigned char d[64];
	image_jpeg_info in;
	size_t n;

	n = jpeg_head(d, 0, 0xC0, 8, 3);
	CHECK("jpeg-info-rgb", image_jpeg_info_get(d, n, &in) == 0 && in.w == 40 && in.h == 30 &&
				       in.components == 3 && in.bits == 8 && !in.inverted);
	n = jpeg_head(d, 0, 0xC2, 8, 1);
	CHECK("jpeg-info-progressive-gray", image_jpeg_info_get(d, n, &in) == 0 && in.components == 1);
	n = jpeg_head(d, 1, 0xC0, 8, 4);
	CHECK("jpeg-info-adobe-cmyk-inverted", image_jpeg_info_get(d, n, &in) == 0 && in.components == 4 &&
						       in.inverted);
	n = jpeg_head(d, 0, 0xC1, 8, 4);
	CHECK("jpeg-info-plain-cmyk", image_jpeg_info_get(d, n, &in) == 0 && !in.inverted);
	n = jpeg_head(d, 1, 0xC0, 8, 3);
	CHECK("jpeg-info-adobe-rgb-not-inverted", image_jpeg_info_get(d, n, &in) == 0 && !in.inverted);
	n = jpeg_head(d, 0, 0xC0, 12, 3);
	CHECK("jpeg-info-12-bit-refused", image_jpeg_info_get(d, n, &in) == -1 && in.w == 0);
	n = jpeg_head(d, 0, 0xC9, 8, 3);
	CHECK("jpeg-info-arithmetic-refused", image_jpeg_info_get(d, n, &in) == -1);
	n = jpeg_head(d, 0, 0xC3, 8, 3);
	CHECK("jpeg-info-lossless-refused", image_jpeg_info_get(d, n, &in) == -1);
	n = jpeg_head(d, 0, 0xC0, 8, 2);
	CHECK("jpeg-info-two-components-refused", image_jpeg_info_get(d, n, &in) == -1);
	n = jpeg_head(d, 0, 0xC0, 8, 3);
	CHECK("jpeg-info-truncated-refused", image_jpeg_info_get(d, 10, &in) == -1);
	CHECK("jpeg-info-null-refused", image_jpeg_info_get(NULL, 0, &in) == -1);
}

int main(void)
{
	test_jpeg_info();
	test_rgba();
	test_opaque_and_gray();
	test_palette();
	test_bad();
	test_raw();
	CHECK_DONE();
}
