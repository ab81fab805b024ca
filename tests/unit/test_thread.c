/* test_thread: the pool, id order, times, copies and thread_assemble on
 * hand-built pools (no JSON involved). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "diag.h"
#include "thread.h"
#include "util.h"

/* A pool tweet: id, author, conversation, parent (or NULL), one text span. */
static thread_tweet *tw(const char *id, const char *author, const char *conv, const char *parent,
			const char *text)
{
	thread_tweet *t = thread_tweet_new();

	t->id = xstrdup(id);
	t->author_id = xstrdup(author);
	t->conversation_id = conv ? xstrdup(conv) : NULL;
	t->parent_id = parent ? xstrdup(parent) : NULL;
	t->spans = xcalloc(1, sizeof *t->spans);
	t->spans[0].kind = SPAN_TEXT;
	t->spans[0].text = xstrdup(text);
	t->nspans = 1;
	return t;
}

/* A pool user. */
static thread_user *usr(const char *id, const char *handle)
{
	thread_user *u = thread_user_new();

	u->id = xstrdup(id);
	u->handle = xstrdup(handle);
	u->name = xasprintf("Name of %s", handle);
	return u;
}

/* A pool with users 1 (@ann), 2 (@bob), 3 (@cat). */
static thread_pool *pool3(void)
{
	thread_pool *p = thread_pool_new();

	thread_pool_add_user(p, usr("1", "ann"));
	thread_pool_add_user(p, usr("2", "bob"));
	thread_pool_add_user(p, usr("3", "cat"));
	return p;
}

/* "id,id,GAP:id,..." of a thread's entries, for compact checks. */
static char *order(const thread *t)
{
	buf b;

	buf_init(&b);
	buf_add(&b, "", 0);
	for (size_t i = 0; t && i < t->ntweets; i++)
		buf_printf(&b, "%s%s%s", i ? "," : "", t->tweets[i]->gap ? "GAP:" : "",
			   t->tweets[i]->id ? t->tweets[i]->id : "?");
	return buf_steal(&b, NULL);
}

/* Assembles p and checks the entry order against want. */
static thread *assemble_check(const char *name, thread_pool *p, const char *want)
{
	thread *t = NULL;
	char msg[256] = "";
	tp_result r = thread_assemble(p, &t, msg, sizeof msg);
	char *got = order(t);

	if (r != TP_OK)
		printf("FAIL %s: assemble: %s\n", name, msg), check_failed = 1;
	else
		CHECK_STR(name, got, want);
	free(got);
	return t;
}

/* Numeric comparison of ids of different lengths. */
static void test_id_cmp(void)
{
	CHECK("thread.idcmp.len", thread_id_cmp("999", "1000") < 0);
	CHECK("thread.idcmp.eq", thread_id_cmp("1640000000000000100", "1640000000000000100") == 0);
	CHECK("thread.idcmp.gt", thread_id_cmp("1640000000000000101", "1640000000000000100") > 0);
	CHECK("thread.idcmp.zeros", thread_id_cmp("007", "7") == 0);
	CHECK("thread.idcmp.null", thread_id_cmp(NULL, "1") < 0 && thread_id_cmp("1", NULL) > 0 &&
					   thread_id_cmp(NULL, NULL) == 0);
	CHECK("thread.idcmp.u64", thread_id_cmp("18446744073709551615", "9223372036854775807") > 0);
}

