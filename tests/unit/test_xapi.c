/* Unit tests of xapi and http that need no server (token, API base, id time,
 * cache), and, when run as `test_xapi fetch LINK [options]`, a small driver
 * that fetches a thread like the CLI will: the e2e scripts tests/e2e/fetch*.sh
 * run it against the loopback server (tests/server/xserver.py).
 *
 * Driver options mirror the CLI flags: --api-base URL, --token-file FILE,
 * --cache-dir DIR, --no-cache, --max-wait S, --full-archive, --save-json FILE,
 * -v; test-only: --timeout-ms N, --retries N, --retry-ms N, --media-timeout-ms N, --dump FILE
 * (thread_dump of the assembled thread), --load FILE (read saved JSON Lines
 * instead of fetching). It prints "tweets N gaps N context 0|1 media N
 * failed N" and exits with the tp_result code. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "diag.h"
#include "http.h"
#include "media.h"
#include "xapi.h"
#include "xv2.h"

/* Counts the loaded and failed images of one tweet (and its quote). */
static void count_media(const thread_tweet *t, int *ok, int *bad)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nmedia; i++) {
		*ok += t->media[i].img.data != NULL;
		*bad += t->media[i].img.failed;
	}
	if (t->author) {
		*ok += t->author->avatar.data != NULL;
		*bad += t->author->avatar.failed;
	}
	count_media(t->quote, ok, bad);
}

/* Writes len bytes to path; 0 or -1. */
static int write_file(const char *path, const char *d, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f)
		return -1;
	int ok = fwrite(d, 1, len, f) == len;
	return (fclose(f) == 0 && ok) ? 0 : -1;
}

/* The driver: fetch (or --load), assemble, load media, summarize. */
static int drive(int argc, char **argv)
{
	xapi_opts o = { 0 };
	media_opts mo = { 0 };
	const char *link = argc > 2 ? argv[2] : "", *token_file = NULL, *save = NULL, *dump = NULL, *load = NULL;
	char msg[1024], *token = NULL;
	tp_result rc;

	for (int i = 3; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : "";
		if (strcmp(a, "--api-base") == 0) o.api_base = v, i++;
		else if (strcmp(a, "--token-file") == 0) token_file = v, i++;
		else if (strcmp(a, "--cache-dir") == 0) o.cache_dir = v, i++;
		else if (strcmp(a, "--no-cache") == 0) o.no_cache = 1;
		else if (strcmp(a, "--max-wait") == 0) o.max_wait = atoi(v), i++;
		else if (strcmp(a, "--full-archive") == 0) o.full_archive = 1;
		else if (strcmp(a, "--save-json") == 0) save = v, i++;
		else if (strcmp(a, "--dump") == 0) dump = v, i++;
		else if (strcmp(a, "--load") == 0) load = v, i++;
		else if (strcmp(a, "--timeout-ms") == 0) o.timeout_ms = atol(v), i++;
		else if (strcmp(a, "--retries") == 0) o.retries = atoi(v), i++;
		else if (strcmp(a, "--retry-ms") == 0) o.retry_base_ms = atol(v), i++;
		else if (strcmp(a, "--media-timeout-ms") == 0) mo.timeout_ms = atol(v), i++;
		else if (strcmp(a, "-v") == 0) diag_verbosity++;
		else {
			errorf("unknown option %s", a);
			return TP_ERR_USAGE;
		}
	}
	thread_pool *pool = thread_pool_new();
	thread *t = NULL;
	buf pages;
	buf_init(&pages);
	if (load) {
		buf b;
		buf_init(&b);
		rc = util_read_file(load, &b) == 0 ? xv2_read(pool, b.data, b.len, load, msg, sizeof msg)
						   : tp_fail(TP_ERR_IO, msg, sizeof msg, "cannot read %s", load);
		buf_free(&b);
	} else {
		rc = xapi_token_from_env_or_file(token_file, &token, msg, sizeof msg);
		if (rc == TP_OK) {
			o.token = token;
			rc = xapi_fetch(&o, link, pool, save ? &pages : NULL, msg, sizeof msg);
		}
	}
	if (rc == TP_OK && save && write_file(save, pages.data ? pages.data : "", pages.len) != 0)
		rc = tp_fail(TP_ERR_IO, msg, sizeof msg, "cannot write %s", save);
	if (rc == TP_OK)
		rc = thread_assemble(pool, &t, msg, sizeof msg);
	if (rc == TP_OK) {
		char *cd = o.cache_dir ? xstrdup(o.cache_dir) : http_default_cache_dir();
		int ok = 0, bad = 0;
		size_t gaps = 0;
		mo.cache_dir = cd;
		mo.no_cache = o.no_cache;
		media_load_all(t, &mo);
		free(cd);
		for (size_t i = 0; i < t->ntweets; i++) {
			gaps += t->tweets[i]->gap;
			count_media(t->tweets[i], &ok, &bad);
		}
		count_media(t->context, &ok, &bad);
		printf("tweets %zu gaps %zu context %d media %d failed %d\n", thread_count(t), gaps, t->context != NULL,
		       ok, bad);
		if (dump) {
			buf d;
			buf_init(&d);
			thread_dump(t, &d);
			write_file(dump, d.data ? d.data : "", d.len);
			buf_free(&d);
		}
	} else {
		errorf("%s", msg);
	}
	thread_free(t);
	thread_pool_free(pool);
	buf_free(&pages);
	free(token);
	return rc;
}

