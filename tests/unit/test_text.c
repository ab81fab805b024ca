/* Unit tests of text: line filling, long tokens, bidi, CJK and Thai breaks,
 * emoji sequences, fallback coverage, glyph-to-text mapping. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fonts.h"
#include "text.h"
#include "util.h"

static fonts *F;
static text *T;

/* Prints a paragraph's lines and runs when TP_TEXT_DUMP is set. */
static void dump(const char *name, const text_para *p)
{
	if (!getenv("TP_TEXT_DUMP"))
		return;
	printf("# %s: rtl=%d lines=%zu\n", name, p->rtl, p->nlines);
	for (size_t l = 0; l < p->nlines; l++) {
		const text_line *ln = &p->lines[l];
		printf("#  line %zu [%zu,%zu) w=%.2f a=%.2f d=%.2f \"%.*s\"\n", l, ln->start, ln->end,
		       ln->width, ln->ascent, ln->descent, (int)(ln->end - ln->start),
		       p->text + ln->start);
		for (size_t r = 0; r < ln->nruns; r++) {
			const text_run *run = &ln->runs[r];
			printf("#    run face=%d (%s) rtl=%d color=%d x=%.2f w=%.2f [%zu,%zu) n=%zu:", run->face,
			       fonts_face_get(F, run->face)->name, run->rtl, run->color, run->x,
			       run->width, run->start, run->end, run->nglyphs);
			for (size_t g = 0; g < run->nglyphs; g++)
				printf(" %u@%u+%u", run->glyphs[g].gid, run->glyphs[g].tstart,
				       run->glyphs[g].tlen);
			printf("\n");
		}
	}
}

/* Orders glyphs by the text they stand for. */
static int by_tstart(const void *a, const void *b)
{
	const text_glyph *x = *(const text_glyph *const *)a, *y = *(const text_glyph *const *)b;
	return x->tstart < y->tstart ? -1 : x->tstart > y->tstart;
}

/* The texts of a line's glyphs concatenated in logical order. */
static char *line_glyph_text(const text_para *p, const text_line *ln)
{
	size_t n = 0;
	for (size_t r = 0; r < ln->nruns; r++)
		n += ln->runs[r].nglyphs;
	const text_glyph **v = xmalloc((n + 1) * sizeof *v);
	size_t k = 0;
	for (size_t r = 0; r < ln->nruns; r++)
		for (size_t g = 0; g < ln->runs[r].nglyphs; g++)
			if (ln->runs[r].glyphs[g].tlen)
				v[k++] = &ln->runs[r].glyphs[g];
	qsort(v, k, sizeof *v, by_tstart);
	buf b;
	buf_init(&b);
	buf_adds(&b, "");
	for (size_t i = 0; i < k; i++)
		buf_add(&b, p->text + v[i]->tstart, v[i]->tlen);
	free(v);
	return buf_steal(&b, NULL);
}

/* Whether every line's glyph texts give back exactly the line's text. */
static int texts_round_trip(const text_para *p)
{
	for (size_t l = 0; l < p->nlines; l++) {
		char *got = line_glyph_text(p, &p->lines[l]);
		const text_line *ln = &p->lines[l];
		int ok = strlen(got) == ln->end - ln->start &&
			 memcmp(got, p->text + ln->start, ln->end - ln->start) == 0;
		if (!ok)
			printf("# line %zu: glyph text \"%s\" vs \"%.*s\"\n", l, got,
			       (int)(ln->end - ln->start), p->text + ln->start);
		free(got);
		if (!ok)
			return 0;
	}
	return 1;
}

/* Whether every line fits the width. */
static int lines_fit(const text_para *p, float width)
{
	for (size_t l = 0; l < p->nlines; l++)
		if (p->lines[l].width > width + 0.01f)
			return 0;
	return 1;
}

/* Whether the lines, with the spaces between them, cover the whole text. */
static int lines_cover(const text_para *p)
{
	size_t at = 0;
	for (size_t l = 0; l < p->nlines; l++) {
		while (at < p->lines[l].start && p->text[at] == ' ')
			at++;
		if (p->lines[l].start != at)
			return 0;
		at = p->lines[l].end;
	}
	while (at < p->len && p->text[at] == ' ')
		at++;
	return at == p->len;
}

