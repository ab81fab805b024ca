/* pdf_objstm: packs the objects of a finished libharu PDF that are not
 * streams (pages, annotations, outline entries, font dictionaries) into
 * one compressed object stream, indexed by a compressed cross-reference
 * stream (PDF 1.5, rows PNG-predicted). libharu 2.3 writes every object as
 * plain text with a 20-byte xref entry each; a thread's hundreds of links
 * and outline entries shrink about sevenfold this way. On the way every
 * dictionary loses the white space a reader does not need, each stream
 * gets its /Length directly (the length objects are left out) and the
 * objects are numbered again without gaps.
 *
 * Only the layout libharu writes is accepted: "%PDF-1.x", objects
 * "N 0 obj ... endobj" at the offsets of one classic xref section, a
 * trailer holding only /Root, /Info and /Size, well-formed values, stream
 * data as long as their /Length says. Everything is checked before a byte
 * moves; anything else leaves the file as it was. Stream data is moved
 * down in place, each copied once, under its new header (shorter than the
 * old one; the file is left as it was should one ever overrun data). */
#include "pdf_objstm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flate.h"

typedef struct pobj {
	size_t off, end;        /* span in the file: "N 0 obj" .. after "endobj" */
	size_t body, bend;      /* the object's value (streams: "<<" .. "endstream") */
	unsigned num;
	int stream;
	int drop;               /* a stream length, now written in its stream */
	size_t data, dlen;      /* streams: where the data starts, its length */
	unsigned lenref;        /* streams: the object /Length named (0: direct) */
	size_t hoff, hlen;      /* streams: the new header in layout_in.hdrs */
	size_t voff, vlen;      /* non-streams: the compact value in layout_in.vals */
	size_t new_off;         /* stream objects: offset after packing */
	unsigned idx;           /* non-streams: index in the object stream */
	unsigned cls;           /* non-streams: class (classify) */
} pobj;

typedef struct layout_in {
	const char *d;
	size_t n;               /* file length */
	size_t xref;            /* offset of "xref" */
	unsigned size;          /* /Size: objects 0 .. size-1 */
	unsigned root, info;    /* 0: absent */
	pobj *objs;             /* objects 1 .. size-1, in file order */
	unsigned *pos;          /* object number -> index in objs + 1 (0: none) */
	unsigned *refs;         /* object number -> "N 0 R" seen, /Length aside */
	unsigned *renum;        /* object number -> new number (0: left out) */
	unsigned nsize;         /* new objects 0 .. nsize-1, object stream and xref after */
	unsigned *order;        /* index in the object stream -> index in objs */
	unsigned nmembers;      /* objects in the object stream */
	buf hdrs, vals;         /* compact stream headers and values */
	flate *z;
} layout_in;

/* A token of a PDF value: its kind and span. */
enum { T_END, T_REG, T_NAME, T_OPEN, T_CLOSE, T_STR, T_BAD };
typedef struct tok {
	int kind;
	size_t s, e;
} tok;

/* Parses a decimal number of at most 10 digits at *p (advancing it); -1
 * when there is none. */
static long long num_at(const char *d, size_t n, size_t *p)
{
	long long v = 0;
	size_t i = *p, k = 0;

	while (i < n && d[i] >= '0' && d[i] <= '9' && k < 10) {
		v = v * 10 + (d[i++] - '0');
		k++;
	}
	if (!k)
		return -1;
	*p = i;
	return v;
}

/* Whether s occurs at offset p. */
static int at(const char *d, size_t n, size_t p, const char *s)
{
	size_t k = strlen(s);

	return p <= n && n - p >= k && memcmp(d + p, s, k) == 0;
}

/* Skips blanks and line ends. */
static size_t skip_ws(const char *d, size_t n, size_t p)
{
	while (p < n && (d[p] == ' ' || d[p] == '\n' || d[p] == '\r'))
		p++;
	return p;
}

