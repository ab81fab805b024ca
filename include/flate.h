/* flate: zlib-format compression, PDF's /FlateDecode, with libdeflate.
 * libdeflate compresses a whole buffer at once, about 1.7 times as fast
 * as zlib at the same level and no larger on our streams, and a compressor
 * is set up once per level for the whole document (zlib clears 256 KB of
 * state per stream). Used by the PDF writer for every stream it compresses. */
#ifndef THREADPDF_FLATE_H
#define THREADPDF_FLATE_H

#include <stddef.h>

#include "util.h"

typedef struct flate flate;

/* An empty set of compressors; each level's is made on first use. */
flate *flate_new(void);
/* Frees the compressors; NULL is fine. */
void flate_free(flate *z);

/* Appends the zlib stream of p[0..n) compressed at `level` (1 fastest ..
 * 12 smallest; 6 is zlib's default) to out. */
void flate_add(flate *z, int level, const void *p, size_t n, buf *out);

#endif
