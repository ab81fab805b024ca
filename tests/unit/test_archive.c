/* test_archive: the data-archive reader against the archives that
 * tests/fixtures/mkarchive.py writes into tests/fixtures/archive/ (every
 * format, counts, media bytes, edits, notes, quotes, bad input, caps), the
 * record splitter on tricky text, and the real archives in
 * ../shared/fixtures/archive/ when they are there. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "archive.h"
#include "check.h"
#include "diag.h"
#include "thread.h"
#include "util.h"

#define FX "tests/fixtures/archive/"
#define T(n) "16000000000000000" #n

/* Reads an archive into a fresh pool; NULL (and the message) on failure. */
static thread_pool *load(const char *path, const archive_opts *o, archive_info *in, tp_result *res,
			 char *msg, size_t msglen)
{
	thread_pool *p = thread_pool_new();

	*res = archive_read(path, o, p, in, msg, msglen);
	if (*res != TP_OK) {
		thread_pool_free(p);
		return NULL;
	}
	return p;
}

/* The text of pool tweet id ("" when it is absent); caller frees. */
static char *text_of(const thread_pool *p, const char *id)
{
	const thread_tweet *t = thread_pool_tweet(p, id);
	return t ? thread_tweet_text(t) : xstrdup("");
}

/* 1 when a message is one line naming all three words (b, c may be NULL). */
static int names(const char *msg, const char *a, const char *b, const char *c)
{
	return !strchr(msg, '\n') && strstr(msg, a) && (!b || strstr(msg, b)) && (!c || strstr(msg, c));
}

/* Checks the text, entities and the first photo of the thread's first tweet. */
static void check_first(const thread_pool *p)
{
	const thread_tweet *t = thread_pool_tweet(p, T(01));
	char when[32] = "";

	CHECK("modern-t1-present", t != NULL);
	if (!t)
		return;
	thread_format_time(t->created, when, sizeof when);
	CHECK_STR("modern-t1-created", when, "2022-11-05T10:00:01Z");
	CHECK("modern-t1-spans", t->nspans == 6);
	if (t->nspans == 6) {
		CHECK_STR("modern-t1-text-decoded", t->spans[0].text, "Thread start & \"more\" ");
		CHECK("modern-t1-hashtag", t->spans[1].kind == SPAN_HASHTAG);
		CHECK_STR("modern-t1-hashtag-href", t->spans[1].href, "https://x.com/hashtag/tag");
		CHECK_STR("modern-t1-mention-href", t->spans[3].href, "https://x.com/friend");
		CHECK_STR("modern-t1-url-shown", t->spans[5].text, "example.com/a?b=1");
		CHECK_STR("modern-t1-url-href", t->spans[5].href, "https://example.com/a?b=1");
	}
	CHECK("modern-t1-photo", t->nmedia == 1 && t->media[0].kind == MEDIA_PHOTO);
	CHECK("modern-t1-photo-in-archive", t->nmedia == 1 && !t->media[0].img.data && !t->media[0].img.failed &&
	      t->media[0].url && strncmp(t->media[0].url, ARCHIVE_URL_PREFIX, strlen(ARCHIVE_URL_PREFIX)) == 0);
	CHECK("modern-t1-photo-size", t->nmedia == 1 && t->media[0].width == 8 && t->media[0].height == 6);
	CHECK_STR("modern-t1-author", t->author ? t->author->handle : NULL, "archowner");
	CHECK_STR("modern-t1-permalink", t->permalink, "https://x.com/archowner/status/" T(01));
	CHECK_STR("modern-t1-conversation", t->conversation_id, T(01));
}