/* ISO 8601 parsing and formatting. */
static void test_time(void)
{
	int64_t t = -1;
	char s[32];

	CHECK("thread.time.epoch", thread_parse_time("1970-01-01T00:00:00Z", &t) == 0 && t == 0);
	CHECK("thread.time.ms", thread_parse_time("2023-01-04T17:40:09.000Z", &t) == 0 && t == 1672854009);
	CHECK("thread.time.offset", thread_parse_time("2023-01-04T19:40:09+02:00", &t) == 0 && t == 1672854009);
	CHECK("thread.time.offset_neg", thread_parse_time("2023-01-04T12:40:09-0500", &t) == 0 && t == 1672854009);
	CHECK("thread.time.leap", thread_parse_time("2024-02-29T12:00:00Z", &t) == 0 && t == 1709208000);
	CHECK("thread.time.no_seconds", thread_parse_time("2021-05-05T18:58Z", &t) == 0 && t == 1620241080);
	CHECK("thread.time.leap_400", thread_parse_time("2000-02-29T00:00:00Z", &t) == 0 && t == 951782400);
	CHECK("thread.time.not_leap", thread_parse_time("2023-02-29T12:00:00Z", &t) != 0 &&
					      thread_parse_time("1900-02-29T12:00:00Z", &t) != 0 &&
					      thread_parse_time("2100-02-29T12:00:00Z", &t) != 0 &&
					      thread_parse_time("2024-02-30T12:00:00Z", &t) != 0 &&
					      thread_parse_time("2023-04-31T12:00:00Z", &t) != 0);
	CHECK("thread.time.month_ends", thread_parse_time("2023-02-28T00:00:00Z", &t) == 0 &&
						thread_parse_time("2023-12-31T23:59:59Z", &t) == 0 && t == 1704067199);
	CHECK("thread.time.bad", thread_parse_time("Wed Oct 10 20:19:24 +0000 2018", &t) != 0 &&
					 thread_parse_time("2023-13-01T00:00:00Z", &t) != 0 &&
					 thread_parse_time("2023-01-04T17:40:09Zjunk", &t) != 0 &&
					 thread_parse_time("", &t) != 0 && thread_parse_time(NULL, &t) != 0 &&
					 thread_parse_time("2023-01-04T17:40:09.Z", &t) != 0);
	thread_format_time(1672854009, s, sizeof s);
	CHECK_STR("thread.time.format", s, "2023-01-04T17:40:09Z");
}

/* Duplicates are freed, lookups work past the index's growth. */
static void test_pool(void)
{
	thread_pool *p = thread_pool_new();
	int ok = 1;

	for (int i = 0; i < 1000; i++) {
		char id[32];
		snprintf(id, sizeof id, "%d", 5000 + i);
		thread_pool_add_tweet(p, tw(id, "1", "5000", NULL, "x"));
	}
	thread_tweet *dup = tw("5500", "1", "5000", NULL, "dup");
	thread_pool_add_tweet(p, dup);
	CHECK("thread.pool.count", p->ntweets == 1000);
	for (int i = 0; i < 1000 && ok; i++) {
		char id[32];
		snprintf(id, sizeof id, "%d", 5000 + i);
		thread_tweet *t = thread_pool_tweet(p, id);
		ok = t && strcmp(t->id, id) == 0 && strcmp(t->spans[0].text, "x") == 0;
	}
	CHECK("thread.pool.lookup", ok);
	CHECK("thread.pool.absent", !thread_pool_tweet(p, "4999") && !thread_pool_tweet(p, NULL));
	thread_tweet *inc = tw("7000", "1", "7000", NULL, "q");
	inc->included = 1;
	thread_pool_add_tweet(p, inc);
	thread_pool_add_tweet(p, tw("7000", "1", "7000", NULL, "q"));
	CHECK("thread.pool.included_promoted", thread_pool_tweet(p, "7000")->included == 0);
	for (int i = 0; i < 300; i++) {
		char id[32];
		snprintf(id, sizeof id, "u%d", i);
		thread_pool_add_user(p, usr(id, id));
	}
	thread_pool_add_user(p, usr("u7", "other"));
	CHECK("thread.pool.users", p->nusers == 300 && strcmp(thread_pool_user(p, "u7")->handle, "u7") == 0 &&
					   thread_pool_user(p, "u299") && !thread_pool_user(p, "u300"));
	thread_pool_add_missing(p, "123");
	thread_pool_add_missing(p, "123");
	CHECK("thread.pool.missing", p->nmissing == 1 && thread_pool_is_missing(p, "123") &&
					     !thread_pool_is_missing(p, "124"));
	thread_pool_free(p);
	thread_pool_free(NULL);
}

