/* output: delivers the finished PDF bytes — to a file, atomically, or into
 * a FIFO, a device or stdout. */
#ifndef THREADPDF_OUTPUT_H
#define THREADPDF_OUTPUT_H

#include <stddef.h>

#include "result.h"

/* Writes data to path; path "-" is stdout. Symlinks are followed (a
 * dangling one: the file it names is created). A regular file is written
 * through a temporary file in its directory and a rename, so an error or a
 * kill never leaves a partial file; it keeps the mode and, where allowed,
 * the owner of the file it replaces (a new one follows the umask). FIFOs,
 * devices and /dev/stdout, /dev/fd/N, /proc/self/fd/N are written straight
 * into. A directory, a socket or an empty name is an error. */
tp_result output_write(const char *path, const void *data, size_t len, char *msg, size_t msglen);

/* Installs, once at start-up, handlers that remove the temporary files in
 * flight (from any thread) on SIGINT, SIGTERM, SIGHUP and SIGPIPE and then
 * die of the signal as before; a signal ignored at start stays ignored.
 * Ignores SIGXFSZ, so a file over the size limit is a write error. */
void output_install_signal_handlers(void);

/* The default file name for a thread: "<handle>-<id>.pdf" made safe for a
 * file system: only A-Z a-z 0-9 - _ . (others become '_'), never hidden
 * (leading dots and dashes dropped; "thread" for a handle left empty, "0"
 * for no id), at most 200 bytes (a long part is cut and ends in '_' and 8
 * hex digits of a hash of it). The same input gives the same name; caller frees. */
char *output_default_name(const char *handle, const char *id);

#endif
