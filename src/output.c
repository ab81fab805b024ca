/* output: atomic file writes and stdout delivery of the PDF. */
#include "output.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Writes to a fresh temporary file beside path, then renames it over path.
 * No fsync: the rename guards against our own failures, and ext4 and
 * friends order a rename-over after the data; an fsync cost 15 ms a file. */
static tp_result write_atomic(const char *path, const void *data, size_t len, char *msg,
			      size_t msglen)
{
	char *dir = util_dirname(path);
	char *tmp = xasprintf("%s/.threadpdf-XXXXXX", dir);
	tp_result r = TP_OK;
	int fd = mkstemp(tmp);

	if (fd < 0) {
		r = tp_fail(TP_ERR_IO, msg, msglen, "%s: cannot create a file in %s: %s", path, dir,
			    strerror(errno));
		goto cleanup;
	}
	mode_t um = umask(0);
	umask(um);
	int bad = fchmod(fd, 0666 & ~um) < 0 || util_write_all(fd, data, len) < 0;
	if (close(fd) < 0 || bad) {
		r = tp_fail(TP_ERR_IO, msg, msglen, "%s: write failed: %s", path, strerror(errno));
		unlink(tmp);
		goto cleanup;
	}
	if (rename(tmp, path) < 0) {
		r = tp_fail(TP_ERR_IO, msg, msglen, "%s: %s", path, strerror(errno));
		unlink(tmp);
	}
cleanup:
	free(tmp);
	free(dir);
	return r;
}

tp_result output_write(const char *path, const void *data, size_t len, char *msg, size_t msglen)
{
	if (strcmp(path, "-") == 0) {
		if (util_write_all(STDOUT_FILENO, data, len) < 0 || fflush(stdout) != 0)
			return tp_fail(TP_ERR_IO, msg, msglen, "stdout: %s", strerror(errno));
		return TP_OK;
	}
	return write_atomic(path, data, len, msg, msglen);
}

char *output_default_name(const char *handle, const char *id)
{
	char *name = xasprintf("%s-%s.pdf", handle && *handle ? handle : "thread",
			       id && *id ? id : "0");
	for (char *p = name; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9') &&
		    c != '-' && c != '_' && c != '.')
			*p = '_';
	}
	return name;
}
