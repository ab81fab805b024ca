/* sink: the PDFs of a run as mail (see sink.h). */
#include "sink.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "diag.h"
#include "eml.h"
#include "layout.h"
#include "output.h"
#include "util.h"

/* One thread as the message tells of it. */
typedef struct item {
	char *title, *handle, *name, *date, *url, *file, *where;
	char **tweets;
	size_t ntweets;
	buf pdf;                   /* the bytes, or empty: read `where` */
	size_t size;
} item;

struct sink {
	item *v;
	size_t n;
	char **notes;
	size_t nnotes;
};

sink *sink_new(void)
{
	return xcalloc(1, sizeof(sink));
}

void sink_free(sink *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		item *it = &s->v[i];
		free(it->title);
		free(it->handle);
		free(it->name);
		free(it->date);
		free(it->url);
		free(it->file);
		free(it->where);
		for (size_t k = 0; k < it->ntweets; k++)
			free(it->tweets[k]);
		free(it->tweets);
		buf_free(&it->pdf);
	}
	for (size_t i = 0; i < s->nnotes; i++)
		free(s->notes[i]);
	free(s->notes);
	free(s->v);
	free(s);
}

/* "YYYY-MM-DD" of the thread's first dated tweet, or NULL. */
static char *thread_date(const thread *t)
{
	char full[40];

	for (size_t i = 0; i < t->ntweets; i++) {
		if (!t->tweets[i]->gap && t->tweets[i]->created) {
			thread_format_time(t->tweets[i]->created, full, sizeof full);
			return xstrndup(full, 10);
		}
	}
	return NULL;
}

void sink_add(sink *s, const thread *t, const char *file_name, const char *where, const void *pdf, size_t len)
{
	s->v = xrealloc(s->v, (s->n + 1) * sizeof *s->v);
	item *it = &s->v[s->n++];

	memset(it, 0, sizeof *it);
	buf_init(&it->pdf);
	it->title = layout_title(t);
	it->handle = xstrdup(t->author && t->author->handle ? t->author->handle : "");
	it->name = xstrdup(t->author && t->author->name ? t->author->name : "");
	it->date = thread_date(t);
	it->url = t->url ? xstrdup(t->url) : NULL;
	it->file = xstrdup(file_name);
	it->where = where ? xstrdup(where) : NULL;
	it->tweets = xcalloc(t->ntweets ? t->ntweets : 1, sizeof *it->tweets);
	for (size_t i = 0; i < t->ntweets; i++)
		if (!t->tweets[i]->gap && t->tweets[i]->author == t->author)
			it->tweets[it->ntweets++] = thread_tweet_text(t->tweets[i]);
	if (pdf) {
		buf_add(&it->pdf, pdf, len);
		it->size = len;
	} else if (where) {
		FILE *f = fopen(where, "rb");
		if (f && fseek(f, 0, SEEK_END) == 0)
			it->size = (size_t)ftell(f);
		if (f)
			fclose(f);
	}
}

/* Adds a book (a collection): one PDF, its title and thread count for the body. */
void sink_add_book(sink *s, const char *title, size_t nthreads, const char *file_name, const char *where,
		   const void *pdf, size_t len)
{
	s->v = xrealloc(s->v, (s->n + 1) * sizeof *s->v);
	item *it = &s->v[s->n++];

	memset(it, 0, sizeof *it);
	buf_init(&it->pdf);
	it->title = xstrdup(title);
	it->handle = xstrdup("");
	it->name = xasprintf("a collection of %zu thread%s", nthreads, nthreads == 1 ? "" : "s");
	it->file = xstrdup(file_name);
	it->where = where ? xstrdup(where) : NULL;
	it->tweets = xcalloc(1, sizeof *it->tweets);
	buf_add(&it->pdf, pdf, len);
	it->size = len;
}

void sink_note(sink *s, const char *line)
{
	s->notes = xrealloc(s->notes, (s->nnotes + 1) * sizeof *s->notes);
	s->notes[s->nnotes++] = xstrdup(line);
}

size_t sink_count(const sink *s)
{
	return s->n;
}

/* Appends s to b with HTML's special characters escaped and line breaks as <br>. */
static void add_html(buf *b, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '<')
			buf_adds(b, "&lt;");
		else if (*s == '>')
			buf_adds(b, "&gt;");
		else if (*s == '&')
			buf_adds(b, "&amp;");
		else if (*s == '"')
			buf_adds(b, "&quot;");
		else if (*s == '\n')
			buf_adds(b, "<br>\n");
		else
			buf_addc(b, *s);
	}
}

