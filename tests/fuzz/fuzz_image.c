/* Fuzz target: what threadpdf reads of an image before embedding it:
 * format and size, EXIF orientation, the decodability check (the whole
 * marker walk and libjpeg), the JPEG frame, PNG pass-through and PNG
 * decoding. */
#include <stdint.h>
#include <stdlib.h>

#include "image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int w, h;
	image_jpeg_info info;
	image_png_raw raw;
	image_pixels px;

	char why[256];
	int sw, sh;

	image_format f = image_probe(data, size, &w, &h);
	int o = image_orientation(data, size);
	if (o < 1 || o > 8 || image_probe_shown(data, size, &sw, &sh) != f ||
	    (o >= 5 ? sw != h || sh != w : sw != w || sh != h))
		__builtin_trap();
	if (image_check(data, size, why, sizeof why) == 0 && (f == IMAGE_UNKNOWN || why[0]))
		__builtin_trap();
	if (image_jpeg_info_get(data, size, &info) == 0 && (info.w <= 0 || info.h <= 0))
		__builtin_trap();
	if (image_png_raw_get(data, size, &raw) == 0)
		free(raw.idat);
	if (image_decode_png(data, size, &px) == 0 && (px.w <= 0 || px.h <= 0 || !px.color))
		__builtin_trap();
	image_pixels_free(&px);
	return 0;
}