/* Chains, replies by others, gaps, fan-out and the start of the thread. */
static void test_assemble_chains(void)
{
	thread_pool *p = pool3();
	thread *t;

	/* input newest first; bob's reply and ann's answer to bob are left out */
	thread_pool_add_tweet(p, tw("105", "1", "100", "103", "five"));
	thread_pool_add_tweet(p, tw("104", "2", "100", "103", "bob says"));
	thread_pool_add_tweet(p, tw("106", "1", "100", "104", "ann answers bob"));
	thread_pool_add_tweet(p, tw("103", "1", "100", "102", "three"));
	thread_pool_add_tweet(p, tw("101", "1", "100", "100", "one"));
	thread_pool_add_tweet(p, tw("100", "1", "100", NULL, "root"));
	t = assemble_check("thread.asm.chain", p, "100,101,GAP:102,103,105");
	CHECK("thread.asm.count", thread_count(t) == 4);
	CHECK_STR("thread.asm.url", t ? t->url : NULL, "https://x.com/ann/status/100");
	CHECK("thread.asm.author_ptr", t && t->tweets[0]->author == t->author && t->tweets[2]->gap &&
					       t->tweets[2]->author == t->author && !t->context);
	CHECK_STR("thread.asm.permalink", t ? t->tweets[1]->permalink : NULL, "https://x.com/ann/status/101");
	thread_free(t);
	thread_pool_free(p);

	/* the first tweet is bob's reply: the root's author still wins */
	p = pool3();
	thread_pool_add_tweet(p, tw("204", "2", "200", "201", "bob first"));
	thread_pool_add_tweet(p, tw("201", "1", "200", "200", "ann two"));
	thread_pool_add_tweet(p, tw("200", "1", "200", NULL, "ann root"));
	t = assemble_check("thread.asm.root_author", p, "200,201");
	thread_free(t);
	thread_pool_free(p);

	/* fan-out: two replies to the root, and two children of one deleted tweet */
	p = pool3();
	thread_pool_add_tweet(p, tw("300", "1", "300", NULL, "root"));
	thread_pool_add_tweet(p, tw("302", "1", "300", "300", "a"));
	thread_pool_add_tweet(p, tw("301", "1", "300", "300", "b"));
	thread_pool_add_tweet(p, tw("305", "1", "300", "304", "c"));
	thread_pool_add_tweet(p, tw("306", "1", "300", "304", "d"));
	t = assemble_check("thread.asm.fanout", p, "300,301,302,GAP:304,305,306");
	thread_free(t);
	thread_pool_free(p);

	/* the root is missing: the thread starts with a gap */
	p = pool3();
	thread_pool_add_tweet(p, tw("402", "1", "400", "401", "b"));
	thread_pool_add_tweet(p, tw("401", "1", "400", "400", "a"));
	t = assemble_check("thread.asm.root_missing", p, "GAP:400,401,402");
	CHECK_STR("thread.asm.root_missing_url", t ? t->url : NULL, "https://x.com/ann/status/400");
	thread_free(t);
	thread_pool_free(p);
}

/* Threads answering others (context or not), and conversations found by walking up. */
static void test_assemble_context(void)
{
	thread_pool *p;
	thread *t;

	/* ann's thread answers bob's post (known): context, no gap */
	p = pool3();
	thread_pool_add_tweet(p, tw("503", "1", "500", "502", "ann 2"));
	thread_pool_add_tweet(p, tw("502", "1", "500", "500", "ann 1"));
	thread_tweet *root = tw("500", "2", "500", NULL, "bob asks");
	root->included = 1;
	thread_pool_add_tweet(p, root);
	t = assemble_check("thread.asm.context", p, "502,503");
	CHECK("thread.asm.context_set", t && t->context && strcmp(t->context->id, "500") == 0 &&
						t->context->author && strcmp(t->context->author->handle, "bob") == 0 &&
						t->nusers == 1 && strcmp(t->author->handle, "ann") == 0);
	thread_free(t);
	thread_pool_free(p);

	/* ann answers a post of bob's the pool lacks: neither gap nor context */
	p = pool3();
	thread_tweet *a = tw("602", "1", "600", "600", "ann answers");
	a->reply_to_user_id = xstrdup("2");
	thread_pool_add_tweet(p, a);
	thread_pool_add_tweet(p, tw("603", "1", "600", "602", "ann goes on"));
	t = assemble_check("thread.asm.answer_unknown", p, "602,603");
	CHECK("thread.asm.answer_unknown_ctx", t && !t->context);
	thread_free(t);
	thread_pool_free(p);

	/* no conversation_id: the conversation is found by walking up */
	p = pool3();
	thread_pool_add_tweet(p, tw("702", "1", NULL, "701", "c"));
	thread_pool_add_tweet(p, tw("701", "1", NULL, "700", "b"));
	thread_pool_add_tweet(p, tw("700", "1", NULL, NULL, "a"));
	thread_pool_add_tweet(p, tw("800", "1", NULL, NULL, "other"));
	int w = diag_warnings;
	t = assemble_check("thread.asm.no_conv", p, "700,701,702");
	CHECK("thread.asm.no_conv_warns", diag_warnings == w + 1);
	thread_free(t);
	thread_pool_free(p);
}

