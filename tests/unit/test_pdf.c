/* Unit tests of the PDF module: small hand-made layout documents rendered
 * and checked with poppler's and qpdf's command-line tools (fonts embedded
 * as subsets, text extracted exactly, images passed through or masked and
 * embedded once, links, outline, info), plus a few pixels of a rendering. */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hb-ot.h>
#include <hb.h>

#include "check.h"
#include "diag.h"
#include "image.h"
#include "pdf.h"
#include "pdf_objstm.h"
#include "pdfbidi.h"
#include "subset.h"
#include "text.h"

#define PAGE_W 595.0f
#define PAGE_H 842.0f

/* A document under construction: one page of boxes. */
typedef struct doc {
	layout_doc d;
	layout_page page;
	size_t cap;
	text_para *paras[64];
	int npara;
} doc;

static char tmpdir[64];

/* Appends a box to the page. */
static layout_box *add_box(doc *D, layout_box_kind kind, float x, float y, float w, float h)
{
	if (D->page.nboxes == D->cap) {
		D->cap = D->cap ? D->cap * 2 : 32;
		D->page.boxes = realloc(D->page.boxes, D->cap * sizeof *D->page.boxes);
	}
	layout_box *b = &D->page.boxes[D->page.nboxes++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	b->x = x;
	b->y = y;
	b->w = w;
	b->h = h;
	return b;
}

/* Sets a paragraph and adds one text box per run; returns the y below it. */
static float add_text(doc *D, text *tx, const char *s, float x, float y, float size, uint32_t color)
{
	text_para *p = text_typeset(tx, s, strlen(s), NULL, 0, size, 400);

	if (!p)
		return y;
	D->paras[D->npara++] = p;
	for (size_t l = 0; l < p->nlines; l++) {
		y += size * 1.4f;
		for (size_t k = 0; k < p->lines[l].nruns; k++) {
			layout_box *b = add_box(D, BOX_TEXT, x + p->lines[l].runs[k].x, y, 0, 0);
			b->run = &p->lines[l].runs[k];
			b->text = p->text;
			b->color = color;
		}
	}
	return y;
}

/* Frees what a test document holds. */
static void doc_free(doc *D)
{
	for (int i = 0; i < D->npara; i++)
		text_para_free(D->paras[i]);
	free(D->page.boxes);
	memset(D, 0, sizeof *D);
}

/* Runs a shell command; its stdout into out (NUL-terminated), its exit status. */
static int run(const char *cmd, buf *out)
{
	char chunk[4096];
	size_t n;
	FILE *p = popen(cmd, "r");

	if (!p)
		return -1;
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		buf_add(out, chunk, n);
	if (!out->data)
		buf_add(out, "", 0);
	return pclose(p);
}

/* Whether a tool is on the PATH. */
static int have(const char *tool)
{
	char cmd[128];
	buf b;

	buf_init(&b);
	snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", tool);
	int rc = run(cmd, &b);
	buf_free(&b);
	return rc == 0;
}

/* Writes bytes to a file in the test's temporary directory; returns its path. */
static char *write_tmp(const char *name, const void *data, size_t len)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	FILE *f = fopen(path, "wb");

	if (f) {
		fwrite(data, 1, len, f);
		fclose(f);
	}
	return path;
}

/* A JPEG made with cjpeg from a small gradient; NULL when cjpeg is missing. */
static void make_jpeg(thread_blob *b)
{
	buf ppm, out;
	char cmd[256];

	memset(b, 0, sizeof *b);
	if (!have("cjpeg"))
		return;
	buf_init(&ppm);
	buf_printf(&ppm, "P6 64 48 255\n");
	for (int y = 0; y < 48; y++)
		for (int x = 0; x < 64; x++) {
			unsigned char px[3] = { (unsigned char)(x * 4), (unsigned char)(y * 5), 128 };
			buf_add(&ppm, px, 3);
		}
	char *path = write_tmp("in.ppm", ppm.data, ppm.len);
	snprintf(cmd, sizeof cmd, "cjpeg -quality 80 %s", path);
	buf_init(&out);
	if (run(cmd, &out) == 0 && out.len > 100)
		b->data = (unsigned char *)buf_steal(&out, &b->len);
	buf_free(&out);
	buf_free(&ppm);
	free(path);
}

/* Encodes 32x32 pixels of a libpng format (colormap for palettes) into b. */
static void encode_png(thread_blob *b, const void *px, png_uint_32 format, const void *cmap, int ncmap)
{
	png_image img;
	png_alloc_size_t n = 0;

	memset(&img, 0, sizeof img);
	img.version = PNG_IMAGE_VERSION;
	img.width = img.height = 32;
	img.format = format;
	img.colormap_entries = (png_uint_32)ncmap;
	memset(b, 0, sizeof *b);
	png_image_write_get_memory_size(img, n, 0, px, 0, cmap);
	b->data = malloc(n);
	png_image_write_to_memory(&img, b->data, &n, 0, px, 0, cmap);
	b->len = n;
}

