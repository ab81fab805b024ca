/* http: concurrent GETs over libcurl multi, with retries and a URL-keyed disk cache. */
#include "http.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "diag.h"

#define CACHE_MAGIC "threadpdf-cache 1\n"
#define CURL_LIB "libcurl.so.4"
#define MAX_BACKOFF_MS 30000L /* the longest pause between two attempts */
#define HTTP_CACHE_MAX ((size_t)65 << 20) /* a cache entry: the largest body (64 MiB) and its header */

/* The libcurl functions this module calls. libcurl is loaded with dlopen
 * on first use: linked, it and the ~35 libraries it pulls in (TLS, GSS,
 * LDAP, ...) cost every run 8 ms of start-up, most runs fetching nothing. */
#define CURL_FUNCS(X)                                                                               \
	X(global_init) X(multi_init) X(multi_setopt) X(multi_cleanup) X(multi_add_handle)         \
	X(multi_remove_handle) X(multi_perform) X(multi_info_read) X(multi_poll) X(easy_init)      \
	X(easy_setopt) X(easy_getinfo) X(easy_cleanup) X(easy_strerror) X(slist_append)          \
	X(slist_free_all) X(url) X(url_set) X(url_get) X(url_cleanup) X(free)

#define CURL_DECL(n) __typeof__(curl_##n) *n;
static struct {
	CURL_FUNCS(CURL_DECL)
} C;
#undef CURL_DECL

static int curl_state;          /* 0: not tried, 1: loaded, -1: failed */
static char curl_error[200];

/* Looks up one function of the library; 0 or -1. */
static int curl_sym(void *lib, const char *name, void *slot)
{
	void *p = dlsym(lib, name);

	if (!p) {
		snprintf(curl_error, sizeof curl_error, "libcurl cannot be used: %s lacks %s", CURL_LIB, name);
		return -1;
	}
	memcpy(slot, &p, sizeof p);
	return 0;
}

