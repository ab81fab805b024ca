/* pdf_tags: the logical structure of a tagged PDF (PDF 1.7, 14.7-14.8),
 * which libharu 2.3 does not write: /MarkInfo, a structure tree of
 * /Document, one /Sect per tweet (a quoted tweet nested in it), /P per
 * paragraph, /Figure with /Alt and /BBox per image, /Link with /OBJR per
 * link annotation; the header, rules and footers as /Artifact; a
 * ParentTree from every marked-content sequence and annotation back to its
 * element. Built from the layout's per-box structure (layout_box.sect,
 * .para, .alt), so a document of several threads is tagged the same way. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf_objects.h>

#include "diag.h"
#include "pdf_int.h"

/* What the marked-content sequence open on the page is. */
enum { MC_NONE, MC_ARTIFACT, MC_ELEM };

/* A paragraph of this page whose text is all link text (a tweet's number
 * heading): its element is a /Link holding the text and the annotation. */
typedef struct linkpara {
	int para;
	HPDF_Dict elem;              /* NULL until its text is drawn */
} linkpara;

struct pdftags {
	HPDF_Dict root, doc;           /* StructTreeRoot, the /Document element */
	HPDF_Dict *sects;              /* element of layout section i (NULL until used) */
	HPDF_Array page_kids;          /* this page's MCID -> element */
	HPDF_Array nums;               /* the ParentTree's /Nums (its current leaf's): pages as they come, then links */
	HPDF_Array kids;               /* a split ParentTree's leaves, else NULL */
	HPDF_Dict leaf;
	long leaf_lo, leaf_hi;         /* the current leaf's first and last keys */
	size_t leaf_pairs;
	HPDF_Dict *annots;             /* element of each link annotation, in order */
	size_t npages, nannots, cannots;
	HPDF_Dict *pend;               /* elements of the links to pages, drawn before their annotations */
	size_t npend, cpend, ndone;
	const layout_page *pg;         /* the page being drawn */
	linkpara *lp;                  /* this page's link paragraphs */
	size_t nlp, clp;
	int open;                      /* MC_* on the current page */
	int in_bt;                     /* the open sequence began inside BT .. ET */
	HPDF_Dict cur;                 /* its element (MC_ELEM) */
	const char *cur_tag;
	int mcid;                      /* next MCID on the current page */
	HPDF_Dict last_p;              /* the paragraph element last drawn, and its key */
	int last_sect, last_para;
};

/* A new structure element of type s under parent (NULL: the root), in
 * parent's /K. /Type is left out (optional, and a few hundred of them
 * cost kilobytes); /Pg and /K come with its first content. */
static HPDF_Dict new_elem(render *r, const char *s, HPDF_Dict parent)
{
	HPDF_Dict e = HPDF_Dict_New(r->pdf->mmgr);

	if (!e || HPDF_Xref_Add(r->pdf->xref, e) != HPDF_OK)
		return NULL;
	HPDF_Dict_AddName(e, "S", s);
	HPDF_Dict_Add(e, "P", parent ? parent : r->tags->root);
	HPDF_Dict target = parent ? parent : r->tags->root;
	HPDF_Array pk = HPDF_Dict_GetItem(target, "K", HPDF_OCLASS_ARRAY);
	if (!pk) {
		pk = HPDF_Array_New(r->pdf->mmgr);
		HPDF_Dict_Add(target, "K", pk);
	}
	if (pk)
		HPDF_Array_Add(pk, e);
	return e;
}

/* The value of d[key] (NULL if none), of any class: HPDF_Dict_GetItem
 * records an error when the class is not the one asked for. */
static HPDF_Obj_Header *item(HPDF_Dict d, const char *key)
{
	for (HPDF_UINT i = 0; i < d->list->count; i++) {
		HPDF_DictElement el = HPDF_List_ItemAt(d->list, i);
		if (strcmp(el->key, key) == 0)
			return el->value;
	}
	return NULL;
}

/* Adds a kid (an MCID number when o is NULL, else the object o) to e's
 * /K: a lone MCID stays a plain number, the form readers take first. */
