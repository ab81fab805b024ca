/* image: format recognition (and, for PNG, decoding) of thread images. */
#include "image.h"

#include <png.h>
#include <zlib.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Big-endian 16/32-bit reads. */
static unsigned be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static unsigned long be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

/* Walks JPEG markers to the first SOF segment and reads the frame from it:
 * size, precision, components, the kind of SOF; notes an Adobe APP14
 * segment on the way. 0, or -1 when there is no readable SOF. */
static int walk_jpeg(const unsigned char *d, size_t n, image_jpeg_info *info, int *sof_marker)
{
	size_t i = 2;

	memset(info, 0, sizeof *info);
	while (i + 4 <= n) {
		if (d[i] != 0xFF)
			return -1;
		unsigned char m = d[i + 1];
		if (m == 0xFF) {
			i++;
			continue;
		}
		if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {
			i += 2;
			continue;
		}
		unsigned len = be16(d + i + 2);
		if (len < 2)
			return -1;
		if (m == 0xEE && len >= 7 && i + 9 <= n && memcmp(d + i + 4, "Adobe", 5) == 0)
			info->inverted = 1;
		if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
			if (i + 10 > n)
				return -1;
			info->bits = d[i + 4];
			info->h = (int)be16(d + i + 5);
			info->w = (int)be16(d + i + 7);
			info->components = d[i + 9];
			*sof_marker = m;
			return info->w > 0 && info->h > 0 ? 0 : -1;
		}
		i += 2 + len;
	}
	return -1;
}

int image_jpeg_info_get(const unsigned char *d, size_t n, image_jpeg_info *info)
{
	int sof = 0;

	if (!d || n < 4 || d[0] != 0xFF || d[1] != 0xD8 || walk_jpeg(d, n, info, &sof) != 0 ||
	    sof > 0xC2 || info->bits != 8 ||
	    (info->components != 1 && info->components != 3 && info->components != 4)) {
		memset(info, 0, sizeof *info);
		return -1;
	}
	if (info->components != 4)
		info->inverted = 0;
	return 0;
}

/* 1 when a JPEG ends with its EOI marker (trailing padding aside). */
static int jpeg_complete(const unsigned char *d, size_t n)
{
	for (size_t i = n; i >= 2 && n - i < 64; i--)
		if (d[i - 2] == 0xFF && d[i - 1] == 0xD9)
			return 1;
	return 0;
}

/* 1 when a PNG's last chunk is IEND. */
static int png_complete(const unsigned char *d, size_t n)
{
	return n >= 12 && memcmp(d + n - 8, "IEND", 4) == 0;
}

int image_complete(const unsigned char *d, size_t n)
{
	int w, h;

	switch (image_probe(d, n, &w, &h)) {
	case IMAGE_JPEG:
		return jpeg_complete(d, n);
	case IMAGE_PNG:
		return png_complete(d, n);
	default:
		return 0;
	}
}

image_format image_probe(const unsigned char *d, size_t n, int *w, int *h)
{
	static const unsigned char png_sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
	image_format f = IMAGE_UNKNOWN;

	*w = *h = 0;
	if (!d)
		return IMAGE_UNKNOWN;
	if (n >= 24 && memcmp(d, png_sig, 8) == 0 && memcmp(d + 12, "IHDR", 4) == 0) {
		unsigned long pw = be32(d + 16), ph = be32(d + 20);
		if (pw > 0 && ph > 0 && pw < 65536 && ph < 65536) {
			*w = (int)pw;
			*h = (int)ph;
			f = IMAGE_PNG;
		}
	} else if (n >= 4 && d[0] == 0xFF && d[1] == 0xD8) {
		image_jpeg_info info;
		int sof;
		if (walk_jpeg(d, n, &info, &sof) == 0) {
			*w = info.w;
			*h = info.h;
			f = IMAGE_JPEG;
		}
	}
	if (f == IMAGE_UNKNOWN)
		*w = *h = 0;
	return f;
}

/* Splits interleaved colour+alpha samples into the colour plane (in place,
 * compacted) and a separate alpha plane; drops the plane when all opaque. */
static void split_alpha(image_pixels *px, unsigned char *raw)
{
	size_t npix = (size_t)px->w * (size_t)px->h;
	int c = px->channels;
	unsigned char *alpha = xmalloc(npix);
	int opaque = 1;

	for (size_t i = 0; i < npix; i++) {
		const unsigned char *s = raw + i * (size_t)(c + 1);
		unsigned char *d = raw + i * (size_t)c;
		for (int k = 0; k < c; k++)
			d[k] = s[k];
		alpha[i] = s[c];
		opaque &= s[c] == 255;
	}
	px->color = xrealloc(raw, npix * (size_t)c);
	if (opaque) {
		free(alpha);
		alpha = NULL;
	}
	px->alpha = alpha;
}

