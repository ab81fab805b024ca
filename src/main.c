/* main: the command line. Runs the pipeline
 *   source (file or link) -> thread -> media -> layout -> PDF -> output. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "clobber.h"
#include "collection.h"
#include "diag.h"
#include "fonts.h"
#include "http.h"
#include "inputs.h"
#include "layout.h"
#include "media.h"
#include "output.h"
#include "pdf.h"
#include "render.h"
#include "text.h"
#include "thread.h"
#include "util.h"
#include "xapi.h"
#include "xurl.h"
#include "xv2.h"

#define VERSION "0.1.0"

typedef struct options {
	const char *input;
	const char *output;
	const char *fonts_dir;
	const char *dump;        /* NULL, "thread" or "layout" */
	const char *token_file;
	const char *save_json;   /* --save-json FILE: the fetched pages */
	char **inputs;           /* every input named (argv and --input-file) */
	size_t ninputs;
	const char *input_file;  /* --input-file FILE */
	const char *name_template; /* --name TEMPLATE */
	size_t min_tweets;
	int64_t since, until;
	int force, jobs, quiet;
	int collection, newest;  /* --collection, --order newest */
	const char *title;       /* --title */
	layout_opts layout;
	media_opts media;
	xapi_opts api;
} options;

static const char usage_text[] =
	"usage: threadpdf [options] INPUT...\n"
	"  INPUT               a tweet link or id (fetched from the X API),\n"
	"                      thread.json (X API v2 JSON), - for stdin, or a\n"
	"                      Twitter data archive (its zip or folder)\n"
	"  -o, --output FILE   write the PDF to FILE (- for stdout);\n"
	"                      default <handle>-<thread id>.pdf\n"
	"      --page-size S   a4 (default), letter or a5\n"
	"      --font-size PT  body text size, 6 to 24 (default 11)\n"
	"      --fonts DIR     bundled fonts directory\n"
	"      --tagged        a tagged PDF (PDF/UA-style structure tree:\n"
	"                      screen readers, reflow); a larger file\n"
	"      --allow-local-media\n"
	"                      embed local images from anywhere (absolute paths,\n"
	"                      file://, ..); else only from the JSON file's folder\n"
	"  batch (several inputs, an archive, or -o DIR/):\n"
	"      --input-file F  read inputs from F, one a line (- for stdin)\n"
	"      --name T        file names: {handle} {id} {date} {title} {n}\n"
	"                      (default {handle}-{date}-{id})\n"
	"      --min-tweets N  archive threads of at least N tweets (default 2)\n"
	"      --since DATE    threads whose first tweet is on or after DATE\n"
	"      --until DATE    ... on or before DATE (YYYY-MM-DD, UTC)\n"
	"      --force         render again what the manifest has\n"
	"  collection (every thread of the inputs in one book):\n"
	"      --collection    one PDF (-o FILE.pdf): cover, contents, a chapter\n"
	"                      per thread in date order\n"
	"      --title TEXT    the book's title (default \"Threads by Name\")\n"
	"      --order O       oldest (default) or newest thread first\n"
	"  -j, --jobs N        render N threads at once (default: the cores)\n"
	"  -q, --quiet         no progress line\n"
	"  fetching:\n"
	"      --token-file F  bearer token file (else $X_BEARER_TOKEN or\n"
	"                      $TWITTER_BEARER_TOKEN)\n"
	"      --api-base URL  X API base (default $THREADPDF_API_BASE or\n"
	"                      https://api.x.com/2)\n"
	"      --full-archive  search the full archive (needs that access level)\n"
	"      --max-wait SEC  longest wait for a rate limit to reset (default 900)\n"
	"      --save-json F   also write the fetched pages (JSON Lines) to F\n"
	"      --no-cache      do not read or write the download cache\n"
	"      --cache-dir DIR download cache (default $XDG_CACHE_HOME/threadpdf)\n"
	"      --dump WHAT     print the thread, its layout, or the list of threads\n"
	"                      of the inputs as text (thread|layout|threads)\n"
	"  -v, --verbose       more detail on stderr (twice for more)\n"
	"      --version       print the version\n"
	"  -h, --help          this help\n";

