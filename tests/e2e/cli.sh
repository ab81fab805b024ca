# End-to-end: the command line's contract on good and bad input.
. "$TP_ROOT/tests/e2e/lib.sh"
[ -x "$TP_BIN" ] || { skip cli "no binary at $TP_BIN"; exit 0; }
T=$TP_TMP
S=$TP_ROOT/samples/short/thread.json

# expect_error NAME CODE FILE-MENTION ARGS...: one stderr line naming the input, the exit code, no PDF.
expect_error() {
	name=$1 code=$2 mention=$3; shift 3
	rm -f "$T/out.pdf"
	"$TP_BIN" "$@" -o "$T/out.pdf" >"$T/stdout" 2>"$T/stderr"
	rc=$?
	if [ $rc -ne "$code" ]; then fail "$name" "exit $rc, want $code: $(cat "$T/stderr")"; return; fi
	if [ "$(lines "$T/stderr")" != 1 ]; then fail "$name" "stderr is not one line: $(cat "$T/stderr")"; return; fi
	if ! grep -qF -- "$mention" "$T/stderr"; then fail "$name" "message does not name $mention: $(cat "$T/stderr")"; return; fi
	if [ -e "$T/out.pdf" ]; then fail "$name" "an output file was written"; return; fi
	if ls -A "$T" | grep -q '^\.threadpdf-'; then fail "$name" "temporary file left behind"; return; fi
	pass "$name"
}

"$TP_BIN" --help >"$T/help" 2>&1 && grep -q "page-size" "$T/help" && pass cli-help || fail cli-help "--help"

