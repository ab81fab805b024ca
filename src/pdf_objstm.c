/* pdf_objstm: packs the objects of a finished libharu PDF that are not
 * streams (pages, annotations, outline entries, font dictionaries, stream
 * lengths) into one compressed object stream, indexed by a compressed
 * cross-reference stream (PDF 1.5). libharu 2.3 writes every object as
 * plain text with a 20-byte xref entry each; a thread's hundreds of links
 * and outline entries shrink about sevenfold this way.
 *
 * Only the layout libharu writes is accepted: "%PDF-1.x", objects
 * "N 0 obj ... endobj" at the offsets of one classic xref section, a
 * trailer holding only /Root, /Info and /Size. Everything is checked
 * before a byte moves; anything else leaves the file as it was. Stream
 * objects are moved down in place, each copied once. */
#include "pdf_objstm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

typedef struct pobj {
	size_t off, end;        /* span in the file: "N 0 obj" .. after "endobj" */
	size_t body, bend;      /* the object's value (non-streams) */
	unsigned num;
	int stream;
	size_t new_off;         /* stream objects: offset after packing */
	unsigned idx;           /* non-streams: index in the object stream */
} pobj;

typedef struct layout_in {
	const char *d;
	size_t n;               /* file length */
	size_t xref;            /* offset of "xref" */
	unsigned size;          /* /Size: objects 0 .. size-1 */
	unsigned root, info;    /* 0: absent */
	pobj *objs;             /* objects 1 .. size-1, in file order */
} layout_in;

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

