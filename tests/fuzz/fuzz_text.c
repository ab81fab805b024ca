/* Fuzz target: the text engine (UTF-8 decoding, font fallback, bidi, line
 * breaking, shaping, filling) on any bytes, in a wide and a very narrow
 * column; every line must lie within the text it was set from. */
#include <stdint.h>
#include <stdlib.h>

#include "fonts.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static fonts *f;
static text *tx;

/* Frees the engine at exit, so leak checks see only what a run leaks. */
static void done(void)
{
	text_free(tx);
	fonts_free(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const float widths[] = { 300, 12 };
	char msg[256];

	if (!tx) {
		if (fonts_new(fonts_default_dir(), &f, msg, sizeof msg) != TP_OK)
			abort();
		tx = text_new(f);
		atexit(done);
	}
	for (int i = 0; i < 2; i++) {
		text_para *p = text_typeset(tx, (const char *)data, size, NULL, 0, 11, widths[i]);
		for (size_t l = 0; p && l < p->nlines; l++)
			if (p->lines[l].start > p->lines[l].end || p->lines[l].end > p->len)
				__builtin_trap();
		text_para_free(p);
	}
	return 0;
}
