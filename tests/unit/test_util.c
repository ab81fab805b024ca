/* Unit tests for util's percent-encoding and buffer room. */
#include <string.h>

#include "check.h"
#include "util.h"

int main(void)
{
	buf b;

	buf_init(&b);
	buf_add_pct(&b, "café #tag a/b?c=d&e~f_g.h-i", 1);
	CHECK_STR("pct-query-value", b.data, "caf%C3%A9%20%23tag%20a%2Fb%3Fc%3Dd%26e~f_g.h-i");
	b.len = 0;
	buf_add_pct(&b, "https://example.org/a b?q=\"x\"<y>\\z&é#frag", 0);
	CHECK_STR("pct-uri-kept-but-unsafe", b.data, "https://example.org/a%20b?q=%22x%22%3Cy%3E%5Cz&%C3%A9#frag");
	b.len = 0;
	buf_add_pct(&b, "\x01\x7f", 0);
	CHECK_STR("pct-controls", b.data, "%01%7F");
	buf_free(&b);
	buf_reserve(&b, 1000);
	CHECK("buf-reserve-room", b.cap >= 1001 && b.len == 0 && b.data != NULL);
	buf_add(&b, "x", 1);
	CHECK("buf-reserve-then-add", b.len == 1 && b.data[0] == 'x' && b.data[1] == '\0');
	buf_free(&b);
	CHECK_DONE();
}