int image_decode_png(const unsigned char *d, size_t n, image_pixels *px)
{
	png_image img;

	memset(px, 0, sizeof *px);
	memset(&img, 0, sizeof img);
	img.version = PNG_IMAGE_VERSION;
	if (!d || !png_image_begin_read_from_memory(&img, d, n))
		return -1;
	if (img.width == 0 || img.height == 0 || img.width > 16384 || img.height > 16384 ||
	    (unsigned long)img.width * img.height > IMAGE_MAX_PIXELS) {
		png_image_free(&img);
		return -1;
	}
	int color = (img.format & PNG_FORMAT_FLAG_COLOR) != 0;
	int has_alpha = (img.format & PNG_FORMAT_FLAG_ALPHA) != 0;
	img.format = color ? (has_alpha ? PNG_FORMAT_RGBA : PNG_FORMAT_RGB)
			   : (has_alpha ? PNG_FORMAT_GA : PNG_FORMAT_GRAY);
	unsigned char *raw = xmalloc(PNG_IMAGE_SIZE(img));
	if (!png_image_finish_read(&img, NULL, raw, 0, NULL)) {
		png_image_free(&img);
		free(raw);
		return -1;
	}
	px->w = (int)img.width;
	px->h = (int)img.height;
	px->channels = color ? 3 : 1;
	if (has_alpha)
		split_alpha(px, raw);
	else
		px->color = raw;
	return 0;
}

void image_pixels_free(image_pixels *px)
{
	if (!px)
		return;
	free(px->color);
	free(px->alpha);
	px->color = px->alpha = NULL;
}

/* Whether an IHDR allows passing the data through (gray or palette of 1,
 * 2, 4 or 8 bits, 8-bit RGB, standard compression and filters, not
 * interlaced): the colour type + 1, or 0. */
static int ihdr_plain(const unsigned char *c, image_png_raw *raw)
{
	unsigned long w = be32(c), h = be32(c + 4);
	int depth = c[8], type = c[9];

	if (w == 0 || h == 0 || w > 16384 || h > 16384 || c[10] || c[11] || c[12])
		return 0;
	if (!((type == 0 || type == 3) && (depth == 1 || depth == 2 || depth == 4 || depth == 8)) &&
	    !(type == 2 && depth == 8))
		return 0;
	raw->w = (int)w;
	raw->h = (int)h;
	raw->colors = type == 2 ? 3 : 1;
	raw->depth = depth;
	return type + 1;
}

/* Walks the chunks: IHDR first, PLTE, IDATs joined, IEND; any tRNS, any
 * CRC error or a chunk running past the end refuses. */
static int png_chunks(const unsigned char *d, size_t n, image_png_raw *raw, buf *idat)
{
	size_t i = 8;
	int type = -1;

	while (i + 12 <= n) {
		size_t len = be32(d + i);
		const unsigned char *tag = d + i + 4, *data = d + i + 8;
		if (len > n - i - 12 || crc32(0, tag, (uInt)(len + 4)) != be32(data + len))
			return -1;
		int ihdr = !memcmp(tag, "IHDR", 4);
		if ((type < 0) != ihdr || (ihdr && (len != 13 || (type = ihdr_plain(data, raw) - 1) < 0)))
			return -1;
		if (!memcmp(tag, "tRNS", 4))
			return -1;
		if (!memcmp(tag, "PLTE", 4) && type == 3 && len % 3 == 0 && len > 0 && len <= 3u * (1u << raw->depth)) {
			raw->palette = data;
			raw->npalette = (int)(len / 3);
		}
		if (!memcmp(tag, "IDAT", 4))
			buf_add(idat, data, len);
		if (!memcmp(tag, "IEND", 4))
			return idat->len && (type != 3 || raw->palette) ? 0 : -1;
		i += len + 12;
	}
	return -1;
}

/* Whether the zlib stream inflates, to exactly the bytes the image's
 * rows need (a filter byte and the samples of each row). */
static int idat_whole(const unsigned char *z, size_t n, const image_png_raw *raw)
{
	unsigned char out[16384];
	size_t row = ((size_t)raw->w * (size_t)raw->colors * (size_t)raw->depth + 7) / 8;
	size_t want = (size_t)raw->h * (1 + row), got = 0;
	z_stream zs;
	int rc;

	memset(&zs, 0, sizeof zs);
	if (inflateInit(&zs) != Z_OK)
		return 0;
	zs.next_in = (unsigned char *)z;
	zs.avail_in = (uInt)n;
	do {
		zs.next_out = out;
		zs.avail_out = sizeof out;
		rc = inflate(&zs, Z_NO_FLUSH);
		got += sizeof out - zs.avail_out;
	} while (rc == Z_OK && got <= want);
	inflateEnd(&zs);
	return rc == Z_STREAM_END && got == want;
}

int image_png_raw_get(const unsigned char *d, size_t n, image_png_raw *raw)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
	buf idat;
	int w, h;

	memset(raw, 0, sizeof *raw);
	if (!d || image_probe(d, n, &w, &h) != IMAGE_PNG || memcmp(d, sig, 8) != 0)
		return -1;
	buf_init(&idat);
	if (png_chunks(d, n, raw, &idat) != 0 || !idat_whole((unsigned char *)idat.data, idat.len, raw)) {
		buf_free(&idat);
		memset(raw, 0, sizeof *raw);
		return -1;
	}
	raw->idat = (unsigned char *)buf_steal(&idat, &raw->idat_len);
	return 0;
}
