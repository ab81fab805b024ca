/* batch: renders many threads into one directory, one PDF each, with a
 * manifest.jsonl beside them.
 *
 * The caller (main) reads its inputs into pools and lists the jobs; batch
 * plans every job (assembles it once for its name, title and content hash),
 * skips those the directory's manifest says are already there unchanged,
 * renders the rest (in-process with one worker, else in forked worker
 * processes that each open the fonts once), and rewrites the manifest
 * atomically at the end, also when interrupted. One failed thread is one
 * line and the rest goes on. Knows nothing of JSON, archives' insides or
 * the network: the sources hand it pools. */
#ifndef THREADPDF_BATCH_H
#define THREADPDF_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "layout.h"
#include "media.h"
#include "result.h"
#include "thread.h"
#include "util.h"

/* Where jobs' threads come from; all borrowed, outliving batch_run. */
typedef struct batch_source {
	const char *name;          /* the input as given, for messages */
	const thread_pool *pool;
	const char *base_dir;      /* resolves relative media of saved JSON; NULL for none */
	const char *archive;       /* a data archive whose photos to read, or NULL */
} batch_source;

/* One thread to render. */
typedef struct batch_job {
	const batch_source *src;
	const char *author_id;     /* with root_id: thread_assemble_root(); */
	const char *root_id;       /* NULL: thread_assemble() (the pool's one thread) */
} batch_job;

typedef struct batch_opts {
	const char *dir;           /* output directory, created if needed */
	const char *name_template; /* NULL: "{handle}-{date}-{id}" */
	const char *salt;          /* what else changes the bytes (version, options) */
	const char *fonts_dir;     /* NULL: fonts_default_dir() */
	int force;                 /* 1: render even what the manifest has */
	int jobs;                  /* worker processes; <= 0: the number of cores */
	int progress;              /* 1: a status line on a terminal */
	layout_opts layout;
	media_opts media;
} batch_opts;

typedef struct batch_stats {
	size_t threads, written, skipped, failed;
} batch_stats;

/* Assembles a job's thread (thread_assemble_root, or thread_assemble for a
 * job without a root), with the source's base_dir for relative media.
 * Caller frees *out. */
tp_result batch_assemble(const batch_job *j, thread **out, char *msg, size_t msglen);

/* Renders the jobs into o->dir (see above). TP_OK when every thread was
 * written or skipped; TP_ERR_PARTIAL when some failed (each reported in one
 * line); TP_INTERRUPTED on SIGINT/SIGTERM (finished PDFs and the manifest
 * stay, no temporary file); TP_ERR_IO with msg when the directory or the
 * manifest cannot be written. */
tp_result batch_run(const batch_opts *o, const batch_job *jobs, size_t njobs, batch_stats *st,
		    char *msg, size_t msglen);

/* Appends the jobs' threads to out, one line each in date order:
 * "YYYY-MM-DD ID tweets=N TITLE" (--dump threads, golden tests). */
void batch_list(const batch_job *jobs, size_t njobs, buf *out);

/* The file name (without directory) a template gives: fields {handle} {id}
 * {date} (YYYY-MM-DD) {title} {n}, other text as it is; then made safe: no
 * '/', no control characters, no leading '.', at most 200 bytes (cut at a
 * UTF-8 boundary) including ".pdf". Caller frees. */
char *batch_file_name(const char *tmpl, const char *handle, const char *id, int64_t created,
		      const char *title, size_t n);

#endif
