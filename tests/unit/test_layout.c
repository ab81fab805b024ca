/* Unit tests of layout: what a reader of the pages would check (every box
 * on its page and shorter than the text area, text inside the text area,
 * nothing over the footer, images whole, headings never alone at a page
 * bottom, no orphan/widow lines, page numbers, links for every link span,
 * header on page 1 only), long labels clipped, page counts across papers and
 * sizes, and golden dumps of synthetic threads and of the samples.
 * TP_GOLDEN_UPDATE=1 rewrites the golden files instead of comparing. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "diag.h"
#include "fonts.h"
#include "layout.h"
#include "media.h"
#include "text.h"
#include "thread.h"
#include "util.h"
#include "xv2.h"

static fonts *F;
static text *T;
static char name_buf[256];

/* A check name with a configuration prefix. */
static const char *nm(const char *cfg, const char *what)
{
	snprintf(name_buf, sizeof name_buf, "layout %s: %s", cfg, what);
	return name_buf;
}

/* The bytes of a PNG header announcing w x h pixels: enough for image_probe. */
static thread_blob png_blob(int w, int h)
{
	static const unsigned char head[16] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n',
						0, 0, 0, 13, 'I', 'H', 'D', 'R' };
	thread_blob b = { .data = xcalloc(1, 33), .len = 33 };

	memcpy(b.data, head, 16);
	b.data[16] = (unsigned char)(w >> 24), b.data[17] = (unsigned char)(w >> 16);
	b.data[18] = (unsigned char)(w >> 8), b.data[19] = (unsigned char)w;
	b.data[20] = (unsigned char)(h >> 24), b.data[21] = (unsigned char)(h >> 16);
	b.data[22] = (unsigned char)(h >> 8), b.data[23] = (unsigned char)h;
	b.data[24] = 8, b.data[25] = 2;
	return b;
}

/* A user with a (fake) PNG avatar or none. */
static thread_user *user(const char *id, const char *name, const char *handle, int avatar)
{
	thread_user *u = thread_user_new();

	u->id = xstrdup(id);
	u->name = xstrdup(name);
	u->handle = xstrdup(handle);
	u->avatar_url = xasprintf("https://pbs.example/%s.png", handle);
	if (avatar)
		u->avatar = png_blob(400, 400);
	return u;
}

/* Appends a span to a tweet. */
static void span(thread_tweet *t, thread_span_kind k, const char *s, const char *href)
{
	t->spans = xrealloc(t->spans, (t->nspans + 1) * sizeof *t->spans);
	t->spans[t->nspans++] = (thread_span){ k, xstrdup(s), href ? xstrdup(href) : NULL };
}

/* Appends a photo (or video/GIF preview) w x h; ok = 0 marks it failed. */
static void media(thread_tweet *t, thread_media_kind k, int w, int h, const char *alt, int ok)
{
	thread_media *m;

	t->media = xrealloc(t->media, (t->nmedia + 1) * sizeof *t->media);
	m = &t->media[t->nmedia];
	memset(m, 0, sizeof *m);
	m->kind = k;
	m->url = xasprintf("https://pbs.example/media/%zu_%d.jpg", t->nmedia, w);
	m->link = k == MEDIA_PHOTO ? NULL : xstrdup("https://video.example/v.mp4");
	m->alt = alt ? xstrdup(alt) : NULL;
	m->width = w;
	m->height = h;
	if (ok)
		m->img = png_blob(w, h);
	else
		m->img.failed = 1;
	t->nmedia++;
}

/* A tweet by u with a permalink. */
static thread_tweet *tweet(const char *id, thread_user *u, int64_t created)
{
	thread_tweet *t = thread_tweet_new();

	t->id = xstrdup(id);
	t->author_id = xstrdup(u->id);
	t->author = u;
	t->created = created;
	t->permalink = xasprintf("https://x.com/%s/status/%s", u->handle, id);
	return t;
}

static unsigned rnd_state;

/* A small deterministic generator (the same thread on every machine). */
static unsigned rnd(unsigned n)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 16) % n;
}