/* Quotes one level deep, a missing author, edits and an empty pool. */
static void test_assemble_misc(void)
{
	thread_pool *p;
	thread *t;
	int w;

	/* a quote resolves one level deep, with its author in t->users */
	p = pool3();
	thread_tweet *q1 = tw("900", "1", "900", NULL, "quoting");
	q1->quote_id = xstrdup("50");
	thread_pool_add_tweet(p, q1);
	thread_tweet *q = tw("50", "3", "50", NULL, "quoted");
	q->quote_id = xstrdup("40");
	q->included = 1;
	thread_pool_add_tweet(p, q);
	thread_tweet *qq = tw("40", "2", "40", NULL, "deeper");
	qq->included = 1;
	thread_pool_add_tweet(p, qq);
	w = diag_warnings;
	t = assemble_check("thread.asm.quote", p, "900");
	CHECK("thread.asm.quote_no_warning", diag_warnings == w);
	const thread_tweet *qt = t && t->ntweets ? t->tweets[0]->quote : NULL;
	CHECK("thread.asm.quote_copy", qt && strcmp(qt->id, "50") == 0 && !qt->quote && qt->author &&
					       strcmp(qt->author->handle, "cat") == 0 && t->nusers == 1);
	thread_free(t);
	thread_pool_free(p);

	/* no user object for the author */
	p = thread_pool_new();
	thread_pool_add_tweet(p, tw("1000", "77", "1000", NULL, "who"));
	w = diag_warnings;
	t = assemble_check("thread.asm.no_user", p, "1000");
	CHECK("thread.asm.no_user_fields", t && t->author && t->author->handle && t->author->name &&
						   diag_warnings == w + 1);
	CHECK_STR("thread.asm.no_user_permalink", t ? t->tweets[0]->permalink : NULL,
		  "https://x.com/i/status/1000");
	thread_free(t);
	thread_pool_free(p);
}

/* Edited tweets and an empty pool. */
static void test_assemble_edits(void)
{
	thread_pool *p = pool3();
	thread *t;
	int w;

	/* an edited tweet: the old version is left out, replies to it still link */
	thread_pool_add_tweet(p, tw("1103", "1", "1100", "1101", "c"));
	thread_pool_add_tweet(p, tw("1102", "1", "1100", "1100", "b, edited"));
	thread_pool_add_tweet(p, tw("1101", "1", "1100", "1100", "b"));
	thread_pool_add_tweet(p, tw("1100", "1", "1100", NULL, "a"));
	thread_pool_add_edit(p, "1101", "1102");
	thread_pool_add_edit(p, "1102", "1101");
	CHECK("thread.edit.lookup", thread_pool_tweet(p, "1101") == thread_pool_tweet(p, "1102") &&
					    strcmp(thread_pool_tweet(p, "1101")->id, "1102") == 0);
	w = diag_warnings;
	t = assemble_check("thread.edit.assemble", p, "1100,1102,1103");
	CHECK("thread.edit.no_warning", diag_warnings == w);
	thread_free(t);
	thread_pool_free(p);

	/* empty pool */
	p = thread_pool_new();
	char msg[128] = "";
	t = (thread *)&msg;
	CHECK("thread.asm.empty", thread_assemble(p, &t, msg, sizeof msg) == TP_ERR_INPUT && !t && msg[0]);
	thread_pool_free(p);
}

/* A pool of n tweets by ann (ids 1000000 up) without conversation_id, added
 * newest first; each replies to the one before it. With cycle, the first
 * replies to the last, and one more tweet (1000000 + n) replies into the
 * middle of the cycle and comes first in the input. */
static thread_pool *long_chain(size_t n, int cycle)
{
	thread_pool *p = pool3();
	char id[32], parent[32];

	if (cycle) {
		snprintf(id, sizeof id, "%zu", 1000000 + n);
		snprintf(parent, sizeof parent, "%zu", 1000000 + n / 2);
		thread_pool_add_tweet(p, tw(id, "1", NULL, parent, "tail"));
	}
	for (size_t i = n; i-- > 0;) {
		snprintf(id, sizeof id, "%zu", 1000000 + i);
		snprintf(parent, sizeof parent, "%zu", 1000000 + (i ? i - 1 : n - 1));
		thread_pool_add_tweet(p, tw(id, "1", NULL, i || cycle ? parent : NULL, "x"));
	}
	return p;
}

