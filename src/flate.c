/* flate: zlib-format compression with libdeflate (see flate.h). */
#include "flate.h"

#include <libdeflate.h>
#include <stdlib.h>

#define FLATE_LEVELS 13

struct flate {
	struct libdeflate_compressor *c[FLATE_LEVELS];
};

flate *flate_new(void)
{
	return xcalloc(1, sizeof(flate));
}

void flate_free(flate *z)
{
	if (!z)
		return;
	for (int i = 0; i < FLATE_LEVELS; i++)
		libdeflate_free_compressor(z->c[i]);
	free(z);
}

/* The compressor for a level (clamped to 1..12), made on first use; out of
 * memory is fatal like xmalloc's. */
static struct libdeflate_compressor *compressor(flate *z, int level)
{
	level = level < 1 ? 1 : level >= FLATE_LEVELS ? FLATE_LEVELS - 1 : level;
	if (!z->c[level]) {
		z->c[level] = libdeflate_alloc_compressor(level);
		if (!z->c[level])
			xoom();
	}
	return z->c[level];
}

void flate_add(flate *z, int level, const void *p, size_t n, buf *out)
{
	struct libdeflate_compressor *c = compressor(z, level);
	size_t bound = libdeflate_zlib_compress_bound(c, n);

	buf_reserve(out, bound);
	out->len += libdeflate_zlib_compress(c, p, n, out->data + out->len, bound);
	out->data[out->len] = '\0';
}
