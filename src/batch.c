/* batch: plan, skip, render (in-process or in forked workers), manifest. */
#include "batch.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "archive.h"
#include "diag.h"
#include "output.h"
#include "render.h"
#include "util.h"

#define DEFAULT_TEMPLATE "{handle}-{date}-{id}"
#define MANIFEST "manifest.jsonl"
#define NAME_MAX_BYTES 200
#define MAX_WORKERS 64

enum { ST_TODO, ST_SKIPPED, ST_WRITTEN, ST_FAILED };

/* What the parent knows of one job. */
typedef struct plan {
	char *id, *url, *title, *file, *error;
	char date[16];
	int64_t created;
	size_t ntweets, pages, bytes;
	uint64_t hash;
	int status;
} plan;

/* An entry of the manifest found in the directory. */
typedef struct old_entry {
	char *id, *file;
	uint64_t hash;
	size_t pages, bytes;
	cJSON *line;           /* the whole line, kept for threads not in this run */
} old_entry;

/* One worker's result, sent up a pipe in one write (< PIPE_BUF). */
typedef struct wire {
	uint32_t job;
	int32_t rc;
	uint64_t pages, bytes;
	char err[900];
} wire;

/* What a rendering process holds: fonts once, archives opened once. */
typedef struct worker {
	render *r;
	const char *archive_path[8];
	archive_media *archive[8];
	size_t narchives;
	buf pdf;
} worker;

static volatile sig_atomic_t stop_signal;

/* Remembers the first SIGINT/SIGTERM; the loops stop between threads. */
static void on_stop(int sig)
{
	if (!stop_signal)
		stop_signal = sig;
}

/* Installs on_stop for SIGINT and SIGTERM, saving the old actions. */
static void catch_stops(struct sigaction old[2])
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old[0]);
	sigaction(SIGTERM, &sa, &old[1]);
}

/* "YYYY-MM-DD" (UTC) of epoch seconds. */
static void iso_date(int64_t t, char *out, size_t n)
{
	char full[40];

	thread_format_time(t, full, sizeof full);
	snprintf(out, n, "%.10s", full);
}

/* Appends s to b with every byte a file name must not have replaced. */
static void add_safe(buf *b, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		buf_addc(b, c < 0x20 || c == 0x7f || c == '/' || c == '\\' ? '_' : (char)c);
	}
}

/* Cuts b to at most max bytes at a UTF-8 character boundary. */
static void cut_utf8(buf *b, size_t max)
{
	if (b->len <= max)
		return;
	size_t n = max;
	while (n > 0 && ((unsigned char)b->data[n] & 0xC0) == 0x80)
		n--;
	b->len = n;
	b->data[n] = '\0';
}

/* A title as a file name part: spaces to '-', at most 60 bytes. */
static void add_title(buf *b, const char *title)
{
	buf t;

	buf_init(&t);
	buf_add(&t, "", 0);
	for (const char *s = title ? title : ""; *s; s++)
		buf_addc(&t, *s == ' ' ? '-' : *s);
	cut_utf8(&t, 60);
	add_safe(b, t.data);
	buf_free(&t);
}

/* The file name of one thread (see batch.h). */
char *batch_file_name(const char *tmpl, const char *handle, const char *id, int64_t created,
		      const char *title, size_t n)
{
	char date[16] = "undated";
	buf b;

	if (created)
		iso_date(created, date, sizeof date);
	buf_init(&b);
	buf_add(&b, "", 0);
	for (const char *s = tmpl ? tmpl : DEFAULT_TEMPLATE; *s; s++) {
		if (strncmp(s, "{handle}", 8) == 0)
			add_safe(&b, handle && *handle ? handle : "thread"), s += 7;
		else if (strncmp(s, "{id}", 4) == 0)
			add_safe(&b, id && *id ? id : "0"), s += 3;
		else if (strncmp(s, "{date}", 6) == 0)
			buf_adds(&b, date), s += 5;
		else if (strncmp(s, "{title}", 7) == 0)
			add_title(&b, title), s += 6;
		else if (strncmp(s, "{n}", 3) == 0)
			buf_printf(&b, "%zu", n), s += 2;
		else
			add_safe(&b, (char[]){ *s, 0 });
	}
	while (b.len && b.data[0] == '.')
		b.data[0] = '_';
	if (b.len == 0)
		buf_adds(&b, "thread");
	cut_utf8(&b, NAME_MAX_BYTES - 4);
	buf_adds(&b, ".pdf");
	return buf_steal(&b, NULL);
}