static void add_kid(render *r, HPDF_Dict e, int mcid, void *o)
{
	HPDF_Obj_Header *k = item(e, "K");
	HPDF_Array a;

	if (!k && !o) {
		HPDF_Dict_AddNumber(e, "K", mcid);
		return;
	}
	if (k && (k->obj_class & HPDF_OCLASS_ANY) == HPDF_OCLASS_ARRAY) {
		a = (HPDF_Array)k;
	} else {
		a = HPDF_Array_New(r->pdf->mmgr);
		if (!a)
			return;
		if (k)
			HPDF_Array_AddNumber(a, ((HPDF_Number)k)->value);
		HPDF_Dict_Add(e, "K", a);
	}
	if (o)
		HPDF_Array_Add(a, o);
	else
		HPDF_Array_AddNumber(a, mcid);
}

/* The language tag worth writing: not empty, "und" or absurdly long. */
static int lang_ok(const char *l)
{
	return l && *l && strcmp(l, "und") != 0 && strlen(l) < 16;
}

/* The language of layout section k (1-based; 0: the document): its own,
 * else its parent's, as a reader takes it. NULL when none. */
static const char *lang_of(const render *r, int k)
{
	for (int hops = 0; k > 0 && (size_t)k <= r->d->nsects && hops < 64; hops++) {
		const layout_sect *ls = &r->d->sects[k - 1];
		if (lang_ok(ls->lang))
			return ls->lang;
		k = ls->parent;
	}
	return lang_ok(r->d->lang) ? r->d->lang : NULL;
}

/* The element of layout section k (1-based; 0: the document), made with
 * its parents on first use: /Sect (or the section's type), titled by its
 * label, with its /Lang when it is not its parent's. */
static HPDF_Dict sect_elem(render *r, int k)
{
	pdftags *t = r->tags;

	if (k <= 0 || (size_t)k > r->d->nsects)
		return t->doc;
	if (t->sects[k - 1])
		return t->sects[k - 1];
	const layout_sect *ls = &r->d->sects[k - 1];
	HPDF_Dict e = new_elem(r, ls->type ? ls->type : "Sect", sect_elem(r, ls->parent));
	if (!e)
		return t->doc;
	if (ls->label)
		HPDF_Dict_Add(e, "T", pdfr_text_obj(r->pdf, ls->label));
	const char *up = lang_of(r, ls->parent);
	if (lang_ok(ls->lang) && !(up && strcmp(ls->lang, up) == 0))
		HPDF_Dict_Add(e, "Lang", HPDF_String_New(r->pdf->mmgr, ls->lang, NULL));
	t->sects[k - 1] = e;
	return e;
}

/* Pairs in one leaf of the ParentTree when it is split (a leaf's /Nums
 * holds two array elements a pair, libharu's arrays at most
 * HPDF_LIMIT_MAX_ARRAY). */
#define LEAF_PAIRS 8192

/* Whether the structure fits libharu's arrays (HPDF_LIMIT_MAX_ARRAY
 * elements): no element may have more kids; the /Document's are its
 * top-level sections and the links outside any section (the ParentTree is
 * split into leaves when it is long). A document that does not (one
 * section of some 30,000 tweets) is written untagged instead. Sets *keys
 * to the ParentTree's keys: one a page and one a link annotation. */
static int tags_fit(const render *r, size_t *keys)
{
	size_t *kids = xcalloc(r->d->nsects + 1, sizeof *kids), most = 0;

	*keys = r->d->npages;
	for (size_t p = 0; p < r->d->npages; p++)
		for (size_t i = 0; i < r->d->pages[p].nboxes; i++) {
			const layout_box *b = &r->d->pages[p].boxes[i];
			*keys += b->kind == BOX_LINK;
			kids[0] += b->kind == BOX_LINK && b->sect == 0;
		}
	for (size_t i = 0; i < r->d->nsects; i++) {
		int up = r->d->sects[i].parent;
		kids[up >= 0 && (size_t)up <= r->d->nsects ? up : 0]++;
	}
	for (size_t i = 0; i <= r->d->nsects; i++)
		most = kids[i] > most ? kids[i] : most;
	free(kids);
	return most < HPDF_LIMIT_MAX_ARRAY;
}

