/* layout_dump: a stable text form of a laid-out document, for golden tests.
 * Coordinates are rounded to 0.1 pt; text shows the face, size and bytes of
 * each run; images their pixel size and format. */
#include <math.h>
#include <string.h>

#include "image.h"
#include "layout.h"

/* Appends s[0..n) quoted, with quotes, backslashes and control bytes escaped. */
static void add_quoted(buf *b, const char *s, size_t n)
{
	buf_addc(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			buf_printf(b, "\\%c", c);
		else if (c < 0x20 || c == 0x7F)
			buf_printf(b, "\\x%02X", c);
		else
			buf_addc(b, (char)c);
	}
	buf_addc(b, '"');
}

/* Appends a string quoted, or - for NULL. */
static void add_str(buf *b, const char *s)
{
	if (s)
		add_quoted(b, s, strlen(s));
	else
		buf_addc(b, '-');
}

/* A coordinate rounded to 0.1, never "-0.0". */
static double r1(float v)
{
	double r = round((double)v * 10.0) / 10.0;

	return r == 0 ? 0 : r;
}

/* Appends what a text box draws: colour, face, size and the run's bytes. */
static void dump_text(buf *b, const layout_box *x, fonts *f)
{
	const fonts_face *face = f ? fonts_face_get(f, x->run->face) : NULL;

	buf_printf(b, " #%06X %s %.1f ", (unsigned)x->color, face && face->name ? face->name : "?",
		   r1(x->run->size));
	add_quoted(b, x->text + x->run->start, x->run->end - x->run->start);
	for (size_t i = 0; i < x->run->nglyphs; i++) {
		if (x->run->glyphs[i].gid == 0) {
			buf_adds(b, " notdef");
			break;
		}
	}
}

/* Appends what a rectangle draws: fill, stroke, corners, dashes. */
static void dump_rect(buf *b, const layout_box *x)
{
	if (x->fill)
		buf_printf(b, " fill #%06X", (unsigned)x->color);
	if (x->stroke)
		buf_printf(b, " stroke #%06X %.2f", (unsigned)x->stroke_color, (double)x->line_width);
	if (x->radius > 0)
		buf_printf(b, " r %.1f", r1(x->radius));
	if (x->dash > 0)
		buf_printf(b, " dash %.1f", r1(x->dash));
}

/* Appends one box's line. */
static void dump_box(buf *b, const layout_box *x, fonts *f)
{
	static const char *const kind[] = { "text", "image", "placeholder", "rect", "link" };
	int w, h;

	buf_printf(b, "  %s %.1f %.1f %.1f %.1f", kind[x->kind], r1(x->x), r1(x->y), r1(x->w), r1(x->h));
	switch (x->kind) {
	case BOX_TEXT:
		dump_text(b, x, f);
		break;
	case BOX_IMAGE: {
		image_format fmt = image_probe(x->img->data, x->img->len, &w, &h);
		buf_printf(b, " %dx%d %s%s%s", w, h, fmt == IMAGE_PNG ? "png" : fmt == IMAGE_JPEG ? "jpeg" : "?",
			   x->circle ? " circle" : "", x->play ? " play" : "");
		break;
	}
	case BOX_RECT:
		dump_rect(b, x);
		break;
	case BOX_PLACEHOLDER:
	case BOX_LINK:
		buf_addc(b, ' ');
		if (x->dest_page > 0)
			buf_printf(b, "page %d", x->dest_page);
		else
			add_str(b, x->uri);
		break;
	}
	buf_addc(b, '\n');
}

/* Appends the document information and the outline. */
static void dump_info(const layout_doc *d, buf *b)
{
	buf_printf(b, "page %.1f x %.1f, body %.1f %.1f %.1f %.1f, %zu pages\n", r1(d->page_w),
		   r1(d->page_h), r1(d->body_x), r1(d->body_y), r1(d->body_w), r1(d->body_h), d->npages);
	buf_adds(b, "title ");
	add_str(b, d->title);
	buf_adds(b, "\nauthor ");
	add_str(b, d->author);
	buf_adds(b, "\nsubject ");
	add_str(b, d->subject);
	buf_adds(b, "\nkeywords ");
	add_str(b, d->keywords);
	buf_printf(b, "\ncreated %lld\n", (long long)d->created);
	if (d->front_pages)
		buf_printf(b, "front pages %zu (i..), then 1..\n", d->front_pages);
	for (size_t i = 0; i < d->nmarks; i++) {
		buf_printf(b, "mark %d %.1f ", d->marks[i].page + 1, r1(d->marks[i].y));
		if (d->marks[i].level)
			buf_printf(b, "level %d ", d->marks[i].level);
		add_str(b, d->marks[i].title);
		buf_addc(b, '\n');
	}
}

/* The document information, then every box of every page in drawing order. */
void layout_dump(const layout_doc *d, fonts *f, buf *b)
{
	dump_info(d, b);
	for (size_t p = 0; p < d->npages; p++) {
		buf_printf(b, "page %zu\n", p + 1);
		for (size_t i = 0; i < d->pages[p].nboxes; i++)
			dump_box(b, &d->pages[p].boxes[i], f);
	}
}
