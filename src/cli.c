/* cli: the command line. One table of options yields getopt_long's array,
 * the short string, the config file's keys and the --help text. */
#include "cli.h"

#include <getopt.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "thread.h"
#include "util.h"

/* The column where --help's descriptions start. */
#define HELP_COL 22
/* getopt_long's value of a long option without a letter: its row + this. */
#define VAL_BASE 256

/* Sets what one option asks for; exits on a bad value. */
typedef void cli_setter(options *o, const char *arg);

enum { NO_CONFIG = 1 }; /* an option the config file may not hold */

/* What an option does: its setter, or (set NULL) store into the field at
 * offset field of options its value (a const char *, borrowed) or, when it
 * takes none, 1 (an int). */
typedef struct cli_act {
	cli_setter *set;
	size_t field;
} cli_act;

/* An option with a setter of its own. */
#define SET(fn) { fn, 0 }
/* An option whose value is stored as it is (a const char * field). */
#define STR(f) { NULL, _Generic(((options *)0)->f, const char *: offsetof(options, f)) }
/* An option that sets an int field to 1. */
#define FLAG(f) { NULL, _Generic(((options *)0)->f, int: offsetof(options, f)) }
/* A line of --help only. */
#define NONE { NULL, 0 }

typedef struct cli_opt {
	const char *name;  /* long name; NULL for a line of --help only */
	int letter;        /* the short option, or 0 */
	int has_arg;       /* no_argument, required_argument or optional_argument */
	const char *arg;   /* the value's name in --help (or INPUT for a text line) */
	cli_act act;
	int flags;
	const char *help;  /* lines after the first are indented to HELP_COL */
} cli_opt;

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

/* Parses --mail-max-size: bytes, or with a k or M suffix (1000s). */
static int parse_bytes(const char *s, size_t *out)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || v < 1)
		return -1;
	if (*end == 'k' || *end == 'K' || *end == 'M' || *end == 'm') {
		v *= *end == 'k' || *end == 'K' ? 1e3 : 1e6;
		end++;
	}
	if (*end == 'B' || *end == 'b')
		end++;
	if (*end || v > 1e12)
		return -1;
	*out = (size_t)v;
	return 0;
}

/* -o FILE: the PDF (or the batch's directory, or the book). */
static void set_output(options *o, const char *arg)
{
	if (!*arg)
		usage_error("-o: empty file name");
	o->output = arg;
}

/* --page-size S. */
static void set_page(options *o, const char *arg)
{
	if (parse_paper(arg, &o->layout.paper) < 0)
		usage_error("--page-size %s: not a4, letter or a5", arg);
}

/* --font-size PT. */
static void set_font(options *o, const char *arg)
{
	if (parse_size(arg, &o->layout.font_size) < 0)
		usage_error("--font-size %s: not a size from 6 to 24", arg);
}

/* --min-tweets N. */
static void set_min_tweets(options *o, const char *arg)
{
	long v;

	if (parse_count(arg, 1, 1000000, &v) < 0)
		usage_error("--min-tweets %s: not a number from 1", arg);
	o->min_tweets = (size_t)v;
}

/* --since DATE: from that day's midnight (UTC). */
static void set_since(options *o, const char *arg)
{
	if (parse_date(arg, &o->since) < 0)
		usage_error("--since %s: not a date YYYY-MM-DD", arg);
}

/* --until DATE: up to the end of that day (UTC). */
static void set_until(options *o, const char *arg)
{
	if (parse_date(arg, &o->until) < 0)
		usage_error("--until %s: not a date YYYY-MM-DD", arg);
	o->until += 86400;
}

/* --order oldest|newest. */
static void set_order(options *o, const char *arg)
{
	if (strcmp(arg, "oldest") == 0 || strcmp(arg, "newest") == 0)
		o->newest = strcmp(arg, "newest") == 0;
	else
		usage_error("--order %s: not oldest or newest", arg);
}

/* -j N: threads rendered at once. */
static void set_jobs(options *o, const char *arg)
{
	long v;

	if (parse_count(arg, 1, 64, &v) < 0)
		usage_error("-j %s: not a number from 1 to 64", arg);
	o->jobs = (int)v;
}

