/* archive: reads a Twitter/X data archive (zip through libzip, or a folder)
 * into a thread_pool. The tweets files are walked by a streaming splitter
 * that hands one top-level record at a time to cJSON; text is split into
 * spans at the entity indices (code points of the HTML-escaped text), then
 * decoded, as xv2 does for the v2 API. See archive.h. */
#include "archive.h"
#include "xjson.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "diag.h"

#define CHUNK 65536

/* One entry of a zip whose name is safe to use, for lookups by name. */
typedef struct zent {
	const char *name;      /* borrowed from libzip */
	zip_uint64_t index;
} zent;

/* Where the archive's files come from: a zip, a folder, or nothing (text). */
typedef struct source {
	const char *path;      /* as given, for messages */
	zip_t *zip;
	zent *ents;            /* sorted by name */
	size_t nents;
	char *root;            /* folder: its real path */
	char *base;            /* archive-relative prefix of the archive's root ("" or "top/") */
	char *data;            /* prefix of the data files: base + "data/", or base */
} source;

/* An open entry or file being read. */
typedef struct stream {
	zip_file_t *zf;
	int fd;
} stream;

/* A record of note-tweet.js, kept until its tweet is read. */
typedef struct note {
	int64_t created;
	char *text;            /* decoded, for the prefix match */
	cJSON *core;           /* owned: {text, urls, mentions, hashtags, cashtags} */
	int used;
} note;

enum { K_TWEETS, K_NOTES, K_ACCOUNT, K_PROFILE };

/* Everything one archive_read gathers. */
typedef struct reader {
	source *src;           /* NULL: text only, no media */
	const char *entry;     /* the file being read, for messages */
	const char *name;      /* the archive, for messages */
	archive_opts caps;
	thread_pool *pool;
	archive_info *info;
	int kind;              /* K_* of the file being read */
	char *owner_id, *owner_handle, *owner_name, *avatar_url, *header_url;
	char *guess_handle;    /* in_reply_to_screen_name of a self-reply */
	char **media_dirs;
	size_t nmedia_dirs;
	note *notes;
	size_t nnotes;
	size_t not_tweets;
	int wrapped;           /* 1: {"tweet": ...} records seen */
	size_t first;          /* pool tweets before this read (not ours) */
} reader;

/* The splitter's state over one tweets file. */
enum { SP_PREFIX, SP_LIST, SP_RECORD, SP_DONE };
typedef struct splitter {
	int phase, depth, in_str, esc;
	size_t off;            /* bytes consumed so far */
	size_t rec_at;         /* offset where the current record began */
	buf rec;
	size_t max_record;
} splitter;

/* ---- small helpers ---- */

/* The string member key of obj, or NULL. */
static const char *jstr(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* An archive number (a string of digits, or a JSON number) as a long, or def. */
static long jnum(const cJSON *v, long def)
{
	if (cJSON_IsNumber(v))
		return v->valuedouble >= 0 && v->valuedouble < 1e15 ? (long)v->valuedouble : def;
	if (!cJSON_IsString(v) || !v->valuestring[0] || strlen(v->valuestring) > 15)
		return def;
	for (const char *p = v->valuestring; *p; p++)
		if (*p < '0' || *p > '9')
			return def;
	return atol(v->valuestring);
}

/* 1 when s is a non-empty string of at most 20 decimal digits (a tweet id). */
static int is_id(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > 20)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* A copy of the id member key of obj when it is a valid id, else NULL. */
static char *jid(const cJSON *obj, const char *key)
{
	const char *s = jstr(obj, key);
	return is_id(s) ? xstrdup(s) : NULL;
}

/* A clean copy of a string member, or NULL. */
static char *jdup(const cJSON *obj, const char *key)
{
	const char *s = jstr(obj, key);
	return s ? xjson_clean(s, strlen(s)) : NULL;
}

/* A cap as people read it ("1 GiB", "64 MiB", "1000 bytes") into out. */
static const char *fmt_cap(size_t n, char *out, size_t outlen)
{
	if (n >= ((size_t)1 << 30) && n % ((size_t)1 << 30) == 0)
		snprintf(out, outlen, "%zu GiB", n >> 30);
	else if (n >= ((size_t)1 << 20) && n % ((size_t)1 << 20) == 0)
		snprintf(out, outlen, "%zu MiB", n >> 20);
	else
		snprintf(out, outlen, "%zu bytes", n);
	return out;
}

/* Parses "Wed Aug 29 20:21:02 +0000 2018" into epoch seconds; 0 or -1. */
static int parse_v1_time(const char *s, int64_t *out)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	char wd[4], mon[4], sign;
	int d, h, mi, sec, oh, om, y, n = 0;

	if (!s || sscanf(s, "%3s %3s %d %d:%d:%d %c%2d%2d %d%n", wd, mon, &d, &h, &mi, &sec, &sign,
			 &oh, &om, &y, &n) != 10 || s[n] || (sign != '+' && sign != '-'))
		return -1;
	const char *m = strstr(months, mon);
	if (!m || (m - months) % 3 || y < 1970 || y > 9999 || d < 1 || d > 31)
		return -1;
	char iso[40];
	snprintf(iso, sizeof iso, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", y,
		 (int)(m - months) / 3 + 1, d, h, mi, sec, sign, oh, om);
	return thread_parse_time(iso, out);
}

/* ---- the source: zip entries or folder files ---- */

/* 1 when an archive-relative name may be used: not empty, not absolute, no
 * ".." component, no backslash or control byte. */
static int safe_name(const char *name)
{
	if (!name || !name[0] || name[0] == '/')
		return 0;
	for (const char *p = name; *p; p++)
		if (*p == '\\' || (unsigned char)*p < 0x20)
			return 0;
	for (const char *p = name; p; p = strchr(p, '/')) {
		if (*p == '/')
			p++;
		if (p[0] == '.' && p[1] == '.' && (p[2] == '/' || !p[2]))
			return 0;
	}
	return 1;
}

/* Orders zip entries by name. */
static int cmp_zent(const void *x, const void *y)
{
	return strcmp(((const zent *)x)->name, ((const zent *)y)->name);
}

/* The zip entry index of name, or -1. */
static long zip_lookup(const source *s, const char *name)
{
	zent key = {name, 0}, *e;

	if (!s->nents)
		return -1;
	e = bsearch(&key, s->ents, s->nents, sizeof *s->ents, cmp_zent);
	return e ? (long)e->index : -1;
}

/* The real path of a folder file when it is a regular file inside the
 * folder (symlinks out of it are not followed), else NULL; caller frees. */
static char *dir_resolve(const source *s, const char *name)
{
	char *joined = util_path_join(s->root, name), *real = realpath(joined, NULL);
	size_t n = strlen(s->root);
	struct stat st;

	free(joined);
	if (!real)
		return NULL;
	if (strncmp(real, s->root, n) != 0 || (real[n] != '/' && strcmp(s->root, "/") != 0) ||
	    stat(real, &st) != 0 || !S_ISREG(st.st_mode)) {
		free(real);
		return NULL;
	}
	return real;
}

/* 1 when the archive has a file of this archive-relative name. */
static int src_has(const source *s, const char *name)
{
	if (!s || !safe_name(name))
		return 0;
	if (s->zip)
		return zip_lookup(s, name) >= 0;
	char *real = dir_resolve(s, name);
	free(real);
	return real != NULL;
}

/* Opens a file of the archive for reading; 0, or -1 with msg. */
static int stream_open(const source *s, const char *name, stream *st, char *msg, size_t msglen)
{
	st->zf = NULL;
	st->fd = -1;
	if (s->zip) {
		long i = safe_name(name) ? zip_lookup(s, name) : -1;
		if (i >= 0)
			st->zf = zip_fopen_index(s->zip, (zip_uint64_t)i, 0);
		if (!st->zf)
			tp_fail(TP_ERR_INPUT, msg, msglen, "%s: %s: cannot open the entry: %s", s->path, name,
				i < 0 ? "not in the zip" : zip_strerror(s->zip));
		return st->zf ? 0 : -1;
	}
	char *real = safe_name(name) ? dir_resolve(s, name) : NULL;
	if (real)
		st->fd = open(real, O_RDONLY | O_CLOEXEC);
	int e = real ? errno : ENOENT;
	free(real);
	if (st->fd < 0)
		tp_fail(TP_ERR_IO, msg, msglen, "%s: %s: cannot open: %s", s->path, name, strerror(e));
	return st->fd < 0 ? -1 : 0;
}

