/* xurl: recognizes the links people paste for a tweet and extracts its id.
 * Accepts x.com / twitter.com (www., mobile.) status links with any suffix
 * (/photo/1, /video/1, query, fragment), /i/web/status/ID, /i/status/ID,
 * /statuses/ID, the old #!/ form, embed fixers (fxtwitter.com, vxtwitter.com,
 * fixupx.com, ...), nitter-style mirrors (any host with /USER/status/ID),
 * threadreaderapp.com/thread/ID.html, and a bare tweet id. Pure string work. */
#ifndef THREADPDF_XURL_H
#define THREADPDF_XURL_H

#include <stddef.h>

#include "result.h"

typedef struct xurl_ref {
	char id[21];       /* decimal tweet id, no leading zeros */
	char handle[51];   /* author handle from the link without '@', "" when the link has none */
} xurl_ref;

/* One line listing the accepted forms (used in the error message and --help). */
extern const char xurl_forms[];

/* Parses link into *out. TP_ERR_INPUT with a one-line msg saying what is
 * wrong and showing the accepted forms when it is not a tweet link. */
tp_result xurl_parse(const char *link, xurl_ref *out, char *msg, size_t msglen);

/* 1 when s is a valid decimal tweet id (1..2^63-1, at most 19 digits). */
int xurl_is_id(const char *s, size_t n);

/* 1 when s names an account rather than a tweet: "@handle", or an x.com /
 * twitter.com link to the profile ("https://x.com/handle", an optional
 * trailing '/', query or fragment); the handle (1 to 15 letters, digits,
 * '_') goes into handle. 0 for anything else. */
int xurl_parse_account(const char *s, char handle[16]);

#endif