/* Loads libcurl and initializes it, once; 0, or -1 with curl_error set. */
static int curl_load(void)
{
	if (curl_state)
		return curl_state > 0 ? 0 : -1;
	curl_state = -1;
	void *lib = dlopen(CURL_LIB, RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		const char *e = dlerror();
		snprintf(curl_error, sizeof curl_error, "libcurl cannot be loaded: %s", e ? e : CURL_LIB);
		for (char *p = curl_error; *p; p++)
			if (*p == '\n' || *p == '\r')
				*p = ' ';
		return -1;
	}
#define CURL_LOAD(n)                                      \
	if (curl_sym(lib, "curl_" #n, &C.n) != 0) \
		return -1;
	CURL_FUNCS(CURL_LOAD)
#undef CURL_LOAD
	if (C.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		snprintf(curl_error, sizeof curl_error, "libcurl cannot be initialized");
		return -1;
	}
	curl_state = 1;
	return 0;
}

tp_result http_init(char *msg, size_t msglen)
{
	if (curl_load() != 0)
		return tp_fail(TP_ERR_NET, msg, msglen, "%s", curl_error);
	return TP_OK;
}

struct http_client {
	http_opts o;
	CURLM *multi;           /* NULL: libcurl could not be loaded or set up (err says why) */
	char err[200];
};

/* Per-request transfer state, hung on http_request.priv_ while running. */
typedef struct xfer {
	CURL *easy;
	struct curl_slist *headers;
	char errbuf[CURL_ERROR_SIZE];
	long long due_ms;      /* monotonic time at which the next attempt may start */
	long long start_ms;    /* monotonic time the current attempt started */
	int active, done;
	int too_big;
	size_t max_body;
} xfer;

/* Monotonic clock in milliseconds. */
static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

http_client *http_new(const http_opts *o)
{
	http_client *c = xcalloc(1, sizeof *c);

	if (o)
		c->o = *o;
	if (c->o.max_parallel <= 0)
		c->o.max_parallel = 8;
	if (c->o.timeout_ms <= 0)
		c->o.timeout_ms = 30000;
	if (c->o.connect_timeout_ms <= 0)
		c->o.connect_timeout_ms = 10000;
	if (c->o.retries == 0)
		c->o.retries = 3;
	if (c->o.retries < 0)
		c->o.retries = 0;
	if (c->o.retries > HTTP_MAX_RETRIES)
		c->o.retries = HTTP_MAX_RETRIES;
	if (c->o.retry_base_ms <= 0)
		c->o.retry_base_ms = 500;
	if (c->o.retry_base_ms > MAX_BACKOFF_MS)
		c->o.retry_base_ms = MAX_BACKOFF_MS;
	if (c->o.max_body == 0)
		c->o.max_body = (size_t)64 << 20;
	if (curl_load() != 0) {
		snprintf(c->err, sizeof c->err, "%s", curl_error);
		return c;
	}
	c->multi = C.multi_init();
	if (!c->multi) {
		snprintf(c->err, sizeof c->err, "libcurl cannot set up a transfer (out of memory?)");
		return c;
	}
	C.multi_setopt(c->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)c->o.max_parallel);
	C.multi_setopt(c->multi, CURLMOPT_MAXCONNECTS, (long)c->o.max_parallel * 2);
	return c;
}

void http_free(http_client *c)
{
	if (!c)
		return;
	if (c->multi)
		C.multi_cleanup(c->multi);
	free(c);
}

void http_request_init(http_request *r, const char *url)
{
	memset(r, 0, sizeof *r);
	buf_init(&r->body);
	r->url = url;
	r->rate_reset = -1;
	r->retry_after = -1;
}

void http_request_clear(http_request *r)
{
	buf_free(&r->body);
	free(r->content_type);
	free(r->location);
	r->content_type = r->location = NULL;
}

/* Forgets what the previous attempt (or previous hop of a redirect) answered. */
static void reset_response(http_request *r)
{
	r->body.len = 0;
	if (r->body.data)
		r->body.data[0] = '\0';
	free(r->content_type);
	free(r->location);
	r->content_type = r->location = NULL;
	r->rate_reset = -1;
	r->retry_after = -1;
	r->status = 0;
}

/* libcurl write callback: appends to the body, refusing more than max_body. */
static size_t on_body(char *p, size_t size, size_t nmemb, void *ud)
{
	http_request *r = ud;
	xfer *x = r->priv_;
	size_t n = size * nmemb;

	if (n > x->max_body - r->body.len) {
		x->too_big = 1;
		return 0;
	}
	buf_add(&r->body, p, n);
	return n;
}

/* Copies a header value without surrounding blanks or the CRLF. */
static char *header_value(const char *p, size_t n)
{
	while (n && (*p == ' ' || *p == '\t')) {
		p++;
		n--;
	}
	while (n && (p[n - 1] == '\r' || p[n - 1] == '\n' || p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	return xstrndup(p, n);
}

/* Case-insensitive "Name:" prefix test; returns the value's offset or 0. */
static size_t header_is(const char *p, size_t n, const char *name)
{
	size_t k = strlen(name);

	if (n <= k || strncasecmp(p, name, k) != 0 || p[k] != ':')
		return 0;
	return k + 1;
}

/* A header's number of seconds: -1 unless the value is all decimal digits
 * (no sign, no blanks inside); saturates at LLONG_MAX, so no value a server
 * sends can wrap around into a small or negative number. */
static long long header_seconds(const char *v)
{
	long long n = 0;

	if (!isdigit((unsigned char)*v))
		return -1;
	for (; isdigit((unsigned char)*v); v++) {
		int d = *v - '0';
		if (n > (LLONG_MAX - d) / 10)
			n = LLONG_MAX;
		else
			n = n * 10 + d;
	}
	return *v ? -1 : n;
}

/* libcurl header callback: keeps the few headers the callers need. */
static size_t on_header(char *p, size_t size, size_t nmemb, void *ud)
{
	http_request *r = ud;
	size_t n = size * nmemb, off;

	if (n >= 5 && strncmp(p, "HTTP/", 5) == 0) {
		reset_response(r);
	} else if ((off = header_is(p, n, "content-type"))) {
		free(r->content_type);
		r->content_type = header_value(p + off, n - off);
		for (char *c = r->content_type; *c; c++)
			*c = (char)tolower((unsigned char)*c);
	} else if ((off = header_is(p, n, "x-rate-limit-reset"))) {
		char *v = header_value(p + off, n - off);
		r->rate_reset = header_seconds(v);
		free(v);
	} else if ((off = header_is(p, n, "retry-after"))) {
		char *v = header_value(p + off, n - off);
		r->retry_after = header_seconds(v);
		free(v);
	} else if ((off = header_is(p, n, "location"))) {
		free(r->location);
		r->location = header_value(p + off, n - off);
	}
	return n;
}

static void finish_attempt(http_client *c, http_request *r, CURLcode rc);
static void end_attempt(http_client *c, http_request *r);

/* Appends one header line to the attempt's list (wiping the copy it
 * formatted: it may hold the token); 0, or -1 when libcurl cannot. */
static int add_header(xfer *x, const char *name, const char *value)
{
	char *h = xasprintf("%s%s", name, value);
	struct curl_slist *l = C.slist_append(x->headers, h);

	memset(h, 0, strlen(h));
	free(h);
	if (!l)
		return -1;
	x->headers = l;
	return 0;
}

/* Ends r at once with a failure of libcurl's own (it ran out of memory):
 * a returned error, not an exit, so the caller reports it. */
static void fail_start(http_client *c, http_request *r)
{
	xfer *x = r->priv_;

	if (x->easy)
		end_attempt(c, r);
	r->status = 0;
	r->err = TP_ERR_NET;
	snprintf(r->errmsg, sizeof r->errmsg, "libcurl cannot start the transfer (out of memory?)");
	x->done = 1;
}

/* Creates the easy handle for one attempt of r and adds it to the multi handle. */
static void start_attempt(http_client *c, http_request *r)
{
	xfer *x = r->priv_;
	CURL *e = C.easy_init();

	reset_response(r);
	r->attempts++;
	x->easy = e;
	x->errbuf[0] = '\0';
	x->too_big = 0;
	x->headers = NULL;
	x->start_ms = now_ms();
	if (!e || (r->bearer && add_header(x, "Authorization: Bearer ", r->bearer) != 0) ||
	    (r->accept && add_header(x, "Accept: ", r->accept) != 0)) {
		fail_start(c, r);
		return;
	}
	C.easy_setopt(e, CURLOPT_URL, r->url);
	C.easy_setopt(e, CURLOPT_HTTPGET, 1L);
	C.easy_setopt(e, CURLOPT_HTTPHEADER, x->headers);
	C.easy_setopt(e, CURLOPT_USERAGENT, "threadpdf/0.1");
	C.easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	C.easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	C.easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	/* Credentials never follow a redirect: requests with a token do not follow at all. */
	C.easy_setopt(e, CURLOPT_FOLLOWLOCATION, (r->follow && !r->bearer) ? 1L : 0L);
	C.easy_setopt(e, CURLOPT_MAXREDIRS, 5L);
	C.easy_setopt(e, CURLOPT_UNRESTRICTED_AUTH, 0L);
	C.easy_setopt(e, CURLOPT_NETRC, (long)CURL_NETRC_IGNORED);
	C.easy_setopt(e, CURLOPT_TIMEOUT_MS, c->o.timeout_ms);
	C.easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, c->o.connect_timeout_ms);
	C.easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	C.easy_setopt(e, CURLOPT_ERRORBUFFER, x->errbuf);
	C.easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	C.easy_setopt(e, CURLOPT_WRITEDATA, r);
	C.easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	C.easy_setopt(e, CURLOPT_HEADERDATA, r);
	C.easy_setopt(e, CURLOPT_PRIVATE, r);
	C.easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)x->max_body);
	x->active = 1;
	if (C.multi_add_handle(c->multi, e) != CURLM_OK)
		finish_attempt(c, r, CURLE_FAILED_INIT);
}

