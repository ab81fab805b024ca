/* Unit tests of fonts: loading, refusing missing and CFF fonts, the default
 * directory, fallback faces and colour emoji bitmaps. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hb.h>

#include "check.h"
#include "fonts.h"
#include "util.h"

static const char *const body[4] = { "NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf",
				     "NotoSerif-Italic.ttf", "NotoSerif-BoldItalic.ttf" };

/* Writes a minimal OpenType-CFF ('OTTO') file with only a 'CFF ' table. */
static int write_cff(const char *path)
{
	static const unsigned char otf[] = {
		'O', 'T', 'T', 'O', 0, 1, 0, 16, 0, 0, 0, 0,     /* 1 table */
		'C', 'F', 'F', ' ', 0, 0, 0, 0, 0, 0, 0, 28, 0, 0, 0, 4, /* at 28, 4 bytes */
		1, 0, 4, 1,
	};
	FILE *fp = fopen(path, "wb");
	if (!fp)
		return -1;
	fwrite(otf, 1, sizeof otf, fp);
	return fclose(fp);
}

/* A temporary fonts dir holding the bundled faces, one of them replaced. */
static char *make_dir(const char *src, int replace, int cff)
{
	char tmpl[] = "/tmp/tp-fonts-XXXXXX";
	char *dir = mkdtemp(tmpl);
	if (!dir)
		return NULL;
	dir = xstrdup(dir);
	for (int i = 0; i < 4; i++) {
		char *to = util_path_join(dir, body[i]);
		if (i == replace) {
			if (cff)
				write_cff(to);
		} else {
			char *from = util_path_join(src, body[i]);
			if (symlink(from, to) != 0)
				perror("symlink");
			free(from);
		}
		free(to);
	}
	return dir;
}

/* Removes the temporary dir made by make_dir. */
static void remove_dir(char *dir)
{
	for (int i = 0; i < 4; i++) {
		char *p = util_path_join(dir, body[i]);
		unlink(p);
		free(p);
	}
	rmdir(dir);
	free(dir);
}

