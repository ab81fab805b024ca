/* image: format recognition (and, for PNG, decoding) of thread images. */
#include "image.h"

#include <png.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <jpeglib.h>
#include <jerror.h>

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

/* Little- or big-endian 16/32-bit reads of a TIFF block. */
static unsigned tiff16(const unsigned char *p, int le)
{
	return le ? (unsigned)p[1] << 8 | p[0] : be16(p);
}

static unsigned long tiff32(const unsigned char *p, int le)
{
	return le ? (unsigned long)p[3] << 24 | (unsigned long)p[2] << 16 | (unsigned long)p[1] << 8 | p[0]
		  : be32(p);
}

/* The orientation (tag 0x0112 of IFD0, a SHORT from 1 to 8) in the
 * payload of an APP1 segment, p[0..n): "Exif\0\0", then a TIFF header of
 * either byte order. 0 when it has none or it cannot be read; every
 * offset is checked against n (untrusted input). */
static int exif_orientation(const unsigned char *p, size_t n)
{
	if (n < 14 || memcmp(p, "Exif\0\0", 6) != 0)
		return 0;
	const unsigned char *t = p + 6;
	size_t tn = n - 6;
	int le = t[0] == 'I' && t[1] == 'I';
	if (!le && !(t[0] == 'M' && t[1] == 'M'))
		return 0;
	unsigned long ifd = tiff32(t + 4, le);
	if (tiff16(t + 2, le) != 42 || ifd < 8 || ifd > tn - 2)
		return 0;
	unsigned count = tiff16(t + ifd, le);
	for (unsigned k = 0; k < count && ifd + 2 + 12 * (k + 1ul) <= tn; k++) {
		const unsigned char *e = t + ifd + 2 + 12 * k;
		if (tiff16(e, le) != 0x0112)
			continue;
		unsigned v = tiff16(e + 8, le);
		return tiff16(e + 2, le) == 3 && tiff32(e + 4, le) == 1 && v >= 1 && v <= 8 ? (int)v : 0;
	}
	return 0;
}

/* What the walk of a JPEG's header segments (up to the first scan) finds. */
typedef struct jpeg_head {
	image_jpeg_info info;
	int sof;                /* the first SOF marker, 0 when none */
	int orientation;        /* from the first Exif APP1 segment: 1-8, 0 when none */
} jpeg_head;

/* Walks JPEG markers from SOI to the first SOS (or the end): the frame of
 * the first SOF segment (size, precision, components, the kind of SOF),
 * whether an Adobe APP14 segment came first, the EXIF orientation. 0 when
 * it found a SOF, else -1. */
static int walk_jpeg(const unsigned char *d, size_t n, jpeg_head *jh)
{
	size_t i = 2;

	memset(jh, 0, sizeof *jh);
	while (i + 4 <= n && d[i] == 0xFF) {
		unsigned char m = d[i + 1];
		if (m == 0xFF || m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {
			i += m == 0xFF ? 1 : 2;
			continue;
		}
		unsigned len = be16(d + i + 2);
		if (len < 2 || m == 0xDA)
			break;
		size_t seg = len - 2 < n - i - 4 ? len - 2 : n - i - 4;
		if (m == 0xEE && !jh->sof && seg >= 5 && memcmp(d + i + 4, "Adobe", 5) == 0)
			jh->info.inverted = 1;
		if (m == 0xE1 && !jh->orientation)
			jh->orientation = exif_orientation(d + i + 4, seg);
		if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC && !jh->sof) {
			if (i + 10 > n)
				break;
			jh->info.bits = d[i + 4];
			jh->info.h = (int)be16(d + i + 5);
			jh->info.w = (int)be16(d + i + 7);
			jh->info.components = d[i + 9];
			jh->sof = m;
		}
		i += 2 + len;
	}
	return jh->sof && jh->info.w > 0 && jh->info.h > 0 ? 0 : -1;
}

int image_jpeg_info_get(const unsigned char *d, size_t n, image_jpeg_info *info)
{
	jpeg_head jh;

	if (!d || n < 4 || d[0] != 0xFF || d[1] != 0xD8 || walk_jpeg(d, n, &jh) != 0 || jh.sof > 0xC2 ||
	    jh.info.bits != 8 || jh.info.w > IMAGE_MAX_SIDE || jh.info.h > IMAGE_MAX_SIDE ||
	    (jh.info.components != 1 && jh.info.components != 3 && jh.info.components != 4)) {
		memset(info, 0, sizeof *info);
		return -1;
	}
	*info = jh.info;
	if (info->components != 4)
		info->inverted = 0;
	return 0;
}

