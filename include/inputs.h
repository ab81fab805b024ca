/* inputs: the sources of a batch run behind one table. Each input a user
 * names (a data archive, a saved X API JSON file, a tweet link) is probed in
 * turn by the table's readers, read into a pool of its own, and gives its
 * threads as batch jobs: an archive or an account (@handle, a profile link,
 * through the X API) every thread of its owner (filtered by size and date),
 * a JSON file or a tweet link its one thread. Knows nothing of
 * layout or PDF. */
#ifndef THREADPDF_INPUTS_H
#define THREADPDF_INPUTS_H

#include <stddef.h>
#include <stdint.h>

#include "batch.h"
#include "result.h"
#include "xapi.h"

typedef struct inputs inputs;

typedef struct inputs_opts {
	size_t min_tweets;         /* threads of an archive with fewer tweets are left out; 0: 2 */
	int64_t since, until;      /* the root's time within [since, until); 0: open */
	const xapi_opts *api;      /* for links (token filled by the caller), or NULL */
	const char *token_file;    /* --token-file, for links */
} inputs_opts;

/* Reads every input. An input that cannot be read is reported in one line
 * (errorf) and counted in *failed; the others go on. TP_OK when at least one
 * input was read (or none was given); else the last input's error in msg. */
tp_result inputs_read(const char *const *names, size_t n, const inputs_opts *o, inputs **out,
		      size_t *failed, char *msg, size_t msglen);
/* The jobs of every input read, in input order; borrowed from in. */
const batch_job *inputs_jobs(const inputs *in, size_t *n);
/* 1 when name is something that gives many threads (an archive, an account). */
int inputs_is_many(const char *name);
void inputs_free(inputs *in);

/* Reads an --input-file: one input per line, blank lines and lines starting
 * with '#' ignored, surrounding blanks trimmed; "-" is stdin. Appends the
 * names to *names (caller frees each and the array). */
tp_result inputs_read_list(const char *path, char ***names, size_t *n, char *msg, size_t msglen);

#endif
