/* Unit tests for flate: what it writes is a zlib stream that inflates back
 * to the input, at every level, for empty, tiny, text and random input. */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "check.h"
#include "flate.h"

/* Whether z[0..zn) inflates to exactly p[0..n). */
static int inflates_to(const char *z, size_t zn, const unsigned char *p, size_t n)
{
	uLongf out = (uLongf)n + 16;
	unsigned char *o = malloc(out);
	int ok = o && uncompress(o, &out, (const Bytef *)z, (uLong)zn) == Z_OK && out == n &&
		 memcmp(o, p, n) == 0;

	free(o);
	return ok;
}

int main(void)
{
	flate *z = flate_new();
	size_t n = 200000;
	unsigned char *text = malloc(n), *noise = malloc(n);
	unsigned seed = 12345;
	buf b;

	for (size_t i = 0; i < n; i++) {
		text[i] = (unsigned char)"BT /F1 11 Tf 72 700 Td [(Hello) -250 (world)] TJ ET\n"[i % 52];
		seed = seed * 1103515245u + 12345u;
		noise[i] = (unsigned char)(seed >> 16);
	}
	buf_init(&b);
	flate_add(z, 6, "", 0, &b);
	CHECK("flate-empty-inflates", b.len > 0 && inflates_to(b.data, b.len, (const unsigned char *)"", 0));
	int all = 1;
	for (int level = 1; level <= 12; level++) {
		b.len = 0;
		flate_add(z, level, text, n, &b);
		all &= inflates_to(b.data, b.len, text, n) && b.len < n / 20;
	}
	CHECK("flate-every-level-round-trips-and-shrinks-text", all);
	b.len = 0;
	flate_add(z, 9, noise, n, &b);
	CHECK("flate-random-round-trips", inflates_to(b.data, b.len, noise, n) && b.len < n + n / 100);
	b.len = 0;
	buf_adds(&b, "kept");
	flate_add(z, 0, text, 100, &b);
	CHECK("flate-appends-and-clamps-level", memcmp(b.data, "kept", 4) == 0 &&
						       inflates_to(b.data + 4, b.len - 4, text, 100));
	buf_free(&b);
	free(text);
	free(noise);
	flate_free(z);
	flate_free(NULL);
	CHECK_DONE();
}