/* Reads up to n bytes; the count, 0 at the end, -1 with msg on an error
 * (for a zip: a damaged entry, e.g. a CRC or inflate error). */
static long stream_read(const source *s, const char *name, stream *st, char *p, size_t n,
			char *msg, size_t msglen)
{
	if (st->zf) {
		zip_int64_t got = zip_fread(st->zf, p, n);
		if (got < 0)
			tp_fail(TP_ERR_INPUT, msg, msglen, "%s: %s: damaged zip entry: %s", s->path, name,
				zip_file_strerror(st->zf));
		return (long)got;
	}
	for (;;) {
		ssize_t got = read(st->fd, p, n);
		if (got >= 0)
			return (long)got;
		if (errno != EINTR) {
			tp_fail(TP_ERR_IO, msg, msglen, "%s: %s: cannot read: %s", s->path, name, strerror(errno));
			return -1;
		}
	}
}

/* Closes a stream. */
static void stream_close(stream *st)
{
	if (st->zf)
		zip_fclose(st->zf);
	if (st->fd >= 0)
		close(st->fd);
	st->zf = NULL;
	st->fd = -1;
}

/* Reads a whole archive file into b, failing when it holds more than cap
 * bytes (counted as read, whatever the zip header says). */
static tp_result src_read_all(const source *s, const char *name, size_t cap, const char *what,
			      buf *b, char *msg, size_t msglen)
{
	stream st;
	tp_result res = TP_OK;
	char cs[32];

	if (stream_open(s, name, &st, msg, msglen) != 0)
		return s->zip ? TP_ERR_INPUT : TP_ERR_IO;
	for (;;) {
		buf_reserve(b, CHUNK);
		long got = stream_read(s, name, &st, b->data + b->len, CHUNK, msg, msglen);
		if (got < 0) {
			res = s->zip ? TP_ERR_INPUT : TP_ERR_IO;
			break;
		}
		if (got == 0)
			break;
		b->len += (size_t)got;
		b->data[b->len] = '\0';
		if (b->len > cap) {
			res = tp_fail(TP_ERR_INPUT, msg, msglen, "%s: %s: larger than the %s cap for %s",
				      s->path, name, fmt_cap(cap, cs, sizeof cs), what);
			break;
		}
	}
	stream_close(&st);
	return res;
}

/* Appends a name to a list unless it is there. */
static void list_add(char ***list, size_t *n, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*list)[i], name) == 0)
			return;
	*list = xrealloc(*list, (*n + 1) * sizeof **list);
	(*list)[(*n)++] = xstrdup(name);
}

/* Frees a list of names. */
static void list_free(char **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

/* The archive-relative names of the files directly in dir (which ends in
 * '/' or is ""), in no particular order. */
static void src_list(const source *s, const char *dir, char ***out, size_t *n)
{
	size_t dl = strlen(dir);

	if (s->zip) {
		for (size_t i = 0; i < s->nents; i++)
			if (strncmp(s->ents[i].name, dir, dl) == 0 && s->ents[i].name[dl] &&
			    !strchr(s->ents[i].name + dl, '/'))
				list_add(out, n, s->ents[i].name);
		return;
	}
	char *path = util_path_join(s->root, dl ? dir : ".");
	DIR *d = opendir(path);
	struct dirent *de;

	free(path);
	if (!d)
		return;
	while ((de = readdir(d)) != NULL && *n < ARCHIVE_MAX_ENTRIES) {
		char *rel = xasprintf("%s%s", dir, de->d_name);
		if (de->d_name[0] != '.' && src_has(s, rel))
			list_add(out, n, rel);
		free(rel);
	}
	closedir(d);
}

/* 1 when name (the part after a directory) is a file marking an archive. */
static int is_marker(const char *base)
{
	static const char *const marks[] = {"tweets.js", "tweet.js", "manifest.js", "account.js",
					    "tweets-part1.js", "tweet-part1.js"};

	for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
		if (strcmp(base, marks[i]) == 0)
			return 1;
	return 0;
}

/* Sets s->data and s->base from where the marker files are: the shortest
 * directory holding one. 0, or -1 when there is none. */
static int src_locate(source *s)
{
	const char *best = NULL;
	size_t bestlen = 0;

	if (s->zip) {
		for (size_t i = 0; i < s->nents; i++) {
			const char *n = s->ents[i].name, *sl = strrchr(n, '/');
			size_t dl = sl ? (size_t)(sl - n) + 1 : 0;
			if (is_marker(n + dl) && (!best || dl < bestlen)) {
				best = n;
				bestlen = dl;
			}
		}
		if (!best)
			return -1;
		s->data = xstrndup(best, bestlen);
	} else if (src_has(s, "data/tweets.js") || src_has(s, "data/tweet.js") ||
		   src_has(s, "data/manifest.js") || src_has(s, "data/account.js")) {
		s->data = xstrdup("data/");
	} else if (src_has(s, "tweets.js") || src_has(s, "tweet.js") || src_has(s, "manifest.js") ||
		   src_has(s, "account.js")) {
		s->data = xstrdup("");
	} else {
		return -1;
	}
	size_t n = strlen(s->data);
	if ((n >= 6 && strcmp(s->data + n - 6, "/data/") == 0) || strcmp(s->data, "data/") == 0)
		s->base = xstrndup(s->data, n - 5);
	else
		s->base = xstrdup(s->data);
	return 0;
}

/* Indexes the safe entry names of an open zip. */
static tp_result zip_index(source *s, char *msg, size_t msglen)
{
	zip_int64_t n = zip_get_num_entries(s->zip, 0);

	if (n < 0 || (zip_uint64_t)n > ARCHIVE_MAX_ENTRIES)
		return tp_fail(TP_ERR_INPUT, msg, msglen, "%s: %lld entries, more than the cap of %zu",
			       s->path, (long long)n, ARCHIVE_MAX_ENTRIES);
	s->ents = xcalloc((size_t)n + 1, sizeof *s->ents);
	for (zip_int64_t i = 0; i < n; i++) {
		const char *name = zip_get_name(s->zip, (zip_uint64_t)i, ZIP_FL_ENC_GUESS);
		if (!name || !safe_name(name)) {
			if (name)
				verbosef(1, "%s: ignoring the entry \"%s\" (an unsafe name)", s->path, name);
			continue;
		}
		s->ents[s->nents++] = (zent){name, (zip_uint64_t)i};
	}
	qsort(s->ents, s->nents, sizeof *s->ents, cmp_zent);
	return TP_OK;
}

/* Opens path as a zip or a folder archive. */
static tp_result src_open(source *s, const char *path, char *msg, size_t msglen)
{
	struct stat st;
	int err = 0;

	memset(s, 0, sizeof *s);
	s->path = path;
	if (stat(path, &st) != 0)
		return tp_fail(TP_ERR_IO, msg, msglen, "cannot read %s: %s", path, strerror(errno));
	if (S_ISDIR(st.st_mode)) {
		s->root = realpath(path, NULL);
		if (!s->root)
			return tp_fail(TP_ERR_IO, msg, msglen, "cannot read %s: %s", path, strerror(errno));
	} else {
		s->zip = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &err);
		if (!s->zip) {
			zip_error_t ze;
			zip_error_init_with_code(&ze, err);
			tp_fail(err == ZIP_ER_OPEN || err == ZIP_ER_READ ? TP_ERR_IO : TP_ERR_INPUT, msg, msglen,
				"%s: not a readable zip archive: %s", path, zip_error_strerror(&ze));
			zip_error_fini(&ze);
			return err == ZIP_ER_OPEN || err == ZIP_ER_READ ? TP_ERR_IO : TP_ERR_INPUT;
		}
		tp_result r = zip_index(s, msg, msglen);
		if (r != TP_OK)
			return r;
	}
	if (src_locate(s) != 0)
		return tp_fail(TP_ERR_INPUT, msg, msglen,
			       "%s: not a Twitter data archive: no tweets.js, tweet.js, manifest.js or "
			       "account.js (at the root or under data/)", path);
	return TP_OK;
}

