/* Fuzz target: X API v2 JSON (xv2_read), then assembly and the thread dump
 * when it reads, as a render would run them. */
#include <stdint.h>

#include "thread.h"
#include "util.h"
#include "xv2.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char msg[512];
	thread_pool *pool = thread_pool_new();
	thread *t = NULL;

	if (xv2_read(pool, (const char *)data, size, "fuzz.json", msg, sizeof msg) == TP_OK &&
	    thread_assemble(pool, &t, msg, sizeof msg) == TP_OK) {
		buf b;
		buf_init(&b);
		thread_dump(t, &b);
		buf_free(&b);
	}
	thread_free(t);
	thread_pool_free(pool);
	return 0;
}
