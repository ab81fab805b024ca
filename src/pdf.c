/* pdf: draws a laid-out document with libharu.
 *
 * Two passes over the boxes: the first (pdf_text.c) registers every glyph
 * the document draws, and pdffont builds one subset font per face from
 * them; the second draws page by page. This file holds the document: set-
 * up, pages, links, outline, info and saving; pdf_text.c the text,
 * pdf_image.c images and shapes (see pdf_int.h). libharu's error handler
 * only records; every page, the outline and the save are checked. */
#include "pdf.h"

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_error.h>
#include <hpdf_mmgr.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "diag.h"
#include "pdf_int.h"
#include "pdf_objstm.h"

/* libharu's error handler: remembers the first error; never jumps. */
static void on_error(HPDF_STATUS code, HPDF_STATUS detail, void *data)
{
	render *r = data;

	if (!r->err) {
		r->err = code;
		r->err_detail = detail;
	}
}

/* A few words for the libharu errors a thread can cause; "" for others. */
static const char *err_words(HPDF_STATUS e)
{
	switch (e) {
	case HPDF_FAILD_TO_ALLOC_MEM:
		return ": out of memory";
	case HPDF_FILE_IO_ERROR:
	case HPDF_FILE_OPEN_ERROR:
		return ": cannot read a font file";
	case HPDF_PAGE_INVALID_SIZE:
		return ": page size out of range";
	case HPDF_PAGE_INVALID_FONT_SIZE:
		return ": font size out of range";
	case HPDF_INVALID_IMAGE:
		return ": invalid image";
	case HPDF_INVALID_OBJECT:
		return ": an internal libharu object is invalid";
	default:
		return "";
	}
}

/* ---- links, outline, info ---- */

/* Writes the dictionary entries kept as text in d->attr. */
static HPDF_STATUS write_raw_entries(HPDF_Dict d, HPDF_Stream st)
{
	return HPDF_Stream_WriteStr(st, d->attr);
}

/* Frees the text of a dictionary's raw entries. */
static void free_raw_entries(HPDF_Dict d)
{
	HPDF_FreeMem(d->mmgr, d->attr);
	d->attr = NULL;
}

int pdfr_raw_entries(HPDF_Dict d, const char *entries)
{
	size_t n = strlen(entries) + 1;

	d->attr = HPDF_GetMem(d->mmgr, (HPDF_UINT)n);
	if (!d->attr)
		return -1;
	memcpy(d->attr, entries, n);
	d->write_fn = write_raw_entries;
	d->free_fn = free_raw_entries;
	return 0;
}

/* A URI action; the string is written as is (it is ASCII already, and
 * libharu would escape every '/' as \057). */
static HPDF_Dict uri_action(HPDF_MMgr mm, const char *uri)
{
	HPDF_Dict act = HPDF_Dict_New(mm);
	buf e;

	if (!act)
		return NULL;
	buf_init(&e);
	buf_adds(&e, "/URI (");
	for (const char *p = uri; *p; p++) {
		if (*p == '(' || *p == ')' || *p == '\\')
			buf_addc(&e, '\\');
		buf_addc(&e, *p);
	}
	buf_adds(&e, ")\012");
	int rc = pdfr_raw_entries(act, e.data);
	buf_free(&e);
	if (rc != 0) {
		HPDF_Dict_Free(act);
		return NULL;
	}
	HPDF_Dict_AddName(act, "S", "URI");
	return act;
}

/* A number array [v0 v1 ...] (direct object). */
static HPDF_Array int_array(HPDF_Doc pdf, const int *v, int n)
{
	HPDF_Array a = HPDF_Array_New(pdf->mmgr);

	for (int i = 0; a && i < n; i++)
		HPDF_Array_AddNumber(a, v[i]);
	return a;
}

/* 1 when a link may leave the PDF for uri: web and mail links only, never
 * javascript:, file: or an application's own scheme from untrusted input. */
static int uri_allowed(const char *uri)
{
	return strncasecmp(uri, "https://", 8) == 0 || strncasecmp(uri, "http://", 7) == 0 ||
	       strncasecmp(uri, "mailto:", 7) == 0;
}