/* --max-wait SEC. */
static void set_max_wait(options *o, const char *arg)
{
	if (parse_seconds(arg, &o->api.max_wait) < 0)
		usage_error("--max-wait %s: not a number of seconds from 0 to 86400", arg);
}

/* --save-json F. */
static void set_save_json(options *o, const char *arg)
{
	if (!*arg)
		usage_error("--save-json: empty file name");
	o->save_json = arg;
}

/* --no-cache: for the API and the media alike. */
static void set_no_cache(options *o, const char *arg)
{
	o->media.no_cache = o->api.no_cache = 1;
}

/* --cache-dir DIR: for the API and the media alike. */
static void set_cache_dir(options *o, const char *arg)
{
	o->media.cache_dir = o->api.cache_dir = arg;
}

/* --dump thread|layout|threads. */
static void set_dump(options *o, const char *arg)
{
	if (strcmp(arg, "thread") && strcmp(arg, "layout") && strcmp(arg, "threads"))
		usage_error("--dump %s: not thread, layout or threads", arg);
	o->dump = arg;
}

/* Adds recipients of kind k; on the command line they also ask to mail. */
static void add_recipient(options *o, int k, const char *arg)
{
	sink_settings_add(&o->mail, k, arg);
	o->mail.mail |= !o->mail.in_config;
}

/* --mail-to ADDR. */
static void set_mail_to(options *o, const char *arg)
{
	add_recipient(o, SINK_TO, arg);
}

/* --mail-cc ADDR. */
static void set_mail_cc(options *o, const char *arg)
{
	add_recipient(o, SINK_CC, arg);
}

/* --mail-bcc ADDR. */
static void set_mail_bcc(options *o, const char *arg)
{
	add_recipient(o, SINK_BCC, arg);
}

/* --mail-max-size N. */
static void set_mail_max(options *o, const char *arg)
{
	if (parse_bytes(arg, &o->mail.max_size) < 0)
		usage_error("--mail-max-size %s: not a size in bytes (18000000, 18M, 500k)", arg);
}

/* --sendmail[=CMD]. */
static void set_sendmail(options *o, const char *arg)
{
	o->mail.sendmail = arg && *arg ? arg : "sendmail -t -oi";
}

/* --allow-from A. */
static void set_allow_from(options *o, const char *arg)
{
	sink_settings_add(&o->mail, SINK_ALLOW, arg);
}

/* --config FILE: read before the other options (see config_arg). */
static void set_config(options *o, const char *arg)
{
}

/* -v: more detail on stderr. */
static void set_verbose(options *o, const char *arg)
{
	diag_verbosity++;
}

/* --version: prints it and exits. */
static void set_version(options *o, const char *arg)
{
	printf("threadpdf %s\n", CLI_VERSION);
	exit(0);
}

/* -h: prints the help and exits. */
static void set_help(options *o, const char *arg)
{
	char *help = cli_help();

	fputs(help, stdout);
	free(help);
	exit(0);
}

