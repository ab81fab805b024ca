/* cli: the command line. One option table (name, short letter, argument,
 * setter, help) yields getopt_long's array, its short string, the
 * settings the config file may hold (a key is a long option's name, see
 * config.h) and the --help text, in the table's order and groups.
 * Usage errors print one line and exit with TP_ERR_USAGE; --help and
 * --version print and exit 0 (the only exits of the program). */
#ifndef THREADPDF_CLI_H
#define THREADPDF_CLI_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "layout.h"
#include "media.h"
#include "sink.h"
#include "xapi.h"

#define CLI_VERSION "0.1.0"

/* What the command line and the config file asked for. The strings point
 * into argv or into cfg (owned here, freed by cli_free). */
typedef struct options {
	const char *input;
	const char *output;
	const char *fonts_dir;
	const char *dump;        /* NULL, "thread", "layout" or "threads" */
	const char *token_file;
	const char *save_json;   /* --save-json FILE: the fetched pages */
	char **inputs;           /* every input named on the command line (argv) */
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
	sink_settings mail;
	config *cfg;
} options;

/* Fills *o with the defaults, then the config file's settings (--config
 * FILE, else config_default_path()), then argv's options, which win.
 * Exits with a one-line usage error on a bad option, value or config
 * file, and with 0 after --help or --version. */
void cli_parse(int argc, char **argv, options *o);
/* The --help text, made from the option table; caller frees. */
char *cli_help(void);
/* Frees what *o owns (the mail settings, the config); the strings that
 * point into argv stay. */
void cli_free(options *o);

#endif