/* Three 32x32 PNGs: RGBA (opaque green, transparent top-left corner),
 * opaque RGB (a blue/yellow split, passed through), palette (red/white). */
static void make_pngs(thread_blob *rgba, thread_blob *rgb, thread_blob *pal)
{
	unsigned char px[32 * 32 * 4], px3[32 * 32 * 3], idx[32 * 32];
	static const unsigned char cmap[6] = { 255, 0, 0, 255, 255, 255 };

	for (int y = 0; y < 32; y++)
		for (int x = 0; x < 32; x++) {
			unsigned char *p = px + 4 * (y * 32 + x), *q = px3 + 3 * (y * 32 + x);
			p[0] = 0;
			p[1] = 160;
			p[2] = 0;
			p[3] = (x < 8 && y < 8) ? 0 : 255;
			q[0] = q[1] = x < 16 ? 0 : 255;
			q[2] = x < 16 ? 255 : 0;
			idx[y * 32 + x] = y < 16 ? 0 : 1;
		}
	encode_png(rgba, px, PNG_FORMAT_RGBA, NULL, 0);
	encode_png(rgb, px3, PNG_FORMAT_RGB, NULL, 0);
	encode_png(pal, idx, PNG_FORMAT_RGB_COLORMAP, cmap, 2);
}

/* The full document: text in several scripts, emoji (one drawn three
 * times), images, a broken image, a placeholder, rectangles, a link, two
 * outline entries and the info fields. */
static void build(doc *D, text *tx, thread_blob *jpg, thread_blob *png, thread_blob *bad, thread_blob *rgb,
		  thread_blob *pal)
{
	float y = 40;
	static layout_mark marks[2];

	memset(D, 0, sizeof *D);
	y = add_text(D, tx, "Hello, world \xe2\x80\x94 typeset by threadpdf: office fluff, AVA.", 50, y, 12,
		     0x111111);
	y = add_text(D, tx, "Emoji \xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd and \xf0\x9f\x87\xa9\xf0\x9f\x87\xaa then "
			    "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd and \xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd!",
		     50, y, 12, 0x111111);
	y = add_text(D, tx, "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82 \xce\xba\xce\xb1\xce\xbb\xce\xb7"
			    "\xce\xbc\xe1\xbd\xb3\xcf\x81\xce\xb1",
		     50, y, 12, 0x111111);
	y = add_text(D, tx, "\xe0\xa4\xb9\xe0\xa4\xbf\xe0\xa4\xa8\xe0\xa5\x8d\xe0\xa4\xa6\xe0\xa5\x80 "
			    "\xe0\xa4\x95\xe0\xa4\xbf\xe0\xa4\xa4\xe0\xa4\xbe\xe0\xa4\xac\xe0\xa5\x87\xe0\xa4\x82",
		     50, y, 12, 0x111111);
	y = add_text(D, tx, "Link here", 50, y + 10, 11, 0x1D6FD6);
	layout_box *l = add_box(D, BOX_LINK, 50, y - 11, 60, 14);
	l->uri = "https://example.org/a path/(x)?q=\xc3\xa9";
	layout_box *r = add_box(D, BOX_RECT, 300, 400, 100, 50);
	r->fill = 1;
	r->color = 0xFF0000;
	r = add_box(D, BOX_RECT, 300, 470, 100, 50);
	r->stroke = 1;
	r->stroke_color = 0x0000FF;
	r->line_width = 2;
	r->radius = 8;
	layout_box *im = add_box(D, BOX_IMAGE, 50, 400, 128, 96);
	im->img = jpg;
	im = add_box(D, BOX_IMAGE, 50, 520, 64, 48);
	im->img = jpg;
	im->play = 1;
	im = add_box(D, BOX_IMAGE, 200, 400, 64, 64);
	im->img = png;
	im->circle = 1;
	im = add_box(D, BOX_IMAGE, 200, 520, 64, 64);
	im->img = bad;
	im = add_box(D, BOX_IMAGE, 450, 520, 100, 100);
	im->img = jpg;
	im = add_box(D, BOX_IMAGE, 50, 620, 64, 64);
	im->img = rgb;
	im = add_box(D, BOX_IMAGE, 150, 620, 64, 64);
	im->img = pal;
	add_box(D, BOX_PLACEHOLDER, 450, 400, 100, 80);
	D->d.page_w = PAGE_W;
	D->d.page_h = PAGE_H;
	D->d.pages = &D->page;
	D->d.npages = 1;
	static char m1[] = "1. Hello \xe2\x80\xa6", m2[] = "2. Emoji \xf0\x9f\x91\x8d";
	static char title[] = "Thread by @ada \xe2\x9c\x93 \xf0\x9f\x91\x8d", author[] = "Ada Example (@ada)";
	static char subject[] = "Thread by @ada, 2 tweets", keywords[] = "thread, twitter";
	marks[0] = (layout_mark){ m1, 0, 40, 0 };
	marks[1] = (layout_mark){ m2, 0, 60, 0 };
	D->d.marks = marks;
	D->d.nmarks = 2;
	D->d.title = title;
	D->d.author = author;
	D->d.subject = subject;
	D->d.keywords = keywords;
	D->d.created = 1700000000;
}