int image_orientation(const unsigned char *d, size_t n)
{
	jpeg_head jh;

	if (!d || n < 4 || d[0] != 0xFF || d[1] != 0xD8 || walk_jpeg(d, n, &jh) != 0 || !jh.orientation)
		return 1;
	return jh.orientation;
}

image_format image_probe_shown(const unsigned char *d, size_t n, int *w, int *h)
{
	image_format f = image_probe(d, n, w, h);

	if (f == IMAGE_JPEG && image_orientation(d, n) >= 5) {
		int t = *w;
		*w = *h;
		*h = t;
	}
	return f;
}

/* ---- whether a reader can decode a JPEG ---- */

/* The state of the strict walk of a whole JPEG: its frame, and which
 * coefficients of which components the scans so far have delivered. */
typedef struct jpeg_walk {
	const unsigned char *d;
	size_t n;
	int sof;                        /* the SOF marker, 0 before it */
	int w, h, ncomp;
	unsigned char id[4];            /* the components' identifiers */
	int hs[4], vs[4], hmax, vmax;   /* sampling factors */
	unsigned ri;                    /* restart interval in MCUs (DRI), 0 none */
	signed char al[4][64];          /* lowest bit delivered per coefficient, -1 none yet */
	int nscans;
	char *why;
	size_t whylen;
} jpeg_walk;