/* Checks replies, branches, the deleted parent, the other account, the edit. */
static void check_chain(const thread_pool *p, const archive_info *in)
{
	const thread_tweet *t2 = thread_pool_tweet(p, T(02)), *t4 = thread_pool_tweet(p, T(03));
	const thread_tweet *t5 = thread_pool_tweet(p, T(05)), *t6 = thread_pool_tweet(p, T(06));
	const thread_tweet *t7 = thread_pool_tweet(p, T(07));

	CHECK_STR("modern-reply-parent", t2 ? t2->parent_id : NULL, T(01));
	CHECK_STR("modern-reply-to-user", t2 ? t2->reply_to_user_id : NULL, "1234567");
	CHECK_STR("modern-edit-last-revision", t4 ? t4->id : NULL, T(04));
	char *s = text_of(p, T(03));
	CHECK_STR("modern-edit-text", s, "Third, edited");
	free(s);
	CHECK("modern-edit-count", in->edits == 1);
	CHECK_STR("modern-edit-conversation", t4 ? t4->conversation_id : NULL, T(01));
	CHECK_STR("modern-branch-conversation", t5 ? t5->conversation_id : NULL, T(01));
	CHECK_STR("modern-deleted-parent-conversation", t6 ? t6->conversation_id : NULL, T(99));
	CHECK_STR("modern-other-account", t7 ? t7->reply_to_user_id : NULL, "999");
	CHECK("modern-retweet-left-out", thread_pool_tweet(p, T(08)) == NULL && in->retweets == 1 &&
	      in->nretweet_ids == 1 && strcmp(in->retweet_ids[0], T(08)) == 0);
	CHECK("modern-reply-counts", in->self_replies == 5 && in->replies_others == 1);
}

/* Checks video, GIF, missing and unsafe-name media, quotes and the note. */
static void check_media_quotes_notes(const thread_pool *p, const archive_info *in)
{
	const thread_tweet *t2 = thread_pool_tweet(p, T(02)), *t9 = thread_pool_tweet(p, T(09));
	const thread_tweet *t10 = thread_pool_tweet(p, T(10)), *t11 = thread_pool_tweet(p, T(11));
	const thread_tweet *t12 = thread_pool_tweet(p, T(12)), *t13 = thread_pool_tweet(p, T(13));
	const thread_tweet *t14 = thread_pool_tweet(p, T(14));

	CHECK("modern-video-kind", t2 && t2->nmedia == 1 && t2->media[0].kind == MEDIA_VIDEO);
	CHECK("modern-video-no-image", t2 && t2->nmedia == 1 && !t2->media[0].img.data && !t2->media[0].url);
	CHECK_STR("modern-video-link", t2 && t2->nmedia ? t2->media[0].link : NULL,
		  "https://x.com/archowner/status/" T(02));
	CHECK("modern-gif-kind", t14 && t14->nmedia == 1 && t14->media[0].kind == MEDIA_GIF);
	CHECK("modern-missing-photo", t12 && t12->nmedia == 1 && t12->media[0].img.failed &&
	      !t12->media[0].img.data && t12->media[0].url);
	CHECK("modern-dotdot-entry-ignored", t13 && t13->nmedia == 1 && t13->media[0].img.failed);
	CHECK("modern-media-counts", in->media_found == 2 && in->media_missing == 2 && in->videos == 2);
	CHECK_STR("modern-quote-own", t9 ? t9->quote_id : NULL, T(01));
	char *s = text_of(p, T(09));
	CHECK_STR("modern-quote-own-link-dropped", s, "Look at this");
	free(s);
	CHECK("modern-quote-other-is-link", t10 && !t10->quote_id && t10->nspans == 2 &&
	      t10->spans[1].kind == SPAN_URL &&
	      strcmp(t10->spans[1].href, "https://twitter.com/someone/status/1400000000000000000") == 0);
	s = text_of(p, T(11));
	CHECK("modern-note-full-text", strstr(s, "Here is the rest of it") && !strstr(s, "\xE2\x80\xA6"));
	free(s);
	CHECK("modern-note-link", t11 && t11->nspans >= 2 && t11->spans[1].kind == SPAN_URL &&
	      strcmp(t11->spans[1].href, "https://example.org/long") == 0);
	s = text_of(p, T(15));
	CHECK_STR("modern-note-same-second-other-text", s, "Same second, other text");
	free(s);
	CHECK("modern-note-counts", in->notes == 1 && in->notes_matched == 1);
}

