/* pdfbidi: a simulation of how PDF readers order extracted text, used to
 * store multi-character clusters so that the reader's reordering restores
 * their logical order. */
#include "pdfbidi.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>

#include "util.h"

/* Reader's character classes: strong left-to-right, strong right-to-left,
 * number (digits and their separators, which end a right-to-left
 * section), and neutral (everything else, and all characters beyond the
 * BMP, which the reader's table does not cover). */
enum { C_NEUTRAL, C_LTR, C_RTL, C_NUM };

/* The reader's class of code point c, from its Unicode bidi class. */
static int char_class(uint32_t c)
{
	if (c < 0x80) {
		if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
			return C_LTR;
		if ((c >= '0' && c <= '9') || (c >= '#' && c <= '%') || (c >= '+' && c <= '/') || c == ':')
			return C_NUM;
		return C_NEUTRAL;
	}
	if (c > 0xFFFF)
		return C_NEUTRAL;
	switch (u_charDirection((UChar32)c)) {
	case U_LEFT_TO_RIGHT:
		return C_LTR;
	case U_RIGHT_TO_LEFT:
	case U_RIGHT_TO_LEFT_ARABIC:
		return C_RTL;
	case U_EUROPEAN_NUMBER:
	case U_EUROPEAN_NUMBER_SEPARATOR:
	case U_EUROPEAN_NUMBER_TERMINATOR:
	case U_ARABIC_NUMBER:
	case U_COMMON_NUMBER_SEPARATOR:
		return C_NUM;
	default:
		return C_NEUTRAL;
	}
}

/* One code point as the reader sees it: its class and its item. */
typedef struct rchar {
	unsigned char cls;
	unsigned char rtl_section;
	size_t item;
} rchar;

/* Order of items: by line, baseline, then x (stable by index). */
static int cmp_items(const void *a, const void *b, void *arg)
{
	const pdfbidi_item *items = arg;
	const pdfbidi_item *p = &items[*(const size_t *)a], *q = &items[*(const size_t *)b];

	if (p->line != q->line)
		return (uintptr_t)p->line < (uintptr_t)q->line ? -1 : 1;
	if (p->y != q->y)
		return p->y < q->y ? -1 : 1;
	if (p->x != q->x)
		return p->x < q->x ? -1 : 1;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

/* Decodes an item into code points with their classes; returns how many
 * (at most cap) and whether all are right-to-left. */
static size_t item_chars(const pdfbidi_item *it, uint32_t *cps, size_t cap, int *all_rtl)
{
	size_t k = 0, i = 0, adv;

	*all_rtl = 1;
	while (i < it->len && k < cap) {
		cps[k] = utf8_decode(it->text + i, it->len - i, &adv);
		*all_rtl &= char_class(cps[k]) == C_RTL;
		k++;
		i += adv;
	}
	return k;
}

/* The page's reading direction as the reader picks it: left-to-right
 * unless right-to-left letters outnumber left-to-right ones. *any_rtl
 * tells whether the page has right-to-left letters at all. */
static int page_is_rtl(const pdfbidi_item *items, size_t n, int *any_rtl)
{
	long count = 0;
	uint32_t cps[64];
	int all;

	*any_rtl = 0;
	for (size_t i = 0; i < n; i++) {
		size_t k = item_chars(&items[i], cps, 64, &all);
		for (size_t j = 0; j < k; j++) {
			int c = char_class(cps[j]);
			count += c == C_LTR ? 1 : c == C_RTL ? -1 : 0;
			*any_rtl |= c == C_RTL;
		}
	}
	return count < 0;
}

/* Marks which characters of a line fall in a right-to-left section: on a
 * left-to-right page the reader scans from the left, on a right-to-left
 * page from the right; a right-to-left letter opens a section, a
 * left-to-right letter or a number closes it, neutrals stay where they are. */
static void mark_sections(rchar *ch, size_t n, int rtl_page)
{
	int in_rtl = rtl_page;

	for (size_t k = 0; k < n; k++) {
		rchar *c = &ch[rtl_page ? n - 1 - k : k];
		if (!in_rtl && c->cls == C_RTL)
			in_rtl = 1;
		else if (in_rtl && (c->cls == C_LTR || c->cls == C_NUM))
			in_rtl = 0;
		c->rtl_section = (unsigned char)in_rtl;
	}
}

/* Builds the characters of one line (items order[a..b), in visual order)
 * and decides each multi-character item. */
static void decide_line(const pdfbidi_item *items, const size_t *order, size_t a, size_t b, int rtl_page,
			unsigned char *rev)
{
	rchar *ch = NULL;
	size_t n = 0, cap = 0;
	uint32_t cps[64];
	int all;

	for (size_t i = a; i < b; i++) {
		size_t k = item_chars(&items[order[i]], cps, 64, &all);
		if (n + k > cap) {
			cap = (n + k) * 2;
			ch = xrealloc(ch, cap * sizeof *ch);
		}
		for (size_t j = 0; j < k; j++)
			ch[n++] = (rchar){ (unsigned char)char_class(cps[all ? k - 1 - j : j]), 0, order[i] };
	}
	mark_sections(ch, n, rtl_page);
	for (size_t s = 0; s < n;) {
		size_t e = s, in = 0;
		while (e < n && ch[e].item == ch[s].item)
			in += ch[e++].rtl_section;
		const pdfbidi_item *it = &items[ch[s].item];
		item_chars(it, cps, 64, &all);
		/* All right-to-left letters: the reader reverses those itself. */
		rev[ch[s].item] = (unsigned char)(e - s > 1 && !all && 2 * in >= e - s);
		s = e;
	}
	free(ch);
}

/* Whether an item stands for more than one code point (the only kind
 * whose order can come out wrong). */
static int has_several(const pdfbidi_item *it)
{
	size_t adv;

	if (it->len < 2)
		return 0;
	utf8_decode(it->text, it->len, &adv);
	return adv < it->len;
}

void pdfbidi_decide(const pdfbidi_item *items, size_t n, unsigned char *rev)
{
	size_t *order;
	int rtl_page, any_rtl;

	if (!n)
		return;
	memset(rev, 0, n);
	rtl_page = page_is_rtl(items, n, &any_rtl);
	if (!any_rtl)
		return; /* no right-to-left section: the reader reverses nothing */
	order = xmalloc(n * sizeof *order);
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	qsort_r(order, n, sizeof *order, cmp_items, (void *)items);
	for (size_t a = 0; a < n;) {
		size_t b = a + 1;
		int multi = has_several(&items[order[a]]);
		while (b < n && items[order[b]].line == items[order[a]].line && items[order[b]].y == items[order[a]].y)
			multi |= has_several(&items[order[b++]]);
		if (multi)
			decide_line(items, order, a, b, rtl_page, rev);
		a = b;
	}
	free(order);
}
