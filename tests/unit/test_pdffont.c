/* Unit tests of the font embedding (pdffont + subset + libharu): a sweep of
 * subset sizes across 4 KB boundaries. libharu 2.3 could not save a
 * document whose subset font's tables total a multiple of 4096 bytes
 * (error 0x1033, see subset.c's haru_safe). For k = 1..4 the test finds
 * glyphs whose font's tables total just under 4096 k, then adds codes for
 * one of those glyphs, each making the font's cmap, and so the tables, 2
 * bytes longer: the sweep passes every even total from 4096 k - 8 to
 * 4096 k + 8. Each document must render and pass qpdf --check, and the
 * embedded font's /Length1 (its tables plus a 220-byte directory) must
 * never be 220 more than a multiple of 4096. */
#include <hb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "fonts.h"
#include "layout.h"
#include "pdf.h"
#include "util.h"

#define HARU_BUF 4096
#define HARU_DIR 220
#define WINDOW 8
#define MAX_GLYPHS 600

static char tmpdir[64];

/* The glyph ids the documents draw, in order: every 7th glyph of the
 * face, so that sizes vary. */
static uint32_t order[MAX_GLYPHS];

/* One test document: nbase distinct glyphs, then nextra more codes of
 * the first glyph, each glyph a box of its own with a character of text. */
typedef struct fdoc {
	layout_doc d;
	layout_page page;
	text_run *runs;
	text_glyph *glyphs;
	char *text;
} fdoc;

/* Builds the document of nbase glyphs plus nextra codes of order[0]. */
static void fdoc_make(fdoc *D, size_t nbase, size_t nextra)
{
	size_t n = nbase + nextra;

	memset(D, 0, sizeof *D);
	D->runs = xcalloc(n, sizeof *D->runs);
	D->glyphs = xcalloc(n, sizeof *D->glyphs);
	D->page.boxes = xcalloc(n, sizeof *D->page.boxes);
	D->text = xcalloc(3 * n + 1, 1);
	for (size_t i = 0; i < n; i++) {
		utf8_encode(0x4E00 + (uint32_t)i, D->text + 3 * i);
		D->glyphs[i] = (text_glyph){ i < nbase ? order[i] : order[0], 0, 0, 6, (uint32_t)(3 * i), 3 };
		D->runs[i] = (text_run){ .face = 0, .size = 10, .tag = -1, .width = 6, .start = 3 * i,
					 .end = 3 * i + 3, .glyphs = &D->glyphs[i], .nglyphs = 1 };
		layout_box *b = &D->page.boxes[i];
		b->kind = BOX_TEXT;
		b->x = 40 + (float)(i % 60) * 8;
		b->y = 40 + (float)(i / 60) * 14;
		b->w = 6;
		b->h = 12;
		b->run = &D->runs[i];
		b->text = D->text;
	}
	D->page.nboxes = n;
	D->d.page_w = 595;
	D->d.page_h = 842;
	D->d.pages = &D->page;
	D->d.npages = 1;
}

static void fdoc_free(fdoc *D)
{
	free(D->runs);
	free(D->glyphs);
	free(D->page.boxes);
	free(D->text);
}

/* The /Length1 of the PDF's one embedded font, -1 when there is none. */
static long length1(const buf *pdf)
{
	static const char key[] = "/Length1 ";
	const char *p = memmem(pdf->data, pdf->len, key, sizeof key - 1);

	return p ? strtol(p + sizeof key - 1, NULL, 10) : -1;
}

/* Renders nbase + nextra; the font's table bytes (Length1 less the
 * directory), or -1 with msg when the render failed. */
static long render(fonts *f, size_t nbase, size_t nextra, buf *out, char *msg, size_t msglen)
{
	fdoc D;

	fdoc_make(&D, nbase, nextra);
	out->len = 0;
	tp_result r = pdf_render(&D.d, f, out, msg, msglen);
	fdoc_free(&D);
	if (r != TP_OK)
		return -1;
	long l1 = length1(out);
	if (l1 < 0)
		snprintf(msg, msglen, "no /Length1 in the PDF");
	return l1 < 0 ? -1 : l1 - HARU_DIR;
}