/* Closes the archive. */
static void src_close(source *s)
{
	if (s->zip)
		zip_discard(s->zip);
	free(s->ents);
	free(s->root);
	free(s->base);
	free(s->data);
}

/* ---- the record splitter ---- */

/* Resets a splitter for a new file. */
static void split_init(splitter *sp, size_t max_record)
{
	memset(sp, 0, sizeof *sp);
	buf_init(&sp->rec);
	sp->max_record = max_record;
}

/* Handles one record's bytes (NUL-terminated, may be modified). */
static tp_result on_record(reader *r, char *rec, size_t n, size_t at, char *msg, size_t msglen);

/* Feeds n bytes of a tweets file to the splitter: text before the first
 * '[' must be a "window.YTD.<name>.partN =" prefix (or a BOM); every
 * top-level {...} of the list goes to on_record. Strings (with brackets or
 * escaped quotes inside) are skipped over exactly. */
static tp_result split_feed(reader *r, splitter *sp, const char *p, size_t n, char *msg, size_t msglen)
{
	char cs[32];

	for (size_t i = 0; i < n; i++, sp->off++) {
		unsigned char c = (unsigned char)p[i];
		if (sp->phase == SP_PREFIX) {
			if (c == '[') {
				sp->phase = SP_LIST;
			} else if (!(c >= 0x80 || c == '_' || c == '.' || c == '=' || c == '$' || c == ' ' ||
				     c == '\t' || c == '\r' || c == '\n' || (c >= '0' && c <= '9') ||
				     ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) || sp->off > 256) {
				return tp_fail(TP_ERR_INPUT, msg, msglen,
					       "%s: %s: not a tweets file: it does not begin with "
					       "\"window.YTD.<name>.partN = [\"", r->name, r->entry);
			}
		} else if (sp->phase == SP_LIST) {
			if (c == '{') {
				sp->phase = SP_RECORD;
				sp->depth = 1;
				sp->in_str = sp->esc = 0;
				sp->rec.len = 0;
				sp->rec_at = sp->off;
				buf_add(&sp->rec, "{", 1);
			} else if (c == ']') {
				sp->phase = SP_DONE;
			} else if (!(c == ',' || c == ' ' || c == '\t' || c == '\r' || c == '\n')) {
				return tp_fail(TP_ERR_INPUT, msg, msglen,
					       "%s: %s: not a tweets file: unexpected '%c' at byte %zu between records",
					       r->name, r->entry, c >= 0x20 && c < 0x7f ? c : '?', sp->off);
			}
		} else if (sp->phase == SP_RECORD) {
			size_t start = i;
			for (; i < n; i++, sp->off++) {
				c = (unsigned char)p[i];
				if (sp->in_str) {
					if (sp->esc)
						sp->esc = 0;
					else if (c == '\\')
						sp->esc = 1;
					else if (c == '"')
						sp->in_str = 0;
				} else if (c == '"') {
					sp->in_str = 1;
				} else if (c == '{' || c == '[') {
					sp->depth++;
				} else if ((c == '}' || c == ']') && --sp->depth == 0) {
					break;
				}
			}
			size_t take = (i < n ? i + 1 : n) - start;
			if (sp->rec.len + take > sp->max_record)
				return tp_fail(TP_ERR_INPUT, msg, msglen,
					       "%s: %s: the record at byte %zu is larger than the %s cap for one record",
					       r->name, r->entry, sp->rec_at, fmt_cap(sp->max_record, cs, sizeof cs));
			buf_add(&sp->rec, p + start, take);
			if (i == n)
				return TP_OK;
			sp->phase = SP_LIST;
			tp_result res = on_record(r, sp->rec.data, sp->rec.len, sp->rec_at, msg, msglen);
			if (res != TP_OK)
				return res;
		}
	}
	return TP_OK;
}

/* Ends a file: it must have closed its list. */
static tp_result split_finish(reader *r, splitter *sp, char *msg, size_t msglen)
{
	if (sp->phase == SP_DONE)
		return TP_OK;
	if (sp->phase == SP_PREFIX)
		return tp_fail(TP_ERR_INPUT, msg, msglen, "%s: %s: not a tweets file: %s", r->name, r->entry,
			       sp->off ? "no \"= [\" list in it" : "the file is empty");
	return tp_fail(TP_ERR_INPUT, msg, msglen,
		       "%s: %s: the file ends inside the list of records (truncated?) after %zu bytes",
		       r->name, r->entry, sp->off);
}

/* ---- tweets: text, spans, media ---- */

/* An entity of the text: a code point range, what it is, what it shows and
 * where it links (borrowed from the record). */
typedef struct entity {
	size_t start, end;
	thread_span_kind kind;
	const char *shown;     /* display_url, or NULL for the text itself */
	const char *target;    /* expanded URL, handle or tag */
	int drop;
} entity;

/* Appends a span to t (takes text and href); joins adjacent text. */
static void add_span(thread_tweet *t, thread_span_kind kind, char *text, char *href)
{
	if (kind == SPAN_TEXT && t->nspans && t->spans[t->nspans - 1].kind == SPAN_TEXT) {
		thread_span *last = &t->spans[t->nspans - 1];
		char *joined = xasprintf("%s%s", last->text, text);
		free(last->text);
		free(text);
		last->text = joined;
		return;
	}
	if (kind == SPAN_TEXT && !text[0]) {
		free(text);
		return;
	}
	t->spans = xrealloc(t->spans, (t->nspans + 1) * sizeof *t->spans);
	t->spans[t->nspans++] = (thread_span){kind, text, href};
}

/* Byte offsets of every code point of s, plus one for the end. */
static size_t *cp_offsets(const char *s, size_t *ncp)
{
	size_t n = strlen(s), count = utf8_count(s, n), adv, k = 0;
	size_t *off = xmalloc((count + 1) * sizeof *off);

	for (size_t i = 0; i < n && k < count; i += adv) {
		off[k++] = i;
		adv = 1;
		if ((unsigned char)s[i] >= 0x80)
			utf8_decode(s + i, n - i, &adv);
	}
	while (k < count)
		off[k++] = n;
	off[count] = n;
	*ncp = count;
	return off;
}

/* Orders entities by start. */
static int cmp_entity(const void *x, const void *y)
{
	const entity *a = x, *b = y;
	return (a->start > b->start) - (a->start < b->start);
}

/* The range of an entity: v1.1 "indices": ["s", "e"], or a note's
 * "fromIndex"/"toIndex"; 0 when it has none that fits in ncp. */
static int entity_range(const cJSON *e, size_t ncp, size_t *s, size_t *end)
{
	const cJSON *ix = cJSON_GetObjectItemCaseSensitive(e, "indices");
	long a = -1, b = -1;

	if (cJSON_GetArraySize(ix) == 2) {
		a = jnum(cJSON_GetArrayItem(ix, 0), -1);
		b = jnum(cJSON_GetArrayItem(ix, 1), -1);
	} else {
		a = jnum(cJSON_GetObjectItemCaseSensitive(e, "fromIndex"), -1);
		b = jnum(cJSON_GetObjectItemCaseSensitive(e, "toIndex"), -1);
	}
	if (a < 0 || b <= a || (size_t)b > ncp)
		return 0;
	*s = (size_t)a;
	*end = (size_t)b;
	return 1;
}

/* The first of two string members present, or NULL. */
static const char *jstr2(const cJSON *o, const char *k1, const char *k2)
{
	return jstr(o, k1) ? jstr(o, k1) : jstr(o, k2);
}

/* Collects the valid entities of one kind from ents[key] (v1.1 or note
 * spelling). */
static void collect(const cJSON *ents, const char *key, thread_span_kind kind, int drop, size_t ncp,
		    entity **out, size_t *n)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(ents, key)) {
		entity x = {0, 0, kind, NULL, NULL, drop};
		if (!entity_range(e, ncp, &x.start, &x.end))
			continue;
		if (kind == SPAN_URL) {
			x.shown = jstr2(e, "display_url", "displayUrl");
			x.target = jstr2(e, "expanded_url", "expandedUrl");
			if (!x.target)
				x.target = jstr2(e, "url", "shortUrl");
		} else if (kind == SPAN_MENTION) {
			x.target = jstr2(e, "screen_name", "screenName");
		} else {
			x.target = jstr(e, "text");
		}
		*out = xrealloc(*out, (*n + 1) * sizeof **out);
		(*out)[(*n)++] = x;
	}
}