/* Starts a new leaf of a split ParentTree (t->leaf, its /Nums t->nums). */
static int new_leaf(render *r)
{
	pdftags *t = r->tags;
	HPDF_Dict leaf = HPDF_Dict_New(r->pdf->mmgr);

	t->nums = HPDF_Array_New(r->pdf->mmgr);
	if (!leaf || !t->nums || HPDF_Xref_Add(r->pdf->xref, leaf) != HPDF_OK ||
	    HPDF_Dict_Add(leaf, "Nums", t->nums) != HPDF_OK || HPDF_Array_Add(t->kids, leaf) != HPDF_OK)
		return -1;
	t->leaf = leaf;
	t->leaf_pairs = 0;
	return 0;
}

/* Closes the current leaf of a split ParentTree: its /Limits. */
static void close_leaf(render *r)
{
	pdftags *t = r->tags;
	HPDF_Array lim = t->leaf ? HPDF_Array_New(r->pdf->mmgr) : NULL;

	if (!lim)
		return;
	HPDF_Array_AddNumber(lim, (HPDF_INT)t->leaf_lo);
	HPDF_Array_AddNumber(lim, (HPDF_INT)t->leaf_hi);
	HPDF_Dict_Add(t->leaf, "Limits", lim);
}

/* Adds the ParentTree entry key -> value (keys come in increasing order):
 * into the one /Nums, or the current leaf, a new one when it is full. */
static void tree_add(render *r, long key, void *value)
{
	pdftags *t = r->tags;

	if (t->kids && t->leaf_pairs == LEAF_PAIRS) {
		close_leaf(r);
		if (new_leaf(r) != 0)
			return;
	}
	if (t->kids && t->leaf_pairs == 0)
		t->leaf_lo = key;
	t->leaf_hi = key;
	t->leaf_pairs++;
	HPDF_Array_AddNumber(t->nums, (HPDF_INT)key);
	HPDF_Array_Add(t->nums, value);
}

/* The root's ParentTree: one /Nums, or /Kids leaves of LEAF_PAIRS keys
 * when the document has more. */
static int make_tree(render *r, size_t keys)
{
	pdftags *t = r->tags;
	HPDF_Dict pt = HPDF_Dict_New(r->pdf->mmgr);

	if (!pt || HPDF_Xref_Add(r->pdf->xref, pt) != HPDF_OK || HPDF_Dict_Add(t->root, "ParentTree", pt) != HPDF_OK)
		return -1;
	if (keys > LEAF_PAIRS) {
		t->kids = HPDF_Array_New(r->pdf->mmgr);
		return t->kids && HPDF_Dict_Add(pt, "Kids", t->kids) == HPDF_OK ? new_leaf(r) : -1;
	}
	t->nums = HPDF_Array_New(r->pdf->mmgr);
	return t->nums && HPDF_Dict_Add(pt, "Nums", t->nums) == HPDF_OK ? 0 : -1;
}

tp_result pdfr_tags_new(render *r, char *msg, size_t msglen)
{
	size_t keys;

	if (!tags_fit(r, &keys)) {
		warnf("an element of the structure (%zu sections) would hold more than %d parts, libharu's "
		      "limit; written untagged", r->d->nsects, HPDF_LIMIT_MAX_ARRAY - 1);
		return TP_OK;
	}
	pdftags *t = xcalloc(1, sizeof *t);

	r->tags = t;
	t->sects = xcalloc(r->d->nsects + 1, sizeof *t->sects);
	t->root = HPDF_Dict_New(r->pdf->mmgr);
	if (!t->root || HPDF_Xref_Add(r->pdf->xref, t->root) != HPDF_OK)
		return tp_fail(TP_ERR_PDF, msg, msglen, "libharu cannot make the structure tree");
	HPDF_Dict_AddName(t->root, "Type", "StructTreeRoot");
	if (make_tree(r, keys) != 0)
		return tp_fail(TP_ERR_PDF, msg, msglen, "libharu cannot make the structure tree");
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
	free(r->tags->annots);
	free(r->tags->pend);
	free(r->tags->lp);
	free(r->tags);
	r->tags = NULL;
}

/* Writes s into the page's content stream. */
static void put(render *r, const char *s)
{
	HPDF_Stream_WriteStr(r->content, s);
}

