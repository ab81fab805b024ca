/* thread: the source-independent model of a thread, and its assembly.
 *
 * Readers (xv2 for X API v2 JSON, later the data archive) fill a thread_pool
 * with every tweet and user they saw; thread_assemble() picks the thread out
 * of the pool. Nothing here knows about JSON, layout or PDF. All strings are
 * UTF-8 with HTML entities already decoded; all memory is owned by the
 * containing object and freed by thread_free()/thread_pool_free(). */
#ifndef THREADPDF_THREAD_H
#define THREADPDF_THREAD_H

#include <stddef.h>
#include <stdint.h>

#include "result.h"
#include "util.h"

/* Bytes of an image once loaded (by the media module); data == NULL until then. */
typedef struct thread_blob {
	unsigned char *data;
	size_t len;
	int failed;            /* 1: loading was tried and failed (draw a placeholder) */
	int local;             /* 1: a local file was opened for it (loaded or not), the one
	                        * whose device and inode follow: what no output may replace */
	uint64_t dev, ino;
} thread_blob;

typedef enum thread_span_kind {
	SPAN_TEXT,
	SPAN_URL,              /* text = display URL, href = expanded URL */
	SPAN_MENTION,          /* text = "@handle", href = profile URL */
	SPAN_HASHTAG,          /* text = "#tag", href = search URL */
	SPAN_CASHTAG           /* text = "$TAG", href = search URL */
} thread_span_kind;

/* A piece of tweet text. Paragraph breaks are '\n' inside the text. */
typedef struct thread_span {
	thread_span_kind kind;
	char *text;
	char *href;            /* NULL for SPAN_TEXT */
} thread_span;

typedef enum thread_media_kind { MEDIA_PHOTO, MEDIA_VIDEO, MEDIA_GIF } thread_media_kind;

typedef struct thread_media {
	thread_media_kind kind;
	char *url;             /* what to draw: photo URL, or the preview image of a video/GIF */
	char *link;            /* where a click goes (video/GIF: best mp4 or the tweet); may be NULL */
	char *alt;             /* alt text or NULL */
	int width, height;     /* pixels as the source says; 0 = unknown */
	thread_blob img;       /* loaded bytes of url */
} thread_media;

typedef struct thread_user {
	char *id;
	char *name;
	char *handle;          /* without '@' */
	char *avatar_url;      /* may be NULL */
	thread_blob avatar;
} thread_user;

typedef struct thread_tweet thread_tweet;
struct thread_tweet {
	char *id;              /* decimal string; NULL for a gap of unknown id */
	char *author_id;
	char *conversation_id;
	char *parent_id;       /* the tweet this replies to, NULL for none */
	int64_t created;       /* seconds since the epoch, UTC; 0 = unknown */
	int gap;               /* 1: a missing (deleted/unavailable) link in the chain */
	thread_span *spans;
	size_t nspans;
	thread_media *media;
	size_t nmedia;
	thread_tweet *quote;   /* owned; NULL for none */
	thread_user *author;   /* borrowed from the pool/thread users; NULL if unknown */
	char *permalink;       /* https://x.com/<handle>/status/<id>, or NULL */
	char *lang;            /* the source's language tag ("en", "ar"; "und", "qme"...), or NULL */
	char *quote_id;        /* the tweet this quotes, NULL for none; quote may still be NULL
	                        * when that tweet is unavailable */
	char *reply_to_user_id; /* author of the parent (in_reply_to_user_id), or NULL */
	int included;          /* 1: known only as a referenced tweet (v2 includes.tweets) */
};

/* Everything a reader saw, before assembly. */
typedef struct thread_pool {
	thread_tweet **tweets; /* owned, in input order */
	size_t ntweets;
	thread_user **users;   /* owned */
	size_t nusers;
	char **missing;        /* owned: ids the source reported as not found/not visible */
	size_t nmissing;
	struct thread_index *index; /* private: id lookup tables */
} thread_pool;

typedef struct thread {
	thread_user *author;   /* owned */
	thread_tweet **tweets; /* owned, in reading order; gaps included */
	size_t ntweets;
	thread_tweet *context; /* owned: another account's tweet the root replies to, or NULL */
	char *url;             /* link to the thread (root permalink) */
	char *base_dir;        /* where relative media paths are resolved from, or NULL */
	thread_user **users;   /* owned: the other accounts shown (context, quoted tweets);
	                        * tweets' author pointers point here or at author */
	size_t nusers;
} thread;

thread_pool *thread_pool_new(void);
void thread_pool_free(thread_pool *p);
/* Adds a tweet/user; the pool takes ownership. A tweet or user whose id is
 * already in the pool replaces nothing and is freed. */
void thread_pool_add_tweet(thread_pool *p, thread_tweet *t);
void thread_pool_add_user(thread_pool *p, thread_user *u);
/* The tweet with this id (its current version when it was edited), or NULL. */
thread_tweet *thread_pool_tweet(const thread_pool *p, const char *id);
thread_user *thread_pool_user(const thread_pool *p, const char *id);
/* Records an id the source reported missing (deleted, protected); copies id. */
void thread_pool_add_missing(thread_pool *p, const char *id);
int thread_pool_is_missing(const thread_pool *p, const char *id);
/* Records that old_id is an earlier version of the edited tweet whose current
 * version is new_id (v2 edit_history_tweet_ids). From then on lookups of
 * old_id return the current version when the pool has it, and assembly
 * leaves earlier versions out. */