/* Counts lines of s that contain every one of the NULL-terminated needles. */
static int count_lines(const char *s, const char *const *needles)
{
	int n = 0;

	for (const char *line = s; line && *line;) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		char *l = xstrndup(line, len);
		int all = 1;
		for (const char *const *p = needles; *p; p++)
			all &= strstr(l, *p) != NULL;
		n += all;
		free(l);
		line = end ? end + 1 : NULL;
	}
	return n;
}

/* Checks the PDF with qpdf and pdffonts. */
static void check_structure(const char *path)
{
	char cmd[512];
	buf o;

	buf_init(&o);
	snprintf(cmd, sizeof cmd, "qpdf --check %s 2>&1", path);
	CHECK("pdf-qpdf-check", run(cmd, &o) == 0);
	o.len = 0;
	snprintf(cmd, sizeof cmd, "pdffonts %s 2>&1", path);
	run(cmd, &o);
	/* Identity-H, or the embedded one-byte CMap (pdffonts: Custom) of a font of few codes. */
	static const char *const emb[] = { "CID TrueType", "yes yes yes", NULL };
	int nf = count_lines(o.data, emb);
	static const char *const any[] = { "CID TrueType", NULL };
	static const char *const ident[] = { "CID TrueType", "Identity-H", NULL };
	static const char *const custom[] = { "CID TrueType", "Custom", NULL };
	CHECK("pdf-fonts-embedded-subset-unicode", nf >= 2 && nf == count_lines(o.data, any) &&
							  nf == count_lines(o.data, ident) + count_lines(o.data, custom));
	static const char *const tagged[] = { "HPDFA", "+", NULL };
	CHECK("pdf-fonts-subset-tag", count_lines(o.data, tagged) == nf);
	buf_free(&o);
}

/* Checks the text poppler extracts, and that poppler says nothing. */
static void check_text(const char *path)
{
	char cmd[512];
	buf o, e;

	buf_init(&o);
	buf_init(&e);
	snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 %s - 2>%s/poppler.err", path, tmpdir);
	run(cmd, &o);
	snprintf(cmd, sizeof cmd, "cat %s/poppler.err", tmpdir);
	run(cmd, &e);
	CHECK_STR("pdf-poppler-quiet", e.data, "");
	CHECK("pdf-text-latin", strstr(o.data, "Hello, world \xe2\x80\x94 typeset by threadpdf: office fluff, AVA.") !=
				   NULL);
	CHECK("pdf-text-emoji", strstr(o.data, "Emoji \xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd and \xf0\x9f\x87\xa9"
					       "\xf0\x9f\x87\xaa then \xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd and "
					       "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd!") != NULL);
	CHECK("pdf-text-cyrillic-greek",
	      strstr(o.data, "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82 \xce\xba\xce\xb1\xce\xbb\xce\xb7"
			     "\xce\xbc\xe1\xbd\xb3\xcf\x81\xce\xb1") != NULL);
	CHECK("pdf-text-devanagari-clusters",
	      strstr(o.data, "\xe0\xa4\xb9\xe0\xa4\xbf\xe0\xa4\xa8\xe0\xa5\x8d\xe0\xa4\xa6\xe0\xa5\x80 "
			     "\xe0\xa4\x95\xe0\xa4\xbf\xe0\xa4\xa4\xe0\xa4\xbe\xe0\xa4\xac\xe0\xa5\x87\xe0\xa4\x82") != NULL);
	CHECK("pdf-text-link-label", strstr(o.data, "Link here") != NULL);
	buf_free(&o);
	buf_free(&e);
}

/* Checks the images: JPEG passed through once, PNG with a soft mask, each
 * emoji embedded once however often drawn. */