/* Removes the finished easy handle of r from the multi handle and frees it. */
static void end_attempt(http_client *c, http_request *r)
{
	xfer *x = r->priv_;

	C.multi_remove_handle(c->multi, x->easy);
	C.easy_cleanup(x->easy);
	for (struct curl_slist *h = x->headers; h; h = h->next)
		memset(h->data, 0, strlen(h->data));
	C.slist_free_all(x->headers);
	x->easy = NULL;
	x->headers = NULL;
	x->active = 0;
}

/* Whether a libcurl failure is worth another attempt. */
static int transient(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return 1;
	default:
		return 0;
	}
}

/* Classifies a libcurl failure into r->err and r->errmsg. */
static void set_curl_error(http_request *r, CURLcode rc)
{
	xfer *x = r->priv_;
	const char *detail = x->errbuf[0] ? x->errbuf : C.easy_strerror(rc);

	if (x->too_big || rc == CURLE_FILESIZE_EXCEEDED) {
		r->err = TP_ERR_PROTOCOL;
		snprintf(r->errmsg, sizeof r->errmsg, "response larger than %zu bytes", x->max_body);
	} else if (rc == CURLE_PARTIAL_FILE) {
		r->err = TP_ERR_PROTOCOL;
		snprintf(r->errmsg, sizeof r->errmsg, "truncated response (%zu bytes received)", r->body.len);
	} else if (rc == CURLE_OPERATION_TIMEDOUT) {
		r->err = TP_ERR_NET;
		snprintf(r->errmsg, sizeof r->errmsg, "timed out after %.1f s", (double)(now_ms() - x->start_ms) / 1000);
	} else if (rc == CURLE_TOO_MANY_REDIRECTS || rc == CURLE_UNSUPPORTED_PROTOCOL ||
		   rc == CURLE_BAD_CONTENT_ENCODING || rc == CURLE_WEIRD_SERVER_REPLY) {
		r->err = TP_ERR_PROTOCOL;
		snprintf(r->errmsg, sizeof r->errmsg, "%s", detail);
	} else {
		r->err = TP_ERR_NET;
		snprintf(r->errmsg, sizeof r->errmsg, "%s", detail);
	}
	for (char *p = r->errmsg; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
}

/* "host:port" and path of url, for saying what is waited for: never the
 * user, password or query (nothing that could be a credential). */
static void url_where(const char *url, char *where, size_t wn, char *path, size_t pn)
{
	char *h = NULL, *port = NULL, *p = NULL;
	CURLU *u = C.url();

	snprintf(where, wn, "the server");
	snprintf(path, pn, "/");
	if (u && C.url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    C.url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK &&
	    C.url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK) {
		snprintf(where, wn, "%s:%s", h, port);
		if (C.url_get(u, CURLUPART_PATH, &p, 0) == CURLUE_OK)
			snprintf(path, pn, "%s", p);
	}
	for (char *q = path; *q; q++)
		if ((unsigned char)*q < 0x20 || *q == 0x7f)
			*q = ' ';
	C.free(h);
	C.free(port);
	C.free(p);
	if (u)
		C.url_cleanup(u);
}

/* Says, without -v, that an attempt got no answer in time and is retried:
 * which host and endpoint, how long it waited, which attempt comes next. */
static void announce_timeout(const http_client *c, const http_request *r, long long waited_ms)
{
	char where[160], path[160];

	url_where(r->url, where, sizeof where, path, sizeof path);
	warnf("no answer from %s (GET %s) in %.1f s; retrying (attempt %d of %d)", where, path,
	      (double)waited_ms / 1000, r->attempts + 1, c->o.retries + 1);
}

/* The pause before attempt number `attempts` + 1: the base doubled per
 * attempt, or a short Retry-After the server asked for; at most MAX_BACKOFF_MS. */
static long long backoff_ms(const http_client *c, const http_request *r)
{
	long long wait = c->o.retry_base_ms;

	for (int i = 1; i < r->attempts && wait < MAX_BACKOFF_MS; i++)
		wait *= 2;
	if (r->retry_after > 0 && r->retry_after <= MAX_BACKOFF_MS / 1000 && r->retry_after * 1000 > wait)
		wait = r->retry_after * 1000;
	return wait < MAX_BACKOFF_MS ? wait : MAX_BACKOFF_MS;
}

/* Handles a finished attempt: either r is done, or it is scheduled again. */
static void finish_attempt(http_client *c, http_request *r, CURLcode rc)
{
	xfer *x = r->priv_;
	int again = 0;

	if (rc == CURLE_OK) {
		C.easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &r->status);
		r->err = TP_OK;
		r->errmsg[0] = '\0';
		again = r->status >= 500 && !r->no_retry_status;
	} else {
		r->status = 0;
		set_curl_error(r, rc);
		again = transient(rc) && !x->too_big;
	}
	end_attempt(c, r);
	if (again && r->attempts <= c->o.retries) {
		long long wait = backoff_ms(c, r);
		if (rc == CURLE_OPERATION_TIMEDOUT && c->o.announce_timeouts)
			announce_timeout(c, r, now_ms() - x->start_ms);
		verbosef(1, "retrying %s in %lld ms (%s)", r->url, wait,
			 rc == CURLE_OK ? "server error" : r->errmsg);
		x->due_ms = now_ms() + wait;
		return;
	}
	x->done = 1;
}

