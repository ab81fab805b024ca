#!/bin/sh
# --collection: every thread of the inputs as one book. The contents' page
# numbers and links are read back from the PDF and compared with the pages
# where the chapters really start (the pages whose text has a chapter
# header, "N tweets · M min read"); the outline's shape, the page labels,
# the cover's text, the order, the same bytes twice, the usage errors, and
# a golden layout dump of a small collection (make golden rewrites it).
. "$TP_ROOT/tests/e2e/lib.sh"
bin=$TP_BIN
fx=$TP_ROOT/tests/fixtures/archive
s=$TP_ROOT/samples
t=$TP_TMP

# Facts of a book, one per line, from qpdf's JSON and pdftotext:
#   front N | chapters P1 P2 ... (1-based pages with a chapter header)
#   contents P1 ... (the numbers the contents print, + front)
#   links P1 ... (the pages the contents' links lead to)
#   outline TITLE:CHILDREN:COUNT ... | labels ...
facts() {
	qpdf --json "$1" >"$t/q.json" || return 1
	python3 - "$1" "$t/q.json" <<'EOF'
import json, re, subprocess, sys
pdf, js = sys.argv[1], json.load(open(sys.argv[2]))
objs = js["qpdf"][1]
val = lambda r: objs[("obj:" + r) if not r.startswith("obj:") else r]["value"]
cat = next(v["value"] for v in objs.values() if isinstance(v.get("value"), dict) and v["value"].get("/Type") == "/Catalog")
def kids(r):
    n = val(r)
    return [r] if n.get("/Type") == "/Page" else [p for k in n["/Kids"] for p in kids(k)]
pages = kids(cat["/Pages"])
index = {p: i + 1 for i, p in enumerate(pages)}
nums = cat["/PageLabels"]["/Nums"]
front = nums[2]
print("labels", " ".join(str(x) if isinstance(x, int) else x["/S"] for x in nums))
print("front", front)
text = [subprocess.run(["pdftotext", "-layout", "-f", str(i), "-l", str(i), pdf, "-"], capture_output=True,
                       text=True).stdout for i in range(1, len(pages) + 1)]
print("chapters", " ".join(str(i + 1) for i, x in enumerate(text) if re.search(r"tweets? · \d+ min read", x)))
cont = []
for i in range(1, front):
    for line in text[i].splitlines():
        m = re.search(r"\. (\d+)$", line.strip()) or re.search(r"^(?!.*·).*\S\s{2,}(\d+)$", line.strip())
        if m:
            cont.append(int(m.group(1)) + front)
print("contents", " ".join(map(str, cont)))
links = []
for i in range(1, front):
    for a in val(pages[i]).get("/Annots", []):
        a = val(a) if isinstance(a, str) else a
        if "/Dest" in a:
            links.append(index[a["/Dest"][0]])
print("links", " ".join(map(str, links)))
out = []
o = val(val(cat["/Outlines"])["/First"])
while True:
    n, c = 0, o.get("/First")
    while c:
        n += 1
        c = val(c).get("/Next")
    t = re.sub("^u:", "", o["/Title"]).replace(" ", "_")[:12]
    out.append("%s:%d:%d:%d" % (t, n, o.get("/Count", 0), index[o["/Dest"][0]]))
    if "/Next" not in o:
        break
    o = val(o["/Next"])
print("outline", " ".join(out))
print("cover", " ".join(text[0].split()))
EOF
}

# The book of the fixture archive and the samples, and its facts.
"$bin" "$fx/modern.zip" "$s/garden/thread.json" "$s/short/thread.json" "$s/world/thread.json" \
	--collection -o "$t/book.pdf" --title "A test book" 2>"$t/err"
