/* Unit tests of config: lines, aliases, quotes, errors, the password's file mode, secrets. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "config.h"

/* Writes text to a fresh file of the given mode; returns its path (caller frees). */
static char *write_file(const char *text, mode_t mode)
{
	char *path = strdup("/tmp/tp-config-XXXXXX");
	int fd = mkstemp(path);

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		abort();
	close(fd);
	chmod(path, mode);
	return path;
}

/* Settings, aliases, comments and quotes. */
static void test_read(void)
{
	char *p = write_file("# mine\n\nsmtp = smtps://mail.example.org\n user=me@example.org \n"
			     "to = a@example.org, b@example.org\nmail-subject = \"  spaced  \"\npage-size=letter\n",
			     0644);
	config *c = NULL;
	char msg[256];

	CHECK("config read ok", config_read(p, 1, &c, msg, sizeof msg) == TP_OK);
	CHECK_STR("config smtp", config_get(c, "smtp"), "smtps://mail.example.org");
	CHECK_STR("config alias user", config_get(c, "smtp-user"), "me@example.org");
	CHECK_STR("config alias to", config_get(c, "mail-to"), "a@example.org, b@example.org");
	CHECK_STR("config quotes keep blanks", config_get(c, "mail-subject"), "  spaced  ");
	CHECK("config line numbers", c && c->n == 5 && c->v[4].line == 7);
	config_free(c);
	unlink(p);
	free(p);
}

/* Bad lines, a missing file, a password in a readable file. */
static void test_errors(void)
{
	char msg[256];
	config *c = NULL;
	char *p = write_file("smtp = x\nthis is not a setting\n", 0600);

	CHECK("config bad line refused", config_read(p, 1, &c, msg, sizeof msg) == TP_ERR_USAGE && !c);
	CHECK("config bad line named", strstr(msg, "line 2") != NULL);
	unlink(p);
	free(p);
	CHECK("config missing is empty", config_read("/nonexistent/tp/config", 0, &c, msg, sizeof msg) == TP_OK &&
		      c && c->n == 0);
	config_free(c);
	CHECK("config missing given refused", config_read("/nonexistent/tp/config", 1, &c, msg, sizeof msg) == TP_ERR_IO);
	p = write_file("password = hunter2\n", 0644);
	CHECK("config password readable refused", config_read(p, 1, &c, msg, sizeof msg) == TP_ERR_USAGE);
	CHECK("config password says why", strstr(msg, "others may read it") != NULL && !strstr(msg, "hunter2"));
	chmod(p, 0600);
	CHECK("config password private ok", config_read(p, 1, &c, msg, sizeof msg) == TP_OK);
	CHECK_STR("config password", config_get(c, "password"), "hunter2");
	config_free(c);
	unlink(p);
	free(p);
}

/* Secrets from a file (mode checked, first line) and from a command. */
static void test_secrets(void)
{
	char msg[256], *s = NULL;
	char *p = write_file("s3cret\nsecond line\n", 0600);

	CHECK("secret file ok", config_secret_file("pw", p, &s, msg, sizeof msg) == TP_OK);
	CHECK_STR("secret file first line", s, "s3cret");
	free(s);
	chmod(p, 0640);
	CHECK("secret file group-readable refused", config_secret_file("pw", p, &s, msg, sizeof msg) == TP_ERR_USAGE && !s);
	unlink(p);
	free(p);
	CHECK("secret command ok", config_secret_command("cmd", "printf 'abc\\n'", &s, msg, sizeof msg) == TP_OK);
	CHECK_STR("secret command line", s, "abc");
	free(s);
	CHECK("secret command failing refused", config_secret_command("cmd", "exit 3", &s, msg, sizeof msg) == TP_ERR_USAGE);
	CHECK("secret command empty refused", config_secret_command("cmd", "true", &s, msg, sizeof msg) == TP_ERR_USAGE);
}

int main(void)
{
	test_read();
	test_errors();
	test_secrets();
	CHECK_DONE();
}
