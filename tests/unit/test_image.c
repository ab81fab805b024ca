/* Unit tests of the image module: format probing and PNG decoding
 * (every PNG type libpng reads, alpha split off, opaque alpha dropped),
 * EXIF orientation, and which JPEGs a reader can decode. */
#include <png.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "image.h"
#include "util.h"

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


/* An APP1 Exif segment into d: the TIFF header in the byte order le,
 * IFD0 with a camera-make entry and then the orientation entry of type
 * `type`, count `count`, value o. Its length. */
static size_t exif_app1(unsigned char *d, int le, unsigned type, unsigned count, unsigned o)
{
	unsigned char t[64];
	size_t n = 0;
#define P16(v) (le ? (t[n++] = (unsigned char)(v), t[n++] = (unsigned char)((v) >> 8)) \
		   : (t[n++] = (unsigned char)((v) >> 8), t[n++] = (unsigned char)(v)))
#define P32(v) (le ? (P16((v) & 0xFFFF), P16((v) >> 16)) : (P16((v) >> 16), P16((v) & 0xFFFF)))
	t[n++] = le ? 'I' : 'M', t[n++] = le ? 'I' : 'M';
	P16(42u), P32(8u), P16(2u);
	P16(0x010Fu), P16(2u), P32(4u), t[n++] = 'C', t[n++] = 'a', t[n++] = 'm', t[n++] = 0;
	P16(0x0112u), P16(type), P32(count), P16(o), P16(0u), P32(0u);
#undef P16
#undef P32
	d[0] = 0xFF, d[1] = 0xE1, d[2] = (unsigned char)((n + 8) >> 8), d[3] = (unsigned char)(n + 8);
	memcpy(d + 4, "Exif\0\0", 6);
	memcpy(d + 10, t, n);
	return n + 10;
}

/* A JPEG header with an Exif APP1 segment before its frame (40 x 30). */
static size_t jpeg_exif(unsigned char *d, int le, unsigned type, unsigned count, unsigned o)
{
	unsigned char head[64];
	size_t hn = jpeg_head(head, 0, 0xC0, 8, 3), n = 2;

	memcpy(d, head, 2);
	n += exif_app1(d + 2, le, type, count, o);
	memcpy(d + n, head + 2, hn - 2);
	return n + hn - 2;
}

/* The EXIF orientation in both byte orders, the size as displayed, and
 * malformed entries ignored (1). */
static void test_orientation(void)
{
	unsigned char d[160];
	size_t n;
	int w, h, ok = 1;

	for (unsigned o = 1; o <= 8; o++)
		for (int le = 0; le < 2; le++) {
			n = jpeg_exif(d, le, 3, 1, o);
			ok &= image_orientation(d, n) == (int)o;
			ok &= image_probe_shown(d, n, &w, &h) == IMAGE_JPEG && w == (o >= 5 ? 30 : 40) &&
			      h == (o >= 5 ? 40 : 30);
			ok &= image_probe(d, n, &w, &h) == IMAGE_JPEG && w == 40 && h == 30;
		}
	CHECK("exif-orientation-all-eight-both-orders", ok);
	n = jpeg_exif(d, 1, 3, 1, 9);
	CHECK("exif-orientation-out-of-range", image_orientation(d, n) == 1);
	n = jpeg_exif(d, 0, 4, 1, 6);
	CHECK("exif-orientation-wrong-type", image_orientation(d, n) == 1);
	n = jpeg_exif(d, 0, 3, 2, 6);
	CHECK("exif-orientation-wrong-count", image_orientation(d, n) == 1);
	n = jpeg_exif(d, 0, 3, 1, 6);
	d[18] = 0x7F;     /* IFD0's entry count: far past the segment, */
	d[10 + 22] = 0x13; /* and no orientation among the entries there */
	CHECK("exif-orientation-count-past-segment", image_orientation(d, n) == 1);
	n = jpeg_exif(d, 1, 3, 1, 6);
	d[10 + 4] = 0xF0; /* IFD0's offset past the segment */
	CHECK("exif-orientation-offset-past-segment", image_orientation(d, n) == 1);
	n = jpeg_exif(d, 0, 3, 1, 6);
	CHECK("exif-orientation-segment-cut", image_orientation(d, 30) == 1 && image_orientation(d, 2) == 1);
	CHECK("exif-orientation-none", image_orientation(d, 0) == 1 && image_orientation(NULL, 0) == 1);
	n = jpeg_head(d, 0, 0xC0, 8, 3);
	CHECK("exif-orientation-absent", image_orientation(d, n) == 1);
}

/* Loads tests/fixtures/<name> into b; 0 when it loads. */
static int fixture(const char *name, buf *b)
{
	char path[256];

	snprintf(path, sizeof path, "tests/fixtures/%s", name);
	buf_init(b);
	return util_read_file(path, b);
}

/* Whether image_check refuses d[0..n) with a reason containing want. */
static int refused(const unsigned char *d, size_t n, const char *want)
{
	char why[256];

	if (image_check(d, n, why, sizeof why) == 0) {
		printf("# accepted, want \"%s\"\n", want);
		return 0;
	}
	if (!strstr(why, want))
		printf("# why \"%s\", want \"%s\"\n", why, want);
	return strstr(why, want) != NULL;
}

/* Offsets of the SOS markers of a JPEG (at most max); their count. */
static int scans(const unsigned char *d, size_t n, size_t *at, int max)
{
	int k = 0;

	for (size_t i = 2; i + 1 < n && k < max; i++)
		if (d[i] == 0xFF && d[i + 1] == 0xDA)
			at[k++] = i;
	return k;
}