/* Appends the text and HTML of one thread. */
static void tell_item(const item *it, buf *txt, buf *html)
{
	buf_printf(txt, "%s\n", it->title);
	buf_printf(txt, "by %s (@%s)%s%s\n", it->name, it->handle, it->date ? ", " : "", it->date ? it->date : "");
	buf_printf(txt, "%zu post%s, attached as %s\n\n", it->ntweets, it->ntweets == 1 ? "" : "s", it->file);
	buf_adds(html, "<h2>");
	add_html(html, it->title);
	buf_adds(html, "</h2>\n<p><b>");
	add_html(html, it->name);
	buf_adds(html, "</b> @");
	add_html(html, it->handle);
	if (it->date) {
		buf_adds(html, ", ");
		add_html(html, it->date);
	}
	buf_printf(html, "<br>\n%zu post%s, attached as <i>", it->ntweets, it->ntweets == 1 ? "" : "s");
	add_html(html, it->file);
	buf_adds(html, "</i></p>\n");
	for (size_t k = 0; k < it->ntweets; k++) {
		buf_printf(txt, "%s\n\n", it->tweets[k]);
		buf_adds(html, "<p>");
		add_html(html, it->tweets[k]);
		buf_adds(html, "</p>\n");
	}
	if (it->url) {
		buf_printf(txt, "%s\n", it->url);
		buf_adds(html, "<p><a href=\"");
		add_html(html, it->url);
		buf_adds(html, "\">");
		add_html(html, it->url);
		buf_adds(html, "</a></p>\n");
	}
}

/* The bodies of a message of items [a, b). */
static void bodies(const sink *s, const sink_opts *o, size_t a, size_t b, buf *txt, buf *html)
{
	buf_adds(html, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>\n");
	if (o->intro) {
		buf_printf(txt, "%s\n\n", o->intro);
		buf_adds(html, "<p>");
		add_html(html, o->intro);
		buf_adds(html, "</p>\n");
	}
	for (size_t i = a; i < b; i++) {
		if (i > a) {
			buf_adds(txt, "\n-- \n\n");
			buf_adds(html, "<hr>\n");
		}
		tell_item(&s->v[i], txt, html);
	}
	if (s->nnotes && a == 0) {
		if (b > a)
			buf_adds(txt, "\n");
		for (size_t i = 0; i < s->nnotes; i++) {
			buf_printf(txt, "%s\n", s->notes[i]);
			buf_adds(html, "<p>");
			add_html(html, s->notes[i]);
			buf_adds(html, "</p>\n");
		}
	}
	buf_adds(html, "</body></html>\n");
}

/* The subject of part k of parts (k from 1). */
static char *subject(const sink *s, const sink_opts *o, size_t k, size_t parts)
{
	char *base;
	int same = 1;

	for (size_t i = 1; i < s->n; i++)
		same &= strcmp(s->v[i].handle, s->v[0].handle) == 0;
	if (o->subject)
		base = xstrdup(o->subject);
	else if (s->n == 1)
		base = xstrdup(s->v[0].title);
	else if (s->n == 0)
		base = xstrdup("threadpdf");
	else if (same && s->v[0].handle[0])
		base = xasprintf("%zu threads by @%s", s->n, s->v[0].handle);
	else
		base = xasprintf("%zu threads", s->n);
	if (parts <= 1)
		return base;
	char *r = xasprintf("%s (%zu/%zu)", base, k, parts);
	free(base);
	return r;
}

/* Splits the items into messages of at most max bytes of PDF (a PDF
 * larger alone in its own) and SINK_MAX_ATTACHMENTS files; the start of
 * each in starts, their count returned. */
static size_t split(const sink *s, size_t max, size_t *starts)
{
	size_t parts = 0, sum = 0;

	for (size_t i = 0; i < s->n; i++) {
		if (i == 0 || sum + s->v[i].size > max || i - starts[parts - 1] >= SINK_MAX_ATTACHMENTS) {
			starts[parts++] = i;
			sum = 0;
		}
		sum += s->v[i].size;
		if (s->v[i].size > max)
			warnf("%s is %zu bytes, more than the %zu a message takes (--mail-max-size): sent alone",
			      s->v[i].file, s->v[i].size, max);
	}
	if (parts == 0)
		starts[parts++] = 0;
	starts[parts] = s->n;
	return parts;
}

/* Loads the PDFs of items [a, b) that are files into their buffers. */
static tp_result load_pdfs(sink *s, size_t a, size_t b, char *msg, size_t msglen)
{
	for (size_t i = a; i < b; i++) {
		item *it = &s->v[i];
		if (it->pdf.len || !it->where)
			continue;
		if (util_read_file(it->where, &it->pdf) != 0)
			return tp_fail(TP_ERR_IO, msg, msglen, "cannot read %s: %s", it->where, strerror(errno));
	}
	return TP_OK;
}

/* Frees the PDFs of items [a, b) read from files. */
static void unload_pdfs(sink *s, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++)
		if (s->v[i].where && s->v[i].size && s->v[i].pdf.len) {
			buf_free(&s->v[i].pdf);
			buf_init(&s->v[i].pdf);
		}
}

