/* Unit tests of media: local files (relative, absolute, file://), failures,
 * files that are not regular or too large, local files refused for fetched
 * threads, dedupe, and the URL rewriting for X's image hosts. HTTP loading is
 * tested end to end by tests/e2e/fetch.sh against the loopback server. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "diag.h"
#include "media.h"
#include "util.h"

/* A PNG signature, an IHDR chunk and the closing IEND chunk: enough for
 * image_probe (w x h) and image_complete. */
static size_t fake_png(unsigned char *d, unsigned w, unsigned h)
{
	static const unsigned char head[16] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };

	memset(d, 0, 64);
	memcpy(d, head, 16);
	d[16] = (unsigned char)(w >> 24); d[17] = (unsigned char)(w >> 16); d[18] = (unsigned char)(w >> 8); d[19] = (unsigned char)w;
	d[20] = (unsigned char)(h >> 24); d[21] = (unsigned char)(h >> 16); d[22] = (unsigned char)(h >> 8); d[23] = (unsigned char)h;
	d[24] = 8;
	d[25] = 2;
	memcpy(d + 37, "IEND\xAE\x42\x60\x82", 8);
	return 45;
}

/* Writes n bytes to dir/name. */
static void put(const char *dir, const char *name, const void *d, size_t n)
{
	char *p = util_path_join(dir, name);
	FILE *f = fopen(p, "wb");

	if (f) {
		fwrite(d, 1, n, f);
		fclose(f);
	}
	free(p);
}

/* A tweet with one photo at url. */
static thread_tweet *photo_tweet(const char *url, thread_user *author)
{
	thread_tweet *t = xcalloc(1, sizeof *t);

	t->media = xcalloc(1, sizeof *t->media);
	t->nmedia = 1;
	t->media[0].kind = MEDIA_PHOTO;
	t->media[0].url = xstrdup(url);
	t->author = author;
	return t;
}

/* Frees what the tests built by hand (not using thread.c, so this test stands alone). */
static void free_tweet(thread_tweet *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nmedia; i++) {
		free(t->media[i].url);
		free(t->media[i].img.data);
	}
	free(t->media);
	free_tweet(t->quote);
	free(t);
}

/* Removes a test directory and what is in it. */
static void remove_dir(const char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	if (system(cmd) != 0)
		CHECK("media cleanup", 0);
	free(cmd);
}

/* Frees the tweets of a hand-built thread. */
static void free_tweets(thread *th)
{
	for (size_t i = 0; i < th->ntweets; i++)
		free_tweet(th->tweets[i]);
	free(th->tweets);
}

/* A thread of n tweets with one photo each, at the given URLs. */
static void photo_thread(thread *th, const char *base_dir, const char *const *urls, size_t n)
{
	memset(th, 0, sizeof *th);
	th->base_dir = (char *)base_dir;
	th->ntweets = n;
	th->tweets = xcalloc(n, sizeof *th->tweets);
	for (size_t i = 0; i < n; i++)
		th->tweets[i] = photo_tweet(urls[i], NULL);
}

/* Runs media_load_all(th) with stderr captured; returns what was printed (caller frees). */
static char *load_captured(thread *th)
{
	FILE *tmp = tmpfile();
	int saved = dup(2);
	buf b;

	buf_init(&b);
	buf_add(&b, "", 0);
	if (!tmp || saved < 0) {
		media_load_all(th, NULL);
		return buf_steal(&b, NULL);
	}
	fflush(stderr);
	dup2(fileno(tmp), 2);
	media_load_all(th, NULL);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, tmp)) > 0)
		buf_add(&b, chunk, n);
	fclose(tmp);
	return buf_steal(&b, NULL);
}

/* Makes a FIFO dir/name and a child that writes d into it once a reader
 * opens it (so a loader that reads FIFOs gets an image); returns the pid. */
static pid_t fifo_writer(const char *dir, const char *name, const unsigned char *d, size_t n)
{
	char *p = util_path_join(dir, name);
	pid_t pid = -1;

	if (mkfifo(p, 0600) == 0 && (pid = fork()) == 0) {
		int fd = open(p, O_WRONLY);
		_exit(fd >= 0 && write(fd, d, n) == (ssize_t)n ? 0 : 1);
	}
	free(p);
	return pid;
}

/* A scratch directory and the small PNG the tests put into it. */
typedef struct fixture {
	char dir[32];
	unsigned char png[64];
	size_t n;
} fixture;

