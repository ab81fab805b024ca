/* pdf_tags: the logical structure of a tagged PDF (PDF 1.7, 14.7-14.8),
 * which libharu 2.3 does not write: /MarkInfo, a structure tree of
 * /Document, one /Sect per tweet (a quoted tweet nested in it), /P per
 * paragraph, /Figure with /Alt and /BBox per image, /Link with /OBJR per
 * link annotation; the header, rules and footers as /Artifact; a
 * ParentTree from every marked-content sequence and annotation back to its
 * element. Built from the layout's per-box structure (layout_box.sect,
 * .para, .alt), so a document of several threads is tagged the same way. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_int.h"

/* What the marked-content sequence open on the page is. */
enum { MC_NONE, MC_ARTIFACT, MC_ELEM };

struct pdftags {
	HPDF_Dict root, doc;           /* StructTreeRoot, the /Document element */
	HPDF_Dict *sects;              /* element of layout section i (NULL until used) */
	HPDF_Array page_kids;          /* this page's MCID -> element */
	HPDF_Array *pages;             /* ParentTree entries of the pages */
	HPDF_Dict *annots;             /* element of each link annotation, in order */
	size_t npages, nannots, cannots;
	int open;                      /* MC_* on the current page */
	int mcid;                      /* next MCID on the current page */
	HPDF_Dict last_p;              /* the paragraph element last drawn, and its key */
	int last_sect, last_para;
};

/* A new structure element of type s under parent (NULL: the root), in
 * parent's /K; its /Pg is the current page. /Type is left out (optional,
 * and a few hundred of them cost kilobytes). */
static HPDF_Dict new_elem(render *r, const char *s, HPDF_Dict parent)
{
	HPDF_Dict e = HPDF_Dict_New(r->pdf->mmgr);

	if (!e || HPDF_Xref_Add(r->pdf->xref, e) != HPDF_OK)
		return NULL;
	HPDF_Dict_AddName(e, "S", s);
	HPDF_Dict_Add(e, "P", parent ? parent : r->tags->root);
	if (r->page)
		HPDF_Dict_Add(e, "Pg", r->page);
	HPDF_Array k = HPDF_Array_New(r->pdf->mmgr);
	HPDF_Dict_Add(e, "K", k);
	HPDF_Dict target = parent ? parent : r->tags->root;
	HPDF_Array pk = HPDF_Dict_GetItem(target, "K", HPDF_OCLASS_ARRAY);
	if (pk)
		HPDF_Array_Add(pk, e);
	return e;
}

/* The element of layout section k (1-based; 0: the document), made with
 * its parents on first use: /Sect, titled by its label, with its /Lang. */
static HPDF_Dict sect_elem(render *r, int k)
{
	pdftags *t = r->tags;

	if (k <= 0 || (size_t)k > r->d->nsects)
		return t->doc;
	if (t->sects[k - 1])
		return t->sects[k - 1];
	const layout_sect *ls = &r->d->sects[k - 1];
	HPDF_Dict e = new_elem(r, "Sect", sect_elem(r, ls->parent));
	if (!e)
		return t->doc;
	if (ls->label)
		HPDF_Dict_Add(e, "T", pdfr_text_obj(r->pdf, ls->label));
	if (ls->lang && *ls->lang && strcmp(ls->lang, "und") != 0 && strlen(ls->lang) < 16)
		HPDF_Dict_Add(e, "Lang", HPDF_String_New(r->pdf->mmgr, ls->lang, NULL));
	t->sects[k - 1] = e;
	return e;
}