/* Adds the span of one entity: its shown text and where it links. */
static void add_entity_span(thread_tweet *t, const entity *e, const char *slice, size_t len)
{
	char *shown = xjson_decode_html(slice, len);
	const char *body = shown + (shown[0] == '@' || shown[0] == '#' || shown[0] == '$');
	const char *to = e->target ? e->target : body;
	buf href;

	buf_init(&href);
	switch (e->kind) {
	case SPAN_URL:
		buf_adds(&href, to);
		if (e->shown) {
			free(shown);
			shown = xjson_clean(e->shown, strlen(e->shown));
		}
		break;
	case SPAN_MENTION:
		buf_adds(&href, "https://x.com/");
		buf_adds(&href, to);
		break;
	case SPAN_HASHTAG:
		buf_adds(&href, "https://x.com/hashtag/");
		buf_add_pct(&href, to, 1);
		break;
	case SPAN_CASHTAG:
		buf_adds(&href, "https://x.com/search?q=%24");
		buf_add_pct(&href, to, 1);
		break;
	case SPAN_TEXT:
		break;
	}
	char *h = buf_steal(&href, NULL);
	char *hc = xjson_clean(h, strlen(h));
	free(h);
	add_span(t, e->kind, shown, hc);
}

/* Removes trailing whitespace (and the spans it empties) from the end. */
static void trim_end(thread_tweet *t)
{
	while (t->nspans && t->spans[t->nspans - 1].kind == SPAN_TEXT) {
		thread_span *s = &t->spans[t->nspans - 1];
		size_t n = strlen(s->text);
		while (n && strchr(" \t\r\n", s->text[n - 1]))
			n--;
		s->text[n] = '\0';
		if (n)
			return;
		free(s->text);
		t->nspans--;
	}
}

/* Splits text at its entities into t's spans; media links are dropped. */
static void build_spans(thread_tweet *t, const char *text, const cJSON *ents, int is_note)
{
	size_t ncp, n = 0, pos = 0, k = 0;
	size_t *off = cp_offsets(text, &ncp);
	entity *e = NULL;

	collect(ents, "urls", SPAN_URL, 0, ncp, &e, &n);
	collect(ents, is_note ? "mentions" : "user_mentions", SPAN_MENTION, 0, ncp, &e, &n);
	collect(ents, "hashtags", SPAN_HASHTAG, 0, ncp, &e, &n);
	collect(ents, is_note ? "cashtags" : "symbols", SPAN_CASHTAG, 0, ncp, &e, &n);
	collect(ents, "media", SPAN_URL, 1, ncp, &e, &n);
	if (n)
		qsort(e, n, sizeof *e, cmp_entity);
	for (size_t i = 0; i < n; i++)
		if (k == 0 || e[i].start >= e[k - 1].end)
			e[k++] = e[i];
	n = k;
	for (size_t i = 0; i < n; i++) {
		if (e[i].start > pos)
			add_span(t, SPAN_TEXT, xjson_decode_html(text + off[pos], off[e[i].start] - off[pos]), NULL);
		if (!e[i].drop)
			add_entity_span(t, &e[i], text + off[e[i].start], off[e[i].end] - off[e[i].start]);
		pos = e[i].end;
	}
	if (pos < ncp)
		add_span(t, SPAN_TEXT, xjson_decode_html(text + off[pos], off[ncp] - off[pos]), NULL);
	trim_end(t);
	free(e);
	free(off);
}

/* The tweet id in a status URL (twitter.com or x.com /<user>/status/<id>)
 * into out (>= 21 bytes); 1 when url is one. */
static int status_id(const char *url, char *out)
{
	const char *p = url ? strstr(url, "/status/") : NULL;
	size_t n = 0;

	if (!p || !(strstr(url, "twitter.com/") || strstr(url, "x.com/")))
		return 0;
	p += 8;
	while (p[n] >= '0' && p[n] <= '9' && n < 20)
		n++;
	if (n == 0 || (p[n] && p[n] != '/' && p[n] != '?' && p[n] != '#'))
		return 0;
	memcpy(out, p, n);
	out[n] = '\0';
	return 1;
}

/* The quoted tweet's id: the last URL entity that links to another tweet
 * (the archive keeps no quoted_status); NULL for none. */
static char *find_quote(const cJSON *ents, const char *self)
{
	const cJSON *e;
	char id[21], *best = NULL;

	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(ents, "urls")) {
		if (status_id(jstr(e, "expanded_url"), id) && strcmp(id, self) != 0) {
			free(best);
			best = xstrdup(id);
		}
	}
	return best;
}

/* The base name of a URL's path (query and fragment cut); caller frees. */
static char *url_basename(const char *url)
{
	size_t end = strcspn(url, "?#");
	const char *slash = url;

	for (size_t i = 0; i < end; i++)
		if (url[i] == '/')
			slash = url + i + 1;
	return xstrndup(slash, (size_t)(url + end - slash));
}

/* The URL of the highest-bitrate mp4 variant of a video, or NULL. */
static const char *best_mp4(const cJSON *m)
{
	const cJSON *vi = cJSON_GetObjectItemCaseSensitive(m, "video_info"), *v;
	const char *best = NULL;
	long rate = -2;

	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(vi, "variants")) {
		const char *ct = jstr(v, "content_type");
		long br = jnum(cJSON_GetObjectItemCaseSensitive(v, "bitrate"), -1);
		if (jstr(v, "url") && ct && strcmp(ct, "video/mp4") == 0 && br > rate) {
			best = jstr(v, "url");
			rate = br;
		}
	}
	return best;
}

/* The archive name of a media file, `<dir>/<tweet id>-<basename>`, in the
 * first media directory that has it; NULL when none does. Caller frees. */
static char *media_find(const reader *r, const char *tweet_id, const char *base)
{
	for (size_t i = 0; r->src && i < r->nmedia_dirs; i++) {
		char *name = xasprintf("%s%s-%s", r->media_dirs[i], tweet_id, base);
		if (src_has(r->src, name))
			return name;
		free(name);
	}
	return NULL;
}

/* Points one attached photo at its archive file (ARCHIVE_URL_PREFIX + the
 * entry name; archive_media_load reads it when its thread is rendered, so a
 * whole archive's photos are never in memory at once), or marks it failed. */
static tp_result load_photo(reader *r, thread_media *md, const char *tweet_id, const char *base,
			    char *msg, size_t msglen)
{
	char *name = media_find(r, tweet_id, base);

	if (!name) {
		md->img.failed = 1;
		r->info->media_missing++;
		verbosef(2, "%s: media %s-%s not in the archive", r->name, tweet_id, base);
		return TP_OK;
	}
	(void)msg;
	(void)msglen;
	free(md->url);
	md->url = xasprintf("%s%s", ARCHIVE_URL_PREFIX, name);
	free(name);
	r->info->media_found++;
	return TP_OK;
}

/* Adds one entry of extended_entities.media. */
static tp_result add_one_media(reader *r, thread_tweet *t, const cJSON *m, char *msg, size_t msglen)
{
	const char *type = jstr(m, "type"), *url = jstr2(m, "media_url_https", "media_url");
	const cJSON *large = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(m, "sizes"), "large");
	thread_media md = {0};
	tp_result res = TP_OK;

	if (!type || !url)
		return TP_OK;
	md.width = (int)jnum(cJSON_GetObjectItemCaseSensitive(large, "w"), 0);
	md.height = (int)jnum(cJSON_GetObjectItemCaseSensitive(large, "h"), 0);
	if (strcmp(type, "photo") == 0) {
		char *base = url_basename(url);
		md.kind = MEDIA_PHOTO;
		md.url = xjson_clean(url, strlen(url));
		res = load_photo(r, &md, t->id, base, msg, msglen);
		free(base);
	} else {
		const char *mp4 = best_mp4(m);
		char *base = mp4 ? url_basename(mp4) : NULL, *found = base ? media_find(r, t->id, base) : NULL;
		md.kind = strcmp(type, "animated_gif") == 0 ? MEDIA_GIF : MEDIA_VIDEO;
		r->info->videos++;
		if (found)
			r->info->media_found++;
		free(found);
		free(base);
	}
	t->media = xrealloc(t->media, (t->nmedia + 1) * sizeof *t->media);
	t->media[t->nmedia++] = md;
	return res;
}

