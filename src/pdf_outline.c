/* pdf_outline: glyphs drawn as filled outlines rather than as text. A mark
 * raised or lowered off its letter's baseline (Arabic harakat, a Thai tone
 * mark over a vowel) would need a text segment of its own, and readers
 * that rebuild lines by position (PDFium, pdf.js) move such a segment away
 * from its letter or to the end of the line. Drawn as a path it is not
 * text at all; its letter carries the cluster's whole text. Each distinct
 * glyph becomes one Form XObject (its outline in thousandths of an em,
 * compressed) drawn at every use with a scale; it paints in the current
 * fill colour. */
#include <math.h>
#include <stdio.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H

#include "pdf_int.h"

/* One distinct glyph and its Form XObject (NULL: it has no outline). */
typedef struct outline_form {
	int face;
	uint32_t gid;
	HPDF_Dict form;
} outline_form;

/* What FT_Outline_Decompose's callbacks write to: the path, in font units
 * scaled to thousandths of an em, and the last point (for conics). */
typedef struct path_out {
	buf *b;
	double k;
	double lx, ly;
} path_out;

/* Appends one coordinate pair, rounded to 1/1000 em. */
static void put_point(path_out *p, double x, double y)
{
	buf_printf(p->b, "%ld %ld ", lround(x * p->k), lround(y * p->k));
}

/* Appends the end point `to` of a segment and its operator; it becomes
 * the current point. */
static int end_point(path_out *p, const FT_Vector *to, const char *op)
{
	put_point(p, (double)to->x, (double)to->y);
	buf_adds(p->b, op);
	p->lx = (double)to->x;
	p->ly = (double)to->y;
	return 0;
}

/* FreeType callback: starts a contour. */
static int move_to(const FT_Vector *to, void *user)
{
	return end_point(user, to, "m\n");
}

/* FreeType callback: a straight segment. */
static int line_to(const FT_Vector *to, void *user)
{
	return end_point(user, to, "l\n");
}

/* FreeType callback: a cubic segment. */
static int cubic_to(const FT_Vector *c1, const FT_Vector *c2, const FT_Vector *to, void *user)
{
	path_out *p = user;

	put_point(p, (double)c1->x, (double)c1->y);
	put_point(p, (double)c2->x, (double)c2->y);
	return end_point(p, to, "c\n");
}

/* FreeType callback: a quadratic (TrueType) segment, written as the cubic
 * that draws the same curve (PDF paths have no quadratic operator). */
static int conic_to(const FT_Vector *c, const FT_Vector *to, void *user)
{
	path_out *p = user;
	double cx = (double)c->x, cy = (double)c->y, tx = (double)to->x, ty = (double)to->y;
	FT_Vector c1 = { lround(p->lx + 2.0 * (cx - p->lx) / 3.0), lround(p->ly + 2.0 * (cy - p->ly) / 3.0) };
	FT_Vector c2 = { lround(tx + 2.0 * (cx - tx) / 3.0), lround(ty + 2.0 * (cy - ty) / 3.0) };

	return cubic_to(&c1, &c2, to, user);
}

/* The path of glyph gid of an FT_Face in thousandths of an em, filled
 * with the nonzero rule, into out; its bounds into bbox. 0, or -1 when
 * the glyph has no outline. */
static int glyph_path(FT_Face ft, uint32_t gid, buf *out, long bbox[4])
{
	static const FT_Outline_Funcs funcs = { move_to, line_to, conic_to, cubic_to, 0, 0 };
	FT_BBox bb;

	if (!ft || !ft->units_per_EM || FT_Load_Glyph(ft, gid, FT_LOAD_NO_SCALE) != 0 ||
	    ft->glyph->format != FT_GLYPH_FORMAT_OUTLINE || ft->glyph->outline.n_contours <= 0)
		return -1;
	path_out p = { out, 1000.0 / ft->units_per_EM, 0, 0 };
	if (FT_Outline_Decompose(&ft->glyph->outline, &funcs, &p) != 0)
		return -1;
	buf_adds(out, "f\n");
	FT_Outline_Get_CBox(&ft->glyph->outline, &bb);
	bbox[0] = lround((double)bb.xMin * p.k) - 1;
	bbox[1] = lround((double)bb.yMin * p.k) - 1;
	bbox[2] = lround((double)bb.xMax * p.k) + 1;
	bbox[3] = lround((double)bb.yMax * p.k) + 1;
	return 0;
}

/* A Form XObject drawing glyph gid of face, compressed; NULL when the
 * glyph has no outline or libharu fails. */
static HPDF_Dict make_form(render *r, int face, uint32_t gid)
{
	buf path, z;
	long bb[4];
	char entries[160];
	HPDF_Dict form = NULL;

	buf_init(&path);
	buf_init(&z);
	if (glyph_path(fonts_ft_face(r->f, face), gid, &path, bb) != 0)
		goto cleanup;
	flate_add(r->z, 6, path.data, path.len, &z);
	form = HPDF_DictStream_New(r->pdf->mmgr, r->pdf->xref);
	if (!form)
		goto cleanup;
	form->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;
	form->filter = HPDF_STREAM_FILTER_NONE;
	HPDF_Dict_AddName(form, "Subtype", "Form");
	snprintf(entries, sizeof entries, "/BBox [%ld %ld %ld %ld]\012/Filter /FlateDecode\012", bb[0], bb[1],
		 bb[2], bb[3]);
	if (HPDF_Stream_Write(form->stream, (const HPDF_BYTE *)z.data, (HPDF_UINT)z.len) != HPDF_OK ||
	    pdfr_raw_entries(form, entries) != 0)
		form = NULL;
cleanup:
	buf_free(&path);
	buf_free(&z);
	return form;
}

/* The form of glyph gid of face, made on first use. */
static HPDF_Dict form_of(render *r, int face, uint32_t gid)
{
	outline_form *o = r->outlines;

	for (size_t i = 0; i < r->noutlines; i++)
		if (o[i].face == face && o[i].gid == gid)
			return o[i].form;
	if (r->noutlines == r->coutlines) {
		r->coutlines = r->coutlines ? r->coutlines * 2 : 16;
		r->outlines = xrealloc(r->outlines, r->coutlines * sizeof *r->outlines);
	}
	HPDF_Dict form = make_form(r, face, gid);
	r->outlines[r->noutlines++] = (outline_form){ face, gid, form };
	return form;
}

/* Draws glyph gid of face as a filled outline with its origin at (x, y)
 * (PDF coordinates) at size pt, in the current fill colour, outside any
 * text object. */
void pdfr_outline_draw(render *r, int face, uint32_t gid, double x, double y, float size)
{
	HPDF_Dict form = form_of(r, face, gid);
	char cm[96];

	if (!form)
		return;
	pdfr_text_end(r);
	double s = (double)size / 1000.0;
	snprintf(cm, sizeof cm, "q %.5g 0 0 %.5g %.3f %.3f cm\012", s, s, x, y);
	HPDF_Stream_WriteStr(r->content, cm);
	HPDF_Page_ExecuteXObject(r->page, form);
	HPDF_Stream_WriteStr(r->content, "Q\012");
}

/* Frees the table of forms (the forms belong to the document). */
void pdfr_outline_free(render *r)
{
	free(r->outlines);
	r->outlines = NULL;
	r->noutlines = r->coutlines = 0;
}