/* BOX_LINK: a borderless URI link annotation over the box. Built here
 * rather than with HPDF_Page_CreateURILinkAnnot to keep it small (a thread
 * has one or two per tweet): whole-point rectangle, no /P, no /Type in the
 * action. */
static void draw_link(render *r, const layout_box *b)
{
	HPDF_MMgr mm = r->pdf->mmgr;
	int rect[4] = { (int)floorf(b->x), (int)floorf(r->ph - b->y - b->h), (int)ceilf(b->x + b->w),
			(int)ceilf(r->ph - b->y) };
	static const int border[3] = { 0, 0, 0 };

	if (!b->uri || !uri_allowed(b->uri) || b->w <= 0 || b->h <= 0)
		return;
	buf u;
	buf_init(&u);
	buf_add_pct(&u, b->uri, 0);
	char *ascii = buf_steal(&u, NULL);
	HPDF_Dict annot = HPDF_Dict_New(mm), act = uri_action(mm, ascii);
	free(ascii);
	if (!annot || !act || HPDF_Xref_Add(r->pdf->xref, annot) != HPDF_OK)
		return;
	HPDF_Dict_AddName(annot, "Type", "Annot");
	HPDF_Dict_AddName(annot, "Subtype", "Link");
	HPDF_Dict_Add(annot, "Rect", int_array(r->pdf, rect, 4));
	HPDF_Dict_Add(annot, "Border", int_array(r->pdf, border, 3));
	HPDF_Dict_Add(annot, "A", act);
	HPDF_Array annots = HPDF_Dict_GetItem(r->page, "Annots", HPDF_OCLASS_ARRAY);
	if (!annots) {
		annots = HPDF_Array_New(mm);
		HPDF_Dict_Add(r->page, "Annots", annots);
	}
	HPDF_Array_Add(annots, annot);
	if (r->tags)
		pdfr_tags_link(r, b, annot);
}

/* The PDFDocEncoding byte of code point c, or 0 when it has none. */
static unsigned char pdfdoc_byte(uint32_t c)
{
	static const uint16_t hi[31] = { 0x2022, 0x2020, 0x2021, 0x2026, 0x2014, 0x2013, 0x0192, 0x2044,
					 0x2039, 0x203A, 0x2212, 0x2030, 0x201E, 0x201C, 0x201D, 0x2018,
					 0x2019, 0x201A, 0x2122, 0xFB01, 0xFB02, 0x0141, 0x0152, 0x0160,
					 0x0178, 0x017D, 0x0131, 0x0142, 0x0153, 0x0161, 0x017E };

	if ((c >= 0x20 && c < 0x7F) || (c >= 0xA1 && c <= 0xFF && c != 0xAD))
		return (unsigned char)c;
	if (c == 0x20AC)
		return 0xA0;
	for (int i = 0; i < 31; i++)
		if (hi[i] == c)
			return (unsigned char)(0x80 + i);
	return 0;
}

/* s in PDFDocEncoding into b; 0, or -1 when some character has no byte. */
static int to_pdfdoc(const char *s, buf *b)
{
	size_t n = strlen(s), i = 0, adv;

	while (i < n) {
		unsigned char c = pdfdoc_byte(utf8_decode(s + i, n - i, &adv));
		if (!c)
			return -1;
		buf_addc(b, (char)c);
		i += adv;
	}
	return 0;
}

/* A text string object: a PDFDocEncoding literal when every character has
 * a byte there (the smallest form), else UTF-16BE with a byte-order mark
 * (libharu's own UTF-8 path cannot encode beyond U+FFFF). */
static void *text_obj(HPDF_Doc pdf, const char *s)
{
	size_t n = strlen(s), i = 0;
	void *o;
	buf b;

	buf_init(&b);
	if (to_pdfdoc(s, &b) == 0) {
		o = HPDF_String_New(pdf->mmgr, b.data ? b.data : "", NULL);
		buf_free(&b);
		return o;
	}
	b.len = 0;
	buf_add(&b, "\xFE\xFF", 2);
	while (i < n) {
		size_t adv;
		uint32_t cp = utf8_decode(s + i, n - i, &adv);
		unsigned char u[4];
		i += adv;
		if (cp >= 0x10000) {
			cp -= 0x10000;
			u[0] = (unsigned char)(0xD8 + (cp >> 18));
			u[1] = (unsigned char)(cp >> 10);
			u[2] = (unsigned char)(0xDC + (cp >> 8 & 3));
			u[3] = (unsigned char)cp;
			buf_add(&b, u, 4);
		} else {
			u[0] = (unsigned char)(cp >> 8);
			u[1] = (unsigned char)cp;
			buf_add(&b, u, 2);
		}
	}
	HPDF_Binary bin = HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
	buf_free(&b);
	return bin;
}