static void check_images(const char *path, int have_jpeg)
{
	char cmd[512];
	buf o;

	buf_init(&o);
	snprintf(cmd, sizeof cmd, "pdfimages -list %s 2>&1", path);
	run(cmd, &o);
	if (have_jpeg) {
		static const char *const jpg[] = { " 64 ", " 48 ", "rgb", "jpeg", NULL };
		CHECK("pdf-jpeg-passthrough-drawn-thrice", count_lines(o.data, jpg) == 3);
		char *p = strstr(o.data, "jpeg"), *q = p ? strstr(p + 4, "jpeg") : NULL;
		CHECK("pdf-jpeg-embedded-once", p && q && strncmp(p, q, 20) == 0);
	} else {
		SKIP("pdf-jpeg-passthrough-drawn-thrice", "no cjpeg");
	}
	static const char *const png[] = { " 32 ", " 32 ", "rgb", NULL };
	static const char *const pngmask[] = { " 32 ", " 32 ", "smask", "gray", NULL };
	static const char *const pngidx[] = { " 32 ", " 32 ", "index", NULL };
	CHECK("pdf-png-with-smask", count_lines(o.data, png) == 2 && count_lines(o.data, pngmask) == 1);
	CHECK("pdf-png-palette-indexed", count_lines(o.data, pngidx) == 1);
	static const char *const emoji[] = { " image ", "rgb", NULL };
	static const char *const mask[] = { " smask ", "gray", NULL };
	int drawn = count_lines(o.data, emoji) - (have_jpeg ? 3 : 0) - 2;
	CHECK("pdf-emoji-drawn-four-times", drawn == 4 && count_lines(o.data, mask) == 5);
	buf_free(&o);
	/* Object numbers of the emoji images: the thumbs-up one thrice. */
	snprintf(cmd, sizeof cmd,
		 "pdfimages -list %s | awk 'NR>2 && $3==\"image\" && $4!=64 && $4!=32 {print $11}' | sort | uniq -c | "
		 "sort -rn | head -1",
		 path);
	buf_init(&o);
	run(cmd, &o);
	CHECK("pdf-emoji-embedded-once", atoi(o.data) == 3);
	buf_free(&o);
}

/* The value of field "key:" in pdfinfo's output, in f (empty if absent). */
static const char *info_field(const char *out, const char *key, char *f)
{
	size_t k = strlen(key);

	f[0] = '\0';
	for (const char *l = out; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		if (strncmp(l, key, k) != 0 || l[k] != ':')
			continue;
		const char *v = l + k + 1, *e = strchr(v, '\n');
		while (*v == ' ')
			v++;
		size_t n = e ? (size_t)(e - v) : strlen(v);
		n = n < 255 ? n : 255;
		memcpy(f, v, n);
		f[n] = '\0';
		break;
	}
	return f;
}

/* Checks info, links and outline. */
static void check_meta(const char *path)
{
	char cmd[512], f[256];
	buf o;

	buf_init(&o);
	snprintf(cmd, sizeof cmd, "pdfinfo -enc UTF-8 %s 2>&1", path);
	run(cmd, &o);
	CHECK_STR("pdf-info-title", info_field(o.data, "Title", f), "Thread by @ada \xe2\x9c\x93 \xf0\x9f\x91\x8d");
	CHECK_STR("pdf-info-author", info_field(o.data, "Author", f), "Ada Example (@ada)");
	CHECK_STR("pdf-info-subject", info_field(o.data, "Subject", f), "Thread by @ada, 2 tweets");
	CHECK_STR("pdf-info-keywords", info_field(o.data, "Keywords", f), "thread, twitter");
	CHECK_STR("pdf-info-creator", info_field(o.data, "Creator", f), "threadpdf");
	CHECK("pdf-info-producer", strncmp(info_field(o.data, "Producer", f), "Haru", 4) == 0);
	o.len = 0;
	snprintf(cmd, sizeof cmd, "pdfinfo -isodates %s 2>&1 | grep CreationDate", path);
	run(cmd, &o);
	CHECK("pdf-info-date", strstr(o.data, "2023-11-14T22:13:20") != NULL);
	o.len = 0;
	snprintf(cmd, sizeof cmd, "pdfinfo -url %s 2>&1", path);
	run(cmd, &o);
	CHECK("pdf-link-uri", strstr(o.data, "https://example.org/a%20path/(x)?q=%C3%A9") != NULL);
	o.len = 0;
	snprintf(cmd, sizeof cmd, "qpdf --json --json-key=outlines %s 2>&1", path);
	run(cmd, &o);
	CHECK("pdf-outline-titles", strstr(o.data, "\"1. Hello \xe2\x80\xa6\"") &&
					    strstr(o.data, "\"2. Emoji \xf0\x9f\x91\x8d\""));
	CHECK("pdf-outline-dest", strstr(o.data, "/XYZ") != NULL);
	buf_free(&o);
}

/* Reads pixel (x, y) of a PNG file as 0xRRGGBB, -1 on failure. */
static long pixel(const char *path, int x, int y)
{
	buf b;
	image_pixels p;
	long v = -1;

	buf_init(&b);
	if (util_read_file(path, &b) == 0 && image_decode_png((unsigned char *)b.data, b.len, &p) == 0) {
		if (x < p.w && y < p.h && p.channels == 3) {
			const unsigned char *c = p.color + 3 * ((size_t)y * (size_t)p.w + (size_t)x);
			v = (long)c[0] << 16 | c[1] << 8 | c[2];
		}
		image_pixels_free(&p);
	}
	buf_free(&b);
	return v;
}

