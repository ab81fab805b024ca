/* test_xv2: the X API v2 reader against the hand-written fixtures in
 * tests/fixtures: golden dumps (tests/golden/thread/<name>.txt, rewritten
 * when TP_GOLDEN_UPDATE=1), targeted checks, and bad inputs.
 * With "--dump FILE" it prints FILE's thread dump instead (exit status =
 * the tp_result), for tests/e2e/shared_fixtures.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "diag.h"
#include "thread.h"
#include "util.h"
#include "xv2.h"

static const char *const goldens[] = {
	"simple.json", "gap.json", "others.json", "note.json", "escapes.json", "photo.json",
	"video.json", "quote.json", "pages.jsonl", "pages_array.json", "two_convs.json",
	"errors.json", "context.json", "root_missing.json", "lookup_reply.json", "edited.json",
	"inverted.json",
};

/* Loads tests/fixtures/<name>; NULL (and a FAIL) when it does not load. */
static thread *load(const char *name)
{
	char path[256], msg[512] = "";
	thread *t = NULL;

	snprintf(path, sizeof path, "tests/fixtures/%s", name);
	tp_result r = xv2_load_file(path, &t, msg, sizeof msg);
	if (r != TP_OK) {
		printf("FAIL xv2.load.%s: result %d: %s\n", name, (int)r, msg);
		check_failed = 1;
		return NULL;
	}
	return t;
}

/* The golden file name for a fixture: its name without the extension. */
static void golden_path(const char *name, char *out, size_t n)
{
	const char *dot = strrchr(name, '.');
	snprintf(out, n, "tests/golden/thread/%.*s.txt", (int)(dot ? dot - name : (long)strlen(name)), name);
}

/* Compares (or, with TP_GOLDEN_UPDATE=1, rewrites) one fixture's dump. */
static void check_golden(const char *name)
{
	char gpath[300], label[300];
	thread *t = load(name);
	buf got, want;

	if (!t)
		return;
	buf_init(&got);
	buf_init(&want);
	thread_dump(t, &got);
	golden_path(name, gpath, sizeof gpath);
	snprintf(label, sizeof label, "xv2.golden.%s", name);
	const char *upd = getenv("TP_GOLDEN_UPDATE");
	if (upd && strcmp(upd, "1") == 0) {
		FILE *f = fopen(gpath, "w");
		CHECK(label, f && fwrite(got.data, 1, got.len, f) == got.len && fclose(f) == 0);
	} else if (util_read_file(gpath, &want) != 0) {
		printf("FAIL %s: no golden file %s (run make golden)\n", label, gpath);
		check_failed = 1;
	} else if (strcmp(got.data, want.data) != 0) {
		printf("FAIL %s: dump differs from %s; got:\n%s", label, gpath, got.data);
		check_failed = 1;
	} else {
		printf("PASS %s\n", label);
	}
	buf_free(&got);
	buf_free(&want);
	thread_free(t);
}

/* The span of tweet i (1-based among all entries) at index s, or NULL. */
static const thread_span *span(const thread *t, size_t i, size_t s)
{
	if (!t || i < 1 || i > t->ntweets || s >= t->tweets[i - 1]->nspans)
		return NULL;
	return &t->tweets[i - 1]->spans[s];
}

/* Text of a span or "(none)". */
static const char *stext(const thread_span *s)
{
	return s && s->text ? s->text : "(none)";
}

/* Href of a span or "(none)". */
static const char *shref(const thread_span *s)
{
	return s && s->href ? s->href : "(none)";
}

/* Whole text of entry i or an empty copy. */
static char *ttext(const thread *t, size_t i)
{
	return t && i >= 1 && i <= t->ntweets ? thread_tweet_text(t->tweets[i - 1]) : xstrdup("");
}

