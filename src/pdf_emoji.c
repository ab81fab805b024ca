/* pdf_emoji: colour glyphs (emoji) of the PDF renderer. Pass 1 registers
 * each distinct glyph with the largest size it is drawn at; then a second
 * thread rasterizes them all (FreeType's colour bitmap, resampled to
 * EMOJI_PX_PER_PT, colour and alpha compressed) while the main thread
 * subsets the fonts; drawing waits for it and turns each raster into an
 * image on first use. The thread touches only the fonts' FreeType faces,
 * which nothing else uses, its own compressor and the entries' raster
 * fields; libharu stays on the main thread. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_int.h"

emoji_entry *pdfr_emoji_entry(render *r, int face, uint32_t gid)
{
	for (size_t i = 0; i < r->nemoji; i++)
		if (r->emoji[i].face == face && r->emoji[i].gid == gid)
			return &r->emoji[i];
	if (r->nemoji == r->cemoji) {
		r->cemoji = r->cemoji ? r->cemoji * 2 : 32;
		r->emoji = xrealloc(r->emoji, r->cemoji * sizeof *r->emoji);
	}
	emoji_entry *e = &r->emoji[r->nemoji++];
	memset(e, 0, sizeof *e);
	e->face = face;
	e->gid = gid;
	return e;
}

/* The source pixels output pixel o covers along one axis (scale s source
 * pixels per output pixel): [*first, *last] with the covered fraction of
 * the first and last; whole ones in between. */
static void span(int o, float s, int n, int *first, int *last, float *wf, float *wl)
{
	float a = (float)o * s, b = fminf((float)(o + 1) * s, (float)n);

	*first = (int)a;
	*last = (int)ceilf(b) - 1;
	if (*last < *first)
		*last = *first;
	*wf = (float)(*first + 1) - a;
	*wl = b - (float)*last;
	if (*first == *last)
		*wf = *wl = b - a;
}

/* Horizontal pass of emoji_planes: for every source row and output column,
 * the covered source pixels' alpha-weighted colour, alpha and coverage
 * (5 floats) summed into t (h x ow x 5, zeroed). */
static void resample_rows(const unsigned char *rgba, int w, int h, int ow, float *t)
{
	float sx = (float)w / (float)ow;

	for (int ox = 0; ox < ow; ox++) {
		int x0, x1;
		float wx0, wx1;
		span(ox, sx, w, &x0, &x1, &wx0, &wx1);
		for (int y = 0; y < h; y++) {
			const unsigned char *p = rgba + 4 * ((size_t)y * (size_t)w + (size_t)x0);
			float *o = t + 5 * ((size_t)y * (size_t)ow + (size_t)ox);
			for (int x = x0; x <= x1; x++, p += 4) {
				float k = x == x0 ? wx0 : x == x1 ? wx1 : 1, ka = k * p[3];
				o[0] += ka * p[0];
				o[1] += ka * p[1];
				o[2] += ka * p[2];
				o[3] += ka;
				o[4] += k;
			}
		}
	}
}

/* Resamples straight RGBA (w x h) to ow x oh by area averaging (every
 * source pixel weighted by how much of the output pixel it covers, colour
 * weighted by alpha so transparent pixels do not darken the edges), split
 * into RGB and alpha planes. Separable: rows first, then columns. */
static void emoji_planes(const unsigned char *rgba, int w, int h, int ow, int oh, unsigned char *rgb,
			 unsigned char *alpha)
{
	float sy = (float)h / (float)oh, *t = xcalloc((size_t)h * (size_t)ow * 5, sizeof *t);

	resample_rows(rgba, w, h, ow, t);
	for (int oy = 0; oy < oh; oy++) {
		int y0, y1;
		float wy0, wy1;
		span(oy, sy, h, &y0, &y1, &wy0, &wy1);
		for (int ox = 0; ox < ow; ox++) {
			float c[5] = { 0, 0, 0, 0, 0 };
			for (int y = y0; y <= y1; y++) {
				float k = y == y0 ? wy0 : y == y1 ? wy1 : 1;
				const float *i = t + 5 * ((size_t)y * (size_t)ow + (size_t)ox);
				for (int j = 0; j < 5; j++)
					c[j] += k * i[j];
			}
			size_t o = (size_t)oy * (size_t)ow + (size_t)ox;
			for (int k = 0; k < 3; k++)
				rgb[3 * o + (size_t)k] = (unsigned char)(c[3] > 0 ? fminf(255, c[k] / c[3] + 0.5f) : 0);
			alpha[o] = (unsigned char)(c[4] > 0 ? fminf(255, c[3] / c[4] + 0.5f) : 0);
		}
	}
	free(t);
}