/* The 2022+ zip: owner, counts and every kind of tweet. */
static void test_modern(void)
{
	archive_info in;
	char msg[512] = "";
	tp_result r;
	thread_pool *p = load(FX "modern.zip", NULL, &in, &r, msg, sizeof msg);

	CHECK("modern-reads", p != NULL);
	if (!p) {
		printf("  %s\n", msg);
		archive_info_free(&in);
		return;
	}
	CHECK("modern-zip", in.zip == 1 && in.parts == 2 && strstr(in.era, "2022+"));
	CHECK_STR("modern-owner-id", in.owner_id, "1234567");
	CHECK_STR("modern-owner-handle", in.owner_handle, "archowner");
	CHECK_STR("modern-owner-name", in.owner_name, "Arch Owner");
	CHECK("modern-counts", in.records == 15 && in.tweets == 14);
	const thread_user *u = thread_pool_user(p, "1234567");
	CHECK("modern-avatar-bytes", u && u->avatar.data && u->avatar.len > 100 && u->avatar.data[0] == 0xFF &&
	      in.avatar == 1);
	check_first(p);
	check_chain(p, &in);
	check_media_quotes_notes(p, &in);
	thread *th = NULL;
	CHECK("modern-assembles", thread_assemble(p, &th, msg, sizeof msg) == TP_OK && th &&
	      thread_count(th) == 4 && th->tweets[0]->nmedia == 1);
	CHECK("modern-photo-bytes-not-read-yet", th && !th->tweets[0]->media[0].img.data);
	archive_media *am = NULL;
	CHECK("modern-media-open", archive_media_open(FX "modern.zip", NULL, &am, msg, sizeof msg) == TP_OK);
	archive_media_load(am, th);
	const thread_media *m = th && th->tweets[0]->nmedia ? &th->tweets[0]->media[0] : NULL;
	CHECK("modern-t1-photo-bytes", m && m->img.data && m->img.len > 100 && m->img.data[0] == 0xFF &&
	      m->img.data[1] == 0xD8 && !m->img.failed);
	archive_media_free(am);
	archive_media_free(NULL);
	thread_free(th);
	thread_pool_free(p);
	archive_info_free(&in);
}

/* The 2020 folder and the 2019 root-level zip. */
static void test_old_formats(void)
{
	archive_info in;
	char msg[512] = "";
	tp_result r;
	thread_pool *p = load(FX "folder-2020", NULL, &in, &r, msg, sizeof msg);

	CHECK("folder2020-reads", p != NULL && in.zip == 0 && strstr(in.era, "2020-22"));
	if (p) {
		CHECK("folder2020-counts", in.tweets == 2 && in.retweets == 1 && in.media_found == 1);
		char *s = text_of(p, "1600000000000000101");
		CHECK_STR("folder2020-brackets-in-text", s, "Folder root {with [brackets] and \"quotes\\\"} in text");
		free(s);
		const thread_tweet *t = thread_pool_tweet(p, "1600000000000000102");
		CHECK("folder2020-photo-found", t && t->nmedia == 1 && !t->media[0].img.failed && t->media[0].url &&
		      strncmp(t->media[0].url, ARCHIVE_URL_PREFIX, strlen(ARCHIVE_URL_PREFIX)) == 0);
		thread *th = NULL;
		archive_media *am = NULL;
		if (thread_assemble_root(p, "1234567", "1600000000000000101", &th, msg, sizeof msg) == TP_OK &&
		    archive_media_open(FX "folder-2020", NULL, &am, msg, sizeof msg) == TP_OK)
			archive_media_load(am, th);
		int got = 0;
		for (size_t i = 0; th && i < th->ntweets; i++)
			got += th->tweets[i]->nmedia && th->tweets[i]->media[0].img.data != NULL;
		CHECK("folder2020-photo-bytes", got == 1);
		archive_media_free(am);
		thread_free(th);
		CHECK_STR("folder2020-conversation", t ? t->conversation_id : NULL, "1600000000000000101");
	}
	thread_pool_free(p);
	archive_info_free(&in);
	p = load(FX "root-2019.zip", NULL, &in, &r, msg, sizeof msg);
	CHECK("root2019-reads", p != NULL && strstr(in.era, "2018-19") && strstr(in.era, "bare"));
	CHECK("root2019-ids-from-id-str", p && in.tweets == 2 && thread_pool_tweet(p, "1600000000000000202"));
	thread_pool_free(p);
	archive_info_free(&in);
}