/* Entity indices in code points after emoji, non-ASCII and &amp;; decoding. */
static void test_escapes(void)
{
	thread *t = load("escapes.json");

	if (!t)
		return;
	CHECK_STR("xv2.esc.text0", stext(span(t, 1, 0)), "Café 👩‍🔬 test &co: 1 < 2 > 0 — see ");
	CHECK_STR("xv2.esc.mention", stext(span(t, 1, 1)), "@olleberg");
	CHECK_STR("xv2.esc.mention_href", shref(span(t, 1, 1)), "https://x.com/olleberg");
	CHECK_STR("xv2.esc.hashtag", stext(span(t, 1, 3)), "#smörgåsbord");
	CHECK_STR("xv2.esc.hashtag_href", shref(span(t, 1, 3)), "https://x.com/hashtag/sm%C3%B6rg%C3%A5sbord");
	CHECK_STR("xv2.esc.flag", stext(span(t, 1, 4)), " 🇸🇪 ");
	CHECK_STR("xv2.esc.cashtag", stext(span(t, 1, 5)), "$SAAB");
	CHECK_STR("xv2.esc.cashtag_href", shref(span(t, 1, 5)), "https://x.com/search?q=%24SAAB");
	CHECK_STR("xv2.esc.url_display", stext(span(t, 1, 7)), "example.org/a&b");
	CHECK_STR("xv2.esc.url_href", shref(span(t, 1, 7)), "https://example.org/a?x=1&y=2");
	CHECK("xv2.esc.kinds", span(t, 1, 1) && span(t, 1, 1)->kind == SPAN_MENTION && span(t, 1, 3)->kind == SPAN_HASHTAG &&
				       span(t, 1, 5)->kind == SPAN_CASHTAG && span(t, 1, 7)->kind == SPAN_URL);
	char *s = ttext(t, 2);
	CHECK_STR("xv2.esc.cjk_surrogates", s,
		  "日本語のテキスト 🥁🥁 then @piakask &amp; #タグ\n\nline two &lt;ok&gt;");
	free(s);
	CHECK_STR("xv2.esc.cjk_hashtag_href", shref(span(t, 2, 3)),
		  "https://x.com/hashtag/%E3%82%BF%E3%82%B0");
	s = ttext(t, 3);
	CHECK_STR("xv2.esc.lone_surrogate", s, "lone surrogate: \xEF\xBF\xBD then 🦀 crab");
	free(s);
	thread_free(t);
}

/* Media: the own-media t.co is dropped, photo and video fields are read. */
static void test_media(void)
{
	thread *t = load("photo.json");

	if (t) {
		char *s = ttext(t, 1);
		CHECK_STR("xv2.photo.tco_dropped", s, "The finished shelf, in daylight.");
		free(s);
		s = ttext(t, 2);
		CHECK_STR("xv2.photo.tco_by_url_dropped", s, "Before and after 👇");
		free(s);
		const thread_media *m = t->ntweets ? t->tweets[0]->media : NULL;
		CHECK("xv2.photo.fields", m && m->kind == MEDIA_PHOTO && m->width == 2048 && m->height == 1536 &&
						  m->alt && strstr(m->alt, "bookshelf") && !m->link);
		CHECK("xv2.photo.two", t->ntweets == 2 && t->tweets[1]->nmedia == 2 &&
					       t->tweets[1]->media[1].kind == MEDIA_PHOTO);
		CHECK_STR("xv2.photo.avatar_as_given", t->author->avatar_url,
			  "https://pbs.twimg.com/profile_images/111/mara_normal.jpg");
		thread_free(t);
	}
	t = load("video.json");
	if (t) {
		const thread_media *m = t->ntweets == 3 ? t->tweets[0]->media : NULL;
		CHECK("xv2.video.kind", m && m->kind == MEDIA_VIDEO && m->width == 1280);
		CHECK_STR("xv2.video.preview", m ? m->url : NULL,
			  "https://pbs.twimg.com/ext_tw_video_thumb/711/pu/img/GlueUp.jpg");
		CHECK_STR("xv2.video.best_mp4", m ? m->link : NULL,
			  "https://video.twimg.com/ext_tw_video/711/pu/vid/1280x720/high.mp4");
		m = t->ntweets == 3 ? t->tweets[1]->media : NULL;
		CHECK("xv2.gif.kind", m && m->kind == MEDIA_GIF);
		m = t->ntweets == 3 ? t->tweets[2]->media : NULL;
		CHECK_STR("xv2.video.no_variants_link", m ? m->link : NULL,
			  "https://x.com/maralind/status/1640000000000000702");
		thread_free(t);
	}
}

/* Assembly from real-shaped inputs: gaps, others, context, a missing root. */
static void test_shapes(void)
{
	thread *t = load("gap.json");
	if (t) {
		CHECK("xv2.gap.entries", t->ntweets == 5 && thread_count(t) == 4 && t->tweets[2]->gap);
		CHECK_STR("xv2.gap.id", t->ntweets == 5 ? t->tweets[2]->id : NULL, "1640000000000000202");
		thread_free(t);
	}
	t = load("others.json");
	if (t) {
		CHECK("xv2.others.only_author", t->ntweets == 3 && thread_count(t) == 3);
		CHECK_STR("xv2.others.author", t->author->handle, "maralind");
		CHECK_STR("xv2.others.url", t->url, "https://x.com/maralind/status/1640000000000000300");
		thread_free(t);
	}
	t = load("context.json");
	if (t) {
		CHECK("xv2.context.present", t->context && t->context->author &&
						     strcmp(t->context->author->handle, "olleberg") == 0);
		CHECK("xv2.context.thread", t->ntweets == 3 && strcmp(t->author->handle, "maralind") == 0);
		CHECK_STR("xv2.context.url", t->url, "https://x.com/maralind/status/1640000000000001301");
		thread_free(t);
	}
	t = load("root_missing.json");
	if (t) {
		CHECK("xv2.root_missing.gap_first", t->ntweets == 3 && t->tweets[0]->gap &&
							    strcmp(t->tweets[0]->id, "1640000000000001400") == 0);
		thread_free(t);
	}
}