static void test_load(const char *dir)
{
	fonts *f = NULL;
	char msg[512] = "";
	tp_result r = fonts_new(dir, &f, msg, sizeof msg);
	CHECK("fonts bundled load", r == TP_OK && f && fonts_count(f) == 4);
	if (!f)
		return;
	int ok = 1;
	for (int i = 0; i < 4; i++) {
		const fonts_face *fc = fonts_face_get(f, i);
		ok &= fc && !fc->color && fc->upem > 0 && fc->ascender > 0.5f &&
		      fc->descender < 0 && strstr(fc->path, body[i]) != NULL;
	}
	CHECK("fonts bundled faces", ok);
	CHECK_STR("fonts bold name", fonts_face_get(f, FONT_BOLD)->name, "NotoSerif-Bold");
	CHECK("fonts out of range face", fonts_face_get(f, 99) == NULL && fonts_face_get(f, -1) == NULL);
	CHECK("fonts latin in body", fonts_face_for(f, 'a', FONT_ITALIC) == FONT_ITALIC &&
					      fonts_face_for(f, 0x416, FONT_REGULAR) == FONT_REGULAR);
	CHECK("fonts handles", fonts_hb_font(f, 0) != NULL && fonts_ft_face(f, 0) != NULL &&
				       fonts_hb_font(f, 42) == NULL);

	static const struct { uint32_t cp; const char *what; } need[] = {
		{ 0x65E5, "Han" }, { 0x3042, "Hiragana" }, { 0xD55C, "Hangul" },
		{ 0x0627, "Arabic" }, { 0x05E9, "Hebrew" }, { 0x0939, "Devanagari" },
		{ 0x0E01, "Thai" }, { 0x1D5EF, "math bold" }, { 0x2605, "star" },
	};
	for (size_t i = 0; i < sizeof need / sizeof *need; i++) {
		char label[96];
		int fi = fonts_face_for(f, need[i].cp, FONT_REGULAR);
		snprintf(label, sizeof label, "fonts fallback %s", need[i].what);
		if (fi < 0) {
			SKIP(label, "no font on this machine has it (install fonts-noto-core, "
				    "fonts-wqy-microhei)");
			continue;
		}
		const fonts_face *fc = fonts_face_get(f, fi);
		CHECK(label, fi >= 4 && !fc->color && fonts_has_glyph(f, fi, need[i].cp));
	}
	int a = fonts_face_for(f, 0x0627, FONT_REGULAR);
	CHECK("fonts fallback cached", a == fonts_face_for(f, 0x0627, FONT_REGULAR) &&
					      (a < 0 || fonts_face_for(f, 0x0628, FONT_REGULAR) == a));
	CHECK("fonts unknown code point", fonts_face_for(f, 0x10FFFD, FONT_REGULAR) == -1);

	int e = fonts_emoji_face(f);
	if (e < 0) {
		SKIP("fonts colour emoji", "no colour emoji font (fonts-noto-color-emoji)");
	} else {
		const fonts_face *fc = fonts_face_get(f, e);
		CHECK("fonts emoji face is colour", fc->color);
		CHECK("fonts emoji default to colour face", fonts_face_for(f, 0x1F345, FONT_BOLD) == e);
		hb_codepoint_t gid = 0;
		hb_font_get_nominal_glyph(fonts_hb_font(f, e), 0x1F345, &gid);
		unsigned char *rgba = NULL;
		int w = 0, h = 0;
		float l = 0, t = 0, ew = 0, eh = 0;
		int rc = fonts_color_glyph(f, e, gid, &rgba, &w, &h, &l, &t, &ew, &eh);
		int opaque = 0, coloured = 0;
		for (int k = 0; rgba && k < w * h; k++) {
			opaque += rgba[4 * k + 3] == 255;
			coloured += rgba[4 * k + 3] && rgba[4 * k] > 150 && rgba[4 * k + 1] < 100;
		}
		CHECK("fonts colour glyph tomato", rc == 0 && w > 50 && h > 50 && opaque > w * h / 4);
		CHECK("fonts colour glyph is red", coloured > w * h / 8);
		CHECK("fonts colour glyph em metrics", ew > 0.8f && ew < 1.5f && eh > 0.8f &&
							       eh < 1.5f && t > 0.5f && t < 1.2f);
		free(rgba);
		rgba = NULL;
		CHECK("fonts colour glyph on outline face fails",
		      fonts_color_glyph(f, 0, 5, &rgba, &w, &h, &l, &t, &ew, &eh) == -1 && !rgba);
		fonts_set_color_emoji(f, 0);
		int m = fonts_face_for(f, 0x2615, FONT_REGULAR);
		CHECK("fonts emoji off gives outline face", m != e && (m < 0 || !fonts_face_get(f, m)->color));
		fonts_set_color_emoji(f, 1);
	}
	fonts_free(f);
}

static void test_errors(const char *dir)
{
	fonts *f = (fonts *)1;
	char msg[512] = "";
	tp_result r = fonts_new("/nonexistent/fonts", &f, msg, sizeof msg);
	CHECK("fonts missing dir", r == TP_ERR_FONT && f == NULL &&
					   strstr(msg, "/nonexistent/fonts/NotoSerif-Regular.ttf"));

	char *d = make_dir(dir, 2, 0);
	msg[0] = 0;
	r = fonts_new(d, &f, msg, sizeof msg);
	CHECK("fonts one face missing", r == TP_ERR_FONT && strstr(msg, "NotoSerif-Italic.ttf"));
	remove_dir(d);

	d = make_dir(dir, 1, 1);
	msg[0] = 0;
	r = fonts_new(d, &f, msg, sizeof msg);
	char *want = util_path_join(d, "NotoSerif-Bold.ttf");
	CHECK("fonts cff refused", r == TP_ERR_FONT && strstr(msg, want) && strstr(msg, "CFF"));
	if (r != TP_ERR_FONT || !strstr(msg, want))
		printf("# message: %s\n", msg);
	free(want);
	remove_dir(d);

	fonts_free(NULL); /* must not crash; the run itself is the check */
}

static void test_default_dir(void)
{
	char *old = getenv("THREADPDF_FONTS") ? xstrdup(getenv("THREADPDF_FONTS")) : NULL;
	setenv("THREADPDF_FONTS", "/opt/x", 1);
	CHECK_STR("fonts dir from env", fonts_default_dir(), "/opt/x");
	unsetenv("THREADPDF_FONTS");
	CHECK_STR("fonts dir compiled in", fonts_default_dir(), FONTDIR);
	if (old)
		setenv("THREADPDF_FONTS", old, 1);
	free(old);
}

int main(void)
{
	const char *dir = fonts_default_dir();
	test_default_dir();
	test_load(dir);
	test_errors(dir);
	CHECK_DONE();
}