/* Makes the scratch directory; 0, or -1 after a failed check called name. */
static int fixture_open(fixture *fx, const char *name)
{
	strcpy(fx->dir, "/tmp/tp-media-XXXXXX");
	fx->n = fake_png(fx->png, 3, 2);
	if (mkdtemp(fx->dir))
		return 0;
	CHECK(name, 0);
	return -1;
}

/* Local loading: relative, absolute, file://, missing, not an image, dedupe. */
static void test_local(void)
{
	fixture fx;

	if (fixture_open(&fx, "media tmpdir") != 0)
		return;
	put(fx.dir, "a.png", fx.png, fx.n);
	put(fx.dir, "sp ace.png", fx.png, fx.n);
	put(fx.dir, "text.png", "hello, not an image", 19);

	thread th = { 0 };
	thread_user au = { 0 };
	char *abs = util_path_join(fx.dir, "a.png");
	char *fileurl = xasprintf("file://%s/sp%%20ace.png", fx.dir);
	au.avatar_url = (char *)"a.png";
	th.author = &au;
	th.base_dir = fx.dir;
	th.ntweets = 6;
	th.tweets = xcalloc(6, sizeof *th.tweets);
	th.tweets[0] = photo_tweet("a.png", &au);
	th.tweets[1] = photo_tweet(abs, &au);
	th.tweets[2] = photo_tweet(fileurl, &au);
	th.tweets[3] = photo_tweet("missing.png", &au);
	th.tweets[4] = photo_tweet("missing.png", NULL);
	th.tweets[5] = photo_tweet("text.png", NULL);
	th.tweets[5]->quote = photo_tweet("ftp://example.invalid/x.png", NULL);

	int w0 = diag_warnings;
	media_load_all(&th, NULL);
	CHECK("media relative avatar", au.avatar.data && au.avatar.len == fx.n && !au.avatar.failed);
	CHECK("media relative photo", th.tweets[0]->media[0].img.data && th.tweets[0]->media[0].img.len == fx.n);
	CHECK("media dedupe copies", th.tweets[0]->media[0].img.data != au.avatar.data);
	CHECK("media absolute path", th.tweets[1]->media[0].img.len == fx.n);
	CHECK("media file url with escape", th.tweets[2]->media[0].img.len == fx.n);
	CHECK("media missing failed", th.tweets[3]->media[0].img.failed && !th.tweets[3]->media[0].img.data);
	CHECK("media missing dedupe failed", th.tweets[4]->media[0].img.failed);
	CHECK("media not an image", th.tweets[5]->media[0].img.failed);
	CHECK("media quoted unsupported scheme", th.tweets[5]->quote->media[0].img.failed);
	CHECK("media one warning per url", diag_warnings - w0 == 3);

	int w1 = diag_warnings;
	media_load_all(&th, NULL);
	CHECK("media second call no-op", diag_warnings == w1);

	free_tweets(&th);
	free(au.avatar.data);
	remove_dir(fx.dir);
	free(abs);
	free(fileurl);
}

/* Only regular files are read, and only up to the size limit: a FIFO (even
 * one with a writer), a device, a directory or an over-size file fails. */
static void test_special_files(void)
{
	fixture fx;

	if (fixture_open(&fx, "media special tmpdir") != 0)
		return;
	pid_t writer = fifo_writer(fx.dir, "fifo.png", fx.png, fx.n);
	char *big = util_path_join(fx.dir, "big.png");
	put(fx.dir, "big.png", fx.png, fx.n);
	CHECK("media special setup", writer > 0 && truncate(big, ((off_t)64 << 20) + 1) == 0);
	const char *const urls[] = { "fifo.png", "/dev/null", "/dev/zero", ".", "big.png" };
	thread th;
	photo_thread(&th, fx.dir, urls, 5);
	char *err = load_captured(&th);
	CHECK("media fifo refused", th.tweets[0]->media[0].img.failed && strstr(err, "fifo.png: not a regular file"));
	CHECK("media dev null refused", th.tweets[1]->media[0].img.failed && strstr(err, "/dev/null: not a regular file"));
	CHECK("media dev zero refused", th.tweets[2]->media[0].img.failed && strstr(err, "/dev/zero: not a regular file"));
	CHECK("media directory refused", th.tweets[3]->media[0].img.failed && strstr(err, "is a directory"));
	CHECK("media too large", th.tweets[4]->media[0].img.failed && strstr(err, "big.png: file too large"));
	if (writer > 0) {
		kill(writer, SIGKILL);
		waitpid(writer, NULL, 0);
	}
	free(err);
	free(big);
	free_tweets(&th);
	remove_dir(fx.dir);
}