/* Rasterizes one entry: its bitmap resampled to EMOJI_PX_PER_PT at the
 * largest size it is drawn at (never enlarged), colour and alpha planes
 * compressed into e->color and e->alpha. Leaves them empty when the glyph
 * has no bitmap. */
static void rasterize(fonts *f, flate *z, emoji_entry *e)
{
	unsigned char *rgba = NULL;
	int w, h;

	if (fonts_color_glyph(f, e->face, e->gid, &rgba, &w, &h, &e->left, &e->top, &e->w, &e->h) != 0 ||
	    w <= 0 || h <= 0 || e->h <= 0) {
		free(rgba);
		return;
	}
	float need = ceilf(fmaxf(e->max_size, 1) * e->h * EMOJI_PX_PER_PT);
	int oh = need < (float)h ? (int)need : h;
	int ow = (int)lroundf((float)w * (float)oh / (float)h);
	ow = ow < 1 ? 1 : ow > w ? w : ow;
	unsigned char *rgb = xmalloc((size_t)ow * (size_t)oh * 3), *alpha = xmalloc((size_t)ow * (size_t)oh);
	emoji_planes(rgba, w, h, ow, oh, rgb, alpha);
	pdfr_compress_pixels(z, rgb, ow, oh, 3, &e->color);
	pdfr_compress_pixels(z, alpha, ow, oh, 1, &e->alpha);
	e->pw = ow;
	e->ph = oh;
	free(rgb);
	free(alpha);
	free(rgba);
}

/* The second thread: rasterizes every registered entry. */
static void *rasterize_all(void *arg)
{
	render *r = arg;
	flate *z = flate_new();

	for (size_t i = 0; i < r->nemoji; i++)
		rasterize(r->f, z, &r->emoji[i]);
	flate_free(z);
	return NULL;
}

void pdfr_emoji_start(render *r)
{
	if (r->nemoji == 0 || r->emoji_started)
		return;
	r->emoji_started = 1;
	r->emoji_thread_on = pthread_create(&r->emoji_thread, NULL, rasterize_all, r) == 0;
	if (!r->emoji_thread_on)
		rasterize_all(r);
}

/* Waits for the emoji thread, starting it first if pass 1 did not. */
static void emoji_wait(render *r)
{
	if (!r->emoji_started)
		pdfr_emoji_start(r);
	if (r->emoji_thread_on) {
		pthread_join(r->emoji_thread, NULL);
		r->emoji_thread_on = 0;
	}
}

emoji_entry *pdfr_emoji_get(render *r, int face, uint32_t gid)
{
	emoji_entry *e = pdfr_emoji_entry(r, face, gid);

	if (e->made)
		return e;
	emoji_wait(r);
	e->made = 1;
	if (e->color.len == 0)
		return e;
	size_t clen, alen;
	unsigned char *c = (unsigned char *)buf_steal(&e->color, &clen);
	unsigned char *a = (unsigned char *)buf_steal(&e->alpha, &alen);
	e->img = pdfr_flate_pixels_image(r, e->pw, e->ph, 3, c, clen, a, alen);
	return e;
}

void pdfr_emoji_free(render *r)
{
	if (r->emoji_thread_on)
		pthread_join(r->emoji_thread, NULL);
	r->emoji_thread_on = 0;
	for (size_t i = 0; i < r->nemoji; i++) {
		buf_free(&r->emoji[i].color);
		buf_free(&r->emoji[i].alpha);
	}
	free(r->emoji);
}
