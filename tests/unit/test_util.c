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

	/* util_read_capped: a file at the cap is read, over it is refused by
	 * size; a device stops one byte past the cap, its buffer never larger
	 * than what it may hold; messages name the input and the cap. */
	char msg[256] = "";
	buf_free(&b);
	CHECK("capped-file-at-cap", util_read_capped(path, "JSON input", 200000, &b, msg, sizeof msg) == TP_OK &&
					    b.len == 200000 && memcmp(b.data, big, 200000) == 0 && b.cap == 200002);
	buf_free(&b);
	CHECK("capped-file-over-cap", util_read_capped(path, "JSON input", 199999, &b, msg, sizeof msg) == TP_ERR_INPUT &&
					      b.len == 0);
	char want[128];
	snprintf(want, sizeof want, "JSON input %s: larger than the cap of 199999 bytes", path);
	CHECK_STR("capped-message", msg, want);
	buf_free(&b);
	CHECK("capped-device", util_read_capped("/dev/zero", "token file", 3 << 20, &b, msg, sizeof msg) == TP_ERR_INPUT &&
				       b.len == (3 << 20) + 1 && b.cap <= (3 << 20) + 2);
	CHECK_STR("capped-device-message", msg, "token file /dev/zero: larger than the cap of 3 MiB");
	buf_free(&b);
	CHECK("capped-missing", util_read_capped("/nonexistent/x", "token file", 10, &b, msg, sizeof msg) == TP_ERR_IO &&
					strstr(msg, "token file /nonexistent/x") && !strchr(msg, '\n'));
	int pfd[2];
	CHECK("capped-pipe-setup", pipe(pfd) == 0 && util_write_all(pfd[1], "{}", 2) == 0 && close(pfd[1]) == 0);
	char pname[64];
	snprintf(pname, sizeof pname, "/dev/fd/%d", pfd[0]);
	CHECK("capped-pipe-small", util_read_capped(pname, "JSON input", (size_t)1 << 30, &b, msg, sizeof msg) == TP_OK &&
					   b.len == 2 && b.cap <= 65537);
	close(pfd[0]);
	buf_free(&b);
	char cs[32];
	CHECK_STR("cap-str-mib", util_cap_str(UTIL_CAP_JSON, cs), "128 MiB");
	CHECK_STR("cap-str-kib", util_cap_str(UTIL_CAP_TOKEN, cs), "64 KiB");
	CHECK_STR("cap-str-bytes", util_cap_str(1000, cs), "1000 bytes");
	unlink(path);
	free(big);
	CHECK_DONE();
}