/* Quotes, long notes, several pages, and a second conversation in the input. */
static void test_contents(void)
{
	thread *t = load("quote.json");
	if (t) {
		const thread_tweet *q = t->ntweets ? t->tweets[0]->quote : NULL;
		CHECK("xv2.quote.present", q && q->author && strcmp(q->author->handle, "olleberg") == 0 &&
						   q->nmedia == 1);
		char *s = ttext(t, 1);
		CHECK_STR("xv2.quote.link_dropped", s, "This planer built my shelf. Long may it rest.");
		free(s);
		s = ttext(t, 2);
		CHECK("xv2.quote.middle_link_kept", strstr(s, "x.com/someone/status/") != NULL);
		free(s);
		CHECK("xv2.quote.unavailable", t->ntweets == 2 && !t->tweets[1]->quote && t->tweets[1]->quote_id);
		thread_free(t);
	}
	t = load("note.json");
	if (t) {
		char *s = ttext(t, 1);
		CHECK("xv2.note.long", strlen(s) > 280 && strstr(s, "arrows & crossings-out") &&
					       !strstr(s, "…"));
		free(s);
		thread_free(t);
	}
	static const char *const multi[] = {"pages.jsonl", "pages_array.json"};
	for (size_t i = 0; i < 2; i++) {
		char label[64];
		t = load(multi[i]);
		snprintf(label, sizeof label, "xv2.pages.%s", multi[i]);
		CHECK(label, t && t->ntweets == 6 && thread_count(t) == 6 &&
				     thread_id_cmp(t->tweets[0]->id, t->tweets[5]->id) < 0);
		thread_free(t);
	}
	int before = diag_warnings;
	t = load("two_convs.json");
	CHECK("xv2.two_convs.warned", diag_warnings == before + 1);
	CHECK("xv2.two_convs.first", t && t->ntweets == 2 && strcmp(t->author->handle, "maralind") == 0);
	thread_free(t);
}