/* Sets dict[key] to the text s (skipped when s is empty). */
static void set_text(HPDF_Doc pdf, HPDF_Dict dict, const char *key, const char *s)
{
	if (!dict || !s || !*s)
		return;
	void *o = text_obj(pdf, s);
	if (o)
		HPDF_Dict_Add(dict, key, o);
}

/* A direct destination [page /XYZ 0 top null]: the page scrolled to top,
 * the reader's zoom kept (libharu's own destinations are separate objects
 * and cannot say null). */
static HPDF_Array dest_xyz(HPDF_Doc pdf, HPDF_Page page, float top)
{
	HPDF_Array a = HPDF_Array_New(pdf->mmgr);

	if (!a)
		return NULL;
	HPDF_Array_Add(a, page);
	HPDF_Array_AddName(a, "XYZ");
	HPDF_Array_AddNumber(a, 0);
	HPDF_Array_AddNumber(a, (int)ceilf(top));
	HPDF_Array_Add(a, HPDF_Null_New(pdf->mmgr));
	return a;
}

/* The outline entry a mark goes under: NULL (the root) for level 0, else
 * the last level-0 entry, closed when it gets its first child. */
static HPDF_Outline outline_parent(const layout_mark *m, HPDF_Outline top, int *closed)
{
	if (m->level <= 0 || !top)
		return NULL;
	if (!*closed) {
		HPDF_Outline_SetOpened(top, HPDF_FALSE);
		*closed = 1;
	}
	return top;
}

/* One outline entry per mark, each opening its page at the tweet's top;
 * marks of level 1 nest under the level-0 mark before them. */
static void add_outline(render *r, HPDF_Page *pages)
{
	HPDF_Outline top = NULL;
	int closed = 0;

	for (size_t i = 0; i < r->d->nmarks; i++) {
		const layout_mark *m = &r->d->marks[i];
		if (m->page < 0 || (size_t)m->page >= r->d->npages)
			continue;
		HPDF_Outline o = HPDF_CreateOutline(r->pdf, outline_parent(m, top, &closed), "", NULL);
		if (!o)
			return;
		if (m->level <= 0) {
			top = o;
			closed = 0;
		}
		HPDF_Dict_RemoveElement(o, "Type");
		set_text(r->pdf, o, "Title", m->title && *m->title ? m->title : "-");
		float top_y = fminf(r->d->page_h, r->d->page_h - m->y + 6);
		HPDF_Dict_Add(o, "Dest", dest_xyz(r->pdf, pages[m->page], top_y));
	}
}

/* Whether box b is a link to a page of the document. */
static int is_page_link(const render *r, const layout_box *b)
{
	return b->kind == BOX_LINK && b->dest_page > 0 && (size_t)b->dest_page <= r->d->npages;
}

/* Links to pages of the document (BOX_LINK with dest_page), added once
 * every page exists: a borderless link annotation whose direct destination
 * shows the target page from its top, the reader's zoom kept; tagged, the
 * content item of the /Link element its page made. */
static void add_page_links(render *r, HPDF_Page *pages)
{
	for (size_t p = 0; p < r->d->npages; p++) {
		const layout_page *pg = &r->d->pages[p];
		for (size_t i = 0; i < pg->nboxes; i++) {
			const layout_box *b = &pg->boxes[i];
			if (!is_page_link(r, b))
				continue;
			HPDF_Rect rect = { floorf(b->x), floorf(r->d->page_h - b->y - b->h), ceilf(b->x + b->w),
					   ceilf(r->d->page_h - b->y) };
			HPDF_Destination dst = dest_xyz(r->pdf, pages[b->dest_page - 1], r->d->page_h);
			if (!dst)
				return;
			dst->header.obj_class |= HPDF_OSUBCLASS_DESTINATION;
			HPDF_Annotation a = HPDF_Page_CreateLinkAnnot(pages[p], rect, dst);
			HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
			if (r->tags && a)
				pdfr_tags_page_link_annot(r, a);
		}
	}
}

