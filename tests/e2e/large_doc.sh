# End-to-end: a document of more than 65,536 small objects (33,000 tweets:
# a bookmark and a link each). The cross-reference stream must index the
# object stream's members past 65,535: poppler (Evince, Okular) looks a
# member up by that index, and a wrapped one read as null, so the links
# and bookmarks of the last pages vanished.
. "$TP_ROOT/tests/e2e/lib.sh"
[ -x "$TP_BIN" ] || { skip large-doc "no binary at $TP_BIN"; exit 0; }
T=$TP_TMP
n=33000
# thread FILE N: a thread of N short tweets.
thread() {
python3 - "$1" "$2" <<'PY'
import json, sys
path, n = sys.argv[1], int(sys.argv[2])
base = 1800000000000000000
data = []
for i in range(n):
    t = {"id": str(base + i), "conversation_id": str(base), "author_id": "1",
         "created_at": "2024-01-01T00:00:00.000Z", "text": "Tweet %d of the long one." % (i + 1)}
    if i:
        t["referenced_tweets"] = [{"type": "replied_to", "id": str(base + i - 1)}]
        t["in_reply_to_user_id"] = "1"
    data.append(t)
json.dump({"data": data, "includes": {"users": [{"id": "1", "name": "Long", "username": "long"}]}},
          open(path, "w"))
PY
}
thread "$T/many.json" $n
if ! "$TP_BIN" "$T/many.json" -o "$T/many.pdf" 2>"$T/err"; then
	fail large-doc-render "$(head -n 1 "$T/err")"
	exit 0
fi
pages=$(pdfinfo "$T/many.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
last=$((1800000000000000000 + n - 1))
# The last tweet's number links to it: poppler must see that annotation.
pdfinfo -url -f "$pages" -l "$pages" "$T/many.pdf" 2>/dev/null | grep -q "status/$last\$" &&
	pass large-doc-last-link "page $pages" ||
	fail large-doc-last-link "poppler does not see the last tweet's link on page $pages"
# poppler reads every link annotation: one a tweet and one a page footer.
links=$(pdfinfo -url "$T/many.pdf" 2>/dev/null | grep -c 'Annotation')
[ "$links" -ge $((n + pages)) ] && pass large-doc-all-links "$links" ||
	fail large-doc-all-links "poppler sees $links link annotations, want at least $((n + pages))"
# And every bookmark, the last one included.
pdftohtml -xml -i -stdout -q -f 1 -l 1 "$T/many.pdf" 2>/dev/null | grep '<item' >"$T/marks"
marks=$(lines "$T/marks")
[ "$marks" = $n ] && tail -n 1 "$T/marks" | grep -q ">$n\. Tweet $n of the long one" &&
	pass large-doc-bookmarks "$marks" || fail large-doc-bookmarks "poppler sees $marks bookmarks of $n"
out=$(qpdf --check "$T/many.pdf" 2>&1) && pass large-doc-qpdf || fail large-doc-qpdf "$(echo "$out" | head -n 2)"
# Tagged, 17,000 tweets: more ParentTree keys (a page or a link each)
# than one libharu array holds, so the tree is split into leaves (it was
# written untagged); poppler reads every tweet's section.
thread "$T/tagged.json" 17000
"$TP_BIN" "$T/tagged.json" --tagged -o "$T/tagged.pdf" 2>"$T/err" || fail large-doc-tagged-render "$(head -n 1 "$T/err")"
pdfinfo "$T/tagged.pdf" 2>/dev/null | grep -q '^Tagged: *yes' && ! grep -q untagged "$T/err" &&
	pass large-doc-tagged || fail large-doc-tagged "17,000 tweets written untagged: $(head -n 1 "$T/err")"
pdfinfo -struct-text "$T/tagged.pdf" >"$T/struct" 2>"$T/serr"
secs=$(grep -c '^  Sect "Tweet [0-9]* of 17000"' "$T/struct")
[ "$secs" = 17000 ] && [ ! -s "$T/serr" ] && pass large-doc-tagged-sections "$secs" ||
	fail large-doc-tagged-sections "$secs tweet sections of 17000; $(head -n 1 "$T/serr")"
out=$(qpdf --check "$T/tagged.pdf" 2>&1) && pass large-doc-tagged-qpdf || fail large-doc-tagged-qpdf "$(echo "$out" | head -n 2)"