/* 1 when the thread's entries are the tweets 1000000 .. 1000000 + n - 1 in order. */
static int is_chain(const thread *t, size_t n)
{
	char id[32];

	if (!t || t->ntweets != n)
		return 0;
	for (size_t i = 0; i < n; i++) {
		snprintf(id, sizeof id, "%zu", 1000000 + i);
		if (t->tweets[i]->gap || strcmp(t->tweets[i]->id, id) != 0)
			return 0;
	}
	return 1;
}

/* Without conversation_id a long reply chain is one conversation, and so is
 * a reply cycle (it resolves to its smallest id), with a tail leading into
 * it: every tweet once, in order, and no warning about other conversations. */
static void test_long_chains(void)
{
	for (int cycle = 0; cycle < 2; cycle++) {
		thread_pool *p = long_chain(5000, cycle);
		thread *t = NULL;
		char msg[128] = "", name[64];
		int w = diag_warnings;
		tp_result r = thread_assemble(p, &t, msg, sizeof msg);
		snprintf(name, sizeof name, "thread.asm.long_%s", cycle ? "cycle" : "chain");
		CHECK(name, r == TP_OK && is_chain(t, cycle ? 5001 : 5000) && diag_warnings == w);
		snprintf(name, sizeof name, "thread.asm.long_%s_url", cycle ? "cycle" : "chain");
		CHECK_STR(name, t ? t->url : NULL, "https://x.com/ann/status/1000000");
		thread_free(t);
		thread_pool_free(p);
	}
}

/* Assembles p and checks that no tweet is shown twice: each id once among the
 * entries, and the context (if any) not among them. */
static int no_duplicates(const thread *t)
{
	for (size_t i = 0; t && i < t->ntweets; i++) {
		const char *id = t->tweets[i]->id;
		if (id && t->context && t->context->id && strcmp(id, t->context->id) == 0)
			return 0;
		for (size_t j = i + 1; id && j < t->ntweets; j++)
			if (t->tweets[j]->id && strcmp(id, t->tweets[j]->id) == 0)
				return 0;
	}
	return t != NULL;
}

/* Replies whose ids are smaller than their parents' (the "-4" after
 * "-5" is the same inversion with digits), huge and zero-padded ids: the
 * reply chain orders the thread, ids only among tweets it does not order. */
static void test_assemble_inverted(void)
{
	thread_pool *p = pool3();
	thread *t;

	thread_pool_add_tweet(p, tw("5", "1", "5", NULL, "root"));
	thread_pool_add_tweet(p, tw("4", "1", "5", "5", "reply with a smaller id"));
	t = assemble_check("thread.ids.inverted_pair", p, "5,4");
	CHECK("thread.ids.inverted_no_context", t && !t->context && no_duplicates(t));
	thread_free(t);
	thread_pool_free(p);

	/* a chain whose ids fall and rise, and a second reply to the root */
	p = pool3();
	thread_pool_add_tweet(p, tw("100", "1", "100", NULL, "root"));
	thread_pool_add_tweet(p, tw("90", "1", "100", "100", "a"));
	thread_pool_add_tweet(p, tw("95", "1", "100", "90", "b"));
	thread_pool_add_tweet(p, tw("80", "1", "100", "95", "c"));
	thread_pool_add_tweet(p, tw("120", "1", "100", "100", "d"));
	t = assemble_check("thread.ids.inverted_chain", p, "100,90,95,80,120");
	thread_free(t);
	thread_pool_free(p);

	/* the root answers another account; the author's reply has a smaller id */
	p = pool3();
	thread_pool_add_tweet(p, tw("55", "1", "50", "60", "ann goes on"));
	thread_pool_add_tweet(p, tw("60", "1", "50", "50", "ann answers"));
	thread_pool_add_tweet(p, tw("50", "2", "50", NULL, "bob asks"));
	t = assemble_check("thread.ids.inverted_context", p, "60,55");
	CHECK_STR("thread.ids.inverted_context_is", t && t->context ? t->context->id : NULL, "50");
	thread_free(t);
	thread_pool_free(p);

	/* ids past 2^64 and zero-padded ones compare as numbers, never overflow */
	p = pool3();
	thread_pool_add_tweet(p, tw("18446744073709551616", "1", "18446744073709551616", NULL, "root"));
	thread_pool_add_tweet(p, tw("99999999999999999999", "1", "18446744073709551616",
				    "18446744073709551616", "a"));
	thread_pool_add_tweet(p, tw("018446744073709551617", "1", "18446744073709551616",
				    "18446744073709551616", "b"));
	t = assemble_check("thread.ids.huge", p,
			   "18446744073709551616,018446744073709551617,99999999999999999999");
	thread_free(t);
	thread_pool_free(p);
}