/* Damaged zips, a cut tweets file, caps: one line naming file and problem. */
static void test_errors(void)
{
	archive_info in;
	char msg[512] = "";
	tp_result r;
	archive_opts o = {0};

	CHECK("damaged-zip", !load(FX "damaged.zip", NULL, &in, &r, msg, sizeof msg) && r == TP_ERR_INPUT &&
	      names(msg, "damaged.zip", "data/tweets.js", "damaged"));
	archive_info_free(&in);
	CHECK("truncated-zip", !load(FX "truncated.zip", NULL, &in, &r, msg, sizeof msg) && r == TP_ERR_INPUT &&
	      names(msg, "truncated.zip", "not a readable zip", NULL));
	archive_info_free(&in);
	CHECK("cut-tweets-file", !load(FX "badlist.zip", NULL, &in, &r, msg, sizeof msg) && r == TP_ERR_INPUT &&
	      names(msg, "badlist.zip", "data/tweets.js", "truncated"));
	archive_info_free(&in);
	CHECK("not-an-archive", !load("tests/unit", NULL, &in, &r, msg, sizeof msg) && r == TP_ERR_INPUT &&
	      names(msg, "tests/unit", "not a Twitter data archive", NULL));
	archive_info_free(&in);
	CHECK("missing-path", !load(FX "nope.zip", NULL, &in, &r, msg, sizeof msg) && r == TP_ERR_IO &&
	      names(msg, "nope.zip", NULL, NULL));
	archive_info_free(&in);
	o.max_part = 1000;
	CHECK("cap-tweets-part", !load(FX "modern.zip", &o, &in, &r, msg, sizeof msg) && r == TP_ERR_INPUT &&
	      names(msg, "data/tweets.js", "1000 bytes cap", NULL));
	archive_info_free(&in);
	o = (archive_opts){.max_record = 500};
	CHECK("cap-record", !load(FX "modern.zip", &o, &in, &r, msg, sizeof msg) && r == TP_ERR_INPUT &&
	      names(msg, "the record at byte", "500 bytes cap", NULL));
	archive_info_free(&in);
	o = (archive_opts){.max_media = 100};
	thread_pool *p = load(FX "modern.zip", &o, &in, &r, msg, sizeof msg);
	thread *th = NULL;
	archive_media *am = NULL;
	if (p && thread_assemble(p, &th, msg, sizeof msg) == TP_OK &&
	    archive_media_open(FX "modern.zip", &o, &am, msg, sizeof msg) == TP_OK)
		archive_media_load(am, th);
	CHECK("cap-media: an image over the cap is a placeholder, the rest reads",
	      th && th->tweets[0]->nmedia == 1 && th->tweets[0]->media[0].img.failed &&
	      !th->tweets[0]->media[0].img.data);
	archive_media_free(am);
	thread_free(th);
	thread_pool_free(p);
	archive_info_free(&in);
}

/* Runs one text through the splitter; returns the tp_result, fills count. */
static tp_result split_text(const char *text, size_t chunk, size_t *tweets, char *msg, size_t msglen)
{
	thread_pool *p = thread_pool_new();
	archive_info in;
	tp_result r = archive_read_tweets_text(p, text, strlen(text), "t.js", chunk, "5", NULL, &in, msg, msglen);

	*tweets = in.tweets;
	archive_info_free(&in);
	thread_pool_free(p);
	return r;
}