/* Adds the tweet's media: extended_entities (up to four), else entities. */
static tp_result add_media(reader *r, thread_tweet *t, const cJSON *tw, char *msg, size_t msglen)
{
	const cJSON *ext = cJSON_GetObjectItemCaseSensitive(tw, "extended_entities");
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(ext, "media"), *m;

	if (!cJSON_GetArraySize(list))
		list = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(tw, "entities"), "media");
	cJSON_ArrayForEach(m, list) {
		tp_result res = add_one_media(r, t, m, msg, msglen);
		if (res != TP_OK)
			return res;
	}
	return TP_OK;
}

/* Records an edit history (ids of every revision): older ones point at the
 * newest. */
static void add_edit_ids(reader *r, const cJSON *ids)
{
	const cJSON *id;
	const char *newest = NULL;

	cJSON_ArrayForEach(id, ids)
		if (cJSON_IsString(id) && is_id(id->valuestring) &&
		    (!newest || thread_id_cmp(id->valuestring, newest) > 0))
			newest = id->valuestring;
	cJSON_ArrayForEach(id, ids)
		if (cJSON_IsString(id) && is_id(id->valuestring) && newest != id->valuestring)
			thread_pool_add_edit(r->pool, id->valuestring, newest);
}

/* Reads edit_info: the initial revision lists every revision's id; later
 * ones name the initial id (and often the list too). */
static void read_edits(reader *r, const cJSON *tw, const char *self)
{
	const cJSON *ei = cJSON_GetObjectItemCaseSensitive(tw, "edit_info");
	const cJSON *ini = cJSON_GetObjectItemCaseSensitive(ei, "initial");
	const cJSON *ed = cJSON_GetObjectItemCaseSensitive(ei, "edit");
	const char *first = jstr(ed, "initialTweetId");

	add_edit_ids(r, cJSON_GetObjectItemCaseSensitive(ini, "editTweetIds"));
	add_edit_ids(r, cJSON_GetObjectItemCaseSensitive(
				cJSON_GetObjectItemCaseSensitive(ed, "editControlInitial"), "editTweetIds"));
	if (is_id(first))
		thread_pool_add_edit(r->pool, first, self);
}

/* The start of a tweet's text to find its note by: the decoded text up to
 * the "…" or t.co link that cuts it, trimmed, at most 40 bytes. */
static char *note_key(const char *full_text)
{
	char *d = xjson_decode_html(full_text, strlen(full_text));
	char *cut = strstr(d, "\xE2\x80\xA6"), *link = strstr(d, "https://t.co/");
	size_t n;

	if (cut)
		*cut = '\0';
	if (link)
		*link = '\0';
	n = strlen(d);
	while (n && strchr(" \t\r\n", d[n - 1]))
		n--;
	d[n < 40 ? n : 40] = '\0';
	return d;
}

/* The unused note created the same second whose text begins like the tweet
 * (with no text to compare, only a lone candidate); NULL for none. */
static note *match_note(reader *r, int64_t created, const char *full_text)
{
	note *found = NULL;
	size_t cands = 0;

	if (!r->nnotes || !created)
		return NULL;
	char *key = note_key(full_text);
	for (size_t i = 0; i < r->nnotes; i++) {
		note *nt = &r->notes[i];
		if (nt->used || nt->created != created)
			continue;
		cands++;
		if (key[0] && strncmp(nt->text, key, strlen(key)) == 0 && !found)
			found = nt;
		else if (!key[0] && !found)
			found = nt;
	}
	if (!key[0] && cands != 1)
		found = NULL;
	free(key);
	return found;
}

/* Converts one v1.1-like archive tweet and adds it to the pool (retweets
 * are counted and left out). */
static tp_result read_tweet(reader *r, const cJSON *tw, char *msg, size_t msglen)
{
	const char *text = jstr2(tw, "full_text", "text");
	char *id = jid(tw, "id_str");

	if (!id)
		id = jid(tw, "id");
	if (!id || !text) {
		free(id);
		r->not_tweets++;
		return TP_OK;
	}
	r->info->records++;
	if (strncmp(text, "RT @", 4) == 0) {
		r->info->retweets++;
		archive_info *in = r->info;
		in->retweet_ids = xrealloc(in->retweet_ids, (in->nretweet_ids + 1) * sizeof *in->retweet_ids);
		in->retweet_ids[in->nretweet_ids++] = id;
		return TP_OK;
	}
	thread_tweet *t = thread_tweet_new();
	t->id = id;
	t->parent_id = jid(tw, "in_reply_to_status_id_str");
	if (!t->parent_id)
		t->parent_id = jid(tw, "in_reply_to_status_id");
	t->reply_to_user_id = jid(tw, "in_reply_to_user_id_str");
	if (!t->reply_to_user_id)
		t->reply_to_user_id = jid(tw, "in_reply_to_user_id");
	if (!r->guess_handle && t->parent_id && jstr(tw, "in_reply_to_screen_name") && r->owner_id &&
	    t->reply_to_user_id && strcmp(t->reply_to_user_id, r->owner_id) == 0)
		r->guess_handle = jdup(tw, "in_reply_to_screen_name");
	t->lang = jdup(tw, "lang");
	const char *when = jstr(tw, "created_at");
	if (when && parse_v1_time(when, &t->created) != 0) {
		verbosef(1, "%s: tweet %s: cannot read created_at \"%s\"", r->name, t->id, when);
		t->created = 0;
	}
	const cJSON *ents = cJSON_GetObjectItemCaseSensitive(tw, "entities");
	note *nt = match_note(r, t->created, text);
	if (nt) {
		nt->used = 1;
		r->info->notes_matched++;
		build_spans(t, jstr(nt->core, "text"), nt->core, 1);
	} else {
		build_spans(t, text, ents, 0);
	}
	t->quote_id = find_quote(ents, t->id);
	read_edits(r, tw, t->id);
	tp_result res = add_media(r, t, tw, msg, msglen);
	thread_pool_add_tweet(r->pool, t);
	return res;
}

/* Keeps one note-tweet.js record for matching. */
static void read_note(reader *r, const cJSON *nt)
{
	const cJSON *core = cJSON_GetObjectItemCaseSensitive(nt, "core");
	const char *text = jstr(core, "text");
	int64_t when = 0;

	r->info->notes++;
	if (!text || !jstr(nt, "createdAt") || thread_parse_time(jstr(nt, "createdAt"), &when) != 0)
		return;
	r->notes = xrealloc(r->notes, (r->nnotes + 1) * sizeof *r->notes);
	note *n = &r->notes[r->nnotes++];
	n->created = when;
	n->text = xjson_decode_html(text, strlen(text));
	n->core = cJSON_Duplicate(core, 1);
	n->used = 0;
}

/* Sets *dst to a clean copy of a string member unless it is empty. */
static void take_str(char **dst, const cJSON *obj, const char *key)
{
	const char *s = jstr(obj, key);

	if (s && s[0]) {
		free(*dst);
		*dst = xjson_clean(s, strlen(s));
	}
}

/* Parses one record and hands it on by the kind of file being read. */
static tp_result on_record(reader *r, char *rec, size_t n, size_t at, char *msg, size_t msglen)
{
	size_t bad;
	int in_str;

	if (xjson_raw_control(rec, 0, n, &bad, &in_str))
		return tp_fail(TP_ERR_INPUT, msg, msglen, "%s: %s: the record at byte %zu is not JSON: a raw "
			       "control character U+%04X %s at byte %zu", r->name, r->entry, at,
			       (unsigned)(unsigned char)rec[bad], in_str ? "in a string" : "between values", at + bad);
	xjson_fix_escapes(rec, n);
	cJSON *doc = cJSON_ParseWithLength(rec, n);
	tp_result res = TP_OK;

	if (!doc)
		return tp_fail(TP_ERR_INPUT, msg, msglen, "%s: %s: the record at byte %zu is not JSON",
			       r->name, r->entry, at);
	const cJSON *inner;
	switch (r->kind) {
	case K_TWEETS:
		inner = cJSON_GetObjectItemCaseSensitive(doc, "tweet");
		if (cJSON_IsObject(inner))
			r->wrapped = 1;
		res = read_tweet(r, cJSON_IsObject(inner) ? inner : doc, msg, msglen);
		break;
	case K_NOTES:
		read_note(r, cJSON_GetObjectItemCaseSensitive(doc, "noteTweet"));
		break;
	case K_ACCOUNT:
		inner = cJSON_GetObjectItemCaseSensitive(doc, "account");
		if (is_id(jstr(inner, "accountId"))) {
			free(r->owner_id);
			r->owner_id = xstrdup(jstr(inner, "accountId"));
		}
		take_str(&r->owner_handle, inner, "username");
		take_str(&r->owner_name, inner, "accountDisplayName");
		break;
	case K_PROFILE:
		inner = cJSON_GetObjectItemCaseSensitive(doc, "profile");
		take_str(&r->avatar_url, inner, "avatarMediaUrl");
		take_str(&r->header_url, inner, "headerMediaUrl");
		break;
	}
	cJSON_Delete(doc);
	return res;
}

