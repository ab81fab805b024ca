/* image: recognizes and decodes the image formats a thread carries. */
#ifndef THREADPDF_IMAGE_H
#define THREADPDF_IMAGE_H

#include <stddef.h>

typedef enum image_format { IMAGE_UNKNOWN, IMAGE_JPEG, IMAGE_PNG } image_format;

/* Format and pixel size (as stored) from the first bytes of d (no
 * decoding). Returns IMAGE_UNKNOWN (w = h = 0) for anything it cannot read. */
image_format image_probe(const unsigned char *d, size_t n, int *w, int *h);

/* The EXIF orientation of a JPEG (APP1 Exif, IFD0 tag 0x0112, either byte
 * order): 1-8 as EXIF numbers them (2 mirrored, 3 turned 180 degrees, 6
 * turned 90 degrees clockwise, ...); 1 when there is none, it is not
 * readable, or d is not a JPEG. */
int image_orientation(const unsigned char *d, size_t n);

/* image_probe, with the size as the image is displayed: width and height
 * swapped for EXIF orientations 5-8 (turned a quarter). */
image_format image_probe_shown(const unsigned char *d, size_t n, int *w, int *h);

/* Most pixels a side of a JPEG PDF readers decode (poppler, libjpeg). */
#define IMAGE_MAX_SIDE 65500
/* Most pixels a side of a PNG we embed (passed through or decoded). */
#define PNG_MAX_SIDE 16384

/* What a PDF needs to embed a JPEG as it is (DCTDecode). */
typedef struct image_jpeg_info {
	int w, h;
	int bits;               /* bits per sample: 8 when accepted */
	int components;         /* 1 (gray), 3 (RGB/YCbCr) or 4 (CMYK/YCCK) */
	int inverted;           /* CMYK written by Adobe software: stored inverted */
} image_jpeg_info;

/* Fills info from d's frame header; 0, or -1 (info zeroed) when d is not a
 * JPEG a PDF reader can take as it is: baseline or progressive Huffman
 * (SOF0-SOF2), 8-bit, 1, 3 or 4 components, IMAGE_MAX_SIDE a side at most.
 * Only the header: image_check says whether the rest decodes. */
int image_jpeg_info_get(const unsigned char *d, size_t n, image_jpeg_info *info);

/* Whether a PDF reader can decode d, checked before it is accepted: 0, or
 * -1 with one line in why (when why is not NULL) saying what is wrong.
 * A JPEG: every marker segment well-formed; one frame of SOF0-SOF2
 * (Huffman baseline or progressive; not arithmetic, lossless or
 * hierarchical), 8-bit, 1, 3 or 4 components, 1 to IMAGE_MAX_SIDE px a
 * side; each scan's entropy-coded data followed by a marker, with all its
 * restart markers when it has a restart interval; scans that deliver
 * every coefficient of every component to its last bit; an EOI; and, for
 * a progressive JPEG, libjpeg decoding it all without running out of data
 * (its last scan cut short and closed with an EOI). A sequential JPEG
 * without restart markers cut inside its scan and closed with an EOI is
 * not found (that would take a Huffman decoding of every photo). A PNG:
 * PNG_MAX_SIDE a side at most, IEND last. */
int image_check(const unsigned char *d, size_t n, char *why, size_t whylen);

/* image_check without the reason: 1 when d decodes, else 0. */
int image_complete(const unsigned char *d, size_t n);

/* A decoded image: 8-bit samples, rows top first, no padding. */
typedef struct image_pixels {
	int w, h;
	int channels;           /* 1 (gray) or 3 (RGB) colour samples per pixel */
	unsigned char *color;   /* w * h * channels */
	unsigned char *alpha;   /* w * h, or NULL when every pixel is opaque */
} image_pixels;

/* Most pixels a PNG may have to be decoded (64 MB of RGBA). */
#define IMAGE_MAX_PIXELS (16ul * 1024 * 1024)

/* Decodes a PNG of any type (palette, gray, 16-bit, interlaced, tRNS) with
 * libpng into gray or RGB plus alpha. Returns 0, or -1 (px zeroed) when d
 * is not a PNG libpng can read, is larger than 16384 px a side or than
 * IMAGE_MAX_PIXELS. Free with image_pixels_free. */
int image_decode_png(const unsigned char *d, size_t n, image_pixels *px);
void image_pixels_free(image_pixels *px);

/* The compressed pixel data of a PNG that a PDF can embed as it is (Flate
 * with PNG predictors): gray or palette of 1-8 bits, 8-bit RGB, not
 * interlaced, no transparency, every chunk's CRC right, IEND present. */
typedef struct image_png_raw {
	int w, h;
	int colors;                     /* samples per pixel: 1 (gray, palette index) or 3 */
	int depth;                      /* bits per sample */
	const unsigned char *palette;   /* PLTE's RGB triples inside the PNG, or NULL */
	int npalette;
	unsigned char *idat;            /* the IDAT chunks' zlib stream, caller frees */
	size_t idat_len;
} image_png_raw;

/* Fills raw; returns 0, or -1 (raw zeroed) when the PNG must be decoded
 * instead (alpha, tRNS, interlace, other depths) or is damaged. */
int image_png_raw_get(const unsigned char *d, size_t n, image_png_raw *raw);

#endif