expect_error cli-missing-file 4 "$T/nope.json" "$T/nope.json"
printf 'this is not json' >"$T/bad.json"
expect_error cli-not-json 3 "bad.json" "$T/bad.json"
printf '{"data": [{"id": "1", "text": "x"' >"$T/trunc.json"
expect_error cli-truncated-json 3 "trunc.json" "$T/trunc.json"
printf '{"foo": 1}' >"$T/shape.json"
expect_error cli-wrong-shape 3 "shape.json" "$T/shape.json"
printf '{"data": [], "meta": {"result_count": 0}}' >"$T/empty.json"
expect_error cli-no-tweets 3 "empty.json" "$T/empty.json"
: >"$T/zero.json"
expect_error cli-empty-file 3 "zero.json" "$T/zero.json"
expect_error cli-bad-page-size 2 "--page-size" "$S" --page-size b7
expect_error cli-bad-font-size 2 "--font-size" "$S" --font-size 300
mkdir -p "$T/nofonts"
expect_error cli-missing-fonts 5 "$T/nofonts" "$S" --fonts "$T/nofonts"
mkdir -p "$T/badfonts" && cp "$TP_ROOT"/fonts/* "$T/badfonts/" 2>/dev/null
for f in "$T"/badfonts/*.ttf; do printf 'garbage' >"$f"; break; done
expect_error cli-broken-font 5 "$T/badfonts" "$S" --fonts "$T/badfonts"

# Writing into a directory that does not exist fails cleanly.
"$TP_BIN" "$S" -o "$T/no/such/dir/x.pdf" 2>"$T/stderr"
rc=$?
[ $rc -eq 4 ] && [ "$(lines "$T/stderr")" = 1 ] && pass cli-unwritable-output || fail cli-unwritable-output "exit $rc: $(cat "$T/stderr")"

# An error leaves an existing output file untouched.
printf 'keep me' >"$T/keep.pdf"
"$TP_BIN" "$T/bad.json" -o "$T/keep.pdf" 2>/dev/null
[ "$(cat "$T/keep.pdf")" = "keep me" ] && pass cli-error-keeps-old-output || fail cli-error-keeps-old-output "overwritten"

# -o - writes the PDF to stdout and nothing else.
"$TP_BIN" "$S" -o - >"$T/stdout.pdf" 2>"$T/stderr"
head -c 5 "$T/stdout.pdf" | grep -q '%PDF-' && tail -c 7 "$T/stdout.pdf" | grep -q '%%EOF' &&
	pass cli-stdout || fail cli-stdout "stdout is not a PDF: $(cat "$T/stderr")"

# Without -o the name comes from the author and the thread id.
mkdir -p "$T/cwd" && (cd "$T/cwd" && "$TP_BIN" "$S" 2>/dev/null)
n=$(ls "$T/cwd" | grep -c '\.pdf$')
[ "$n" = 1 ] && ls "$T/cwd" | grep -Eq '^[A-Za-z0-9_]+-[0-9]+\.pdf$' && pass cli-default-name ||
	fail cli-default-name "got: $(ls "$T/cwd")"

# stdin input.
"$TP_BIN" - -o "$T/stdin.pdf" <"$S" 2>"$T/stderr" && head -c 5 "$T/stdin.pdf" | grep -q '%PDF-' &&
	pass cli-stdin || fail cli-stdin "$(cat "$T/stderr")"

# A character no font covers: the PDF is still made, one warning names it,
# and the layout dump marks the .notdef glyph.
printf '{"data":[{"id":"5","conversation_id":"5","author_id":"1","text":"tofu \\udbff\\udffd here"}],"includes":{"users":[{"id":"1","name":"A","username":"a"}]}}' >"$T/tofu.json"
"$TP_BIN" "$T/tofu.json" -o "$T/tofu.pdf" 2>"$T/stderr"
rc=$?
[ $rc -eq 0 ] && [ "$(lines "$T/stderr")" = 1 ] && grep -q "no font on this machine has these characters" "$T/stderr" &&
	pass cli-missing-glyph-warns || fail cli-missing-glyph-warns "exit $rc: $(cat "$T/stderr")"
"$TP_BIN" "$T/tofu.json" --dump layout 2>/dev/null | grep -q notdef && pass cli-missing-glyph-dump ||
	fail cli-missing-glyph-dump "no notdef in the layout dump"

# A broken image: a warning naming it, a placeholder, the rest still renders.
cp -r "$TP_ROOT/samples/garden" "$T/garden"
printf 'not an image' >"$T/garden/media/tomatoes.jpg"
"$TP_BIN" "$T/garden/thread.json" -o "$T/garden.pdf" 2>"$T/stderr"
rc=$?
[ $rc -eq 0 ] && grep -q "tomatoes.jpg" "$T/stderr" && pdftotext "$T/garden.pdf" - 2>/dev/null | grep -q "Image unavailable" &&
	pass cli-broken-image || fail cli-broken-image "exit $rc: $(cat "$T/stderr")"
rm -f "$T/garden/media/beds.jpg"
"$TP_BIN" "$T/garden/thread.json" -o "$T/garden2.pdf" 2>"$T/stderr"
rc=$?
[ $rc -eq 0 ] && grep -q "beds.jpg" "$T/stderr" && pass cli-missing-image || fail cli-missing-image "exit $rc: $(cat "$T/stderr")"

# Input text in an error message cannot break the one-line contract.
printf '{"title":"Bad\\nthing \\u001b[31mred","detail":"x","status":401}' >"$T/problem.json"
expect_error cli-message-defanged 3 "problem.json" "$T/problem.json"
if grep -q "$(printf '\033')" "$T/stderr"; then fail cli-message-no-escape "terminal escape reached stderr"; else pass cli-message-no-escape; fi
# A missing file whose name looks a bit like a link is still a missing file.
expect_error cli-missing-file-status-name 4 "status_backup.json" "$T/status_backup.json"
# Unknown options and missing values: one line, exit 2.
expect_error cli-unknown-option 2 "--bogus" "$S" --bogus
# A dump that cannot be written fails.
if [ -w /dev/full ]; then
	"$TP_BIN" "$S" --dump thread >/dev/full 2>"$T/stderr"
	rc=$?
	[ $rc -eq 4 ] && pass cli-dump-write-error || fail cli-dump-write-error "exit $rc"
fi

# A JPEG cut short and a PNG whose pixel data is garbage: warnings and
# placeholders, and a PDF that poppler reads without complaint.
cp -r "$TP_ROOT/samples/garden" "$T/garden3"
head -c 20000 "$TP_ROOT/samples/garden/media/tomatoes.jpg" >"$T/garden3/media/tomatoes.jpg"
python3 - "$T/garden3/media/beds.jpg" <<'PY'
import struct, sys, zlib
def chunk(tag, data):
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
open(sys.argv[1], "wb").write(png + chunk(b"IDAT", b"not zlib at all") + chunk(b"IEND", b""))
PY
"$TP_BIN" "$T/garden3/thread.json" -o "$T/garden3.pdf" 2>"$T/stderr"
rc=$?
[ $rc -eq 0 ] && grep -q "tomatoes.jpg: damaged image" "$T/stderr" && pass cli-truncated-jpeg ||
	fail cli-truncated-jpeg "exit $rc: $(cat "$T/stderr")"
pdftoppm -r 20 -png "$T/garden3.pdf" "$T/g3" 2>"$T/poppler" && [ ! -s "$T/poppler" ] && pass cli-damaged-png-placeholder ||
	fail cli-damaged-png-placeholder "$(head -c 300 "$T/poppler")"

# Links from the input become clickable only for web and mail addresses.
cat >"$T/links.json" <<'JSON'
{"data":[{"id":"7","conversation_id":"7","author_id":"1","text":"bad https://t.co/a good https://t.co/b",
 "entities":{"urls":[{"start":4,"end":17,"url":"https://t.co/a","expanded_url":"javascript:alert(1)","display_url":"click.me"},
 {"start":23,"end":36,"url":"https://t.co/b","expanded_url":"https://example.org/fine","display_url":"example.org/fine"}]}}],
 "includes":{"users":[{"id":"1","name":"A","username":"a"}]}}
JSON
"$TP_BIN" "$T/links.json" -o "$T/links.pdf" 2>"$T/stderr" && qpdf --qdf --object-streams=disable "$T/links.pdf" "$T/links-qdf.pdf" 2>/dev/null
if grep -aq "example.org/fine" "$T/links-qdf.pdf" && ! grep -aqi "javascript" "$T/links-qdf.pdf"; then
	pass cli-link-schemes
else
	fail cli-link-schemes "javascript: link written, or the https link missing"
fi

# -vv explains where the time went, stage by stage; without it, nothing.
"$TP_BIN" "$S" -o "$T/vv.pdf" -vv 2>"$T/vv.err"
stages=$(grep -cE '^threadpdf: time: (start-up|input|media|fonts|layout|pdf: [a-z ]+|write|clean-up) [0-9.]+ ms cpu' "$T/vv.err")
"$TP_BIN" "$S" -o "$T/quiet.pdf" 2>"$T/quiet.err"
if [ "$stages" -ge 12 ] && ! grep -q 'time:' "$T/quiet.err"; then
	pass cli-vv-stage-times
else
	fail cli-vv-stage-times "$stages stage lines: $(head -c 300 "$T/vv.err")"
fi