/* ---- files ---- */

/* Streams one list file of the archive through the splitter. */
static tp_result read_list_file(reader *r, const char *entry, int kind, size_t cap, char *msg,
				size_t msglen)
{
	splitter sp;
	stream st;
	size_t total = 0;
	char *chunk = xmalloc(CHUNK), cs[32];
	tp_result res = TP_OK;

	r->entry = entry;
	r->kind = kind;
	split_init(&sp, r->caps.max_record);
	if (stream_open(r->src, entry, &st, msg, msglen) != 0) {
		free(chunk);
		buf_free(&sp.rec);
		return r->src->zip ? TP_ERR_INPUT : TP_ERR_IO;
	}
	for (;;) {
		long got = stream_read(r->src, entry, &st, chunk, CHUNK, msg, msglen);
		if (got < 0) {
			res = r->src->zip ? TP_ERR_INPUT : TP_ERR_IO;
			break;
		}
		if (got == 0) {
			res = split_finish(r, &sp, msg, msglen);
			break;
		}
		total += (size_t)got;
		if (total > cap) {
			res = tp_fail(TP_ERR_INPUT, msg, msglen, "%s: %s: larger than the %s cap for this file",
				      r->name, entry, fmt_cap(cap, cs, sizeof cs));
			break;
		}
		if ((res = split_feed(r, &sp, chunk, (size_t)got, msg, msglen)) != TP_OK)
			break;
	}
	stream_close(&st);
	free(chunk);
	buf_free(&sp.rec);
	return res;
}

/* Reads manifest.js (window.__THAR_CONFIG = {...}): the owner from userInfo,
 * the tweets and note files and the media directory. */
static tp_result read_manifest(reader *r, const char *entry, char ***tweets, size_t *ntweets,
			       char ***notes, size_t *nnotes, char *msg, size_t msglen)
{
	buf b;
	buf_init(&b);
	tp_result res = src_read_all(r->src, entry, r->caps.max_small, "manifest.js", &b, msg, msglen);
	const char *brace = res == TP_OK ? strchr(b.data ? b.data : "", '{') : NULL;
	cJSON *doc = brace ? cJSON_ParseWithLengthOpts(brace, b.len - (size_t)(brace - b.data), NULL, 0) : NULL;

	if (res == TP_OK && !doc) {
		buf_free(&b);
		return tp_fail(TP_ERR_INPUT, msg, msglen, "%s: %s: not a manifest (no JSON object after "
			       "\"window.__THAR_CONFIG =\")", r->name, entry);
	}
	buf_free(&b);
	if (res != TP_OK)
		return res;
	const cJSON *ui = cJSON_GetObjectItemCaseSensitive(doc, "userInfo");
	const cJSON *types = cJSON_GetObjectItemCaseSensitive(doc, "dataTypes");
	if (!r->owner_id && is_id(jstr(ui, "accountId")))
		r->owner_id = xstrdup(jstr(ui, "accountId"));
	if (!r->owner_handle)
		take_str(&r->owner_handle, ui, "userName");
	if (!r->owner_name)
		take_str(&r->owner_name, ui, "displayName");
	static const char *const keys[] = {"tweets", "tweet", "noteTweet"};
	for (size_t k = 0; k < 3; k++) {
		const cJSON *dt = cJSON_GetObjectItemCaseSensitive(types, keys[k]), *f;
		const char *md = jstr(dt, "mediaDirectory");
		if (md && k < 2) {
			char *dir = xasprintf("%s%s/", r->src->base, md);
			if (safe_name(dir))
				list_add(&r->media_dirs, &r->nmedia_dirs, dir);
			free(dir);
		}
		cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(dt, "files")) {
			const char *fn = jstr(f, "fileName");
			char *name = fn ? xasprintf("%s%s", r->src->base, fn) : NULL;
			if (name && !src_has(r->src, name)) {
				free(name);
				name = xasprintf("%s%s", r->src->data, strrchr(fn, '/') ? strrchr(fn, '/') + 1 : fn);
			}
			if (name && src_has(r->src, name))
				list_add(k < 2 ? tweets : notes, k < 2 ? ntweets : nnotes, name);
			else if (fn)
				verbosef(1, "%s: the manifest names %s, which is not in the archive", r->name, fn);
			free(name);
		}
	}
	cJSON_Delete(doc);
	return TP_OK;
}

/* The part number of a tweets file name ("tweets.js" 0, "tweets-part2.js"
 * 2), or -1 when base is not one; *old is set for "tweet..." names. */
static long part_number(const char *base, int *old)
{
	const char *p;

	if (strncmp(base, "tweets", 6) == 0) {
		p = base + 6;
		*old = 0;
	} else if (strncmp(base, "tweet", 5) == 0) {
		p = base + 5;
		*old = 1;
	} else {
		return -1;
	}
	if (strcmp(p, ".js") == 0)
		return 0;
	if (strncmp(p, "-part", 5) != 0 || p[5] < '0' || p[5] > '9')
		return -1;
	char *end;
	long n = strtol(p + 5, &end, 10);
	return strcmp(end, ".js") == 0 && n >= 0 && n < 100000 ? n : -1;
}

/* Orders tweets files by part number. */
static int cmp_part(const void *x, const void *y)
{
	const char *a = *(const char *const *)x, *b = *(const char *const *)y;
	const char *sa = strrchr(a, '/'), *sb = strrchr(b, '/');
	int o;
	long pa = part_number(sa ? sa + 1 : a, &o), pb = part_number(sb ? sb + 1 : b, &o);

	return pa != pb ? (pa > pb) - (pa < pb) : strcmp(a, b);
}

/* Adds the tweets files and note-tweet files found by name in the data dir. */
static void find_by_name(reader *r, char ***tweets, size_t *ntweets, char ***notes, size_t *nnotes)
{
	char **all = NULL;
	size_t n = 0;
	int old;

	src_list(r->src, r->src->data, &all, &n);
	for (size_t i = 0; i < n; i++) {
		const char *base = all[i] + strlen(r->src->data);
		if (part_number(base, &old) >= 0)
			list_add(tweets, ntweets, all[i]);
		else if (strcmp(base, "note-tweet.js") == 0 || strncmp(base, "note-tweet-part", 15) == 0)
			list_add(notes, nnotes, all[i]);
	}
	list_free(all, n);
}

/* Loads the owner's avatar from profile_media/<id>-<basename>; without an
 * avatar URL, the one profile_media file of the owner that is not the header. */
static void load_avatar(reader *r, thread_user *u)
{
	char *dir = xasprintf("%sprofile_media/", r->src->data), *name = NULL;
	char **all = NULL;
	size_t n = 0;

	if (r->avatar_url) {
		char *base = url_basename(r->avatar_url);
		name = xasprintf("%s%s-%s", dir, u->id, base);
		free(base);
	} else {
		char *prefix = xasprintf("%s%s-", dir, u->id);
		char *hb = r->header_url ? url_basename(r->header_url) : NULL;
		src_list(r->src, dir, &all, &n);
		for (size_t i = 0; i < n && !name; i++) {
			const char *rest = all[i] + strlen(prefix);
			if (strncmp(all[i], prefix, strlen(prefix)) == 0 &&
			    !(hb && strncmp(rest, hb, strlen(hb)) == 0 && rest[strlen(hb)] == '.'))
				name = xstrdup(all[i]);
		}
		free(prefix);
		free(hb);
	}
	buf b;
	buf_init(&b);
	char m[256];
	if (name && src_has(r->src, name) &&
	    src_read_all(r->src, name, r->caps.max_media, "a media file", &b, m, sizeof m) == TP_OK &&
	    b.len) {
		u->avatar.data = (unsigned char *)buf_steal(&b, &u->avatar.len);
		r->info->avatar = 1;
	} else {
		u->avatar.failed = 1;
		verbosef(1, "%s: the owner's avatar is not in the archive", r->name);
	}
	buf_free(&b);
	list_free(all, n);
	free(name);
	free(dir);
}