/* The Message-ID of part k: the fixed one (tests) with ".k" for k > 1. */
static char *part_id(const sink_opts *o, size_t k)
{
	if (!o->message_id)
		return eml_message_id(o->from);
	if (k == 1)
		return xstrdup(o->message_id);
	const char *at = strrchr(o->message_id, '@');
	size_t n = at ? (size_t)(at - o->message_id) : strlen(o->message_id) - 1;
	return xasprintf("%.*s.%zu%s", (int)n, o->message_id, k, o->message_id + n);
}

/* Writes part k of parts as eml bytes into out. */
static tp_result compose(sink *s, const sink_opts *o, size_t a, size_t b, size_t k, size_t parts, buf *out,
			 char *msg, size_t msglen)
{
	eml_attachment *att = xcalloc(b > a ? b - a : 1, sizeof *att);
	char *subj = subject(s, o, k, parts), *mid = part_id(o, k);
	buf txt, html;
	tp_result r = load_pdfs(s, a, b, msg, msglen);

	buf_init(&txt);
	buf_init(&html);
	bodies(s, o, a, b, &txt, &html);
	for (size_t i = a; i < b; i++)
		att[i - a] = (eml_attachment){ s->v[i].file, NULL, s->v[i].pdf.data, s->v[i].pdf.len };
	eml_message m = { .from = o->from, .to = o->to, .nto = o->nto, .cc = o->cc, .ncc = o->ncc,
			  .bcc = o->bcc, .nbcc = o->nbcc, .include_bcc = !o->smtp.url, .subject = subj,
			  .date = o->date ? o->date : (int64_t)time(NULL), .message_id = mid,
			  .in_reply_to = o->in_reply_to, .references = o->references,
			  .auto_replied = o->auto_replied, .text = txt.data ? txt.data : "",
			  .html = html.data, .att = att, .natt = b - a };
	if (r == TP_OK)
		r = eml_write(&m, out, msg, msglen);
	unload_pdfs(s, a, b);
	buf_free(&txt);
	buf_free(&html);
	free(subj);
	free(mid);
	free(att);
	return r;
}

/* Pipes one message to the sendmail command. */
static tp_result pipe_to(const char *cmd, const buf *m, int *temporary, char *msg, size_t msglen)
{
	FILE *p = popen(cmd, "w");
	int ok, st;

	if (!p)
		return tp_fail(TP_ERR_MAIL, msg, msglen, "--sendmail %s: cannot run it: %s", cmd, strerror(errno));
	ok = fwrite(m->data, 1, m->len, p) == m->len;
	st = pclose(p);
	if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0 || !ok) {
		int code = st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
		*temporary = code == 75;
		return tp_fail(TP_ERR_MAIL, msg, msglen, "--sendmail %s: it %s%.0d%s", cmd,
			       code >= 0 ? "exited with status " : "was stopped by a signal", code > 0 ? code : 0,
			       code == 75 ? " (a temporary failure: try again later)" : "");
	}
	return TP_OK;
}

/* The --eml path of part k ("F", then "F-2.eml", ...). */
static char *eml_part_path(const char *path, size_t k)
{
	size_t n = strlen(path);

	if (k == 1)
		return xstrdup(path);
	if (n > 4 && strcmp(path + n - 4, ".eml") == 0)
		n -= 4;
	return xasprintf("%.*s-%zu.eml", (int)n, path, k);
}

