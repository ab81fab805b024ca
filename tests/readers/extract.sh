# extract.sh ENGINE FILE.pdf: prints the text one PDF reader extracts.
# ENGINE: poppler (pdftotext: Evince, Okular), mupdf (mutool: SumatraPDF,
# zathura), pdfjs (Firefox), pdfium (Chrome, Edge). The node readers come
# from npm (pinned versions) into $TP_READERS (default build/readers of the
# tree), installed on first use. Exit 0 with the text; exit 3 with one line
# on stderr saying why when the reader is not available (the caller SKIPs).
here=$(cd "$(dirname "$0")" && pwd)
R=${TP_READERS:-$here/../../build/readers}
PDFJS=pdfjs-dist@4.10.38
PDFIUM=@hyzyla/pdfium@2.1.13
# Installs the npm readers once; 0 when both are there.
need_node() {
	command -v node >/dev/null || { echo "node is not installed" >&2; return 3; }
	[ -d "$R/node_modules/pdfjs-dist" ] && [ -d "$R/node_modules/@hyzyla/pdfium" ] && return 0
	command -v npm >/dev/null || { echo "npm is not installed" >&2; return 3; }
	mkdir -p "$R" && (cd "$R" && { [ -f package.json ] || echo '{"private":true}' >package.json; } &&
		npm install --silent --no-audit --no-fund $PDFJS $PDFIUM >npm.log 2>&1) ||
		{ echo "npm install $PDFJS $PDFIUM failed: $(tail -n 1 "$R/npm.log" 2>/dev/null)" >&2; return 3; }
}
f=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
case $1 in
poppler)
	command -v pdftotext >/dev/null || { echo "pdftotext (poppler-utils) is not installed" >&2; exit 3; }
	pdftotext -enc UTF-8 "$f" - 2>/dev/null ;;
mupdf)
	command -v mutool >/dev/null || { echo "mutool (mupdf-tools) is not installed" >&2; exit 3; }
	mutool draw -q -F txt -o - "$f" 2>/dev/null ;;
pdfjs)
	need_node || exit 3
	cp "$here/pdfjs.mjs" "$R/" && node "$R/pdfjs.mjs" "$f" ;;
pdfium)
	need_node || exit 3
	cp "$here/pdfium.cjs" "$R/" && (cd "$R" && node pdfium.cjs "$f") ;;
*)
	echo "usage: extract.sh poppler|mupdf|pdfjs|pdfium FILE.pdf" >&2; exit 2 ;;
esac