/* ---- after reading ---- */

/* Without account.js or a manifest, the owner is whoever a reply to a tweet
 * of the archive answers (every tweet of the archive is the owner's). */
static void guess_owner(reader *r)
{
	thread_pool *p = r->pool;

	for (size_t i = 0; !r->owner_id && i < p->ntweets; i++) {
		const thread_tweet *t = p->tweets[i];
		if (t->parent_id && t->reply_to_user_id && thread_pool_tweet(p, t->parent_id))
			r->owner_id = xstrdup(t->reply_to_user_id);
	}
	if (!r->owner_id)
		r->owner_id = xstrdup("0");
	warnf("%s: no account.js or manifest.js with the owner; the owner's id is taken as %s",
	      r->name, r->owner_id);
}

/* Keeps a quote only when the quoted tweet is in the archive (an inset; its
 * link at the end of the text is dropped); other quotes stay links. */
static void settle_quote(reader *r, thread_tweet *t)
{
	char id[21];

	if (!t->quote_id)
		return;
	if (!thread_pool_tweet(r->pool, t->quote_id)) {
		free(t->quote_id);
		t->quote_id = NULL;
		return;
	}
	r->info->quotes_own++;
	if (t->nspans && t->spans[t->nspans - 1].kind == SPAN_URL &&
	    status_id(t->spans[t->nspans - 1].href, id) && strcmp(id, t->quote_id) == 0) {
		free(t->spans[t->nspans - 1].text);
		free(t->spans[t->nspans - 1].href);
		t->nspans--;
		trim_end(t);
	}
}

/* Sets conversation_id of every tweet to the top of its reply chain in the
 * pool (or the missing parent above it); each tweet is walked over once. */
static void fill_conversations(thread_pool *p)
{
	thread_tweet **path = xmalloc((p->ntweets + 1) * sizeof *path);

	for (size_t i = 0; i < p->ntweets; i++) {
		size_t len = 0;
		thread_tweet *t = p->tweets[i];
		const char *conv = NULL;
		while (!t->conversation_id && len <= p->ntweets) {
			path[len++] = t;
			thread_tweet *up = t->parent_id ? thread_pool_tweet(p, t->parent_id) : NULL;
			if (!t->parent_id || up == t) {
				conv = t->id;
				break;
			}
			if (!up) {
				conv = t->parent_id;
				break;
			}
			t = up;
		}
		if (!conv)
			conv = t->conversation_id ? t->conversation_id : p->tweets[i]->id;
		char *c = xstrdup(conv);
		for (size_t k = 0; k < len; k++)
			if (!path[k]->conversation_id)
				path[k]->conversation_id = xstrdup(c);
		free(c);
	}
	free(path);
}

/* Drops the "@owner " that old self-replies begin with (twitter.com hid
 * it; the archive keeps it): a leading mention of the owner followed by a
 * space. */
static void drop_self_mention(thread_tweet *t, const char *owner)
{
	if (t->nspans < 2 || t->spans[0].kind != SPAN_MENTION || !t->spans[0].text || !owner || !*owner ||
	    strcasecmp(t->spans[0].text + 1, owner) != 0 || t->spans[1].kind != SPAN_TEXT ||
	    !t->spans[1].text || t->spans[1].text[0] != ' ')
		return;
	free(t->spans[0].text);
	free(t->spans[0].href);
	memmove(t->spans, t->spans + 1, (t->nspans - 1) * sizeof *t->spans);
	t->nspans--;
	memmove(t->spans[0].text, t->spans[0].text + 1, strlen(t->spans[0].text));
}

/* Authors, the owner user, quotes, conversations, counts, links. */
static void finish_pool(reader *r)
{
	thread_pool *p = r->pool;
	archive_info *in = r->info;

	if (!r->owner_id)
		guess_owner(r);
	if (!r->owner_handle)
		r->owner_handle = r->guess_handle ? xstrdup(r->guess_handle) : xstrdup("");
	if (!r->owner_name)
		r->owner_name = xstrdup(r->owner_handle);
	thread_user *u = thread_user_new();
	u->id = xstrdup(r->owner_id);
	u->handle = xstrdup(r->owner_handle);
	u->name = xstrdup(r->owner_name);
	u->avatar_url = r->avatar_url ? xstrdup(r->avatar_url) : NULL;
	if (r->src)
		load_avatar(r, u);
	else
		u->avatar.failed = 1;
	thread_pool_add_user(p, u);
	for (size_t i = r->first; i < p->ntweets; i++) {
		thread_tweet *t = p->tweets[i];
		free(t->author_id);
		t->author_id = xstrdup(r->owner_id);
		settle_quote(r, t);
		in->edits += thread_pool_tweet(p, t->id) != t;
		if (t->parent_id && t->reply_to_user_id && strcmp(t->reply_to_user_id, r->owner_id) != 0)
			in->replies_others++;
		else if (t->parent_id && ++in->self_replies)
			drop_self_mention(t, r->owner_handle);
	}
	fill_conversations(p);
	thread_pool_link(p);
	in->tweets = p->ntweets - r->first;
	in->owner_id = xstrdup(r->owner_id);
	in->owner_handle = xstrdup(r->owner_handle);
	in->owner_name = xstrdup(r->owner_name);
}

/* Frees what the reader holds. */
static void reader_free(reader *r)
{
	free(r->owner_id);
	free(r->owner_handle);
	free(r->owner_name);
	free(r->avatar_url);
	free(r->header_url);
	free(r->guess_handle);
	list_free(r->media_dirs, r->nmedia_dirs);
	for (size_t i = 0; i < r->nnotes; i++) {
		free(r->notes[i].text);
		cJSON_Delete(r->notes[i].core);
	}
	free(r->notes);
}

/* The caps of opts with defaults for zero fields. */
static archive_opts resolve_caps(const archive_opts *o)
{
	archive_opts c = o ? *o : (archive_opts){0};

	c.max_part = c.max_part ? c.max_part : ARCHIVE_MAX_PART;
	c.max_record = c.max_record ? c.max_record : ARCHIVE_MAX_RECORD;
	c.max_small = c.max_small ? c.max_small : ARCHIVE_MAX_SMALL;
	c.max_media = c.max_media ? c.max_media : ARCHIVE_MAX_MEDIA;
	return c;
}

/* Describes the archive's era and format for -v. */
static char *describe(const reader *r, const char *first_tweets)
{
	const char *base = strrchr(first_tweets, '/') ? strrchr(first_tweets, '/') + 1 : first_tweets;
	const char *era = strncmp(base, "tweets", 6) == 0 ? "2022+ (tweets.js)"
			  : strcmp(r->src->data, r->src->base) == 0 ? "2018-19 (tweet.js, files at the root)"
			  : "2020-22 (data/tweet.js)";

	return xasprintf("%s, %s, %zu tweets file%s, %s records", era, r->src->zip ? "zip" : "folder",
			 r->info->parts, r->info->parts == 1 ? "" : "s",
			 r->wrapped ? "{\"tweet\": ...}" : "bare");
}

/* Reads the owner's files and the note tweets, before any tweet. */
static tp_result read_side_files(reader *r, char **notes, size_t nnotes, char *msg, size_t msglen)
{
	static const char *const side[] = {"account.js", "profile.js"};
	tp_result res = TP_OK;

	for (size_t k = 0; k < 2 && res == TP_OK; k++) {
		char *name = xasprintf("%s%s", r->src->data, side[k]);
		if (src_has(r->src, name))
			res = read_list_file(r, name, k == 0 ? K_ACCOUNT : K_PROFILE, r->caps.max_small, msg, msglen);
		free(name);
	}
	for (size_t i = 0; i < nnotes && res == TP_OK; i++)
		res = read_list_file(r, notes[i], K_NOTES, r->caps.max_part, msg, msglen);
	return res;
}