/* Bad inputs: TP_ERR_INPUT, a message naming the file, never a crash. */
static void test_bad(void)
{
	static const struct {
		const char *name, *want;
	} bad[] = {
		{"bad_notjson.json", "not JSON: syntax error at line 1"},
		{"bad_syntax.json", "line 3"},
		{"bad_truncated.json", "truncated"},
		{"bad_foo.json", "wrong shape"},
		{"bad_empty_data.json", "no tweets"},
		{"bad_users.json", "not tweets"},
		{"bad_problem.json", "Unauthorized"},
		{"bad_deleted.json", "Could not find tweet"},
		{"bad_scalars.json", "wrong shape"},
		{"bad_empty.json", "empty"},
		{"bad_jsonl.jsonl", "line 2"},
		{"bad_control.json", "U+0000 in a string at line 2, column 29"},
		{"bad_deep.json", "nesting limit of 1000"},
		{"bad_ids.json", "tweet id \"-4\" is not a decimal number"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char path[256], msg[512] = "", label[128];
		thread *t = NULL;
		snprintf(path, sizeof path, "tests/fixtures/%s", bad[i].name);
		tp_result r = xv2_load_file(path, &t, msg, sizeof msg);
		snprintf(label, sizeof label, "xv2.bad.%s", bad[i].name);
		CHECK(label, r == TP_ERR_INPUT && t == NULL && strstr(msg, path) && strstr(msg, bad[i].want) &&
				     !strchr(msg, '\n'));
		if (r != TP_ERR_INPUT || !strstr(msg, bad[i].want))
			printf("  (message was: %s)\n", msg);
	}
	char msg[256] = "";
	thread *t = NULL;
	CHECK("xv2.bad.missing_file", xv2_load_file("tests/fixtures/no-such-file.json", &t, msg, sizeof msg) == TP_ERR_IO &&
					      strstr(msg, "no-such-file.json"));
}

/* Every prefix of a good fixture is rejected or read, never crashes. */
static void test_prefixes(void)
{
	buf b;
	int ok = 1;

	buf_init(&b);
	if (util_read_file("tests/fixtures/quote.json", &b) != 0) {
		CHECK("xv2.prefixes.read", 0);
		return;
	}
	for (size_t n = 0; n + 1 < b.len; n += 7) {
		thread_pool *p = thread_pool_new();
		char msg[256] = "";
		tp_result r = xv2_read(p, b.data, n, "cut.json", msg, sizeof msg);
		if (r != TP_ERR_INPUT || !strstr(msg, "cut.json"))
			ok = 0;
		thread_pool_free(p);
	}
	CHECK("xv2.prefixes.rejected", ok);
	buf_free(&b);
}

/* Fixtures with a few bytes changed (a fixed pseudo-random sequence) are
 * read or rejected, assembled and dumped without a crash (run under ASan). */
static void test_mutations(void)
{
	static const char *const names[] = {"escapes.json", "quote.json", "video.json", "pages.jsonl"};
	static const char pokes[] = "{}[]\",:0 \"\\u&9";
	uint32_t seed = 12345;
	int ok = 1;

	for (size_t f = 0; f < sizeof names / sizeof names[0]; f++) {
		char path[256];
		buf b;
		buf_init(&b);
		snprintf(path, sizeof path, "tests/fixtures/%s", names[f]);
		if (util_read_file(path, &b) != 0 || b.len == 0) {
			ok = 0;
			continue;
		}
		for (int round = 0; round < 150; round++) {
			char *copy = xstrndup(b.data, b.len);
			for (int k = 0; k < 3; k++) {
				seed = seed * 1103515245u + 12345u;
				size_t at = (seed >> 8) % b.len;
				seed = seed * 1103515245u + 12345u;
				copy[at] = pokes[(seed >> 8) % (sizeof pokes - 1)];
			}
			thread_pool *p = thread_pool_new();
			char msg[256] = "";
			thread *t = NULL;
			tp_result r = xv2_read(p, copy, b.len, "mut.json", msg, sizeof msg);
			if (r == TP_OK && thread_assemble(p, &t, msg, sizeof msg) == TP_OK) {
				buf d;
				buf_init(&d);
				thread_dump(t, &d);
				buf_free(&d);
			} else if (r != TP_OK && (r != TP_ERR_INPUT || !strstr(msg, "mut.json"))) {
				ok = 0;
			}
			thread_free(t);
			thread_pool_free(p);
			free(copy);
		}
		buf_free(&b);
	}
	CHECK("xv2.mutations", ok);
}

/* Reading in two calls (one page each) into one pool, as a client would. */
static void test_incremental(void)
{
	static const char page1[] =
		"{\"data\":[{\"id\":\"20\",\"text\":\"two\",\"author_id\":\"5\",\"conversation_id\":\"10\","
		"\"referenced_tweets\":[{\"type\":\"replied_to\",\"id\":\"10\"}]}]}";
	static const char page2[] =
		"{\"data\":[{\"id\":\"10\",\"text\":\"one &amp; only\",\"author_id\":\"5\",\"conversation_id\":\"10\"}],"
		"\"includes\":{\"users\":[{\"id\":\"5\",\"name\":\"Five\",\"username\":\"five\"}]}}";
	thread_pool *p = thread_pool_new();
	char msg[256] = "";
	thread *t = NULL;

	CHECK("xv2.incr.page1", xv2_read(p, page1, strlen(page1), "p1", msg, sizeof msg) == TP_OK);
	CHECK("xv2.incr.page2", xv2_read(p, page2, strlen(page2), "p2", msg, sizeof msg) == TP_OK);
	CHECK_STR("xv2.incr.permalink", p->ntweets == 2 ? p->tweets[0]->permalink : NULL,
		  "https://x.com/five/status/20");
	CHECK("xv2.incr.assemble", thread_assemble(p, &t, msg, sizeof msg) == TP_OK && t && t->ntweets == 2 &&
					   !t->tweets[0]->gap);
	char *s = t ? ttext(t, 1) : xstrdup("");
	CHECK_STR("xv2.incr.text", s, "one & only");
	free(s);
	thread_free(t);
	thread_pool_free(p);
}

/* Reads len bytes of json into a fresh pool; the message in msg. */
static tp_result read_one(const char *json, size_t len, char *msg, size_t msglen)
{
	thread_pool *p = thread_pool_new();
	tp_result r = xv2_read(p, json, len, "in.json", msg, msglen);

	thread_pool_free(p);
	return r;
}

/* JSON cJSON would take or misreport: raw control characters (a raw NUL
 * cut the text), an escaped NUL (kept as U+FFFD), nesting past the limit,
 * a text over the cap; each error names the input and the position. */
static void test_strict(void)
{
	static const char nul[] = "{\"data\":[{\"id\":\"1\",\"text\":\"before\0after\"}]}";
	static const char esc[] = "{\"data\":[{\"id\":\"1\",\"text\":\"before\\u0000after\"}]}";
	char msg[512] = "";
	buf b;

	CHECK("xv2.strict.raw_nul", read_one(nul, sizeof nul - 1, msg, sizeof msg) == TP_ERR_INPUT &&
					    strstr(msg, "in.json: not JSON") && strstr(msg, "U+0000 in a string") &&
					    strstr(msg, "line 1, column 34"));
	CHECK("xv2.strict.raw_newline", read_one("{\"data\":\n[{\"id\":\"1\",\"text\":\"a\nb\"}]}", 35, msg,
						 sizeof msg) == TP_ERR_INPUT && strstr(msg, "U+000A in a string at line 2"));
	CHECK("xv2.strict.raw_between", read_one("{\"data\":\x01[{\"id\":\"1\",\"text\":\"a\"}]}", 33, msg,
						 sizeof msg) == TP_ERR_INPUT && strstr(msg, "U+0001 between values"));
	thread_pool *p = thread_pool_new();
	CHECK("xv2.strict.escaped_nul", xv2_read(p, esc, sizeof esc - 1, "in.json", msg, sizeof msg) == TP_OK &&
						p->ntweets == 1 && p->tweets[0]->nspans == 1 &&
						strcmp(p->tweets[0]->spans[0].text, "before\xEF\xBF\xBD" "after") == 0);
	thread_pool_free(p);

	/* Nesting: 1000 levels (the object and 999 arrays) are read, one more
	 * is said as such. */
	buf_init(&b);
	for (int depth = 999; depth <= 999 + 1; depth++) {
		b.len = 0;
		buf_adds(&b, "{\"data\":[{\"id\":\"1\",\"text\":\"x\"}],\"meta\":");
		for (int i = 0; i < depth; i++)
			buf_adds(&b, "[");
		for (int i = 0; i < depth; i++)
			buf_adds(&b, "]");
		buf_adds(&b, "}");
		tp_result r = read_one(b.data, b.len, msg, sizeof msg);
		if (depth == 999)
			CHECK("xv2.strict.nesting_at_limit", r == TP_OK);
		else
			CHECK("xv2.strict.nesting_over_limit", r == TP_ERR_INPUT && strstr(msg, "nesting limit of 1000") &&
								strstr(msg, "column 1039"));
	}

	/* One text: UTIL_CAP_TEXT bytes are read, one more is refused. */
	for (size_t extra = 0; extra <= 1; extra++) {
		b.len = 0;
		buf_adds(&b, "{\"data\":[{\"id\":\"77\",\"text\":\"");
		buf_reserve(&b, UTIL_CAP_TEXT + extra);
		memset(b.data + b.len, 'a', UTIL_CAP_TEXT + extra);
		b.len += UTIL_CAP_TEXT + extra;
		buf_adds(&b, "\"}]}");
		tp_result r = read_one(b.data, b.len, msg, sizeof msg);
		if (!extra)
			CHECK("xv2.strict.text_at_cap", r == TP_OK);
		else
			CHECK_STR("xv2.strict.text_over_cap", msg,
				  "in.json: tweet 77: \"text\" is 1048577 bytes, over the 1 MiB cap on one text");
	}
	buf_free(&b);
}

/* --dump FILE: prints the thread dump, exits with the tp_result. */
static int dump_file(const char *path)
{
	char msg[1024] = "";
	thread *t = NULL;
	tp_result r = xv2_load_file(path, &t, msg, sizeof msg);
	buf b;

	if (r != TP_OK) {
		printf("ERROR %d %s\n", (int)r, msg);
		return (int)r;
	}
	buf_init(&b);
	thread_dump(t, &b);
	fputs(b.data, stdout);
	buf_free(&b);
	thread_free(t);
	return 0;
}

/* Runs the reader tests, or with --dump FILE prints FILE's thread. */
int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--dump") == 0)
		return dump_file(argv[2]);
	for (size_t i = 0; i < sizeof goldens / sizeof goldens[0]; i++)
		check_golden(goldens[i]);
	test_escapes();
	test_media();
	test_shapes();
	test_contents();
	test_bad();
	test_prefixes();
	test_mutations();
	test_incremental();
	test_strict();
	CHECK_DONE();
}