#define R required_argument
#define N no_argument
static const cli_opt table[] = {
	{ NULL, 0, N, "INPUT", NONE, 0, "a tweet link or id (fetched from the X API),\n"
	  "thread.json (X API v2 JSON), - for stdin, or a\nTwitter data archive (its zip or folder)" },
	{ "output", 'o', R, "FILE", SET(set_output), 0, "write the PDF to FILE (- for stdout);\n"
	  "default <handle>-<thread id>.pdf" },
	{ "page-size", 0, R, "S", SET(set_page), 0, "a4 (default), letter or a5" },
	{ "font-size", 0, R, "PT", SET(set_font), 0, "body text size, 6 to 24 (default 11)" },
	{ "fonts", 0, R, "DIR", STR(fonts_dir), 0, "bundled fonts directory" },
	{ "tagged", 0, N, NULL, FLAG(layout.tagged), 0, "a tagged PDF (PDF/UA-style structure tree:\n"
	  "screen readers, reflow); a larger file" },
	{ "allow-local-media", 0, N, NULL, FLAG(media.allow_local), 0, "embed local images from anywhere (absolute paths,\n"
	  "file://, ..); else only from the JSON file's folder" },
	{ NULL, 0, N, NULL, NONE, 0, "batch (several inputs, an archive, or -o DIR/):" },
	{ "input-file", 0, R, "F", STR(input_file), 0, "read inputs from F, one a line (- for stdin)" },
	{ "name", 0, R, "T", STR(name_template), 0, "file names: {handle} {id} {date} {title} {n}\n"
	  "(default {handle}-{date}-{id})" },
	{ "min-tweets", 0, R, "N", SET(set_min_tweets), 0, "archive threads of at least N tweets (default 2)" },
	{ "since", 0, R, "DATE", SET(set_since), 0, "threads whose first tweet is on or after DATE" },
	{ "until", 0, R, "DATE", SET(set_until), 0, "... on or before DATE (YYYY-MM-DD, UTC)" },
	{ "force", 0, N, NULL, FLAG(force), 0, "render again what the manifest has" },
	{ NULL, 0, N, NULL, NONE, 0, "collection (every thread of the inputs in one book):" },
	{ "collection", 0, N, NULL, FLAG(collection), 0, "one PDF (-o FILE.pdf): cover, contents, a chapter\n"
	  "per thread in date order" },
	{ "title", 0, R, "TEXT", STR(title), 0, "the book's title (default \"Threads by Name\")" },
	{ "order", 0, R, "O", SET(set_order), 0, "oldest (default) or newest thread first" },
	{ "jobs", 'j', R, "N", SET(set_jobs), 0, "render N threads at once (default: the cores)" },
	{ "quiet", 'q', N, NULL, FLAG(quiet), 0, "no progress line" },
	{ NULL, 0, N, NULL, NONE, 0, "fetching:" },
	{ "token-file", 0, R, "F", STR(token_file), 0, "bearer token file (else $X_BEARER_TOKEN or\n"
	  "$TWITTER_BEARER_TOKEN)" },
	{ "api-base", 0, R, "URL", STR(api.api_base), 0, "X API base (default $THREADPDF_API_BASE or\n"
	  "https://api.x.com/2)" },
	{ "full-archive", 0, N, NULL, FLAG(api.full_archive), 0, "search the full archive (needs that access level)" },
	{ "max-wait", 0, R, "SEC", SET(set_max_wait), 0, "longest wait for a rate limit to reset (default 900)" },
	{ "save-json", 0, R, "F", SET(set_save_json), 0, "also write the fetched pages (JSON Lines) to F" },
	{ "no-cache", 0, N, NULL, SET(set_no_cache), 0, "do not read or write the download cache" },
	{ "cache-dir", 0, R, "DIR", SET(set_cache_dir), 0, "download cache (default $XDG_CACHE_HOME/threadpdf)" },
	{ "dump", 0, R, "WHAT", SET(set_dump), 0, "print the thread, its layout, or the list of threads\n"
	  "of the inputs as text (thread|layout|threads)" },
	{ NULL, 0, N, NULL, NONE, 0, "mail (settings also in $XDG_CONFIG_HOME/threadpdf/config):" },
	{ "mail", 0, N, NULL, FLAG(mail.mail), 0, "send to the config file's recipients" },
	{ "mail-to", 0, R, "ADDR", SET(set_mail_to), 0, "send the PDFs to ADDR (repeatable, or a,b)" },
	{ "mail-cc", 0, R, "ADDR", SET(set_mail_cc), 0, "... in copy" },
	{ "mail-bcc", 0, R, "ADDR", SET(set_mail_bcc), 0, "... in blind copy" },
	{ "mail-from", 0, R, "ADDR", STR(mail.from), 0, "the sender (default: --smtp-user when an address)" },
	{ "mail-subject", 0, R, "S", STR(mail.subject), 0, "the subject (default: the thread's title)" },
	{ "mail-max-size", 0, R, "N", SET(set_mail_max), 0, "bytes of PDF a message (k/M suffix; default 18M)" },
	{ "mail-only", 0, N, NULL, FLAG(mail.only), 0, "do not keep the PDFs on disk once sent" },
	{ "smtp", 0, R, "URL", STR(mail.smtp), 0, "smtps://host[:465] or smtp://host[:587] (STARTTLS)" },
	{ "smtp-user", 0, R, "U", STR(mail.user), 0, "login (password: $THREADPDF_SMTP_PASSWORD, a\n"
	  "password file or command, or netrc)" },
	{ "smtp-password-file", 0, R, "F", STR(mail.password_file), 0, "the password's file (mode 600)" },
	{ "smtp-password-command", 0, R, "CMD", STR(mail.password_cmd), 0, "a command printing the password" },
	{ "smtp-oauth2-token-file", 0, R, "F", STR(mail.oauth_file), 0, "an OAuth 2 access token (XOAUTH2) instead" },
	{ "smtp-cafile", 0, R, "F", STR(mail.cafile), 0, "the CA that signed the server's certificate" },
	{ "eml", 0, R, "FILE", STR(mail.eml), 0, "write the message to FILE (- for stdout) instead" },
	{ "sendmail", 0, optional_argument, "CMD", SET(set_sendmail), 0, "pipe it to CMD (default \"sendmail -t -oi\")" },
	{ "reply-to-mail", 0, N, NULL, FLAG(mail.reply), NO_CONFIG, "answer the mail message on stdin with the PDFs of\n"
	  "the threads it links to" },
	{ "allow-from", 0, R, "A", SET(set_allow_from), 0, "answer only ADDR or @domain (repeatable)" },
	{ "config", 0, R, "FILE", SET(set_config), NO_CONFIG, "read settings from FILE instead of the default" },
	{ "verbose", 'v', N, NULL, SET(set_verbose), 0, "more detail on stderr (twice for more)" },
	{ "version", 0, N, NULL, SET(set_version), NO_CONFIG, "print the version" },
	{ "help", 'h', N, NULL, SET(set_help), NO_CONFIG, "this help" },
};
#undef R
#undef N
#define NOPTS (sizeof table / sizeof *table)