/* Ends the open marked-content sequence; a text object opened inside it
 * ends first, one it was opened in stays open. */
static void mc_end(render *r)
{
	pdftags *t = r->tags;

	if (t->open == MC_NONE)
		return;
	if (!t->in_bt)
		pdfr_text_end(r);
	put(r, "EMC\n");
	t->open = MC_NONE;
}

/* Opens an artifact sequence. */
static void mc_artifact(render *r)
{
	put(r, "/Artifact BMC\n");
	r->tags->open = MC_ARTIFACT;
	r->tags->in_bt = r->in_text;
}

/* Opens a marked-content sequence of element e (tag s), the next MCID of
 * the page, in e's /K (by number on e's page, else by a reference). */
static void mc_elem(render *r, const char *s, HPDF_Dict e)
{
	pdftags *t = r->tags;
	char op[64];

	snprintf(op, sizeof op, "/%s<</MCID %d>>BDC\n", s, t->mcid);
	put(r, op);
	HPDF_Dict pg = HPDF_Dict_GetItem(e, "Pg", HPDF_OCLASS_DICT);
	if (!pg) {
		HPDF_Dict_Add(e, "Pg", r->page);
		pg = r->page;
	}
	if (pg == r->page) {
		add_kid(r, e, t->mcid, NULL);
	} else {
		HPDF_Dict mcr = HPDF_Dict_New(r->pdf->mmgr);
		HPDF_Dict_AddName(mcr, "Type", "MCR");
		HPDF_Dict_Add(mcr, "Pg", r->page);
		HPDF_Dict_AddNumber(mcr, "MCID", t->mcid);
		add_kid(r, e, 0, mcr);
	}
	HPDF_Array_Add(t->page_kids, e);
	t->mcid++;
	t->open = MC_ELEM;
	t->in_bt = r->in_text;
	t->cur = e;
	t->cur_tag = s;
}

int pdfr_tags_text_closing(render *r)
{
	pdftags *t = r->tags;

	if (t->open == MC_NONE || !t->in_bt)
		return 0;
	put(r, "EMC\n");
	return t->open;
}

void pdfr_tags_text_closed(render *r)
{
	pdftags *t = r->tags;

	t->in_bt = 0;
	if (t->open == MC_ARTIFACT)
		mc_artifact(r);
	else
		mc_elem(r, t->cur_tag, t->cur);
}

/* The /Figure of an image box: its /Alt and its bounding box (whole
 * points around it: five decimals of four reals cost more than they say). */
static HPDF_Dict figure(render *r, const layout_box *b)
{
	HPDF_Dict e = new_elem(r, "Figure", sect_elem(r, b->sect));
	HPDF_Dict a = e ? HPDF_Dict_New(r->pdf->mmgr) : NULL;

	if (!a)
		return e;
	HPDF_Dict_Add(e, "Alt", pdfr_text_obj(r->pdf, b->alt && *b->alt ? b->alt : "Image"));
	HPDF_Dict_AddName(a, "O", "Layout");
	HPDF_Array bb = HPDF_Array_New(r->pdf->mmgr);
	HPDF_Array_AddNumber(bb, (HPDF_INT)floorf(b->x));
	HPDF_Array_AddNumber(bb, (HPDF_INT)floorf(r->ph - b->y - b->h));
	HPDF_Array_AddNumber(bb, (HPDF_INT)ceilf(b->x + b->w));
	HPDF_Array_AddNumber(bb, (HPDF_INT)ceilf(r->ph - b->y));
	HPDF_Dict_Add(a, "BBox", bb);
	HPDF_Dict_Add(e, "A", a);
	return e;
}

/* Whether the middle of box b lies inside box l. */
static int inside(const layout_box *b, const layout_box *l)
{
	float mx = b->x + b->w / 2, my = b->y - b->h / 2;

	return mx >= l->x && mx <= l->x + l->w && my >= l->y && my <= l->y + l->h;
}

/* Whether every text box of paragraph para (from box i on) lies under a
 * link box of the same paragraph, and there is one. */