/* API base selection and the loopback-only rule for plain http. */
static void test_base(void)
{
	char *b = NULL, msg[256];

	unsetenv("THREADPDF_API_BASE");
	CHECK("xapi base default", xapi_base(NULL, &b, msg, sizeof msg) == TP_OK && strcmp(b, XAPI_DEFAULT_BASE) == 0);
	free(b);
	setenv("THREADPDF_API_BASE", "http://127.0.0.1:9/2/", 1);
	CHECK("xapi base env", xapi_base(NULL, &b, msg, sizeof msg) == TP_OK && strcmp(b, "http://127.0.0.1:9/2") == 0);
	free(b);
	CHECK("xapi base option wins", xapi_base("https://api.example.org/2", &b, msg, sizeof msg) == TP_OK &&
					       strcmp(b, "https://api.example.org/2") == 0);
	free(b);
	unsetenv("THREADPDF_API_BASE");
	const char *okay[] = { "http://localhost:8080/2", "http://[::1]:8080/2", "http://127.9.8.7/2", "HTTPS://api.x.com/2" };
	for (size_t i = 0; i < sizeof okay / sizeof *okay; i++) {
		char name[96];
		snprintf(name, sizeof name, "xapi base accepts %s", okay[i]);
		CHECK(name, xapi_base(okay[i], &b, msg, sizeof msg) == TP_OK);
		free(b);
	}
	const char *bad[] = { "http://api.x.com/2", "http://127.0.0.1.evil.example/2", "http://10.0.0.1/2",
			      "ftp://127.0.0.1/2", "api.x.com/2", "https://api.x.com/2?x=1", "http://[::2]/2" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char name[96];
		snprintf(name, sizeof name, "xapi base refuses %s", bad[i]);
		CHECK(name, xapi_base(bad[i], &b, msg, sizeof msg) == TP_ERR_USAGE && b == NULL);
	}
	CHECK("http loopback names", http_host_is_loopback("localhost") && http_host_is_loopback("127.0.0.2") &&
					     http_host_is_loopback("::1") && !http_host_is_loopback("128.0.0.1") &&
					     !http_host_is_loopback("localhost.example"));
}

/* The token: env variables, a file, and the refusals (never echoing it). */
static void test_token(void)
{
	char *t = NULL, msg[512];
	char path[] = "/tmp/tp-token-XXXXXX";
	int fd = mkstemp(path);

	unsetenv("X_BEARER_TOKEN");
	unsetenv("TWITTER_BEARER_TOKEN");
	CHECK("xapi token none", xapi_token_from_env_or_file(NULL, &t, msg, sizeof msg) == TP_ERR_AUTH && !t &&
					 strstr(msg, "X_BEARER_TOKEN") && strstr(msg, "--token-file") &&
					 strstr(msg, "developer.x.com"));
	setenv("TWITTER_BEARER_TOKEN", "tw-secret", 1);
	CHECK("xapi token twitter env", xapi_token_from_env_or_file(NULL, &t, msg, sizeof msg) == TP_OK && t &&
						strcmp(t, "tw-secret") == 0);
	free(t);
	setenv("X_BEARER_TOKEN", "x-secret\n", 1);
	CHECK("xapi token x env first", xapi_token_from_env_or_file(NULL, &t, msg, sizeof msg) == TP_OK && t &&
						strcmp(t, "x-secret") == 0);
	free(t);
	if (fd >= 0) {
		CHECK("xapi token file write", write(fd, "  file-secret%2B \n# second line\n", 32) == 32);
		close(fd);
		CHECK("xapi token file", xapi_token_from_env_or_file(path, &t, msg, sizeof msg) == TP_OK && t &&
						 strcmp(t, "file-secret%2B") == 0);
		free(t);
		write_file(path, "bad token\n", 10);
		CHECK("xapi token with space", xapi_token_from_env_or_file(path, &t, msg, sizeof msg) == TP_ERR_AUTH &&
						       !t && !strstr(msg, "bad token"));
		write_file(path, "\n", 1);
		CHECK("xapi token file empty", xapi_token_from_env_or_file(path, &t, msg, sizeof msg) == TP_ERR_AUTH);
		unlink(path);
	}
	CHECK("xapi token file missing",
	      xapi_token_from_env_or_file("/nonexistent/token", &t, msg, sizeof msg) == TP_ERR_IO && !t);
	unsetenv("X_BEARER_TOKEN");
	unsetenv("TWITTER_BEARER_TOKEN");
}