/* Every envelope recipient (bare addresses); caller frees each and the array. */
static char **recipients(const sink_opts *o, size_t *n)
{
	char **v = xcalloc(o->nto + o->ncc + o->nbcc + 1, sizeof *v);

	*n = 0;
	for (size_t i = 0; i < o->nto; i++)
		v[(*n)++] = eml_addr_spec(o->to[i]);
	for (size_t i = 0; i < o->ncc; i++)
		v[(*n)++] = eml_addr_spec(o->cc[i]);
	for (size_t i = 0; i < o->nbcc; i++)
		v[(*n)++] = eml_addr_spec(o->bcc[i]);
	return v;
}

/* Sends one message over SMTP; a refused recipient is a failure told apart. */
static tp_result send_one(const sink_opts *o, const buf *m, int *temporary, char *msg, size_t msglen)
{
	size_t n;
	char **rc = recipients(o, &n), *from = eml_addr_spec(o->from);
	smtp_report rep;
	tp_result r = smtp_send(&o->smtp, from, (const char *const *)rc, n, m->data, m->len, &rep, msg, msglen);

	if (r == TP_OK && rep.nrefused)
		r = tp_fail(TP_ERR_MAIL, msg, msglen, "smtp: the server refused %zu of %zu recipients: %s; the "
			    "others got the message", rep.nrefused, n, rep.refused);
	else if (r == TP_ERR_MAIL && rep.nrefused == n && n > 1)
		r = tp_fail(TP_ERR_MAIL, msg, msglen, "smtp: the server refused every recipient: %s", rep.refused);
	*temporary = r != TP_OK && rep.temporary;
	for (size_t i = 0; i < n; i++)
		free(rc[i]);
	free(rc);
	free(from);
	return r;
}

/* Adds to msg where the PDFs are, so a failed delivery loses nothing. */
static void say_where(const sink *s, char *msg, size_t msglen)
{
	size_t len = strlen(msg);
	char *dir = s->n && s->v[0].where ? util_dirname(s->v[0].where) : NULL;

	if (s->n == 1 && s->v[0].where)
		snprintf(msg + len, msglen - len, "; the PDF is at %s", s->v[0].where);
	else if (dir)
		snprintf(msg + len, msglen - len, "; the PDFs are in %s", dir);
	free(dir);
}

/* Delivers one composed message the way o says. */
static tp_result deliver_one(const sink_opts *o, const buf *m, size_t k, int *temporary, char *msg, size_t msglen)
{
	if (o->eml_path) {
		char *p = eml_part_path(o->eml_path, k);
		tp_result r = output_write(p, m->data, m->len, msg, msglen);
		free(p);
		return r;
	}
	if (o->sendmail)
		return pipe_to(o->sendmail, m, temporary, msg, msglen);
	return send_one(o, m, temporary, msg, msglen);
}

tp_result sink_deliver(sink *s, const sink_opts *o, int *temporary, char *msg, size_t msglen)
{
	size_t max = o->max_size ? o->max_size : SINK_DEFAULT_MAX_SIZE;
	size_t *starts = xcalloc(s->n + 2, sizeof *starts);
	size_t parts = split(s, max, starts);
	tp_result r = TP_OK;
	int tmp = 0;

	if (o->eml_path && strcmp(o->eml_path, "-") == 0 && parts > 1)
		r = tp_fail(TP_ERR_USAGE, msg, msglen, "the PDFs make %zu messages of at most %zu bytes each "
			    "(--mail-max-size); --eml - writes one: name a file instead", parts, max);
	for (size_t k = 0; r == TP_OK && k < parts; k++) {
		buf m;
		buf_init(&m);
		r = compose(s, o, starts[k], starts[k + 1], k + 1, parts, &m, msg, msglen);
		if (r == TP_OK)
			r = deliver_one(o, &m, k + 1, &tmp, msg, msglen);
		if (r == TP_OK)
			verbosef(1, "mail %zu of %zu: %zu bytes, %zu PDF%s", k + 1, parts, m.len,
				 starts[k + 1] - starts[k], starts[k + 1] - starts[k] == 1 ? "" : "s");
		buf_free(&m);
	}
	if (r != TP_OK && r != TP_ERR_USAGE)
		say_where(s, msg, msglen);
	if (temporary)
		*temporary = tmp;
	free(starts);
	return r;
}

/* Adds the comma-separated addresses of arg to a list; the command line
 * replaces a list the config file gave (bit says which list). */