/* A thread fetched from the network (no base_dir) loads no local file:
 * relative and absolute paths and file:// URLs all fail with a warning. */
static void test_fetched_no_local(void)
{
	fixture fx;

	if (fixture_open(&fx, "media fetched tmpdir") != 0)
		return;
	put(fx.dir, "a.png", fx.png, fx.n);
	char *abs = util_path_join(fx.dir, "a.png");
	char *fileurl = xasprintf("file://%s", abs);
	const char *const urls[] = { abs, fileurl, "a.png", "ftp://example.invalid/a.png" };
	thread th;
	photo_thread(&th, NULL, urls, 4);
	int w0 = diag_warnings;
	char *err = load_captured(&th);
	int refused = 0;
	for (size_t i = 0; i < 3; i++)
		refused += th.tweets[i]->media[0].img.failed && !th.tweets[i]->media[0].img.data;
	CHECK("media fetched local refused", refused == 3 && strstr(err, "refused"));
	CHECK("media fetched other scheme", th.tweets[3]->media[0].img.failed);
	CHECK("media fetched warnings", diag_warnings - w0 == 4);
	free(err);
	free_tweets(&th);
	free(abs);
	free(fileurl);
	remove_dir(fx.dir);
}

/* Checks one rewrite of media_fetch_url. */
static void rewrite(const char *name, const char *in, int avatar, const char *want)
{
	char *got = media_fetch_url(in, avatar);

	CHECK_STR(name, got, want);
	free(got);
}

/* X image URLs ask for the large variant; others are left alone. */
static void test_rewrite(void)
{
	rewrite("media url photo ext", "https://pbs.twimg.com/media/AbC.jpg", 0,
		"https://pbs.twimg.com/media/AbC.jpg?name=large");
	rewrite("media url photo small", "https://pbs.twimg.com/media/AbC?format=jpg&name=small", 0,
		"https://pbs.twimg.com/media/AbC?format=jpg&name=large");
	rewrite("media url photo webp", "https://pbs.twimg.com/media/AbC?format=webp&name=900x900", 0,
		"https://pbs.twimg.com/media/AbC?format=jpg&name=large");
	rewrite("media url photo noext", "https://pbs.twimg.com/media/AbC", 0,
		"https://pbs.twimg.com/media/AbC?format=jpg&name=large");
	rewrite("media url video thumb", "https://pbs.twimg.com/ext_tw_video_thumb/1/pu/img/x.jpg", 0,
		"https://pbs.twimg.com/ext_tw_video_thumb/1/pu/img/x.jpg?name=large");
	rewrite("media url avatar", "https://pbs.twimg.com/profile_images/1/abc_normal.jpg", 1,
		"https://pbs.twimg.com/profile_images/1/abc_400x400.jpg");
	rewrite("media url avatar bigger", "https://pbs.twimg.com/profile_images/1/a_normal_x_bigger.png", 1,
		"https://pbs.twimg.com/profile_images/1/a_normal_x_400x400.png");
	rewrite("media url avatar no suffix", "https://pbs.twimg.com/profile_images/1/abc.jpg", 1,
		"https://pbs.twimg.com/profile_images/1/abc.jpg");
	rewrite("media url other host", "https://example.com/media/a.jpg", 0, "https://example.com/media/a.jpg");
	rewrite("media url local", "img/a.jpg", 0, "img/a.jpg");
	rewrite("media url slash in query", "https://pbs.twimg.com/media/abc?x=a/b", 0,
		"https://pbs.twimg.com/media/abc?x=a/b&format=jpg&name=large");
	rewrite("media url dot in query", "https://pbs.twimg.com/media/abc?x=a/b.c", 0,
		"https://pbs.twimg.com/media/abc?x=a/b.c&format=jpg&name=large");
	rewrite("media url thumb in query", "https://pbs.twimg.com/card_img/1/x?y=_thumb/", 0,
		"https://pbs.twimg.com/card_img/1/x?y=_thumb/");
	rewrite("media url avatar slash in query", "https://pbs.twimg.com/profile_images/1/a_normal.jpg?v=x/y_normal", 1,
		"https://pbs.twimg.com/profile_images/1/a_400x400.jpg?v=x/y_normal");
}

/* Runs the media tests. */
int main(void)
{
	test_local();
	test_special_files();
	test_fetched_no_local();
	test_rewrite();
	CHECK_DONE();
}
