/* Unit tests of media: local files (relative; absolute and file:// only with
 * allow_local), confinement to the thread's folder or a root (symlinks, "..",
 * with and without openat2), failures, files that are not regular or too
 * large, local files refused for fetched threads, dedupe, the record of the
 * local files read, and the URL rewriting for X's image hosts. HTTP loading is
 * tested end to end by tests/e2e/fetch.sh against the loopback server. */
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
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

/* Runs media_load_all(th, o) with stderr captured; returns what was printed (caller frees). */
static char *load_captured(thread *th, const media_opts *o)
{
	FILE *tmp = tmpfile();
	int saved = dup(2);
	buf b;

	buf_init(&b);
	buf_add(&b, "", 0);
	if (!tmp || saved < 0) {
		media_load_all(th, o);
		return buf_steal(&b, NULL);
	}
	fflush(stderr);
	dup2(fileno(tmp), 2);
	media_load_all(th, o);
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

/* Local loading: relative, absolute and file:// (allow_local), missing, not
 * an image, dedupe. */
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
	media_opts allow = { .allow_local = 1 };
	media_load_all(&th, &allow);
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
	media_load_all(&th, &allow);
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
	media_opts allow = { .allow_local = 1 };
	photo_thread(&th, fx.dir, urls, 5);
	char *err = load_captured(&th, &allow);
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

/* A thread fetched from the network (no base_dir) loads no local file, even
 * with allow_local: relative and absolute paths and file:// URLs all fail
 * with a warning. */
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
	media_opts allow = { .allow_local = 1 };
	char *err = load_captured(&th, &allow);
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

/* Makes a symlink dir/name -> target; 0 or -1. */
static int link_at(const char *dir, const char *name, const char *target)
{
	char *p = util_path_join(dir, name);
	int r = symlink(target, p);

	free(p);
	return r;
}

/* The warning line about url in err, with url cut out (caller frees), or NULL. */
static char *warning_for(const char *err, const char *url)
{
	char *key = xasprintf("image %s: ", url);
	const char *at = strstr(err, key);
	char *line = NULL;

	if (at) {
		const char *start = at + strlen(key);
		line = xstrndup(start, strcspn(start, "\n"));
	}
	free(key);
	return line;
}

/* A folder in/ with a.png, sub/b.png and links, beside out/ with secret.png:
 * the scratch layout of the confinement tests. 0, or -1 after a failed check. */
static int confine_setup(fixture *fx, const char *name)
{
	char *in, *out, *sub;
	int ok;

	if (fixture_open(fx, name) != 0)
		return -1;
	in = util_path_join(fx->dir, "in");
	out = util_path_join(fx->dir, "out");
	sub = util_path_join(in, "sub");
	ok = mkdir(in, 0700) == 0 && mkdir(out, 0700) == 0 && mkdir(sub, 0700) == 0;
	put(in, "a.png", fx->png, fx->n);
	put(sub, "b.png", fx->png, fx->n);
	put(out, "secret.png", fx->png, fx->n);
	put(out, "secret.txt", "private words", 13);
	ok = ok && link_at(in, "in.png", "sub/b.png") == 0 && link_at(sub, "up.png", "../a.png") == 0;
	ok = ok && link_at(in, "out.png", "../out/secret.png") == 0;
	char *abs = util_path_join(out, "secret.png");
	ok = ok && link_at(in, "abs.png", abs) == 0;
	free(abs);
	ok = ok && link_at(in, "dangling.png", "../out/missing.png") == 0;
	ok = ok && link_at(in, "outdir", "../out") == 0;
	CHECK(name, ok);
	free(in);
	free(out);
	free(sub);
	return ok ? 0 : -1;
}

/* The URLs of the confinement tests: four that stay inside, then eight that
 * lead out (by path, by symlink, or to a file that does not exist). */
static const char *const confine_urls[] = {
	"a.png", "sub/b.png", "in.png", "sub/up.png",
	"../out/secret.png", "sub/../../out/secret.png", "out.png", "abs.png", "outdir/secret.png",
	"../out/secret.txt", "../out/missing.png", "dangling.png",
};

/* Loads the confinement URLs from fx's in/ with o; checks what loads and
 * what is refused, and that a refusal says the same whether the file exists;
 * prefix names the checks. dangling: also check the dangling symlink out
 * (the realpath fallback cannot tell it from a missing file). */
static void confine_check(const fixture *fx, const media_opts *o, const char *prefix, int dangling)
{
	char *in = util_path_join(fx->dir, "in");
	char *abs = util_path_join(fx->dir, "out/secret.png");
	char *fileurl = xasprintf("file://%s", abs);
	const char *urls[16];
	size_t n = sizeof confine_urls / sizeof *confine_urls, loaded = 0, refused = 0;
	thread th;
	char name[128];

	memcpy(urls, confine_urls, sizeof confine_urls);
	urls[n++] = abs;
	urls[n++] = fileurl;
	photo_thread(&th, in, urls, n);
	char *err = load_captured(&th, o);
	for (size_t i = 0; i < 4; i++)
		loaded += th.tweets[i]->media[0].img.len == fx->n;
	for (size_t i = 4; i < n; i++) {
		char *w = warning_for(err, urls[i]);
		refused += th.tweets[i]->media[0].img.failed && !th.tweets[i]->media[0].img.data && w &&
			   strcmp(w, "outside the thread's folder (--allow-local-media reads it)") == 0;
		if (!dangling && strcmp(urls[i], "dangling.png") == 0)
			refused++;
		free(w);
	}
	snprintf(name, sizeof name, "%s inside loads", prefix);
	CHECK(name, loaded == 4);
	snprintf(name, sizeof name, "%s outside refused, same words", prefix);
	CHECK(name, refused == n - 4);
	snprintf(name, sizeof name, "%s says nothing of the file", prefix);
	CHECK(name, !strstr(err, "bytes") && !strstr(err, "not an image") && !strstr(err, "private"));
	free(err);
	free_tweets(&th);
	free(fileurl);
	free(abs);
	free(in);
}

/* A saved thread reads only files inside its folder, symlinks followed as
 * long as they stay inside; allow_local reads the others too. */
static void test_confined(void)
{
	fixture fx;

	if (confine_setup(&fx, "media confine setup") != 0)
		return;
	confine_check(&fx, NULL, "media confine", 1);
	media_opts allow = { .allow_local = 1 };
	char *in = util_path_join(fx.dir, "in");
	thread th;
	photo_thread(&th, in, confine_urls, sizeof confine_urls / sizeof *confine_urls);
	char *err = load_captured(&th, &allow);
	size_t loaded = 0;
	for (size_t i = 0; i < 9; i++)
		loaded += th.tweets[i]->media[0].img.len == fx.n;
	CHECK("media allow local loads outside", loaded == 9);
	CHECK("media allow local says why", strstr(err, "secret.txt: not an image") != NULL);
	free(err);
	free_tweets(&th);
	free(in);
	remove_dir(fx.dir);
}

/* media_opts.root: a base_dir below the root may reach files elsewhere under
 * the root through symlinks, not out of it; a base_dir outside the root loads
 * nothing. */
static void test_root(void)
{
	fixture fx;

	if (confine_setup(&fx, "media root setup") != 0)
		return;
	char *in = util_path_join(fx.dir, "in");
	char *sub = util_path_join(in, "sub");
	char *out = util_path_join(fx.dir, "out");
	media_opts o = { .root = in };
	const char *const urls[] = { "b.png", "up.png", "../a.png", "../out.png" };
	thread th;
	photo_thread(&th, sub, urls, 4);
	char *err = load_captured(&th, &o);
	CHECK("media root sub loads", th.tweets[0]->media[0].img.len == fx.n);
	CHECK("media root symlink within root", th.tweets[1]->media[0].img.len == fx.n);
	CHECK("media root dotdot refused", th.tweets[2]->media[0].img.failed && strstr(err, "../a.png: outside"));
	CHECK("media root out refused", th.tweets[3]->media[0].img.failed);
	free(err);
	free_tweets(&th);
	o.root = sub;
	photo_thread(&th, out, urls, 1);
	put(out, "b.png", fx.png, fx.n);
	err = load_captured(&th, &o);
	CHECK("media base outside root", th.tweets[0]->media[0].img.failed && strstr(err, "b.png: outside"));
	free(err);
	free_tweets(&th);
	free(in);
	free(sub);
	free(out);
	remove_dir(fx.dir);
}

/* Makes openat2 fail with ENOSYS in this process from now on, as on a kernel
 * before 5.6 or in a sandbox that filters it; 0, or -1 when seccomp is not
 * available. */
static int deny_openat2(void)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_openat2, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof f / sizeof *f, .filter = f };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0)
		return -1;
	return syscall(SYS_openat2, AT_FDCWD, ".", NULL, 0) < 0 && errno == ENOSYS ? 0 : -1;
}