/* Page labels: the front pages i, ii…, the rest 1, 2… (none without front pages). */
static void add_page_labels(render *r)
{
	if (!r->d->front_pages || r->d->front_pages >= r->d->npages)
		return;
	HPDF_AddPageLabel(r->pdf, 0, HPDF_PAGE_NUM_STYLE_LOWER_ROMAN, 1, NULL);
	HPDF_AddPageLabel(r->pdf, (HPDF_UINT)r->d->front_pages, HPDF_PAGE_NUM_STYLE_DECIMAL, 1, NULL);
}

/* Title, Author, Subject, Keywords, Creator and CreationDate. */
static void set_info(render *r)
{
	const layout_doc *d = r->d;

	set_text(r->pdf, r->pdf->info, "Creator", "threadpdf");
	set_text(r->pdf, r->pdf->info, "Title", d->title);
	set_text(r->pdf, r->pdf->info, "Author", d->author);
	set_text(r->pdf, r->pdf->info, "Subject", d->subject);
	set_text(r->pdf, r->pdf->info, "Keywords", d->keywords);
	if (d->created > 0) {
		time_t t = (time_t)d->created;
		struct tm tm;
		if (gmtime_r(&t, &tm)) {
			HPDF_Date date = { tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
					   tm.tm_sec, 'Z', 0, 0 };
			HPDF_SetInfoDateAttr(r->pdf, HPDF_INFO_CREATION_DATE, date);
		}
	}
}

void *pdfr_text_obj(HPDF_Doc pdf, const char *s)
{
	return text_obj(pdf, s);
}

/* ---- pages ---- */

/* Draws one box. */
static void draw_box(render *r, const layout_box *b)
{
	switch (b->kind) {
	case BOX_TEXT:
		if (b->run && b->run->color)
			pdfr_draw_color_run(r, b);
		else if (b->run)
			pdfr_draw_text_run(r, b);
		break;
	case BOX_IMAGE:
		pdfr_draw_image(r, b);
		break;
	case BOX_PLACEHOLDER:
		pdfr_draw_placeholder(r, b);
		break;
	case BOX_RECT:
		pdfr_draw_rect(r, b);
		break;
	case BOX_LINK:
		break;
	}
}

/* Compresses the page's finished content stream with flate (libharu would
 * deflate it with zlib on save) and marks it /FlateDecode. Left to libharu
 * when a path or text object is still open (its save would append to it). */
static void compress_content(render *r)
{
	HPDF_PageAttr pa = r->page->attr;
	HPDF_Stream st = pa->stream;
	HPDF_Dict contents = pa->contents;
	buf plain, z;

	if (pa->gmode != HPDF_GMODE_PAGE_DESCRIPTION || !contents || contents->write_fn || contents->attr ||
	    !(contents->filter & HPDF_STREAM_FILTER_FLATE_DECODE) || st->type != HPDF_STREAM_MEMORY)
		return;
	buf_init(&plain);
	buf_init(&z);
	for (HPDF_UINT i = 0, n = HPDF_MemStream_GetBufCount(st); i < n; i++) {
		HPDF_UINT len = 0;
		HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(st, i, &len);
		if (p)
			buf_add(&plain, p, len);
	}
	if (plain.len == st->size) {
		flate_add(r->z, 6, plain.data, plain.len, &z);
		HPDF_MemStream_FreeData(st);
		if (HPDF_Stream_Write(st, (const HPDF_BYTE *)z.data, (HPDF_UINT)z.len) == HPDF_OK &&
		    pdfr_raw_entries(contents, "/Filter /FlateDecode\012") == 0)
			contents->filter = HPDF_STREAM_FILTER_NONE;
	}
	buf_free(&plain);
	buf_free(&z);
}

/* Moves the page's compressed contents into the spool: the contents
 * stream reads them back on save. Left in memory when compress_content
 * left them to libharu. */