/* Failures that need no network: bad link, no token, bad base. */
static void test_fetch_refusals(void)
{
	xapi_opts o = { 0 };
	char msg[512];
	thread_pool *p = thread_pool_new();

	o.token = "secret-token";
	o.no_cache = 1;
	CHECK("xapi fetch bad link", xapi_fetch(&o, "https://example.com/", p, NULL, msg, sizeof msg) == TP_ERR_INPUT &&
					     strstr(msg, "x.com/USER/status/ID"));
	o.api_base = "http://api.example.org/2";
	CHECK("xapi fetch http base", xapi_fetch(&o, "20", p, NULL, msg, sizeof msg) == TP_ERR_USAGE &&
					      !strstr(msg, "secret-token"));
	o.token = NULL;
	CHECK("xapi fetch no token", xapi_fetch(&o, "20", p, NULL, msg, sizeof msg) == TP_ERR_AUTH);
	o.token = "two\r\nX-Injected: 1";
	CHECK("xapi fetch header injection", xapi_fetch(&o, "20", p, NULL, msg, sizeof msg) == TP_ERR_AUTH &&
						     !strstr(msg, "Injected"));
	CHECK("xapi fetch left pool empty", p->ntweets == 0);
	thread_pool_free(p);
}

/* Tweet ids carry their creation time. */
static void test_id_time(void)
{
	CHECK("xapi id time", xapi_id_time("1445078208190291968") == 1633368467);
	CHECK("xapi id time old id", xapi_id_time("20") == 0);
	CHECK("xapi id time junk", xapi_id_time("12ab") == 0 && xapi_id_time(NULL) == 0);
}

/* The cache: round trip, per-URL keys, private file mode. */
static void test_cache(void)
{
	char dir[] = "/tmp/tp-cache-XXXXXX";
	buf b;
	char *ct = NULL;
	struct stat st;

	if (!mkdtemp(dir)) {
		CHECK("cache tmpdir", 0);
		return;
	}
	char *sub = xasprintf("%s/a/b", dir);
	buf_init(&b);
	CHECK("cache miss", http_cache_load(sub, "https://h/x", &b, &ct) == 0 && b.len == 0);
	CHECK("cache store", http_cache_store(sub, "https://h/x", "application/json", "{\"a\":1}\n\0z", 10) == 0);
	CHECK("cache hit", http_cache_load(sub, "https://h/x", &b, &ct) == 1 && b.len == 10 &&
				   memcmp(b.data, "{\"a\":1}\n\0z", 10) == 0 && ct && strcmp(ct, "application/json") == 0);
	free(ct);
	b.len = 0;
	CHECK("cache other url", http_cache_load(sub, "https://h/y", &b, &ct) == 0);
	char *p = http_cache_path(sub, "https://h/x");
	CHECK("cache file private", stat(p, &st) == 0 && (st.st_mode & 077) == 0);
	CHECK("cache dir private", stat(sub, &st) == 0 && (st.st_mode & 077) == 0);
	free(p);
	setenv("XDG_CACHE_HOME", "/x/cache", 1);
	char *d = http_default_cache_dir();
	CHECK_STR("cache default xdg", d, "/x/cache/threadpdf");
	free(d);
	unsetenv("XDG_CACHE_HOME");
	setenv("HOME", "/home/u", 1);
	d = http_default_cache_dir();
	CHECK_STR("cache default home", d, "/home/u/.cache/threadpdf");
	free(d);
	buf_free(&b);
	free(sub);
	char *cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		CHECK("cache cleanup", 0);
	free(cmd);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "fetch") == 0)
		return drive(argc, argv);
	test_base();
	test_token();
	test_fetch_refusals();
	test_id_time();
	test_cache();
	CHECK_DONE();
}
