/* Fuzz target: any bytes as a tweets.js (archive_read_tweets_text): the
 * record splitter, fed in pieces whose size the first byte picks, and the
 * record parser; then assembly and the thread dump when it reads. */
#include <stdint.h>

#include "archive.h"
#include "thread.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char msg[512];
	size_t chunk = size ? (size_t)(data[0] % 17) : 0;
	thread_pool *pool = thread_pool_new();
	archive_info info;
	thread *t = NULL;

	if (archive_read_tweets_text(pool, (const char *)data, size, "fuzz.js", chunk, "12", NULL, &info,
				     msg, sizeof msg) == TP_OK &&
	    thread_assemble(pool, &t, msg, sizeof msg) == TP_OK) {
		buf b;
		buf_init(&b);
		thread_dump(t, &b);
		buf_free(&b);
	}
	thread_free(t);
	archive_info_free(&info);
	thread_pool_free(pool);
	return 0;
}
