/* book: chapters in date order each on its own pages, contents links and
 * outline marks pointing at the chapters' first pages, front pages, the
 * same chapter pages as a single-thread layout, and dropped duplicates. */
#include <stdlib.h>

#include "book.h"
#include "check.h"
#include "fonts.h"
#include "xv2.h"

/* Loads a sample thread, or NULL. */
static thread *sample(const char *name)
{
	char path[256], msg[256];
	thread *t = NULL;

	snprintf(path, sizeof path, "samples/%s/thread.json", name);
	if (xv2_load_file(path, &t, msg, sizeof msg) != TP_OK)
		printf("FAIL book-sample-%s: %s\n", name, msg);
	return t;
}

/* Checks the book of short, garden and short again (a duplicate). */
static void test_book(text *tx)
{
	thread *ts[3] = { sample("short"), sample("garden"), sample("short") };
	book_opts o = { .layout = { PAPER_A4, 11 } };
	layout_doc *one = NULL;
	book *b = NULL;
	char msg[256];

	if (!ts[0] || !ts[1] || !ts[2])
		goto cleanup;
	CHECK("book-lays-out", book_layout((const thread *const *)ts, 3, tx, &o, &b, msg, sizeof msg) == TP_OK);
	if (!b)
		goto cleanup;
	CHECK("book-duplicate-dropped", b->nchapters == 2);
	CHECK("book-date-order", b->chapters[0].thread == 1 && b->chapters[1].thread == 0);
	CHECK("book-front-pages", b->front_pages == 2 && b->doc->front_pages == 2 && b->chapters[0].first_page == 2);
	CHECK("book-chapters-follow", b->chapters[1].first_page == 2 + b->chapters[0].npages &&
					       b->chapters[1].first_page + b->chapters[1].npages == b->doc->npages);
	layout_thread(ts[1], tx, &o.layout, &one, msg, sizeof msg);
	CHECK("book-chapter-pages-as-single", one && one->npages == b->chapters[0].npages);
	size_t links = 0, good = 0;
	for (size_t i = 0; i < b->doc->pages[1].nboxes; i++) {
		const layout_box *x = &b->doc->pages[1].boxes[i];
		if (x->kind == BOX_LINK && x->dest_page > 0)
			good += (size_t)x->dest_page - 1 == b->chapters[links++].first_page;
	}
	CHECK("book-contents-links", links == 2 && good == 2);
	size_t top = 0, nested = 0;
	for (size_t i = 0; i < b->doc->nmarks; i++)
		b->doc->marks[i].level ? nested++ : top++;
	CHECK("book-outline-shape", top == 3 && nested == 8 + 3 && b->doc->marks[1].page == 2 &&
					    b->doc->marks[1].level == 0 && b->doc->marks[2].level == 1);
	CHECK("book-chapter-of", book_chapter_of(b, 0) == &b->chapters[0] &&
					 book_chapter_of(b, b->doc->npages - 1) == &b->chapters[1]);
	o.newest_first = 1;
	book_free(b);
	b = NULL;
	book_layout((const thread *const *)ts, 3, tx, &o, &b, msg, sizeof msg);
	CHECK("book-newest-first", b && b->chapters[0].thread == 0);
	CHECK("book-empty-fails", book_layout(NULL, 0, tx, &o, &(book *){ NULL }, msg, sizeof msg) == TP_ERR_INPUT);
cleanup:
	layout_doc_free(one);
	book_free(b);
	for (int i = 0; i < 3; i++)
		thread_free(ts[i]);
}

int main(void)
{
	char msg[256];
	fonts *f = NULL;

	if (fonts_new(fonts_default_dir(), &f, msg, sizeof msg) != TP_OK) {
		printf("FAIL book: fonts: %s\n", msg);
		return 1;
	}
	text *tx = text_new(f);
	test_book(tx);
	text_free(tx);
	fonts_free(f);
	return check_failed;
}