static void spool_content(render *r)
{
	HPDF_PageAttr pa = r->page->attr;
	HPDF_Dict contents = pa->contents;
	HPDF_Stream st = pa->stream, in;
	long long off = r->spool_len;
	size_t len = 0;

	if (!contents || contents->filter != HPDF_STREAM_FILTER_NONE || !contents->attr ||
	    st->type != HPDF_STREAM_MEMORY || contents->stream != st)
		return;
	for (HPDF_UINT i = 0, n = HPDF_MemStream_GetBufCount(st); i < n; i++) {
		HPDF_UINT k = 0;
		HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(st, i, &k);
		if (p && pdfr_spool_write(r, p, k, &(long long){ 0 }) != 0)
			return;
		len += k;
	}
	if (len != st->size || !(in = pdfr_spool_stream(r, off, len)))
		return;
	contents->stream = pa->stream = in;
	r->content = in;
	HPDF_Stream_Free(st);
}

/* Adds and draws one page; links go last so they sit above everything. */
static HPDF_Page draw_page(render *r, const layout_page *pg)
{
	r->page = HPDF_AddPage(r->pdf);
	if (!r->page)
		return NULL;
	HPDF_Page_SetWidth(r->page, r->d->page_w);
	HPDF_Page_SetHeight(r->page, r->d->page_h);
	r->content = ((HPDF_PageAttr)r->page->attr)->stream;
	r->ph = r->d->page_h;
	r->in_text = 0;
	r->font = NULL;
	r->size = 0;
	r->mode = HPDF_FILL;
	r->hscale = 100;
	r->fill = 0;
	if (r->tags)
		pdfr_tags_page_begin(r, pg);
	for (size_t i = 0; i < pg->nboxes; i++) {
		if (r->tags)
			pdfr_tags_box(r, &pg->boxes[i]);
		draw_box(r, &pg->boxes[i]);
	}
	if (r->tags)
		pdfr_tags_page_end(r);
	pdfr_text_end(r);
	for (size_t i = 0; i < pg->nboxes; i++) {
		if (pg->boxes[i].kind == BOX_LINK)
			draw_link(r, &pg->boxes[i]);
		if (r->tags && is_page_link(r, &pg->boxes[i]))
			pdfr_tags_page_link(r, &pg->boxes[i]);
	}
	compress_content(r);
	if (r->spool)
		spool_content(r);
	return r->page;
}

/* libharu's output stream for the save: appends straight to our buffer. */
static HPDF_STATUS out_write(HPDF_Stream st, const HPDF_BYTE *p, HPDF_UINT n)
{
	buf_add(st->attr, p, n);
	return HPDF_OK;
}

/* Saves the document into out through a stream of our own (libharu's
 * memory stream would hold a second copy, in 4 KB pieces), then packs its
 * small objects into an object stream (pdf_objstm.h). */
static int save(render *r, buf *out)
{
	size_t before = out->len;
	HPDF_Stream st = HPDF_CallbackWriter_New(r->pdf->mmgr, out_write, out);

	if (!st || (r->spool && fflush(r->spool) != 0))
		return -1;
	if (r->pdf->stream)
		HPDF_Stream_Free(r->pdf->stream);
	r->pdf->stream = st;
	if (HPDF_SaveToStream(r->pdf) != HPDF_OK || st->size != out->len - before)
		return -1;
	diag_stage("pdf: libharu save");
	size_t plain = out->len - before;
	if (pdf_objstm_pack(out, before, r->z) == 0)
		verbosef(2, "pdf: object streams: %zu -> %zu bytes", plain, out->len - before);
	else
		verbosef(1, "pdf: left without object streams (unexpected layout)");
	diag_stage("pdf: object streams");
	return 0;
}

