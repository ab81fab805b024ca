/* pdf: draws a laid-out document with libharu, and nothing else.
 *
 * Fonts are subset per document, one subset per face (pdffont.h, subset.h),
 * with ToUnicode maps that give every glyph its text, so that text
 * extraction, search and copy work for every script and for colour emoji
 * (drawn as images under invisible text). Images are embedded once per
 * distinct content: JPEG and plain PNG data passed through, other PNGs
 * decoded to colour + soft mask. An image that cannot be embedded becomes a
 * placeholder and a warning, never an error.
 *
 * The output depends on the document only: CreationDate is the thread's
 * first tweet time (layout_doc.created; left out when 0), never the clock,
 * so the same thread always gives the same bytes. Creator is "threadpdf",
 * Producer libharu's own. */
#ifndef THREADPDF_PDF_H
#define THREADPDF_PDF_H

#include <stddef.h>

#include "fonts.h"
#include "layout.h"
#include "result.h"
#include "util.h"

/* Renders d into out (appends the PDF bytes; on failure out is as it was).
 * The fonts set is the one the document was laid out with. TP_ERR_FONT
 * when the body font cannot be embedded, TP_ERR_PDF when libharu fails;
 * msg says which, in one line. */
tp_result pdf_render(const layout_doc *d, fonts *f, buf *out, char *msg, size_t msglen);

/* Called before page `page` (0-based) is drawn. */
typedef void (*pdf_page_fn)(void *ctx, size_t page);

/* pdf_render for a large document (a book) whose images need not stay in
 * memory: hook(ctx, p) runs before page p is drawn (to load the images it
 * shows; those of earlier pages may be dropped), and every image's bytes
 * and every page's compressed contents wait in an unlinked temporary file
 * until the save instead of in memory. The same bytes as pdf_render. */
tp_result pdf_render_spooled(const layout_doc *d, fonts *f, pdf_page_fn hook, void *ctx, buf *out,
			     char *msg, size_t msglen);

#endif
