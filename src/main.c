/* main: the run (options from cli). Runs the pipeline
 *   source (file or link) -> thread -> media -> layout -> PDF -> output. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "cli.h"
#include "clobber.h"
#include "collection.h"
#include "diag.h"
#include "eml.h"
#include "fonts.h"
#include "http.h"
#include "inputs.h"
#include "layout.h"
#include "mailin.h"
#include "media.h"
#include "output.h"
#include "pdf.h"
#include "render.h"
#include "sink.h"
#include "smtp.h"
#include "text.h"
#include "thread.h"
#include "util.h"
#include "xapi.h"
#include "xurl.h"
#include "xv2.h"

/* 1 when the run delivers by mail (or writes the message). */
static int mail_active(const options *o)
{
	return o->mail.mail || o->mail.eml || o->mail.sendmail || o->mail.reply;
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
	return xasprintf("threadpdf %s paper=%d size=%.2f local=%d%s", CLI_VERSION, (int)o->layout.paper,
			 (double)o->layout.font_size, o->media.allow_local, o->layout.tagged ? " tagged" : "");
}

/* Mails the PDFs a batch left in dir; with --mail-only removes them once sent. */
static tp_result mail_batch(const options *o, const batch_job *jobs, size_t njobs, const char *dir, int remove,
			    char *msg, size_t msglen)
{
	sink *s = sink_new();
	tp_result r;
	int tmp = 0;

	if (sink_add_batch(s, jobs, njobs, dir) == 0)
		r = tp_fail(TP_ERR_MAIL, msg, msglen, "no PDF to mail: no thread was rendered");
	else
		r = sink_deliver(s, &o->mail.so, &tmp, msg, msglen);
	if (r == TP_OK && remove)
		sink_remove_batch(s, dir);
	sink_free(s);
	return r;
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
	char *salt = batch_salt(o), *tmpdir = mail_active(o) && o->mail.only ? sink_tmpdir() : NULL;
	batch_opts bo = { .dir = tmpdir ? tmpdir : o->output ? o->output : ".", .name_template = o->name_template,
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
	if (!o->dump && mail_active(o) && (r == TP_OK || r == TP_ERR_PARTIAL)) {
		tp_result mr = mail_batch(o, jobs, njobs, bo.dir, tmpdir != NULL, msg, msglen);
		r = mr != TP_OK ? mr : r;
	}
	free(tmpdir);
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

/* Mails the book of a collection (kept on disk unless --mail-only). */
static tp_result mail_book(const options *o, const buf *pdf, size_t nthreads, char *msg, size_t msglen)
{
	const char *slash = strrchr(o->output, '/');
	char *title = o->title ? xstrdup(o->title) : xasprintf("%zu threads", nthreads);
	sink *s = sink_new();
	int tmp = 0;

	sink_add_book(s, title, nthreads, slash ? slash + 1 : o->output, o->mail.only ? NULL : o->output,
		      pdf->data, pdf->len);
	tp_result r = sink_deliver(s, &o->mail.so, &tmp, msg, msglen);
	sink_free(s);
	free(title);
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
	if ((made == TP_OK || made == TP_ERR_PARTIAL) && !(mail_active(o) && o->mail.only && !o->dump)) {
		char m2[1024];
		r = output_write(o->dump ? "-" : o->output, pdf.data ? pdf.data : "", pdf.len, m2, sizeof m2);
		if (r != TP_OK)
			snprintf(msg, msglen, "%s", m2);
		else if (!o->dump)
			verbosef(1, "wrote %s (%zu bytes, %zu pages, %zu threads)", o->output, pdf.len, st.pages,
				 st.chapters);
	}
	if (r == TP_OK && (made == TP_OK || made == TP_ERR_PARTIAL) && mail_active(o) && !o->dump)
		r = mail_book(o, &pdf, st.chapters, msg, msglen);
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

/* Mails the PDF of one thread. With --mail-only it was not written: a
 * failed delivery writes it then, and says where. */
static tp_result mail_single(const options *o, const thread *t, const char *target, const buf *pdf, char *msg,
			     size_t msglen)
{
	int to_stdout = strcmp(target, "-") == 0, tmp = 0;
	char *def = output_default_name(t->author ? t->author->handle : NULL,
					t->ntweets && t->tweets[0]->id ? t->tweets[0]->id : NULL);
	const char *slash = strrchr(target, '/');
	const char *file = to_stdout ? def : slash ? slash + 1 : target;
	sink *s = sink_new();
	tp_result r;

	sink_add(s, t, file, o->mail.only || to_stdout ? NULL : target, pdf->data, pdf->len);
	r = sink_deliver(s, &o->mail.so, &tmp, msg, msglen);
	if (r != TP_OK && r != TP_ERR_USAGE && o->mail.only) {
		char m2[512];
		const char *keep = to_stdout ? def : target;
		if (output_write(keep, pdf->data, pdf->len, m2, sizeof m2) == TP_OK) {
			size_t n = strlen(msg);
			snprintf(msg + n, msglen - n, "; the PDF is at %s", keep);
		}
	}
	sink_free(s);
	free(def);
	return r;
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
	if (r == TP_OK && !o->mail.only)
		r = output_write(o->output ? o->output : name, pdfbytes.data, pdfbytes.len, msg, msglen);
	diag_stage("write");
	if (r == TP_OK && !o->mail.only && strcmp(o->output ? o->output : name, "-") != 0)
		verbosef(1, "wrote %s (%zu bytes, %zu pages)", o->output ? o->output : name,
			 pdfbytes.len, rr.npages);
	if (r == TP_OK && mail_active(o))
		r = mail_single(o, t, o->output ? o->output : name, &pdfbytes, msg, msglen);
cleanup:
	free(name);
	buf_free(&pdfbytes);
	render_free(rd);
	return r;
}

/* Exit codes of --reply-to-mail, for the MTA that runs it (sysexits.h). */
enum { EX_OK_ = 0, EX_USAGE_ = 64, EX_DATAERR_ = 65, EX_UNAVAILABLE_ = 69, EX_IOERR_ = 74, EX_TEMPFAIL_ = 75 };

/* 1 for a failure that may pass on its own (try the request later). */
static int is_temporary(tp_result r)
{
	return r == TP_ERR_NET || r == TP_ERR_SERVER || r == TP_ERR_RATE;
}

/* Fetches and renders the thread of each link of the request into s;
 * what fails becomes a line of the reply. Returns how many failed, and
 * in *ntemp how many of those may pass. */
static size_t reply_render(options *o, const mailin_msg *m, sink *s, size_t *ntemp)
{
	render *rd = NULL;
	size_t nfail = 0;
	char msg[1024];

	*ntemp = 0;
	tp_result fr = m->nlinks ? render_new(o->fonts_dir, &rd, msg, sizeof msg) : TP_OK;
	for (size_t i = 0; i < m->nlinks; i++) {
		thread *t = NULL;
		render_result rr = {0};
		buf pdf;
		buf_init(&pdf);
		tp_result r = fr != TP_OK ? fr : fetch_thread(o, m->links[i].text, &t, msg, sizeof msg);
		if (r == TP_OK) {
			media_load_all(t, &o->media);
			r = render_thread(rd, t, &o->layout, NULL, &pdf, &rr, msg, sizeof msg);
		}
		if (r == TP_OK) {
			char *name = output_default_name(t->author ? t->author->handle : NULL, sink_thread_id(t));
			char *path = o->output ? util_path_join(o->output, name) : NULL;
			if (path && output_write(path, pdf.data, pdf.len, msg, sizeof msg) != TP_OK)
				warnf("%s", msg);
			sink_add(s, t, name, NULL, pdf.data, pdf.len);
			free(path);
			free(name);
		} else {
			char *line = xasprintf("%s: %s.", m->links[i].text, mailin_plain_reason(r));
			errorf("%s: %s", m->links[i].text, msg);
			sink_note(s, line);
			free(line);
			nfail++;
			*ntemp += is_temporary(r);
		}
		thread_free(t);
		buf_free(&pdf);
	}
	render_free(rd);
	return nfail;
}

/* The first paragraph of the reply: what was found and done. */
static const char *reply_intro(const mailin_msg *m, size_t nfail)
{
	if (m->nlinks == 0)
		return "No link to a post on X was found in your message. Send a link such as "
		       "https://x.com/jack/status/20 in the message's text, and its thread comes back as a PDF.";
	if (nfail == m->nlinks)
		return "The threads of the links in your message could not be made into PDFs:";
	if (nfail)
		return "Some of the threads you asked for are attached as PDFs; the others could not be made:";
	return "The threads you asked for are attached as PDFs.";
}

/* Answers the message on stdin (--reply-to-mail); returns a sysexits code. */
static int run_reply(options *o)
{
	char msg[1024] = "";
	mailin_msg *m = NULL;
	size_t ntemp = 0;
	int tmp = 0, rc = EX_OK_;
	buf in;

	buf_init(&in);
	tp_result r = util_read_capped("/dev/stdin", "mail message", UTIL_CAP_MAIL, &in, msg, sizeof msg);
	if (r == TP_OK)
		r = mailin_parse(in.data, in.len, getenv("SENDER"), &m, msg, sizeof msg);
	buf_free(&in);
	if (r != TP_OK) {
		errorf("%s", msg);
		return r == TP_ERR_IO ? EX_IOERR_ : EX_DATAERR_;
	}
	const char *who = m->from ? m->from : "(no address)";
	if (m->ignore) {
		verbosef(1, "not answering the message from %s: %s", who, m->ignore);
	} else if (o->mail.nallow && (!mailin_allowed(m->from, (const char *const *)o->mail.allow, o->mail.nallow) ||
				      !mailin_allowed(m->reply_addr, (const char *const *)o->mail.allow, o->mail.nallow))) {
		verbosef(1, "not answering the message from %s: not in --allow-from", who);
	} else {
		sink *s = sink_new();
		size_t nfail = reply_render(o, m, s, &ntemp);
		if (m->dropped) {
			char *line = xasprintf("%zu more links were left out: one message may ask for %d threads.",
					       m->dropped, MAILIN_MAX_LINKS);
			sink_note(s, line);
			free(line);
		}
		char *subj = mailin_reply_subject(m);
		sink_opts so = o->mail.so;
		so.to = (const char *const *)&m->reply_addr;
		so.nto = 1;
		so.cc = NULL;
		so.ncc = 0;
		so.subject = o->mail.subject ? o->mail.subject : subj;
		so.in_reply_to = m->message_id;
		so.references = m->references;
		so.auto_replied = 1;
		so.intro = reply_intro(m, nfail);
		if (nfail && nfail == m->nlinks && ntemp == nfail) {
			errorf("no thread could be fetched for now; the message is to be tried again later");
			rc = EX_TEMPFAIL_;
		} else if ((r = sink_deliver(s, &so, &tmp, msg, sizeof msg)) != TP_OK) {
			errorf("%s", msg);
			rc = tmp ? EX_TEMPFAIL_ : r == TP_ERR_USAGE ? EX_USAGE_ : EX_UNAVAILABLE_;
		} else {
			verbosef(1, "answered %s with %zu PDF%s", m->reply_addr, sink_count(s), sink_count(s) == 1 ? "" : "s");
		}
		free(subj);
		sink_free(s);
	}
	mailin_free(m);
	return rc;
}

/* Checks the mail options, then answers a message when --reply-to-mail
 * asks; returns -1 to go on with the run, else the exit code. */
static int start_mail(options *o)
{
	char msg[1024] = "";

	if (!mail_active(o))
		return -1;
	tp_result r = sink_settings_prepare(&o->mail, o->output, msg, sizeof msg);
	if (r != TP_OK) {
		errorf("%s", msg);
		return o->mail.reply ? EX_USAGE_ : (int)r;
	}
	return o->mail.reply ? run_reply(o) : -1;
}

int main(int argc, char **argv)
{
	options o;
	char msg[1024] = "";
	char *cache = NULL;
	thread *t = NULL;
	tp_result r;

	output_install_signal_handlers();
	cli_parse(argc, argv, &o);
	if (!o.media.cache_dir)
		o.media.cache_dir = o.api.cache_dir = cache = http_default_cache_dir();
	diag_stage("start-up");
	int mrc = start_mail(&o);
	if (mrc >= 0) {
		cli_free(&o);
		free(cache);
		return mrc;
	}
	if (o.collection && !(o.dump && strcmp(o.dump, "threads") == 0)) {
		r = run_collection(&o, msg, sizeof msg);
		if (r != TP_OK)
			errorf("%s", msg[0] ? msg : "failed");
		cli_free(&o);
		free(cache);
		return (int)r;
	}
	if (is_batch(&o)) {
		r = run_batch(&o, msg, sizeof msg);
		if (r != TP_OK)
			errorf("%s", msg[0] ? msg : "failed");
		cli_free(&o);
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
	cli_free(&o);
	free(cache);
	diag_stage("clean-up");
	return (int)r;
}