/* Appends one row's help: its head, then its lines from HELP_COL. */
static void help_row(buf *b, const cli_opt *r)
{
	size_t start = b->len;

	if (!r->name && !r->arg) {
		buf_printf(b, "  %s\n", r->help);
		return;
	}
	if (!r->name)
		buf_printf(b, "  %s", r->arg);
	else if (!r->letter)
		buf_printf(b, "      --%s", r->name);
	else
		buf_printf(b, "  -%c, --%s", r->letter, r->name);
	if (r->name && r->has_arg == optional_argument)
		buf_printf(b, "[=%s]", r->arg);
	else if (r->name && r->arg)
		buf_printf(b, " %s", r->arg);
	if (b->len - start >= HELP_COL)
		buf_printf(b, "\n%*s", HELP_COL, "");
	else
		buf_printf(b, "%*s", (int)(HELP_COL - (b->len - start)), "");
	for (const char *p = r->help; *p;) {
		size_t n = strcspn(p, "\n");
		buf_printf(b, "%.*s\n", (int)n, p);
		p += n;
		if (*p && *++p)
			buf_printf(b, "%*s", HELP_COL, "");
	}
}

char *cli_help(void)
{
	buf b;

	buf_init(&b);
	buf_printf(&b, "usage: threadpdf [options] INPUT...\n");
	for (size_t i = 0; i < NOPTS; i++)
		help_row(&b, &table[i]);
	return b.data;
}

/* The row of getopt_long's value c, or NULL. */
static const cli_opt *row_of(int c)
{
	if (c >= VAL_BASE && (size_t)(c - VAL_BASE) < NOPTS)
		return &table[c - VAL_BASE];
	for (size_t i = 0; c > 0 && c < VAL_BASE && i < NOPTS; i++)
		if (table[i].name && table[i].letter == c)
			return &table[i];
	return NULL;
}

/* The --config FILE of argv, or NULL (looked for before the options are
 * parsed: the config file's settings come first, the command line wins). */
static const char *config_arg(int argc, char **argv)
{
	const char *path = NULL;

	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
			path = argv[++i];
		else if (strncmp(argv[i], "--config=", 9) == 0)
			path = argv[i] + 9;
	}
	return path;
}

/* Carries out option row r with value arg (NULL when it takes none): its
 * setter, or its plain field. */
static void apply_row(const cli_opt *r, options *o, const char *arg)
{
	char *f = (char *)o + r->act.field;

	if (r->act.set)
		r->act.set(o, arg);
	else if (r->has_arg == no_argument)
		*(int *)(void *)f = 1;
	else
		*(const char **)(void *)f = arg;
}