/* Appends a sentence of plain words to b. */
static void sentence(buf *b)
{
	static const char *const w[] = { "model", "data", "the", "garden", "of", "a", "batch", "soil",
		"water", "and", "in", "light", "tomatoes", "we", "it", "is", "gradient", "seedlings",
		"compost", "morning", "that", "for", "with", "patience", "weather", "rows" };
	unsigned n = 6 + rnd(11);

	for (unsigned i = 0; i < n; i++) {
		const char *s = w[rnd(sizeof w / sizeof *w)];
		if (i == 0)
			buf_printf(b, "%c%s", s[0] - 'a' + 'A', s + 1);
		else
			buf_printf(b, " %s", s);
	}
	buf_adds(b, rnd(4) ? ". " : "? ");
}

/* The text of tweet i: 1-3 paragraphs, then links of every kind on some tweets. */
static void fill_tweet(thread_tweet *t, size_t i, int long_para)
{
	unsigned np = 1 + rnd(3);
	buf b;

	buf_init(&b);
	for (unsigned p = 0; p < np; p++) {
		unsigned ns = long_para && p == 0 ? 9 : 1 + rnd(3);
		for (unsigned s = 0; s < ns; s++)
			sentence(&b);
		if (p + 1 < np)
			buf_adds(&b, rnd(3) ? "\n\n" : "\n");
	}
	span(t, SPAN_TEXT, b.data, NULL);
	buf_free(&b);
	if (i % 3 == 1) {
		span(t, SPAN_TEXT, " Read ", NULL);
		span(t, SPAN_URL, "example.org/garden/notes", "https://example.org/garden/notes?x=1");
	}
	if (i % 4 == 2) {
		span(t, SPAN_TEXT, " thanks ", NULL);
		span(t, SPAN_MENTION, "@bob", "https://x.com/bob");
	}
	if (i % 5 == 0) {
		span(t, SPAN_TEXT, " ", NULL);
		span(t, SPAN_HASHTAG, i % 2 ? "#garden" : "#Compost", "https://x.com/hashtag/garden");
	}
	if (i % 7 == 3) {
		span(t, SPAN_TEXT, " ", NULL);
		span(t, SPAN_CASHTAG, "$SEED", "https://x.com/search?q=%24SEED");
	}
}

/* Appends a tweet to a thread. */
static void add(thread *th, thread_tweet *t)
{
	th->tweets = xrealloc(th->tweets, (th->ntweets + 1) * sizeof *th->tweets);
	th->tweets[th->ntweets++] = t;
}

/* A quoted tweet by another account, with one photo. */
static thread_tweet *quote(thread *th)
{
	thread_user *q = user("99", "Quentin Quoted", "quentin", 0);
	thread_tweet *t = tweet("1500", q, 1612700000);

	th->users = xrealloc(th->users, (th->nusers + 1) * sizeof *th->users);
	th->users[th->nusers++] = q;
	span(t, SPAN_TEXT, "The original observation, which the thread comments on at some length. ", NULL);
	span(t, SPAN_URL, "example.com/q", "https://example.com/q");
	media(t, MEDIA_PHOTO, 800, 600, NULL, 1);
	return t;
}

/* A synthetic thread of n tweets with about nphoto photos; `extras` adds a
 * context tweet, a gap, a quote, a video, a failed image, alt text and a long
 * paragraph. */
static thread *synth(size_t n, size_t nphoto, unsigned seed, int extras)
{
	thread *th = xcalloc(1, sizeof *th);
	char id[32];

	rnd_state = seed;
	th->author = user("4242", "Ada Example", "ada_example", 1);
	th->url = xstrdup("https://x.com/ada_example/status/1000");
	for (size_t i = 0; i < n; i++) {
		snprintf(id, sizeof id, "%zu", 1000 + i);
		thread_tweet *t = tweet(id, th->author, 1612656000 + 60 * (int64_t)i);
		if (extras && i == 3) {
			thread_tweet_free(t);
			t = thread_tweet_new();
			t->gap = 1;
			add(th, t);
			continue;
		}
		fill_tweet(t, i, extras && i == 4);
		if (nphoto && i % (n / nphoto) == 1)
			media(t, MEDIA_PHOTO, 1200, i % 3 ? 675 : 1600, i % 2 ? "A row of seedlings" : NULL, 1);
		if (extras && i == 2)
			t->quote = quote(th);
		if (extras && i == 5)
			media(t, MEDIA_VIDEO, 1280, 720, NULL, 1);
		if (extras && i == 6)
			media(t, MEDIA_PHOTO, 1000, 1000, "The greenhouse at dawn", 0);
		add(th, t);
	}
	if (extras) {
		thread_user *c = user("77", "Carla Context", "carla", 0);
		th->users = xrealloc(th->users, (th->nusers + 1) * sizeof *th->users);
		th->users[th->nusers++] = c;
		th->context = tweet("900", c, 1612600000);
		span(th->context, SPAN_TEXT, "What did you learn from your garden this year?", NULL);
	}
	return th;
}