/* Number of glyphs with id 0 (.notdef). */
static size_t count_notdef(const text_para *p)
{
	size_t n = 0;
	for (size_t l = 0; l < p->nlines; l++)
		for (size_t r = 0; r < p->lines[l].nruns; r++)
			for (size_t g = 0; g < p->lines[l].runs[r].nglyphs; g++)
				n += p->lines[l].runs[r].glyphs[g].gid == 0;
	return n;
}

/* The run of the line holding byte offset off, or NULL. */
static const text_run *run_at(const text_line *ln, size_t off)
{
	for (size_t r = 0; r < ln->nruns; r++)
		if (ln->runs[r].start <= off && off < ln->runs[r].end)
			return &ln->runs[r];
	return NULL;
}

/* Whether some font on the machine has every code point of cps; prints a
 * SKIP for test `name` naming the first one missing otherwise. */
static int need(const char *name, const uint32_t *cps, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (fonts_face_for(F, cps[i], FONT_REGULAR) < 0) {
			char why[160];
			snprintf(why, sizeof why, "no font on this machine has U+%04X (install "
				 "fonts-noto-core, fonts-wqy-microhei)", (unsigned)cps[i]);
			SKIP(name, why);
			return 0;
		}
	return 1;
}

/* Code points of the scripts the tests below use, one per script. */
static const uint32_t ARABIC[] = { 0x0627 }, HEBREW[] = { 0x05D0 }, CJK[] = { 0x65E5, 0x3002, 0x3042 },
		      THAI[] = { 0x0E01 }, MATH[] = { 0x1D5EF, 0x1D538, 0x1D456 },
		      WORLD[] = { 0x65E5, 0x3042, 0xD55C, 0x0627, 0x05D0, 0x0939, 0x0E01 };
#define NEED(name, v) need((name), (v), sizeof(v) / sizeof *(v))

/* Typesets s with no attributes. */
static text_para *set(const char *s, float size, float width)
{
	return text_typeset(T, s, strlen(s), NULL, 0, size, width);
}

/* A Latin paragraph: greedy fill within the width, glyph texts, line metrics. */
static void test_latin(void)
{
	const char *s = "The quick brown fox jumps over the lazy dog, and then it keeps on "
			"running through the quiet village until the evening bells ring out "
			"across the fields. Typography matters: ﬁne kerning, AV, To, and "
			"ligatures like fi and fl should survive shaping intact.";
	text_para *p = set(s, 11, 200);
	dump("latin", p);
	CHECK("text latin several lines", p->nlines >= 4);
	CHECK("text latin lines fit", lines_fit(p, 200));
	CHECK("text latin glyph texts", texts_round_trip(p));
	CHECK("text latin lines cover text", lines_cover(p));
	CHECK("text latin ltr", p->rtl == 0);
	CHECK("text latin no notdef", count_notdef(p) == 0);
	int metrics = 1;
	for (size_t l = 0; l < p->nlines; l++)
		metrics &= p->lines[l].ascent > 8 && p->lines[l].descent < -1 &&
			   p->lines[l].ascent == p->lines[0].ascent;
	CHECK("text latin line metrics", metrics);
	/* A greedy fill: the next line's first word would not have fitted. */
	int greedy = 1;
	for (size_t l = 0; l + 1 < p->nlines; l++) {
		text_para *q = text_typeset(T, p->text + p->lines[l].start,
					    p->lines[l + 1].end - p->lines[l].start, NULL, 0, 11, 200);
		greedy &= q->nlines == 1 ? 0 : 1;
		text_para_free(q);
	}
	CHECK("text latin greedy", greedy);
	text_para_free(p);
}

/* Styled ranges pick the bold and italic faces and carry their tags to the runs. */
static void test_attrs(void)
{
	const char *s = "The quick brown fox jumps over the lazy dog.";
	text_attr a[2] = { { 4, 9, TEXT_BOLD, 7 }, { 10, 15, TEXT_ITALIC, -1 } };
	text_para *p = text_typeset(T, s, strlen(s), a, 2, 11, 400);
	const text_run *bold = run_at(&p->lines[0], 5), *ital = run_at(&p->lines[0], 11),
		       *plain = run_at(&p->lines[0], 1);
	CHECK("text attrs bold face", bold && bold->face == FONT_BOLD && bold->tag == 7 &&
					      (bold->style & TEXT_BOLD));
	CHECK("text attrs italic face", ital && ital->face == FONT_ITALIC && ital->tag == -1);
	CHECK("text attrs plain face", plain && plain->face == FONT_REGULAR && plain->tag == -1);
	CHECK("text attrs glyph texts", texts_round_trip(p));
	text_para_free(p);
}

