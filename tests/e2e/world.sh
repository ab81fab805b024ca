# End-to-end: the multilingual sample — every script and emoji kind
# round-trips through pdftotext, fonts are embedded, poppler stays quiet.
. "$TP_ROOT/tests/e2e/lib.sh"
[ -x "$TP_BIN" ] || { skip world "no binary at $TP_BIN"; exit 0; }
W=$TP_ROOT/samples/world
out=$TP_TMP/world.pdf
if ! "$TP_BIN" "$W/thread.json" -o "$out" 2>"$TP_TMP/err"; then
	fail world-render "$(cat "$TP_TMP/err")"; exit 0
fi
pass world-render
pdftotext -enc UTF-8 "$out" "$TP_TMP/world.txt" 2>"$TP_TMP/poppler.err"
[ ! -s "$TP_TMP/poppler.err" ] && pass world-poppler-quiet || fail world-poppler-quiet "$(head -c 300 "$TP_TMP/poppler.err")"
python3 "$TP_ROOT/tools/textcheck.py" world "$W/expected.txt" "$TP_TMP/world.txt" --rtl-runs
pdffonts "$out" >"$TP_TMP/fonts" 2>&1
notemb=$(awk 'NR>2 && $(NF-4)!="yes"' "$TP_TMP/fonts")
[ -z "$notemb" ] && pass world-fonts-embedded || fail world-fonts-embedded "$notemb"
n=$(awk 'NR>2' "$TP_TMP/fonts" | wc -l)
[ "$n" -ge 4 ] && pass world-fallback-fonts || fail world-fallback-fonts "only $n fonts: $(cat "$TP_TMP/fonts")"
# Colour emoji are images, each distinct emoji embedded once.
pdfimages -list "$out" >"$TP_TMP/imgs" 2>&1
nimg=$(awk 'NR>2 && $3=="image"' "$TP_TMP/imgs" | wc -l)
[ "$nimg" -ge 10 ] && pass world-emoji-images || fail world-emoji-images "$nimg images"
# No glyph of the layout is .notdef (glyph 0).
"$TP_BIN" "$W/thread.json" --dump layout >"$TP_TMP/dump" 2>/dev/null
if grep -q 'notdef' "$TP_TMP/dump"; then fail world-no-notdef "$(grep -m3 notdef "$TP_TMP/dump")"; else pass world-no-notdef; fi
[ -s "$TP_TMP/dump" ] && pass world-dump || fail world-dump "empty layout dump"

# A right-to-left thread: the page reads right to left, so every line
# extracts in logical order as a whole (digits and Latin included).
R=$TP_ROOT/samples/rtl
if "$TP_BIN" "$R/thread.json" -o "$TP_TMP/rtl.pdf" 2>"$TP_TMP/err"; then
	pdftotext -enc UTF-8 "$TP_TMP/rtl.pdf" "$TP_TMP/rtl.txt" 2>"$TP_TMP/poppler.err"
	[ ! -s "$TP_TMP/poppler.err" ] && pass rtl-poppler-quiet || fail rtl-poppler-quiet "$(head -c 300 "$TP_TMP/poppler.err")"
	python3 "$TP_ROOT/tools/textcheck.py" rtl "$R/expected.txt" "$TP_TMP/rtl.txt"
else
	fail rtl-render "$(cat "$TP_TMP/err")"
fi