/* The end of [p, e) without its trailing blanks and line ends. */
static size_t trim_ws(const char *d, size_t p, size_t e)
{
	while (e > p && (d[e - 1] == '\n' || d[e - 1] == '\r' || d[e - 1] == ' '))
		e--;
	return e;
}

/* The offset startxref names, found in the file's last bytes; 0 if none. */
static size_t find_startxref(const char *d, size_t n)
{
	size_t from = n > 64 ? n - 64 : 0;

	for (size_t p = n >= 9 ? n - 9 : 0; p > from; p--) {
		if (at(d, n, p, "startxref")) {
			size_t q = skip_ws(d, n, p + 9);
			long long v = num_at(d, n, &q);
			q = skip_ws(d, n, q);
			return v > 0 && (size_t)v < p && at(d, n, q, "%%EOF") ? (size_t)v : 0;
		}
	}
	return 0;
}

/* Reads "/Root a 0 R", "/Info b 0 R" and "/Size N" between << and >>;
 * 0, or -1 on any other entry. */
static int parse_trailer(layout_in *in, size_t p)
{
	const char *d = in->d;
	size_t n = in->n;

	p = skip_ws(d, n, p);
	if (!at(d, n, p, "trailer"))
		return -1;
	p = skip_ws(d, n, p + 7);
	if (!at(d, n, p, "<<"))
		return -1;
	p = skip_ws(d, n, p + 2);
	while (!at(d, n, p, ">>")) {
		unsigned *ref = at(d, n, p, "/Root ") ? &in->root : at(d, n, p, "/Info ") ? &in->info : NULL;
		if (ref) {
			p += 6;
			long long v = num_at(d, n, &p);
			if (v <= 0 || !at(d, n, p, " 0 R"))
				return -1;
			*ref = (unsigned)v;
			p += 4;
		} else if (at(d, n, p, "/Size ")) {
			p += 6;
			long long v = num_at(d, n, &p);
			if (v < 2 || v > 8000000 || v != in->size)
				return -1;
		} else {
			return -1;
		}
		p = skip_ws(d, n, p);
	}
	return in->root ? 0 : -1;
}

/* Reads the one xref section "0 N" of 20-byte entries into in->objs (in
 * object order, offsets only); 0 or -1. */
static int parse_xref(layout_in *in)
{
	const char *d = in->d;
	size_t n = in->n, p = in->xref + 4;

	p = skip_ws(d, n, p);
	if (num_at(d, n, &p) != 0 || d[p] != ' ')
		return -1;
	p++;
	long long cnt = num_at(d, n, &p);
	if (cnt < 2 || cnt > 8000000)
		return -1;
	p = skip_ws(d, n, p);
	if ((size_t)cnt > (n - p) / 20)
		return -1;
	in->size = (unsigned)cnt;
	in->objs = xcalloc((size_t)cnt, sizeof *in->objs);
	for (unsigned i = 0; i < in->size; i++, p += 20) {
		const char *e = d + p;
		size_t q = 0;
		long long off = num_at(e, 10, &q);
		if (q != 10 || e[10] != ' ' || e[16] != ' ' || (e[18] != '\r' && e[18] != ' ') || e[19] != '\n')
			return -1;
		if (i == 0) {
			if (e[17] != 'f')
				return -1;
			continue;
		}
		if (e[17] != 'n' || memcmp(e + 11, "00000", 5) != 0 || off <= 0 || (size_t)off >= in->xref)
			return -1;
		in->objs[i - 1] = (pobj){ .off = (size_t)off, .num = i };
	}
	return parse_trailer(in, p);
}

/* Orders objects by offset. */
static int by_off(const void *a, const void *b)
{
	const pobj *x = a, *y = b;

	return x->off < y->off ? -1 : x->off > y->off;
}

/* Checks one object's span: "num 0 obj", its value, "endobj"; notes
 * whether it is a stream. 0 or -1. */