/* Edge cases: empty, only spaces, a tab, and a '\n' that forces a line break. */
static void test_edges(void)
{
	text_para *p = set("", 11, 100);
	CHECK("text empty paragraph", p->nlines == 0 && p->len == 0);
	text_para_free(p);
	p = set("   ", 11, 100);
	CHECK("text spaces only", p->nlines == 1 && p->lines[0].nruns == 0 &&
					  p->lines[0].width == 0);
	text_para_free(p);
	p = set("tab\there", 11, 500);
	CHECK("text tab drawn as space", p->nlines == 1 && count_notdef(p) == 0 &&
						 texts_round_trip(p));
	text_para_free(p);
	p = set("one\ntwo three", 11, 500);
	CHECK("text mandatory break", p->nlines == 2 && texts_round_trip(p) && p->lines[0].end == 3 &&
					      p->lines[1].start == 4 && p->lines[1].end == p->len);
	text_para_free(p);
}

/* The runs of a line come in logical order (their text ranges ascend)
 * and, taken left to right, abut from 0 to the line's width. */
static int runs_ok(const text_line *ln, int *logical)
{
	float x = 0;
	size_t done = 0, wide = 0;

	*logical = 1;
	for (size_t r = 0; r < ln->nruns; r++) {
		wide += ln->runs[r].width > 0;
		*logical &= r == 0 || ln->runs[r].start >= ln->runs[r - 1].end;
	}
	while (done < wide) {
		size_t k = 0;
		while (k < ln->nruns && !(ln->runs[k].x > x - 0.01f && ln->runs[k].x < x + 0.01f &&
					  ln->runs[k].width > 0))
			k++;
		if (k == ln->nruns)
			return 0;
		x += ln->runs[k].width;
		done++;
	}
	return x > ln->width - 0.01f && x < ln->width + 0.01f;
}

/* A long URL breaks inside to fit; a width below one letter still makes progress. */
static void test_url(void)
{
	const char *s = "see https://example.com/a/very/long/path/that/goes/on/and/on?"
			"query=abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz "
			"ok";
	text_para *p = set(s, 11, 120);
	dump("url", p);
	CHECK("text url lines fit", lines_fit(p, 120));
	CHECK("text url glyph texts", texts_round_trip(p));
	CHECK("text url split", p->nlines >= 4);
	size_t at = 0;
	for (size_t l = 0; l < p->nlines; l++)
		at = p->lines[l].end;
	CHECK("text url all text placed", at == strlen(s));
	text_para_free(p);
	p = set("abcdefghij", 11, 0.5f);
	CHECK("text width below one letter still progresses", p->nlines == 10);
	text_para_free(p);
}

/* Checks an RTL paragraph: base direction, runs right to left, digits
 * left to right. */
static void check_rtl(const char *name, const char *s, const char *first_word,
		      const char *last_word)
{
	char label[128];
	text_para *p = set(s, 11, 1000);
	dump(name, p);
	snprintf(label, sizeof label, "text %s rtl paragraph", name);
	CHECK(label, p->rtl == 1 && p->nlines == 1);
	const text_line *ln = &p->lines[0];
	size_t fo = (size_t)(strstr(s, first_word) - s), lo = (size_t)(strstr(s, last_word) - s),
	       dig = (size_t)(strstr(s, "2024") - s);
	const text_run *a = run_at(ln, fo), *b = run_at(ln, lo), *d = run_at(ln, dig);
	snprintf(label, sizeof label, "text %s first word rightmost", name);
	CHECK(label, a && b && a->rtl && b->rtl && a->x > b->x);
	int order = d && !d->rtl;
	float prevx = -1;
	for (size_t g = 0; d && g < d->nglyphs; g++) {
		const text_glyph *gl = &d->glyphs[g];
		if (gl->tstart >= dig && gl->tstart < dig + 4) {
			order &= gl->x > prevx && (g == 0 || gl->tstart > d->glyphs[g - 1].tstart ||
						   d->glyphs[g - 1].tstart < dig);
			prevx = gl->x;
		}
	}
	snprintf(label, sizeof label, "text %s digits in order", name);
	CHECK(label, order);
	int desc = 1;
	for (size_t g = 1; a && g < a->nglyphs; g++)
		if (a->glyphs[g].tlen && a->glyphs[g - 1].tlen)
			desc &= a->glyphs[g].tstart < a->glyphs[g - 1].tstart;
	snprintf(label, sizeof label, "text %s rtl glyphs right to left", name);
	CHECK(label, desc);
	snprintf(label, sizeof label, "text %s glyph texts", name);
	CHECK(label, texts_round_trip(p));
	snprintf(label, sizeof label, "text %s no notdef", name);
	CHECK(label, count_notdef(p) == 0);
	int logical;
	snprintf(label, sizeof label, "text %s runs laid left to right", name);
	CHECK(label, runs_ok(ln, &logical));
	snprintf(label, sizeof label, "text %s runs in logical order", name);
	CHECK(label, logical);
	text_para_free(p);
	p = set(s, 11, 60);
	snprintf(label, sizeof label, "text %s wrapped", name);
	CHECK(label, p->nlines >= 2 && lines_fit(p, 60) && texts_round_trip(p) && lines_cover(p));
	text_para_free(p);
}

