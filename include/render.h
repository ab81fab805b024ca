/* render: one thread to PDF bytes, with the fonts and the text engine opened
 * once and reused for every thread a run renders (a batch, a worker).
 * Sits between the model and delivery: thread -> layout -> PDF bytes; knows
 * nothing of sources or of where the bytes go. */
#ifndef THREADPDF_RENDER_H
#define THREADPDF_RENDER_H

#include <stddef.h>

#include "layout.h"
#include "result.h"
#include "thread.h"
#include "util.h"

typedef struct render render;

/* What one rendered thread gave. */
typedef struct render_result {
	size_t npages;
} render_result;

/* Opens the fonts in fonts_dir (NULL: fonts_default_dir()). TP_ERR_FONT with
 * msg when they cannot be loaded. */
tp_result render_new(const char *fonts_dir, render **out, char *msg, size_t msglen);
void render_free(render *r);

/* Lays t out and appends its PDF to pdf. When dump is "layout", appends the
 * layout's text dump instead. Warns once per thread about characters no font
 * has. The output depends on t and o only, not on what was rendered before. */
tp_result render_thread(render *r, const thread *t, const layout_opts *o, const char *dump,
			buf *pdf, render_result *res, char *msg, size_t msglen);

#endif
