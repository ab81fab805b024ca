/* collection: the threads of batch jobs (inputs.h) as one book PDF.
 *
 * Every job is assembled, laid out as a chapter of a book (book.h) and
 * drawn into one PDF whose fonts are subset once for the whole book. One
 * thread's images are in memory at a time: they are loaded (archive photos,
 * media.h) when the book first needs them, kept in an unlinked temporary
 * file between its layout and its pages' drawing, and the PDF keeps image
 * and page bytes in a temporary file of its own until the save
 * (pdf_render_spooled). Sits beside batch: model -> layout -> PDF bytes;
 * knows nothing of where the bytes go. */
#ifndef THREADPDF_COLLECTION_H
#define THREADPDF_COLLECTION_H

#include <stddef.h>

#include "batch.h"
#include "book.h"
#include "media.h"
#include "result.h"
#include "util.h"

typedef struct collection_opts {
	book_opts book;              /* layout, title, order (its media hook is the collection's) */
	const char *fonts_dir;       /* NULL: fonts_default_dir() */
	const char *dump;            /* "layout": the book's layout dump instead of the PDF */
	media_opts media;
} collection_opts;

typedef struct collection_stats {
	size_t threads;              /* jobs given */
	size_t chapters;             /* threads in the book */
	size_t failed;               /* jobs that could not be assembled */
	size_t pages;
} collection_stats;

/* Appends the book of the jobs' threads to out (the PDF, or the dump).
 * A job that cannot be assembled is reported in one line and left out:
 * TP_ERR_PARTIAL then, with the book made of the others. TP_ERR_INPUT when
 * no thread is left; TP_ERR_FONT / TP_ERR_PDF / TP_ERR_IO as pdf.h says;
 * on failure out is as it was. */
tp_result collection_render(const collection_opts *o, const batch_job *jobs, size_t njobs, buf *out,
			    collection_stats *st, char *msg, size_t msglen);

#endif