/* Assembles a job's thread (see batch.h). */
tp_result batch_assemble(const batch_job *j, thread **out, char *msg, size_t msglen)
{
	tp_result r;

	if (j->root_id)
		r = thread_assemble_root(j->src->pool, j->author_id, j->root_id, out, msg, msglen);
	else
		r = thread_assemble(j->src->pool, out, msg, msglen);
	if (r == TP_OK && j->src->base_dir && !(*out)->base_dir)
		(*out)->base_dir = xstrdup(j->src->base_dir);
	return r;
}

/* The hash that says whether a thread's PDF would change: its dump, its
 * media URLs (in the dump), and the salt (version and options). */
static uint64_t content_hash(const thread *t, const char *salt)
{
	buf b;

	buf_init(&b);
	thread_dump(t, &b);
	uint64_t h = util_hash(UTIL_HASH_INIT, b.data ? b.data : "", b.len);
	h = util_hash(h, salt ? salt : "", salt ? strlen(salt) : 0);
	buf_free(&b);
	return h;
}

/* Plans one job: assembles it for its id, date, title, count and hash. */
static void plan_one(const batch_opts *o, const batch_job *j, plan *p)
{
	char msg[512] = "";
	thread *t = NULL;

	memset(p, 0, sizeof *p);
	if (batch_assemble(j, &t, msg, sizeof msg) != TP_OK) {
		p->status = ST_FAILED;
		p->error = xstrdup(msg);
		p->id = xstrdup(j->root_id ? j->root_id : "?");
		return;
	}
	const thread_tweet *first = NULL;
	for (size_t i = 0; i < t->ntweets && !first; i++)
		first = t->tweets[i]->gap ? NULL : t->tweets[i];
	p->id = xstrdup(first && first->id ? first->id : t->tweets[0]->id ? t->tweets[0]->id : "0");
	p->url = t->url ? xstrdup(t->url) : NULL;
	p->created = first ? first->created : 0;
	if (p->created)
		iso_date(p->created, p->date, sizeof p->date);
	p->title = layout_title(t);
	p->ntweets = thread_count(t);
	p->hash = content_hash(t, o->salt);
	thread_free(t);
}

/* Orders plan indices by the root's time, then id. */
static int cmp_plan(const void *x, const void *y, void *ctx)
{
	const plan *v = ctx;
	const plan *a = &v[*(const size_t *)x], *b = &v[*(const size_t *)y];

	if (a->created != b->created)
		return a->created < b->created ? -1 : 1;
	return thread_id_cmp(a->id, b->id);
}

/* Reads the directory's manifest, if any, into old entries. */
static old_entry *read_manifest(const char *path, size_t *n)
{
	buf b;
	old_entry *v = NULL;
	size_t cap = 0;

	*n = 0;
	char why[256];
	struct stat st;

	buf_init(&b);
	if (stat(path, &st) != 0) {
		buf_free(&b);
		return NULL;
	}
	if (util_read_capped(path, "manifest", UTIL_CAP_JSON, &b, why, sizeof why) != TP_OK) {
		warnf("%s; rendering every thread", why);
		buf_free(&b);
		return NULL;
	}
	for (char *line = b.data, *end; line && *line; line = end ? end + 1 : NULL) {
		end = strchr(line, '\n');
		cJSON *j = cJSON_ParseWithLength(line, end ? (size_t)(end - line) : strlen(line));
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(j, "id");
		if (!cJSON_IsString(id)) {
			cJSON_Delete(j);
			continue;
		}
		if (*n == cap)
			v = xrealloc(v, (cap = cap ? 2 * cap : 64) * sizeof *v);
		old_entry *e = &v[(*n)++];
		memset(e, 0, sizeof *e);
		const char *file = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "file"));
		const char *hash = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "hash"));
		const char *status = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "status"));
		e->id = xstrdup(id->valuestring);
		e->file = file && status && strcmp(status, "failed") != 0 ? xstrdup(file) : NULL;
		e->hash = hash ? strtoull(hash, NULL, 16) : 0;
		e->pages = (size_t)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(j, "pages"));
		e->bytes = (size_t)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(j, "bytes"));
		e->line = j;
	}
	buf_free(&b);
	return v;
}