/* A copy of d[0..cut) with an EOI appended, in out (n + 2 bytes). */
static size_t cut_eoi(const unsigned char *d, size_t cut, unsigned char *out)
{
	memcpy(out, d, cut);
	out[cut] = 0xFF, out[cut + 1] = 0xD9;
	return cut + 2;
}

/* The frames a PDF reader cannot decode, refused with the reason. */
static void test_check_frames(void)
{
	buf b;
	char why[256];

	if (fixture("noise-restart.jpg", &b) != 0) {
		CHECK("jpeg-check-fixture", 0);
		return;
	}
	unsigned char *d = (unsigned char *)b.data, *c = xmalloc(b.len + 2);
	size_t n = b.len, sof = 2;
	while (sof + 1 < n && !(d[sof] == 0xFF && d[sof + 1] == 0xC0))
		sof++;
	CHECK("jpeg-check-baseline-whole", image_check(d, n, why, sizeof why) == 0 && why[0] == '\0' &&
						   image_complete(d, n));
	memcpy(c, d, n);
	c[sof + 5] = c[sof + 6] = c[sof + 7] = c[sof + 8] = 0xFF;
	CHECK("jpeg-check-65535-refused", refused(c, n, "too large") && refused(c, n, "65535 x 65535"));
	image_jpeg_info info;
	CHECK("jpeg-info-65535-refused", image_jpeg_info_get(c, n, &info) == -1);
	c[sof + 5] = 0xFF, c[sof + 6] = 0xDC, c[sof + 7] = 0xFF, c[sof + 8] = 0xDC; /* 65500: the limit */
	CHECK("jpeg-check-65500-walks-on", image_check(c, n, why, sizeof why) == -1 && !strstr(why, "too large"));
	memcpy(c, d, n);
	static const struct { unsigned char m; const char *why; } kinds[] = {
		{ 0xC3, "lossless" }, { 0xC5, "hierarchical" }, { 0xC9, "arithmetic" }, { 0xCA, "arithmetic" },
		{ 0xCB, "arithmetic" }, { 0xCD, "hierarchical" },
	};
	for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
		c[sof + 1] = kinds[k].m;
		char name[64];
		snprintf(name, sizeof name, "jpeg-check-sof-%02X-refused", kinds[k].m);
		CHECK(name, refused(c, n, kinds[k].why));
	}
	memcpy(c, d, n);
	c[sof + 4] = 12;
	CHECK("jpeg-check-12-bit-refused", refused(c, n, "12-bit"));
	memcpy(c, d, n);
	c[sof + 9] = 2;
	CHECK("jpeg-check-two-components-refused", refused(c, n, "2 colour components"));
	memcpy(c, d, n);
	c[sof + 5] = c[sof + 6] = 0;
	CHECK("jpeg-check-zero-height-refused", image_check(c, n, why, sizeof why) == -1);
	CHECK("jpeg-check-no-eoi-refused", refused(d, n - 2, "cut short") && !image_complete(d, n - 2));
	CHECK("jpeg-check-cut-mid-scan-with-eoi-refused", refused(c, cut_eoi(d, n * 3 / 4, c), "cut short"));
	memcpy(c, d, n);
	memcpy(c + n, "\xFF\xD8", 2);
	CHECK("jpeg-check-trailing-bytes-ok", image_check(c, n + 2, NULL, 0) == 0);
	CHECK("jpeg-check-null", image_check(NULL, 0, why, sizeof why) == -1 && refused((const unsigned char *)"x", 1, "not an image"));
	free(c);
	buf_free(&b);
}

/* A progressive JPEG: whole it passes; cut at any scan (so that scans are
 * missing) or inside its last scan (so that the scans cover everything
 * but its data is short), an EOI appended, it is refused. */
static void test_check_progressive(void)
{
	buf b;
	size_t at[32];

	if (fixture("noise-progressive.jpg", &b) != 0) {
		CHECK("jpeg-check-progressive-fixture", 0);
		return;
	}
	unsigned char *d = (unsigned char *)b.data, *c = xmalloc(b.len + 2);
	size_t n = b.len;
	int k = scans(d, n, at, 32), ok = 1;
	CHECK("jpeg-check-progressive-whole", k >= 6 && image_check(d, n, NULL, 0) == 0);
	for (int s = 1; s < k; s++)
		ok &= refused(c, cut_eoi(d, at[s], c), "cut short");
	CHECK("jpeg-check-progressive-missing-scans-refused", ok);
	ok = 1;
	for (int s = 0; s < k; s++)
		ok &= refused(c, cut_eoi(d, (at[s] + (s + 1 < k ? at[s + 1] : n - 2)) / 2, c), "cut short");
	CHECK("jpeg-check-progressive-cut-in-each-scan-refused", ok);
	/* The last scan's header made a second first pass: a bad progression. */
	memcpy(c, d, n);
	c[at[k - 1] + 4 + 1 + 2 + 2] = 0x00;
	CHECK("jpeg-check-progressive-bad-progression", refused(c, n, "progression"));
	free(c);
	buf_free(&b);
}

int main(void)
{
	test_jpeg_info();
	test_orientation();
	test_check_frames();
	test_check_progressive();
	test_rgba();
	test_opaque_and_gray();
	test_palette();
	test_bad();
	test_raw();
	CHECK_DONE();
}