/* Arabic and Hebrew paragraphs, RTL with emoji, and an LTR paragraph with an Arabic word. */
static void test_bidi(void)
{
	text_para *p;
	if (!NEED("text arabic", ARABIC) || !NEED("text hebrew", HEBREW))
		return;
	check_rtl("arabic", "مرحبا بالعالم في عام 2024 مع Linux والسلام", "مرحبا", "والسلام");
	check_rtl("hebrew", "שלום עולם בשנת 2024 עם Linux להתראות", "שלום", "להתראות");
	p = set("مرحبا 👍🏽 عالم (نص) 🇩🇪", 11, 1000);
	const text_run *em = run_at(&p->lines[0], 11), *first = run_at(&p->lines[0], 0);
	CHECK("text rtl with emoji", p->rtl && em && em->color && em->nglyphs == 1 && first &&
					     first->x > em->x && texts_round_trip(p) &&
					     count_notdef(p) == 0);
	text_para_free(p);
	const char *s = "Hello مرحبا world";
	p = set(s, 11, 1000);
	const text_run *h = run_at(&p->lines[0], 0), *a = run_at(&p->lines[0], 6),
		       *w = run_at(&p->lines[0], strlen(s) - 1);
	CHECK("text ltr paragraph with arabic", p->rtl == 0 && h && a && w && !h->rtl && a->rtl &&
							!w->rtl && h->x < a->x && a->x < w->x);
	text_para_free(p);
}

/* Whether s (UTF-8) starts with one of the given strings. */
static int starts_with_any(const char *s, size_t n, const char *const *v)
{
	for (; *v; v++)
		if (n >= strlen(*v) && memcmp(s, *v, strlen(*v)) == 0)
			return 1;
	return 0;
}

/* Chinese and Japanese break between ideographs, never before closing punctuation. */
static void test_cjk(void)
{
	if (!NEED("text cjk", CJK))
		return;
	static const char *const closers[] = { "。", "、", "」", "？", "，", "！", NULL };
	const char *s = "我们今天去公园散步。天气很好，阳光明媚、「真的吗？」他问道。"
			"日本語の文章も正しく改行されるべきです。";
	int ok = 1, ideo = 0;
	for (float w = 40; w <= 200; w += 7) {
		text_para *p = set(s, 11, w);
		if (w == 40)
			dump("cjk", p);
		ok &= lines_fit(p, w) && texts_round_trip(p) && lines_cover(p) && p->nlines >= 2;
		for (size_t l = 1; l < p->nlines; l++) {
			ok &= !starts_with_any(p->text + p->lines[l].start,
					       p->len - p->lines[l].start, closers);
			ideo |= !starts_with_any(p->text + p->lines[l - 1].end - 3, 3, closers);
		}
		text_para_free(p);
	}
	CHECK("text cjk fits and round-trips", ok);
	CHECK("text cjk breaks between ideographs", ideo);
	text_para *p = set(s, 11, 100);
	CHECK("text cjk no notdef", count_notdef(p) == 0);
	text_para_free(p);
}

