# End-to-end: the PDF the command line writes — valid, fonts embedded as
# subsets with a clean ToUnicode map, photos passed through and embedded
# once, metadata and outline present, links clickable, byte-for-byte
# reproducible, and small and fast enough on a generated 100-tweet thread.
. "$TP_ROOT/tests/e2e/lib.sh"
[ -x "$TP_BIN" ] || { skip pdf "no binary at $TP_BIN"; exit 0; }
for tool in qpdf pdftotext pdffonts pdfimages pdfinfo pdftoppm; do
	command -v $tool >/dev/null 2>&1 || { skip pdf "$tool missing"; exit 0; }
done
T=$TP_TMP
G=$TP_ROOT/samples/garden
[ -f "$G/thread.json" ] || { skip pdf "no samples/garden"; exit 0; }
out=$T/g.pdf

if ! "$TP_BIN" "$G/thread.json" -o "$out" 2>"$T/err"; then
	fail pdf-render "$(cat "$T/err")"; exit 0
fi
pass pdf-render
check pdf-qpdf-check qpdf --check "$out"

# Fonts: every one embedded, subset-tagged, with a ToUnicode map.
pdffonts "$out" >"$T/fonts" 2>&1
bad=$(awk 'NR>2 && ($(NF-4)!="yes" || $(NF-3)!="yes" || $(NF-2)!="yes")' "$T/fonts")
[ -z "$bad" ] && [ "$(lines "$T/fonts")" -gt 2 ] && pass pdf-fonts-subset-embedded || fail pdf-fonts-subset-embedded "$bad"

# Text: poppler silent (no invalid ToUnicode), every tweet's opening words there.
pdftotext -enc UTF-8 "$out" "$T/g.txt" 2>"$T/poppler.err"
[ ! -s "$T/poppler.err" ] && pass pdf-poppler-quiet || fail pdf-poppler-quiet "$(head -c 300 "$T/poppler.err")"
python3 - "$G/thread.json" "$T/g.txt" >"$T/words" <<'EOF'
import json, sys, html, unicodedata
d = json.load(open(sys.argv[1]))
got = "".join(unicodedata.normalize("NFC", open(sys.argv[2]).read()).split())
for t in d.get("data", []):
    words = [w for w in html.unescape(t["text"]).split() if not w.startswith("https://t.co/")][:6]
    want = "".join(unicodedata.normalize("NFC", " ".join(words)).split())
    print(("ok " if want in got else "missing ") + want)
EOF
grep -q '^missing' "$T/words" && fail pdf-text-every-tweet "$(grep -m2 '^missing' "$T/words")" || pass pdf-text-every-tweet