/* Lays a thread out; NULL (and a FAIL) on error. */
static layout_doc *lay(const thread *th, layout_paper paper, float size)
{
	layout_opts o = { .paper = paper, .font_size = size };
	layout_doc *d = NULL;
	char msg[256] = "";

	if (layout_thread(th, T, &o, &d, msg, sizeof msg) != TP_OK) {
		printf("FAIL layout_thread: %s\n", msg);
		check_failed = 1;
	}
	return d;
}

/* 1 when a box lies in the footer band (below the text area). */
static int in_footer(const layout_doc *d, const layout_box *b)
{
	float top = b->kind == BOX_TEXT ? b->y - b->run->size : b->y;

	return top >= d->body_y + d->body_h;
}

/* 1 when a box lies inside the text area (text: its baseline and cap height). */
static int in_body(const layout_doc *d, const layout_box *b)
{
	const float e = 0.5f;
	float top = b->kind == BOX_TEXT ? b->y - 0.7f * b->run->size : b->y;
	float bot = b->kind == BOX_TEXT ? b->y : b->y + b->h;

	return b->x >= d->body_x - e && b->x + b->w <= d->body_x + d->body_w + e &&
	       top >= d->body_y - e && bot <= d->body_y + d->body_h + e;
}

/* The text of a text box equals s. */
static int text_is(const layout_box *b, const char *s)
{
	size_t n = b->kind == BOX_TEXT ? b->run->end - b->run->start : 0;

	return b->kind == BOX_TEXT && strlen(s) == n && memcmp(b->text + b->run->start, s, n) == 0;
}

/* The boxes of a layout that break a rule: every box inside the text area, or
 * in the footer band under it (text and links only, inside the column). */
static int rule_areas(const layout_doc *d, const thread *th, float size)
{
	int ok = 1;

	for (size_t p = 0; p < d->npages; p++)
		for (size_t i = 0; i < d->pages[p].nboxes; i++) {
			const layout_box *b = &d->pages[p].boxes[i];
			int good = in_footer(d, b) ? (b->kind == BOX_TEXT || b->kind == BOX_LINK) &&
							     b->y + (b->kind == BOX_LINK ? b->h : 0) <= d->page_h &&
							     b->x >= d->body_x - 0.5f &&
							     b->x + b->w <= d->body_x + d->body_w + 0.5f
						   : in_body(d, b);
			if (!good && ok)
				printf("# box %d at %.1f %.1f %.1f %.1f on page %zu\n", b->kind, b->x, b->y, b->w,
				       b->h, p + 1);
			ok &= good;
		}
	return ok;
}

/* "n / N" and the source link in the footer band of every page. */
static int rule_footer(const layout_doc *d, const thread *th, float size)
{
	int ok = 1;
	char want[64];

	for (size_t p = 0; p < d->npages; p++) {
		int num = 0, link = 0;
		snprintf(want, sizeof want, "%zu / %zu", p + 1, d->npages);
		for (size_t i = 0; i < d->pages[p].nboxes; i++) {
			const layout_box *b = &d->pages[p].boxes[i];
			if (!in_footer(d, b))
				continue;
			num |= text_is(b, want);
			link |= b->kind == BOX_LINK && b->uri && strcmp(b->uri, th->url) == 0;
		}
		ok &= num && link;
	}
	return ok;
}

/* A bold text box holding the start of name (a name may be set in several
 * runs; a long one ends in an ellipsis). */
static int name_start(const layout_box *b, const char *name)
{
	size_t n = b->kind == BOX_TEXT ? b->run->end - b->run->start : 0;

	if (n > 3 && memcmp(b->text + b->run->end - 3, "\xE2\x80\xA6", 3) == 0)
		n -= 3;

	return n && b->run->start == 0 && (b->run->style & TEXT_BOLD) && n <= strlen(name) &&
	       memcmp(b->text, name, n) == 0;
}