static int check_obj(const layout_in *in, pobj *o)
{
	const char *d = in->d;
	size_t p = o->off, e = o->end;

	if (num_at(d, e, &p) != o->num || !at(d, e, p, " 0 obj"))
		return -1;
	p = skip_ws(d, e, p + 6);
	e = trim_ws(d, p, e);
	if (e < p + 6 || memcmp(d + e - 6, "endobj", 6) != 0)
		return -1;
	e = trim_ws(d, p, e - 6);
	if (e <= p)
		return -1;
	o->body = p;
	o->bend = e;
	o->stream = e - p >= 9 && memcmp(d + e - 9, "endstream", 9) == 0;
	return 0;
}

/* Parses the whole file; 0 when it has the expected layout. */
static int parse(layout_in *in)
{
	const char *d = in->d;
	size_t n = in->n;

	if (!at(d, n, 0, "%PDF-1.") || n < 16 || d[7] < '0' || d[7] > '7' || d[8] != '\n')
		return -1;
	in->xref = find_startxref(d, n);
	if (!in->xref || !at(d, n, in->xref, "xref") || parse_xref(in) != 0)
		return -1;
	size_t nobj = in->size - 1;
	qsort(in->objs, nobj, sizeof *in->objs, by_off);
	for (size_t i = 0; i < nobj; i++) {
		pobj *o = &in->objs[i];
		o->end = i + 1 < nobj ? in->objs[i + 1].off : in->xref;
		if ((i && o->off == in->objs[i - 1].off) || o->off < 9 || check_obj(in, o) != 0)
			return -1;
	}
	return 0;
}

