# threadpdf — one plain Makefile.
#   make            build (BUILD=debug|release|sanitize|tsan, default release)
#   make demo       install what is missing, build, render a sample
#   make test       install what is missing, run the suite (plain and sanitized)
#   make bench      render the generated benchmark corpus and report
#   make golden     refresh the golden files deliberately
#   make fuzz       the parsers under libFuzzer (clang), FUZZ_SECONDS each
#   make install    the binary, fonts and man page under PREFIX (DESTDIR honoured)
#   make uninstall  removes what make install put there

BUILD    ?= release
BUILDDIR ?= build/$(BUILD)
PREFIX   ?= /usr/local
DATADIR  ?= $(PREFIX)/share/threadpdf
MANDIR   ?= $(PREFIX)/share/man
# The fonts directory compiled in: this tree's for the build here; the
# binary make install installs is linked again with $(DATADIR)/fonts.
FONTDIR  ?= $(CURDIR)/fonts

# libcurl is loaded with dlopen on first use (src/curl_dl.c): its headers only.
PKGS     := libcjson freetype2 harfbuzz harfbuzz-subset fontconfig icu-uc libpng libjpeg zlib libdeflate libzip
PKG_CFLAGS := $(shell pkg-config --cflags libcurl $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
        -Wpointer-arith -Wformat=2 -Wundef -Wvla -Wwrite-strings -Wno-unused-parameter
CFLAGS_debug    := -O0 -g3
CFLAGS_release  := -O2 -g
CFLAGS_sanitize := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS_sanitize := -fsanitize=address,undefined
CFLAGS_tsan     := -O1 -g -fsanitize=thread
LDFLAGS_tsan    := -fsanitize=thread

CFLAGS  ?=
CFLAGS  += -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS_$(BUILD)) -Iinclude $(PKG_CFLAGS) \
           -DFONTDIR='"$(FONTDIR)"' -MMD -MP -pthread
LDLIBS  += $(PKG_LIBS) -lhpdf -lm -ldl -pthread
LDFLAGS += $(LDFLAGS_$(BUILD))