/* The avatar (image or initials disc) and the author's name on page 1, and only there. */
static int rule_header(const layout_doc *d, const thread *th, float size)
{
	int first = 0, later = 0;

	for (size_t p = 0; p < d->npages; p++)
		for (size_t i = 0; i < d->pages[p].nboxes; i++) {
			const layout_box *b = &d->pages[p].boxes[i];
			int hit = (b->kind == BOX_IMAGE && b->circle) || name_start(b, th->author->name) ||
				  (b->kind == BOX_RECT && b->radius > 0 && fabsf(2 * b->radius - b->w) < 0.01f);
			if (p == 0)
				first += hit;
			else
				later += hit;
		}
	return first == 2 && later == 0;
}

/* Something of the tweet below every heading on the heading's page. */
static int rule_headings(const layout_doc *d, const thread *th, float size)
{
	int ok = 1;

	for (size_t m = 0; m < d->nmarks; m++) {
		const layout_page *pg = &d->pages[d->marks[m].page];
		float below = d->marks[m].y + 0.8f * size * 1.45f;
		int found = 0;
		for (size_t i = 0; i < pg->nboxes && !found; i++) {
			const layout_box *b = &pg->boxes[i];
			float top = b->kind == BOX_TEXT ? b->y - b->run->size : b->y;
			found = !in_footer(d, b) && b->kind != BOX_LINK && top > below - 0.5f;
		}
		if (!found)
			printf("# heading %zu alone at the bottom of page %d\n", m + 1, d->marks[m].page + 1);
		ok &= found;
	}
	return ok;
}

/* Number of lines (distinct baselines) of paragraph text s on a page. */
static int para_lines(const layout_page *pg, const char *s)
{
	float ys[256];
	int n = 0;

	for (size_t i = 0; i < pg->nboxes; i++) {
		const layout_box *b = &pg->boxes[i];
		int seen = 0;
		if (b->kind != BOX_TEXT || b->text != s)
			continue;
		for (int k = 0; k < n; k++)
			seen |= fabsf(ys[k] - b->y) < 0.01f;
		if (!seen && n < 256)
			ys[n++] = b->y;
	}
	return n;
}

/* The paragraph text of the last (or first) body text box of a page. */
static const char *edge_para(const layout_doc *d, const layout_page *pg, int last)
{
	for (size_t i = 0; i < pg->nboxes; i++) {
		const layout_box *b = &pg->boxes[last ? pg->nboxes - 1 - i : i];
		if (b->kind == BOX_TEXT && !in_footer(d, b))
			return b->text;
	}
	return NULL;
}

static int splits_seen;

/* A paragraph of 3+ lines split across pages leaves at least 2 lines on each side. */
static int rule_widows(const layout_doc *d, const thread *th, float size)
{
	int ok = 1;

	for (size_t p = 0; p + 1 < d->npages; p++) {
		const char *s = edge_para(d, &d->pages[p], 1);
		if (!s || s != edge_para(d, &d->pages[p + 1], 0))
			continue;
		int a = para_lines(&d->pages[p], s), b = para_lines(&d->pages[p + 1], s);
		splits_seen++;
		if (a + b >= 3 && (a < 2 || b < 2)) {
			printf("# paragraph split %d | %d after page %zu\n", a, b, p + 1);
			ok = 0;
		}
	}
	return ok;
}

/* 1 when a link box to uri exists somewhere in the document. */
static int has_link(const layout_doc *d, const char *uri)
{
	for (size_t p = 0; p < d->npages; p++)
		for (size_t i = 0; i < d->pages[p].nboxes; i++)
			if (d->pages[p].boxes[i].kind == BOX_LINK && d->pages[p].boxes[i].uri &&
			    strcmp(d->pages[p].boxes[i].uri, uri) == 0)
				return 1;
	return 0;
}

/* A link box for every link span of every tweet (and quoted tweet) and for every permalink. */
static int rule_links(const layout_doc *d, const thread *th, float size)
{
	int ok = 1;

	for (size_t i = 0; i < th->ntweets; i++) {
		const thread_tweet *t = th->tweets[i];
		for (int q = 0; q < 2 && t; q++, t = t->quote) {
			for (size_t s = 0; s < t->nspans; s++)
				if (t->spans[s].href && !has_link(d, t->spans[s].href)) {
					printf("# no link to %s\n", t->spans[s].href);
					ok = 0;
				}
			if (t->permalink && !has_link(d, t->permalink)) {
				printf("# no link to %s\n", t->permalink);
				ok = 0;
			}
		}
	}
	return ok;
}