/* Thai, written without spaces, breaks between words (ICU dictionary). */
static void test_thai(void)
{
	/* สวัสดี|ครับ|วันนี้|อากาศ|ดี|มาก */
	if (!NEED("text thai", THAI))
		return;
	const char *s = "สวัสดีครับวันนี้อากาศดีมาก";
	static const char *const words[] = { "สวัสดี", "ครับ", "วันนี้", "อากาศ", "ดี", "มาก" };
	size_t bounds[7], nb = 0, at = 0;
	for (size_t i = 0; i < 6; i++)
		bounds[nb++] = at += strlen(words[i]);
	text_para *p = set(s, 11, 45);
	dump("thai", p);
	int ok = p->nlines >= 2 && lines_fit(p, 45) && texts_round_trip(p);
	for (size_t l = 0; l + 1 < p->nlines; l++) {
		int word = 0;
		for (size_t i = 0; i < nb; i++)
			word |= bounds[i] == p->lines[l].end;
		ok &= word;
	}
	CHECK("text thai breaks between words", ok);
	CHECK("text thai no notdef", count_notdef(p) == 0);
	text_para_free(p);
}

/* One emoji sequence seq (face e) makes one colour glyph standing for the
 * whole sequence, and a row of them breaks only between sequences. */
static void check_emoji_seq(int e, const char *seq)
{
	char s[64], label[96];
	size_t n = 0, ok = 0;
	buf b;

	snprintf(s, sizeof s, "a %s b", seq);
	text_para *p = set(s, 11, 1000);
	for (size_t r = 0; r < p->lines[0].nruns; r++) {
		const text_run *run = &p->lines[0].runs[r];
		if (!run->color)
			continue;
		n += run->nglyphs;
		ok = run->face == e && run->nglyphs == 1 && run->glyphs[0].gid != 0 &&
		     run->glyphs[0].tstart == 2 && run->glyphs[0].tlen == strlen(seq);
	}
	snprintf(label, sizeof label, "text emoji %s one colour glyph", seq);
	CHECK(label, n == 1 && ok);
	text_para_free(p);
	buf_init(&b);
	for (int k = 0; k < 8; k++)
		buf_adds(&b, seq);
	p = set(b.data, 11, 30);
	int whole = p->nlines >= 2 && texts_round_trip(p);
	for (size_t l = 0; l < p->nlines; l++)
		whole &= p->lines[l].start % strlen(seq) == 0 && p->lines[l].end % strlen(seq) == 0;
	snprintf(label, sizeof label, "text emoji %s never split", seq);
	CHECK(label, whole);
	text_para_free(p);
	buf_free(&b);
}

/* Whether no run of the paragraph's first line uses a colour face. */
static int no_colour(const text_para *p)
{
	int mono = 1;

	for (size_t r = 0; r < p->lines[0].nruns; r++)
		mono &= !p->lines[0].runs[r].color;
	return mono;
}

/* Emoji sequences as single colour glyphs; text-presentation symbols stay
 * text; without colour emoji, symbols fall back to monochrome faces. */
static void test_emoji(void)
{
	static const char *const seqs[] = { "👨‍👩‍👧", "👍🏽", "🇩🇪", "1️⃣", "☕️", "🍅" };
	static const uint32_t MONO[] = { 0x2615, 0x2702, 0x2605 };
	int e = fonts_emoji_face(F);
	if (e < 0) {
		SKIP("text emoji", "no colour emoji font (fonts-noto-color-emoji)");
		return;
	}
	for (size_t i = 0; i < sizeof seqs / sizeof *seqs; i++)
		check_emoji_seq(e, seqs[i]);
	text_para *p = set("© 2024 ™ plain", 11, 1000);
	CHECK("text emoji text-presentation symbols stay text", no_colour(p));
	text_para_free(p);

	fonts_set_color_emoji(F, 0);
	if (NEED("text emoji monochrome fallback", MONO)) {
		p = set("a ☕ ✂ ★ b", 11, 1000);
		CHECK("text emoji monochrome fallback", count_notdef(p) == 0 && no_colour(p));
		text_para_free(p);
	}
	fonts_set_color_emoji(F, 1);
}

/* Fallback faces cover math letters and many scripts, bold included; uncovered
 * code points are reported; invalid UTF-8 survives. */