/* Starts the requests that are due, within the parallel bound; returns how
 * many are running and stores the earliest future start time in *next. */
static int start_due(http_client *c, http_request **reqs, size_t n, long long *next)
{
	int running = 0;
	long long now = now_ms();

	*next = -1;
	for (size_t i = 0; i < n; i++)
		running += ((xfer *)reqs[i]->priv_)->active;
	for (size_t i = 0; i < n; i++) {
		xfer *x = reqs[i]->priv_;
		if (x->done || x->active)
			continue;
		if (x->due_ms <= now && running < c->o.max_parallel) {
			start_attempt(c, reqs[i]);
			running++;
		} else if (*next < 0 || x->due_ms < *next) {
			*next = x->due_ms;
		}
	}
	return running;
}

/* Fails every request with the reason libcurl could not be loaded or set up. */
static void fail_all(const http_client *c, http_request **reqs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		reqs[i]->attempts = 1;
		reqs[i]->status = 0;
		reqs[i]->err = TP_ERR_NET;
		snprintf(reqs[i]->errmsg, sizeof reqs[i]->errmsg, "%s", c->err);
	}
}

/* How many requests are not done yet (finished by libcurl or failed to start). */
static size_t count_left(http_request **reqs, size_t n)
{
	size_t left = 0;

	for (size_t i = 0; i < n; i++)
		left += !((xfer *)reqs[i]->priv_)->done;
	return left;
}

