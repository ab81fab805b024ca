/* Fuzz target: an incoming mail message (mailin_parse), the input as the
 * message's bytes; every link found must be a tweet id, the reply's
 * subject one line. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mailin.h"
#include "util.h"
#include "xurl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mailin_msg *m = NULL;
	char msg[512];

	if (mailin_parse((const char *)data, size, NULL, &m, msg, sizeof msg) != TP_OK)
		return 0;
	for (size_t i = 0; i < m->nlinks; i++)
		if (!xurl_is_id(m->links[i].id, strlen(m->links[i].id)))
			__builtin_trap();
	char *subj = mailin_reply_subject(m);
	if (strchr(subj, '\n') || strchr(subj, '\r') || m->nlinks > MAILIN_MAX_LINKS)
		__builtin_trap();
	free(subj);
	mailin_free(m);
	return 0;
}