/* The splitter: strings with brackets, braces and escapes, any chunking. */
static void test_splitter(void)
{
	static const char tricky[] =
		"\xEF\xBB\xBFwindow.YTD.tweets.part0 = [ {\"tweet\": {\"id_str\": \"1\", \"full_text\": "
		"\"a ] } [ { \\\" \\\\\"}}, {\"id_str\": \"2\", \"full_text\": \"b \\\\\\\"]}\", "
		"\"in_reply_to_status_id_str\": \"1\", \"x\": [[{}], \"}\"]} ]";
	char msg[512] = "";
	size_t n = 0;
	int all = 1;

	for (size_t chunk = 0; chunk < 9; chunk++)
		all = all && split_text(tricky, chunk, &n, msg, sizeof msg) == TP_OK && n == 2;
	CHECK("split-tricky-strings-any-chunk", all);
	thread_pool *p = thread_pool_new();
	archive_info in;
	archive_read_tweets_text(p, tricky, strlen(tricky), "t.js", 1, "5", NULL, &in, msg, sizeof msg);
	char *s = text_of(p, "1");
	CHECK_STR("split-string-content", s, "a ] } [ { \" \\");
	free(s);
	archive_info_free(&in);
	thread_pool_free(p);
	CHECK("split-empty-list", split_text("window.YTD.tweets.part0 = [ ]", 0, &n, msg, sizeof msg) == TP_OK &&
	      n == 0);
	CHECK("split-bare-array", split_text("[{\"id_str\":\"3\",\"full_text\":\"x\"}]", 0, &n, msg, sizeof msg) ==
	      TP_OK && n == 1);
	CHECK("split-html-is-not", split_text("<html><body>", 0, &n, msg, sizeof msg) == TP_ERR_INPUT &&
	      names(msg, "t.js", "does not begin with", NULL));
	CHECK("split-garbage-between", split_text("x = [ {\"a\":1} 7 ]", 0, &n, msg, sizeof msg) == TP_ERR_INPUT &&
	      names(msg, "unexpected '7'", NULL, NULL));
	CHECK("split-bad-record", split_text("x = [ {\"a\":} ]", 0, &n, msg, sizeof msg) == TP_ERR_INPUT &&
	      names(msg, "record at byte 6 is not JSON", NULL, NULL));
	static const char nul[] = "x = [ {\"id_str\":\"4\",\"full_text\":\"before\0after\"} ]";
	thread_pool *pn = thread_pool_new();
	archive_info inn;
	CHECK("split-raw-nul-refused", archive_read_tweets_text(pn, nul, sizeof nul - 1, "t.js", 0, "5", NULL, &inn,
								msg, sizeof msg) == TP_ERR_INPUT &&
	      names(msg, "U+0000", "in a string", NULL));
	archive_info_free(&inn);
	thread_pool_free(pn);
	CHECK("split-empty-file", split_text("", 0, &n, msg, sizeof msg) == TP_ERR_INPUT &&
	      names(msg, "empty", NULL, NULL));
}

