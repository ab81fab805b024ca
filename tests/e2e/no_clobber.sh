# End-to-end: the output never replaces an input. -o onto the JSON (by name,
# symlink, hard link or stdin), onto a photo the render reads, and
# --save-json and -o naming the same file: one line, exit 2, nothing written.
. "$TP_ROOT/tests/e2e/lib.sh"
[ -x "$TP_BIN" ] || { skip no-clobber "no binary at $TP_BIN"; exit 0; }
T=$TP_TMP
cp -r "$TP_ROOT/samples/garden" "$T/g"
sum() { cksum <"$1"; }
json=$(sum "$T/g/thread.json")
beds=$(sum "$T/g/media/beds.jpg")

# refused NAME MENTION CMD...: exit 2, one stderr line naming MENTION, the
# garden's JSON and photo unchanged, no temporary file left.
refused() {
	name=$1 mention=$2; shift 2
	"$@" >"$T/stdout" 2>"$T/stderr"
	rc=$?
	if [ "$(sum "$T/g/thread.json")" != "$json" ] || [ "$(sum "$T/g/media/beds.jpg")" != "$beds" ]; then
		fail "$name" "an input was overwritten (exit $rc)"; cp -r "$TP_ROOT/samples/garden/." "$T/g/"; return
	fi
	if [ $rc -ne 2 ]; then fail "$name" "exit $rc, want 2: $(head -c 300 "$T/stderr")"; return; fi
	if [ "$(lines "$T/stderr")" != 1 ]; then fail "$name" "stderr is not one line: $(cat "$T/stderr")"; return; fi
	if ! grep -qF -- "$mention" "$T/stderr"; then fail "$name" "message does not name $mention: $(cat "$T/stderr")"; return; fi
	if ls -A "$T" "$T/g" "$T/g/media" | grep -q '^\.threadpdf-'; then fail "$name" "temporary file left behind"; return; fi
	pass "$name"
}

refused no-clobber-input "thread.json" "$TP_BIN" "$T/g/thread.json" -o "$T/g/thread.json"
(cd "$T/g" && refused no-clobber-input-relative "thread.json" "$TP_BIN" thread.json -o ./thread.json)
ln -s g/thread.json "$T/link.json"
refused no-clobber-input-symlink "link.json" "$TP_BIN" "$T/g/thread.json" -o "$T/link.json"
ln "$T/g/thread.json" "$T/hard.json"
refused no-clobber-input-hardlink "hard.json" "$TP_BIN" "$T/g/thread.json" -o "$T/hard.json"
refused no-clobber-stdin "thread.json" sh -c 'cd "$1/g" && "$2" - -o thread.json <thread.json' sh "$T" "$TP_BIN"
refused no-clobber-media "beds.jpg" "$TP_BIN" "$T/g/thread.json" -o "$T/g/media/beds.jpg"
(cd "$T/g/media" && refused no-clobber-media-relative "beds.jpg" "$TP_BIN" ../thread.json -o beds.jpg)

# --save-json and -o the same file, existing or not: refused before anything
# is fetched (the API base is a closed port; no token is needed to refuse).
for f in "$T/pages.jsonl" "$T/g/thread.json"; do
	rm -f "$T/pages.jsonl"
	refused "no-clobber-save-json-$(basename "$f")" "$(basename "$f")" env -u X_BEARER_TOKEN -u TWITTER_BEARER_TOKEN \
		"$TP_BIN" 1790000000000000001 --api-base http://127.0.0.1:9 --save-json "$f" -o "$f"
	[ -e "$T/pages.jsonl" ] && fail "no-clobber-save-json-$(basename "$f")-nothing" "$T/pages.jsonl was written"
done
(cd "$T" && refused no-clobber-save-json-spelling "pages.jsonl" env -u X_BEARER_TOKEN -u TWITTER_BEARER_TOKEN \
	"$TP_BIN" 1790000000000000001 --api-base http://127.0.0.1:9 --save-json ./g/../pages.jsonl -o pages.jsonl)

# Outputs that are no input still work, and replace an old PDF.
printf 'old' >"$T/g/out.pdf"
"$TP_BIN" "$T/g/thread.json" -o "$T/g/out.pdf" 2>"$T/stderr" && head -c 5 "$T/g/out.pdf" | grep -q '%PDF-' &&
	pass no-clobber-other-output || fail no-clobber-other-output "$(cat "$T/stderr")"
