/* pdf_int: what the files of the PDF renderer share. pdf.c: the libharu
 * document, pages, links, outline, info, saving; pdf_text.c: glyph slots
 * (pass 1) and text, colour glyphs included (pass 2); pdf_image.c: images,
 * placeholders and rectangles. Not an interface for other modules. */
#ifndef THREADPDF_PDF_INT_H
#define THREADPDF_PDF_INT_H

#include <hpdf.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "flate.h"
#include "fonts.h"
#include "layout.h"
#include "pdf.h"
#include "pdffont.h"
#include "result.h"
#include "util.h"

/* The face whose .notdef glyph carries the invisible text of colour emoji. */
#define HOST_FACE 0
#define NO_COLOR 0xFFFFFFFFu

/* One distinct image content and what it became in the document. */
typedef struct img_entry {
	const thread_blob *blob;   /* the first blob seen with these bytes */
	uint64_t key;              /* sampled content hash */
	HPDF_Image img;            /* NULL: the bytes could not be decoded */
	size_t len;                /* spooled: the blob's length and where a copy of it is */
	long long cmp_off;
} img_entry;

/* One distinct colour glyph: rasterized on the emoji thread, embedded as
 * an image on first use. */
typedef struct emoji_entry {
	int face;
	uint32_t gid;
	float max_size;            /* largest size it is drawn at, pt */
	buf color, alpha;          /* compressed planes (empty: no bitmap) */
	int pw, ph;                /* their size in pixels */
	float left, top, w, h;     /* em */
	int made;                  /* img is set (NULL: the glyph has no bitmap) */
	HPDF_Image img;
} emoji_entry;

/* Colour glyphs are embedded at this many pixels per point of the largest
 * size they are drawn at, 144 dpi: crisp at normal zoom on a 2x screen,
 * about 1 KB per emoji with its mask (the emoji font's strike is 109 ppem,
 * about 700 dpi at 11 pt; an 11 pt emoji becomes 28 x 26 pixels). */
#define EMOJI_PX_PER_PT 2.0f

typedef struct pdftags pdftags;

/* The state of one pdf_render call. */
typedef struct render {
	const layout_doc *d;
	fonts *f;
	HPDF_Doc pdf;
	HPDF_STATUS err, err_detail;   /* the first libharu error since the last check */
	pdffont *pf;
	flate *z;                      /* every stream's compression */
	int32_t *seq;                  /* outline glyph slots in drawing order */
	size_t nseq, cseq, next;
	int32_t *inv;                  /* invisible cluster-text slots, in order */
	size_t ninv, cinv, next_inv;
	buf scratch;
	img_entry *imgs;
	size_t nimgs, cimgs;
	emoji_entry *emoji;
	size_t nemoji, cemoji;
	pthread_t emoji_thread;
	int emoji_started, emoji_thread_on;
	HPDF_ExtGState shade;          /* translucent fill for play marks */
	HPDF_Page page;
	HPDF_Stream content;
	float ph;
	int in_text;                   /* inside BT .. ET */
	long lx, ly;                   /* text line start, 1/1000 pt (Td is relative to it) */
	HPDF_Font font;                /* text state, to skip redundant operators */
	float size, hscale;
	uint32_t fill;
	int mode;
	buf tj;
	pdftags *tags;                 /* the structure tree (pdf_tags.c) */
	uint32_t host_gid;             /* glyph of the invisible text (pdf_text.c) */
	int host_gid_set;
	struct clinfo *clinfo;         /* cluster facts of run clrun (pdf_text.c) */
	size_t clcap;
	const void *clrun;
	struct outline_form *outlines; /* glyphs drawn as paths (pdf_outline.c) */
	size_t noutlines, coutlines;
	FILE *spool;                   /* pdf_render_spooled: where image and page bytes wait */
	long long spool_len;
	pdf_page_fn hook;
	void *hook_ctx;
} render;

/* pdf.c: gives d dictionary entries written verbatim (entries such as
 * "/Key value\n") where libharu's own objects would not do; 0 or -1. */
int pdfr_raw_entries(HPDF_Dict d, const char *entries);

/* pdf.c: a text string object for s (PDFDocEncoding or UTF-16BE). */
void *pdfr_text_obj(HPDF_Doc pdf, const char *s);

/* pdf_outline.c: draws glyph gid of face as a filled path with its origin
 * at (x, y) at size pt (a mark that carries no text); frees the forms'
 * table at the end of the render. */
void pdfr_outline_draw(render *r, int face, uint32_t gid, double x, double y, float size);
void pdfr_outline_free(render *r);