/* Renders at 72 dpi (1 px = 1 pt) and looks at a few pixels. */
static void check_pixels(const char *path, int have_jpeg)
{
	char cmd[512];
	buf o;

	buf_init(&o);
	snprintf(cmd, sizeof cmd, "pdftoppm -r 72 -png -singlefile %s %s/page 2>&1", path, tmpdir);
	run(cmd, &o);
	buf_free(&o);
	char *png = xasprintf("%s/page.png", tmpdir);
	CHECK("pdf-pixel-red-rect", pixel(png, 350, 425) == 0xFF0000);
	CHECK("pdf-pixel-white-inside-stroked-rect", pixel(png, 350, 495) == 0xFFFFFF);
	long c = pixel(png, 300, 495);
	CHECK("pdf-pixel-blue-stroke", c >= 0 && (c & 0xFF) > 0xA0 && (c >> 16) < 0x60);
	c = pixel(png, 261, 461);
	CHECK("pdf-pixel-circle-clips-corner", c == 0xFFFFFF);
	c = pixel(png, 232, 440);
	CHECK("pdf-pixel-png-green", c >= 0 && ((c >> 8) & 0xFF) > 0x80 && (c >> 16) < 0x40);
	c = pixel(png, 232, 552);
	CHECK("pdf-pixel-broken-image-placeholder", c >= 0xD0D0D0 && c != 0xFFFFFF);
	if (have_jpeg) {
		CHECK("pdf-pixel-cover-clipped", pixel(png, 445, 570) == 0xFFFFFF && pixel(png, 555, 570) == 0xFFFFFF &&
							 pixel(png, 452, 570) != 0xFFFFFF);
	}
	CHECK("pdf-pixel-png-passthrough-rgb", pixel(png, 60, 650) == 0x0000FF && pixel(png, 104, 650) == 0xFFFF00);
	CHECK("pdf-pixel-png-passthrough-palette",
	      pixel(png, 180, 630) == 0xFF0000 && pixel(png, 180, 675) == 0xFFFFFF);
	free(png);
}

/* Two renders of one document are byte-identical (no clock in the file). */
static void check_deterministic(const layout_doc *d, fonts *f, const buf *first)
{
	char msg[256] = "";
	buf again;

	buf_init(&again);
	tp_result r = pdf_render(d, f, &again, msg, sizeof msg);
	CHECK("pdf-deterministic", r == TP_OK && again.len == first->len &&
					   memcmp(again.data, first->data, first->len) == 0);
	buf_free(&again);
}

/* An empty document and a text-only one stay valid and small. */
static void check_small(fonts *f, text *tx)
{
	char msg[256] = "";
	doc D;
	buf out;

	memset(&D, 0, sizeof D);
	float y = 40;
	for (int i = 0; i < 30; i++)
		y = add_text(&D, tx, "A line of plain text, set in the body face for the size test.", 50, y, 11, 0);
	D.d.page_w = PAGE_W;
	D.d.page_h = PAGE_H;
	D.d.pages = &D.page;
	D.d.npages = 1;
	buf_init(&out);
	tp_result r = pdf_render(&D.d, f, &out, msg, sizeof msg);
	CHECK("pdf-text-only-renders", r == TP_OK);
	CHECK("pdf-text-only-small", out.len > 1000 && out.len < 16000);
	buf_free(&out);
	doc_free(&D);

	layout_doc empty = { .page_w = PAGE_W, .page_h = PAGE_H };
	buf_init(&out);
	r = pdf_render(&empty, f, &out, msg, sizeof msg);
	CHECK("pdf-empty-doc-no-crash", (r == TP_OK && out.len > 0) || (r == TP_ERR_PDF && msg[0]));
	buf_free(&out);

	/* A run of size 0 is skipped; a page libharu refuses is an error that
	 * leaves the output untouched. */
	memset(&D, 0, sizeof D);
	add_text(&D, tx, "Zero size", 50, 40, 11, 0);
	add_text(&D, tx, "Normal size", 50, 80, 11, 0);
	D.paras[0]->lines[0].runs[0].size = 0;
	D.d.page_w = PAGE_W;
	D.d.page_h = PAGE_H;
	D.d.pages = &D.page;
	D.d.npages = 1;
	buf_init(&out);
	CHECK("pdf-zero-size-run-skipped", pdf_render(&D.d, f, &out, msg, sizeof msg) == TP_OK);
	buf_free(&out);
	D.d.page_w = 1;
	buf_init(&out);
	buf_adds(&out, "keep");
	msg[0] = '\0';
	r = pdf_render(&D.d, f, &out, msg, sizeof msg);
	CHECK("pdf-libharu-error-reported", r == TP_ERR_PDF && strstr(msg, "libharu") && strlen(msg) < 200);
	CHECK_STR("pdf-error-leaves-output", out.data, "keep");
	buf_free(&out);
	doc_free(&D);
}

