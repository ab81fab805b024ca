/* collection: jobs -> threads -> book -> one PDF, one thread's images in
 * memory at a time (see collection.h). */
#include "collection.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "archive.h"
#include "diag.h"
#include "fonts.h"
#include "pdf.h"
#include "text.h"

#define MAX_ARCHIVES 8

/* Where one image's bytes wait while its thread is not being laid out or drawn. */
typedef struct stash {
	thread_blob *b;
	long long off;
	size_t len;
} stash;

/* One thread of the book and its images' state. */
typedef struct member {
	thread *t;
	const batch_job *job;
	int fetched;                 /* its media were loaded once (archive, media_load_all) */
	stash *st;
	size_t nst;
} member;

/* The state of one collection run. */
typedef struct coll {
	const collection_opts *o;
	member *m;
	size_t nm;
	FILE *spool;                 /* the stashes' bytes */
	long long spool_len;
	const char *archive_path[MAX_ARCHIVES];
	archive_media *archive[MAX_ARCHIVES];
	size_t narchives;
	const book *bk;
	size_t loaded;               /* the member whose images are in memory, or SIZE_MAX */
} coll;

/* Calls fn on every image blob of a tweet, its quote included. */
static void tweet_blobs(thread_tweet *tw, void (*fn)(coll *, member *, thread_blob *), coll *C, member *m)
{
	for (int depth = 0; tw && depth < 8; tw = tw->quote, depth++)
		for (size_t i = 0; i < tw->nmedia; i++)
			fn(C, m, &tw->media[i].img);
}

/* Calls fn on every image blob of m's thread: avatars, media, quotes, context. */
static void each_blob(coll *C, member *m, void (*fn)(coll *, member *, thread_blob *))
{
	thread *t = m->t;

	if (t->author)
		fn(C, m, &t->author->avatar);
	for (size_t i = 0; i < t->nusers; i++)
		fn(C, m, &t->users[i]->avatar);
	for (size_t i = 0; i < t->ntweets; i++)
		tweet_blobs(t->tweets[i], fn, C, m);
	tweet_blobs(t->context, fn, C, m);
}

/* 1 when b's bytes are in m's stash already. */
static int stashed(const member *m, const thread_blob *b)
{
	for (size_t i = 0; i < m->nst; i++)
		if (m->st[i].b == b)
			return 1;
	return 0;
}

/* Copies a loaded blob into the spool (once) and frees its bytes. */
static void stash_blob(coll *C, member *m, thread_blob *b)
{
	if (!b->data)
		return;
	if (!stashed(m, b)) {
		m->st = xrealloc(m->st, (m->nst + 1) * sizeof *m->st);
		m->st[m->nst] = (stash){ b, C->spool_len, b->len };
		if (b->len && fwrite(b->data, 1, b->len, C->spool) != b->len) {
			warnf("cannot keep an image in the temporary file (%s); drawing a placeholder",
			      strerror(errno));
			b->failed = 1;
		} else {
			C->spool_len += (long long)b->len;
			m->nst++;
		}
	}
	free(b->data);
	b->data = NULL;
	b->len = 0;
}

/* Reads the stashed images of m back into their blobs. */
static void unstash(coll *C, member *m)
{
	if (m->nst && fflush(C->spool) != 0)
		return;
	for (size_t i = 0; i < m->nst; i++) {
		stash *s = &m->st[i];
		if (s->b->data)
			continue;
		unsigned char *p = xmalloc(s->len ? s->len : 1);
		if (pread(fileno(C->spool), p, s->len, (off_t)s->off) != (ssize_t)s->len) {
			free(p);
			s->b->failed = 1;
			continue;
		}
		s->b->data = p;
		s->b->len = s->len;
	}
}

/* The open archive for path (opened on first use), or NULL. */
static archive_media *open_archive(coll *C, const char *path)
{
	char msg[512];

	for (size_t i = 0; i < C->narchives; i++)
		if (strcmp(C->archive_path[i], path) == 0)
			return C->archive[i];
	if (C->narchives == MAX_ARCHIVES)
		return NULL;
	archive_media *a = NULL;
	if (archive_media_open(path, NULL, &a, msg, sizeof msg) != TP_OK)
		warnf("%s", msg);
	C->archive_path[C->narchives] = path;
	C->archive[C->narchives++] = a;
	return a;
}

/* Brings member i's images into memory: back from the spool, and the first
 * time from their sources. */
static void load(coll *C, size_t i)
{
	member *m = &C->m[i];

	unstash(C, m);
	if (m->fetched)
		return;
	if (m->job->src->archive)
		archive_media_load(open_archive(C, m->job->src->archive), m->t);
	media_load_all(m->t, &C->o->media);
	m->fetched = 1;
}