static void test_coverage(void)
{
	if (!NEED("text math letters", MATH) || !NEED("text multilingual", WORLD))
		return;
	text_para *p = set("𝗯𝗼𝗹𝗱 𝔸𝕓𝕔 and 𝑖𝑡𝑎𝑙𝑖𝑐", 11, 1000);
	dump("math", p);
	CHECK("text math letters have glyphs", count_notdef(p) == 0 && texts_round_trip(p));
	text_para_free(p);
	const char *multi = "日本語のテキスト 中文文本 한국어 텍스트 النص العربي טקסט עברי "
			    "हिन्दी पाठ ข้อความภาษาไทย Русский текст Ελληνικό κείμενο";
	p = set(multi, 11, 150);
	dump("multi", p);
	CHECK("text multilingual no notdef", count_notdef(p) == 0);
	CHECK("text multilingual glyph texts", texts_round_trip(p));
	CHECK("text multilingual fits", lines_fit(p, 150));
	text_para_free(p);
	char *m = text_missing(T);
	CHECK("text nothing missing", m == NULL);
	if (m)
		printf("# missing: %s\n", m);
	free(m);
	text_attr bold = { 0, strlen(multi), TEXT_BOLD, 3 };
	p = text_typeset(T, multi, strlen(multi), &bold, 1, 11, 150);
	dump("multi bold", p);
	int allbold = count_notdef(p) == 0 && texts_round_trip(p);
	for (size_t l = 0; l < p->nlines; l++)
		for (size_t r = 0; r < p->lines[l].nruns; r++)
			allbold &= p->lines[l].runs[r].style == TEXT_BOLD && p->lines[l].runs[r].tag == 3;
	CHECK("text multilingual bold", allbold);
	text_para_free(p);
	p = set("x \xF3\xB0\x80\x80 y", 11, 1000); /* U+F0000, private use */
	m = text_missing(T);
	CHECK("text missing reported", m && strcmp(m, "\xF3\xB0\x80\x80") == 0);
	free(m);
	text_para_free(p);
	p = set("bad \xFF\xFE utf8", 11, 1000);
	CHECK("text invalid utf8 survives", p->nlines == 1);
	text_para_free(p);
}

/* Random paragraphs of mixed scripts, emoji and punctuation at random
 * widths: every line fits, glyph texts round-trip, lines cover the text. */
static void test_random(void)
{
	if (!NEED("text random", WORLD) || !NEED("text random", MATH))
		return;
	static const char *const words[] = {
		"AV", "To", "Y.", "f)", "office", "Wolf", "naïve", "https://x.com/a_b/status/123",
		"—", "…", "“quoted”", "мир", "κόσμος", "日本", "語。", "中文", "한국어", "مرحبا",
		"שלום", "123", "हिन्दी", "ภาษาไทย", "👍🏽", "🇩🇪", "👨‍👩‍👧", "1️⃣", "☕️", "#tag",
		"@user", "(x)", "[ok]", "𝗯𝗼𝗹𝗱", "e\xCC\x81", "ﬁ", "TAVERN", "Lorem", "ipsum",
	};
	unsigned seed = 12345;
	int fit = 1, trip = 1, cover = 1, notdef = 0;
	for (int k = 0; k < 300; k++) {
		buf b;
		buf_init(&b);
		int nw = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 25;
		for (int i = 0; i < nw; i++) {
			seed = seed * 1103515245u + 12345u;
			buf_adds(&b, words[(seed >> 16) % (sizeof words / sizeof *words)]);
			seed = seed * 1103515245u + 12345u;
			if ((seed >> 16) % 5)
				buf_addc(&b, ' ');
		}
		seed = seed * 1103515245u + 12345u;
		float w = 30.0f + (float)((seed >> 16) % 300);
		text_para *p = set(b.data, 11, w);
		if (!lines_fit(p, w)) {
			fit = 0;
			dump("random misfit", p);
		}
		trip &= texts_round_trip(p);
		cover &= lines_cover(p);
		notdef += (int)count_notdef(p);
		text_para_free(p);
		buf_free(&b);
	}
	CHECK("text random lines fit", fit);
	CHECK("text random glyph texts", trip);
	CHECK("text random lines cover", cover);
	CHECK("text random no notdef", notdef == 0);
}

/* Glyphs of all lines, plus one per line break at a space (the space
 * hangs, its glyph is in no line). */
static size_t glyphs_and_breaks(const text_para *p)
{
	size_t n = 0;
	for (size_t l = 0; l < p->nlines; l++) {
		for (size_t r = 0; r < p->lines[l].nruns; r++)
			n += p->lines[l].runs[r].nglyphs;
		n += l + 1 < p->nlines && p->text[p->lines[l].end] == ' ';
	}
	return n;
}