void http_perform(http_client *c, http_request **reqs, size_t n)
{
	if (!c->multi) {
		fail_all(c, reqs, n);
		return;
	}
	xfer *xs = xcalloc(n ? n : 1, sizeof *xs);
	size_t left = n;

	for (size_t i = 0; i < n; i++) {
		xs[i].max_body = c->o.max_body;
		reqs[i]->priv_ = &xs[i];
		reqs[i]->attempts = 0;
		reqs[i]->err = TP_OK;
		if (reqs[i]->bearer && reqs[i]->follow)
			reqs[i]->follow = 0;
	}
	while (left > 0) {
		long long next;
		int running = start_due(c, reqs, n, &next), still = 0;
		CURLMsg *m;
		int q;

		C.multi_perform(c->multi, &still);
		while ((m = C.multi_info_read(c->multi, &q))) {
			http_request *r = NULL;
			if (m->msg != CURLMSG_DONE)
				continue;
			C.easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&r);
			finish_attempt(c, r, m->data.result);
		}
		left = count_left(reqs, n);
		if (left == 0)
			break;
		long wait = 200;
		if (next >= 0) {
			long long d = next - now_ms();
			if (d < wait)
				wait = d < 0 ? 0 : (long)d;
		}
		if (running > 0 || wait > 0)
			C.multi_poll(c->multi, NULL, 0, (int)wait, NULL);
	}
	for (size_t i = 0; i < n; i++)
		reqs[i]->priv_ = NULL;
	free(xs);
}

int http_host_is_loopback(const char *host)
{
	unsigned char a4[4], a6[16];
	static const unsigned char lo6[16] = { [15] = 1 };

	if (!host || !*host)
		return 0;
	if (strcasecmp(host, "localhost") == 0)
		return 1;
	if (inet_pton(AF_INET, host, a4) == 1)
		return a4[0] == 127;
	if (inet_pton(AF_INET6, host, a6) == 1)
		return memcmp(a6, lo6, 16) == 0;
	return 0;
}

