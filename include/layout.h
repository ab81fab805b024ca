/* layout: turns a thread and a text engine into pages of positioned boxes.
 *
 * Pure: knows nothing of libharu, so a document can be dumped as text for
 * golden tests. Units are points; x grows right from the page's left edge,
 * y grows DOWN from the page's top edge. */
#ifndef THREADPDF_LAYOUT_H
#define THREADPDF_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "result.h"
#include "text.h"
#include "thread.h"
#include "util.h"

typedef enum layout_box_kind {
	BOX_TEXT,      /* a glyph run: (x, y) is its baseline origin */
	BOX_IMAGE,     /* an image scaled into (x, y, w, h); y is the top */
	BOX_PLACEHOLDER, /* a missing/broken image: a framed box with a label */
	BOX_RECT,      /* a filled and/or stroked rectangle (quote frame, rules) */
	BOX_LINK       /* a clickable area leading to uri */
} layout_box_kind;

typedef struct layout_box {
	layout_box_kind kind;
	float x, y, w, h;
	uint32_t color;          /* text colour / rect fill, 0xRRGGBB */
	/* BOX_TEXT */
	const text_run *run;     /* borrowed from the document's paragraphs */
	const char *text;        /* the paragraph text the run's glyphs index */
	/* BOX_IMAGE */
	const thread_blob *img;  /* borrowed from the thread */
	int circle;              /* clip the image to a circle (avatar) */
	int play;                /* draw a play mark over it (video/GIF) */
	/* BOX_RECT */
	int fill, stroke;        /* which of the two to draw */
	uint32_t stroke_color;
	float line_width;
	float radius;            /* rounded corners */
	/* BOX_LINK, and the label of BOX_PLACEHOLDER */
	const char *uri;         /* borrowed from the thread or the document */
	/* added by layout: */
	float dash;              /* BOX_RECT: > 0 strokes dashed with this dash length, pt */
	/* structure, for a tagged PDF: */
	int sect;                /* 1 + index in layout_doc.sects; 0: an artifact (header, footer) */
	int para;                /* text boxes of one paragraph share it (> 0) */
	const char *alt;         /* BOX_IMAGE / BOX_PLACEHOLDER: its text alternative */
	/* added by book: */
	int dest_page;           /* BOX_LINK: > 0 leads to this page (1-based) of the document, not to uri */
} layout_box;

/* One section of the document's structure: a tweet, or a tweet quoted in
 * one (nested in its parent's section); a book's contents and their
 * entries. */
typedef struct layout_sect {
	char *label;             /* "Tweet 3 of 8", "Quoted tweet" */
	const char *lang;        /* BCP 47 tag from the source (borrowed), or NULL */
	int parent;              /* 1 + index of the enclosing section; 0: the document */
	const char *type;        /* structure type ("TOC", "TOCI"), NULL: "Sect" (static) */
} layout_sect;

typedef struct layout_page {
	layout_box *boxes;
	size_t nboxes;
} layout_page;

/* One outline (bookmark) entry: a tweet, where it starts. */
typedef struct layout_mark {
	char *title;
	int page;                /* 0-based */
	float y;                 /* from the top */
	int level;               /* 0: top level; 1: below the last mark of level 0 (which is then closed) */
} layout_mark;

typedef struct layout_doc {
	float page_w, page_h;
	layout_page *pages;
	size_t npages;
	layout_mark *marks;
	size_t nmarks;
	char *title, *author, *subject, *keywords;  /* document info */
	int64_t created;         /* the thread's first tweet time, 0 = unknown */
	layout_sect *sects;      /* in reading order */
	size_t nsects;
	const char *lang;        /* the document's language (its first tweet's), or NULL */
	int tagged;              /* from layout_opts: the PDF gets its structure tree */
	/* the text area; only the footer (page numbers, source link) lies outside it */
	float body_x, body_y, body_w, body_h;
	size_t front_pages;      /* > 0: the first pages are labelled i, ii…, the rest numbered from 1 */
	/* private: paragraphs and strings the boxes borrow */
	void *priv;
} layout_doc;

typedef enum layout_paper { PAPER_A4, PAPER_LETTER, PAPER_A5 } layout_paper;

typedef struct layout_opts {
	layout_paper paper;
	float font_size;         /* body size, pt (default 11) */
	int tagged;              /* a tagged PDF (structure tree, see pdf.h) */
} layout_opts;

/* Lays the thread out. The thread and the text engine must outlive the
 * document (boxes borrow from them). Caller frees *out. */
tp_result layout_thread(const thread *t, text *tx, const layout_opts *o, layout_doc **out,
			char *msg, size_t msglen);
/* layout_thread() without the footers: a thread as one chapter of a larger
 * document (book.h), which adds footers of its own. */
tp_result layout_chapter(const thread *t, text *tx, const layout_opts *o, layout_doc **out,
			 char *msg, size_t msglen);
/* Moves src's pages after dst's (marks and links re-pointed, the memory its
 * boxes borrow handed over) and frees src. The page sizes must match. src's
 * structure sections follow dst's, its top-level ones inside dst's section
 * sect (1-based; 0: the document). */
void layout_doc_append(layout_doc *dst, layout_doc *src, int sect);
/* The document title layout_thread() gives t: the first words of its first
 * tweet (at most 70 characters, cut at a word), else "Thread by @handle".
 * Caller frees. */
char *layout_title(const thread *t);
/* Frees a document with what its boxes borrow from it; NULL is fine. */
void layout_doc_free(layout_doc *d);

/* Text dump of every page and box, for golden tests; appends to b. */
void layout_dump(const layout_doc *d, fonts *f, buf *b);

#endif
