# End-to-end: what PDF readers get from samples/world and samples/rtl —
# poppler (Evince, Okular), mupdf (SumatraPDF, zathura), pdf.js (Firefox),
# PDFium (Chrome, Edge) — and the tagged structure (pdfinfo, qpdf).
# A reader that cannot be installed makes its checks SKIP with the reason.
. "$TP_ROOT/tests/e2e/lib.sh"
[ -x "$TP_BIN" ] || { skip readers "no binary at $TP_BIN"; exit 0; }
X="sh $TP_ROOT/tests/readers/extract.sh"
# The lines a reader gets wrong whatever the PDF says (measured with the
# pinned versions of tests/readers/extract.sh): SKIP with the reason while
# wrong, FAIL once right. Every other line of every reader must be whole.
cat >"$TP_TMP/known" <<'EOF'
world-mupdf-line5 mupdf 1.21 prints right-to-left text in content order, PDFium reverses it: glyphs in logical order make PDFium's lines 5 and 6 and all four rtl lines wrong (measured), glyphs in visual order mupdf's
world-mupdf-line6 mupdf 1.21 prints right-to-left text in visual order (see line 5)
world-mupdf-line11 mupdf 1.21 splits a code standing for more than one surrogate pair (or a joiner and one) into raw UTF-16 units, and pdf.js 4.10 drops a code whose text ends in a format character (a joiner alone or last): no split of the family emoji suits both (measured)
world-pdfium-line5 PDFium puts the fathatan of alef before a comma after it (صباحاً، comes out صباحا،ً) on a left-to-right page
world-pdfium-line6 PDFium reverses the UTF-16 units of characters beyond U+FFFF in a right-to-left run: the family emoji ending the Hebrew line comes out as U+FFFD
rtl-mupdf-line1 mupdf 1.21 prints right-to-left text in visual order (see world line 5)
rtl-mupdf-line2 mupdf 1.21 prints right-to-left text in visual order
rtl-mupdf-line3 mupdf 1.21 prints right-to-left text in visual order
rtl-mupdf-line4 mupdf 1.21 prints right-to-left text in visual order
rtl-pdfjs-line4 pdf.js 4.10 keeps the emoji ending a right-to-left line in stored order and PDFium reverses it: ☕️ comes out with its variation selector first
EOF
for s in world rtl; do
	"$TP_BIN" "$TP_ROOT/samples/$s/thread.json" --tagged -o "$TP_TMP/$s.pdf" 2>"$TP_TMP/err" ||
		{ fail readers-$s-render "$(cat "$TP_TMP/err")"; continue; }
	for e in poppler mupdf pdfjs pdfium; do
		if ! $X $e "$TP_TMP/$s.pdf" >"$TP_TMP/$s.$e.txt" 2>"$TP_TMP/why"; then
			skip readers-$s-$e "$(head -n 1 "$TP_TMP/why")"; continue
		fi
		# poppler's one reading direction per page (README): by words on a mixed page.
		fl=; [ $e = poppler ] && [ $s = world ] && fl=--rtl-runs
		python3 "$TP_ROOT/tools/textcheck.py" $s-$e "$TP_ROOT/samples/$s/expected.txt" "$TP_TMP/$s.$e.txt" $fl \
			--known "$TP_TMP/known"
	done
	pdfinfo "$TP_TMP/$s.pdf" 2>/dev/null | grep -q '^Tagged: *yes' && pass readers-$s-tagged ||
		fail readers-$s-tagged "pdfinfo does not say Tagged: yes"
	out=$(qpdf --check "$TP_TMP/$s.pdf" 2>&1) && pass readers-$s-qpdf || fail readers-$s-qpdf "$(echo "$out" | head -n 2)"
	# Without --tagged: no structure tree, and the same text in each reader.
	"$TP_BIN" "$TP_ROOT/samples/$s/thread.json" -o "$TP_TMP/$s-plain.pdf" 2>/dev/null
	pdfinfo "$TP_TMP/$s-plain.pdf" 2>/dev/null | grep -q '^Tagged: *no' && pass readers-$s-plain-untagged ||
		fail readers-$s-plain-untagged "pdfinfo does not say Tagged: no"
	for e in poppler mupdf pdfjs pdfium; do
		[ -f "$TP_TMP/$s.$e.txt" ] || continue
		$X $e "$TP_TMP/$s-plain.pdf" >"$TP_TMP/$s-plain.$e.txt" 2>/dev/null &&
			cmp -s "$TP_TMP/$s.$e.txt" "$TP_TMP/$s-plain.$e.txt" && pass readers-$s-plain-$e-same-text ||
			fail readers-$s-plain-$e-same-text "$(diff "$TP_TMP/$s.$e.txt" "$TP_TMP/$s-plain.$e.txt" | head -n 3)"
	done