/* The offset startxref names, found in the file's last bytes; 0 if none. */
static size_t find_startxref(const char *d, size_t n)
{
	size_t from = n > 64 ? n - 64 : 0;

	for (size_t p = n >= 9 ? n - 9 : 0; p + 1 > from + 1; p--) {
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
	in->objs = calloc((size_t)cnt, sizeof *in->objs);
	if (!in->objs)
		return -1;
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
	while (e > p && (d[e - 1] == '\n' || d[e - 1] == '\r' || d[e - 1] == ' '))
		e--;
	if (e < p + 6 || memcmp(d + e - 6, "endobj", 6) != 0)
		return -1;
	e -= 6;
	while (e > p && (d[e - 1] == '\n' || d[e - 1] == '\r' || d[e - 1] == ' '))
		e--;
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

/* deflate of src into out (appended); 0 or -1. */
static int deflate_into(const void *src, size_t len, buf *out)
{
	uLongf zl = compressBound((uLong)len);
	unsigned char *z = malloc(zl);
	int rc = -1;

	if (z && compress2(z, &zl, src, (uLong)len, 6) == Z_OK) {
		buf_add(out, z, zl);
		rc = 0;
	}
	free(z);
	return rc;
}

/* The object stream: "num offset" pairs, then the values; deflated into
 * z, with the length of the pairs in *first. Gives each object its index. */
static int build_objstm(layout_in *in, buf *z, size_t *first, unsigned *count)
{
	buf head, vals;
	unsigned k = 0;
	int rc;

	buf_init(&head);
	buf_init(&vals);
	for (size_t i = 0; i + 1 < in->size; i++) {
		pobj *o = &in->objs[i];
		if (o->stream)
			continue;
		buf_printf(&head, "%u %zu ", o->num, vals.len);
		buf_add(&vals, in->d + o->body, o->bend - o->body);
		buf_addc(&vals, '\n');
		o->idx = k++;
	}
	*first = head.len;
	*count = k;
	buf_add(&head, vals.data, vals.len);
	rc = k ? deflate_into(head.data, head.len, z) : -1;
	buf_free(&head);
	buf_free(&vals);
	return rc;
}

/* Appends one big-endian field of n bytes. */
static void put_be(buf *b, unsigned long long v, int n)
{
	for (int i = n - 1; i >= 0; i--)
		buf_addc(b, (char)(v >> (8 * i) & 0xFF));
}

/* The cross-reference stream's rows (/W [1 4 2]) for objects 0 .. size+1,
 * the object stream being object size and the xref stream size + 1. */
static int build_xref(const layout_in *in, size_t stm_off, size_t xref_off, buf *z)
{
	unsigned total = in->size + 2;
	unsigned char *kind = calloc(total, 1);
	unsigned long long *f2 = calloc(total, sizeof *f2);
	unsigned *f3 = calloc(total, sizeof *f3);
	buf rows;
	int rc = -1;

	if (!kind || !f2 || !f3)
		goto cleanup;
	f3[0] = 65535;
	for (size_t i = 0; i + 1 < in->size; i++) {
		const pobj *o = &in->objs[i];
		kind[o->num] = o->stream ? 1 : 2;
		f2[o->num] = o->stream ? o->new_off : in->size;
		f3[o->num] = o->stream ? 0 : o->idx;
	}
	kind[in->size] = kind[in->size + 1] = 1;
	f2[in->size] = stm_off;
	f2[in->size + 1] = xref_off;
	buf_init(&rows);
	for (unsigned i = 0; i < total; i++) {
		put_be(&rows, kind[i], 1);
		put_be(&rows, f2[i], 4);
		put_be(&rows, f3[i], 2);
	}
	rc = deflate_into(rows.data, rows.len, z);
	buf_free(&rows);
cleanup:
	free(kind);
	free(f2);
	free(f3);
	return rc;
}

/* The new offsets of the stream objects, packed one after another from the
 * header on; returns where the object stream will start. */
static size_t plan_offsets(layout_in *in)
{
	size_t w = in->objs[0].off;

	for (size_t i = 0; i + 1 < in->size; i++) {
		pobj *o = &in->objs[i];
		if (!o->stream)
			continue;
		o->new_off = w;
		w += o->end - o->off;
	}
	return w;
}

/* The dictionary and data of one stream object, appended to b. */
static void put_stream_obj(buf *b, unsigned num, const char *dict, const buf *z)
{
	buf_printf(b, "%u 0 obj\n<<%s/Filter/FlateDecode/Length %zu>>\nstream\n", num, dict, z->len);
	buf_add(b, z->data, z->len);
	buf_adds(b, "\nendstream\nendobj\n");
}

int pdf_objstm_pack(buf *b, size_t start)
{
	layout_in in = { b->data + start, b->len - start, 0, 0, 0, 0, NULL };
	buf stm, xz, tail;
	size_t first;
	unsigned count;
	int rc = -1;

	buf_init(&stm);
	buf_init(&xz);
	buf_init(&tail);
	if (b->len <= start || parse(&in) != 0 || build_objstm(&in, &stm, &first, &count) != 0)
		goto cleanup;
	size_t stm_off = plan_offsets(&in);
	char dict[96];
	snprintf(dict, sizeof dict, "/Type/ObjStm/N %u/First %zu", count, first);
	put_stream_obj(&tail, in.size, dict, &stm);
	size_t xref_off = stm_off + tail.len;
	if (build_xref(&in, stm_off, xref_off, &xz) != 0)
		goto cleanup;
	char xd[128];
	int nd = snprintf(xd, sizeof xd, "/Type/XRef/Size %u/W[1 4 2]/Root %u 0 R", in.size + 2, in.root);
	if (in.info)
		snprintf(xd + nd, sizeof xd - (size_t)nd, "/Info %u 0 R", in.info);
	put_stream_obj(&tail, in.size + 1, xd, &xz);
	buf_printf(&tail, "startxref\n%zu\n%%%%EOF\n", xref_off);
	/* Nothing can fail from here on: move the streams down, append the rest. */
	char *d = b->data + start;
	for (size_t i = 0; i + 1 < in.size; i++) {
		const pobj *o = &in.objs[i];
		if (o->stream && o->new_off != o->off)
			memmove(d + o->new_off, d + o->off, o->end - o->off);
	}
	if (d[7] < '5')
		d[7] = '5';
	b->len = start + stm_off;
	buf_add(b, tail.data, tail.len);
	rc = 0;
cleanup:
	free(in.objs);
	buf_free(&stm);
	buf_free(&xz);
	buf_free(&tail);
	return rc;
}
