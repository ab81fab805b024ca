/* pdf_objstm: repacks a PDF written by libharu 2.3 as PDF 1.5, its
 * non-stream objects in one compressed object stream and its cross-
 * reference table as a compressed xref stream, stream lengths direct and
 * dictionaries compact (about 65 KB less for a 100-tweet thread). Used by
 * pdf.c on its own output only. */
#ifndef THREADPDF_PDF_OBJSTM_H
#define THREADPDF_PDF_OBJSTM_H

#include <stddef.h>

#include "flate.h"
#include "util.h"

/* Packs the PDF at b->data[start .. b->len) in place, compressing with z.
 * 0 when packed; -1 when the file is not laid out as libharu writes it (or
 * there is nothing to pack), the bytes then left exactly as they were. */
int pdf_objstm_pack(buf *b, size_t start, flate *z);

#endif
