/* inputs: the source table (archive, account, saved JSON, tweet link) and the jobs. */
#include "inputs.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "archive.h"
#include "diag.h"
#include "util.h"
#include "xurl.h"
#include "xv2.h"

/* One input read: its pool and what batch needs to know of it. */
typedef struct input {
	batch_source src;
	thread_pool *pool;
	char *name, *base_dir, *archive, *owner;
} input;

struct inputs {
	input *v;
	size_t n;
	batch_job *jobs;
	size_t njobs, capjobs;
};

/* A reader of the table: probe says whether it takes the name. */
typedef struct source_kind {
	const char *what;
	int (*probe)(const char *name);
	tp_result (*read)(input *in, const inputs_opts *o, char *msg, size_t msglen);
	int many;                  /* 1: gives every thread of its owner */
} source_kind;

/* 1 when name is an existing file or directory, or stdin. */
static int exists(const char *name)
{
	struct stat st;

	return strcmp(name, "-") == 0 || stat(name, &st) == 0;
}

/* 1 when name is an X data archive (zip or folder). */
static int probe_archive(const char *name)
{
	return strcmp(name, "-") != 0 && archive_probe(name);
}

/* 1 when name is any other file (saved X API JSON). */
static int probe_json(const char *name)
{
	return exists(name);
}

/* 1 when name is a tweet link or id. */
static int probe_link(const char *name)
{
	xurl_ref ref;
	char msg[256];

	return xurl_parse(name, &ref, msg, sizeof msg) == TP_OK;
}

/* 1 when name is an account: @handle or a profile link. */
static int probe_account(const char *name)
{
	char handle[16];

	return !exists(name) && xurl_parse_account(name, handle);
}

/* Fetches an account's threads from the X API (its timeline, then lookups). */
static tp_result read_account(input *in, const inputs_opts *o, char *msg, size_t msglen)
{
	xapi_opts api = o->api ? *o->api : (xapi_opts){ .max_wait = 900 };
	char handle[16], *token = NULL;
	tp_result r = xapi_token_from_env_or_file(o->token_file, &token, msg, msglen);

	xurl_parse_account(in->name, handle);
	if (r == TP_OK) {
		api.token = token;
		r = xapi_fetch_account(&api, handle, in->pool, &in->owner, msg, msglen);
	}
	if (token)
		memset(token, 0, strlen(token));
	free(token);
	return r;
}

/* Reads a data archive; its owner's threads become the jobs. */
static tp_result read_archive(input *in, const inputs_opts *o, char *msg, size_t msglen)
{
	archive_info info;
	tp_result r = archive_read(in->name, NULL, in->pool, &info, msg, msglen);

	if (r == TP_OK) {
		in->owner = xstrdup(info.owner_id);
		in->archive = xstrdup(in->name);
	}
	archive_info_free(&info);
	return r;
}

/* Reads saved X API JSON (a file or stdin); relative media resolve from its folder. */
static tp_result read_json(input *in, const inputs_opts *o, char *msg, size_t msglen)
{
	int stdin_ = strcmp(in->name, "-") == 0;

	in->base_dir = stdin_ ? xstrdup(".") : util_dirname(in->name);
	return xv2_read_file(stdin_ ? "/dev/stdin" : in->name, in->pool, msg, msglen);
}

/* Fetches a thread from the X API by its link. */
static tp_result read_link(input *in, const inputs_opts *o, char *msg, size_t msglen)
{
	xapi_opts api = o->api ? *o->api : (xapi_opts){ .max_wait = 900 };
	char *token = NULL;
	tp_result r = xapi_token_from_env_or_file(o->token_file, &token, msg, msglen);

	if (r == TP_OK) {
		api.token = token;
		r = xapi_fetch(&api, in->name, in->pool, NULL, msg, msglen);
	}
	if (token)
		memset(token, 0, strlen(token));
	free(token);
	return r;
}

/* The table, probed in order: the first reader that takes a name reads it. */
static const source_kind kinds[] = {
	{ "data archive", probe_archive, read_archive, 1 },
	{ "X account", probe_account, read_account, 1 },
	{ "X API JSON", probe_json, read_json, 0 },
	{ "tweet link", probe_link, read_link, 0 },
};

/* The reader for name, or NULL. */
static const source_kind *kind_of(const char *name)
{
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
		if (kinds[i].probe(name))
			return &kinds[i];
	return NULL;
}

/* 1 when name gives many threads (see inputs.h). */
int inputs_is_many(const char *name)
{
	const source_kind *k = kind_of(name);

	return k && k->many;
}

/* Appends a job. */
static void add_job(inputs *in, const batch_source *src, const char *author, const char *root)
{
	if (in->njobs == in->capjobs)
		in->jobs = xrealloc(in->jobs, (in->capjobs = in->capjobs ? 2 * in->capjobs : 64) *
					      sizeof *in->jobs);
	in->jobs[in->njobs++] = (batch_job){ src, author, root };
}