check collection-writes-book [ $? -eq 0 -a -s "$t/book.pdf" ]
check collection-qpdf-check qpdf --check "$t/book.pdf"
facts "$t/book.pdf" >"$t/facts" 2>"$t/facts.err" || fail collection-facts "$(cat "$t/facts.err")"
get() { sed -n "s/^$1 //p" "$t/facts"; }
ch=$(get chapters)
check collection-four-chapters [ "$(echo "$ch" | wc -w)" -eq 4 ]
check collection-contents-numbers-are-chapter-pages [ "$(get contents)" = "$ch" ]
check collection-contents-links-lead-to-chapters [ "$(get links)" = "$ch" ]
check collection-page-labels [ "$(get labels)" = "0 /r $(get front) /D" ]
# outline: Contents, then one closed entry per thread with its tweets below, at its first page
ol=$(get outline)
check collection-outline-entries [ "$(echo "$ol" | wc -w)" -eq 5 ]
check collection-outline-contents-first sh -c "echo '$ol' | grep -q '^Contents:0:0:2 '"
check collection-outline-chapter-pages [ "$(echo "$ol" | tr ' ' '\n' | tail -n +2 | cut -d: -f4 | tr '\n' ' ' | sed 's/ $//')" = "$ch" ]
check collection-outline-tweets-nested-closed sh -c "echo '$ol' | tr ' ' '\n' | tail -n +2 | awk -F: '\$2 < 1 || \$3 != -\$2 { bad = 1 } END { exit bad }'"
check collection-outline-garden-8-tweets sh -c "echo '$ol' | grep -q 'I_turned_a_4:8:-8:'"
cover=$(get cover)
check collection-cover-title sh -c "echo '$cover' | grep -q 'A test book'"
check collection-cover-counts sh -c "echo '$cover' | grep -q '4 threads · 26 tweets'"
check collection-cover-dates sh -c "echo '$cover' | grep -q '5 November 2022 – 10 September 2024'"
check collection-info-title sh -c "pdfinfo '$t/book.pdf' | grep -q '^Title: *A test book'"
check collection-info-subject sh -c "pdfinfo '$t/book.pdf' | grep -q '^Subject: *4 threads'"
# footers: the book's page number and the thread's title
n=$(pdfinfo "$t/book.pdf" | sed -n 's/^Pages: *//p')
body=$((n - $(get front)))
check collection-footer-numbers sh -c "pdftotext -f $n -l $n '$t/book.pdf' - | grep -Eq '^$body ?/ ?$body\$'"
# a chapter's text is the single thread's (footers aside)
"$bin" "$s/garden/thread.json" -o "$t/one.pdf" 2>/dev/null
g=$(echo "$ch" | cut -d' ' -f3)
nofoot() { grep -Ev '^[0-9]+ ?/ ?[0-9]+$|^x\.com/junomarsh/status/|^I turned a 4×6 m patch of lawn into a vegetable garden this spring\.…$'; }
pdftotext -f 1 -l 1 "$t/one.pdf" - | nofoot >"$t/one.txt"
pdftotext -f "$g" -l "$g" "$t/book.pdf" - | nofoot >"$t/ch.txt"
check collection-chapter-text-as-single cmp -s "$t/ch.txt" "$t/one.txt"

# the same bytes on every run; --order newest reverses the chapters
"$bin" "$fx/modern.zip" "$s/garden/thread.json" "$s/short/thread.json" "$s/world/thread.json" \
	--collection -o "$t/again.pdf" --title "A test book" 2>/dev/null
check collection-same-bytes cmp -s "$t/book.pdf" "$t/again.pdf"
"$bin" "$s/garden/thread.json" "$s/short/thread.json" --collection --order newest -o "$t/new.pdf" 2>/dev/null
check collection-order-newest sh -c "pdftotext -f 2 -l 2 '$t/new.pdf' - | grep -n . | grep -E 'Three small|I turned' | head -1 | grep -q 'Three small'"
check collection-default-title sh -c "pdfinfo '$t/new.pdf' | grep -q '^Title: *Threads by 2 authors'"
"$bin" "$fx/modern.zip" --collection -o "$t/one-author.pdf" 2>/dev/null
check collection-one-author-title sh -c "pdfinfo '$t/one-author.pdf' | grep -q '^Author: .*(@archowner)'"

# usage errors: nothing written
"$bin" "$s/garden/thread.json" --collection 2>"$t/e1"
check collection-needs-output [ $? -eq 2 ]
mkdir -p "$t/dir"
"$bin" "$s/garden/thread.json" --collection -o "$t/dir/" 2>/dev/null
check collection-output-not-dir [ $? -eq 2 ]
cp "$s/short/thread.json" "$t/in.json"
"$bin" "$t/in.json" --collection -o "$t/in.json" 2>/dev/null
check collection-refuses-input-as-output [ $? -ne 0 ] && cmp -s "$s/short/thread.json" "$t/in.json"
"$bin" "$s/garden/thread.json" --collection --order sideways -o "$t/x.pdf" 2>/dev/null
check collection-bad-order [ $? -eq 2 -a ! -e "$t/x.pdf" ]
"$bin" "$t/nothing.json" --collection -o "$t/y.pdf" 2>/dev/null
check collection-no-thread-fails [ $? -ne 0 -a ! -e "$t/y.pdf" ]

# golden layout dump of a small collection
g=$TP_ROOT/tests/golden/book/samples.txt
"$bin" "$s/garden/thread.json" "$s/short/thread.json" --collection --dump layout --title "Golden" >"$t/book.txt" 2>/dev/null
if [ -n "$TP_GOLDEN_UPDATE" ]; then
	mkdir -p "$(dirname "$g")"
	cp "$t/book.txt" "$g"
fi
check collection-layout-golden cmp -s "$t/book.txt" "$g"