/* Whether c is PDF white space. */
static int is_ws(char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

/* Whether c is a PDF delimiter (it ends a number, name or keyword). */
static int is_delim(char c)
{
	return c && strchr("()<>[]{}/%", c) != NULL;
}

/* The end of the literal string opening at p (after its ')'); 0 if none. */
static size_t str_end(const char *d, size_t n, size_t p)
{
	int depth = 0;

	for (; p < n; p++) {
		if (d[p] == '\\')
			p++;
		else if (d[p] == '(')
			depth++;
		else if (d[p] == ')' && --depth == 0)
			return p + 1;
	}
	return 0;
}

/* The end of the token (string, bracket, name, number or keyword) at i,
 * its kind in *kind; i itself with T_BAD when there is none. */
static size_t tok_end(const char *d, size_t n, size_t i, int *kind)
{
	size_t e;

	if (d[i] == '(') {
		e = str_end(d, n, i);
		*kind = e ? T_STR : T_BAD;
		return e ? e : i;
	}
	if (at(d, n, i, "<<") || at(d, n, i, ">>")) {
		*kind = d[i] == '<' ? T_OPEN : T_CLOSE;
		return i + 2;
	}
	if (d[i] == '<') {
		const char *c = memchr(d + i, '>', n - i);
		*kind = c ? T_STR : T_BAD;
		return c ? (size_t)(c - d) + 1 : i;
	}
	if (d[i] == '[' || d[i] == ']') {
		*kind = d[i] == '[' ? T_OPEN : T_CLOSE;
		return i + 1;
	}
	if (d[i] != '/' && is_delim(d[i])) {
		*kind = T_BAD;
		return i;
	}
	for (e = i + 1; e < n && !is_ws(d[e]) && !is_delim(d[e]); e++)
		;
	*kind = d[i] == '/' ? T_NAME : T_REG;
	return e;
}

/* Reads the token after *p (below n) into t, advancing *p; its kind. */
static int next_tok(const char *d, size_t n, size_t *p, tok *t)
{
	size_t i = *p;

	while (i < n && is_ws(d[i]))
		i++;
	t->s = i;
	t->kind = T_END;
	t->e = i < n ? tok_end(d, n, i, &t->kind) : i;
	*p = t->e;
	return t->kind;
}

/* Whether token t is exactly s. */
static int tok_is(const char *d, const tok *t, const char *s)
{
	return t->e - t->s == strlen(s) && memcmp(d + t->s, s, t->e - t->s) == 0;
}

/* Appends token t, a space first when it would run into the previous one
 * (*prev: the kind last appended). */
static void put_tok(buf *out, const char *d, const tok *t, int *prev)
{
	if (t->kind == T_REG && (*prev == T_REG || *prev == T_NAME))
		buf_addc(out, ' ');
	buf_add(out, d + t->s, t->e - t->s);
	*prev = t->kind;
}

/* Whether number token t and the tokens after *p (below n) make a
 * reference "t 0 R"; if so advances *p past it and gives the number. */
static int is_ref(const char *d, size_t n, const tok *t, size_t *p, unsigned long long *num)
{
	size_t q = *p, k = t->s;
	long long v = t->kind == T_REG ? num_at(d, t->e, &k) : -1;
	tok a, b;

	if (v < 0 || k != t->e || next_tok(d, n, &q, &a) != T_REG || !tok_is(d, &a, "0") ||
	    next_tok(d, n, &q, &b) != T_REG || !tok_is(d, &b, "R"))
		return 0;
	*p = q;
	*num = (unsigned long long)v;
	return 1;
}

/* The value of a stream's /Length after *p (below n): a number, noted in
 * o->dlen, or a reference, in o->lenref; 0 or -1. */
static int stream_length(const char *d, size_t n, size_t *p, pobj *o)
{
	unsigned long long num;
	size_t k;
	tok t;

	if (next_tok(d, n, p, &t) != T_REG)
		return -1;
	if (is_ref(d, n, &t, p, &num)) {
		o->lenref = num > 0 && num <= 8000000 ? (unsigned)num : 0;
		return o->lenref ? 0 : -1;
	}
	k = t.s;
	long long v = num_at(d, t.e, &k);
	if (v < 0 || k != t.e)
		return -1;
	o->dlen = (size_t)v;
	return 0;
}

/* After "/Filter" in a stream dictionary: a one-filter array [/F] at *p
 * (below n) appended as the name /F alone. */
static void filter_name(const char *d, size_t n, size_t *p, buf *out, int *prev)
{
	size_t q = *p;
	tok a, f, c;

	if (next_tok(d, n, &q, &a) == T_OPEN && tok_is(d, &a, "[") && next_tok(d, n, &q, &f) == T_NAME &&
	    next_tok(d, n, &q, &c) == T_CLOSE && tok_is(d, &c, "]")) {
		put_tok(out, d, &f, prev);
		*p = q;
	}
}

/* Appends the value at *p (below n) compacted: no white space a reader
 * does not need; references counted in in->refs. A stream dictionary (o
 * not NULL) loses its /Length (noted in o) and its closing ">>", and a
 * one-filter /Filter array becomes a name. References take their new
 * numbers once there are some. Advances *p past the value; 0, or -1 when
 * it is not a well-formed value (or names an object left out). */
static int compact(layout_in *in, size_t *p, size_t n, pobj *o, buf *out)
{
	const char *d = in->d;
	int prev = T_END, depth = 0;
	unsigned long long num;
	tok t;

	while (next_tok(d, n, p, &t) != T_END && t.kind != T_BAD) {
		if (is_ref(d, n, &t, p, &num)) {
			if (num < in->size)
				in->refs[num]++;
			if (in->nsize && (num >= in->size || !(num = in->renum[num])))
				return -1;
			buf_printf(out, "%s%llu 0 R", prev == T_REG || prev == T_NAME ? " " : "", num);
			prev = T_REG;
		} else if (o && depth == 1 && t.kind == T_NAME && tok_is(d, &t, "/Length")) {
			if (stream_length(d, n, p, o) != 0)
				return -1;
		} else if (o && depth == 1 && t.kind == T_CLOSE) {
			return tok_is(d, &t, ">>") ? 0 : -1;
		} else {
			depth += t.kind == T_OPEN ? 1 : t.kind == T_CLOSE ? -1 : 0;
			if (depth < 0 || (o && depth == 0))
				return -1;
			put_tok(out, d, &t, &prev);
			if (o && depth == 1 && tok_is(d, &t, "/Filter"))
				filter_name(d, n, p, out, &prev);
		}
		if (!o && depth == 0)
			return next_tok(d, n, p, &t) == T_END ? 0 : -1;
	}
	return -1;
}

/* Finds the data of stream o: after "stream" and its line end at p, as
 * long as its /Length (direct, or the plain number object it names), then
 * at most a line end before "endstream". 0 or -1. */
static int stream_data(const layout_in *in, pobj *o, size_t p)
{
	const char *d = in->d;
	size_t es = o->bend - 9;

	p = skip_ws(d, es, p);
	if (!at(d, es, p, "stream"))
		return -1;
	size_t eol = at(d, es, p + 6, "\r\n") ? 2 : at(d, es, p + 6, "\n") ? 1 : 0;
	if (!eol || p + 6 + eol > es)
		return -1;
	p += 6 + eol;
	if (o->lenref) {
		const pobj *l = o->lenref < in->size && in->pos[o->lenref] ? &in->objs[in->pos[o->lenref] - 1] : NULL;
		size_t q = l ? l->body : 0;
		long long v = l && !l->stream ? num_at(d, l->bend, &q) : -1;
		if (v < 0 || q != l->bend)
			return -1;
		o->dlen = (size_t)v;
	}
	if (o->dlen > es - p || es - p - o->dlen > 2)
		return -1;
	for (size_t i = p + o->dlen; i < es; i++)
		if (d[i] != '\n' && d[i] != '\r')
			return -1;
	o->data = p;
	return 0;
}

/* The new header of stream o into in->hdrs: "N 0 obj", its compact
 * dictionary with the length written directly, "stream". 0 or -1. */
static int stream_header(layout_in *in, pobj *o)
{
	size_t p = o->body;

	o->hoff = in->hdrs.len;
	o->dlen = (size_t)-1;
	buf_printf(&in->hdrs, "%u 0 obj\n", in->nsize ? in->renum[o->num] : o->num);
	if (!at(in->d, o->bend, o->body, "<<") || compact(in, &p, o->bend - 9, o, &in->hdrs) != 0 || stream_data(in, o, p) != 0)
		return -1;
	buf_printf(&in->hdrs, "/Length %zu>>\nstream\n", o->dlen);
	o->hlen = in->hdrs.len - o->hoff;
	return 0;
}

/* The compact value of non-stream o into in->vals; 0 or -1. */
static int compact_value(layout_in *in, pobj *o)
{
	size_t p = o->body;

	o->voff = in->vals.len;
	if (compact(in, &p, o->bend, NULL, &in->vals) != 0)
		return -1;
	o->vlen = in->vals.len - o->voff;
	return 0;
}

/* One compacting pass over every object: stream headers into in->hdrs,
 * the other values into in->vals. 0 or -1. */
static int compact_pass(layout_in *in)
{
	in->hdrs.len = in->vals.len = 0;
	for (size_t i = 0; i + 1 < in->size; i++)
		if (in->objs[i].stream ? stream_header(in, &in->objs[i]) != 0 : compact_value(in, &in->objs[i]) != 0)
			return -1;
	return 0;
}

/* Marks the length objects nothing but a /Length names, to be left out. */
static void mark_drops(layout_in *in)
{
	for (size_t i = 0; i + 1 < in->size; i++) {
		const pobj *o = &in->objs[i];
		unsigned l = o->stream ? o->lenref : 0;
		if (l && !in->refs[l] && l != in->root && l != in->info)
			in->objs[in->pos[l] - 1].drop = 1;
	}
}

/* The length of the class key of non-stream o's compact value (first pass):
 * a dictionary's first key, with its value when that is /Type ("/S",
 * "/Type/Annot", "/Title"); 0 for anything else. */
static size_t class_len(const layout_in *in, const pobj *o)
{
	const char *v = in->vals.data + o->voff;
	size_t n = o->vlen, i = 2, names = 0;

	if (n < 4 || v[0] != '<' || v[1] != '<' || v[2] != '/')
		return 0;
	while (i < n && names < 2) {
		if (v[i] != '/')
			break;
		i++;
		while (i < n && !is_ws(v[i]) && !is_delim(v[i]))
			i++;
		names++;
		if (names == 1 && !(i - 2 == 5 && memcmp(v + 2, "/Type", 5) == 0))
			break;
	}
	return i - 2;
}

/* Whether non-stream objects a and b are of the same class (class_len). */
static int same_class(const layout_in *in, const pobj *a, const pobj *b)
{
	size_t la = class_len(in, a);

	return la == class_len(in, b) && memcmp(in->vals.data + a->voff + 2, in->vals.data + b->voff + 2, la) == 0;
}

/* Gives each non-stream object its class number (same_class, numbered in
 * order of first use); returns how many classes. A document has a dozen. */
static unsigned classify(layout_in *in)
{
	size_t *rep = NULL;
	unsigned nc = 0, cap = 0;

	for (size_t i = 0; i + 1 < in->size; i++) {
		pobj *o = &in->objs[i];
		unsigned c = 0;
		if (o->stream || o->drop)
			continue;
		while (c < nc && !same_class(in, &in->objs[rep[c]], o))
			c++;
		if (c == nc) {
			if (nc == cap) {
				cap = cap ? 2 * cap : 16;
				rep = xrealloc(rep, cap * sizeof *rep);
			}
			rep[nc++] = i;
		}
		o->cls = c;
	}
	free(rep);
	return nc;
}

/* New object numbers without gaps: the object stream's members first,
 * class by class (classify; each class in file order), then the streams.
 * Like objects side by side (structure elements, annotations, outline
 * entries) deflate better (about 600 bytes of a tagged 100-tweet thread),
 * and the xref rows of a run of members still differ by one, which the
 * predictor makes constant. */
static void renumber(layout_in *in)
{
	unsigned k = 1, nc = classify(in);

	in->order = xcalloc(in->size, sizeof *in->order);
	for (unsigned c = 0; c < nc; c++) {
		for (size_t i = 0; i + 1 < in->size; i++) {
			pobj *o = &in->objs[i];
			if (o->drop || o->stream || o->cls != c)
				continue;
			o->idx = k - 1;
			in->order[o->idx] = (unsigned)i;
			in->renum[o->num] = k++;
		}
	}
	in->nmembers = k - 1;
	for (size_t i = 0; i + 1 < in->size; i++) {
		pobj *o = &in->objs[i];
		if (!o->drop && o->stream)
			in->renum[o->num] = k++;
	}
	in->nsize = k;
}

/* Compacts every object twice: to find the references and the length
 * objects to leave out, then with the new numbers. 0 or -1. */
static int compact_all(layout_in *in)
{
	in->pos = xcalloc(in->size, sizeof *in->pos);
	in->refs = xcalloc(in->size, sizeof *in->refs);
	in->renum = xcalloc(in->size, sizeof *in->renum);
	for (size_t i = 0; i + 1 < in->size; i++)
		in->pos[in->objs[i].num] = (unsigned)i + 1;
	if (compact_pass(in) != 0)
		return -1;
	mark_drops(in);
	renumber(in);
	if (in->root >= in->size || in->info >= in->size || !in->renum[in->root] || (in->info && !in->renum[in->info]))
		return -1;
	return compact_pass(in);
}

/* The object stream: "num offset" pairs, then the compact values (in the
 * order of their indexes, in->order); deflated into z, with the length of the pairs
 * in *first. */
static int build_objstm(layout_in *in, buf *z, size_t *first, unsigned *count)
{
	buf head, vals;
	unsigned k;

	buf_init(&head);
	buf_init(&vals);
	for (k = 0; k < in->nmembers; k++) {
		const pobj *o = &in->objs[in->order[k]];
		buf_printf(&head, "%u %zu ", in->renum[o->num], vals.len);
		buf_add(&vals, in->vals.data + o->voff, o->vlen);
		buf_addc(&vals, '\n');
	}
	*first = head.len;
	*count = k;
	buf_add(&head, vals.data, vals.len);
	if (k)
		flate_add(in->z, 7, head.data, head.len, z);
	buf_free(&head);
	buf_free(&vals);
	return k ? 0 : -1;
}

/* The bytes an offset up to max needs in a cross-reference row. */
static int offset_width(size_t max)
{
	int w = 1;

	while (w < 8 && (max >> (8 * w)) != 0)
		w++;
	return w;
}

/* The bytes of the third field of a cross-reference row: 2 (a free
 * entry's generation, 65535), more when the object stream has more
 * members than two bytes can index (poppler looks a member up by its
 * index: a wrapped one reads as null, and links and bookmarks past the
 * 65,536th object vanish). */
static int index_width(unsigned nmembers)
{
	int w = offset_width(nmembers);

	return w < 2 ? 2 : w;
}

/* Rows (/W [1 w w3]) filtered as PNG "up" rows (/Predictor 12), each the
 * difference to the row above: runs of objects in the object stream then
 * become the same few bytes, which deflate shrinks to almost nothing. */
static void deflate_rows(flate *fz, const unsigned char *kind, const unsigned long long *f2,
			 const unsigned *f3, unsigned total, int w, int w3, buf *z)
{
	int cols = 1 + w + w3;
	unsigned char prev[24] = { 0 }, row[24];
	buf rows;

	buf_init(&rows);
	for (unsigned i = 0; i < total; i++) {
		row[0] = kind[i];
		for (int k = 0; k < w; k++)
			row[1 + k] = (unsigned char)(f2[i] >> (8 * (w - 1 - k)));
		for (int k = 0; k < w3; k++)
			row[1 + w + k] = (unsigned char)(f3[i] >> (8 * (w3 - 1 - k)));
		buf_addc(&rows, 2);
		for (int k = 0; k < cols; k++)
			buf_addc(&rows, (char)(row[k] - prev[k]));
		memcpy(prev, row, (size_t)cols);
	}
	flate_add(fz, 9, rows.data, rows.len, z);
	buf_free(&rows);
}

/* The cross-reference stream for the new objects 0 .. nsize+1, the
 * object stream being object nsize and the xref stream nsize + 1. */
static void build_xref(const layout_in *in, size_t stm_off, size_t xref_off, int w, int w3, buf *z)
{
	unsigned total = in->nsize + 2;
	unsigned char *kind = xcalloc(total, 1);
	unsigned long long *f2 = xcalloc(total, sizeof *f2);
	unsigned *f3 = xcalloc(total, sizeof *f3);

	f3[0] = 65535;
	for (size_t i = 0; i + 1 < in->size; i++) {
		const pobj *o = &in->objs[i];
		unsigned k = in->renum[o->num];
		if (!k)
			continue;
		kind[k] = o->stream ? 1 : 2;
		f2[k] = o->stream ? o->new_off : in->nsize;
		f3[k] = o->stream ? 0 : o->idx;
	}
	kind[in->nsize] = kind[in->nsize + 1] = 1;
	f2[in->nsize] = stm_off;
	f2[in->nsize + 1] = xref_off;
	deflate_rows(in->z, kind, f2, f3, total, w, w3, z);
	free(kind);
	free(f2);
	free(f3);
}

#define STREAM_TAIL "\nendstream\nendobj\n"

/* The new offsets of the stream objects, packed one after another from the
 * header on; returns where the object stream will start, or 0 when a new
 * header would overwrite data not yet moved. */
static size_t plan_offsets(layout_in *in)
{
	size_t w = in->objs[0].off;

	for (size_t i = 0; i + 1 < in->size; i++) {
		pobj *o = &in->objs[i];
		if (!o->stream)
			continue;
		o->new_off = w;
		if (w + o->hlen > o->data)
			return 0;
		w += o->hlen + o->dlen + strlen(STREAM_TAIL);
	}
	return w;
}

/* Moves each stream's data down to its new offset under its new header. */
static void move_streams(const layout_in *in, char *d)
{
	for (size_t i = 0; i + 1 < in->size; i++) {
		const pobj *o = &in->objs[i];
		if (!o->stream)
			continue;
		memmove(d + o->new_off + o->hlen, d + o->data, o->dlen);
		memcpy(d + o->new_off, in->hdrs.data + o->hoff, o->hlen);
		memcpy(d + o->new_off + o->hlen + o->dlen, STREAM_TAIL, strlen(STREAM_TAIL));
	}
}

/* The dictionary and data of one stream object, appended to b. */
static void put_stream_obj(buf *b, unsigned num, const char *dict, const buf *z)
{
	buf_printf(b, "%u 0 obj\n<<%s/Filter/FlateDecode/Length %zu>>\nstream\n", num, dict, z->len);
	buf_add(b, z->data, z->len);
	buf_adds(b, STREAM_TAIL);
}

/* The object stream and the xref stream, with startxref, into tail for
 * a file whose streams end at stm_off; 0 or -1. */
static int build_tail(layout_in *in, size_t stm_off, buf *tail)
{
	buf stm, xz;
	size_t first;
	unsigned count;
	int rc = -1;

	buf_init(&stm);
	buf_init(&xz);
	if (build_objstm(in, &stm, &first, &count) != 0)
		goto cleanup;
	char dict[96];
	snprintf(dict, sizeof dict, "/Type/ObjStm/N %u/First %zu", count, first);
	put_stream_obj(tail, in->nsize, dict, &stm);
	size_t xref_off = stm_off + tail->len;
	int w = offset_width(xref_off), w3 = index_width(in->nmembers);
	build_xref(in, stm_off, xref_off, w, w3, &xz);
	char xd[192];
	int nd = snprintf(xd, sizeof xd, "/Type/XRef/Size %u/W[1 %d %d]/DecodeParms<</Columns %d/Predictor 12>>/Root %u 0 R",
			  in->nsize + 2, w, w3, 1 + w + w3, in->renum[in->root]);
	if (in->info)
		snprintf(xd + nd, sizeof xd - (size_t)nd, "/Info %u 0 R", in->renum[in->info]);
	put_stream_obj(tail, in->nsize + 1, xd, &xz);
	buf_printf(tail, "startxref\n%zu\n%%%%EOF\n", xref_off);
	rc = 0;
cleanup:
	buf_free(&stm);
	buf_free(&xz);
	return rc;
}

int pdf_objstm_pack(buf *b, size_t start, flate *z)
{
	layout_in in = { .d = b->data + start, .n = b->len - start, .z = z };
	buf tail;
	int rc = -1;

	buf_init(&in.hdrs);
	buf_init(&in.vals);
	buf_init(&tail);
	if (b->len <= start || parse(&in) != 0 || compact_all(&in) != 0)
		goto cleanup;
	size_t stm_off = plan_offsets(&in);
	if (!stm_off || build_tail(&in, stm_off, &tail) != 0)
		goto cleanup;
	/* Nothing can fail from here on: move the streams down, append the rest. */
	char *d = b->data + start;
	move_streams(&in, d);
	if (d[7] < '5')
		d[7] = '5';
	b->len = start + stm_off;
	buf_add(b, tail.data, tail.len);
	rc = 0;
cleanup:
	free(in.objs);
	free(in.pos);
	free(in.refs);
	free(in.renum);
	free(in.order);
	buf_free(&in.hdrs);
	buf_free(&in.vals);
	buf_free(&tail);
	return rc;
}
