/* render: fonts and text engine opened once; each thread laid out and drawn. */
#include "render.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fonts.h"
#include "pdf.h"
#include "text.h"

struct render {
	fonts *f;
	text *tx;
};

/* Opens the fonts set (see render.h). */
tp_result render_new(const char *fonts_dir, render **out, char *msg, size_t msglen)
{
	render *r = xcalloc(1, sizeof *r);
	tp_result res = fonts_new(fonts_dir ? fonts_dir : fonts_default_dir(), &r->f, msg, msglen);

	*out = NULL;
	if (res != TP_OK) {
		free(r);
		return res;
	}
	r->tx = text_new(r->f);
	*out = r;
	return TP_OK;
}

/* Frees the engine and the fonts; NULL is fine. */
void render_free(render *r)
{
	if (!r)
		return;
	text_free(r->tx);
	fonts_free(r->f);
	free(r);
}

/* One warning naming the characters no font on the machine covers. */
static void warn_missing(const text *tx)
{
	char *missing = text_missing(tx);

	if (missing)
		warnf("no font on this machine has these characters (drawn as boxes): %s", missing);
	free(missing);
}

/* Lays out and draws one thread (see render.h). */
tp_result render_thread(render *r, const thread *t, const layout_opts *o, const char *dump,
			buf *pdf, render_result *res, char *msg, size_t msglen)
{
	layout_doc *d = NULL;
	tp_result rc;

	text_missing_clear(r->tx);
	rc = layout_thread(t, r->tx, o, &d, msg, msglen);
	diag_stage("layout");
	if (rc != TP_OK)
		goto cleanup;
	warn_missing(r->tx);
	if (dump && strcmp(dump, "layout") == 0) {
		layout_dump(d, r->f, pdf);
	} else {
		rc = pdf_render(d, r->f, pdf, msg, msglen);
		diag_stage("pdf: freed");
	}
	if (res)
		res->npages = d->npages;
cleanup:
	layout_doc_free(d);
	return rc;
}