void thread_pool_add_edit(thread_pool *p, const char *old_id, const char *new_id);
/* Points every tweet without an author at its pool user and fills, where the
 * author is now known, permalinks and video links; readers call it after
 * adding a batch (users may arrive after their tweets). */
void thread_pool_link(thread_pool *p);
/* Refuses (TP_ERR_INPUT, msg naming `name` and the id) a pool with a tweet id,
 * replied-to, conversation or quoted id that is not a decimal number, so the
 * thread is never ordered by arbitrary strings ("-4", "abc", ""); readers call
 * it after filling the pool. */
tp_result thread_pool_check_ids(const thread_pool *p, const char *name, char *msg, size_t msglen);

/* Picks the thread of the first tweet in the pool: its conversation's root and
 * the root author's replies in it, in id order, gaps marked. The pool keeps
 * what it owns; *out is a deep copy. Returns TP_ERR_INPUT with msg when the
 * pool holds no tweet.
 * Details: the first tweet is the first not flagged `included`. The author is
 * the conversation root's, unless the root is by another account that has no
 * other tweet in the conversation and the first tweet is not theirs (a thread
 * that answers someone): then it is the first tweet's author, the thread
 * starts at their first reply and the tweet it answers becomes `context`.
 * Tweets answering another account's tweet mid-thread are left out; a parent
 * that is absent from the pool and was (or may have been) the author's own is
 * a gap. thread->author and its name/handle are never NULL (empty when
 * unknown); every real tweet has a permalink. A tweet without a
 * conversation_id belongs to the top of its reply chain in the pool (or the
 * missing parent above it); a reply cycle, which only corrupt input has, to
 * the smallest id in the cycle. Tweets of other conversations are left out
 * with one warning. */
tp_result thread_assemble(const thread_pool *p, thread **out, char *msg, size_t msglen);

/* One thread found in a pool by thread_pool_threads(). */
typedef struct thread_entry {
	const char *root_id;   /* borrowed from the pool: the thread's first tweet by the author */
	int64_t created;       /* that tweet's time, 0 = unknown */
	size_t ntweets;        /* the author's tweets in the thread (gaps not counted) */
} thread_entry;

/* Lists every thread of author_id in the pool, in root id order: the
 * author's tweets grouped by conversation, each group cut into chains the
 * way thread_assemble() keeps one (a root that does not answer the author's
 * own tweet, then every reply below it, branches included; a parent the
 * pool lacks is a gap). The author's reply to another account that nothing
 * of theirs answers is a thread of one. Earlier versions of edited tweets
 * are left out. The conversations and the grouping are computed once per
 * pool and kept until the pool changes, so listing and assembling every
 * thread is O(n log n) overall. *out is the caller's (free the array only;
 * ids are the pool's). Returns the count. */
size_t thread_pool_threads(const thread_pool *p, const char *author_id, thread_entry **out);

/* Assembles the thread of author_id whose root is root_id (a root_id of
 * thread_pool_threads()), by the rules of thread_assemble(). TP_ERR_INPUT
 * with msg when no such thread is in the pool. */
tp_result thread_assemble_root(const thread_pool *p, const char *author_id, const char *root_id,
			       thread **out, char *msg, size_t msglen);

thread_tweet *thread_tweet_new(void);
void thread_tweet_free(thread_tweet *t);
thread_user *thread_user_new(void);
void thread_user_free(thread_user *u);
void thread_free(thread *t);

/* Number of real (non-gap) tweets. */
size_t thread_count(const thread *t);
/* Whole text of a tweet (spans joined); caller frees. */
char *thread_tweet_text(const thread_tweet *t);
/* Normalized text dump for golden tests; appends to b. */
void thread_dump(const thread *t, buf *b);

/* Compares decimal id strings numerically, whatever their length (leading
 * zeros skipped: "007" equals "7"). NULL sorts first; strings that are not
 * decimal numbers sort after all numbers, in byte order. */
int thread_id_cmp(const char *a, const char *b);
/* 1 when id is a decimal number: one or more digits '0'-'9', nothing else. */
int thread_id_valid(const char *id);

/* Deep copies (the author pointer is copied as is, i.e. still borrowed). */
thread_tweet *thread_tweet_copy(const thread_tweet *t);
thread_user *thread_user_copy(const thread_user *u);

/* Parses an ISO 8601 time ("2023-01-04T17:40:09.000Z", "+hh:mm" offsets too)
 * into *out (epoch seconds, UTC). Returns 0, or -1 when it is not one. */
int thread_parse_time(const char *s, int64_t *out);
/* Formats epoch seconds as "YYYY-MM-DDThh:mm:ssZ" into out (>= 21 bytes). */
void thread_format_time(int64_t t, char *out, size_t outlen);

#endif