enum { OPT_PAGE = 256, OPT_FONT, OPT_FONTS, OPT_DUMP, OPT_NOCACHE, OPT_CACHEDIR, OPT_VERSION,
       OPT_TOKENFILE, OPT_APIBASE, OPT_FULL, OPT_MAXWAIT, OPT_SAVEJSON, OPT_ALLOWLOCAL,
       OPT_INPUTFILE, OPT_NAME, OPT_MINTWEETS, OPT_SINCE, OPT_UNTIL, OPT_FORCE,
       OPT_COLLECTION, OPT_TITLE, OPT_ORDER, OPT_TAGGED };

static const struct option longopts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "page-size", required_argument, NULL, OPT_PAGE },
	{ "font-size", required_argument, NULL, OPT_FONT },
	{ "fonts", required_argument, NULL, OPT_FONTS },
	{ "dump", required_argument, NULL, OPT_DUMP },
	{ "no-cache", no_argument, NULL, OPT_NOCACHE },
	{ "cache-dir", required_argument, NULL, OPT_CACHEDIR },
	{ "token-file", required_argument, NULL, OPT_TOKENFILE },
	{ "api-base", required_argument, NULL, OPT_APIBASE },
	{ "full-archive", no_argument, NULL, OPT_FULL },
	{ "max-wait", required_argument, NULL, OPT_MAXWAIT },
	{ "save-json", required_argument, NULL, OPT_SAVEJSON },
	{ "allow-local-media", no_argument, NULL, OPT_ALLOWLOCAL },
	{ "input-file", required_argument, NULL, OPT_INPUTFILE },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "min-tweets", required_argument, NULL, OPT_MINTWEETS },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "collection", no_argument, NULL, OPT_COLLECTION },
	{ "tagged", no_argument, NULL, OPT_TAGGED },
	{ "title", required_argument, NULL, OPT_TITLE },
	{ "order", required_argument, NULL, OPT_ORDER },
	{ "jobs", required_argument, NULL, 'j' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* Prints a one-line usage error and exits. */
static void usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void usage_error(const char *fmt, ...)
{
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	errorf("%s (try --help)", what);
	exit(TP_ERR_USAGE);
}

/* Parses a page size name into *paper. Returns 0, or -1 when unknown. */
static int parse_paper(const char *s, layout_paper *paper)
{
	if (strcasecmp(s, "a4") == 0)
		*paper = PAPER_A4;
	else if (strcasecmp(s, "letter") == 0)
		*paper = PAPER_LETTER;
	else if (strcasecmp(s, "a5") == 0)
		*paper = PAPER_A5;
	else
		return -1;
	return 0;
}

/* Parses --font-size. Returns 0, or -1 when not a number in range. */
static int parse_size(const char *s, float *out)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || *end || !(v >= 6 && v <= 24))
		return -1;
	*out = (float)v;
	return 0;
}

/* Parses --max-wait SECONDS. Returns 0, or -1 when not a number in range. */
static int parse_seconds(const char *s, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (end == s || *end || v < 0 || v > 86400)
		return -1;
	*out = (int)v;
	return 0;
}