/* The old entry with this id, or NULL. */
static old_entry *old_find(old_entry *v, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].id, id) == 0)
			return &v[i];
	return NULL;
}

/* 1 when the old entry's PDF is there, unchanged in content and name. */
static int still_good(const batch_opts *o, const old_entry *e, const plan *p)
{
	struct stat st;

	if (!e || !e->file || e->hash != p->hash || strcmp(e->file, p->file) != 0)
		return 0;
	char *path = util_path_join(o->dir, e->file);
	int ok = stat(path, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == e->bytes;
	free(path);
	return ok;
}

/* The worker's open archive for path (opened on first use), or NULL. */
static archive_media *worker_archive(worker *w, const char *path)
{
	char msg[512];

	for (size_t i = 0; i < w->narchives; i++)
		if (strcmp(w->archive_path[i], path) == 0)
			return w->archive[i];
	if (w->narchives == sizeof w->archive / sizeof *w->archive)
		return NULL;
	archive_media *a = NULL;
	if (archive_media_open(path, NULL, &a, msg, sizeof msg) != TP_OK)
		warnf("%s", msg);
	w->archive_path[w->narchives] = path;
	w->archive[w->narchives++] = a;
	return a;
}

/* Renders one planned job and writes its file; the result goes into *res. */
static void run_job(worker *w, const batch_opts *o, const batch_job *j, const plan *p, wire *res)
{
	thread *t = NULL;
	render_result rr = {0};
	char *path = NULL;
	tp_result r;

	memset(res, 0, sizeof *res);
	r = batch_assemble(j, &t, res->err, sizeof res->err);
	if (r == TP_OK) {
		if (j->src->archive)
			archive_media_load(worker_archive(w, j->src->archive), t);
		media_load_all(t, &o->media);
		w->pdf.len = 0;
		r = render_thread(w->r, t, &o->layout, NULL, &w->pdf, &rr, res->err, sizeof res->err);
	}
	if (r == TP_OK) {
		path = util_path_join(o->dir, p->file);
		r = output_write(path, w->pdf.data, w->pdf.len, res->err, sizeof res->err);
	}
	res->rc = (int32_t)r;
	res->pages = rr.npages;
	res->bytes = r == TP_OK ? w->pdf.len : 0;
	free(path);
	thread_free(t);
}

/* Frees a worker's fonts, archives and buffer. */
static void worker_free(worker *w)
{
	render_free(w->r);
	for (size_t i = 0; i < w->narchives; i++)
		archive_media_free(w->archive[i]);
	buf_free(&w->pdf);
}

/* Records a finished job in its plan and reports a failure in one line. */
static void record(const batch_job *jobs, plan *plans, const wire *res, batch_stats *st)
{
	plan *p = &plans[res->job];

	if (res->rc == TP_OK) {
		p->status = ST_WRITTEN;
		p->pages = res->pages;
		p->bytes = res->bytes;
		st->written++;
		verbosef(1, "wrote %s (%zu pages)", p->file, p->pages);
		return;
	}
	p->status = ST_FAILED;
	p->error = xstrdup(res->err[0] ? res->err : "failed");
	st->failed++;
	errorf("%s: thread %s: %s", jobs[res->job].src->name, p->id, p->error);
}

/* Shows "[ done/total] threads · N s left" on a terminal. */
static void progress(const batch_opts *o, size_t done, size_t total, double t0)
{
	char line[128];
	struct timespec ts;

	if (!o->progress)
		return;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	double el = (double)ts.tv_sec + ts.tv_nsec / 1e9 - t0;
	int w = snprintf(NULL, 0, "%zu", total);
	if (done > 0)
		snprintf(line, sizeof line, "[%*zu/%zu] threads · %.0f s left", w, done, total,
			 el / (double)done * (double)(total - done));
	else
		snprintf(line, sizeof line, "[%*zu/%zu] threads", w, done, total);
	diag_progress(line);
}

/* Seconds on the monotonic clock. */
static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Renders the to-do list in this process, one thread after another. */
static tp_result render_here(const batch_opts *o, const batch_job *jobs, plan *plans,
			     const size_t *todo, size_t ntodo, batch_stats *st, char *msg, size_t msglen)
{
	worker w = {0};
	double t0 = now_s();
	tp_result r = render_new(o->fonts_dir, &w.r, msg, msglen);

	for (size_t i = 0; r == TP_OK && i < ntodo && !stop_signal; i++) {
		wire res;
		progress(o, i, ntodo, t0);
		run_job(&w, o, &jobs[todo[i]], &plans[todo[i]], &res);
		res.job = (uint32_t)todo[i];
		record(jobs, plans, &res, st);
	}
	worker_free(&w);
	return r;
}

/* A forked worker: reads job numbers from in, renders, writes wires to out. */
static void worker_main(const batch_opts *o, const batch_job *jobs, plan *plans, int in, int out)
{
	worker w = {0};
	char msg[512];
	uint32_t job;
	int rc = 0;

	if (render_new(o->fonts_dir, &w.r, msg, sizeof msg) != TP_OK) {
		errorf("%s", msg);
		_exit(TP_ERR_FONT);
	}
	while (!stop_signal && read(in, &job, sizeof job) == (ssize_t)sizeof job) {
		wire res;
		run_job(&w, o, &jobs[job], &plans[job], &res);
		res.job = job;
		if (util_write_all(out, &res, sizeof res) < 0) {
			rc = TP_ERR_IO;
			break;
		}
	}
	worker_free(&w);
	fflush(stderr);
	_exit(rc);
}

/* The worker processes of one batch and the parent's ends of their pipes. */
typedef struct pool_of_workers {
	pid_t pid[MAX_WORKERS];
	int to[MAX_WORKERS], from[MAX_WORKERS];
	long job[MAX_WORKERS];     /* the job each is rendering, -1 for none */
	int n;
} pool_of_workers;

/* Forks n workers, each with a job pipe and a result pipe. */
static tp_result start_workers(pool_of_workers *pw, int n, const batch_opts *o, const batch_job *jobs,
			       plan *plans, char *msg, size_t msglen)
{
	pw->n = 0;
	fflush(NULL);
	for (int k = 0; k < n; k++) {
		int down[2], up[2];
		if (pipe(down) < 0 || pipe(up) < 0)
			return tp_fail(TP_ERR_IO, msg, msglen, "cannot start workers: %s", strerror(errno));
		pid_t pid = fork();
		if (pid < 0)
			return tp_fail(TP_ERR_IO, msg, msglen, "cannot start workers: %s", strerror(errno));
		if (pid == 0) {
			close(down[1]);
			close(up[0]);
			for (int i = 0; i < pw->n; i++) {
				close(pw->to[i]);
				close(pw->from[i]);
			}
			worker_main(o, jobs, plans, down[0], up[1]);
		}
		close(down[0]);
		close(up[1]);
		pw->pid[k] = pid;
		pw->job[k] = -1;
		pw->to[k] = down[1];
		pw->from[k] = up[0];
		pw->n++;
	}
	return TP_OK;
}

/* Hands worker k the next job, or closes its job pipe when none is left. */
static void hand_out(pool_of_workers *pw, int k, const size_t *todo, size_t ntodo, size_t *next)
{
	if (pw->to[k] < 0)
		return;
	if (*next < ntodo && !stop_signal) {
		uint32_t job = (uint32_t)todo[(*next)++];
		pw->job[k] = (long)job;
		if (util_write_all(pw->to[k], &job, sizeof job) == 0)
			return;
	}
	close(pw->to[k]);
	pw->to[k] = -1;
}

/* Reads one result from worker k; 0 when its pipe closed. */
static int take_result(pool_of_workers *pw, int k, wire *res)
{
	size_t got = 0;

	while (got < sizeof *res) {
		ssize_t n = read(pw->from[k], (char *)res + got, sizeof *res - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return 0;
		got += (size_t)n;
	}
	return 1;
}

/* A worker whose pipe closed: reaps it, and fails the job it had (it died
 * rendering it: a crash, a kill), so no thread goes unreported. */
static void lost_worker(pool_of_workers *pw, int k, const batch_job *jobs, plan *plans, batch_stats *st)
{
	int status = 0;

	close(pw->from[k]);
	pw->from[k] = -1;
	if (pw->to[k] >= 0)
		close(pw->to[k]);
	pw->to[k] = -1;
	while (waitpid(pw->pid[k], &status, 0) < 0 && errno == EINTR)
		;
	pw->pid[k] = -1;
	if (pw->job[k] < 0)
		return;
	wire res = { .job = (uint32_t)pw->job[k], .rc = TP_ERR_PDF };
	if (WIFSIGNALED(status))
		snprintf(res.err, sizeof res.err, "the worker rendering it was killed by signal %d", WTERMSIG(status));
	else
		snprintf(res.err, sizeof res.err, "the worker rendering it exited with status %d",
			 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	pw->job[k] = -1;
	record(jobs, plans, &res, st);
}

/* Renders the to-do list in n forked workers, handing out one job at a time. */
static tp_result render_forked(const batch_opts *o, const batch_job *jobs, plan *plans,
			       const size_t *todo, size_t ntodo, int n, batch_stats *st, char *msg,
			       size_t msglen)
{
	pool_of_workers pw;
	struct pollfd fds[MAX_WORKERS];
	size_t next = 0, done = 0;
	double t0 = now_s();
	int open_;
	tp_result r = start_workers(&pw, n, o, jobs, plans, msg, msglen);

	for (int k = 0; k < pw.n; k++)
		hand_out(&pw, k, todo, ntodo, &next);
	open_ = pw.n;
	while (open_ > 0) {
		for (int k = 0; k < pw.n; k++)
			fds[k] = (struct pollfd){ .fd = pw.from[k], .events = POLLIN };
		if (poll(fds, (nfds_t)pw.n, -1) < 0) {
			for (int k = 0; stop_signal && k < pw.n; k++)
				hand_out(&pw, k, todo, 0, &next);
			continue;
		}
		for (int k = 0; k < pw.n; k++) {
			wire res;
			if (pw.from[k] < 0 || !(fds[k].revents & (POLLIN | POLLHUP)))
				continue;
			if (!take_result(&pw, k, &res)) {
				lost_worker(&pw, k, jobs, plans, st);
				fds[k].fd = -1;
				open_--;
				continue;
			}
			pw.job[k] = -1;
			record(jobs, plans, &res, st);
			progress(o, ++done, ntodo, t0);
			hand_out(&pw, k, todo, ntodo, &next);
		}
	}
	for (int k = 0; k < pw.n; k++) {
		int status = 0;
		if (pw.to[k] >= 0)
			close(pw.to[k]);
		if (pw.pid[k] < 0)
			continue;
		while (waitpid(pw.pid[k], &status, 0) < 0 && errno == EINTR)
			;
	}
	for (; next < ntodo && !stop_signal; next++) {
		wire res = { .job = (uint32_t)todo[next], .rc = TP_ERR_PDF };
		snprintf(res.err, sizeof res.err, "not rendered: every worker stopped (see above)");
		record(jobs, plans, &res, st);
	}
	return r;
}

/* Appends one manifest line for a plan. */
static void manifest_line(buf *b, const plan *p, const old_entry *old)
{
	static const char *names[] = { "todo", "skipped", "ok", "failed" };
	char hash[20];
	cJSON *j = cJSON_CreateObject();

	snprintf(hash, sizeof hash, "%016llx", (unsigned long long)p->hash);
	cJSON_AddStringToObject(j, "id", p->id);
	if (p->url)
		cJSON_AddStringToObject(j, "url", p->url);
	cJSON_AddStringToObject(j, "date", p->date[0] ? p->date : "");
	cJSON_AddStringToObject(j, "title", p->title ? p->title : "");
	cJSON_AddNumberToObject(j, "tweets", (double)p->ntweets);
	cJSON_AddNumberToObject(j, "pages", (double)(p->status == ST_SKIPPED && old ? old->pages : p->pages));
	cJSON_AddNumberToObject(j, "bytes", (double)(p->status == ST_SKIPPED && old ? old->bytes : p->bytes));
	if (p->file)
		cJSON_AddStringToObject(j, "file", p->file);
	cJSON_AddStringToObject(j, "status", names[p->status]);
	if (p->error)
		cJSON_AddStringToObject(j, "error", p->error);
	cJSON_AddStringToObject(j, "hash", hash);
	char *s = cJSON_PrintUnformatted(j);
	buf_adds(b, s);
	buf_addc(b, '\n');
	cJSON_free(s);
	cJSON_Delete(j);
}

/* Rewrites the manifest atomically: this run's threads in date order (those
 * not reached keep their old line, or say "todo"), then old lines of
 * threads this run did not list. */
static tp_result write_manifest(const batch_opts *o, const plan *plans, const size_t *order, size_t n,
				old_entry *old, size_t nold, char *msg, size_t msglen)
{
	char *path = util_path_join(o->dir, MANIFEST);
	char *seen = xcalloc(nold ? nold : 1, 1);
	buf b;

	buf_init(&b);
	buf_add(&b, "", 0);
	for (size_t i = 0; i < n; i++) {
		const plan *p = &plans[order[i]];
		old_entry *e = old_find(old, nold, p->id);
		if (e)
			seen[e - old] = 1;
		if (p->status == ST_TODO && e && e->line) {
			char *s = cJSON_PrintUnformatted(e->line);
			buf_printf(&b, "%s\n", s);
			cJSON_free(s);
		} else {
			manifest_line(&b, p, e);
		}
	}
	for (size_t i = 0; i < nold; i++) {
		if (seen[i] || !old[i].line)
			continue;
		char *s = cJSON_PrintUnformatted(old[i].line);
		buf_printf(&b, "%s\n", s);
		cJSON_free(s);
	}
	tp_result r = output_write(path, b.data, b.len, msg, msglen);
	buf_free(&b);
	free(seen);
	free(path);
	return r;
}

/* Creates dir and its parents as needed. */
static tp_result make_dir(const char *dir, char *msg, size_t msglen)
{
	char *p = xstrdup(dir);
	tp_result r = TP_OK;
	struct stat st;

	for (char *s = p + 1; ; s++) {
		if (*s != '/' && *s)
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST)
			r = tp_fail(TP_ERR_IO, msg, msglen, "%s: cannot create the directory: %s", p, strerror(errno));
		*s = c;
		if (!c || r != TP_OK)
			break;
	}
	if (r == TP_OK && (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)))
		r = tp_fail(TP_ERR_IO, msg, msglen, "%s: not a directory", dir);
	free(p);
	return r;
}

/* Gives every plan its file name, in date order, unique in the directory. */
static void name_plans(const batch_opts *o, const batch_job *jobs, plan *plans, const size_t *order,
		       size_t n)
{
	for (size_t i = 0; i < n; i++) {
		plan *p = &plans[order[i]];
		const thread_user *u = thread_pool_user(jobs[order[i]].src->pool, jobs[order[i]].author_id);
		char *name = batch_file_name(o->name_template, u ? u->handle : NULL, p->id, p->created,
					     p->title, i + 1);
		for (int k = 2; ; k++) {
			size_t dup = 0;
			for (size_t m = 0; m < i && !dup; m++)
				dup = plans[order[m]].file && strcmp(plans[order[m]].file, name) == 0;
			if (!dup)
				break;
			char *stem = xstrndup(name, strlen(name) - 4);
			free(name);
			name = xasprintf("%s-%d.pdf", stem, k);
			free(stem);
		}
		p->file = name;
	}
}

/* Frees the plans and old entries. */
static void free_all(plan *plans, size_t n, old_entry *old, size_t nold)
{
	for (size_t i = 0; i < n; i++) {
		free(plans[i].id);
		free(plans[i].url);
		free(plans[i].title);
		free(plans[i].file);
		free(plans[i].error);
	}
	free(plans);
	for (size_t i = 0; i < nold; i++) {
		free(old[i].id);
		free(old[i].file);
		cJSON_Delete(old[i].line);
	}
	free(old);
}

/* The number of worker processes to use. */
static int worker_count(const batch_opts *o, size_t ntodo)
{
	long n = o->jobs > 0 ? o->jobs : sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		n = 1;
	if (n > MAX_WORKERS)
		n = MAX_WORKERS;
	if ((size_t)n > ntodo)
		n = ntodo ? (long)ntodo : 1;
	return (int)n;
}

/* Lists the jobs' threads in date order, one line each (see batch.h). */
void batch_list(const batch_job *jobs, size_t njobs, buf *out)
{
	batch_opts o = {0};
	plan *plans = xcalloc(njobs ? njobs : 1, sizeof *plans);
	size_t *order = xcalloc(njobs ? njobs : 1, sizeof *order);

	for (size_t i = 0; i < njobs; i++) {
		plan_one(&o, &jobs[i], &plans[i]);
		order[i] = i;
	}
	qsort_r(order, njobs, sizeof *order, cmp_plan, plans);
	for (size_t i = 0; i < njobs; i++) {
		const plan *p = &plans[order[i]];
		if (p->status == ST_FAILED)
			buf_printf(out, "failed %s %s\n", p->id, p->error);
		else
			buf_printf(out, "%s %s tweets=%zu %s\n", p->date[0] ? p->date : "-", p->id, p->ntweets,
				   p->title);
	}
	free_all(plans, njobs, NULL, 0);
	free(order);
}

/* Plans, skips, renders and writes the manifest (see batch.h). */
tp_result batch_run(const batch_opts *o, const batch_job *jobs, size_t njobs, batch_stats *st,
		    char *msg, size_t msglen)
{
	struct sigaction old_sa[2];
	size_t nold = 0, ntodo = 0;
	plan *plans = xcalloc(njobs ? njobs : 1, sizeof *plans);
	size_t *order = xcalloc(njobs ? njobs : 1, sizeof *order);
	size_t *todo = xcalloc(njobs ? njobs : 1, sizeof *todo);
	tp_result r = make_dir(o->dir, msg, msglen);
	char *mpath = util_path_join(o->dir, MANIFEST);
	old_entry *old = r == TP_OK ? read_manifest(mpath, &nold) : NULL;

	memset(st, 0, sizeof *st);
	st->threads = njobs;
	stop_signal = 0;
	catch_stops(old_sa);
	for (size_t i = 0; r == TP_OK && i < njobs; i++) {
		plan_one(o, &jobs[i], &plans[i]);
		order[i] = i;
	}
	qsort_r(order, njobs, sizeof *order, cmp_plan, plans);
	if (r == TP_OK)
		name_plans(o, jobs, plans, order, njobs);
	for (size_t i = 0; r == TP_OK && i < njobs; i++) {
		plan *p = &plans[order[i]];
		if (p->status == ST_FAILED) {
			st->failed++;
			errorf("%s: %s", jobs[order[i]].src->name, p->error);
		} else if (!o->force && still_good(o, old_find(old, nold, p->id), p)) {
			p->status = ST_SKIPPED;
			st->skipped++;
		} else {
			todo[ntodo++] = order[i];
		}
	}
	int nw = worker_count(o, ntodo);
	if (r == TP_OK && ntodo && nw > 1) {
		render *probe = NULL;
		r = render_new(o->fonts_dir, &probe, msg, msglen);
		render_free(probe);
	}
	if (r == TP_OK && ntodo)
		r = nw == 1 ? render_here(o, jobs, plans, todo, ntodo, st, msg, msglen)
			    : render_forked(o, jobs, plans, todo, ntodo, nw, st, msg, msglen);
	diag_progress(NULL);
	if (r == TP_OK) {
		char m2[512];
		if (write_manifest(o, plans, order, njobs, old, nold, m2, sizeof m2) != TP_OK && r == TP_OK)
			r = tp_fail(TP_ERR_IO, msg, msglen, "%s", m2);
	}
	if (r == TP_OK && stop_signal)
		r = tp_fail(TP_INTERRUPTED, msg, msglen, "interrupted: %zu of %zu threads written, the "
			    "manifest says which", st->written, ntodo);
	else if (r == TP_OK && st->failed)
		r = tp_fail(TP_ERR_PARTIAL, msg, msglen, "%zu of %zu threads failed (see above); the others "
			    "are in %s", st->failed, njobs, o->dir);
	sigaction(SIGINT, &old_sa[0], NULL);
	sigaction(SIGTERM, &old_sa[1], NULL);
	free_all(plans, njobs, old, nold);
	free(order);
	free(todo);
	free(mpath);
	return r;
}
