/* Unit tests of cli: the option table's --help and parsing. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cli.h"

/* --help keeps its groups and formats a long head on a line of its own. */
static void test_help(void)
{
	char *h = cli_help();

	CHECK("cli-help-usage-first", strncmp(h, "usage: threadpdf [options] INPUT...\n", 36) == 0);
	CHECK("cli-help-short-and-long", strstr(h, "\n  -o, --output FILE   write the PDF") != NULL);
	CHECK("cli-help-heading", strstr(h, "\n  fetching:\n      --token-file F  bearer") != NULL);
	CHECK("cli-help-long-head-wraps", strstr(h, "\n      --sendmail[=CMD]\n                      pipe it") != NULL);
	CHECK("cli-help-continuation", strstr(h, "\n                      $TWITTER_BEARER_TOKEN)\n") != NULL);
	free(h);
}

/* Options land in their fields; the rest of argv are the inputs. */
static void test_parse(void)
{
	char a0[] = "threadpdf", a1[] = "--page-size", a2[] = "letter", a3[] = "-j", a4[] = "3",
	     a5[] = "--until=2024-01-02", a6[] = "--sendmail", a7[] = "--mail-to", a8[] = "a@example.org",
	     a9[] = "in.json";
	char *argv[] = { a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, NULL };
	options o;

	setenv("XDG_CONFIG_HOME", "/nonexistent-threadpdf-test", 1);
	cli_parse(10, argv, &o);
	CHECK("cli-parse-paper", o.layout.paper == PAPER_LETTER);
	CHECK("cli-parse-jobs", o.jobs == 3);
	CHECK("cli-parse-until-end-of-day", o.until == 1704153600 + 86400);
	CHECK_STR("cli-parse-sendmail-default", o.mail.sendmail, "sendmail -t -oi");
	CHECK("cli-parse-mail-to-asks-mail", o.mail.mail == 1);
	CHECK("cli-parse-defaults", o.layout.font_size == 11 && o.api.max_wait == 900);
	CHECK("cli-parse-inputs", o.ninputs == 1 && strcmp(o.input, "in.json") == 0);
	cli_free(&o);
}

int main(void)
{
	test_help();
	test_parse();
	CHECK_DONE();
}
