/* book: many threads as one document. A cover (avatar, name, title, date
 * range, counts), contents pages whose entries (title, date, tweets, page
 * number after dot leaders) link to their chapters, then one chapter per
 * thread laid out exactly as layout_thread() lays out a single thread, each
 * starting on a new page. Footers carry the book's page number and the
 * chapter's title; the outline nests each thread's tweets below its entry;
 * the cover and contents are front pages (labelled i, ii…).
 *
 * Pure layout like layout.h: no libharu; layout_dump() dumps the document.
 * The contents' page numbers are the chapters' real pages: every chapter is
 * laid out, then the contents, whose length does not depend on the numbers. */
#ifndef THREADPDF_BOOK_H
#define THREADPDF_BOOK_H

#include <stddef.h>

#include "layout.h"
#include "result.h"
#include "text.h"
#include "thread.h"

typedef struct book_opts {
	layout_opts layout;
	const char *title;           /* cover and document title; NULL: "Threads by Name" */
	int newest_first;            /* 1: chapters from the newest root to the oldest */
	/* Called with load 1 before the book lays out what needs thread i's
	 * images (i indexes the threads given) and with 0 after, so that a
	 * caller can hold one thread's images at a time; may be NULL. */
	void (*media)(void *ctx, size_t i, int load);
	void *ctx;
} book_opts;

/* One chapter: which thread, and its pages in the document. */
typedef struct book_chapter {
	size_t thread;               /* index into the threads given */
	size_t first_page;           /* 0-based */
	size_t npages;
} book_chapter;

typedef struct book {
	layout_doc *doc;             /* owned */
	book_chapter *chapters;      /* owned, in book order */
	size_t nchapters;
	size_t front_pages;          /* cover and contents: doc->front_pages */
} book;

/* Lays the threads out as a book: chapters in the order of their roots'
 * times (then ids), a thread whose root is already in the book left out.
 * The threads and the engine must outlive the book (boxes borrow from
 * them); the cover's avatar is the first chapter's author's. TP_ERR_INPUT
 * with msg when no thread has a tweet. Caller frees *out. */
tp_result book_layout(const thread *const *threads, size_t n, text *tx, const book_opts *o,
		      book **out, char *msg, size_t msglen);

/* The chapter page p (0-based) belongs to; the first one for front pages. */
const book_chapter *book_chapter_of(const book *b, size_t page);

/* Frees the book and its document; NULL is fine. */
void book_free(book *b);

#endif