/* The outline: one mark per real tweet, in page order, numbered titles of at most 60 characters. */
static int rule_marks(const layout_doc *d, const thread *th, float size)
{
	int ok = d->nmarks == thread_count(th);

	for (size_t m = 0; ok && m < d->nmarks; m++) {
		char pre[32];
		snprintf(pre, sizeof pre, "%zu. ", m + 1);
		ok = strncmp(d->marks[m].title, pre, strlen(pre)) == 0 &&
		     utf8_count(d->marks[m].title, strlen(d->marks[m].title)) <= 60 &&
		     (m == 0 || d->marks[m].page > d->marks[m - 1].page ||
		      (d->marks[m].page == d->marks[m - 1].page && d->marks[m].y > d->marks[m - 1].y));
	}
	return ok;
}

/* 1 when a box lies wholly on its page (text: from its cap height to its baseline). */
static int on_page(const layout_doc *d, const layout_box *b)
{
	const float e = 0.5f;
	float top = b->kind == BOX_TEXT ? b->y - 0.7f * b->run->size : b->y;
	float bot = b->kind == BOX_TEXT ? b->y : b->y + b->h;

	return b->x >= -e && b->x + b->w <= d->page_w + e && top >= -e && bot <= d->page_h + e;
}

/* Every box lies on its page and none is taller than the text area. */
static int rule_page(const layout_doc *d, const thread *th, float size)
{
	int ok = 1;

	for (size_t p = 0; p < d->npages; p++)
		for (size_t i = 0; i < d->pages[p].nboxes; i++) {
			const layout_box *b = &d->pages[p].boxes[i];
			int good = on_page(d, b) && b->h <= d->body_h + 0.01f;
			if (!good && ok)
				printf("# box %d at %.1f %.1f %.1f %.1f off page %zu or too tall\n", b->kind, b->x,
				       b->y, b->w, b->h, p + 1);
			ok &= good;
		}
	return ok;
}

/* What a reader would check on any layout. */
static const struct {
	const char *what;
	int (*fn)(const layout_doc *, const thread *, float);
} rules[] = {
	{ "every box on its page, none taller than the text area", rule_page },
	{ "every box inside the text area or the footer, images whole", rule_areas },
	{ "footer n / N and the source link on every page", rule_footer },
	{ "header (avatar, name) on page 1 only", rule_header },
	{ "no tweet heading last on a page", rule_headings },
	{ "no orphan or widow line", rule_widows },
	{ "link boxes for every link span and tweet", rule_links },
	{ "marks: one per tweet, in order, titled", rule_marks },
};
#define NRULES (sizeof rules / sizeof *rules)

/* Every rule on one layout, one check each. */
static void check_all(const char *cfg, const layout_doc *d, const thread *th, float size)
{
	for (size_t r = 0; r < NRULES; r++)
		CHECK(nm(cfg, rules[r].what), rules[r].fn(d, th, size));
}

/* Compares a dump with tests/golden/layout/<name>.txt, or rewrites it when TP_GOLDEN_UPDATE=1. */
static void golden(const char *name, const layout_doc *d)
{
	char *path = xasprintf("tests/golden/layout/%s.txt", name), *what = xasprintf("layout golden %s", name);
	buf got, want;

	buf_init(&got);
	buf_init(&want);
	layout_dump(d, F, &got);
	if (getenv("TP_GOLDEN_UPDATE") && strcmp(getenv("TP_GOLDEN_UPDATE"), "1") == 0) {
		FILE *f = (mkdir("tests/golden/layout", 0777), fopen(path, "w"));
		CHECK(what, f && fwrite(got.data, 1, got.len, f) == got.len && fclose(f) == 0);
	} else if (util_read_file(path, &want) != 0) {
		printf("FAIL %s: cannot read %s (TP_GOLDEN_UPDATE=1 writes it)\n", what, path);
		check_failed = 1;
	} else if (strcmp(got.data, want.data) != 0) {
		size_t i = 0, line = 1;
		for (; got.data[i] && got.data[i] == want.data[i]; i++)
			line += got.data[i] == '\n';
		printf("FAIL %s: differs from %s at line %zu\n", what, path, line);
		check_failed = 1;
	} else
		CHECK(what, 1);
	buf_free(&got);
	buf_free(&want);
	free(path);
	free(what);
}

