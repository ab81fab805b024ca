/* Fuzz target: tweet links (xurl_parse), the input taken as one string. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "xurl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *link = xstrndup((const char *)data, size);
	char msg[1024];
	xurl_ref ref;

	if (xurl_parse(link, &ref, msg, sizeof msg) == TP_OK && !xurl_is_id(ref.id, strlen(ref.id)))
		__builtin_trap();
	free(link);
	return 0;
}