/* Adds the owner's threads of an archive that pass the filters. */
static void add_threads(inputs *in, const input *x, const inputs_opts *o)
{
	thread_entry *e = NULL;
	size_t n = thread_pool_threads(x->pool, x->owner, &e), kept = 0;
	size_t min = o->min_tweets ? o->min_tweets : 2;

	for (size_t i = 0; i < n; i++) {
		if (e[i].ntweets < min || (o->since && e[i].created < o->since) ||
		    (o->until && e[i].created >= o->until))
			continue;
		add_job(in, &x->src, x->owner, e[i].root_id);
		kept++;
	}
	verbosef(1, "%s: %zu threads (%zu with at least %zu tweets in the dates asked)", x->name, n, kept, min);
	free(e);
}

/* Reads one input through the table into a new entry of in. */
static tp_result read_one(inputs *in, const char *name, const inputs_opts *o, char *msg, size_t msglen)
{
	const source_kind *k = kind_of(name);

	if (!k)
		return tp_fail(TP_ERR_IO, msg, msglen, "cannot read %s: not a file, a data archive, an "
			       "account (@handle) or a tweet link", name);
	in->v = xrealloc(in->v, (in->n + 1) * sizeof *in->v);
	input *x = &in->v[in->n];
	memset(x, 0, sizeof *x);
	x->name = xstrdup(name);
	x->pool = thread_pool_new();
	tp_result r = k->read(x, o, msg, msglen);
	if (r != TP_OK) {
		thread_pool_free(x->pool);
		free(x->name);
		free(x->base_dir);
		free(x->archive);
		free(x->owner);
		return r;
	}
	in->n++;
	return TP_OK;
}

/* Points each input's batch source at its pool and lists the jobs. */
static void list_jobs(inputs *in, const inputs_opts *o, size_t first)
{
	for (size_t i = first; i < in->n; i++) {
		input *x = &in->v[i];
		x->src = (batch_source){ x->name, x->pool, x->base_dir, x->archive };
	}
	in->njobs = 0;
	for (size_t i = 0; i < in->n; i++) {
		if (in->v[i].owner)
			add_threads(in, &in->v[i], o);
		else
			add_job(in, &in->v[i].src, NULL, NULL);
	}
}

/* Reads every input (see inputs.h). */
tp_result inputs_read(const char *const *names, size_t n, const inputs_opts *o, inputs **out,
		      size_t *failed, char *msg, size_t msglen)
{
	inputs *in = xcalloc(1, sizeof *in);
	tp_result last = TP_OK;

	*failed = 0;
	in->v = xcalloc(n ? n : 1, sizeof *in->v);
	for (size_t i = 0; i < n; i++) {
		tp_result r = read_one(in, names[i], o, msg, msglen);
		if (r != TP_OK) {
			last = r;
			(*failed)++;
			if (n > 1)
				errorf("%s", msg);
		}
	}
	list_jobs(in, o, 0);
	*out = in;
	return in->n || !n ? TP_OK : last;
}

/* The jobs (see inputs.h). */
const batch_job *inputs_jobs(const inputs *in, size_t *n)
{
	*n = in->njobs;
	return in->jobs;
}

/* Frees every pool and the jobs; NULL is fine. */
void inputs_free(inputs *in)
{
	if (!in)
		return;
	for (size_t i = 0; i < in->n; i++) {
		thread_pool_free(in->v[i].pool);
		free(in->v[i].name);
		free(in->v[i].base_dir);
		free(in->v[i].archive);
		free(in->v[i].owner);
	}
	free(in->v);
	free(in->jobs);
	free(in);
}

/* Reads an --input-file (see inputs.h). */
tp_result inputs_read_list(const char *path, char ***names, size_t *n, char *msg, size_t msglen)
{
	buf b;
	int stdin_ = strcmp(path, "-") == 0;

	buf_init(&b);
	tp_result r = util_read_capped(stdin_ ? "/dev/stdin" : path, "--input-file", UTIL_CAP_CONFIG, &b,
				       msg, msglen);
	for (char *line = b.data, *end; r == TP_OK && line && *line; line = end ? end + 1 : NULL) {
		end = strchr(line, '\n');
		if (end)
			*end = '\0';
		while (*line == ' ' || *line == '\t')
			line++;
		size_t len = strlen(line);
		while (len && (line[len - 1] == ' ' || line[len - 1] == '\t' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (!len || *line == '#')
			continue;
		*names = xrealloc(*names, (*n + 1) * sizeof **names);
		(*names)[(*n)++] = xstrdup(line);
	}
	buf_free(&b);
	return r;
}