/* Writes text to dir/name (dir/data exists). */
static void put_file(const char *dir, const char *name, const char *text)
{
	char path[512];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* An old self-reply's leading "@owner " is dropped; a mention of another
 * account, or the owner's mention inside the text, stays. */
static void test_self_mention(void)
{
	char dir[] = "/tmp/test_archive_XXXXXX", path[600], msg[512] = "";
	archive_info in;
	tp_result r;

	if (!mkdtemp(dir)) {
		SKIP("self-mention", "no temp dir");
		return;
	}
	snprintf(path, sizeof path, "%s/data", dir);
	mkdir(path, 0700);
	put_file(dir, "data/account.js", "window.YTD.account.part0 = [ {\"account\": {\"accountId\": \"5\", "
					  "\"username\": \"Me\", \"accountDisplayName\": \"Me\"}} ]");
	put_file(dir, "data/tweet.js",
		 "window.YTD.tweet.part0 = [ {\"tweet\": {\"id_str\": \"1\", \"full_text\": \"root\"}},\n"
		 "{\"tweet\": {\"id_str\": \"2\", \"full_text\": \"@me and on\", \"in_reply_to_status_id_str\": \"1\", "
		 "\"in_reply_to_user_id_str\": \"5\", \"entities\": {\"user_mentions\": [{\"screen_name\": \"me\", "
		 "\"indices\": [\"0\", \"3\"]}]}}},\n"
		 "{\"tweet\": {\"id_str\": \"3\", \"full_text\": \"@bo hi\", \"in_reply_to_status_id_str\": \"9\", "
		 "\"in_reply_to_user_id_str\": \"8\", \"entities\": {\"user_mentions\": [{\"screen_name\": \"bo\", "
		 "\"indices\": [\"0\", \"3\"]}]}}} ]");
	thread_pool *p = load(dir, NULL, &in, &r, msg, sizeof msg);
	char *two = p ? text_of(p, "2") : NULL, *three = p ? text_of(p, "3") : NULL;
	CHECK_STR("self-mention-dropped", two, "and on");
	CHECK_STR("other-mention-kept", three, "@bo hi");
	free(two);
	free(three);
	thread_pool_free(p);
	archive_info_free(&in);
	put_file(dir, "data/account.js", "");
	snprintf(path, sizeof path, "%s/data/account.js", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/data/tweet.js", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/data", dir);
	rmdir(path);
	rmdir(dir);
}

/* A folder whose media file is a symlink leading out of it: not followed. */
static void test_symlink(void)
{
	char dir[] = "/tmp/test_archive_XXXXXX", path[512], msg[512] = "";
	static const char tw[] = "window.YTD.tweet.part0 = [ {\"tweet\": {\"id_str\": \"77\", \"full_text\": "
				 "\"p https://t.co/p\", \"extended_entities\": {\"media\": [{\"type\": \"photo\", "
				 "\"media_url_https\": \"https://pbs.twimg.com/media/out.jpg\", \"indices\": [\"2\", "
				 "\"16\"]}]}}} ]";
	archive_info in;
	tp_result r;

	if (!mkdtemp(dir)) {
		SKIP("folder-symlink-out-not-followed", "no temp dir");
		return;
	}
	snprintf(path, sizeof path, "%s/data", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/data/tweet_media", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/data/tweet.js", dir);
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(tw, f);
		fclose(f);
	}
	snprintf(path, sizeof path, "%s/data/tweet_media/77-out.jpg", dir);
	CHECK("folder-symlink-made", symlink("/etc/hostname", path) == 0);
	thread_pool *p = load(dir, NULL, &in, &r, msg, sizeof msg);
	const thread_tweet *t = p ? thread_pool_tweet(p, "77") : NULL;
	CHECK("folder-symlink-out-not-followed", t && t->nmedia == 1 && t->media[0].img.failed &&
	      !t->media[0].img.data && in.media_missing == 1);
	thread_pool_free(p);
	archive_info_free(&in);
	unlink(path);
	snprintf(path, sizeof path, "%s/data/tweet.js", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/data/tweet_media", dir);
	rmdir(path);
	snprintf(path, sizeof path, "%s/data", dir);
	rmdir(path);
	rmdir(dir);
}

/* archive_probe on zips, folders and what is neither. */
static void test_probe(void)
{
	CHECK("probe-zip", archive_probe(FX "modern.zip"));
	CHECK("probe-folder", archive_probe(FX "folder-2020"));
	CHECK("probe-data-folder", archive_probe(FX "folder-2020/data"));
	CHECK("probe-not-folder", !archive_probe("tests/unit"));
	CHECK("probe-not-file", !archive_probe("tests/fixtures/mkarchive.py"));
	CHECK("probe-missing", !archive_probe(FX "nope"));
}

/* The real archives of ../shared (skipped when it is absent). */
static void test_real(void)
{
	static const char *dir = "../shared/fixtures/archive/";
	char path[512], msg[512] = "";
	struct stat st;
	archive_info in;
	tp_result r;

	if (stat(dir, &st) != 0) {
		SKIP("real-archives", "../shared/fixtures/archive is absent");
		return;
	}
	snprintf(path, sizeof path, "%sjacklance-2022", dir);
	thread_pool *p = load(path, NULL, &in, &r, msg, sizeof msg);
	CHECK("real-jacklance", p && in.tweets == 515 && strcmp(in.owner_handle, "Jack_L_Lance") == 0 &&
	      in.media_missing == 0 && in.media_found == 43 && in.videos == 3 && in.avatar);
	const thread_tweet *t = p ? thread_pool_tweet(p, "580854508512808960") : NULL;
	CHECK_STR("real-jacklance-missing-parent", t ? t->conversation_id : NULL, "580853991275425792");
	thread_pool_free(p);
	archive_info_free(&in);
	snprintf(path, sizeof path, "%sdsajgiouawj-2020", dir);
	p = load(path, NULL, &in, &r, msg, sizeof msg);
	CHECK("real-dsajgiouawj", p && in.records == 1163 && in.tweets + in.retweets == 1163 &&
	      strcmp(in.owner_handle, "E31415926") == 0 && in.avatar && strstr(in.era, "2020-22"));
	thread_pool_free(p);
	archive_info_free(&in);
	snprintf(path, sizeof path, "%slarsbrinkhoff-2022-10-aux", dir);
	p = load(path, NULL, &in, &r, msg, sizeof msg);
	CHECK("real-larsbrinkhoff-no-tweets", !p && r == TP_ERR_INPUT && names(msg, "no tweets file", NULL, NULL));
	archive_info_free(&in);
}

int main(void)
{
	diag_verbosity = 0;
	test_modern();
	test_old_formats();
	test_errors();
	test_splitter();
	test_symlink();
	test_self_mention();
	test_probe();
	test_real();
	CHECK_DONE();
}