SRCS     := $(sort $(wildcard src/*.c))
OBJS     := $(SRCS:src/%.c=$(BUILDDIR)/%.o)
LIBOBJS  := $(filter-out $(BUILDDIR)/main.o,$(OBJS))
TESTSRCS := $(sort $(wildcard tests/unit/test_*.c))
TESTBINS := $(TESTSRCS:tests/unit/%.c=$(BUILDDIR)/tests/%)
FUZZSRCS := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZBINS := $(FUZZSRCS:tests/fuzz/%.c=$(BUILDDIR)/tests/fuzz/%)
BIN      := $(BUILDDIR)/threadpdf

# Debian packages the build, the suite and the demo rely on. npm is not
# listed: the machine's nodejs package brings its own (Debian's npm package
# conflicts with it); tests/readers/extract.sh skips pdf.js and PDFium without it.
DEBS := gcc make pkg-config libhpdf-dev libcurl4-openssl-dev libcjson-dev libfreetype-dev \
        libharfbuzz-dev libfontconfig-dev libicu-dev libpng-dev libjpeg-dev zlib1g-dev libdeflate-dev libzip-dev \
        poppler-utils mupdf-tools qpdf libjpeg-turbo-progs python3 python3-aiosmtpd openssl nodejs \
        fonts-noto-core fonts-noto-color-emoji fonts-wqy-microhei fonts-droid-fallback

.PHONY: all unit setup demo test check golden bench fuzz clean install uninstall
all: $(BIN)

$(BIN): $(OBJS)
	$(CC) $(LDFLAGS) -o $@ $(OBJS) $(LDLIBS)

$(BUILDDIR)/%.o: src/%.c | $(BUILDDIR)/tests
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILDDIR)/tests/%: tests/unit/%.c tests/unit/check.h $(LIBOBJS) | $(BUILDDIR)/tests
	$(CC) $(CFLAGS) -Itests/unit $(LDFLAGS) -o $@ $< $(LIBOBJS) $(LDLIBS)

# Fuzz targets with the replaying driver (tests/fuzz/replay.c), run by the suite.
$(BUILDDIR)/tests/fuzz/%: tests/fuzz/%.c tests/fuzz/replay.c $(LIBOBJS) | $(BUILDDIR)/tests
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< tests/fuzz/replay.c $(LIBOBJS) $(LDLIBS)

$(BUILDDIR)/tests:
	mkdir -p $@

unit: $(TESTBINS) $(FUZZBINS)

# Installs the Debian packages that are missing (needs root or sudo).
setup:
	@sh tools/setup.sh $(DEBS)

demo: setup
	$(MAKE) all
	$(BIN) samples/garden/thread.json -o demo.pdf
	@echo "wrote demo.pdf"

# The whole suite against the release build, then again under ASan+UBSan;
# the threads of a render are checked under ThreadSanitizer (tests/e2e/threads.sh).
test: setup
	$(MAKE) BUILD=release all unit
	$(MAKE) BUILD=sanitize all unit
	$(MAKE) BUILD=tsan all
	sh tests/run.sh build/release build/sanitize

check: all unit
	sh tests/run.sh $(BUILDDIR)

golden: all unit
	TP_GOLDEN_UPDATE=1 sh tests/run.sh $(BUILDDIR) || true
	@git status --short tests/golden

bench: setup
	$(MAKE) BUILD=release all unit
	sh tests/bench.sh build/release

# The parsers under libFuzzer (needs clang): FUZZ_SECONDS each, seeded with
# the fixtures and samples; new crashes are left in build/fuzz/.
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS := -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
FUZZ_OBJS   := $(filter-out build/fuzz/main.o,$(SRCS:src/%.c=build/fuzz/%.o))
fuzz: setup
	@sh tools/setup.sh clang
	$(MAKE) BUILD=fuzz CC=clang CFLAGS_fuzz="$(FUZZ_CFLAGS)" $(FUZZ_OBJS)
	for t in $(FUZZSRCS:tests/fuzz/%.c=%); do \
		clang -std=c11 -D_GNU_SOURCE $(FUZZ_CFLAGS) -fsanitize=fuzzer -Iinclude $(PKG_CFLAGS) \
			-o build/fuzz/$$t tests/fuzz/$$t.c $(FUZZ_OBJS) $(LDLIBS) || exit 1; \
		mkdir -p build/fuzz/corpus-$$t; \
		sh tests/fuzz/seeds.sh $$t . build/fuzz/corpus-$$t || exit 1; \
		(cd build/fuzz && ./$$t -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=$$t- corpus-$$t) || exit 1; \
	done

# Installs the build of BUILD/BUILDDIR: its objects, with fonts.c compiled
# again (every time: PREFIX may differ) so that the binary looks for its
# fonts in $(DATADIR)/fonts and knows nothing of this tree; the fonts and
# their licence; the man page.
FONTFILES := $(wildcard fonts/*.ttf fonts/LICENSE*)
INSTDIR   := $(BUILDDIR)/install
install: all
	@mkdir -p $(INSTDIR)
	$(CC) $(filter-out -DFONTDIR=%,$(CFLAGS)) -DFONTDIR='"$(DATADIR)/fonts"' -c -o $(INSTDIR)/fonts.o src/fonts.c
	$(CC) $(LDFLAGS) -o $(INSTDIR)/threadpdf $(filter-out $(BUILDDIR)/fonts.o,$(OBJS)) $(INSTDIR)/fonts.o $(LDLIBS)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(DATADIR)/fonts $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(INSTDIR)/threadpdf $(DESTDIR)$(PREFIX)/bin/threadpdf
	install -m 644 $(FONTFILES) $(DESTDIR)$(DATADIR)/fonts
	install -m 644 doc/threadpdf.1 $(DESTDIR)$(MANDIR)/man1/threadpdf.1

# Removes exactly what install put there, then the directories of our own
# if they are left empty; builds nothing.
uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/threadpdf $(DESTDIR)$(MANDIR)/man1/threadpdf.1
	rm -f $(FONTFILES:fonts/%=$(DESTDIR)$(DATADIR)/fonts/%)
	@rmdir $(DESTDIR)$(DATADIR)/fonts $(DESTDIR)$(DATADIR) 2>/dev/null || true

clean:
	rm -rf build demo.pdf

-include $(OBJS:.o=.d) $(TESTBINS:=.d)