tp_result pdfr_tags_new(render *r, char *msg, size_t msglen)
{
	pdftags *t = xcalloc(1, sizeof *t);

	r->tags = t;
	t->sects = xcalloc(r->d->nsects + 1, sizeof *t->sects);
	t->pages = xcalloc(r->d->npages + 1, sizeof *t->pages);
	t->root = HPDF_Dict_New(r->pdf->mmgr);
	if (!t->root || HPDF_Xref_Add(r->pdf->xref, t->root) != HPDF_OK)
		return tp_fail(TP_ERR_PDF, msg, msglen, "libharu cannot make the structure tree");
	HPDF_Dict_AddName(t->root, "Type", "StructTreeRoot");
	HPDF_Dict_Add(t->root, "K", HPDF_Array_New(r->pdf->mmgr));
	t->doc = new_elem(r, "Document", NULL);
	if (!t->doc)
		return tp_fail(TP_ERR_PDF, msg, msglen, "libharu cannot make the structure tree");
	return TP_OK;
}

void pdfr_tags_free(render *r)
{
	if (!r->tags)
		return;
	free(r->tags->sects);
	free(r->tags->pages);
	free(r->tags->annots);
	free(r->tags);
	r->tags = NULL;
}

/* Writes s into the page's content stream. */
static void put(render *r, const char *s)
{
	HPDF_Stream_WriteStr(r->content, s);
}

/* Ends the open marked-content sequence (and the text object inside it). */
static void mc_end(render *r)
{
	if (r->tags->open == MC_NONE)
		return;
	pdfr_text_end(r);
	put(r, "EMC\n");
	r->tags->open = MC_NONE;
}

/* Opens a marked-content sequence of element e, the next MCID of the page. */
static void mc_elem(render *r, const char *s, HPDF_Dict e)
{
	pdftags *t = r->tags;
	char op[64];

	mc_end(r);
	snprintf(op, sizeof op, "/%s <</MCID %d>> BDC\n", s, t->mcid);
	put(r, op);
	HPDF_Array k = HPDF_Dict_GetItem(e, "K", HPDF_OCLASS_ARRAY);
	HPDF_Dict pg = HPDF_Dict_GetItem(e, "Pg", HPDF_OCLASS_DICT);
	if (pg == r->page) {
		HPDF_Array_AddNumber(k, t->mcid);
	} else {
		HPDF_Dict mcr = HPDF_Dict_New(r->pdf->mmgr);
		HPDF_Dict_AddName(mcr, "Type", "MCR");
		HPDF_Dict_Add(mcr, "Pg", r->page);
		HPDF_Dict_AddNumber(mcr, "MCID", t->mcid);
		HPDF_Array_Add(k, mcr);
	}
	HPDF_Array_Add(t->page_kids, e);
	t->mcid++;
	t->open = MC_ELEM;
}

/* The /Figure of an image box: its /Alt and its bounding box. */
static HPDF_Dict figure(render *r, const layout_box *b)
{
	HPDF_Dict e = new_elem(r, "Figure", sect_elem(r, b->sect));
	HPDF_Dict a = e ? HPDF_Dict_New(r->pdf->mmgr) : NULL;

	if (!a)
		return e;
	HPDF_Dict_Add(e, "Alt", pdfr_text_obj(r->pdf, b->alt && *b->alt ? b->alt : "Image"));
	HPDF_Dict_AddName(a, "O", "Layout");
	HPDF_Array bb = HPDF_Array_New(r->pdf->mmgr);
	HPDF_Array_AddReal(bb, b->x);
	HPDF_Array_AddReal(bb, r->ph - b->y - b->h);
	HPDF_Array_AddReal(bb, b->x + b->w);
	HPDF_Array_AddReal(bb, r->ph - b->y);
	HPDF_Dict_Add(a, "BBox", bb);
	HPDF_Dict_Add(e, "A", a);
	return e;
}

void pdfr_tags_page_begin(render *r)
{
	pdftags *t = r->tags;

	t->open = MC_NONE;
	t->mcid = 0;
	t->page_kids = HPDF_Array_New(r->pdf->mmgr);
	t->pages[t->npages] = t->page_kids;
	HPDF_Dict_AddNumber(r->page, "StructParents", (HPDF_INT)t->npages);
	t->npages++;
}