/* A subset of the body face: its cmap maps code i to the glyph that was
 * gids[i], advances survive, zero advances become non-zero, the name is ours. */
static void check_subset(fonts *f)
{
	const fonts_face *fc = fonts_face_get(f, 0);
	hb_blob_t *ob = hb_blob_create_from_file(fc->path);
	hb_face_t *of = hb_face_create(ob, (unsigned)fc->index);
	hb_font_t *ofont = hb_font_create(of);
	hb_codepoint_t gA = 0, gB = 0, gacute = 0;
	char msg[256] = "";
	buf out;

	hb_font_get_nominal_glyph(ofont, 'A', &gA);
	hb_font_get_nominal_glyph(ofont, 'B', &gB);
	hb_font_get_nominal_glyph(ofont, 0x0301, &gacute);
	uint32_t gids[4] = { gB, gA, gB, gacute };
	buf_init(&out);
	tp_result r = subset_build(fc->path, fc->index, gids, 4, "Test Name(1)", &out, msg, sizeof msg);
	CHECK("subset-builds", r == TP_OK && out.len > 200);
	hb_blob_t *sb = hb_blob_create(out.data, (unsigned)out.len, HB_MEMORY_MODE_READONLY, NULL, NULL);
	hb_face_t *sf = hb_face_create(sb, 0);
	hb_font_t *sfont = hb_font_create(sf);
	/* .notdef, B, A, the mark, and any components of composite glyphs. */
	unsigned ng = hb_face_get_glyph_count(sf);
	CHECK("subset-glyph-count", ng >= 4 && ng <= 8);
	hb_codepoint_t g[4] = { 0, 0, 0, 0 };
	for (int i = 0; i < 4; i++)
		hb_font_get_nominal_glyph(sfont, subset_code((size_t)i), &g[i]);
	CHECK("subset-cmap-maps-codes", g[0] && g[1] && g[0] == g[2] && g[0] != g[1] && g[3]);
	CHECK("subset-advance-kept",
	      hb_font_get_glyph_h_advance(sfont, g[1]) == hb_font_get_glyph_h_advance(ofont, gA));
	CHECK("subset-zero-advance-raised", hb_font_get_glyph_h_advance(ofont, gacute) != 0 ||
						    hb_font_get_glyph_h_advance(sfont, g[3]) > 0);
	char name[64] = "";
	unsigned len = sizeof name;
	hb_ot_name_get_utf8(sf, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &len, name);
	CHECK_STR("subset-postscript-name", name, "TestName1");
	CHECK("subset-no-layout-tables", !hb_ot_layout_has_substitution(sf) && !hb_ot_layout_has_positioning(sf));
	buf b2;
	buf_init(&b2);
	CHECK("subset-missing-file-fails",
	      subset_build("/nonexistent.ttf", 0, gids, 1, "X", &b2, msg, sizeof msg) == TP_ERR_FONT && msg[0]);
	CHECK("subset-code-ranges", subset_code(0) == 0xE000 && subset_code(6399) == 0xF8FF &&
					    subset_code(6400) == 0x0100);
	buf_free(&b2);
	hb_font_destroy(sfont);
	hb_face_destroy(sf);
	hb_blob_destroy(sb);
	hb_font_destroy(ofont);
	hb_face_destroy(of);
	hb_blob_destroy(ob);
	buf_free(&out);
}

/* The reading-order simulation: neutral sequences reversed only where the
 * reader will reverse them, letter+mark clusters of right-to-left text
 * reversed, all-letter ligatures left alone. */