static int all_link(const layout_page *pg, size_t i, int para)
{
	int links = 0;

	for (size_t j = 0; j < pg->nboxes; j++)
		links += pg->boxes[j].kind == BOX_LINK && pg->boxes[j].para == para && pg->boxes[j].uri;
	if (!links)
		return 0;
	for (; i < pg->nboxes; i++) {
		const layout_box *b = &pg->boxes[i];
		int under = 0;
		if (b->kind != BOX_TEXT || b->para != para)
			continue;
		for (size_t j = 0; j < pg->nboxes && !under; j++)
			under = pg->boxes[j].kind == BOX_LINK && pg->boxes[j].para == para && inside(b, &pg->boxes[j]);
		if (!under)
			return 0;
	}
	return 1;
}

/* Finds the page's link paragraphs (pdfr_tags_box then tags them /Link). */
static void find_link_paras(pdftags *t, const layout_page *pg)
{
	int last = 0;

	t->nlp = 0;
	for (size_t i = 0; i < pg->nboxes; i++) {
		const layout_box *b = &pg->boxes[i];
		if (b->kind != BOX_TEXT || b->sect == 0 || b->para == last)
			continue;
		last = b->para;
		if (!all_link(pg, i, b->para))
			continue;
		if (t->nlp == t->clp) {
			t->clp = t->clp ? 2 * t->clp : 8;
			t->lp = xrealloc(t->lp, t->clp * sizeof *t->lp);
		}
		t->lp[t->nlp++] = (linkpara){ b->para, NULL };
	}
}

/* The page's link paragraph para, or NULL. */
static linkpara *link_para(pdftags *t, int para)
{
	for (size_t i = 0; i < t->nlp; i++)
		if (t->lp[i].para == para)
			return &t->lp[i];
	return NULL;
}

void pdfr_tags_page_begin(render *r, const layout_page *pg)
{
	pdftags *t = r->tags;

	t->open = MC_NONE;
	t->mcid = 0;
	t->page_kids = HPDF_Array_New(r->pdf->mmgr);
	tree_add(r, (long)t->npages, t->page_kids);
	HPDF_Dict_AddNumber(r->page, "StructParents", (HPDF_INT)t->npages);
	t->npages++;
	t->pg = pg;
	find_link_paras(t, pg);
}

/* Whether paragraph para has colour glyphs (images) on this page from
 * box b on (its text boxes come one after another). */
static int para_has_color(const layout_page *pg, const layout_box *b, int para)
{
	for (size_t i = (size_t)(b - pg->boxes); i < pg->nboxes; i++) {
		const layout_box *c = &pg->boxes[i];
		if (c->kind != BOX_TEXT)
			continue;
		if (c->para != para)
			return 0;
		if (c->run && c->run->color)
			return 1;
	}
	return 0;
}

/* Puts the text object in the state the sequence of box b starts in: open
 * for outline text (so that the sequences of several paragraphs share one
 * text object), closed for anything else, and for a paragraph with colour
 * glyphs (their images would end the text object, and the sequence with
 * it). */
static void text_for(render *r, const layout_box *b)
{
	const layout_page *pg = r->tags->pg;
	int in_page = pg && b >= pg->boxes && b < pg->boxes + pg->nboxes;

	if (b->kind == BOX_TEXT && b->run && !b->run->color && !(in_page && para_has_color(pg, b, b->para)))
		pdfr_text_begin(r);
	else
		pdfr_text_end(r);
}

void pdfr_tags_box(render *r, const layout_box *b)
{
	pdftags *t = r->tags;

	if (b->kind == BOX_LINK)
		return;
	if (b->sect == 0 || b->kind == BOX_RECT) {
		if (t->open != MC_ARTIFACT) {
			mc_end(r);
			text_for(r, b);
			mc_artifact(r);
		}
		return;
	}
	if (b->kind == BOX_IMAGE || b->kind == BOX_PLACEHOLDER) {
		HPDF_Dict e = figure(r, b);
		mc_end(r);
		pdfr_text_end(r);
		if (e)
			mc_elem(r, "Figure", e);
		t->last_p = NULL;
		return;
	}
	if (t->open == MC_ELEM && t->last_p && t->last_sect == b->sect && t->last_para == b->para)
		return;
	linkpara *lp = link_para(t, b->para);
	if (!t->last_p || t->last_sect != b->sect || t->last_para != b->para) {
		t->last_p = lp && lp->elem ? lp->elem : new_elem(r, lp ? "Link" : "P", sect_elem(r, b->sect));
		t->last_sect = b->sect;
		t->last_para = b->para;
		if (lp)
			lp->elem = t->last_p;
	}
	mc_end(r);
	text_for(r, b);
	if (t->last_p)
		mc_elem(r, lp ? "Link" : "P", t->last_p);
}

