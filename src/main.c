/* main: the command line. Runs the pipeline
 *   source (file or link) -> thread -> media -> layout -> PDF -> output. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "fonts.h"
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

/* Parses a page size name into *paper. Returns 0, or -1 when unknown. */
static int parse_paper(const char *s, layout_paper *paper)
{
	if (strcmp(s, "a4") == 0 || strcmp(s, "A4") == 0)
		*paper = PAPER_A4;
	else if (strcmp(s, "letter") == 0)
		*paper = PAPER_LETTER;
	else if (strcmp(s, "a5") == 0 || strcmp(s, "A5") == 0)
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

/* Parses --max-wait SECONDS; exits with a usage error when not a number. */
static int parse_seconds(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (end == s || *end || v < 0 || v > 86400) {
		errorf("--max-wait %s: not a number of seconds from 0 to 86400", s);
		exit(TP_ERR_USAGE);
	}
	return (int)v;
}

/* The default cache directory: $XDG_CACHE_HOME/threadpdf or ~/.cache/threadpdf. */
static char *default_cache_dir(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");

	if (xdg && *xdg)
		return xasprintf("%s/threadpdf", xdg);
	if (home && *home)
		return xasprintf("%s/.cache/threadpdf", home);
	return NULL;
}

/* Fills o from argv; exits with a usage error on bad options. */
static void parse_args(int argc, char **argv, options *o)
{
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
	int c;

	while ((c = getopt_long(argc, argv, "o:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o->output = optarg;
			break;
		case OPT_PAGE:
			if (parse_paper(optarg, &o->layout.paper) < 0) {
				errorf("--page-size %s: not a4, letter or a5", optarg);
				exit(TP_ERR_USAGE);
			}
			break;
		case OPT_FONT:
			if (parse_size(optarg, &o->layout.font_size) < 0) {
				errorf("--font-size %s: not a size from 6 to 24", optarg);
				exit(TP_ERR_USAGE);
			}
			break;
		case OPT_FONTS:
			o->fonts_dir = optarg;
			break;
		case OPT_DUMP:
			if (strcmp(optarg, "thread") && strcmp(optarg, "layout")) {
				errorf("--dump %s: not thread or layout", optarg);
				exit(TP_ERR_USAGE);
			}
			o->dump = optarg;
			break;
		case OPT_NOCACHE:
			o->media.no_cache = o->api.no_cache = 1;
			break;
		case OPT_CACHEDIR:
			o->media.cache_dir = o->api.cache_dir = optarg;
			break;
		case OPT_TOKENFILE:
			o->token_file = optarg;
			break;
		case OPT_APIBASE:
			o->api.api_base = optarg;
			break;
		case OPT_FULL:
			o->api.full_archive = 1;
			break;
		case OPT_MAXWAIT:
			o->api.max_wait = parse_seconds(optarg);
			break;
		case OPT_SAVEJSON:
			o->save_json = optarg;
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
		default:
			fputs(usage_text, stderr);
			exit(TP_ERR_USAGE);
		}
	}
	if (optind != argc - 1) {
		errorf(optind < argc ? "one input at a time" : "no input given (try --help)");
		exit(TP_ERR_USAGE);
	}
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

/* Reads the thread from a file, or from stdin when path is "-". */
static tp_result load_file(const char *path, thread **out, char *msg, size_t msglen)
{
	thread_pool *pool;
	buf b;
	tp_result r;

	if (strcmp(path, "-") != 0)
		return xv2_load_file(path, out, msg, msglen);
	buf_init(&b);
	if (util_read_file("/dev/stdin", &b) < 0) {
		buf_free(&b);
		return tp_fail(TP_ERR_IO, msg, msglen, "stdin: cannot read");
	}
	pool = thread_pool_new();
	r = xv2_read(pool, b.data, b.len, "stdin", msg, msglen);
	if (r == TP_OK)
		r = thread_assemble(pool, out, msg, msglen);
	if (r == TP_OK)
		(*out)->base_dir = xstrdup(".");
	thread_pool_free(pool);
	buf_free(&b);
	return r;
}

/* 1 when the input names a file: "-", or something that exists. */
static int is_file_input(const char *in)
{
	struct stat st;

	return strcmp(in, "-") == 0 || stat(in, &st) == 0;
}

/* 1 when the input is meant as a link (so a parse error should say what
 * links are accepted rather than "no such file"). */
static int looks_like_link(const char *in)
{
	size_t n = strlen(in);

	return strstr(in, "://") || strstr(in, "status") || strstr(in, "x.com") ||
	       strstr(in, "twitter.com") || (n > 0 && strspn(in, "0123456789") == n);
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

/* Prints the requested text dump of the thread or its layout to stdout. */
static void dump(const options *o, const thread *t, const layout_doc *d, fonts *f)
{
	buf b;

	buf_init(&b);
	if (strcmp(o->dump, "thread") == 0)
		thread_dump(t, &b);
	else
		layout_dump(d, f, &b);
	fwrite(b.data, 1, b.len, stdout);
	buf_free(&b);
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
	r = layout_thread(t, tx, &o->layout, &d, msg, msglen);
	if (r != TP_OK)
		goto cleanup;
	warn_missing(tx);
	if (o->dump) {
		dump(o, t, d, f);
		goto cleanup;
	}
	r = pdf_render(d, f, &pdfbytes, msg, msglen);
	if (r != TP_OK)
		goto cleanup;
	if (!o->output) {
		name = output_default_name(t->author ? t->author->handle : NULL,
					   t->ntweets && t->tweets[0]->id ? t->tweets[0]->id : NULL);
	}
	r = output_write(o->output ? o->output : name, pdfbytes.data, pdfbytes.len, msg, msglen);
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

	parse_args(argc, argv, &o);
	if (!o.media.cache_dir)
		o.media.cache_dir = o.api.cache_dir = cache = default_cache_dir();
	r = load_input(&o, &t, msg, sizeof msg);
	if (r == TP_OK && o.dump && strcmp(o.dump, "thread") == 0) {
		dump(&o, t, NULL, NULL);
	} else if (r == TP_OK) {
		media_load_all(t, &o.media);
		r = render(&o, t, msg, sizeof msg);
	}
	if (r != TP_OK)
		errorf("%s", msg[0] ? msg : "failed");
	thread_free(t);
	free(cache);
	return (int)r;
}