static void check_bidi(void)
{
	static const char fam[] = "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa7"; /* man ZWJ girl */
	static const char heb[] = "\xd7\xa9\xd7\x9c"; /* two Hebrew letters */
	static const char alef_mark[] = "\xd8\xa7\xd9\x8b";  /* alef + fathatan */
	static const char lamalef[] = "\xd9\x84\xd8\xa7";    /* lam + alef */
	static const char eacute[] = "e\xcc\x81";
	int l1, l2, l3;
	unsigned char rev[8];

	/* Left-to-right page: emoji at the left end of a Hebrew line stays, the
	 * same emoji between Hebrew words is reversed, Latin e+acute stays. */
	pdfbidi_item ltr[] = {
		{ &l1, 10, 0, fam, strlen(fam) },    { &l1, 10, 20, heb, strlen(heb) },
		{ &l2, 30, 0, heb, strlen(heb) },    { &l2, 30, 20, fam, strlen(fam) },
		{ &l2, 30, 40, heb, strlen(heb) },   { &l3, 50, 0, eacute, strlen(eacute) },
		{ &l3, 50, 10, "Latin text here", 15 },
	};
	pdfbidi_decide(ltr, 7, rev);
	CHECK("bidi-ltr-page-edge-emoji-kept", rev[0] == 0);
	CHECK("bidi-ltr-page-inner-emoji-reversed", rev[3] == 1);
	CHECK("bidi-ltr-page-latin-mark-kept", rev[5] == 0);
	/* Right-to-left page: the emoji at a line's left end is reversed, an
	 * alef with its mark too, a lam-alef ligature is not. */
	pdfbidi_item rtl[] = {
		{ &l1, 10, 0, fam, strlen(fam) },         { &l1, 10, 20, heb, strlen(heb) },
		{ &l1, 10, 40, alef_mark, strlen(alef_mark) }, { &l1, 10, 60, lamalef, strlen(lamalef) },
		{ &l1, 10, 80, heb, strlen(heb) },
	};
	pdfbidi_decide(rtl, 5, rev);
	CHECK("bidi-rtl-page-edge-emoji-reversed", rev[0] == 1);
	CHECK("bidi-rtl-mark-cluster-reversed", rev[2] == 1);
	CHECK("bidi-rtl-ligature-kept", rev[3] == 0 && rev[1] == 0);
	pdfbidi_decide(NULL, 0, rev);
}

/* A small PDF laid out as libharu writes it (objects "N 0 obj", one xref
 * section of 20-byte entries, a trailer with /Root, /Info and /Size),
 * appended to b after whatever b holds; extra goes into the trailer. */
static void libharu_like(buf *b, const char *extra)
{
	static const char *const objs[] = {
		"<<\n/Type /Catalog\n/Pages 2 0 R\n>>",
		"<<\n/Type /Pages\n/Kids [ 3 0 R ]\n/Count 1\n>>",
		"<<\n/Type /Page\n/Parent 2 0 R\n/MediaBox [ 0 0 200 200 ]\n/Contents 4 0 R\n/Resources <<\n>>\n>>",
		"<<\n/Length 5 0 R\n>>\nstream\n0 0 m 100 100 l S\nendstream",
		"18",
		"<<\n/Title (endobj \\) stream endstream)\n/Creator (threadpdf)\n>>",
	};
	size_t base = b->len, off[6];

	buf_add(b, "%PDF-1.3\n%\xb7\xbe\xad\xaa\n", 15);
	for (int i = 0; i < 6; i++) {
		off[i] = b->len - base;
		buf_printf(b, "%d 0 obj\n%s\nendobj\n", i + 1, objs[i]);
	}
	size_t x = b->len - base;
	buf_adds(b, "xref\n0 7\n0000000000 65535 f\r\n");
	for (int i = 0; i < 6; i++)
		buf_printf(b, "%010zu 00000 n\r\n", off[i]);
	buf_printf(b, "trailer\n<<\n/Root 1 0 R\n/Info 6 0 R\n/Size 7\n%s>>\nstartxref\n%zu\n%%%%EOF\n", extra, x);
}

/* The packer writes stream lengths directly and leaves out the length
 * objects (unless something else refers to one), compacts dictionaries and
 * numbers the objects without gaps. b: a packed libharu_like file after
 * the 6-byte prefix. */
static void check_objstm_compact(const buf *b, flate *z)
{
	const char *d = b->data + 6;
	size_t n = b->len - 6;

	static const char direct[] = "<</Length 18>>\nstream\n0 0 m 100 100 l S\n\nendstream";
	static const char xref[] = "/Type/XRef/Size 8/W[1 2 2]/DecodeParms<</Columns 5/Predictor 12>>";

	CHECK("objstm-direct-length", memmem(d, n, direct, strlen(direct)) && !memmem(d, n, "0 R>>\nstream", 12));
	CHECK("objstm-xref-gapless", memmem(d, n, xref, strlen(xref)) != NULL);
	buf c;
	buf_init(&c);
	libharu_like(&c, "");
	char *pg = memmem(c.data, c.len, "/Resources <<\n>>", 16);
	memcpy(pg, "/Thumb 5 0 R    ", 16);
	CHECK("objstm-shared-length-kept", pdf_objstm_pack(&c, 0, z) == 0 && memmem(c.data, c.len, "/Length 18>>", 12) &&
						   memmem(c.data, c.len, "/XRef/Size 9/", 13));
	buf_free(&c);
}

/* The object-stream packer: a libharu-like file packed after a prefix is a
 * valid PDF 1.5 with its text intact; anything unexpected is left as is. */
