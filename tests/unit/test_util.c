/* Unit tests for util's percent-encoding and buffer room. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

	/* util_read_fd: the whole of a file in one block; over max, max + 1 bytes. */
	char path[] = "/tmp/tp-util-XXXXXX";
	int fd = mkstemp(path);
	char *big = malloc(200000);
	for (size_t i = 0; i < 200000; i++)
		big[i] = (char)('a' + i % 26);
	CHECK("read-fd-setup", fd >= 0 && big && util_write_all(fd, big, 200000) == 0);
	buf_add(&b, "pre", 3);
	lseek(fd, 0, SEEK_SET);
	CHECK("read-fd-whole", util_read_fd(fd, &b, 1000000) == 0 && b.len == 200003 &&
				       memcmp(b.data + 3, big, 200000) == 0 && b.data[b.len] == '\0');
	b.len = 0;
	lseek(fd, 0, SEEK_SET);
	CHECK("read-fd-capped", util_read_fd(fd, &b, 70000) == 0 && b.len == 70001);
	b.len = 0;
	CHECK("read-file-whole", util_read_file(path, &b) == 0 && b.len == 200000 && memcmp(b.data, big, 200000) == 0);
	b.len = 0;
	CHECK("read-file-missing", util_read_file("/nonexistent/x", &b) == -1);
	CHECK("read-file-directory", util_read_file("/tmp", &b) == -1);
	close(fd);
	unlink(path);
	free(big);
	buf_free(&b);
	CHECK_DONE();
}