/* Scheme and host (brackets removed, lower-cased) of url via libcurl's parser. */
static int split_url(const char *url, char **scheme, char **host)
{
	char *s = NULL, *h = NULL;
	int ok = 0;

	*scheme = *host = NULL;
	if (curl_load() != 0)
		return 0;
	CURLU *u = C.url();
	if (!u)
		return 0;
	if (C.url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    C.url_get(u, CURLUPART_SCHEME, &s, 0) == CURLUE_OK &&
	    C.url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK && h && *h) {
		size_t n = strlen(h);
		const char *p = h;
		if (n >= 2 && h[0] == '[' && h[n - 1] == ']') {
			p = h + 1;
			n -= 2;
		}
		*host = xstrndup(p, n);
		for (char *q = *host; *q; q++)
			*q = (char)tolower((unsigned char)*q);
		*scheme = xstrdup(s);
		for (char *q = *scheme; *q; q++)
			*q = (char)tolower((unsigned char)*q);
		ok = 1;
	}
	C.free(s);
	C.free(h);
	C.url_cleanup(u);
	return ok;
}

int http_url_kind(const char *url)
{
	char *scheme, *host;
	int kind = 0;

	if (!url || !split_url(url, &scheme, &host))
		return 0;
	if (strcmp(scheme, "https") == 0)
		kind = 1;
	else if (strcmp(scheme, "http") == 0)
		kind = http_host_is_loopback(host) ? 2 : 1;
	free(scheme);
	free(host);
	return kind;
}

/* 128-bit FNV-1a (two 64-bit lanes with different bases) of s, as 32 hex digits. */
static void url_hash(const char *s, char out[33])
{
	uint64_t a = 0xcbf29ce484222325ULL, b = 0x84222325cbf29ce4ULL;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		a = (a ^ *p) * 0x100000001b3ULL;
		b = (b ^ (unsigned)(*p + 0x5b)) * 0x100000001b3ULL;
		b ^= b >> 29;
	}
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)a, (unsigned long long)b);
}

char *http_cache_path(const char *dir, const char *url)
{
	char h[33];

	url_hash(url, h);
	return xasprintf("%s/%s", dir, h);
}

int http_cache_load(const char *dir, const char *url, buf *b, char **ctype)
{
	char *path;
	buf f;
	int hit = 0;

	if (ctype)
		*ctype = NULL;
	if (!dir || !url)
		return 0;
	path = http_cache_path(dir, url);
	buf_init(&f);
	char why[256];
	if (util_read_capped(path, "cache entry", HTTP_CACHE_MAX, &f, why, sizeof why) == TP_OK) {
		size_t ml = strlen(CACHE_MAGIC), ul = strlen(url);
		const char *p = f.data, *end = f.data + f.len;
		if (f.len > ml + ul + 2 && memcmp(p, CACHE_MAGIC, ml) == 0 &&
		    memcmp(p + ml, url, ul) == 0 && p[ml + ul] == '\n') {
			const char *ct = p + ml + ul + 1;
			const char *nl = memchr(ct, '\n', (size_t)(end - ct));
			if (nl) {
				if (ctype && nl > ct)
					*ctype = xstrndup(ct, (size_t)(nl - ct));
				buf_add(b, nl + 1, (size_t)(end - nl - 1));
				hit = 1;
			}
		}
	}
	buf_free(&f);
	free(path);
	return hit;
}

/* mkdir -p with mode 0700 for the directories it creates. */
static int mkdirs(const char *dir)
{
	char *p = xstrdup(dir);
	int rc = 0;

	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	if (mkdir(p, 0700) != 0 && errno != EEXIST)
		rc = -1;
	free(p);
	return rc;
}

int http_cache_store(const char *dir, const char *url, const char *ctype, const void *data, size_t len)
{
	char *path, *tmp;
	FILE *f;
	int rc = -1;

	if (!dir || !url || mkdirs(dir) != 0)
		return -1;
	path = http_cache_path(dir, url);
	tmp = xasprintf("%s.%ld.tmp", path, (long)getpid());
	mode_t old = umask(077);
	f = fopen(tmp, "wb");
	umask(old);
	if (f) {
		int ok = fputs(CACHE_MAGIC, f) >= 0 && fprintf(f, "%s\n%s\n", url, ctype ? ctype : "") > 0 &&
			 (len == 0 || fwrite(data, 1, len, f) == len);
		if (fclose(f) == 0 && ok && rename(tmp, path) == 0)
			rc = 0;
		else
			unlink(tmp);
	}
	free(tmp);
	free(path);
	return rc;
}

char *http_default_cache_dir(void)
{
	const char *x = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");

	if (x && x[0] == '/')
		return xasprintf("%s/threadpdf", x);
	if (home && home[0])
		return xasprintf("%s/.cache/threadpdf", home);
	return NULL;
}
