#!/bin/sh
# Batch export: an archive (zip and folder) into a directory, the manifest,
# resume, --force, names, -j byte-identity, many inputs, bad inputs,
# interruption.
. "$TP_ROOT/tests/e2e/lib.sh"
bin=$TP_BIN
fx=$TP_ROOT/tests/fixtures/archive
t=$TP_TMP

# Number of manifest lines whose status is $2.
status_count() { grep -c "\"status\":\"$2\"" "$1" 2>/dev/null || true; }

$bin "$fx/modern.zip" -o "$t/z/" -q --min-tweets 1 2>"$t/z.err"
rc=$?
check batch-zip-exit [ $rc -eq 0 ]
np=$(ls "$t/z"/*.pdf 2>/dev/null | wc -l)
m=$(grep -c . "$t/z/manifest.jsonl" 2>/dev/null || echo 0)
check batch-zip-one-pdf-per-thread [ "$np" -ge 3 -a "$np" -eq "$m" ]
ok=1
for f in "$t/z"/*.pdf; do qpdf --check "$f" >/dev/null 2>&1 || ok=0; done
check batch-zip-pdfs-valid [ $ok -eq 1 ]
check batch-manifest-ok-lines [ "$(status_count "$t/z/manifest.jsonl" ok)" -eq "$np" ]
check batch-manifest-fields python3 -c '
import json, os, sys
d = sys.argv[1]
for line in open(os.path.join(d, "manifest.jsonl")):
    e = json.loads(line)
    assert set(["id", "url", "date", "title", "tweets", "pages", "bytes", "file", "status"]) <= set(e), e
    assert os.path.getsize(os.path.join(d, e["file"])) == e["bytes"], e
    assert e["pages"] >= 1 and e["tweets"] >= 1, e
' "$t/z"
check batch-default-names [ -f "$t/z/archowner-2022-11-05-1600000000000000001.pdf" ]
check batch-archive-thread-text sh -c "pdftotext '$t/z/archowner-2022-11-05-1600000000000000001.pdf' - | grep -q 'Thread start'"
check batch-no-temp-files [ -z "$(ls -A "$t/z" | grep '^\.')" ]

# The default --min-tweets 2 leaves single tweets out.
$bin "$fx/modern.zip" -o "$t/z2" -q 2>/dev/null
n2=$(ls "$t/z2"/*.pdf 2>/dev/null | wc -l)
check batch-min-tweets-default [ "$n2" -ge 1 -a "$n2" -lt "$np" ]

# Running again skips what is there; --force renders all; a changed option renders all.
$bin "$fx/modern.zip" -o "$t/z/" -q --min-tweets 1 2>"$t/again.err"
check batch-resume-skips grep -q "0 written, $np unchanged" "$t/again.err"
check batch-resume-manifest [ "$(status_count "$t/z/manifest.jsonl" skipped)" -eq "$np" ]
rm -f "$t/z/archowner-2022-11-05-1600000000000000001.pdf"
$bin "$fx/modern.zip" -o "$t/z/" -q --min-tweets 1 2>"$t/again2.err"
check batch-resume-renders-missing-file grep -q "1 written" "$t/again2.err"
$bin "$fx/modern.zip" -o "$t/z/" -q --min-tweets 1 --force 2>"$t/force.err"
check batch-force grep -q "$np written, 0 unchanged" "$t/force.err"
$bin "$fx/modern.zip" -o "$t/z/" -q --min-tweets 1 --page-size letter 2>"$t/letter.err"
check batch-option-change-renders grep -q "$np written" "$t/letter.err"

# The folder form gives the same threads; -j 1 and -j 2 give the same bytes.
$bin "$fx/modern.zip" -o "$t/j1" -q -j 1 --min-tweets 1 2>/dev/null
$bin "$fx/modern.zip" -o "$t/j2" -q -j 2 --min-tweets 1 2>/dev/null
same=1
for f in "$t/j1"/*.pdf; do cmp -s "$f" "$t/j2/$(basename "$f")" || same=0; done
check batch-j1-equals-j2 [ $same -eq 1 -a "$(ls "$t/j2"/*.pdf | wc -l)" -eq "$np" ]
$bin "$fx/folder-2020" -o "$t/f" -q --min-tweets 1 2>/dev/null
check batch-folder-archive [ "$(ls "$t/f"/*.pdf 2>/dev/null | wc -l)" -ge 1 ]

# Each PDF of a batch equals the same thread rendered alone.
root=$TP_ROOT/samples
$bin "$root/world/thread.json" "$root/rtl/thread.json" "$root/short/thread.json" -o "$t/many" -q -j 1 2>/dev/null
check batch-many-inputs [ "$(ls "$t/many"/*.pdf 2>/dev/null | wc -l)" -eq 3 ]
$bin "$root/rtl/thread.json" -o "$t/rtl-alone.pdf" 2>/dev/null
rtl=$(grep -o '"file":"[^"]*"' "$t/many/manifest.jsonl" | sed 's/"file":"//;s/"$//' | while read -r f; do
	cmp -s "$t/many/$f" "$t/rtl-alone.pdf" && echo "$f"; done)
check batch-pdf-equals-single-render [ -n "$rtl" ]
# ... and with --tagged, every PDF of the batch has its structure tree and
# is the same bytes as a single --tagged render (and a changed manifest salt
# renders them all again).
$bin "$root/world/thread.json" "$root/rtl/thread.json" "$root/short/thread.json" -o "$t/many" -q -j 1 --tagged 2>"$t/tagged.err"
check batch-tagged-renders-all grep -q "3 written" "$t/tagged.err"
untagged=$(for f in "$t/many"/*.pdf; do pdfinfo "$f" 2>/dev/null | grep -q '^Tagged: *yes' || echo "$f"; done)
check batch-pdfs-tagged [ -z "$untagged" ]
$bin "$root/rtl/thread.json" --tagged -o "$t/rtl-tagged.pdf" 2>/dev/null
rtl=$(grep -o '"file":"[^"]*"' "$t/many/manifest.jsonl" | sed 's/"file":"//;s/"$//' | while read -r f; do
	cmp -s "$t/many/$f" "$t/rtl-tagged.pdf" && echo "$f"; done)
check batch-tagged-pdf-equals-single-render [ -n "$rtl" ]

# --input-file with comments and blanks; --name with fields.
printf '# threads\n\n  %s  \n%s\n' "$root/short/thread.json" "$root/rtl/thread.json" >"$t/list"
$bin --input-file "$t/list" -o "$t/list-out" -q --name '{n}-{handle}-{title}' 2>/dev/null
check batch-input-file [ "$(ls "$t/list-out"/*.pdf 2>/dev/null | wc -l)" -eq 2 ]
check batch-name-template sh -c "ls '$t/list-out' | grep -q '^1-.*\\.pdf$'"

# One bad input among good ones: reported, the rest written, exit 17.
echo 'not json' >"$t/bad.json"
$bin "$root/short/thread.json" "$t/bad.json" -o "$t/partial" -q 2>"$t/partial.err"
rc=$?
check batch-partial-exit [ $rc -eq 17 ]
check batch-partial-names-bad-input grep -q "bad.json" "$t/partial.err"
check batch-partial-others-written [ "$(ls "$t/partial"/*.pdf 2>/dev/null | wc -l)" -eq 1 ]

# A damaged zip alone: one line, exit 3, nothing written.
$bin "$fx/damaged.zip" -o "$t/dmg" -q 2>"$t/dmg.err"
rc=$?
check batch-damaged-zip-exit [ $rc -eq 3 ]
check batch-damaged-zip-one-line [ "$(lines "$t/dmg.err")" -eq 1 -a -n "$(grep damaged.zip "$t/dmg.err")" ]
check batch-damaged-zip-nothing-written [ ! -e "$t/dmg" -o -z "$(ls -A "$t/dmg" 2>/dev/null)" ]

# Batch options that need one thread are refused.
$bin "$fx/modern.zip" -o - 2>"$t/stdout.err"
check batch-stdout-refused [ $? -eq 2 ]

# Interrupted: finished PDFs stay, the manifest is written, no temp file.
python3 - "$t/big" <<'EOF'
import json, os, sys
d = sys.argv[1]
os.makedirs(d)
for i in range(200):
    tw = [{"id": str(1000000 + i * 100 + k), "author_id": "1", "conversation_id": str(1000000 + i * 100),
           "created_at": "2023-01-%02dT10:00:00.000Z" % (1 + i % 28),
           "text": ("Thread %d, tweet %d. " % (i, k)) * 30} for k in range(30)]
    for k in range(1, 30):
        tw[k]["referenced_tweets"] = [{"type": "replied_to", "id": tw[k - 1]["id"]}]
    json.dump({"data": tw, "includes": {"users": [{"id": "1", "name": "Big", "username": "big"}]}},
              open(os.path.join(d, "t%02d.json" % i), "w"))
EOF
$bin "$t/big"/t*.json -o "$t/big-out" -q -j 2 2>"$t/int.err" &
pid=$!
i=0
while [ -z "$(ls "$t/big-out" 2>/dev/null | grep '\.pdf$')" ] && [ $i -lt 600 ]; do
	sleep 0.05
	i=$((i + 1))
done
kill -INT $pid
wait $pid
rc=$?
written=$(ls "$t/big-out"/*.pdf 2>/dev/null | wc -l)
check batch-interrupt-exit [ $rc -eq 130 ]
check batch-interrupt-some-not-written [ "$written" -lt 200 ]
check batch-interrupt-manifest [ -f "$t/big-out/manifest.jsonl" -a "$(status_count "$t/big-out/manifest.jsonl" ok)" -eq "$written" ]
check batch-interrupt-no-temp [ -z "$(ls -A "$t/big-out" | grep '^\.')" ]
ok=1
for f in "$t/big-out"/*.pdf; do [ -f "$f" ] || continue; qpdf --check "$f" >/dev/null 2>&1 || ok=0; done
check batch-interrupt-finished-pdfs-whole [ $ok -eq 1 ]
$bin "$t/big"/t*.json -o "$t/big-out" -q -j 2 2>"$t/resume.err"
check batch-interrupt-resume [ "$(ls "$t/big-out"/*.pdf | wc -l)" -eq 200 -a -n "$(grep "$written unchanged" "$t/resume.err")" ]

# Shared fixtures: the real archives.
if [ -n "$TP_SHARED" ] && [ -d "$TP_SHARED/fixtures/archive/jacklance-2022" ]; then
	$bin "$TP_SHARED/fixtures/archive/jacklance-2022" -o "$t/real" -q 2>/dev/null
	check batch-real-archive [ $? -eq 0 -a "$(ls "$t/real"/*.pdf | wc -l)" -ge 5 ]
else
	skip batch-real-archive "../shared is absent"
fi

# The thread list of an archive (golden; make golden rewrites it).
for a in modern.zip folder-2020 root-2019.zip; do
	g=$TP_ROOT/tests/golden/threads/${a%.zip}.txt
	$bin "$fx/$a" --dump threads --min-tweets 1 >"$t/list.txt" 2>/dev/null
	if [ -n "$TP_GOLDEN_UPDATE" ]; then
		cp "$t/list.txt" "$g"
	fi
	check "batch-thread-list-golden-$a" cmp -s "$t/list.txt" "$g"
done
check batch-thread-list-filters sh -c "'$bin' '$fx/modern.zip' --dump threads --since 2022-11-06 2>/dev/null | grep -c . | grep -qx 0"

# An archive's video (only an mp4 there): a framed play mark linking to the tweet.
vid="$t/z/archowner-2022-11-05-1600000000000000001.pdf"
check batch-archive-video-label sh -c "pdftotext '$vid' - | grep -q 'Video · play it on X'"
check batch-archive-video-link sh -c "qpdf --qdf --object-streams=disable '$vid' - 2>/dev/null | grep -a -q 'x.com/archowner/status/1600000000000000002'"

# A worker killed mid-run: its thread is reported failed, the others are written.
rm -rf "$t/big-out"
$bin "$t/big"/t*.json -o "$t/big-out" -q -j 2 2>"$t/kill.err" &
pid=$!
i=0
while [ -z "$(ls "$t/big-out" 2>/dev/null | grep '\.pdf$')" ] && [ $i -lt 600 ]; do
	sleep 0.05
	i=$((i + 1))
done
victim=$(pgrep -P $pid | head -n 1)
[ -n "$victim" ] && kill -KILL "$victim"
wait $pid
rc=$?
check batch-worker-killed-exit [ $rc -eq 17 ]
check batch-worker-killed-reported grep -q "killed by signal 9" "$t/kill.err"
check batch-worker-killed-manifest [ "$(status_count "$t/big-out/manifest.jsonl" failed)" -eq 1 -a \
	"$(status_count "$t/big-out/manifest.jsonl" ok)" -eq 199 ]

# Progress: a status line on a terminal (script gives one), none with -q or without a terminal.
if command -v script >/dev/null 2>&1; then
	script -qec "'$bin' '$fx/modern.zip' -o '$t/tty' --min-tweets 1 -j 1" /dev/null >"$t/tty.out" 2>&1
	check batch-progress-on-terminal grep -q "$(printf '\r\033\\[K\\[ 1/10\\] threads')" "$t/tty.out"
	script -qec "'$bin' '$fx/modern.zip' -o '$t/tty2' --min-tweets 1 -q" /dev/null >"$t/tty2.out" 2>&1
	check batch-progress-quiet sh -c "! grep -q 'threads ·' '$t/tty2.out'"
else
	skip batch-progress-on-terminal "no script(1) to give the run a terminal"
fi
$bin "$fx/modern.zip" -o "$t/notty" --min-tweets 1 2>"$t/notty.err"
check batch-progress-not-without-terminal sh -c "! grep -q \"\$(printf '\\r')\" '$t/notty.err'"
check batch-until-excludes sh -c "'$bin' '$fx/modern.zip' --dump threads --min-tweets 1 --until 2022-11-04 2>/dev/null | grep -c . | grep -qx 0"
check batch-until-inclusive sh -c "'$bin' '$fx/modern.zip' --dump threads --min-tweets 1 --until 2022-11-05 2>/dev/null | grep -c . | grep -qx 10"
check batch-since-inclusive sh -c "'$bin' '$fx/modern.zip' --dump threads --min-tweets 1 --since 2022-11-05 2>/dev/null | grep -c . | grep -qx 10"
$bin "$fx/modern.zip" --dump threads --since 2022-13-01 2>"$t/baddate.err"
check batch-bad-date [ $? -eq 2 -a -n "$(grep -- '--since 2022-13-01' "$t/baddate.err")" ]
