/* clobber: refuses outputs that would replace an input, or each other. */
#include "clobber.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "media.h"
#include "util.h"

/* Where a file named p is (or would be) written: its folder's real path and
 * its last name; p's real path when it has no last name; p itself when the
 * folder does not resolve. Caller frees. */
static char *resolved(const char *p)
{
	const char *slash = strrchr(p, '/'), *name = slash ? slash + 1 : p;
	char *dir = util_dirname(p), *real = realpath(dir, NULL), *r;

	if (!*name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		r = realpath(p, NULL);
	else if (real)
		r = xasprintf("%s/%s", strcmp(real, "/") == 0 ? "" : real, name);
	else
		r = NULL;
	free(real);
	free(dir);
	return r ? r : xstrdup(p);
}

/* 1 when a and b name one file: the same inode after symlinks, or, when
 * neither exists yet, the same resolved path. */
static int same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	int ea = stat(a, &sa) == 0, eb = stat(b, &sb) == 0;

	if (ea || eb)
		return ea && eb && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	char *ra = resolved(a), *rb = resolved(b);
	int same = strcmp(ra, rb) == 0;
	free(ra);
	free(rb);
	return same;
}

/* 1 when an output name is a file path (not absent, not stdout). */
static int is_path(const char *out)
{
	return out && *out && strcmp(out, "-") != 0;
}

tp_result clobber_outputs(const char *what_a, const char *a, const char *what_b, const char *b, char *msg,
			  size_t msglen)
{
	if (!is_path(a) || !is_path(b) || !same_file(a, b))
		return TP_OK;
	return tp_fail(TP_ERR_USAGE, msg, msglen, "%s %s and %s %s are the same file; refusing to write either", what_a, a,
		       what_b, b);
}

tp_result clobber_input(const char *what, const char *out, const char *in, char *msg, size_t msglen)
{
	struct stat so, si;
	int is_stdin = in && strcmp(in, "-") == 0;

	if (!is_path(out) || !in || stat(out, &so) != 0)
		return TP_OK;
	if (is_stdin ? fstat(STDIN_FILENO, &si) != 0 : stat(in, &si) != 0)
		return TP_OK;
	if (so.st_dev != si.st_dev || so.st_ino != si.st_ino)
		return TP_OK;
	return tp_fail(TP_ERR_USAGE, msg, msglen, "%s %s and the input %s are the same file; refusing to overwrite it",
		       what, out, is_stdin ? "(stdin)" : in);
}

tp_result clobber_media(const char *what, const char *out, const thread *t, char *msg, size_t msglen)
{
	struct stat so;
	const char *url;

	if (!is_path(out) || stat(out, &so) != 0)
		return TP_OK;
	url = media_local_url(t, (uint64_t)so.st_dev, (uint64_t)so.st_ino);
	if (!url)
		return TP_OK;
	return tp_fail(TP_ERR_USAGE, msg, msglen,
		       "%s %s and the image %s the thread uses are the same file; refusing to overwrite it", what, out,
		       url);
}