/* pdf_tags.c: the structure tree. pdfr_tags_new before the first page;
 * pdfr_tags_page_begin after a page is added; pdfr_tags_box before each
 * box is drawn (opens the marked content it belongs to); pdfr_tags_page_end
 * after the last box; pdfr_tags_link for each link annotation made;
 * pdfr_tags_page_link for each link to a page of the document as its page
 * is drawn, then pdfr_tags_page_link_annot for its annotation, made once
 * every page exists (in the same order);
 * pdfr_tags_finish before the save (catalog entries, ParentTree). Only
 * a document laid out with layout_opts.tagged gets r->tags (unless its tree
 * would not fit libharu's arrays: then untagged, with a warning); every other
 * call is made only when r->tags is set. */
tp_result pdfr_tags_new(render *r, char *msg, size_t msglen);
void pdfr_tags_page_begin(render *r, const layout_page *pg);
void pdfr_tags_box(render *r, const layout_box *b);
void pdfr_tags_page_end(render *r);
void pdfr_tags_link(render *r, const layout_box *b, HPDF_Dict annot);
void pdfr_tags_page_link(render *r, const layout_box *b);
void pdfr_tags_page_link_annot(render *r, HPDF_Dict annot);
void pdfr_tags_finish(render *r);
/* pdf_tags.c, for pdfr_text_end: a marked-content sequence opened inside
 * the text object cannot outlive it. closing ends it (before ET) and says
 * whether closed must open its element again (after ET). */
int pdfr_tags_text_closing(render *r);
void pdfr_tags_text_closed(render *r);
void pdfr_tags_free(render *r);
/* pdf_image.c: the spool of pdf_render_spooled. Appends p[0..len) to it
 * (0, or -1 on a write error, with *off where it went); a libharu stream
 * reading spool bytes [off, off + len) on save (NULL on failure). */
int pdfr_spool_write(render *r, const void *p, size_t len, long long *off);
HPDF_Stream pdfr_spool_stream(render *r, long long off, size_t len);

/* pdf_text.c: pass 1 (every glyph of every page registered with r->pf, in
 * drawing order), the text object and colour state, and text boxes. */
void pdfr_collect(render *r);
/* Opens a text object (BT) unless one is open. */
void pdfr_text_begin(render *r);
/* Closes the open text object (ET), if any. */
void pdfr_text_end(render *r);
void pdfr_set_fill(render *r, uint32_t rgb);
void pdfr_set_stroke(render *r, uint32_t rgb);
void pdfr_draw_text_run(render *r, const layout_box *b);
/* Frees what pass 1 and pass 2 kept (the cluster facts of a run). */
void pdfr_text_free(render *r);
void pdfr_draw_color_run(render *r, const layout_box *b);

/* pdf_image.c: BOX_RECT, BOX_PLACEHOLDER and BOX_IMAGE (a placeholder when
 * the image cannot be embedded). */
void pdfr_draw_rect(render *r, const layout_box *b);
void pdfr_draw_placeholder(render *r, const layout_box *b);
void pdfr_draw_image(render *r, const layout_box *b);
/* An image of 8-bit gray (channels 1) or RGB (3) pixels, compressed here
 * with an optional alpha plane as its soft mask; NULL on failure. */
HPDF_Image pdfr_pixels_image(render *r, const unsigned char *px, int w, int h, int channels,
			     const unsigned char *alpha);
/* Compresses w x h pixels of `channels` 8-bit samples for
 * pdfr_flate_pixels_image (photo-sized ones row-predicted); appends to out.
 * Touches no libharu state: safe on another thread with its own z. */
void pdfr_compress_pixels(flate *z, const unsigned char *px, int w, int h, int channels, buf *out);
/* The image of planes pdfr_compress_pixels made, with the alpha plane (a,
 * may be NULL) as its soft mask; takes ownership of c and a; NULL on failure. */
HPDF_Image pdfr_flate_pixels_image(render *r, int w, int h, int channels, unsigned char *c, size_t clen,
				   unsigned char *a, size_t alen);

/* pdf_emoji.c: colour glyphs. pdfr_emoji_entry finds or registers one
 * (pass 1); pdfr_emoji_start rasterizes every registered one on a second
 * thread; pdfr_emoji_get waits for that (starting it if need be) and gives
 * the glyph's entry, its image made on first use; pdfr_emoji_free joins
 * the thread and frees the entries. */
emoji_entry *pdfr_emoji_entry(render *r, int face, uint32_t gid);
void pdfr_emoji_start(render *r);
emoji_entry *pdfr_emoji_get(render *r, int face, uint32_t gid);
void pdfr_emoji_free(render *r);

#endif