/* Sends member i's images to the spool (the first time) and frees them. */
static void drop(coll *C, size_t i)
{
	member *m = &C->m[i];

	each_blob(C, m, stash_blob);
}

/* book's media hook: load or drop thread i's images. */
static void book_media(void *ctx, size_t i, int want)
{
	coll *C = ctx;

	if (want)
		load(C, i);
	else
		drop(C, i);
}

/* pdf's page hook: the images of the chapter the page belongs to, only. */
static void page_media(void *ctx, size_t page)
{
	coll *C = ctx;
	const book_chapter *ch = book_chapter_of(C->bk, page);

	if (!ch || ch->thread == C->loaded)
		return;
	if (C->loaded != SIZE_MAX)
		drop(C, C->loaded);
	load(C, ch->thread);
	C->loaded = ch->thread;
}

/* Assembles every job; a failure is one line and the job is left out. The
 * images a thread came with (avatars copied from the pool) go to the spool. */
static void assemble_all(coll *C, const batch_job *jobs, size_t njobs, collection_stats *st)
{
	char msg[512];

	C->m = xcalloc(njobs ? njobs : 1, sizeof *C->m);
	for (size_t i = 0; i < njobs; i++) {
		thread *t = NULL;
		msg[0] = '\0';
		if (batch_assemble(&jobs[i], &t, msg, sizeof msg) != TP_OK) {
			errorf("%s: %s", jobs[i].src->name, msg);
			st->failed++;
			continue;
		}
		C->m[C->nm] = (member){ .t = t, .job = &jobs[i] };
		each_blob(C, &C->m[C->nm], stash_blob);
		C->nm++;
	}
}

/* Frees the members, the archives and the spool. */
static void coll_free(coll *C)
{
	for (size_t i = 0; i < C->nm; i++) {
		thread_free(C->m[i].t);
		free(C->m[i].st);
	}
	free(C->m);
	for (size_t i = 0; i < C->narchives; i++)
		archive_media_free(C->archive[i]);
	if (C->spool)
		fclose(C->spool);
}

/* One warning naming the characters no font on the machine covers. */
static void warn_missing(const text *tx)
{
	char *missing = text_missing(tx);

	if (missing)
		warnf("no font on this machine has these characters (drawn as boxes): %s", missing);
	free(missing);
}

/* Lays the book out and appends its PDF or its dump to out. */
static tp_result make_book(coll *C, fonts *f, text *tx, buf *out, collection_stats *st, char *msg,
			   size_t msglen)
{
	const thread **ts = xcalloc(C->nm ? C->nm : 1, sizeof *ts);
	book_opts bo = C->o->book;
	book *b = NULL;
	tp_result r;

	for (size_t i = 0; i < C->nm; i++)
		ts[i] = C->m[i].t;
	bo.media = book_media;
	bo.ctx = C;
	r = book_layout(ts, C->nm, tx, &bo, &b, msg, msglen);
	diag_stage("layout");
	if (r != TP_OK)
		goto cleanup;
	warn_missing(tx);
	st->chapters = b->nchapters;
	st->pages = b->doc->npages;
	C->bk = b;
	if (C->o->dump && strcmp(C->o->dump, "layout") == 0) {
		for (size_t i = 0; i < C->nm; i++)
			load(C, i);
		layout_dump(b->doc, f, out);
	} else {
		r = pdf_render_spooled(b->doc, f, page_media, C, out, msg, msglen);
	}
cleanup:
	book_free(b);
	free(ts);
	return r;
}

/* Assembles, lays out and draws the book (see collection.h). */
tp_result collection_render(const collection_opts *o, const batch_job *jobs, size_t njobs, buf *out,
			    collection_stats *st, char *msg, size_t msglen)
{
	coll C = { .o = o, .loaded = SIZE_MAX };
	fonts *f = NULL;
	text *tx = NULL;
	tp_result r;

	memset(st, 0, sizeof *st);
	st->threads = njobs;
	C.spool = tmpfile();
	if (!C.spool)
		return tp_fail(TP_ERR_IO, msg, msglen, "cannot make a temporary file for the book's images: %s",
			       strerror(errno));
	r = fonts_new(o->fonts_dir ? o->fonts_dir : fonts_default_dir(), &f, msg, msglen);
	diag_stage("fonts");
	if (r == TP_OK) {
		tx = text_new(f);
		assemble_all(&C, jobs, njobs, st);
		diag_stage("assemble");
		r = make_book(&C, f, tx, out, st, msg, msglen);
	}
	if (r == TP_OK && st->failed)
		r = tp_fail(TP_ERR_PARTIAL, msg, msglen, "%zu of %zu threads could not be read (see above); the "
			    "book has the others", st->failed, njobs);
	coll_free(&C);
	text_free(tx);
	fonts_free(f);
	return r;
}