/* The synthetic thread on every paper at 11 pt and 14 pt, checked and compared. */
static void test_synthetic(void)
{
	static const char *const paper[] = { "a4", "letter", "a5" };
	thread *th = synth(40, 8, 7, 1);
	size_t pages[3][2] = { { 0 } };
	int warned = diag_warnings;

	for (int p = 0; p < 3; p++)
		for (int s = 0; s < 2; s++) {
			float size = s ? 14.0f : 11.0f;
			char cfg[32];
			snprintf(cfg, sizeof cfg, "%s/%.0f", paper[p], size);
			layout_doc *d = lay(th, (layout_paper)p, size);
			if (!d)
				continue;
			pages[p][s] = d->npages;
			check_all(cfg, d, th, size);
			if (p == 0 && s == 0)
				golden("synthetic-a4", d);
			if (p == 2 && s == 1)
				golden("synthetic-a5-14", d);
			layout_doc_free(d);
		}
	printf("# pages: a4 %zu/%zu letter %zu/%zu a5 %zu/%zu (11/14 pt)\n", pages[0][0], pages[0][1],
	       pages[1][0], pages[1][1], pages[2][0], pages[2][1]);
	CHECK("layout: 14 pt takes more pages than 11 pt", pages[0][1] > pages[0][0] && pages[2][1] > pages[2][0]);
	CHECK("layout: a5 takes 1.2-3x the pages of a4",
	      pages[2][0] * 10 >= pages[0][0] * 12 && pages[2][0] <= pages[0][0] * 3);
	CHECK("layout: letter within 15% of a4",
	      pages[1][0] * 100 <= pages[0][0] * 115 && pages[1][0] * 100 >= pages[0][0] * 85);
	CHECK("layout: no warning of its own for the failed image (media warns)", diag_warnings == warned);
	thread_free(th);
}

/* The quote, context, gap, placeholder and video of a small thread, and its document information. */
static void test_features(void)
{
	thread *th = synth(10, 2, 3, 1);
	layout_doc *d = lay(th, PAPER_A4, 11);
	int quote = 0, dashed = 0, ph = 0, play = 0, gap = 0, ctx = 0;

	for (size_t p = 0; d && p < d->npages; p++)
		for (size_t i = 0; i < d->pages[p].nboxes; i++) {
			const layout_box *b = &d->pages[p].boxes[i];
			quote += b->kind == BOX_RECT && b->fill && b->stroke && b->radius > 0;
			dashed += b->kind == BOX_RECT && b->dash > 0;
			ph += b->kind == BOX_PLACEHOLDER && b->uri && strstr(b->uri, "pbs.example");
			play += b->kind == BOX_IMAGE && b->play;
			if (b->kind == BOX_TEXT) {
				gap += b->run->start == 0 && b->run->end >= 3 && memcmp(b->text, "\xE2\x8B\xAF", 3) == 0;
				ctx += text_is(b, "Replying to");
			}
		}
	CHECK("layout features: quote and context boxes framed", quote == 2);
	CHECK("layout features: the gap framed dashed", dashed == 1);
	CHECK("layout features: one gap line", gap == 1);
	CHECK("layout features: context labelled", ctx == 1);
	CHECK("layout features: a placeholder for the failed image", ph == 1);
	CHECK("layout features: video with a play mark", play == 1);
	CHECK_STR("layout info: author", d ? d->author : NULL, "Ada Example (@ada_example)");
	CHECK_STR("layout info: subject", d ? d->subject : NULL, "Thread by @ada_example, 9 tweets");
	CHECK_STR("layout info: keywords", d ? d->keywords : NULL, "Compost, garden");
	CHECK("layout info: created", d && d->created == 1612656000);
	CHECK("layout info: title clipped", d && utf8_count(d->title, strlen(d->title)) <= 70 &&
					     strstr(d->title, "\xE2\x80\xA6"));
	if (d)
		golden("features-a4", d);
	layout_doc_free(d);
	thread_free(th);
}