done
# The structure: a section per tweet, in order, with its text.
pdfinfo -struct-text "$TP_TMP/world.pdf" >"$TP_TMP/struct" 2>/dev/null
n=$(grep -c '^  Sect "Tweet [0-9]* of 11"' "$TP_TMP/struct")
[ "$n" = 11 ] && pass readers-struct-sections || fail readers-struct-sections "$n tweet sections of 11"
order=$(grep -o '"Tweet [0-9]*' "$TP_TMP/struct" | tr -dc '0-9\n' | tr '\n' ' ')
[ "$order" = "1 2 3 4 5 6 7 8 9 10 11 " ] && pass readers-struct-order || fail readers-struct-order "$order"
grep -q 'Flags 🇩🇪' "$TP_TMP/struct" && pass readers-struct-text || fail readers-struct-text "tweet 11's text is not in its paragraph"
# Every link annotation is in the structure tree; every image has /Alt.
qpdf --qdf --object-streams=disable "$TP_TMP/world.pdf" "$TP_TMP/q.pdf" 2>/dev/null
links=$(grep -a -c '/Subtype /Link' "$TP_TMP/q.pdf"); objr=$(grep -a -c '/Type /OBJR' "$TP_TMP/q.pdf")
[ "$links" -gt 0 ] && [ "$links" = "$objr" ] && pass readers-links-tagged "$links links" ||
	fail readers-links-tagged "$links link annotations, $objr in the structure tree"
figs=$(grep -a -c '/S /Figure' "$TP_TMP/q.pdf"); alts=$(grep -a -A8 '/S /Figure' "$TP_TMP/q.pdf" | grep -a -c '/Alt')
[ "$figs" = "$alts" ] && pass readers-figures-alt "$figs figures" || fail readers-figures-alt "$figs figures, $alts with /Alt"
grep -a -q '/MarkInfo' "$TP_TMP/q.pdf" && grep -a -q '/DisplayDocTitle true' "$TP_TMP/q.pdf" &&
	pass readers-catalog || fail readers-catalog "no /MarkInfo or /DisplayDocTitle"
# Marks off their letter's baseline (alef's fathatan, Thai tone marks) are
# drawn as outlines (Form XObjects), not as text of their own.
forms=$(grep -a -c '/Subtype /Form' "$TP_TMP/q.pdf")
[ "$forms" -ge 2 ] && pass readers-marks-outlined "$forms glyph outlines" ||
	fail readers-marks-outlined "$forms Form XObjects for raised marks, expected at least 2 (fathatan, Thai tone mark)"
# A collection of both samples: every line of each, in every reader, as
# alone (the same known-wrong lines, named coll-world-…, coll-rtl-…).
sed 's/^world-/coll-world-/; s/^rtl-/coll-rtl-/' "$TP_TMP/known" >"$TP_TMP/known-coll"
if "$TP_BIN" --collection "$TP_ROOT/samples/world/thread.json" "$TP_ROOT/samples/rtl/thread.json" --tagged \
	-o "$TP_TMP/coll.pdf" 2>"$TP_TMP/err"; then
	for e in poppler mupdf pdfjs pdfium; do
		$X $e "$TP_TMP/coll.pdf" >"$TP_TMP/coll.$e.txt" 2>"$TP_TMP/why" ||
			{ skip readers-coll-$e "$(head -n 1 "$TP_TMP/why")"; continue; }
		for s in world rtl; do
			fl=; [ $e = poppler ] && [ $s = world ] && fl=--rtl-runs
			python3 "$TP_ROOT/tools/textcheck.py" coll-$s-$e "$TP_ROOT/samples/$s/expected.txt" \
				"$TP_TMP/coll.$e.txt" $fl --known "$TP_TMP/known-coll"
		done
	done
else
	fail readers-coll-render "$(cat "$TP_TMP/err")"
