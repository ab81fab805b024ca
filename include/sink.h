/* sink: delivers a run's PDFs by mail. main hands it each thread's
 * summary and PDF (bytes, or the path of the file batch wrote) as they are
 * made; sink_deliver then writes the messages (eml), split into numbered
 * messages when the PDFs pass max_size, and sends each over SMTP, writes
 * it to a file or stdout (--eml), or pipes it to a sendmail command.
 * A failed delivery leaves the PDFs where they are, and its message says
 * where. Knows nothing of sources, layout or PDF internals. */
#ifndef THREADPDF_SINK_H
#define THREADPDF_SINK_H

#include <stddef.h>
#include <stdint.h>

#include "result.h"
#include "smtp.h"
#include "thread.h"

#define SINK_DEFAULT_MAX_SIZE ((size_t)18000000) /* of PDFs a message, so it stays under 25 MB */

/* How to deliver; all borrowed. */
typedef struct sink_opts {
	const char *from;
	const char *const *to;
	size_t nto;
	const char *const *cc;
	size_t ncc;
	const char *const *bcc;
	size_t nbcc;
	const char *subject;       /* NULL: the thread's title, or "N threads by @handle" */
	size_t max_size;           /* bytes of PDF a message; 0: SINK_DEFAULT_MAX_SIZE */
	const char *eml_path;      /* write the message(s) here instead ("-": stdout) */
	const char *sendmail;      /* pipe each message to this shell command instead */
	smtp_opts smtp;            /* else send over SMTP */
	const char *in_reply_to;   /* a reply: the request's Message-ID, References, */
	const char *references;
	int auto_replied;          /* and "Auto-Submitted: auto-replied" */
	const char *intro;         /* a paragraph before the threads (a reply's), or NULL */
	int64_t date;              /* 0: now */
	const char *message_id;    /* NULL: fresh (tests fix it) */
} sink_opts;

typedef struct sink sink;

sink *sink_new(void);
void sink_free(sink *s);

/* Adds one thread: its summary (title, author, date, tweets, link) for the
 * body, and its PDF as file_name: the bytes pdf[0..len) (copied) when pdf
 * is set, else the file at where read when the message is written. where
 * is the PDF's place on disk (for messages), or NULL. */
void sink_add(sink *s, const thread *t, const char *file_name, const char *where, const void *pdf, size_t len);
/* Adds a line said in the body after the threads (what could not be done). */
void sink_note(sink *s, const char *line);
/* How many PDFs were added. */
size_t sink_count(const sink *s);

/* Delivers (see above). TP_OK when every message went out to every
 * recipient. TP_ERR_MAIL with msg on a failure (and *temporary = 1 when a
 * later try may succeed: 4xx, network, sendmail's exit 75); TP_ERR_USAGE
 * for bad addresses; TP_ERR_IO when the --eml file cannot be written. */
tp_result sink_deliver(sink *s, const sink_opts *o, int *temporary, char *msg, size_t msglen);

#endif
