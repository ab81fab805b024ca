/* layout_int.h: what the files of the layout module share (not public).
 *
 * The layout is built in two passes. Builders (layout_build.c) turn the
 * thread into a vertical flow of items: text lines, atoms (blocks that never
 * split: images, quote boxes, the header; their labels are clipped to a few
 * lines so that none is taller than a page) and spaces; each item's boxes sit
 * in one pool with y relative to the item's top. The pager (layout.c) then
 * cuts the flow into pages under the keep rules and adds the footers. */
#ifndef THREADPDF_LAYOUT_INT_H
#define THREADPDF_LAYOUT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "layout.h"

/* Colours, 0xRRGGBB. */
enum {
	COL_TEXT = 0x1A1A1A,
	COL_GREY = 0x6E6E6E,
	COL_FAINT = 0x8C8C8C,
	COL_LINK = 0x1D6FA5,
	COL_RULE = 0xD0D0D0,
	COL_FRAME = 0xD6D6D6,
	COL_FILL = 0xF6F6F4,
	COL_AVATAR = 0xE2E2E2
};

#define LEAD 1.45f               /* line pitch, in font sizes */
#define SHRINK_MIN 0.6f          /* least scale of an image shrunk to end a page */

typedef enum lay_item_kind { IT_LINE, IT_ATOM, IT_SPACE } lay_item_kind;

/* Horizontal alignment of a paragraph's lines; NATURAL follows its direction. */
typedef enum lay_align { AL_NATURAL, AL_CENTER, AL_RIGHT, AL_LEFT } lay_align;

/* One piece of the vertical flow. */
typedef struct lay_item {
	lay_item_kind kind;
	float h;
	size_t box0, nbox;       /* its boxes in the pool, y relative to its top */
	int keep;                /* stay on the page of the next non-space item */
	int mark;                /* >= 0: starts the tweet of doc->marks[mark] */
	float bar_x;             /* > 0: a split quote's left bar at this x */
	int shrink;              /* an image that may shrink (to SHRINK_MIN) to end a page */
} lay_item;

/* What a text_attr tag stands for: a colour and a link target (or NULL). */
typedef struct lay_tag {
	uint32_t color;
	const char *uri;
} lay_tag;

/* Memory the document owns because its boxes borrow it: the paragraphs.
 * (Every uri a box holds is borrowed from the thread.) */
typedef struct lay_priv {
	text_para **paras;
	size_t nparas, cparas;
	char **strs;             /* strings boxes borrow (alt texts made here) */
	size_t nstrs;
} lay_priv;

/* The state of one layout run. */
typedef struct lay {
	const thread *t;
	text *tx;
	layout_doc *d;
	lay_priv *pv;
	float size, lead;        /* body size and line pitch, pt */
	float x0, w;             /* the text column */
	float top, body_h;       /* the body area: y in [top, top + body_h] */
	float foot_top;          /* the top of the footer line */
	size_t nreal;            /* real (numbered) tweets */
	lay_item *items;
	size_t nitems, citems;
	layout_box *pool;
	size_t npool, cpool;
	lay_tag *tags;
	size_t ntags, ctags;
	int sect, para;          /* stamped on every new box (see layout_box) */
} lay;

/* layout.c: memory, text, boxes and items. */
text_para *lay_typeset(lay *L, const char *s, size_t n, const text_attr *a, size_t na,
		       float size, float width);
text_para *lay_typeset_str(lay *L, const char *s, unsigned style, int tag, float size,
			   float width);
char *lay_flat(const char *s);
void lay_keep_str(lay *L, char *s);
text_para *lay_fit(lay *L, const char *s, const text_attr *a, size_t na, float size, float width,
		   size_t maxlines, float maxh);
text_para *lay_label(lay *L, const char *s, unsigned style, int tag, float size, float width,
		     size_t maxlines, float maxh);
int lay_tag_new(lay *L, uint32_t color, const char *uri);
layout_box *lay_box(lay *L, layout_box_kind kind, float x, float y, float w, float h);
size_t lay_item_add(lay *L, lay_item_kind kind, float h, size_t box0);
void lay_space(lay *L, float h);
int lay_sect_open(lay *L, const char *type, char *label, const char *lang);
float lay_line_h(const text_line *ln, float size);
float lay_stack(lay *L, const text_para *p, float x, float w, float y, float size,
		uint32_t color, lay_align al);
float lay_para_h(const text_para *p, float size);
void lay_flow(lay *L, const text_para *p, float x, float w, float size, uint32_t color);
float lay_collapse(lay *L, size_t i0);

/* layout.c: page size, body size, the text column and the margins. */
void lay_geometry(lay *L, const layout_opts *o);

/* layout_build.c: the flow of a thread. */
void lay_build(lay *L);
/* The avatar of u at (x, y), D across: its image in a circle, or its initials on a grey disc. */
void lay_avatar(lay *L, const thread_user *u, float x, float y, float D);

/* layout_meta.c: document information and the words it is made of. */
void lay_meta(lay *L);
size_t lay_cut(const char *q, size_t n, size_t maxcp);
char *lay_clip(const char *s, size_t maxcp);
void lay_date(int64_t t, char *out, size_t n);
size_t lay_words(const thread *t);

#endif