static void check_objstm(const buf *rendered)
{
	char cmd[512];
	buf b, o;
	flate *z = flate_new();

	CHECK("objstm-render-packed", rendered->len > 8 && memcmp(rendered->data, "%PDF-1.5", 8) == 0 &&
					      memmem(rendered->data, rendered->len, "/Type/ObjStm", 12) &&
					      memmem(rendered->data, rendered->len, "/Type/XRef", 10));
	CHECK("objstm-render-compact", !memmem(rendered->data, rendered->len, "/Filter [", 9) &&
					       !memmem(rendered->data, rendered->len, "XObject", 7) &&
					       !memmem(rendered->data, rendered->len, " 0 R>>\nstream", 13));
	buf_init(&b);
	buf_init(&o);
	buf_adds(&b, "prefix");
	libharu_like(&b, "");
	size_t plain = b.len;
	CHECK("objstm-packs", pdf_objstm_pack(&b, 6, z) == 0 && b.len < plain + 400 &&
				      memcmp(b.data, "prefix%PDF-1.5\n", 15) == 0);
	char *path = write_tmp("objstm.pdf", b.data + 6, b.len - 6);
	snprintf(cmd, sizeof cmd, "qpdf --check %s 2>&1", path);
	CHECK("objstm-qpdf-check", run(cmd, &o) == 0 && strstr(o.data, "No syntax or stream encoding errors"));
	o.len = 0;
	snprintf(cmd, sizeof cmd, "pdfinfo %s 2>&1", path);
	CHECK("objstm-pdfinfo", run(cmd, &o) == 0 && strstr(o.data, "endobj ) stream endstream") &&
					strstr(o.data, "Pages:") && !strstr(o.data, "rror"));
	free(path);
	check_objstm_compact(&b, z);
	static const char *const bad[] = { "/ID [<00> <00>]\n", "/Encrypt 6 0 R\n", "/Prev 9\n" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		b.len = 0;
		libharu_like(&b, bad[i]);
		char *copy = xmalloc(b.len);
		memcpy(copy, b.data, b.len);
		size_t n = b.len;
		CHECK("objstm-unexpected-trailer-left", pdf_objstm_pack(&b, 0, z) == -1 && b.len == n &&
								memcmp(b.data, copy, n) == 0);
		free(copy);
	}
	b.len = 0;
	libharu_like(&b, "");
	char *hit = memmem(b.data, b.len, "4 0 obj", 7);
	hit[0] = '7';
	size_t n = b.len;
	CHECK("objstm-bad-offset-left", pdf_objstm_pack(&b, 0, z) == -1 && b.len == n && hit[0] == '7');
	b.len = 0;
	buf_adds(&b, "%PDF-1.3\nnot a pdf at all\n%%EOF\n");
	CHECK("objstm-garbage-left", pdf_objstm_pack(&b, 0, z) == -1 && b.len == 32);
	buf_free(&o);
	buf_free(&b);
	flate_free(z);
}

int main(void)
{
	char msg[256] = "";
	fonts *f = NULL;
	thread_blob jpg, png, rgb, pal, bad = { .data = (unsigned char *)"not an image at all", .len = 19 };

	if (!have("pdftotext") || !have("qpdf") || !have("pdfimages")) {
		SKIP("pdf", "poppler-utils or qpdf missing");
		return 0;
	}
	if (fonts_new(fonts_default_dir(), &f, msg, sizeof msg) != TP_OK) {
		SKIP("pdf", msg);
		return 0;
	}
	snprintf(tmpdir, sizeof tmpdir, "/tmp/test_pdf.XXXXXX");
	if (!mkdtemp(tmpdir)) {
		CHECK("pdf-tmpdir", 0);
		return 1;
	}
	text *tx = text_new(f);
	make_jpeg(&jpg);
	make_pngs(&png, &rgb, &pal);
	doc D;
	build(&D, tx, &jpg, &png, &bad, &rgb, &pal);
	buf out;
	buf_init(&out);
	int warned = diag_warnings;
	tp_result r = pdf_render(&D.d, f, &out, msg, sizeof msg);
	CHECK("pdf-render-ok", r == TP_OK);
	CHECK("pdf-broken-image-warns", diag_warnings == warned + 1);
	CHECK("pdf-header", out.len > 8 && memcmp(out.data, "%PDF-1.", 7) == 0);
	char *path = write_tmp("t.pdf", out.data, out.len);
	check_structure(path);
	check_text(path);
	check_images(path, jpg.data != NULL);
	check_meta(path);
	check_pixels(path, jpg.data != NULL);
	check_deterministic(&D.d, f, &out);
	check_small(f, tx);
	check_subset(f);
	check_bidi();
	check_objstm(&out);

	char *rm = xasprintf("rm -rf %s", tmpdir);
	if (system(rm) != 0)
		fprintf(stderr, "cannot remove %s\n", tmpdir);
	free(rm);
	free(path);
	buf_free(&out);
	doc_free(&D);
	free(jpg.data);
	free(png.data);
	free(rgb.data);
	free(pal.data);
	text_free(tx);
	fonts_free(f);
	CHECK_DONE();
}