/* Fails the walk with a reason; -1. */
static int walk_fail(jpeg_walk *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int walk_fail(jpeg_walk *j, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(j->why, j->whylen, fmt, ap);
	va_end(ap);
	return -1;
}

/* "damaged image (cut short, N bytes)": the one reason for missing data. */
static int cut_short(jpeg_walk *j)
{
	return walk_fail(j, "damaged image (cut short, %zu bytes)", j->n);
}

/* The frame header p[0..len) of a SOF marker: a kind, precision, size and
 * components a PDF reader decodes (readers stop at 65500 px a side, the
 * PDF's DCTDecode knows only Huffman-coded baseline and progressive). */
static int walk_sof(jpeg_walk *j, int m, const unsigned char *p, size_t len)
{
	static const char *const kind[16] = { [3] = "lossless", [5] = "hierarchical", [6] = "hierarchical",
					      [7] = "hierarchical", [9] = "arithmetic coding", [10] = "arithmetic coding",
					      [11] = "arithmetic coding", [13] = "hierarchical", [14] = "hierarchical",
					      [15] = "hierarchical" };

	if (j->sof)
		return walk_fail(j, "unsupported JPEG (more than one frame: hierarchical)");
	if (m > 0xC2)
		return walk_fail(j, "unsupported JPEG (%s)", kind[m - 0xC0] ? kind[m - 0xC0] : "unknown coding");
	if (len < 6)
		return walk_fail(j, "damaged image (bad frame header)");
	j->sof = m;
	j->h = (int)be16(p + 1);
	j->w = (int)be16(p + 3);
	j->ncomp = p[5];
	if (p[0] != 8)
		return walk_fail(j, "unsupported JPEG (%d-bit samples)", p[0]);
	if (j->w == 0 || j->h == 0)
		return walk_fail(j, "unsupported JPEG (no size in its frame: %d x %d px)", j->w, j->h);
	if (j->w > IMAGE_MAX_SIDE || j->h > IMAGE_MAX_SIDE)
		return walk_fail(j, "JPEG too large for PDF readers (%d x %d px, %d at most a side)", j->w, j->h,
				 IMAGE_MAX_SIDE);
	if (j->ncomp != 1 && j->ncomp != 3 && j->ncomp != 4)
		return walk_fail(j, "unsupported JPEG (%d colour components)", j->ncomp);
	if (len != 6 + 3 * (size_t)j->ncomp)
		return walk_fail(j, "damaged image (bad frame header)");
	for (int c = 0; c < j->ncomp; c++) {
		const unsigned char *q = p + 6 + 3 * c;
		int hs = q[1] >> 4, vs = q[1] & 15;
		j->id[c] = q[0];
		if (hs < 1 || hs > 4 || vs < 1 || vs > 4 || q[2] > 3)
			return walk_fail(j, "damaged image (bad frame header)");
		j->hs[c] = hs;
		j->vs[c] = vs;
		j->hmax = hs > j->hmax ? hs : j->hmax;
		j->vmax = vs > j->vmax ? vs : j->vmax;
	}
	memset(j->al, -1, sizeof j->al);
	return 0;
}

/* Records what a scan of component c delivers: coefficients ss..se down to
 * bit al, refining from bit ah (0: a first pass). Refuses a scan a decoder
 * would not accept: a refinement of something not sent, a first pass twice,
 * AC before DC. */
static int walk_coverage(jpeg_walk *j, int c, int ss, int se, int ah, int al)
{
	if (ss > 0 && j->al[c][0] < 0)
		return walk_fail(j, "damaged image (AC scan before DC)");
	for (int k = ss; k <= se; k++) {
		if (ah == 0 ? j->al[c][k] >= 0 : j->al[c][k] != ah || al != ah - 1)
			return walk_fail(j, "damaged image (bad progression of scans)");
		j->al[c][k] = (signed char)al;
	}
	return 0;
}

/* Ceiling of a / b. */
static unsigned long ceil_div(unsigned long a, unsigned long b)
{
	return (a + b - 1) / b;
}

/* The MCUs of a scan: of the frame's MCU grid when it interleaves
 * components, else the blocks of its one component c. */
static unsigned long scan_mcus(const jpeg_walk *j, int ns, int c)
{
	if (ns > 1)
		return ceil_div((unsigned long)j->w, 8ul * (unsigned)j->hmax) *
		       ceil_div((unsigned long)j->h, 8ul * (unsigned)j->vmax);
	return ceil_div(ceil_div((unsigned long)j->w * (unsigned)j->hs[c], (unsigned)j->hmax), 8) *
	       ceil_div(ceil_div((unsigned long)j->h * (unsigned)j->vs[c], (unsigned)j->vmax), 8);
}

/* A scan header p[0..len): components of the frame, and spectral selection
 * and successive approximation that fit the frame's kind. Sets *want_rst
 * to the restart markers its data must hold (one after every restart
 * interval but the last). */
static int walk_sos(jpeg_walk *j, const unsigned char *p, size_t len, unsigned long *want_rst)
{
	if (!j->sof)
		return walk_fail(j, "damaged image (scan before the frame)");
	int ns = len ? p[0] : 0;
	if (ns < 1 || ns > j->ncomp || len != 4 + 2 * (size_t)ns)
		return walk_fail(j, "damaged image (bad scan header)");
	int ss = p[1 + 2 * ns], se = p[2 + 2 * ns], ah = p[3 + 2 * ns] >> 4, al = p[3 + 2 * ns] & 15;
	if (j->sof != 0xC2 ? ss != 0 || se != 63 || ah || al
			   : ss > se || se > 63 || (ss == 0 && se != 0) || (ss > 0 && ns != 1) || al > 13)
		return walk_fail(j, "damaged image (bad scan header)");
	for (int s = 0; s < ns; s++) {
		int c = 0;
		while (c < j->ncomp && j->id[c] != p[1 + 2 * s])
			c++;
		if (c == j->ncomp)
			return walk_fail(j, "damaged image (scan of an unknown component)");
		if (walk_coverage(j, c, ss, j->sof == 0xC2 ? se : 0, ah, al) != 0)
			return -1;
		if (s == 0)
			*want_rst = j->ri ? ceil_div(scan_mcus(j, ns, c), j->ri) - 1 : 0;
	}
	j->nscans++;
	return 0;
}

/* The end of a scan's entropy-coded data from i: where the next marker
 * starts (0xFF then neither 0x00, stuffing, nor a restart marker RSTn), or
 * n when the data runs to the end. Counts the restart markers in *rst. */
static size_t scan_end(const unsigned char *d, size_t n, size_t i, unsigned long *rst)
{
	*rst = 0;
	for (;;) {
		const unsigned char *ff = memchr(d + i, 0xFF, n - i);
		if (!ff)
			return n;
		i = (size_t)(ff - d);
		while (i + 1 < n && d[i + 1] == 0xFF)
			i++;
		if (i + 1 >= n)
			return n;
		if (d[i + 1] != 0x00 && (d[i + 1] < 0xD0 || d[i + 1] > 0xD7))
			return i;
		*rst += d[i + 1] != 0x00;
		i += 2;
	}
}

/* Whether every component has every coefficient to its last bit: what a
 * decoder needs of the scans for the whole image (a file cut short at a
 * scan and closed with an EOI has fewer). */
static int walk_whole(const jpeg_walk *j)
{
	int kmax = j->sof == 0xC2 ? 64 : 1;

	for (int c = 0; c < j->ncomp; c++)
		for (int k = 0; k < kmax; k++)
			if (j->al[c][k] != 0)
				return 0;
	return j->nscans > 0;
}

/* One marker segment at d[i] (i + 4 <= n): checked and, for a scan, its
 * entropy-coded data skipped. The offset of the next marker, or 0 when
 * the walk fails. */
static size_t walk_segment(jpeg_walk *j, size_t i)
{
	const unsigned char *d = j->d;
	unsigned m = d[i + 1], len = be16(d + i + 2);

	if (len < 2)
		return walk_fail(j, "damaged image (bad marker segment)"), 0;
	if (len > j->n - i - 2)
		return cut_short(j), 0;
	const unsigned char *p = d + i + 4;
	size_t plen = len - 2, next = i + 2 + len;
	if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC)
		return walk_sof(j, (int)m, p, plen) == 0 ? next : 0;
	if (m == 0xDA) {
		unsigned long want = 0, got;
		if (walk_sos(j, p, plen, &want) != 0)
			return 0;
		next = scan_end(d, j->n, next, &got);
		return next < j->n && got == want ? next : (cut_short(j), 0);
	}
	if (m == 0xDD) {
		if (plen != 2)
			return walk_fail(j, "damaged image (bad restart interval)"), 0;
		j->ri = be16(p);
		return next;
	}
	if (m == 0xDE || m == 0xDF)
		return walk_fail(j, "unsupported JPEG (hierarchical)"), 0;
	if (m == 0xC4 || m == 0xCC || m == 0xDB || m == 0xDC || (m >= 0xE0 && m <= 0xEF) || m == 0xFE)
		return next;
	return walk_fail(j, "damaged image (unknown marker 0xFF%02X)", m), 0;
}

