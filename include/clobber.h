/* clobber: keeps the files threadpdf writes (the PDF, --save-json's pages)
 * from replacing the files it reads (the input JSON, the local images the
 * render uses) or each other. Two names are the same file when they are the
 * same device and inode after symlinks (hard links included), or, for an
 * output that does not exist yet, the same path once its folder is resolved.
 * Each check returns TP_OK, or TP_ERR_USAGE with one line naming both files;
 * nothing is written either way. "-" (stdout) is never a clobber. */
#ifndef THREADPDF_CLOBBER_H
#define THREADPDF_CLOBBER_H

#include <stddef.h>

#include "result.h"
#include "thread.h"

/* Refuses two outputs that name the same file: what_a a and what_b b (say
 * "-o" and "--save-json"); either may be NULL (no such output). */
tp_result clobber_outputs(const char *what_a, const char *a, const char *what_b, const char *b, char *msg,
			  size_t msglen);

/* Refuses an output (what out) that is the input file in; in "-" is the file
 * stdin reads, when it is one. */
tp_result clobber_input(const char *what, const char *out, const char *in, char *msg, size_t msglen);

/* Refuses an output that is a local image the media module read for t. */
tp_result clobber_media(const char *what, const char *out, const thread *t, char *msg, size_t msglen);

#endif
