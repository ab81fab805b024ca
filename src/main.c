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

#include "diag.h"
#include "fonts.h"
#include "http.h"
#include "layout.h"
#include "media.h"
#include "output.h"
#include "pdf.h"
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
	layout_opts layout;
	media_opts media;
	xapi_opts api;
} options;

static const char usage_text[] =
	"usage: threadpdf [options] INPUT\n"
	"  INPUT               a tweet link or id (fetched from the X API),\n"
	"                      thread.json (X API v2 JSON), or - for stdin\n"
	"  -o, --output FILE   write the PDF to FILE (- for stdout);\n"
	"                      default <handle>-<thread id>.pdf\n"
	"      --page-size S   a4 (default), letter or a5\n"
	"      --font-size PT  body text size, 6 to 24 (default 11)\n"
	"      --fonts DIR     bundled fonts directory\n"
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
	"      --dump WHAT     print the thread or layout as text (thread|layout)\n"
	"  -v, --verbose       more detail on stderr (twice for more)\n"
	"      --version       print the version\n"
	"  -h, --help          this help\n";

enum { OPT_PAGE = 256, OPT_FONT, OPT_FONTS, OPT_DUMP, OPT_NOCACHE, OPT_CACHEDIR, OPT_VERSION,
       OPT_TOKENFILE, OPT_APIBASE, OPT_FULL, OPT_MAXWAIT, OPT_SAVEJSON };

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

/* Applies an option that takes a value; exits on a bad value. */
static void apply_valued(options *o, int c, const char *arg)
{
	if ((c == 'o' || c == OPT_SAVEJSON) && !*arg)
		usage_error("%s: empty file name", c == 'o' ? "-o" : "--save-json");
	else if (c == 'o')
		o->output = arg;
	else if (c == OPT_PAGE && parse_paper(arg, &o->layout.paper) < 0)
		usage_error("--page-size %s: not a4, letter or a5", arg);
	else if (c == OPT_FONT && parse_size(arg, &o->layout.font_size) < 0)
		usage_error("--font-size %s: not a size from 6 to 24", arg);
	else if (c == OPT_MAXWAIT && parse_seconds(arg, &o->api.max_wait) < 0)
		usage_error("--max-wait %s: not a number of seconds from 0 to 86400", arg);
	else if (c == OPT_DUMP && strcmp(arg, "thread") && strcmp(arg, "layout"))
		usage_error("--dump %s: not thread or layout", arg);
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
	while ((c = getopt_long(argc, argv, ":o:vh", longopts, NULL)) != -1)
		apply_option(o, c, optarg, argv[optind - 1]);
	if (optind != argc - 1)
		usage_error("%s", optind < argc ? "one input at a time" : "no input given");
	o->input = argv[optind];
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

/* Writes the requested text dump of the thread or its layout to stdout. */
static tp_result dump(const options *o, const thread *t, const layout_doc *d, fonts *f, char *msg,
		      size_t msglen)
{
	tp_result r;
	buf b;

	buf_init(&b);
	if (strcmp(o->dump, "thread") == 0)
		thread_dump(t, &b);
	else
		layout_dump(d, f, &b);
	r = output_write("-", b.data ? b.data : "", b.len, msg, msglen);
	buf_free(&b);
	return r;
}

/* One warning naming the characters no font on the machine covers. */
static void warn_missing(const text *tx)
{
	char *missing = text_missing(tx);

	if (missing)
		warnf("no font on this machine has these characters (drawn as boxes): %s", missing);
	free(missing);
}

/* Lays out and renders t, then delivers the PDF (or the dump). */
static tp_result render(const options *o, thread *t, char *msg, size_t msglen)
{
	fonts *f = NULL;
	text *tx = NULL;
	layout_doc *d = NULL;
	char *name = NULL;
	buf pdfbytes;
	tp_result r;

	buf_init(&pdfbytes);
	r = fonts_new(o->fonts_dir ? o->fonts_dir : fonts_default_dir(), &f, msg, msglen);
	if (r != TP_OK)
		goto cleanup;
	tx = text_new(f);
	diag_stage("fonts");
	r = layout_thread(t, tx, &o->layout, &d, msg, msglen);
	diag_stage("layout");
	if (r != TP_OK)
		goto cleanup;
	warn_missing(tx);
	if (o->dump) {
		r = dump(o, t, d, f, msg, msglen);
		goto cleanup;
	}
	r = pdf_render(d, f, &pdfbytes, msg, msglen);
	diag_stage("pdf: freed");
	if (r != TP_OK)
		goto cleanup;
	if (!o->output) {
		name = output_default_name(t->author ? t->author->handle : NULL,
					   t->ntweets && t->tweets[0]->id ? t->tweets[0]->id : NULL);
	}
	r = output_write(o->output ? o->output : name, pdfbytes.data, pdfbytes.len, msg, msglen);
	diag_stage("write");
	if (r == TP_OK && strcmp(o->output ? o->output : name, "-") != 0)
		verbosef(1, "wrote %s (%zu bytes, %zu pages)", o->output ? o->output : name,
			 pdfbytes.len, d->npages);
cleanup:
	free(name);
	buf_free(&pdfbytes);
	layout_doc_free(d);
	text_free(tx);
	fonts_free(f);
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
	r = load_input(&o, &t, msg, sizeof msg);
	diag_stage("input");
	if (r == TP_OK && o.dump && strcmp(o.dump, "thread") == 0) {
		r = dump(&o, t, NULL, NULL, msg, sizeof msg);
	} else if (r == TP_OK) {
		media_load_all(t, &o.media);
		diag_stage("media");
		r = render(&o, t, msg, sizeof msg);
	}
	if (r != TP_OK)
		errorf("%s", msg[0] ? msg : "failed");
	thread_free(t);
	free(cache);
	diag_stage("clean-up");
	return (int)r;
}