/* qpdf --check on the PDF; 1 when clean. */
static int qpdf_clean(const buf *pdf)
{
	char path[128], cmd[256];

	snprintf(path, sizeof path, "%s/sweep.pdf", tmpdir);
	FILE *fp = fopen(path, "wb");
	if (!fp)
		return 0;
	int wrote = fwrite(pdf->data, 1, pdf->len, fp) == pdf->len;
	if (fclose(fp) != 0 || !wrote)
		return 0;
	snprintf(cmd, sizeof cmd, "qpdf --check %s >/dev/null 2>&1", path);
	int rc = system(cmd);
	unlink(path);
	return rc == 0;
}

/* The most glyphs whose font's tables stay at or under limit (binary
 * search: more glyphs, more bytes); 0 when a render failed. */
static size_t base_under(fonts *f, long limit, buf *out, char *msg, size_t msglen)
{
	size_t lo = 1, hi = MAX_GLYPHS;

	while (lo < hi) {
		size_t mid = (lo + hi + 1) / 2;
		long t = render(f, mid, 0, out, msg, msglen);
		if (t < 0)
			return 0;
		if (t <= limit)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

/* The sweep across 4096 k: every document renders and passes qpdf, no
 * font's tables total a multiple of 4096, every other even total of the
 * window is reached. */
static void sweep(fonts *f, int k)
{
	long target = (long)k * HARU_BUF;
	char name[96], msg[512] = "";
	int seen[2 * WINDOW + 1] = { 0 }, ok = 1, clean = 1, aligned = 0;
	buf out;

	buf_init(&out);
	size_t nbase = base_under(f, target - WINDOW - 2, &out, msg, sizeof msg);
	long t0 = nbase ? render(f, nbase, 0, &out, msg, sizeof msg) : -1;
	if (t0 < 0) {
		snprintf(name, sizeof name, "pdffont-sweep-%d-base", k);
		printf("FAIL %s: %s\n", name, msg);
		check_failed = 1;
		buf_free(&out);
		return;
	}
	size_t first = (size_t)(target - WINDOW - t0) / 2;
	for (size_t m = first; m <= first + WINDOW + 1; m++) {
		long t = render(f, nbase, m, &out, msg, sizeof msg);
		if (t < 0) {
			printf("FAIL pdffont-sweep-%d: %zu glyphs + %zu codes (tables near %ld bytes): %s\n", k,
			       nbase, m, t0 + 2 * (long)m, msg);
			check_failed = 1;
			ok = 0;
			continue;
		}
		aligned |= t % HARU_BUF == 0;
		if (t >= target - WINDOW && t <= target + WINDOW) {
			seen[t - target + WINDOW] = 1;
			clean &= qpdf_clean(&out);
		}
	}
	int covered = 1;
	for (int d = -WINDOW; d <= WINDOW; d += 2)
		covered &= d == 0 || seen[d + WINDOW];
	snprintf(name, sizeof name, "pdffont-sweep-%d-renders", k);
	CHECK(name, ok);
	snprintf(name, sizeof name, "pdffont-sweep-%d-qpdf-clean", k);
	CHECK(name, clean);
	snprintf(name, sizeof name, "pdffont-sweep-%d-never-aligned", k);
	CHECK(name, !aligned);
	snprintf(name, sizeof name, "pdffont-sweep-%d-covers-window", k);
	CHECK(name, covered);
	buf_free(&out);
}

/* Runs "cmd PDF tail" on the PDF, written to the temporary directory, its
 * output NUL-terminated into o; 0 or -1. */
static int run_on(const buf *pdf, const char *cmd, const char *tail, buf *o)
{
	char path[128], line[512], chunk[4096];

	snprintf(path, sizeof path, "%s/codes.pdf", tmpdir);
	FILE *fp = fopen(path, "wb");
	if (!fp)
		return -1;
	int wrote = fwrite(pdf->data, 1, pdf->len, fp) == pdf->len;
	if (fclose(fp) != 0 || !wrote)
		return -1;
	snprintf(line, sizeof line, "%s %s %s 2>/dev/null", cmd, path, tail);
	FILE *p = popen(line, "r");
	size_t n;
	if (!p)
		return -1;
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		buf_add(o, chunk, n);
	buf_addc(o, '\0');
	o->len--;
	int rc = pclose(p);
	unlink(path);
	return rc == 0 ? 0 : -1;
}

/* Whether the text poppler extracts, white space aside, is the n
 * characters U+4E00... the document drew, in order. */
static int text_whole(const buf *txt, size_t n)
{
	size_t k = 0, i = 0;

	while (i < txt->len) {
		size_t adv;
		uint32_t cp = utf8_decode(txt->data + i, txt->len - i, &adv);
		i += adv;
		if (cp == ' ' || cp == '\n' || cp == '\f')
			continue;
		if (cp != 0x4E00 + k++)
			return 0;
	}
	return k == n;
}

/* A font of 256 codes is drawn with one-byte codes (its embedded CMap:
 * pdffonts says Custom), one of 257 with two-byte Identity-H; in both
 * every code's text reads back in order and the document is clean. */
static void code_widths(fonts *f)
{
	static const size_t counts[] = { 256, 257 };
	static const char *const enc[] = { "Custom", "Identity-H" };
	char name[96], msg[512] = "";
	buf out, o;

	buf_init(&out);
	buf_init(&o);
	for (int k = 0; k < 2; k++) {
		long t = render(f, counts[k], 0, &out, msg, sizeof msg);
		snprintf(name, sizeof name, "pdffont-codes-%zu-renders", counts[k]);
		CHECK(name, t >= 0 && qpdf_clean(&out));
		o.len = 0;
		snprintf(name, sizeof name, "pdffont-codes-%zu-%s", counts[k], enc[k]);
		CHECK(name, run_on(&out, "pdffonts", "", &o) == 0 && strstr(o.data, enc[k]));
		o.len = 0;
		snprintf(name, sizeof name, "pdffont-codes-%zu-text", counts[k]);
		CHECK(name, run_on(&out, "pdftotext -enc UTF-8", "-", &o) == 0 && text_whole(&o, counts[k]));
	}
	buf_free(&o);
	buf_free(&out);
}

/* The glyph order: every 7th glyph of face 0, skipping .notdef. */
static int make_order(fonts *f)
{
	hb_font_t *hf = fonts_hb_font(f, 0);
	unsigned ng = hf ? hb_face_get_glyph_count(hb_font_get_face(hf)) : 0;

	if (ng < 2 * MAX_GLYPHS)
		return -1;
	for (size_t i = 0; i < MAX_GLYPHS; i++)
		order[i] = 1 + (uint32_t)((i * 7) % (ng - 1));
	return 0;
}

int main(void)
{
	char msg[256] = "";
	fonts *f = NULL;

	if (system("command -v qpdf >/dev/null 2>&1") != 0) {
		SKIP("pdffont", "qpdf missing");
		return 0;
	}
	if (fonts_new(fonts_default_dir(), &f, msg, sizeof msg) != TP_OK) {
		SKIP("pdffont", msg);
		return 0;
	}
	snprintf(tmpdir, sizeof tmpdir, "/tmp/test_pdffont.XXXXXX");
	if (!mkdtemp(tmpdir) || make_order(f) != 0) {
		CHECK("pdffont-setup", 0);
		fonts_free(f);
		return 1;
	}
	for (int k = 1; k <= 4; k++)
		sweep(f, k);
	code_widths(f);
	rmdir(tmpdir);
	fonts_free(f);
	CHECK_DONE();
}