/* Pools of random reply links among random ids (inversions, siblings,
 * cycles, parents of other accounts or absent): never a tweet twice. */
static void test_assemble_random(void)
{
	uint32_t seed = 12345;
	int ok = 1;

	for (int round = 0; round < 300 && ok; round++) {
		thread_pool *p = pool3();
		size_t n = 2 + (seed = seed * 1103515245u + 12345u) % 12;
		char ids[16][8];
		for (size_t i = 0; i < n; i++)
			snprintf(ids[i], sizeof ids[i], "%u", 1 + (seed = seed * 1103515245u + 12345u) % 40);
		for (size_t i = 0; i < n; i++) {
			uint32_t r = (seed = seed * 1103515245u + 12345u) >> 8;
			const char *parent = r % 5 == 0 ? NULL : r % 7 == 0 ? "77" : ids[(r >> 4) % n];
			const char *author = r % 6 == 0 ? "2" : "1";
			thread_pool_add_tweet(p, tw(ids[i], author, r % 3 ? NULL : ids[0], parent, "x"));
		}
		thread *t = NULL;
		char msg[128];
		tp_result res = thread_assemble(p, &t, msg, sizeof msg);
		ok = (res != TP_OK && !t) || no_duplicates(t);
		if (!ok) {
			char *got = order(t);
			printf("  (round %d: %s, context %s)\n", round, got, t->context ? t->context->id : "-");
			free(got);
		}
		thread_free(t);
		thread_pool_free(p);
	}
	CHECK("thread.ids.random_never_twice", ok);
}

