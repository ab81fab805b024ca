/* config: the `key = value` settings file (see config.h). */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"

char *config_default_path(void)
{
	const char *x = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (x && x[0] == '/')
		return xasprintf("%s/threadpdf/config", x);
	if (home && home[0])
		return xasprintf("%s/.config/threadpdf/config", home);
	return NULL;
}

const char *config_canonical(const char *key)
{
	static const char *const alias[][2] = {
		{ "user", "smtp-user" }, { "from", "mail-from" }, { "to", "mail-to" }, { "cc", "mail-cc" },
		{ "bcc", "mail-bcc" }, { "password-command", "smtp-password-command" },
		{ "password-file", "smtp-password-file" }, { "cafile", "smtp-cafile" },
		{ "oauth2-token-file", "smtp-oauth2-token-file" }, { "subject", "mail-subject" },
		{ "max-size", "mail-max-size" }, { "smtp-password", "password" },
	};

	for (size_t i = 0; i < sizeof alias / sizeof *alias; i++)
		if (strcmp(key, alias[i][0]) == 0)
			return alias[i][1];
	return key;
}

/* Trims blanks at both ends of s[0..*n) in place; returns the new start. */
static char *trim(char *s, size_t *n)
{
	while (*n && isspace((unsigned char)*s)) {
		s++;
		(*n)--;
	}
	while (*n && isspace((unsigned char)s[*n - 1]))
		(*n)--;
	return s;
}

/* Parses one line into c; TP_OK (also for a blank or comment line). */
static tp_result parse_line(config *c, char *line, size_t len, int no, char *msg, size_t msglen)
{
	char *s = trim(line, &len), *eq;

	if (len == 0 || s[0] == '#')
		return TP_OK;
	eq = memchr(s, '=', len);
	if (!eq)
		return tp_fail(TP_ERR_USAGE, msg, msglen, "config %s line %d: not a `key = value` line", c->path, no);
	size_t kn = (size_t)(eq - s), vn = len - kn - 1;
	char *k = trim(s, &kn), *v = trim(eq + 1, &vn);
	if (kn == 0 || strspn(k, "abcdefghijklmnopqrstuvwxyz0123456789-") < kn)
		return tp_fail(TP_ERR_USAGE, msg, msglen, "config %s line %d: \"%.*s\" is not a setting name "
			       "(lower-case letters, digits and '-')", c->path, no, (int)(kn < 40 ? kn : 40), k);
	if (vn >= 2 && v[0] == '"' && v[vn - 1] == '"') {
		v++;
		vn -= 2;
	}
	char *key = xstrndup(k, kn);
	c->v = xrealloc(c->v, (c->n + 1) * sizeof *c->v);
	c->v[c->n].key = xstrdup(config_canonical(key));
	c->v[c->n].value = xstrndup(v, vn);
	c->v[c->n].line = no;
	c->n++;
	free(key);
	return TP_OK;
}

/* Refuses a password in a file that group or others may read. */
static tp_result check_secret(const config *c, char *msg, size_t msglen)
{
	struct stat st;

	if (!config_get(c, "password"))
		return TP_OK;
	if (stat(c->path, &st) != 0)
		return tp_fail(TP_ERR_IO, msg, msglen, "config %s: %s", c->path, strerror(errno));
	if (st.st_mode & 077)
		return tp_fail(TP_ERR_USAGE, msg, msglen, "config %s holds a password but others may read it "
			       "(mode %03o): chmod 600 it, or use password-command", c->path,
			       (unsigned)(st.st_mode & 0777));
	return TP_OK;
}

tp_result config_read(const char *path, int must_exist, config **out, char *msg, size_t msglen)
{
	config *c = xcalloc(1, sizeof *c);
	struct stat st;
	tp_result r = TP_OK;
	buf b;

	*out = NULL;
	c->path = xstrdup(path);
	buf_init(&b);
	if (!must_exist && stat(path, &st) != 0 && errno == ENOENT) {
		*out = c;
		return TP_OK;
	}
	r = util_read_capped(path, "config", UTIL_CAP_CONFIG, &b, msg, msglen);
	for (size_t i = 0, no = 1; r == TP_OK && i < b.len; no++) {
		char *nl = memchr(b.data + i, '\n', b.len - i);
		size_t n = nl ? (size_t)(nl - (b.data + i)) : b.len - i;
		if (memchr(b.data + i, '\0', n))
			r = tp_fail(TP_ERR_USAGE, msg, msglen, "config %s line %zu: a NUL byte", path, no);
		else
			r = parse_line(c, b.data + i, n, (int)no, msg, msglen);
		i += n + 1;
	}
	if (r == TP_OK)
		r = check_secret(c, msg, msglen);
	if (b.data)
		memset(b.data, 0, b.len);
	buf_free(&b);
	if (r != TP_OK) {
		config_free(c);
		return r;
	}
	*out = c;
	return TP_OK;
}

const char *config_get(const config *c, const char *key)
{
	const char *v = NULL;

	for (size_t i = 0; c && i < c->n; i++)
		if (strcmp(c->v[i].key, key) == 0)
			v = c->v[i].value;
	return v;
}

void config_free(config *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++) {
		memset(c->v[i].value, 0, strlen(c->v[i].value));
		free(c->v[i].key);
		free(c->v[i].value);
	}
	free(c->v);
	free(c->path);
	free(c);
}

/* The first line of b as a new string (the secret); b wiped. */
static char *first_line(buf *b)
{
	size_t n = b->data ? strcspn(b->data, "\r\n") : 0;
	char *s = xstrndup(b->data ? b->data : "", n);

	if (b->data)
		memset(b->data, 0, b->len);
	buf_free(b);
	return s;
}

tp_result config_secret_file(const char *what, const char *path, char **out, char *msg, size_t msglen)
{
	struct stat st;
	buf b;
	tp_result r;

	*out = NULL;
	if (stat(path, &st) != 0)
		return tp_fail(TP_ERR_IO, msg, msglen, "%s %s: %s", what, path, strerror(errno));
	if (st.st_mode & 077)
		return tp_fail(TP_ERR_USAGE, msg, msglen, "%s %s: others may read it (mode %03o); chmod 600 it",
			       what, path, (unsigned)(st.st_mode & 0777));
	buf_init(&b);
	r = util_read_capped(path, what, UTIL_CAP_TOKEN, &b, msg, msglen);
	*out = first_line(&b);
	if (r == TP_OK && !**out)
		r = tp_fail(TP_ERR_USAGE, msg, msglen, "%s %s: the file is empty", what, path);
	if (r != TP_OK) {
		free(*out);
		*out = NULL;
	}
	return r;
}

tp_result config_secret_command(const char *what, const char *cmd, char **out, char *msg, size_t msglen)
{
	FILE *p = popen(cmd, "r");
	char chunk[512];
	size_t n;
	int st;
	buf b;

	*out = NULL;
	if (!p)
		return tp_fail(TP_ERR_USAGE, msg, msglen, "%s: cannot run it: %s", what, strerror(errno));
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		if (b.len < UTIL_CAP_TOKEN)
			buf_add(&b, chunk, n);
	memset(chunk, 0, sizeof chunk);
	st = pclose(p);
	*out = first_line(&b);
	if (st != 0 || !**out) {
		memset(*out, 0, strlen(*out));
		free(*out);
		*out = NULL;
		return tp_fail(TP_ERR_USAGE, msg, msglen, "%s: the command %s", what,
			       st != 0 ? "failed" : "printed nothing");
	}
	return TP_OK;
}
