/* pdf_fast: speed-ups for libharu 2.3 by symbol interposition.
 *
 * libharu copies and fills memory one byte at a time in HPDF_MemCpy and
 * HPDF_MemSet (16% of a 100-tweet render, mostly passing JPEG bytes
 * through). The library calls both through its PLT, so defining them here
 * makes it use the C library's vectorized versions. Same contract: each
 * returns the pointer just past the bytes written. */
#include <hpdf.h>
#include <string.h>

#include "pdf.h"

HPDF_BYTE *HPDF_MemCpy(HPDF_BYTE *out, const HPDF_BYTE *in, HPDF_UINT n);
void *HPDF_MemSet(void *s, HPDF_BYTE c, HPDF_UINT n);

/* libharu's HPDF_MemCpy, at memcpy speed. */
HPDF_BYTE *HPDF_MemCpy(HPDF_BYTE *out, const HPDF_BYTE *in, HPDF_UINT n)
{
	if (n)
		memcpy(out, in, n);
	return out + n;
}

/* libharu's HPDF_MemSet, at memset speed. */
void *HPDF_MemSet(void *s, HPDF_BYTE c, HPDF_UINT n)
{
	if (n)
		memset(s, c, n);
	return (HPDF_BYTE *)s + n;
}