/* Ids that are not decimal numbers are refused with one line naming them. */
static void test_check_ids(void)
{
	static const struct {
		const char *id, *parent, *conv, *want;
	} cases[] = {
		{"10", "9", "9", NULL},
		{"018446744073709551616", "99999999999999999999", "1", NULL},
		{"-4", NULL, "-5", "in.json: tweet id \"-4\" is not a decimal number"},
		{"", NULL, "1", "in.json: tweet id \"\" is not"},
		{"10", "abc", "9", "in.json: tweet 10: replied-to id \"abc\" is not a decimal number"},
		{"10", "9", "9 ", "in.json: tweet 10: conversation id \"9 \" is not"},
		{"1\n2", NULL, "1", "in.json: tweet id \"1?2\" is not"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		thread_pool *p = pool3();
		char msg[200] = "", name[64];
		thread_pool_add_tweet(p, tw(cases[i].id, "1", cases[i].conv, cases[i].parent, "x"));
		tp_result r = thread_pool_check_ids(p, "in.json", msg, sizeof msg);
		snprintf(name, sizeof name, "thread.ids.check_%zu", i);
		if (!cases[i].want)
			CHECK(name, r == TP_OK);
		else
			CHECK(name, r == TP_ERR_INPUT && strstr(msg, cases[i].want) && !strchr(msg, '\n'));
		thread_pool_free(p);
	}
	thread_pool *p = pool3();
	thread_tweet *q = tw("11", "1", "11", NULL, "x");
	q->quote_id = xstrdup("0x1f");
	thread_pool_add_tweet(p, q);
	char msg[200] = "";
	CHECK("thread.ids.check_quote", thread_pool_check_ids(p, "in.json", msg, sizeof msg) == TP_ERR_INPUT &&
						strstr(msg, "quoted id \"0x1f\""));
	thread_pool_free(p);
	CHECK("thread.ids.valid", thread_id_valid("0") && thread_id_valid("00123") && !thread_id_valid("") &&
					  !thread_id_valid(NULL) && !thread_id_valid("+1") && !thread_id_valid("1e5"));
	CHECK("thread.idcmp.non_numeric_last", thread_id_cmp("99999999999999999999999", "-1") < 0 &&
						       thread_id_cmp("-4", "-5") < 0 && thread_id_cmp("abc", "abc") == 0);
}

/* Copies are deep; text joins spans; the dump is stable. */
static void test_copy_dump(void)
{
	thread_pool *p = pool3();
	thread_tweet *t0 = tw("10", "1", "10", NULL, "Hello \"there\"\n");
	t0->spans = xrealloc(t0->spans, 2 * sizeof *t0->spans);
	t0->spans[1] = (thread_span){SPAN_URL, xstrdup("example.org"), xstrdup("https://example.org/")};
	t0->nspans = 2;
	t0->media = xcalloc(1, sizeof *t0->media);
	t0->media[0] = (thread_media){MEDIA_VIDEO, xstrdup("prev.jpg"), NULL, xstrdup("alt"), 640, 360, {0}};
	t0->nmedia = 1;
	t0->created = 1672854009;
	thread_pool_add_tweet(p, t0);
	thread_pool_link(p);
	CHECK_STR("thread.link.video", t0->media[0].link, "https://x.com/ann/status/10");

	thread_tweet *c = thread_tweet_copy(t0);
	CHECK("thread.copy.deep", c && c->spans != t0->spans && c->spans[1].href != t0->spans[1].href &&
					  strcmp(c->spans[1].href, t0->spans[1].href) == 0 && c->media[0].url != t0->media[0].url);
	char *s = thread_tweet_text(c);
	CHECK_STR("thread.text", s, "Hello \"there\"\nexample.org");
	free(s);
	thread_tweet_free(c);

	thread *t = NULL;
	char msg[128];
	thread_assemble(p, &t, msg, sizeof msg);
	buf b;
	buf_init(&b);
	if (t)
		thread_dump(t, &b);
	CHECK_STR("thread.dump", b.data,
		  "thread https://x.com/ann/status/10\n"
		  "author @ann \"Name of ann\" id=1 avatar=-\n"
		  "tweets 1 entries 1\n"
		  "1 id=10 time=2023-01-04T17:40:09Z by=@ann\n"
		  "  permalink https://x.com/ann/status/10\n"
		  "  text \"Hello \\\"there\\\"\\n\"\n"
		  "  url \"example.org\" -> https://example.org/\n"
		  "  media video 640x360 prev.jpg link=https://x.com/ann/status/10 alt=\"alt\"\n");
	buf_free(&b);
	thread_free(t);
	thread_free(NULL);
	thread_tweet_free(NULL);
	thread_user_free(NULL);
	thread_pool_free(p);
}

/* "root:count root:count ..." of a pool's thread listing. */
static char *listing(const thread_pool *p, const char *author)
{
	thread_entry *e = NULL;
	size_t n = thread_pool_threads(p, author, &e);
	buf b;

	buf_init(&b);
	buf_add(&b, "", 0);
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s%s:%zu", i ? " " : "", e[i].root_id, e[i].ntweets);
	free(e);
	return buf_steal(&b, NULL);
}

/* Assembles the thread at root and checks its entries against want. */
static void root_check(const char *name, const thread_pool *p, const char *root, const char *want)
{
	thread *t = NULL;
	char msg[256] = "";
	tp_result r = thread_assemble_root(p, "1", root, &t, msg, sizeof msg);
	char *got = order(t);

	if (r != TP_OK)
		printf("FAIL %s: %s\n", name, msg), check_failed = 1;
	else
		CHECK_STR(name, got, want);
	free(got);
	thread_free(t);
}

/* An archive-like pool (no conversation ids): a branching thread, a single
 * tweet, a reply to another account, a chain under a deleted tweet, a thread
 * answering someone, and another author's tweets. */
static thread_pool *many_threads(void)
{
	thread_pool *p = pool3();
	thread_tweet *t;

	thread_pool_add_tweet(p, tw("12", "1", NULL, "11", "c"));
	thread_pool_add_tweet(p, tw("10", "1", NULL, NULL, "a"));
	thread_pool_add_tweet(p, tw("11", "1", NULL, "10", "b"));
	thread_pool_add_tweet(p, tw("13", "1", NULL, "11", "branch"));
	thread_pool_add_tweet(p, tw("20", "1", NULL, NULL, "single"));
	thread_pool_add_tweet(p, tw("29", "2", NULL, NULL, "bob asks"));
	thread_pool_add_tweet(p, tw("30", "1", NULL, "29", "ann answers"));
	thread_pool_add_tweet(p, tw("31", "1", NULL, "30", "and goes on"));
	t = tw("41", "1", NULL, "40", "after a deleted one");
	t->reply_to_user_id = xstrdup("1");
	thread_pool_add_tweet(p, t);
	thread_pool_add_tweet(p, tw("42", "1", NULL, "41", "more"));
	t = tw("51", "1", NULL, "50", "answering someone gone");
	t->reply_to_user_id = xstrdup("3");
	thread_pool_add_tweet(p, t);
	thread_pool_add_tweet(p, tw("60", "2", NULL, NULL, "bob's own"));
	thread_pool_add_tweet(p, tw("61", "2", NULL, "60", "bob again"));
	thread_pool_link(p);
	return p;
}

/* Listing every thread of an author, and assembling each at its root. */
static void test_pool_threads(void)
{
	thread_pool *p = many_threads();
	thread *t = NULL;
	char msg[256] = "";
	char *got = listing(p, "1");

	CHECK_STR("threads: every thread of ann, in root order", got, "10:4 20:1 30:2 41:2 51:1");
	free(got);
	got = listing(p, "2");
	CHECK_STR("threads: bob's", got, "29:1 60:2");
	free(got);
	root_check("threads: branches in id order", p, "10", "10,11,12,13");
	root_check("threads: a deleted parent is a gap", p, "41", "GAP:40,41,42");
	root_check("threads: a single tweet", p, "20", "20");
	CHECK("threads: not a root", thread_assemble_root(p, "1", "11", &t, msg, sizeof msg) == TP_ERR_INPUT && !t);
	CHECK("threads: the error names the id", strstr(msg, "11") != NULL);
	CHECK("threads: unknown id", thread_assemble_root(p, "1", "999", &t, msg, sizeof msg) == TP_ERR_INPUT);
	thread_assemble_root(p, "1", "30", &t, msg, sizeof msg);
	CHECK("threads: the answered tweet is context", t && t->context && strcmp(t->context->id, "29") == 0);
	thread_free(t);
	thread_pool_add_tweet(p, tw("32", "1", NULL, "31", "a late one"));
	got = listing(p, "1");
	CHECK_STR("threads: the grouping follows the pool", got, "10:4 20:1 30:3 41:2 51:1");
	free(got);
	thread_pool_free(p);
}

/* Listing a large pool touches each tweet a bounded number of times: 20,000
 * threads of 3 tweets are listed and every one assembled. */
static void test_pool_threads_large(void)
{
	thread_pool *p = pool3();
	char id[3][32];
	size_t ok = 0;

	for (int i = 0; i < 20000; i++) {
		for (int k = 0; k < 3; k++)
			snprintf(id[k], sizeof id[k], "%d", 100000 + 3 * i + k);
		thread_pool_add_tweet(p, tw(id[0], "1", NULL, NULL, "root"));
		thread_pool_add_tweet(p, tw(id[1], "1", NULL, id[0], "two"));
		thread_pool_add_tweet(p, tw(id[2], "1", NULL, id[1], "three"));
	}
	thread_entry *e = NULL;
	size_t n = thread_pool_threads(p, "1", &e);
	for (size_t i = 0; i < n; i++) {
		thread *t = NULL;
		char msg[128];
		if (thread_assemble_root(p, "1", e[i].root_id, &t, msg, sizeof msg) == TP_OK &&
		    t->ntweets == 3)
			ok++;
		thread_free(t);
	}
	CHECK("threads: 20,000 threads listed", n == 20000);
	CHECK("threads: each assembles with its 3 tweets", ok == 20000);
	free(e);
	thread_pool_free(p);
}

/* Runs the thread tests. */
int main(void)
{
	test_id_cmp();
	test_time();
	test_pool();
	test_assemble_chains();
	test_assemble_context();
	test_assemble_misc();
	test_assemble_edits();
	test_long_chains();
	test_assemble_inverted();
	test_assemble_random();
	test_check_ids();
	test_copy_dump();
	test_pool_threads();
	test_pool_threads_large();
	CHECK_DONE();
}