/* Parses a whole number from lo to hi. Returns 0, or -1. */
static int parse_count(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (end == s || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* Parses YYYY-MM-DD (UTC midnight) into epoch seconds. Returns 0, or -1. */
static int parse_date(const char *s, int64_t *out)
{
	char iso[40];

	if (strlen(s) != 10)
		return -1;
	snprintf(iso, sizeof iso, "%sT00:00:00Z", s);
	return thread_parse_time(iso, out);
}

/* Applies a batch option that takes a value; exits on a bad value. */
static void apply_batch(options *o, int c, const char *arg)
{
	long v;

	if (c == OPT_INPUTFILE) {
		o->input_file = arg;
	} else if (c == OPT_NAME) {
		o->name_template = arg;
	} else if (c == OPT_MINTWEETS) {
		if (parse_count(arg, 1, 1000000, &v) < 0)
			usage_error("--min-tweets %s: not a number from 1", arg);
		o->min_tweets = (size_t)v;
	} else if (c == 'j') {
		if (parse_count(arg, 1, 64, &v) < 0)
			usage_error("-j %s: not a number from 1 to 64", arg);
		o->jobs = (int)v;
	} else if (c == OPT_SINCE && parse_date(arg, &o->since) < 0) {
		usage_error("--since %s: not a date YYYY-MM-DD", arg);
	} else if (c == OPT_UNTIL) {
		if (parse_date(arg, &o->until) < 0)
			usage_error("--until %s: not a date YYYY-MM-DD", arg);
		o->until += 86400;
	}
}

/* Applies --title and --order; exits on a bad value. */
static void apply_collection(options *o, int c, const char *arg)
{
	if (c == OPT_TITLE)
		o->title = arg;
	else if (strcmp(arg, "oldest") == 0 || strcmp(arg, "newest") == 0)
		o->newest = strcmp(arg, "newest") == 0;
	else
		usage_error("--order %s: not oldest or newest", arg);
}

/* Applies an option that takes a value; exits on a bad value. */
static void apply_valued(options *o, int c, const char *arg)
{
	if ((c == 'o' || c == OPT_SAVEJSON) && !*arg)
		usage_error("%s: empty file name", c == 'o' ? "-o" : "--save-json");
	else if (c == OPT_TITLE || c == OPT_ORDER)
		apply_collection(o, c, arg);
	else if (c == OPT_INPUTFILE || c == OPT_NAME || c == OPT_MINTWEETS || c == 'j' || c == OPT_SINCE ||
		 c == OPT_UNTIL)
		apply_batch(o, c, arg);
	else if (c == 'o')
		o->output = arg;
	else if (c == OPT_PAGE && parse_paper(arg, &o->layout.paper) < 0)
		usage_error("--page-size %s: not a4, letter or a5", arg);
	else if (c == OPT_FONT && parse_size(arg, &o->layout.font_size) < 0)
		usage_error("--font-size %s: not a size from 6 to 24", arg);
	else if (c == OPT_MAXWAIT && parse_seconds(arg, &o->api.max_wait) < 0)
		usage_error("--max-wait %s: not a number of seconds from 0 to 86400", arg);
	else if (c == OPT_DUMP && strcmp(arg, "thread") && strcmp(arg, "layout") && strcmp(arg, "threads"))
		usage_error("--dump %s: not thread, layout or threads", arg);
	else if (c == OPT_DUMP)
		o->dump = arg;
	else if (c == OPT_FONTS)
		o->fonts_dir = arg;
	else if (c == OPT_CACHEDIR)
		o->media.cache_dir = o->api.cache_dir = arg;
	else if (c == OPT_TOKENFILE)
		o->token_file = arg;
	else if (c == OPT_APIBASE)
		o->api.api_base = arg;
	else if (c == OPT_SAVEJSON)
		o->save_json = arg;
}

/* Applies one option; exits for --help, --version and unknown options. */
static void apply_option(options *o, int c, const char *arg, const char *seen)
{
	switch (c) {
	case OPT_NOCACHE:
		o->media.no_cache = o->api.no_cache = 1;
		break;
	case OPT_FULL:
		o->api.full_archive = 1;
		break;
	case OPT_ALLOWLOCAL:
		o->media.allow_local = 1;
		break;
	case OPT_FORCE:
		o->force = 1;
		break;
	case OPT_COLLECTION:
		o->collection = 1;
		break;
	case OPT_TAGGED:
		o->layout.tagged = 1;
		break;
	case 'q':
		o->quiet = 1;
		break;
	case 'v':
		diag_verbosity++;
		break;
	case OPT_VERSION:
		printf("threadpdf %s\n", VERSION);
		exit(0);
	case 'h':
		fputs(usage_text, stdout);
		exit(0);
	case ':':
		usage_error("%s needs a value", seen);
	case '?':
		usage_error("unknown option %s", seen);
	default:
		apply_valued(o, c, arg);
	}
}

/* Fills o from argv; exits with a one-line usage error on bad options. */
static void parse_args(int argc, char **argv, options *o)
{
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:j:vhq", longopts, NULL)) != -1)
		apply_option(o, c, optarg, argv[optind - 1]);
	if (optind == argc && !o->input_file)
		usage_error("no input given");
	o->inputs = argv + optind;
	o->ninputs = (size_t)(argc - optind);
	o->input = o->ninputs ? argv[optind] : NULL;
}

/* 1 when -o names a directory: it ends in '/' or is one. */
static int output_is_dir(const char *out)
{
	struct stat st;
	size_t n = out ? strlen(out) : 0;

	return n && (out[n - 1] == '/' || (stat(out, &st) == 0 && S_ISDIR(st.st_mode)));
}

/* 1 when the run is a batch: several inputs, an input file, an archive, or
 * -o naming a directory. */
static int is_batch(const options *o)
{
	return o->ninputs != 1 || (o->dump && strcmp(o->dump, "threads") == 0) || o->input_file || output_is_dir(o->output) ||
	       inputs_is_many(o->input);
}

/* What changes a thread's PDF besides its content: for the manifest's hash. */
static char *batch_salt(const options *o)
{
	return xasprintf("threadpdf %s paper=%d size=%.2f local=%d%s", VERSION, (int)o->layout.paper,
			 (double)o->layout.font_size, o->media.allow_local, o->layout.tagged ? " tagged" : "");
}

/* Reads every input and renders each thread into the -o directory. */
static tp_result run_batch(options *o, char *msg, size_t msglen)
{
	char **names = NULL;
	size_t nnames = 0, bad = 0, njobs = 0;
	inputs *in = NULL;
	batch_stats st;
	tp_result r = TP_OK;

	if ((o->dump && strcmp(o->dump, "threads") != 0) || o->save_json ||
	    (o->output && strcmp(o->output, "-") == 0))
		return tp_fail(TP_ERR_USAGE, msg, msglen, "--dump thread|layout, --save-json and -o - take "
			       "one thread, not a batch (try --help)");
	for (size_t i = 0; i < o->ninputs; i++) {
		names = xrealloc(names, (nnames + 1) * sizeof *names);
		names[nnames++] = xstrdup(o->inputs[i]);
	}
	if (o->input_file)
		r = inputs_read_list(o->input_file, &names, &nnames, msg, msglen);
	inputs_opts io = { o->min_tweets, o->since, o->until, &o->api, o->token_file };
	if (r == TP_OK)
		r = inputs_read((const char *const *)names, nnames, &io, &in, &bad, msg, msglen);
	diag_stage("input");
	char *salt = batch_salt(o);
	batch_opts bo = { .dir = o->output ? o->output : ".", .name_template = o->name_template,
			  .salt = salt, .fonts_dir = o->fonts_dir, .force = o->force, .jobs = o->jobs,
			  .progress = !o->quiet, .layout = o->layout, .media = o->media };
	const batch_job *jobs = in ? inputs_jobs(in, &njobs) : NULL;
	memset(&st, 0, sizeof st);
	if (r == TP_OK && o->dump) {
		buf b;
		buf_init(&b);
		batch_list(jobs, njobs, &b);
		r = output_write("-", b.data ? b.data : "", b.len, msg, msglen);
		buf_free(&b);
	} else if (r == TP_OK) {
		r = batch_run(&bo, jobs, njobs, &st, msg, msglen);
	}
	if (!o->dump && (r == TP_OK || r == TP_ERR_PARTIAL || r == TP_INTERRUPTED))
		verbosef(0, "%zu thread%s: %zu written, %zu unchanged (skipped), %zu failed", st.threads,
			 st.threads == 1 ? "" : "s", st.written, st.skipped, st.failed);
	if (r == TP_OK && bad)
		r = tp_fail(TP_ERR_PARTIAL, msg, msglen, "%zu of %zu inputs could not be read (see above)",
			    bad, nnames);
	free(salt);
	for (size_t i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	inputs_free(in);
	return r;
}

/* Fetches the thread of a tweet link from the X API (and saves the pages
 * when --save-json asks). */
static tp_result fetch_thread(options *o, const char *link, thread **out, char *msg, size_t msglen)
{
	thread_pool *pool = thread_pool_new();
	char *token = NULL;
	buf pages;
	tp_result r;

	buf_init(&pages);
	r = xapi_token_from_env_or_file(o->token_file, &token, msg, msglen);
	if (r != TP_OK)
		goto cleanup;
	o->api.token = token;
	r = xapi_fetch(&o->api, link, pool, o->save_json ? &pages : NULL, msg, msglen);
	o->api.token = NULL;
	if (r == TP_OK && o->save_json)
		r = output_write(o->save_json, pages.data ? pages.data : "", pages.len, msg, msglen);
	if (r == TP_OK)
		r = thread_assemble(pool, out, msg, msglen);
cleanup:
	if (token)
		memset(token, 0, strlen(token));
	free(token);
	buf_free(&pages);
	thread_pool_free(pool);
	return r;
}

/* Reads the thread from a file, or from stdin ("-"), whose relative media
 * paths resolve from the current directory. */
static tp_result load_file(const char *path, thread **out, char *msg, size_t msglen)
{
	tp_result r;

	if (strcmp(path, "-") != 0)
		return xv2_load_file(path, out, msg, msglen);
	r = xv2_load_file("/dev/stdin", out, msg, msglen);
	if (r == TP_OK) {
		free((*out)->base_dir);
		(*out)->base_dir = xstrdup(".");
	}
	return r;
}

/* 1 when the input names a file: "-", or something that exists. */
static int is_file_input(const char *in)
{
	struct stat st;

	return strcmp(in, "-") == 0 || stat(in, &st) == 0;
}

/* Refuses collection options that make no sense, and a book that would
 * replace one of its input files. */
static tp_result check_collection(const options *o, char **names, size_t nnames, char *msg, size_t msglen)
{
	tp_result r = TP_OK;

	if (o->save_json || (o->dump && strcmp(o->dump, "layout") != 0))
		return tp_fail(TP_ERR_USAGE, msg, msglen, "--collection takes --dump layout only, and no "
			       "--save-json (try --help)");
	if (!o->dump && (!o->output || output_is_dir(o->output)))
		return tp_fail(TP_ERR_USAGE, msg, msglen, "--collection needs -o FILE.pdf, the book to write "
			       "(try --help)");
	for (size_t i = 0; r == TP_OK && !o->dump && i < nnames; i++)
		if (is_file_input(names[i]))
			r = clobber_input("-o", o->output, names[i], msg, msglen);
	return r;
}

/* Reads every input and writes all their threads as one book (--collection). */
static tp_result run_collection(options *o, char *msg, size_t msglen)
{
	char **names = NULL;
	size_t nnames = 0, bad = 0, njobs = 0;
	inputs *in = NULL;
	collection_stats st;
	tp_result r = TP_OK;
	buf pdf;

	buf_init(&pdf);
	for (size_t i = 0; i < o->ninputs; i++) {
		names = xrealloc(names, (nnames + 1) * sizeof *names);
		names[nnames++] = xstrdup(o->inputs[i]);
	}
	if (o->input_file)
		r = inputs_read_list(o->input_file, &names, &nnames, msg, msglen);
	if (r == TP_OK)
		r = check_collection(o, names, nnames, msg, msglen);
	inputs_opts io = { o->min_tweets, o->since, o->until, &o->api, o->token_file };
	if (r == TP_OK)
		r = inputs_read((const char *const *)names, nnames, &io, &in, &bad, msg, msglen);
	diag_stage("input");
	collection_opts co = { .book = { .layout = o->layout, .title = o->title, .newest_first = o->newest },
			       .fonts_dir = o->fonts_dir, .dump = o->dump, .media = o->media };
	const batch_job *jobs = in ? inputs_jobs(in, &njobs) : NULL;
	tp_result made = r == TP_OK ? collection_render(&co, jobs, njobs, &pdf, &st, msg, msglen) : r;
	if (made == TP_OK || made == TP_ERR_PARTIAL) {
		char m2[1024];
		r = output_write(o->dump ? "-" : o->output, pdf.data ? pdf.data : "", pdf.len, m2, sizeof m2);
		if (r != TP_OK)
			snprintf(msg, msglen, "%s", m2);
		else if (!o->dump)
			verbosef(1, "wrote %s (%zu bytes, %zu pages, %zu threads)", o->output, pdf.len, st.pages,
				 st.chapters);
	}
	if (r == TP_OK)
		r = made;
	if (r == TP_OK && bad)
		r = tp_fail(TP_ERR_PARTIAL, msg, msglen, "%zu of %zu inputs could not be read (see above)",
			    bad, nnames);
	for (size_t i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	inputs_free(in);
	buf_free(&pdf);
	return r;
}

/* Refuses, before anything is read or written, outputs that are the input
 * file or each other (see clobber.h). */
static tp_result check_outputs(const options *o, char *msg, size_t msglen)
{
	const char *in = is_file_input(o->input) ? o->input : NULL;
	tp_result r = clobber_outputs("-o", o->output, "--save-json", o->save_json, msg, msglen);

	if (r == TP_OK)
		r = clobber_input("-o", o->output, in, msg, msglen);
	if (r == TP_OK)
		r = clobber_input("--save-json", o->save_json, in, msg, msglen);
	return r;
}

/* Refuses a PDF target that is the input or a local image the render read. */
static tp_result check_target(const options *o, const thread *t, const char *target, char *msg, size_t msglen)
{
	const char *what = o->output ? "-o" : "the output";
	tp_result r = clobber_media(what, target, t, msg, msglen);

	if (r == TP_OK && is_file_input(o->input))
		r = clobber_input(what, target, o->input, msg, msglen);
	return r;
}

/* 1 when the input is meant as a link (so a parse error should say what
 * links are accepted rather than "no such file"): a URL, a bare number, or
 * a host name of X without the scheme. */
static int looks_like_link(const char *in)
{
	static const char *const hosts[] = { "x.com/", "twitter.com/", "www.", "mobile.twitter.com/" };
	size_t n = strlen(in);

	if (strstr(in, "://") || (n > 0 && strspn(in, "0123456789") == n))
		return 1;
	for (size_t i = 0; i < sizeof hosts / sizeof *hosts; i++)
		if (strncmp(in, hosts[i], strlen(hosts[i])) == 0)
			return 1;
	return 0;
}

/* Reads the thread from a file, from stdin ("-"), or from the X API when the
 * input is a tweet link or id. */
static tp_result load_input(options *o, thread **out, char *msg, size_t msglen)
{
	xurl_ref ref;

	if (is_file_input(o->input))
		return load_file(o->input, out, msg, msglen);
	if (xurl_parse(o->input, &ref, msg, msglen) == TP_OK)
		return fetch_thread(o, o->input, out, msg, msglen);
	if (looks_like_link(o->input))
		return TP_ERR_INPUT;
	return tp_fail(TP_ERR_IO, msg, msglen, "cannot read %s: No such file or directory", o->input);
}

/* Writes the thread's text dump to stdout. */
static tp_result dump_thread(const thread *t, char *msg, size_t msglen)
{
	tp_result r;
	buf b;

	buf_init(&b);
	thread_dump(t, &b);
	r = output_write("-", b.data ? b.data : "", b.len, msg, msglen);
	buf_free(&b);
	return r;
}

/* Prefixes msg with the input it is about ("stdin" for "-"). */
static void name_input(const options *o, char *msg, size_t msglen)
{
	char *why = xstrdup(msg);

	snprintf(msg, msglen, "%s: %s", strcmp(o->input, "-") == 0 ? "stdin" : o->input, why);
	free(why);
}

/* Lays out and renders t, then delivers the PDF (or the layout dump). */
static tp_result render_one(const options *o, thread *t, char *msg, size_t msglen)
{
	render *rd = NULL;
	render_result rr = {0};
	char *name = NULL;
	buf pdfbytes;
	tp_result r;

	buf_init(&pdfbytes);
	r = render_new(o->fonts_dir, &rd, msg, msglen);
	diag_stage("fonts");
	if (r != TP_OK)
		goto cleanup;
	r = render_thread(rd, t, &o->layout, o->dump, &pdfbytes, &rr, msg, msglen);
	if (r != TP_OK) {
		name_input(o, msg, msglen);
		goto cleanup;
	}
	if (o->dump) {
		r = output_write("-", pdfbytes.data ? pdfbytes.data : "", pdfbytes.len, msg, msglen);
		goto cleanup;
	}
	if (!o->output) {
		name = output_default_name(t->author ? t->author->handle : NULL,
					   t->ntweets && t->tweets[0]->id ? t->tweets[0]->id : NULL);
	}
	r = check_target(o, t, o->output ? o->output : name, msg, msglen);
	if (r == TP_OK)
		r = output_write(o->output ? o->output : name, pdfbytes.data, pdfbytes.len, msg, msglen);
	diag_stage("write");
	if (r == TP_OK && strcmp(o->output ? o->output : name, "-") != 0)
		verbosef(1, "wrote %s (%zu bytes, %zu pages)", o->output ? o->output : name,
			 pdfbytes.len, rr.npages);
cleanup:
	free(name);
	buf_free(&pdfbytes);
	render_free(rd);
	return r;
}

int main(int argc, char **argv)
{
	options o = { .layout = { .paper = PAPER_A4, .font_size = 11 }, .api = { .max_wait = 900 } };
	char msg[1024] = "";
	char *cache = NULL;
	thread *t = NULL;
	tp_result r;

	output_install_signal_handlers();
	parse_args(argc, argv, &o);
	if (!o.media.cache_dir)
		o.media.cache_dir = o.api.cache_dir = cache = http_default_cache_dir();
	diag_stage("start-up");
	if (o.collection && !(o.dump && strcmp(o.dump, "threads") == 0)) {
		r = run_collection(&o, msg, sizeof msg);
		if (r != TP_OK)
			errorf("%s", msg[0] ? msg : "failed");
		free(cache);
		return (int)r;
	}
	if (is_batch(&o)) {
		r = run_batch(&o, msg, sizeof msg);
		if (r != TP_OK)
			errorf("%s", msg[0] ? msg : "failed");
		free(cache);
		return (int)r;
	}
	r = check_outputs(&o, msg, sizeof msg);
	if (r == TP_OK)
		r = load_input(&o, &t, msg, sizeof msg);
	diag_stage("input");
	if (r == TP_OK && o.dump && strcmp(o.dump, "thread") == 0) {
		r = dump_thread(t, msg, sizeof msg);
	} else if (r == TP_OK) {
		media_load_all(t, &o.media);
		diag_stage("media");
		r = render_one(&o, t, msg, sizeof msg);
	}
	if (r != TP_OK)
		errorf("%s", msg[0] ? msg : "failed");
	thread_free(t);
	free(cache);
	diag_stage("clean-up");
	return (int)r;
}
