/* replay: runs a fuzz target without libFuzzer, so every `make test` (and
 * the sanitizer build above all) puts the parsers through damaged input.
 * Each file named on the command line is run as it is, then -m N times
 * mutated (bits flipped, bytes set to ones parsers care about, ranges
 * deleted or repeated, the input cut short) by a generator seeded from the
 * file's position, so a run is the same every time. Prints one PASS line;
 * a crash or a sanitizer report ends the program and fails the test.
 * Usage: fuzz_<target> [-m N] FILE... (see tests/e2e/fuzz.sh, make fuzz) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* xorshift64: small and good enough to pick mutations. */
static uint64_t next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* One mutation of b in place (b->len may change). */
static void mutate(buf *b, uint64_t *s)
{
	static const char special[] = "\0\xff\"\\{}[]:,0-9eE.&#%/\n\r";
	size_t n = b->len, at = n ? next(s) % n : 0, span = n ? 1 + next(s) % (n < 64 ? n : 64) : 0;

	switch (next(s) % 6) {
	case 0:
		if (n)
			b->data[at] ^= (char)(1u << (next(s) % 8));
		break;
	case 1:
		if (n)
			b->data[at] = special[next(s) % (sizeof special - 1)];
		break;
	case 2:
		if (at + span <= n) {
			memmove(b->data + at, b->data + at + span, n - at - span);
			b->len -= span;
		}
		break;
	case 3:
		if (at + span <= n) {
			char *copy = xmalloc(span);
			memcpy(copy, b->data + at, span);
			buf_add(b, copy, span);
			memmove(b->data + at + span, b->data + at, n - at);
			memcpy(b->data + at, copy, span);
			free(copy);
		}
		break;
	case 4:
		b->len = at;
		break;
	default:
		if (n >= 4) {
			uint32_t v = (uint32_t)next(s);
			memcpy(b->data + (at > n - 4 ? n - 4 : at), &v, 4);
		}
		break;
	}
}

/* Runs the target on a copy of p[0..n) in a block of exactly n bytes, so
 * AddressSanitizer sees a read past the end (as under libFuzzer). */
static void run_exact(const char *p, size_t n)
{
	uint8_t *copy = xmalloc(n);

	if (n)
		memcpy(copy, p, n);
	LLVMFuzzerTestOneInput(copy, n);
	free(copy);
}

int main(int argc, char **argv)
{
	long rounds = 0, inputs = 0;
	int first = 1;
	const char *name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];

	if (argc > 2 && strcmp(argv[1], "-m") == 0) {
		rounds = atol(argv[2]);
		first = 3;
	}
	for (int i = first; i < argc; i++) {
		buf orig, b;
		buf_init(&orig);
		if (util_read_file(argv[i], &orig) != 0) {
			printf("FAIL %s: cannot read %s\n", name, argv[i]);
			return 1;
		}
		uint64_t seed = 0x9E3779B97F4A7C15ull * (uint64_t)i;
		run_exact(orig.data, orig.len);
		inputs++;
		buf_init(&b);
		for (long r = 0; r < rounds; r++) {
			b.len = 0;
			buf_add(&b, orig.data, orig.len);
			for (int k = 0, nm = 1 + (int)(next(&seed) % 4); k < nm; k++)
				mutate(&b, &seed);
			run_exact(b.data, b.len);
			inputs++;
		}
		buf_free(&b);
		buf_free(&orig);
	}
	printf("PASS %s (%ld inputs)\n", name, inputs);
	return 0;
}
