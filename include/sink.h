/* sink: delivers a run's PDFs by mail. main hands it each thread's
 * summary and PDF (bytes, or the path of the file batch wrote) as they are
 * made; sink_deliver then writes the messages (eml), split into numbered
 * messages past max_size or SINK_MAX_ATTACHMENTS, and sends each over
 * SMTP, writes it to a file or stdout (--eml), or pipes it to a sendmail
 * command. A failed delivery leaves the PDFs where they are, and its
 * message says where. Also holds a run's mail settings (sink_settings)
 * and reads what a batch left in its directory (its manifest). Knows
 * nothing of sources, layout or PDF internals. */
#ifndef THREADPDF_SINK_H
#define THREADPDF_SINK_H

#include <stddef.h>
#include <stdint.h>

#include "batch.h"
#include "result.h"
#include "smtp.h"
#include "thread.h"

#define SINK_DEFAULT_MAX_SIZE ((size_t)18000000) /* of PDFs a message, so it stays under 25 MB */
#define SINK_MAX_ATTACHMENTS 25 /* PDFs a message (Send-to-Kindle takes at most 25) */

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
/* Adds a book (a collection) as one PDF: the bytes pdf[0..len) (copied),
 * named file_name, with its title and thread count for the body; where as
 * in sink_add. */
void sink_add_book(sink *s, const char *title, size_t nthreads, const char *file_name, const char *where,
		   const void *pdf, size_t len);
/* Adds a line said in the body after the threads (what could not be done). */
void sink_note(sink *s, const char *line);
/* How many PDFs were added. */
size_t sink_count(const sink *s);

/* Delivers (see above). TP_OK when every message went out to every
 * recipient. TP_ERR_MAIL with msg on a failure (and *temporary = 1 when a
 * later try may succeed: 4xx, network, sendmail's exit 75); TP_ERR_USAGE
 * for bad addresses; TP_ERR_IO when the --eml file cannot be written. */
tp_result sink_deliver(sink *s, const sink_opts *o, int *temporary, char *msg, size_t msglen);

/* A run's mail settings as the options and the config file give them;
 * the strings are borrowed (argv, the config), the lists and the secret
 * owned (sink_settings_free). Zero it, then fill it. */
typedef struct sink_settings {
	char **to, **cc, **bcc, **allow;
	size_t nto, ncc, nbcc, nallow;
	unsigned from_config;      /* SINK_* bits of lists the config file filled */
	int in_config;             /* 1 while the config file's settings are applied */
	const char *from, *subject, *smtp, *user, *password_file, *password_cmd, *oauth_file, *cafile;
	const char *eml, *sendmail, *config_password;
	size_t max_size;
	int mail, only, reply;
	char *secret;              /* the password or token in use; wiped when freed */
	sink_opts so;              /* filled by sink_settings_prepare */
} sink_settings;

enum { SINK_TO = 1, SINK_CC = 2, SINK_BCC = 4, SINK_ALLOW = 8 };

/* Adds the comma-separated addresses of arg to a list (SINK_TO, ...). A
 * list the config file filled is replaced by the command line's. */
void sink_settings_add(sink_settings *st, unsigned which, const char *arg);
/* Checks the settings (a sender, recipients unless replying, a server,
 * the addresses, the SMTP URL) and fills st->so, taking the password or
 * token from a token file, a password file, a command,
 * $THREADPDF_SMTP_PASSWORD or the config file, else netrc; the Date and
 * Message-ID from $THREADPDF_TEST_DATE and $THREADPDF_TEST_MESSAGE_ID
 * (tests). output is -o (stdout may not be wanted twice). TP_ERR_USAGE
 * with msg. */
tp_result sink_settings_prepare(sink_settings *st, const char *output, char *msg, size_t msglen);
void sink_settings_free(sink_settings *st);

/* Adds the PDFs a batch left in dir for these jobs (written or unchanged,
 * per its manifest), in the manifest's date order; returns how many. */
size_t sink_add_batch(sink *s, const batch_job *jobs, size_t njobs, const char *dir);
/* Removes the PDFs added from dir, its manifest, then dir if empty. */
void sink_remove_batch(const sink *s, const char *dir);
/* A fresh private directory (mode 0700) for a --mail-only batch; caller frees; NULL on failure. */
char *sink_tmpdir(void);
/* The id batch gives a thread: its first tweet that is not a gap. */
const char *sink_thread_id(const thread *t);

#endif
