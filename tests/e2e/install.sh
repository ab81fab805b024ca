#!/bin/sh
# make install gives a binary that works once the source tree is gone: a copy
# of the tree (with this build's objects, so nothing but fonts.c is compiled
# again) is installed into a temporary PREFIX and, staged, with DESTDIR; the
# copy is removed; both installed binaries render the garden sample with the
# installed fonts, which the binary finds before $THREADPDF_FONTS and --fonts
# come in; make uninstall then leaves none of our files behind.
. "$TP_ROOT/tests/e2e/lib.sh"
unset THREADPDF_FONTS
bindir=$(cd "$(dirname "$TP_BIN")" && pwd)
rel=${bindir#"$TP_ROOT"/}
if [ "$rel" = "$bindir" ] || [ ! -f "$bindir/fonts.o" ]; then
	skip install "the build $bindir is not a build directory inside $TP_ROOT"
	exit 0
fi
# The BUILD whose flags the objects were made with (sanitizers must link alike).
if grep -q __asan_init "$TP_BIN"; then build=sanitize
elif grep -q __tsan_init "$TP_BIN"; then build=tsan
else build=debug; fi

tree="$TP_TMP/tree"
prefix="$TP_TMP/prefix"
stage="$TP_TMP/stage"
mkdir -p "$tree/$rel/tests"
cp -a "$TP_ROOT/Makefile" "$TP_ROOT/src" "$TP_ROOT/include" "$TP_ROOT/fonts" "$TP_ROOT/doc" "$tree/"
cp -a "$bindir"/*.o "$bindir"/*.d "$bindir/threadpdf" "$tree/$rel/"
make -C "$tree" install BUILD=$build BUILDDIR="$rel" PREFIX="$prefix" >"$TP_TMP/install.log" 2>&1
check install-runs test $? = 0
make -C "$tree" install BUILD=$build BUILDDIR="$rel" PREFIX=/opt/tp DESTDIR="$stage" >"$TP_TMP/stage.log" 2>&1
check install-destdir-runs test $? = 0
rm -rf "$tree"

bin="$prefix/bin/threadpdf"
check install-binary test -x "$bin"
check install-fonts test "$(ls "$prefix/share/threadpdf/fonts"/*.ttf 2>/dev/null | wc -l)" -eq 4
check install-font-licence test -f "$prefix/share/threadpdf/fonts/LICENSE-NotoSerif.txt"
check install-man-page cmp -s "$TP_ROOT/doc/threadpdf.1" "$prefix/share/man/man1/threadpdf.1"
check install-destdir-staged test -x "$stage/opt/tp/bin/threadpdf" -a \
	-f "$stage/opt/tp/share/threadpdf/fonts/NotoSerif-Regular.ttf" -a \
	-f "$stage/opt/tp/share/man/man1/threadpdf.1"
check install-destdir-only-under-destdir test ! -e /opt/tp/bin/threadpdf

# The strings the binary uses name the installed fonts, not a source tree
# (neither the gone copy nor the tree its objects were built in).
if objcopy -O binary --only-section=.rodata "$bin" "$TP_TMP/rodata" 2>/dev/null; then
	check install-knows-datadir grep -qaF "$prefix/share/threadpdf/fonts" "$TP_TMP/rodata"
	check install-forgets-tree sh -c "! grep -qaF -e '$tree' -e '$TP_ROOT' '$TP_TMP/rodata'"
else
	skip install-strings "objcopy cannot read $bin"
fi

# render NAME BIN [args]: renders the garden sample from $TP_TMP; keeps NAME.{rc,err}.
render() {
	name=$1
	b=$2
	shift 2
	(cd "$TP_TMP" && "$b" "$TP_ROOT/samples/garden/thread.json" -o "$TP_TMP/$name.pdf" "$@" 2>"$TP_TMP/$name.err")
	echo $? >"$TP_TMP/$name.rc"
}
# rendered TEST NAME: the run exited 0 and wrote a PDF with Noto Serif embedded.
rendered() {
	if [ "$(cat "$TP_TMP/$2.rc")" != 0 ] || ! head -c 5 "$TP_TMP/$2.pdf" 2>/dev/null | grep -q '%PDF-'; then
		fail "$1" "exit $(cat "$TP_TMP/$2.rc"): $(head -n 2 "$TP_TMP/$2.err" | tr '\n' ' ')"
	elif command -v pdffonts >/dev/null 2>&1 && ! pdffonts "$TP_TMP/$2.pdf" 2>/dev/null | grep -q NotoSerif; then
		fail "$1" "no Noto Serif in $2.pdf: $(pdffonts "$TP_TMP/$2.pdf" 2>&1 | tail -n +3 | cut -c1-40 | tr '\n' ' ')"
	else
		pass "$1"
	fi
}
render installed "$bin"
rendered install-renders-without-tree installed
render staged "$stage/opt/tp/bin/threadpdf"
rendered install-staged-renders staged

# The lookup: the installed directory; without it, an error naming it; then
# $THREADPDF_FONTS, and --fonts over both.
mv "$prefix/share/threadpdf/fonts" "$TP_TMP/moved" 2>/dev/null
render nofonts "$bin"
check install-no-fonts-exit test "$(cat "$TP_TMP/nofonts.rc")" = 5
check install-no-fonts-names-datadir grep -qF "$prefix/share/threadpdf/fonts" "$TP_TMP/nofonts.err"
THREADPDF_FONTS="$TP_TMP/moved" render envfonts "$bin"
rendered install-env-fonts envfonts
THREADPDF_FONTS="$TP_TMP/nowhere" render optfonts "$bin" --fonts "$TP_TMP/moved"
rendered install-fonts-option-wins optfonts
mv "$TP_TMP/moved" "$prefix/share/threadpdf/fonts" 2>/dev/null

# make uninstall (from the real tree: the copy is gone) leaves none of our files.
make -C "$TP_ROOT" uninstall PREFIX="$prefix" >"$TP_TMP/uninstall.log" 2>&1
check uninstall-runs test $? = 0
check uninstall-leaves-no-file test -z "$(find "$prefix" ! -type d)"
check uninstall-leaves-no-dir test -z "$(find "$prefix" -name 'threadpdf*')"
make -C "$TP_ROOT" uninstall PREFIX=/opt/tp DESTDIR="$stage" >"$TP_TMP/unstage.log" 2>&1
check uninstall-destdir-leaves-nothing test -z "$(find "$stage" ! -type d -o -name 'threadpdf*')"