static void add_list(sink_settings *m, unsigned bit, char ***v, size_t *n, const char *arg)
{
	if (m->in_config) {
		m->from_config |= bit;
	} else if (m->from_config & bit) {
		for (size_t i = 0; i < *n; i++)
			free((*v)[i]);
		*n = 0;
		m->from_config &= ~bit;
	}
	for (const char *p = arg; *p;) {
		size_t k = strcspn(p, ",");
		const char *s = p, *e = p + k;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (e > s) {
			*v = xrealloc(*v, (*n + 1) * sizeof **v);
			(*v)[(*n)++] = xstrndup(s, (size_t)(e - s));
		}
		p += k + (p[k] == ',');
	}
}

/* Takes the SMTP password or token from where the options say: a token
 * file, a password file, a command, $THREADPDF_SMTP_PASSWORD, the config
 * file; else netrc. */
static tp_result settings_secret(sink_settings *m, char *msg, size_t msglen)
{
	const char *env = getenv("THREADPDF_SMTP_PASSWORD");
	tp_result r = TP_OK;

	if (m->oauth_file) {
		r = config_secret_file("--smtp-oauth2-token-file", m->oauth_file, &m->secret, msg, msglen);
		m->so.smtp.oauth2_token = m->secret;
		return r;
	}
	if (m->password_file)
		r = config_secret_file("--smtp-password-file", m->password_file, &m->secret, msg, msglen);
	else if (m->password_cmd)
		r = config_secret_command("--smtp-password-command", m->password_cmd, &m->secret, msg, msglen);
	else if (env && *env)
		m->secret = xstrdup(env);
	else if (m->config_password)
		m->secret = xstrdup(m->config_password);
	m->so.smtp.password = m->secret;
	m->so.smtp.netrc = !m->secret;
	if (r == TP_OK && m->secret && !m->user)
		r = tp_fail(TP_ERR_USAGE, msg, msglen, "a password is given but no --smtp-user to log in with");
	return r;
}

/* Checks every address of a list. */
static tp_result check_addrs(const char *what, char **v, size_t n, char *msg, size_t msglen)
{
	for (size_t i = 0; i < n; i++) {
		tp_result r = eml_check_address(what, v[i], msg, msglen);
		if (r != TP_OK)
			return r;
	}
	return TP_OK;
}

tp_result sink_settings_prepare(sink_settings *m, const char *output, char *msg, size_t msglen)
{
	const char *date = getenv("THREADPDF_TEST_DATE"), *mid = getenv("THREADPDF_TEST_MESSAGE_ID");
	tp_result r;

	if (!m->from && m->user && strchr(m->user, '@'))
		m->from = m->user;
	if (!m->from)
		return tp_fail(TP_ERR_USAGE, msg, msglen, "mail needs a sender: --mail-from ADDR (or from = ADDR "
			       "in the config file)");
	if (!m->reply && m->nto + m->ncc + m->nbcc == 0)
		return tp_fail(TP_ERR_USAGE, msg, msglen, "--mail: no recipient; give --mail-to ADDR or set "
			       "to = ADDR in the config file");
	if (!m->eml && !m->sendmail && !m->smtp)
		return tp_fail(TP_ERR_USAGE, msg, msglen, "mail needs a server: --smtp URL (or --eml FILE, --sendmail)");
	if (m->eml && strcmp(m->eml, "-") == 0 && output && strcmp(output, "-") == 0)
		return tp_fail(TP_ERR_USAGE, msg, msglen, "-o - and --eml - both want stdout");
	r = eml_check_address("--mail-from", m->from, msg, msglen);
	if (r == TP_OK)
		r = check_addrs("--mail-to", m->to, m->nto, msg, msglen);
	if (r == TP_OK)
		r = check_addrs("--mail-cc", m->cc, m->ncc, msg, msglen);
	if (r == TP_OK)
		r = check_addrs("--mail-bcc", m->bcc, m->nbcc, msg, msglen);
	if (r == TP_OK && !m->eml && !m->sendmail)
		r = smtp_check_url(m->smtp, msg, msglen);
	m->so = (sink_opts){ .from = m->from, .to = (const char *const *)m->to, .nto = m->nto,
			     .cc = (const char *const *)m->cc, .ncc = m->ncc, .bcc = (const char *const *)m->bcc,
			     .nbcc = m->nbcc, .subject = m->subject, .max_size = m->max_size, .eml_path = m->eml,
			     .sendmail = m->eml ? NULL : m->sendmail, .date = date ? strtoll(date, NULL, 10) : 0,
			     .message_id = mid };
	if (!m->eml && !m->sendmail) {
		m->so.smtp = (smtp_opts){ .url = m->smtp, .user = m->user, .cafile = m->cafile };
		if (r == TP_OK)
			r = settings_secret(m, msg, msglen);
	}
	return r;
}

