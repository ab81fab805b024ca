/* Unit tests of xurl: every accepted form of tweet link, and the refusals. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "xurl.h"

/* Checks that link parses to id (and handle, when want_handle != NULL). */
static void ok(const char *link, const char *id, const char *want_handle)
{
	xurl_ref r;
	char msg[512], name[300];
	tp_result rc = xurl_parse(link, &r, msg, sizeof msg);

	snprintf(name, sizeof name, "xurl ok %s", link);
	if (rc != TP_OK) {
		printf("FAIL %s: %s\n", name, msg);
		check_failed = 1;
		return;
	}
	CHECK_STR(name, r.id, id);
	if (want_handle) {
		snprintf(name, sizeof name, "xurl handle %s", link);
		CHECK_STR(name, r.handle, want_handle);
	}
}

/* Checks that link is refused with TP_ERR_INPUT, a message naming the forms and the reason. */
static void refused(const char *link, const char *reason)
{
	xurl_ref r;
	char msg[512], name[300];
	tp_result rc = xurl_parse(link, &r, msg, sizeof msg);

	snprintf(name, sizeof name, "xurl refuses %s", link);
	CHECK(name, rc == TP_ERR_INPUT && strstr(msg, "x.com/USER/status/ID") && strstr(msg, "bare tweet ID") &&
			    strstr(msg, reason) && r.id[0] == '\0');
}

/* Account links: the handle, or not an account. */
static void account(const char *s, const char *want)
{
	char h[16], name[160];
	int r = xurl_parse_account(s, h);

	snprintf(name, sizeof name, "account %s", s);
	if (want)
		CHECK_STR(name, r ? h : "(not an account)", want);
	else
		CHECK(name, r == 0);
}

/* The account forms. */
static void test_accounts(void)
{
	account("@sorrel", "sorrel");
	account("https://x.com/sorrel", "sorrel");
	account("https://twitter.com/Sorrel_2/", "Sorrel_2");
	account("x.com/sorrel?lang=en", "sorrel");
	account("mobile.twitter.com/sorrel", "sorrel");
	account("https://x.com/sorrel/status/20", NULL);
	account("https://x.com/sorrel/media", NULL);
	account("https://x.com/home", NULL);
	account("https://x.com/i", NULL);
	account("@", NULL);
	account("@abcdefghijklmnop", NULL);
	account("@no-dash", NULL);
	account("https://example.com/sorrel", NULL);
	account("20", NULL);
}

int main(void)
{
	test_accounts();
	ok("https://x.com/jack/status/20", "20", "jack");
	ok("https://twitter.com/jack/status/20", "20", "jack");
	ok("http://twitter.com/jack/status/20", "20", "jack");
	ok("https://www.twitter.com/jack/status/20", "20", NULL);
	ok("https://www.x.com/jack/status/20", "20", NULL);
	ok("https://mobile.twitter.com/jack/status/20", "20", "jack");
	ok("https://mobile.x.com/jack/status/20", "20", NULL);
	ok("HTTPS://X.COM/Jack/status/20", "20", "Jack");
	ok("x.com/jack/status/1790000000000000001", "1790000000000000001", "jack");
	ok("twitter.com/jack/status/20?s=20&t=abc", "20", NULL);
	ok("https://x.com/jack/status/20/photo/1", "20", "jack");
	ok("https://x.com/jack/status/20/video/1", "20", NULL);
	ok("https://x.com/jack/status/20/", "20", NULL);
	ok("https://x.com/jack/status/20#m", "20", NULL);
	ok("https://x.com/jack/statuses/20", "20", NULL);
	ok("https://twitter.com/jack/status/20/analytics", "20", NULL);
	ok("https://x.com/i/web/status/20", "20", "");
	ok("https://twitter.com/i/web/status/1234567890123456789", "1234567890123456789", NULL);
	ok("https://x.com/i/status/20", "20", "");
	ok("https://twitter.com/statuses/20", "20", "");
	ok("https://twitter.com/#!/jack/status/20", "20", "jack");
	ok("https://fxtwitter.com/jack/status/20", "20", "jack");
	ok("https://d.fxtwitter.com/jack/status/20/en", "20", NULL);
	ok("https://vxtwitter.com/jack/status/20", "20", NULL);
	ok("https://fixupx.com/jack/status/20", "20", NULL);
	ok("https://fixvx.com/jack/status/20", "20", NULL);
	ok("https://nitter.net/jack/status/20#m", "20", "jack");
	ok("https://nitter.example.org:8443/some_user/status/20", "20", "some_user");
	ok("https://threadreaderapp.com/thread/1234567890.html", "1234567890", "");
	ok("https://threadreaderapp.com/thread/1234567890", "1234567890", NULL);
	ok("https://threadreaderapp.com/thread/1234567890.html?utm_source=x", "1234567890", NULL);
	ok("20", "20", "");
	ok("  1234567890123456789\n", "1234567890123456789", NULL);
	ok("<https://x.com/jack/status/20>", "20", NULL);
	ok("\"https://x.com/jack/status/20\"", "20", NULL);
	ok("9223372036854775807", "9223372036854775807", NULL);
	ok("007", "7", NULL);

	refused("", "empty");
	refused("   ", "empty");
	refused("https://x.com/jack", "profile");
	refused("https://x.com/", "no /status/ID");
	refused("https://example.com/some/page", "no /status/ID");
	refused("https://x.com/jack/status/abc", "not a number");
	refused("https://x.com/jack/status/", "no /status/ID");
	refused("https://x.com/jack/status/99999999999999999999", "not a number");
	refused("9223372036854775808", "not a tweet id");
	refused("0", "not a tweet id");
	refused("ftp://x.com/jack/status/20", "only http");
	refused("javascript://x.com/jack/status/20", "only http");
	refused("https://user@x.com/jack/status/20", "no valid host");
	refused("https://x.com/ja-ck/status/20", "not a handle");
	refused("@jack", "not a tweet id");
	refused("https://threadreaderapp.com/user/jack", "no /status/ID");
	refused("https://example.com/thread/20.html", "no /status/ID");

	xurl_ref r;
	char msg[64];
	CHECK("xurl small msg buffer", xurl_parse("nope", &r, msg, sizeof msg) == TP_ERR_INPUT && strlen(msg) < 64);
	CHECK("xurl null link", xurl_parse(NULL, &r, NULL, 0) == TP_ERR_INPUT);
	CHECK_DONE();
}