/* Without openat2 (the realpath fallback) the same files load and the same
 * are refused; run in a child so the filter stays there. */
static void test_confined_fallback(void)
{
	fixture fx;
	int status = 0;

	if (confine_setup(&fx, "media fallback setup") != 0)
		return;
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		if (deny_openat2() != 0) {
			SKIP("media fallback", "cannot filter openat2 here");
			fflush(stdout);
			_exit(0);
		}
		confine_check(&fx, NULL, "media fallback", 0);
		fflush(stdout);
		_exit(check_failed);
	}
	CHECK("media fallback child", pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
					      WEXITSTATUS(status) == 0);
	remove_dir(fx.dir);
}

/* Each blob read from a local file records its device and inode (a file that
 * is no image too), and media_local_url finds its URL from them. */
static void test_local_record(void)
{
	fixture fx;
	struct stat a, t;

	if (fixture_open(&fx, "media record tmpdir") != 0)
		return;
	put(fx.dir, "a.png", fx.png, fx.n);
	put(fx.dir, "text.png", "not an image", 12);
	const char *const urls[] = { "a.png", "text.png", "missing.png" };
	thread th;
	photo_thread(&th, fx.dir, urls, 3);
	char *p = util_path_join(fx.dir, "a.png"), *q = util_path_join(fx.dir, "text.png");
	char *err = load_captured(&th, NULL);
	int ok = stat(p, &a) == 0 && stat(q, &t) == 0;
	CHECK("media record image", ok && th.tweets[0]->media[0].img.local &&
					    th.tweets[0]->media[0].img.ino == (uint64_t)a.st_ino);
	CHECK_STR("media local url image", ok ? media_local_url(&th, a.st_dev, a.st_ino) : NULL, "a.png");
	CHECK_STR("media local url not an image", ok ? media_local_url(&th, t.st_dev, t.st_ino) : NULL, "text.png");
	CHECK("media record missing", !th.tweets[2]->media[0].img.local);
	CHECK("media local url other file", media_local_url(&th, a.st_dev, a.st_ino + 12345) == NULL);
	free(err);
	free(p);
	free(q);
	free_tweets(&th);
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
	test_confined();
	test_root();
	test_confined_fallback();
	test_local_record();
	test_rewrite();
	CHECK_DONE();
}
