/* output: delivers the finished PDF bytes — to a file, atomically, or to stdout. */
#ifndef THREADPDF_OUTPUT_H
#define THREADPDF_OUTPUT_H

#include <stddef.h>

#include "result.h"

/* Writes data to path through a temporary file in the same directory and a
 * rename, so an error never leaves a partial file; path "-" is stdout. */
tp_result output_write(const char *path, const void *data, size_t len, char *msg, size_t msglen);

/* The default file name for a thread: "<handle>-<id>.pdf" made safe for a
 * file system; caller frees. */
char *output_default_name(const char *handle, const char *id);

#endif