/* Reads everything from an open source into the pool. */
static tp_result read_source(reader *r, char *msg, size_t msglen)
{
	char **tweets = NULL, **notes = NULL;
	size_t ntweets = 0, nnotes = 0;
	tp_result res = TP_OK;
	char *mf = xasprintf("%smanifest.js", r->src->data);

	if (src_has(r->src, mf))
		res = read_manifest(r, mf, &tweets, &ntweets, &notes, &nnotes, msg, msglen);
	free(mf);
	find_by_name(r, &tweets, &ntweets, &notes, &nnotes);
	static const char *const dirs[] = {"tweets_media/", "tweet_media/"};
	for (size_t k = 0; k < 2; k++) {
		char *d = xasprintf("%s%s", r->src->data, dirs[k]);
		list_add(&r->media_dirs, &r->nmedia_dirs, d);
		free(d);
	}
	if (res == TP_OK)
		res = read_side_files(r, notes, nnotes, msg, msglen);
	if (res == TP_OK && ntweets == 0)
		res = tp_fail(TP_ERR_INPUT, msg, msglen,
			      "%s: no tweets file in the archive (%stweets.js, %stweet.js or their parts)",
			      r->name, r->src->data, r->src->data);
	if (ntweets)
		qsort(tweets, ntweets, sizeof *tweets, cmp_part);
	for (size_t i = 0; i < ntweets && res == TP_OK; i++) {
		res = read_list_file(r, tweets[i], K_TWEETS, r->caps.max_part, msg, msglen);
		r->info->parts++;
	}
	if (res == TP_OK) {
		finish_pool(r);
		r->info->era = describe(r, tweets[0]);
	}
	list_free(tweets, ntweets);
	list_free(notes, nnotes);
	return res;
}

/* Warns once for what was skipped or missing. */
static void summary_warnings(const reader *r)
{
	const archive_info *in = r->info;

	if (in->media_missing)
		warnf("%s: %zu of %zu media files are not in the archive; drawn as placeholders", r->name,
		      in->media_missing, in->media_missing + in->media_found);
	if (r->not_tweets)
		warnf("%s: skipped %zu records that are not tweets (no id_str or full_text)", r->name,
		      r->not_tweets);
}

/* Opens and reads an archive into the pool (see archive.h). */
tp_result archive_read(const char *path, const archive_opts *opts, thread_pool *pool,
		       archive_info *info, char *msg, size_t msglen)
{
	source src;
	reader r = {0};

	memset(info, 0, sizeof *info);
	r.name = path;
	r.caps = resolve_caps(opts);
	r.pool = pool;
	r.first = pool->ntweets;
	r.info = info;
	tp_result res = src_open(&src, path, msg, msglen);
	if (res == TP_OK) {
		r.src = &src;
		info->zip = src.zip != NULL;
		res = read_source(&r, msg, msglen);
	}
	if (res == TP_OK && info->tweets == 0)
		res = tp_fail(TP_ERR_INPUT, msg, msglen, "%s: no tweets in the archive (%zu retweets)", path,
			      info->retweets);
	if (res == TP_OK) {
		summary_warnings(&r);
		verbosef(1, "%s: %s; owner @%s (%s); %zu tweets, %zu retweets left out, %zu media "
			 "(%zu missing), %zu of %zu long posts matched", path, info->era, info->owner_handle,
			 info->owner_id, info->tweets, info->retweets, info->media_found + info->media_missing,
			 info->media_missing, info->notes_matched, info->notes);
	}
	reader_free(&r);
	src_close(&src);
	return res;
}

/* Reads one tweets file's text through the splitter (see archive.h). */
tp_result archive_read_tweets_text(thread_pool *pool, const char *text, size_t len,
				   const char *name, size_t chunk, const char *owner_id,
				   const archive_opts *opts, archive_info *info,
				   char *msg, size_t msglen)
{
	reader r = {0};
	splitter sp;
	tp_result res = TP_OK;

	memset(info, 0, sizeof *info);
	r.name = name ? name : "input";
	r.entry = "tweets.js";
	r.kind = K_TWEETS;
	r.caps = resolve_caps(opts);
	r.pool = pool;
	r.first = pool->ntweets;
	r.info = info;
	r.owner_id = is_id(owner_id) ? xstrdup(owner_id) : NULL;
	split_init(&sp, r.caps.max_record);
	if (chunk == 0)
		chunk = len ? len : 1;
	for (size_t at = 0; at < len && res == TP_OK; at += chunk)
		res = split_feed(&r, &sp, text + at, len - at < chunk ? len - at : chunk, msg, msglen);
	if (res == TP_OK)
		res = split_finish(&r, &sp, msg, msglen);
	if (res == TP_OK) {
		if (!r.owner_id)
			r.owner_id = xstrdup("0");
		finish_pool(&r);
	}
	buf_free(&sp.rec);
	reader_free(&r);
	return res;
}

/* 1 when path looks like an archive: a zip's magic, or a folder with one of
 * the marker files at its root or under data/. */
int archive_probe(const char *path)
{
	struct stat st;
	unsigned char magic[4];

	if (!path || stat(path, &st) != 0)
		return 0;
	if (S_ISDIR(st.st_mode)) {
		source s = {0};
		s.path = path;
		s.root = realpath(path, NULL);
		int ok = s.root && src_locate(&s) == 0;
		src_close(&s);
		return ok;
	}
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, magic, 4);
	close(fd);
	return n == 4 && magic[0] == 'P' && magic[1] == 'K' &&
	       ((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6));
}

/* Frees what info holds and zeroes it. */
void archive_info_free(archive_info *info)
{
	if (!info)
		return;
	free(info->era);
	free(info->owner_id);
	free(info->owner_handle);
	free(info->owner_name);
	for (size_t i = 0; i < info->nretweet_ids; i++)
		free(info->retweet_ids[i]);
	free(info->retweet_ids);
	memset(info, 0, sizeof *info);
}

/* An archive opened again for its media files. */
struct archive_media {
	source src;
	archive_opts caps;
};

/* Opens the archive for archive_media_load (see archive.h). */
tp_result archive_media_open(const char *path, const archive_opts *opts, archive_media **out,
			     char *msg, size_t msglen)
{
	archive_media *a = xcalloc(1, sizeof *a);
	tp_result res = src_open(&a->src, path, msg, msglen);

	*out = NULL;
	if (res != TP_OK) {
		src_close(&a->src);
		free(a);
		return res;
	}
	a->caps = resolve_caps(opts);
	*out = a;
	return TP_OK;
}

/* Reads one media item's archive file into its blob, or fails it with a warning. */
static void media_item_load(archive_media *a, thread_media *m)
{
	size_t n = strlen(ARCHIVE_URL_PREFIX);
	char msg[512];
	buf b;

	if (!m->url || strncmp(m->url, ARCHIVE_URL_PREFIX, n) != 0 || m->img.data || m->img.failed)
		return;
	buf_init(&b);
	tp_result res = src_read_all(&a->src, m->url + n, a->caps.max_media, "a media file", &b, msg,
				     sizeof msg);
	if (res != TP_OK || b.len == 0) {
		if (res != TP_OK)
			warnf("%s", msg);
		buf_free(&b);
		m->img.failed = 1;
		return;
	}
	m->img.data = (unsigned char *)buf_steal(&b, &m->img.len);
}

/* Loads every archive photo of one tweet and of the tweet it quotes. */
static void tweet_media_load(archive_media *a, thread_tweet *t)
{
	for (; t; t = t->quote)
		for (size_t i = 0; i < t->nmedia; i++)
			media_item_load(a, &t->media[i]);
}

/* Loads the archive photos of a thread (see archive.h). */
void archive_media_load(archive_media *a, thread *t)
{
	if (!a || !t)
		return;
	for (size_t i = 0; i < t->ntweets; i++)
		tweet_media_load(a, t->tweets[i]);
	tweet_media_load(a, t->context);
}

/* Closes the archive; NULL is fine. */
void archive_media_free(archive_media *a)
{
	if (!a)
		return;
	src_close(&a->src);
	free(a);
}
