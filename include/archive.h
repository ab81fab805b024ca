/* archive: reader of the user's own Twitter/X data archive (the download
 * zip, or the folder it unzips to) into a thread_pool.
 *
 * Every format real archives used: data/tweets.js (2022 on) or data/tweet.js
 * (2020-22) or the files at the root (2018-19); tweets-partN.js parts, found
 * through manifest.js or by name; "window.YTD.<name>.partN = [" prefixes;
 * {"tweet": {...}} or bare records. Tweets files are read record by record
 * (one record in memory at a time, plus the pool); image bytes come from the
 * archive itself, never from the network. Zips are read with libzip. */
#ifndef THREADPDF_ARCHIVE_H
#define THREADPDF_ARCHIVE_H

#include <stddef.h>

#include "result.h"
#include "thread.h"

/* Default caps on what is read (uncompressed bytes actually read, never the
 * zip header's claim). Exceeding one is an error naming the entry and the cap. */
#define ARCHIVE_MAX_PART   ((size_t)1 << 30)   /* one tweets or note-tweet file: 1 GiB */
#define ARCHIVE_MAX_RECORD ((size_t)16 << 20)  /* one record of a tweets file: 16 MiB */
#define ARCHIVE_MAX_SMALL  ((size_t)64 << 20)  /* manifest.js, account.js, profile.js: 64 MiB */
#define ARCHIVE_MAX_MEDIA  ((size_t)64 << 20)  /* one image file: 64 MiB */
#define ARCHIVE_MAX_ENTRIES ((size_t)1 << 20)  /* entries of a zip: 1 Mi */

/* Caps; a 0 field (or a NULL opts) means the default above. */
typedef struct archive_opts {
	size_t max_part;
	size_t max_record;
	size_t max_small;
	size_t max_media;
} archive_opts;

/* What archive_read saw, for -v and for batch export. All strings owned. */
typedef struct archive_info {
	int zip;                /* 1: a zip file, 0: a folder */
	char *era;              /* format, e.g. "2022+ (data/tweets.js, 2 parts)" */
	char *owner_id, *owner_handle, *owner_name;   /* never NULL after success */
	size_t parts;           /* tweets files read */
	size_t records;         /* tweet records read (retweets and revisions included) */
	size_t tweets;          /* tweets added to the pool (not retweets) */
	size_t retweets;        /* retweets: left out of the pool, ids in retweet_ids */
	char **retweet_ids;
	size_t nretweet_ids;
	size_t self_replies;    /* replies to the owner's own tweets */
	size_t replies_others;  /* replies to other accounts */
	size_t edits;           /* earlier revisions of edited tweets */
	size_t quotes_own;      /* quotes of the owner's tweets found in the archive (insets) */
	size_t media_found;     /* photos whose bytes were loaded, videos/GIFs whose mp4 is there */
	size_t media_missing;   /* media files not in the archive (placeholders) */
	size_t videos;          /* videos and GIFs (drawn as a framed link to the tweet) */
	size_t notes;           /* records of note-tweet.js */
	size_t notes_matched;   /* of them, matched to a tweet (its full text used) */
	int avatar;             /* 1: the owner's avatar bytes were found */
} archive_info;

/* 1 when path is a zip file (by its magic bytes) or a folder holding an
 * archive's tweets, manifest or account file (at its root or under data/). */
int archive_probe(const char *path);

/* Reads the archive at path (zip or folder) into pool: the owner as the pool
 * user (id, handle, name, avatar bytes from profile_media/), every tweet but
 * retweets with author_id = the owner, parent_id, reply_to_user_id, created,
 * conversation_id (the top of its reply chain in the archive, or the missing
 * parent above it), spans, quote_id (only for a quote of a tweet in the
 * archive; other quotes stay links), photos pointing at their archive file
 * (ARCHIVE_URL_PREFIX; missing files `failed`, counted, one summary warning), edits (thread_pool_add_edit),
 * long texts from note-tweet.js; then thread_pool_link. No network. opts may
 * be NULL. info is filled (free with archive_info_free) even on failure.
 * TP_ERR_IO for a path that cannot be read; TP_ERR_INPUT, with one line
 * naming the archive, the entry and the problem, for a damaged zip, a tweets
 * file that is not one, a cap exceeded, or an archive with no tweets file. */
tp_result archive_read(const char *path, const archive_opts *opts, thread_pool *pool,
		       archive_info *info, char *msg, size_t msglen);

/* Reads the text of one tweets file (len bytes, named `name` in messages)
 * into pool as archive_read does, fed to the record splitter in pieces of
 * `chunk` bytes (0: all at once), with owner_id as every tweet's author.
 * No media is loaded (photos are marked failed). For tests and fuzzing. */
tp_result archive_read_tweets_text(thread_pool *pool, const char *text, size_t len,
				   const char *name, size_t chunk, const char *owner_id,
				   const archive_opts *opts, archive_info *info,
				   char *msg, size_t msglen);

/* The URL archive_read gives a photo found in the archive: this prefix and
 * the file's name inside the archive. Its bytes are read only when its
 * thread is rendered (archive_media_load). */
#define ARCHIVE_URL_PREFIX "archive:"

/* An archive opened for reading its photos while threads are rendered; each
 * process of a batch opens its own. */
typedef struct archive_media archive_media;

/* Opens the archive at path (zip or folder) for archive_media_load. */
tp_result archive_media_open(const char *path, const archive_opts *opts, archive_media **out,
			     char *msg, size_t msglen);
/* Loads the bytes of every photo of t (its tweets, their quotes, the
 * context) whose url names a file of this archive and is not loaded yet; a
 * file that cannot be read (damaged, over the media cap) is marked failed
 * with a warning. Everything else in t is left alone. */
void archive_media_load(archive_media *a, thread *t);
/* Closes it; NULL is fine. */
void archive_media_free(archive_media *a);

/* Frees what info holds and zeroes it; accepts NULL. */
void archive_info_free(archive_info *info);

#endif