void pdfr_tags_box(render *r, const layout_box *b)
{
	pdftags *t = r->tags;

	if (b->kind == BOX_LINK)
		return;
	if (b->sect == 0 || b->kind == BOX_RECT) {
		if (t->open != MC_ARTIFACT) {
			mc_end(r);
			put(r, "/Artifact BMC\n");
			t->open = MC_ARTIFACT;
		}
		return;
	}
	if (b->kind == BOX_IMAGE || b->kind == BOX_PLACEHOLDER) {
		HPDF_Dict e = figure(r, b);
		if (e)
			mc_elem(r, "Figure", e);
		t->last_p = NULL;
		return;
	}
	if (t->open == MC_ELEM && t->last_p && t->last_sect == b->sect && t->last_para == b->para)
		return;
	if (!t->last_p || t->last_sect != b->sect || t->last_para != b->para) {
		t->last_p = new_elem(r, "P", sect_elem(r, b->sect));
		t->last_sect = b->sect;
		t->last_para = b->para;
	}
	if (t->last_p)
		mc_elem(r, "P", t->last_p);
}

void pdfr_tags_page_end(render *r)
{
	mc_end(r);
	r->tags->last_p = NULL;
}

void pdfr_tags_link(render *r, const layout_box *b, HPDF_Dict annot)
{
	pdftags *t = r->tags;
	HPDF_Dict e = new_elem(r, "Link", sect_elem(r, b->sect));
	HPDF_Dict objr = e ? HPDF_Dict_New(r->pdf->mmgr) : NULL;

	if (!objr)
		return;
	HPDF_Dict_AddName(objr, "Type", "OBJR");
	HPDF_Dict_Add(objr, "Obj", annot);
	HPDF_Dict_Add(objr, "Pg", r->page);
	HPDF_Array_Add(HPDF_Dict_GetItem(e, "K", HPDF_OCLASS_ARRAY), objr);
	HPDF_Dict_AddNumber(annot, "StructParent", (HPDF_INT)(r->d->npages + t->nannots));
	if (t->nannots == t->cannots) {
		t->cannots = t->cannots ? 2 * t->cannots : 64;
		t->annots = xrealloc(t->annots, t->cannots * sizeof *t->annots);
	}
	t->annots[t->nannots++] = e;
}

void pdfr_tags_finish(render *r)
{
	pdftags *t = r->tags;
	HPDF_MMgr mm = r->pdf->mmgr;
	HPDF_Dict pt = HPDF_Dict_New(mm), mark = HPDF_Dict_New(mm), vp = HPDF_Dict_New(mm);
	HPDF_Array nums = HPDF_Array_New(mm);

	if (!pt || !mark || !vp || !nums || HPDF_Xref_Add(r->pdf->xref, pt) != HPDF_OK)
		return;
	for (size_t i = 0; i < t->npages; i++) {
		HPDF_Array_AddNumber(nums, (HPDF_INT)i);
		HPDF_Array_Add(nums, t->pages[i]);
	}
	for (size_t i = 0; i < t->nannots; i++) {
		HPDF_Array_AddNumber(nums, (HPDF_INT)(r->d->npages + i));
		HPDF_Array_Add(nums, t->annots[i]);
	}
	HPDF_Dict_Add(pt, "Nums", nums);
	HPDF_Dict_Add(t->root, "ParentTree", pt);
	HPDF_Dict_AddNumber(t->root, "ParentTreeNextKey", (HPDF_INT)(r->d->npages + t->nannots));
	HPDF_Dict_AddBoolean(mark, "Marked", HPDF_TRUE);
	HPDF_Dict_Add(r->pdf->catalog, "MarkInfo", mark);
	HPDF_Dict_Add(r->pdf->catalog, "StructTreeRoot", t->root);
	HPDF_Dict_AddBoolean(vp, "DisplayDocTitle", HPDF_TRUE);
	HPDF_Dict_Add(r->pdf->catalog, "ViewerPreferences", vp);
	if (r->d->lang && *r->d->lang && strcmp(r->d->lang, "und") != 0 && strlen(r->d->lang) < 16)
		HPDF_Dict_Add(r->pdf->catalog, "Lang", HPDF_String_New(mm, r->d->lang, NULL));
}