/* The strict walk of a whole JPEG: every segment well-formed, a frame a
 * reader decodes, each scan's data followed by a marker, the scans
 * covering the whole image, an EOI at the end. 0, or -1 with a reason. */
static int jpeg_walk_all(jpeg_walk *j)
{
	size_t i = 2;

	while (i + 2 <= j->n) {
		if (j->d[i] != 0xFF)
			return walk_fail(j, "damaged image (garbage where a marker belongs)");
		unsigned m = j->d[i + 1];
		if (m == 0xFF || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {
			i += m == 0xFF ? 1 : 2;
			continue;
		}
		if (m == 0xD9)
			return walk_whole(j) ? 0 : j->sof ? cut_short(j) : walk_fail(j, "damaged image (no frame)");
		if (m == 0xD8 || i + 4 > j->n)
			return m == 0xD8 ? walk_fail(j, "damaged image (a second SOI)") : cut_short(j);
		if ((i = walk_segment(j, i)) == 0)
			return -1;
	}
	return cut_short(j);
}

/* libjpeg's error handling for jpeg_decodes: errors jump back, and the
 * warnings that mean missing or corrupt entropy-coded data are noted. */
typedef struct jpeg_guard {
	struct jpeg_error_mgr pub;
	jmp_buf jump;
	int damaged;            /* a warning that data is missing or corrupt */
	int no_memory;          /* the coefficients would not fit JPEG_CHECK_MEMORY */
} jpeg_guard;

/* Most memory the decoding check may take (a progressive image holds all
 * its coefficients: 2 bytes each, 85 Mpx at 4:2:0). */
#define JPEG_CHECK_MEMORY (256l * 1024 * 1024)

/* error_exit: notes whether it was the memory limit, then jumps back. */
static void guard_exit(j_common_ptr c)
{
	jpeg_guard *g = (jpeg_guard *)c->err;

	g->no_memory = c->err->msg_code == JERR_NO_BACKING_STORE || c->err->msg_code == JERR_OUT_OF_MEMORY;
	longjmp(g->jump, 1);
}

/* emit_message: warnings counted as damage when data is missing or corrupt. */
static void guard_message(j_common_ptr c, int level)
{
	jpeg_guard *g = (jpeg_guard *)c->err;
	int code = c->err->msg_code;

	if (level < 0 && (code == JWRN_HIT_MARKER || code == JWRN_JPEG_EOF || code == JWRN_HUFF_BAD_CODE ||
			  code == JWRN_MUST_RESYNC))
		g->damaged = 1;
}

/* output_message: libjpeg prints nothing; we give the one warning. */
static void guard_output(j_common_ptr c)
{
}

/* Whether libjpeg decodes the whole image without hitting the end of its
 * data: the scans' entropy-coded data is entirely there (a scan cut short
 * with an EOI after it has fewer blocks than the frame needs). Decodes at
 * 1/8 scale, so the cost is the Huffman decoding. 1 too when the check
 * would need more than JPEG_CHECK_MEMORY (a huge progressive photo). */
static int jpeg_decodes(const unsigned char *d, size_t n)
{
	struct jpeg_decompress_struct c;
	jpeg_guard g;
	volatile int ok = 0;

	memset(&g, 0, sizeof g);
	c.err = jpeg_std_error(&g.pub);
	g.pub.error_exit = guard_exit;
	g.pub.emit_message = guard_message;
	g.pub.output_message = guard_output;
	jpeg_create_decompress(&c);
	if (setjmp(g.jump)) {
		ok = g.no_memory;
		goto cleanup;
	}
	c.mem->max_memory_to_use = JPEG_CHECK_MEMORY;
	jpeg_mem_src(&c, d, (unsigned long)n);
	jpeg_read_header(&c, TRUE);
	c.scale_num = 1;
	c.scale_denom = 8;
	c.dct_method = JDCT_IFAST;
	c.do_fancy_upsampling = FALSE;
	c.do_block_smoothing = FALSE;
	jpeg_start_decompress(&c);
	JSAMPARRAY row = c.mem->alloc_sarray((j_common_ptr)&c, JPOOL_IMAGE,
					     c.output_width * (JDIMENSION)c.output_components, 1);
	while (c.output_scanline < c.output_height)
		jpeg_read_scanlines(&c, row, 1);
	jpeg_finish_decompress(&c);
	ok = !g.damaged;
cleanup:
	jpeg_destroy_decompress(&c);
	return ok;
}

/* A JPEG a PDF reader decodes: the strict walk, then, for a progressive
 * one, libjpeg's decoding. A sequential JPEG is not decoded: Huffman
 * decoding costs 0.75 ms for a 1200 px photo, and the walk already counts
 * the restart markers of its scans (a scan cut short in an interval before
 * the last is found; without restart markers only libjpeg would find it). */
static int jpeg_check(const unsigned char *d, size_t n, char *why, size_t whylen)
{
	jpeg_walk j;

	memset(&j, 0, sizeof j);
	j.d = d;
	j.n = n;
	j.why = why;
	j.whylen = whylen;
	if (jpeg_walk_all(&j) != 0)
		return -1;
	if (j.sof == 0xC2 && !jpeg_decodes(d, n))
		return walk_fail(&j, "damaged image (scan data cut short or corrupt, %zu bytes)", n);
	return 0;
}

/* 1 when a PNG's last chunk is IEND. */
static int png_complete(const unsigned char *d, size_t n)
{
	return n >= 12 && memcmp(d + n - 8, "IEND", 4) == 0;
}

/* A PNG we can embed: whole (IEND last), at most PNG_MAX_SIDE a side
 * (what both the pass-through and the decoder take). */
static int png_check(const unsigned char *d, size_t n, int w, int h, char *why, size_t whylen)
{
	if (w > PNG_MAX_SIDE || h > PNG_MAX_SIDE) {
		snprintf(why, whylen, "PNG too large to embed (%d x %d px, %d at most a side)", w, h, PNG_MAX_SIDE);
		return -1;
	}
	if (!png_complete(d, n)) {
		snprintf(why, whylen, "damaged image (cut short, %zu bytes)", n);
		return -1;
	}
	return 0;
}

int image_check(const unsigned char *d, size_t n, char *why, size_t whylen)
{
	char scratch[8];
	int w, h;

	if (!why || !whylen) {
		why = scratch;
		whylen = sizeof scratch;
	}
	*why = '\0';
	switch (image_probe(d, n, &w, &h)) {
	case IMAGE_JPEG:
		return jpeg_check(d, n, why, whylen);
	case IMAGE_PNG:
		return png_check(d, n, w, h, why, whylen);
	default:
		snprintf(why, whylen, "not an image (JPEG or PNG expected, %zu bytes)", n);
		return -1;
	}
}

int image_complete(const unsigned char *d, size_t n)
{
	return image_check(d, n, NULL, 0) == 0;
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
		jpeg_head jh;
		if (walk_jpeg(d, n, &jh) == 0) {
			*w = jh.info.w;
			*h = jh.info.h;
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
	if (img.width == 0 || img.height == 0 || img.width > PNG_MAX_SIDE || img.height > PNG_MAX_SIDE ||
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

	if (w == 0 || h == 0 || w > PNG_MAX_SIDE || h > PNG_MAX_SIDE || c[10] || c[11] || c[12])
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