/* A thread without avatar, media or links: initials, no warning, one page. */
static void test_plain(void)
{
	thread *th = xcalloc(1, sizeof *th);
	int warned = diag_warnings;

	th->author = user("1", "Zoë van Dijk", "zoe", 0);
	th->url = xstrdup("https://twitter.com/zoe/status/5");
	add(th, tweet("5", th->author, 0));
	span(th->tweets[0], SPAN_TEXT, "Just one short tweet.\n\n\n\nWith a second paragraph.\n", NULL);
	layout_doc *d = lay(th, PAPER_A5, 11);
	CHECK("layout plain: one page", d && d->npages == 1);
	CHECK("layout plain: no warning", diag_warnings == warned);
	CHECK_STR("layout plain: keywords default", d ? d->keywords : NULL, "thread, twitter");
	CHECK_STR("layout plain: subject singular", d ? d->subject : NULL, "Thread by @zoe, 1 tweet");
	if (d) {
		check_all("plain", d, th, 11);
		golden("plain-a5", d);
	}
	layout_doc_free(d);
	thread_free(th);
}

/* A long thread (100 tweets, 20 photos) obeys every rule. Its speed is
 * measured by make bench, not here. */
static void test_large(void)
{
	thread *th = synth(100, 20, 11, 0);
	layout_doc *d = lay(th, PAPER_A4, 11);

	CHECK("layout 100 tweets with 20 photos", d != NULL);
	if (d)
		check_all("100 tweets", d, th, 11);
	layout_doc_free(d);
	thread_free(th);
}

/* The rules hold at every size from 8 to 18 pt on A5 and A4 (many different page breaks). */
static void test_sweep(void)
{
	thread *th = synth(30, 6, 5, 1);
	int ok[NRULES], pages = 0;

	for (size_t r = 0; r < NRULES; r++)
		ok[r] = 1;
	splits_seen = 0;
	for (float size = 8; size <= 18; size += 0.5f)
		for (int paper = 0; paper < 3; paper += 2) {
			layout_doc *d = lay(th, (layout_paper)paper, size);
			for (size_t r = 0; d && r < NRULES; r++)
				ok[r] &= rules[r].fn(d, th, size);
			pages += d ? (int)d->npages : 0;
			layout_doc_free(d);
		}
	printf("# sweep: %d pages, %d paragraphs split across pages\n", pages, splits_seen);
	for (size_t r = 0; r < NRULES; r++)
		CHECK(nm("sweep 8-18 pt", rules[r].what), ok[r]);
	CHECK("layout sweep: paragraphs did split across pages", splits_seen > 20);
	thread_free(th);
}

/* A quoted tweet taller than a page splits, with a bar down its side; everything stays in the text area. */
static void test_long_quote(void)
{
	thread *th = synth(3, 0, 9, 0);
	thread_tweet *q = quote(th);
	int bars = 0;

	rnd_state = 1;
	for (int i = 0; i < 40; i++) {
		buf b;
		buf_init(&b);
		sentence(&b);
		sentence(&b);
		buf_adds(&b, "\n\n");
		span(q, SPAN_TEXT, b.data, NULL);
		buf_free(&b);
	}
	th->tweets[1]->quote = q;
	layout_doc *d = lay(th, PAPER_A5, 11);
	for (size_t p = 0; d && p < d->npages; p++)
		for (size_t i = 0; i < d->pages[p].nboxes; i++)
			bars += d->pages[p].boxes[i].kind == BOX_RECT && d->pages[p].boxes[i].w == 1.5f;
	CHECK("layout long quote: split with a side bar", d && d->npages >= 3 && bars > 10);
	if (d)
		check_all("long quote", d, th, 11);
	layout_doc_free(d);
	thread_free(th);
}

/* n words of the sentence generator from seed, without the final punctuation; caller frees. */
static char *many_words(unsigned n, unsigned seed)
{
	buf b;
	unsigned have = 0;

	buf_init(&b);
	rnd_state = seed;
	while (have < n) {
		sentence(&b);
		have = 0;
		for (size_t i = 0; i < b.len; i++)
			have += b.data[i] == ' ' && i + 1 < b.len && b.data[i + 1] != ' ';
	}
	while (b.len && (b.data[b.len - 1] == ' ' || b.data[b.len - 1] == '.' || b.data[b.len - 1] == '?'))
		b.data[--b.len] = '\0';
	return buf_steal(&b, NULL);
}

/* The lines of the first text box whose paragraph starts with `start` (and
 * that paragraph, in *found); 0 when there is none. */
static int label_lines(const layout_doc *d, const char *start, const char **found)
{
	for (size_t p = 0; p < d->npages; p++)
		for (size_t i = 0; i < d->pages[p].nboxes; i++) {
			const layout_box *b = &d->pages[p].boxes[i];
			if (b->kind == BOX_TEXT && strncmp(b->text, start, strlen(start)) == 0) {
				*found = b->text;
				return para_lines(&d->pages[p], b->text);
			}
		}
	return 0;
}