void sink_settings_free(sink_settings *m)
{
	char **lists[] = { m->to, m->cc, m->bcc, m->allow };
	size_t ns[] = { m->nto, m->ncc, m->nbcc, m->nallow };

	for (size_t k = 0; k < 4; k++) {
		for (size_t i = 0; i < ns[k]; i++)
			free(lists[k][i]);
		free(lists[k]);
	}
	if (m->secret)
		memset(m->secret, 0, strlen(m->secret));
	free(m->secret);
}

void sink_settings_add(sink_settings *m, unsigned which, const char *arg)
{
	if (which == SINK_TO)
		add_list(m, which, &m->to, &m->nto, arg);
	else if (which == SINK_CC)
		add_list(m, which, &m->cc, &m->ncc, arg);
	else if (which == SINK_BCC)
		add_list(m, which, &m->bcc, &m->nbcc, arg);
	else if (which == SINK_ALLOW)
		add_list(m, which, &m->allow, &m->nallow, arg);
}

/* The manifest's entries for this run: id -> file, for threads written or
 * unchanged. Returns the parsed lines (cJSON array, caller deletes). */
static cJSON *read_manifest_files(const char *dir)
{
	char *path = util_path_join(dir, "manifest.jsonl");
	cJSON *arr = cJSON_CreateArray();
	buf b;

	buf_init(&b);
	if (util_read_file(path, &b) == 0) {
		for (char *line = b.data, *nl; line && *line; line = nl ? nl + 1 : NULL) {
			nl = strchr(line, '\n');
			if (nl)
				*nl = '\0';
			cJSON *j = cJSON_Parse(line);
			const cJSON *st = cJSON_GetObjectItem(j, "status");
			if (j && cJSON_IsString(st) && (strcmp(st->valuestring, "ok") == 0 ||
						       strcmp(st->valuestring, "skipped") == 0))
				cJSON_AddItemToArray(arr, j);
			else
				cJSON_Delete(j);
		}
	}
	buf_free(&b);
	free(path);
	return arr;
}

const char *sink_thread_id(const thread *t)
{
	for (size_t i = 0; i < t->ntweets; i++)
		if (!t->tweets[i]->gap && t->tweets[i]->id)
			return t->tweets[i]->id;
	return t->ntweets && t->tweets[0]->id ? t->tweets[0]->id : "0";
}

size_t sink_add_batch(sink *s, const batch_job *jobs, size_t njobs, const char *dir)
{
	cJSON *files = read_manifest_files(dir);
	thread **ts = xcalloc(njobs ? njobs : 1, sizeof *ts);
	const cJSON *j;
	size_t before = s->n;

	for (size_t i = 0; i < njobs; i++) {
		char m2[512];
		const batch_job *b = &jobs[i];
		if (b->root_id)
			thread_assemble_root(b->src->pool, b->author_id, b->root_id, &ts[i], m2, sizeof m2);
		else
			thread_assemble(b->src->pool, &ts[i], m2, sizeof m2);
	}
	cJSON_ArrayForEach(j, files) {
		const cJSON *id = cJSON_GetObjectItem(j, "id"), *f = cJSON_GetObjectItem(j, "file");
		for (size_t i = 0; cJSON_IsString(id) && cJSON_IsString(f) && i < njobs; i++) {
			if (!ts[i] || strcmp(sink_thread_id(ts[i]), id->valuestring) != 0)
				continue;
			char *path = util_path_join(dir, f->valuestring);
			sink_add(s, ts[i], f->valuestring, path, NULL, 0);
			free(path);
			break;
		}
	}
	for (size_t i = 0; i < njobs; i++)
		thread_free(ts[i]);
	free(ts);
	cJSON_Delete(files);
	return s->n - before;
}

void sink_remove_batch(const sink *s, const char *dir)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].where)
			unlink(s->v[i].where);
	char *m = util_path_join(dir, "manifest.jsonl");
	unlink(m);
	free(m);
	rmdir(dir);
}

char *sink_tmpdir(void)
{
	const char *t = getenv("TMPDIR");
	char *d = xasprintf("%s/threadpdf-mail-XXXXXX", t && *t ? t : "/tmp");

	if (!mkdtemp(d)) {
		free(d);
		return NULL;
	}
	return d;
}