void pdfr_tags_page_end(render *r)
{
	mc_end(r);
	r->tags->last_p = NULL;
}

/* The /Link element of link box b on the current page, in the structure
 * at b's place: a link paragraph's own element (its text is the link's),
 * else a new one on this page. */
static HPDF_Dict link_elem(render *r, const layout_box *b)
{
	linkpara *lp = link_para(r->tags, b->para);
	HPDF_Dict e;

	if (lp && lp->elem)
		return lp->elem;
	e = new_elem(r, "Link", sect_elem(r, b->sect));
	if (e)
		HPDF_Dict_Add(e, "Pg", r->page);
	return e;
}

/* Makes annot a content item of element e: an /OBJR in e's /K, and the
 * annotation's /StructParent the next key after the pages'. */
static void attach(render *r, HPDF_Dict e, HPDF_Dict annot)
{
	pdftags *t = r->tags;
	HPDF_Dict objr = e && annot ? HPDF_Dict_New(r->pdf->mmgr) : NULL;

	if (!objr)
		return;
	HPDF_Dict_AddName(objr, "Type", "OBJR");
	HPDF_Dict_Add(objr, "Obj", annot);
	add_kid(r, e, 0, objr);
	HPDF_Dict_AddNumber(annot, "StructParent", (HPDF_INT)(r->d->npages + t->nannots));
	if (t->nannots == t->cannots) {
		t->cannots = t->cannots ? 2 * t->cannots : 64;
		t->annots = xrealloc(t->annots, t->cannots * sizeof *t->annots);
	}
	t->annots[t->nannots++] = e;
}

void pdfr_tags_link(render *r, const layout_box *b, HPDF_Dict annot)
{
	attach(r, link_elem(r, b), annot);
}

void pdfr_tags_page_link(render *r, const layout_box *b)
{
	pdftags *t = r->tags;

	if (t->npend == t->cpend) {
		t->cpend = t->cpend ? 2 * t->cpend : 16;
		t->pend = xrealloc(t->pend, t->cpend * sizeof *t->pend);
	}
	t->pend[t->npend++] = link_elem(r, b);
}

void pdfr_tags_page_link_annot(render *r, HPDF_Dict annot)
{
	pdftags *t = r->tags;

	if (t->ndone < t->npend)
		attach(r, t->pend[t->ndone++], annot);
}

void pdfr_tags_finish(render *r)
{
	pdftags *t = r->tags;
	HPDF_MMgr mm = r->pdf->mmgr;
	HPDF_Dict mark = HPDF_Dict_New(mm), vp = HPDF_Dict_New(mm);

	for (size_t i = 0; i < t->nannots; i++)
		tree_add(r, (long)(r->d->npages + i), t->annots[i]);
	if (t->kids)
		close_leaf(r);
	HPDF_Dict_AddNumber(t->root, "ParentTreeNextKey", (HPDF_INT)(r->d->npages + t->nannots));
	if (mark) {
		HPDF_Dict_AddBoolean(mark, "Marked", HPDF_TRUE);
		HPDF_Dict_Add(r->pdf->catalog, "MarkInfo", mark);
	}
	HPDF_Dict_Add(r->pdf->catalog, "StructTreeRoot", t->root);
	if (vp) {
		HPDF_Dict_AddBoolean(vp, "DisplayDocTitle", HPDF_TRUE);
		HPDF_Dict_Add(r->pdf->catalog, "ViewerPreferences", vp);
	}
	if (lang_ok(r->d->lang))
		HPDF_Dict_Add(r->pdf->catalog, "Lang", HPDF_String_New(mm, r->d->lang, NULL));
}