/* Blocks that never split keep a long label to a few lines ending in an
 * ellipsis: a placeholder's 200-word alt text, a 120-word author name; no
 * box is taller than the text area, on any paper and size. */
static void test_long_labels(void)
{
	static const float sizes[] = { 11, 24, 40 };
	thread *th = synth(3, 0, 13, 0);
	char *alt = many_words(200, 3), cfg[64], head[16];
	const char *lab, *name;

	free(th->author->name);
	th->author->name = many_words(120, 4);
	snprintf(head, sizeof head, "%.3s", th->author->name);
	media(th->tweets[1], MEDIA_PHOTO, 1000, 1000, alt, 0);
	for (int paper = 0; paper < 3; paper += 2)
		for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
			layout_doc *d = lay(th, (layout_paper)paper, sizes[s]);
			snprintf(cfg, sizeof cfg, "long labels %s/%.0f", paper ? "a5" : "a4", sizes[s]);
			if (!d)
				continue;
			check_all(cfg, d, th, sizes[s]);
			int nl = label_lines(d, "Image unavailable", &lab);
			CHECK(nm(cfg, "alt text clipped to 1-3 lines with an ellipsis"),
			      nl >= 1 && nl <= 3 && strstr(lab, "\xE2\x80\xA6") && strlen(lab) < strlen(alt));
			nl = label_lines(d, head, &name);
			CHECK(nm(cfg, "author name clipped to 1-2 lines with an ellipsis"),
			      nl >= 1 && nl <= 2 && strstr(name, "\xE2\x80\xA6"));
			layout_doc_free(d);
		}
	free(alt);
	thread_free(th);
}

/* A thread without tweets is an input error, not a crash. */
static void test_empty(void)
{
	thread *th = xcalloc(1, sizeof *th);
	layout_doc *d = NULL;
	char msg[128] = "";

	th->author = user("1", "", "", 0);
	CHECK("layout empty: input error", layout_thread(th, T, NULL, &d, msg, sizeof msg) == TP_ERR_INPUT &&
					      !d && *msg);
	thread_free(th);
	layout_doc_free(NULL);
}

/* 1 when no image of the thread would be fetched over the network. */
static int local_media(const thread *th)
{
	int ok = !th->author->avatar_url || !strstr(th->author->avatar_url, "://");

	for (size_t i = 0; i < th->ntweets; i++)
		for (const thread_tweet *t = th->tweets[i]; t; t = t->quote)
			for (size_t m = 0; m < t->nmedia; m++)
				ok &= !t->media[m].url || !strstr(t->media[m].url, "://");
	return ok;
}

/* A sample thread from samples/<name>/thread.json, checked (and compared
 * with its golden dump when `gold`). */
static void test_sample(const char *name, int gold)
{
	char *path = xasprintf("samples/%s/thread.json", name), *what = xasprintf("sample %s", name);
	char msg[256] = "";
	thread *th = NULL;
	layout_doc *d;

	if (access(path, R_OK) != 0) {
		SKIP(what, "sample not there yet");
	} else if (xv2_load_file(path, &th, msg, sizeof msg) != TP_OK) {
		printf("FAIL %s: %s\n", what, msg);
		check_failed = 1;
	} else {
		if (local_media(th)) {
			media_opts mo = { 0 };
			mo.no_cache = 1;
			media_load_all(th, &mo);
		}
		d = lay(th, PAPER_A4, 11);
		if (d) {
			check_all(what, d, th, 11);
			if (gold)
				golden(name, d);
		}
		layout_doc_free(d);
	}
	thread_free(th);
	free(path);
	free(what);
}

/* Runs every test with the bundled fonts. */
int main(void)
{
	char msg[256];

	if (fonts_new(fonts_default_dir(), &F, msg, sizeof msg) != TP_OK) {
		printf("FAIL layout: fonts: %s\n", msg);
		return 1;
	}
	T = text_new(F);
	test_synthetic();
	test_features();
	test_plain();
	test_large();
	test_sweep();
	test_long_quote();
	test_long_labels();
	test_empty();
	test_sample("garden", 1);
	test_sample("short", 1);
	test_sample("world", 1);
	text_free(T);
	fonts_free(F);
	CHECK_DONE();
}