/* Long paragraphs whose one item spans hundreds of lines (left to right,
 * right to left, a word with no break at all): every line's glyphs are its
 * own text, the lines fit and cover the paragraph, and no glyph is lost or
 * doubled at the cuts (as many as in the paragraph set on one line). */
static void test_long(void)
{
	static const struct {
		const char *name, *unit;
		int reps;
	} cases[] = {
		{"text long latin", "Lorem ipsum dolor sit amet, ", 2000},
		{"text long word", "abcdeghij", 3000},
		{"text long arabic", "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7 ", 3000},
		{"text long hebrew", "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D ", 3000},
	};
	if (!NEED("text long", ARABIC) || !NEED("text long", HEBREW))
		return;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		buf b;
		char name[96];
		buf_init(&b);
		for (int k = 0; k < cases[i].reps; k++)
			buf_adds(&b, cases[i].unit);
		text_para *p = set(b.data, 11, 120), *one = set(b.data, 11, 1e9f);
		snprintf(name, sizeof name, "%s: lines fit, cover, glyph texts", cases[i].name);
		CHECK(name, p->nlines > 100 && lines_fit(p, 120) && lines_cover(p) && texts_round_trip(p));
		snprintf(name, sizeof name, "%s: every glyph once", cases[i].name);
		CHECK(name, one->nlines == 1 && glyphs_and_breaks(p) == glyphs_and_breaks(one));
		text_para_free(p);
		text_para_free(one);
		buf_free(&b);
	}
}

/* Whether two paragraphs have the same lines, runs and glyphs. */
static int same_para(const text_para *a, const text_para *b)
{
	if (a->nlines != b->nlines || a->rtl != b->rtl)
		return 0;
	for (size_t l = 0; l < a->nlines; l++) {
		const text_line *x = &a->lines[l], *y = &b->lines[l];
		if (x->nruns != y->nruns || x->width != y->width || x->start != y->start)
			return 0;
		for (size_t r = 0; r < x->nruns; r++) {
			const text_run *u = &x->runs[r], *v = &y->runs[r];
			if (u->face != v->face || u->x != v->x || u->nglyphs != v->nglyphs ||
			    (u->nglyphs && memcmp(u->glyphs, v->glyphs, u->nglyphs * sizeof *u->glyphs)))
				return 0;
		}
	}
	return 1;
}

/* The word cache: repeated words, warm or cold engine, and after the cache
 * was cleared when full, set the same as in a fresh engine. */
static void test_word_cache(void)
{
	static const char *const words[] = {"AV ", "To ", "office ", "Wolf ", "مرحبا ", "שלום ",
					    "naïve ", "👍🏽 ", "Lorem", "ipsum ", "e\xCC\x81 ", "f) "};
	unsigned seed = 777;
	int same = 1;
	for (int k = 0; k < 5000; k++) {
		char w[32];
		snprintf(w, sizeof w, "w%d x%d", k, k % 7);
		text_para_free(set(w, 11, 300));
	}
	for (int k = 0; k < 60 && same; k++) {
		buf b;
		buf_init(&b);
		for (int i = 0; i < 30; i++) {
			seed = seed * 1103515245u + 12345u;
			buf_adds(&b, words[(seed >> 16) % (sizeof words / sizeof *words)]);
		}
		text *fresh = text_new(F);
		text_para *p = set(b.data, 11, 150), *q = text_typeset(fresh, b.data, b.len, NULL, 0, 11, 150);
		same = same_para(p, q);
		if (!same)
			dump("word cache warm", p), dump("word cache cold", q);
		text_para_free(p);
		text_para_free(q);
		text_free(fresh);
		buf_free(&b);
	}
	CHECK("text word cache same as fresh", same);
}

/* Runs every test with the bundled fonts. */
int main(void)
{
	char msg[512];
	if (fonts_new(fonts_default_dir(), &F, msg, sizeof msg) != TP_OK) {
		printf("FAIL text fonts: %s\n", msg);
		return 1;
	}
	T = text_new(F);
	test_latin();
	test_attrs();
	test_edges();
	test_url();
	test_bidi();
	test_cjk();
	test_thai();
	test_emoji();
	test_coverage();
	test_random();
	test_long();
	test_word_cache();
	text_free(T);
	fonts_free(F);
	CHECK_DONE();
}