fi
# The config key: tagged = yes gives a tagged PDF.
printf 'tagged = yes\n' >"$TP_TMP/tagged.conf"
"$TP_BIN" "$TP_ROOT/samples/short/thread.json" --config "$TP_TMP/tagged.conf" -o "$TP_TMP/conf.pdf" 2>/dev/null
pdfinfo "$TP_TMP/conf.pdf" 2>/dev/null | grep -q '^Tagged: *yes' && pass readers-config-tagged ||
	fail readers-config-tagged "tagged = yes in the config file gives an untagged PDF"
# A tagged collection: every link annotation, the contents'
# links to chapters included, is in the structure tree; one section per
# thread, each holding its tweets' sections.
s=$TP_ROOT/samples
"$TP_BIN" "$s/garden/thread.json" "$s/short/thread.json" "$s/world/thread.json" --collection --tagged \
	-o "$TP_TMP/book.pdf" 2>/dev/null
qpdf --qdf --object-streams=disable "$TP_TMP/book.pdf" "$TP_TMP/bq.pdf" 2>/dev/null
links=$(grep -a -c '/Subtype /Link' "$TP_TMP/bq.pdf"); objr=$(grep -a -c '/Type /OBJR' "$TP_TMP/bq.pdf")
dests=$(python3 -c 'import sys; print(sum(1 for o in open(sys.argv[1], "rb").read().split(b"endobj")
	if b"/Subtype /Link" in o and b"/Dest" in o))' "$TP_TMP/bq.pdf")
[ "$dests" -ge 3 ] && [ "$links" = "$objr" ] && pass readers-collection-links-tagged "$links links, $dests to chapters" ||
	fail readers-collection-links-tagged "$links link annotations ($dests to chapters), $objr in the structure tree"
out=$(qpdf --check "$TP_TMP/book.pdf" 2>&1) && pass readers-collection-qpdf ||
	fail readers-collection-qpdf "$(echo "$out" | head -n 2)"
pdfinfo -struct-text "$TP_TMP/book.pdf" >"$TP_TMP/bstruct" 2>/dev/null
n=$(grep -a -c '^  Sect ' "$TP_TMP/bstruct"); tw=$(grep -a -c '^    Sect "Tweet [0-9]* of ' "$TP_TMP/bstruct")
[ "$n" = 3 ] && [ "$tw" = $((8 + 3 + 11)) ] && pass readers-collection-sections "$n threads, $tw tweets" ||
	fail readers-collection-sections "$n thread sections of 3, $tw tweet sections in them of 22"
# Its contents page: a /TOC with one /TOCI per thread, each with the
# entry's text and its link to the chapter.
toc=$(grep -a -c '^  TOC$' "$TP_TMP/bstruct"); items=$(grep -a -c '^    TOCI$' "$TP_TMP/bstruct")
ilinks=$(awk '/^    TOCI$/ { i = 1; next } /^    [^ ]/ { i = 0 } i && /^      Link/ { n++ } END { print n + 0 }' "$TP_TMP/bstruct")
[ "$toc" = 1 ] && [ "$items" = 3 ] && [ "$ilinks" = 3 ] && grep -a -A2 '^    TOCI$' "$TP_TMP/bstruct" | grep -q 'Three small things' &&
	pass readers-collection-toc "1 TOC, $items entries" ||
	fail readers-collection-toc "$toc TOC, $items TOCI of 3, $ilinks with their link, or the entries' text missing"
# A cluster of a hundred marks: its code's ToUnicode text must stay short
# enough for poppler (it drops a string of over 255 characters, and the
# letter's text with it).
python3 -c 'import json, sys; json.dump({"data": [{"id": "1800000000000000001", "conversation_id": "1800000000000000001",
	"author_id": "1", "created_at": "2024-01-01T00:00:00.000Z", "text": "Marks: a" + "\u0301" * 100 + " end"}],
	"includes": {"users": [{"id": "1", "name": "M", "username": "m"}]}}, open(sys.argv[1], "w"))' "$TP_TMP/marks.json"
"$TP_BIN" "$TP_TMP/marks.json" -o "$TP_TMP/marks.pdf" 2>/dev/null
pdftotext -enc UTF-8 "$TP_TMP/marks.pdf" - 2>"$TP_TMP/perr" | grep -q "Marks: a$(printf '\314\201')" && [ ! -s "$TP_TMP/perr" ] &&
	pass readers-long-cluster || fail readers-long-cluster "poppler: $(head -n 1 "$TP_TMP/perr"), or the letter's text lost"