/* Sets up the libharu document: compression, UTF-8, the fonts. */
static tp_result setup(render *r, char *msg, size_t msglen)
{
	r->pdf = HPDF_New(on_error, r);
	if (!r->pdf)
		return tp_fail(TP_ERR_PDF, msg, msglen, "libharu cannot create a document");
	HPDF_SetCompressionMode(r->pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(r->pdf);
	HPDF_SetCurrentEncoder(r->pdf, "UTF-8");
	if (r->err)
		return tp_fail(TP_ERR_PDF, msg, msglen, "libharu set-up failed (error 0x%04X)", (unsigned)r->err);
	pdfr_collect(r);
	pdfr_emoji_start(r);
	diag_stage("pdf: glyphs collected");
	tp_result res = pdffont_load(r->pf, r->pdf, msg, msglen);
	diag_stage("pdf: fonts subset");
	r->err = r->err_detail = 0;
	if (res == TP_OK && r->d->tagged)
		res = pdfr_tags_new(r, msg, msglen);
	return res;
}

/* Draws every page, then the outline and the info; saves into out. */
static tp_result draw_all(render *r, buf *out, char *msg, size_t msglen)
{
	HPDF_Page *pages = xcalloc(r->d->npages ? r->d->npages : 1, sizeof *pages);
	tp_result res = TP_OK;

	for (size_t p = 0; p < r->d->npages; p++) {
		if (r->hook)
			r->hook(r->hook_ctx, p);
		pages[p] = draw_page(r, &r->d->pages[p]);
		if (r->err || !pages[p]) {
			res = tp_fail(TP_ERR_PDF, msg, msglen, "libharu error 0x%04X%s (detail %u) on page %zu",
				      (unsigned)r->err, err_words(r->err), (unsigned)r->err_detail, p + 1);
			goto cleanup;
		}
	}
	diag_stage("pdf: pages drawn");
	add_outline(r, pages);
	add_page_links(r, pages);
	add_page_labels(r);
	set_info(r);
	if (r->tags)
		pdfr_tags_finish(r);
	if (r->err) {
		res = tp_fail(TP_ERR_PDF, msg, msglen, "libharu error 0x%04X%s in the outline or info",
			      (unsigned)r->err, err_words(r->err));
		goto cleanup;
	}
	size_t before = out->len;
	if (save(r, out) != 0 || r->err) {
		out->len = before;
		res = tp_fail(TP_ERR_PDF, msg, msglen, "cannot make the PDF: libharu failed to save it (error 0x%04X%s)",
			      (unsigned)r->err, err_words(r->err));
	}
cleanup:
	free(pages);
	return res;
}

/* Renders d; with spool, images and page contents wait in a temporary file. */
static tp_result render_doc(const layout_doc *d, fonts *f, FILE *spool, pdf_page_fn hook, void *ctx,
			    buf *out, char *msg, size_t msglen)
{
	render r;
	tp_result res;

	memset(&r, 0, sizeof r);
	r.spool = spool;
	r.hook = hook;
	r.hook_ctx = ctx;
	r.d = d;
	r.f = f;
	r.pf = pdffont_new(f);
	r.z = flate_new();
	buf_init(&r.tj);
	buf_init(&r.scratch);
	res = setup(&r, msg, msglen);
	if (res == TP_OK)
		res = draw_all(&r, out, msg, msglen);
	if (res == TP_OK)
		verbosef(1, "pdf: %zu pages, %zu bytes (fonts %zu bytes, %zu images, %zu emoji)", d->npages,
			 out->len, pdffont_bytes(r.pf), r.nimgs, r.nemoji);
	if (r.pdf)
		HPDF_Free(r.pdf);
	pdffont_free(r.pf);
	flate_free(r.z);
	free(r.seq);
	free(r.inv);
	buf_free(&r.scratch);
	free(r.imgs);
	pdfr_emoji_free(&r);
	pdfr_outline_free(&r);
	pdfr_text_free(&r);
	pdfr_tags_free(&r);
	buf_free(&r.tj);
	if (out->data && out->len < out->cap)
		out->data[out->len] = '\0';
	return res;
}

/* Renders d in memory (see pdf.h). */
tp_result pdf_render(const layout_doc *d, fonts *f, buf *out, char *msg, size_t msglen)
{
	return render_doc(d, f, NULL, NULL, NULL, out, msg, msglen);
}

/* pdf_render with a page hook and a spool (see pdf.h). */
tp_result pdf_render_spooled(const layout_doc *d, fonts *f, pdf_page_fn hook, void *ctx, buf *out,
			     char *msg, size_t msglen)
{
	FILE *spool = tmpfile();
	tp_result res;

	if (!spool)
		return tp_fail(TP_ERR_IO, msg, msglen, "cannot make a temporary file for the PDF's images: %s",
			       strerror(errno));
	res = render_doc(d, f, spool, hook, ctx, out, msg, msglen);
	fclose(spool);
	return res;
}