# Images: JPEG photos passed through (DCT, not re-encoded), the PNG with a
# soft mask, every image embedded once however often it is drawn.
pdfimages -list "$out" >"$T/imgs" 2>&1
njpeg=$(awk 'NR>2 && $9=="jpeg"' "$T/imgs" | wc -l)
[ "$njpeg" -ge 3 ] && pass pdf-jpeg-passthrough || fail pdf-jpeg-passthrough "$njpeg JPEGs: $(cat "$T/imgs")"
nmask=$(awk 'NR>2 && $3=="smask" && $9=="image"' "$T/imgs" | wc -l)
[ "$nmask" -ge 1 ] && pass pdf-png-smask || fail pdf-png-smask "no soft mask: $(cat "$T/imgs")"
dups=$(awk 'NR>2 && $3!="smask" {print $11}' "$T/imgs" | sort | uniq -d | wc -l)
# The author's avatar appears on every tweet but is one object.
[ "$dups" -ge 1 ] && pass pdf-avatar-embedded-once || fail pdf-avatar-embedded-once "no image drawn twice: $(cat "$T/imgs")"
mbytes=$(cat "$G"/media/* | wc -c)
sz=$(wc -c <"$out")
[ "$sz" -le $((mbytes + 61440)) ] && pass pdf-size-over-media ||
	fail pdf-size-over-media "$sz bytes for $mbytes bytes of media"

# Metadata, outline, links.
pdfinfo "$out" >"$T/info" 2>&1
grep -q '^Title: .*[^ ]' "$T/info" && grep -q '^Author: .*@' "$T/info" && grep -q '^Creator: *threadpdf$' "$T/info" &&
	pass pdf-info || fail pdf-info "$(cat "$T/info")"
qpdf --json --json-key=outlines "$out" >"$T/outl" 2>&1
n=$(grep -c '"title"' "$T/outl")
[ "$n" -ge 2 ] && pass pdf-outline "$n entries" || fail pdf-outline "$n entries"
pdfinfo -url "$out" >"$T/urls" 2>&1
grep -q 'https://' "$T/urls" && pass pdf-links || fail pdf-links "$(cat "$T/urls")"

# Same input, same bytes.
"$TP_BIN" "$G/thread.json" -o "$T/g2.pdf" 2>/dev/null
cmp -s "$out" "$T/g2.pdf" && pass pdf-reproducible || fail pdf-reproducible "two renders differ"

# Every page renders.
pdftoppm -r 30 -png "$out" "$T/page" 2>"$T/ppm.err" && [ ! -s "$T/ppm.err" ] && pass pdf-pages-render ||
	fail pdf-pages-render "$(head -c 300 "$T/ppm.err")"

# The benchmark's corpus (tools/gen_corpus.py: 100 tweets, 20 JPEG photos
# 1200 px wide, emoji): lean and within the memory target. Its speed is
# measured by make bench, not here.
if ! command -v cjpeg >/dev/null 2>&1; then
	skip pdf-bench "cjpeg (libjpeg-turbo-progs) is missing"
	exit 0
fi
GEN="$TP_ROOT/tools/gen_corpus.py"
python3 "$GEN" "$T/b100" 100 20 >/dev/null 2>&1 && python3 "$GEN" "$T/b20" 20 0 >/dev/null 2>&1 ||
	{ fail pdf-bench "generator failed"; exit 0; }
/usr/bin/time -f '%M' -o "$T/rss" "$TP_BIN" "$T/b100/thread.json" -o "$T/b100.pdf" 2>"$T/err" ||
	{ fail pdf-bench "$(cat "$T/err")"; exit 0; }
case "$TP_BUILD" in
*san*) skip pdf-bench-rss "sanitizer build" ;;
*) rss=$(tail -n 1 "$T/rss"); [ "$rss" -le 40960 ] && pass pdf-bench-rss "${rss} KB" || fail pdf-bench-rss "${rss} KB > 40 MiB" ;;
esac
# At most the images' bytes (photos and avatar, embedded as they are) + 60 KB.
over=$(($(wc -c <"$T/b100.pdf") - $(cat "$T/b100"/media/* | wc -c)))
[ "$over" -le 61440 ] && pass pdf-bench-size "$over bytes over the images" ||
	fail pdf-bench-size "$over bytes over the images > 61440"
# A 20-tweet text-only thread (with its avatar) under 60 KB in all.
"$TP_BIN" "$T/b20/thread.json" -o "$T/b20.pdf" 2>/dev/null
n=$(wc -c <"$T/b20.pdf")
[ "$n" -le 61440 ] && pass pdf-bench20-size "$n bytes" || fail pdf-bench20-size "$n bytes > 61440"
qpdf --check "$T/b100.pdf" >/dev/null 2>&1 && pass pdf-bench-valid || fail pdf-bench-valid "qpdf --check"
# Small objects packed into a compressed object stream with an xref stream
# (PDF 1.5), and every reader still finds everything in it.
head -c 8 "$T/b100.pdf" | grep -q '^%PDF-1.5' && grep -aq '/Type/ObjStm' "$T/b100.pdf" &&
	grep -aq '/Type/XRef' "$T/b100.pdf" && pass pdf-objstm-packed || fail pdf-objstm-packed "$(head -c 8 "$T/b100.pdf")"
pdfinfo "$T/b100.pdf" >"$T/b100.info" 2>"$T/b100.ierr" && grep -q '^Pages: *[1-9]' "$T/b100.info" &&
	grep -q '^Title: .*[^ ]' "$T/b100.info" && [ ! -s "$T/b100.ierr" ] && pass pdf-objstm-pdfinfo ||
	fail pdf-objstm-pdfinfo "$(head -c 300 "$T/b100.ierr")"
pdftotext "$T/b100.pdf" "$T/b100.txt" 2>"$T/b100.err" && [ ! -s "$T/b100.err" ] && [ "$(wc -c <"$T/b100.txt")" -gt 10000 ] &&
	pass pdf-objstm-text || fail pdf-objstm-text "$(head -c 300 "$T/b100.err")"
pdfimages -list "$T/b100.pdf" >"$T/b100.imgs" 2>&1 && [ "$(awk 'NR>2 && $9=="jpeg"' "$T/b100.imgs" | wc -l)" -ge 20 ] &&
	pass pdf-objstm-images || fail pdf-objstm-images "$(head -c 300 "$T/b100.imgs")"

# A CMYK JPEG written by Adobe-style software (stored inverted, APP14
# "Adobe" marker; tests/fixtures/cmyk-red.jpg, made with ImageMagick's
# `convert -size 48x32 xc:'#E02020' -colorspace CMYK`) passes through as
# DCT with the /Decode that undoes the inversion: red on the page, not cyan.
mkdir -p "$T/cmyk"
cp "$TP_ROOT/tests/fixtures/cmyk-red.jpg" "$T/cmyk/red.jpg"
cat >"$T/cmyk/thread.json" <<'JSON'
{"data":[{"id":"5","conversation_id":"5","author_id":"1","text":"A red card","attachments":{"media_keys":["3_5"]}}],
 "includes":{"users":[{"id":"1","name":"A","username":"a"}],"media":[{"media_key":"3_5","type":"photo","url":"red.jpg","width":48,"height":32}]}}
JSON
if "$TP_BIN" "$T/cmyk/thread.json" -o "$T/cmyk.pdf" 2>"$T/cmyk.err" &&
	pdfimages -list "$T/cmyk.pdf" | awk 'NR>2 && $6=="cmyk" && $9=="jpeg"' | grep -q . &&
	pdftoppm -r 30 -singlefile "$T/cmyk.pdf" "$T/cmyk-page"; then
	python3 - "$T/cmyk-page.ppm" >"$T/cmyk.px" <<'PY'
import re, sys
d = open(sys.argv[1], "rb").read()
px = d[re.match(rb"P6\s+\d+\s+\d+\s+\d+\s", d).end():]
red = cyan = 0
for i in range(0, len(px) - 2, 3):
    r, g, b = px[i], px[i + 1], px[i + 2]
    red += r > 180 and g < 100 and b < 100
    cyan += r < 100 and g > 150 and b > 150
print(red, cyan)
PY
	read red cyan <"$T/cmyk.px"
	[ "$red" -gt 100 ] && [ "$cyan" -eq 0 ] && pass pdf-cmyk-jpeg-colours ||
		fail pdf-cmyk-jpeg-colours "red pixels $red, cyan pixels $cyan"
else
	fail pdf-cmyk-jpeg-colours "$(head -c 300 "$T/cmyk.err")"
fi