/* Applies one setting of the config file as its option; exits when the
 * key is no option or its value does not fit. */
static void apply_setting(options *o, const config *cfg, const config_entry *e)
{
	if (strcmp(e->key, "password") == 0) {
		o->mail.config_password = e->value;
		return;
	}
	for (const cli_opt *lo = table; lo < table + NOPTS; lo++) {
		if (!lo->name || strcmp(lo->name, e->key) != 0)
			continue;
		if (lo->flags & NO_CONFIG)
			break;
		if (lo->has_arg == no_argument) {
			if (strcmp(e->value, "no") == 0 || strcmp(e->value, "false") == 0 || strcmp(e->value, "0") == 0)
				return;
			if (*e->value && strcmp(e->value, "yes") && strcmp(e->value, "true") && strcmp(e->value, "1"))
				usage_error("config %s line %d: %s takes yes or no", cfg->path, e->line, e->key);
		} else if (lo->has_arg == required_argument && !*e->value) {
			usage_error("config %s line %d: %s needs a value", cfg->path, e->line, e->key);
		}
		apply_row(lo, o, lo->has_arg == no_argument ? NULL : e->value);
		return;
	}
	usage_error("config %s line %d: %s is not a setting threadpdf knows", cfg->path, e->line, e->key);
}

/* Reads the config file (--config, else the default path) and applies its
 * settings before the command line's; exits on a bad file. */
static void load_config(options *o, int argc, char **argv)
{
	const char *given = config_arg(argc, argv);
	char *path = given ? xstrdup(given) : config_default_path();
	char msg[1024];

	if (!path)
		return;
	if (config_read(path, given != NULL, &o->cfg, msg, sizeof msg) != TP_OK) {
		errorf("%s", msg);
		free(path);
		exit(TP_ERR_USAGE);
	}
	free(path);
	o->mail.in_config = 1;
	for (size_t i = 0; i < o->cfg->n; i++)
		apply_setting(o, o->cfg, &o->cfg->v[i]);
	o->mail.in_config = 0;
}

/* getopt_long's array and short string (":" first: a missing value is
 * told apart from an unknown option), made from the table. */
static void getopt_tables(struct option *longopts, char *shorts)
{
	size_t n = 0;

	*shorts++ = ':';
	for (size_t i = 0; i < NOPTS; i++) {
		const cli_opt *r = &table[i];
		if (!r->name)
			continue;
		longopts[n++] = (struct option){ r->name, r->has_arg, NULL, r->letter ? r->letter : (int)(VAL_BASE + i) };
		if (r->letter) {
			*shorts++ = (char)r->letter;
			if (r->has_arg != no_argument)
				*shorts++ = ':';
		}
	}
	longopts[n] = (struct option){ NULL, 0, NULL, 0 };
	*shorts = '\0';
}

/* Fills o from argv; exits with a one-line usage error on bad options. */
static void parse_args(int argc, char **argv, options *o)
{
	struct option longopts[NOPTS + 1];
	char shorts[2 * NOPTS + 2];
	int c;

	getopt_tables(longopts, shorts);
	opterr = 0;
	while ((c = getopt_long(argc, argv, shorts, longopts, NULL)) != -1) {
		const cli_opt *r = row_of(c);
		if (c == ':')
			usage_error("%s needs a value", argv[optind - 1]);
		if (!r)
			usage_error("unknown option %s", argv[optind - 1]);
		apply_row(r, o, optarg);
	}
	if (optind == argc && !o->input_file && !o->mail.reply)
		usage_error("no input given");
	o->inputs = argv + optind;
	o->ninputs = (size_t)(argc - optind);
	o->input = o->ninputs ? argv[optind] : NULL;
}

void cli_parse(int argc, char **argv, options *o)
{
	*o = (options){ .layout = { .paper = PAPER_A4, .font_size = 11 }, .api = { .max_wait = 900 } };
	load_config(o, argc, argv);
	parse_args(argc, argv, o);
}

void cli_free(options *o)
{
	sink_settings_free(&o->mail);
	config_free(o->cfg);
	o->cfg = NULL;
}
