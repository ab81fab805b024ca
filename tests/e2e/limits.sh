# End-to-end: the caps on inputs (JSON file, stdin, token file, one text
# field) and the JSON that cJSON would take or misreport: raw control
# characters, an escaped NUL, nesting past cJSON's limit.
. "$TP_ROOT/tests/e2e/lib.sh"
[ -x "$TP_BIN" ] || { skip limits "no binary at $TP_BIN"; exit 0; }
T=$TP_TMP

# Without a cap, /dev/zero is read until the machine runs out of memory:
# bound the address space so such a run fails instead (not under the
# sanitizers, whose shadow memory needs a huge address space).
case "$TP_BUILD" in
*san*) vlimit=unlimited ;;
*) vlimit=2000000 ;;
esac

# run ARGS...: the binary with no token in the environment and a bounded
# address space; stdout to $T/stdout, stderr to $T/stderr; sets rc.
run() {
	rm -f "$T/out.pdf"
	(ulimit -v "$vlimit"; env -u X_BEARER_TOKEN -u TWITTER_BEARER_TOKEN \
		THREADPDF_API_BASE=http://127.0.0.1:9/2 "$TP_BIN" "$@" >"$T/stdout" 2>"$T/stderr")
	rc=$?
}

# expect NAME CODE TEXT...: after run, exit CODE, one stderr line holding
# every TEXT, no PDF written.
expect() {
	name=$1 code=$2; shift 2
	if [ "$rc" -ne "$code" ]; then fail "$name" "exit $rc, want $code: $(head -c 300 "$T/stderr")"; return; fi
	if [ "$(lines "$T/stderr")" != 1 ]; then fail "$name" "stderr is not one line: $(head -c 300 "$T/stderr")"; return; fi
	for m in "$@"; do
		grep -qF -- "$m" "$T/stderr" || { fail "$name" "message does not say \"$m\": $(cat "$T/stderr")"; return; }
	done
	[ -e "$T/out.pdf" ] && { fail "$name" "a PDF was written"; return; }
	pass "$name"
}

# tweet_json FILE TEXT-FILE: a one-tweet response whose text is the
# content of TEXT-FILE (plain ASCII, no quotes or backslashes).
tweet_json() {
	{ printf '{"data":[{"id":"1777","author_id":"9","text":"'; cat "$2"
	  printf '"}],"includes":{"users":[{"id":"9","name":"A","username":"a"}]}}'; } >"$1"
}

run /dev/zero -o "$T/out.pdf"
expect limits-dev-zero 3 "/dev/zero" "128 MiB"
run - -o "$T/out.pdf" </dev/zero
expect limits-stdin-zero 3 "stdin" "128 MiB"
truncate -s 129M "$T/huge.json"
run "$T/huge.json" -o "$T/out.pdf"
expect limits-json-file-over-cap 3 "huge.json" "128 MiB"
run --token-file /dev/zero 1234567890 -o "$T/out.pdf"
expect limits-token-file-zero 3 "/dev/zero" "64 KiB"
head -c 70000 /dev/zero | tr '\0' 'a' >"$T/token"
run --token-file "$T/token" 1234567890 -o "$T/out.pdf"
expect limits-token-file-over-cap 3 "$T/token" "64 KiB"

# One text field: 1 MiB is read, one byte more is refused naming the tweet.
head -c 1048576 /dev/zero | tr '\0' 'a' >"$T/text"
tweet_json "$T/atcap.json" "$T/text"
run "$T/atcap.json" --dump thread
if [ $rc -eq 0 ] && grep -q '^1 id=1777' "$T/stdout"; then pass limits-text-at-cap
else fail limits-text-at-cap "exit $rc: $(head -c 300 "$T/stderr")"; fi
printf 'a' >>"$T/text"
tweet_json "$T/overcap.json" "$T/text"
run "$T/overcap.json" -o "$T/out.pdf"
expect limits-text-over-cap 3 "overcap.json" "tweet 1777" "1 MiB"

# Raw control characters are not JSON: an error with the position, never
# text cut at a NUL.
printf '{"data":[{"id":"1","text":"before\000after"}]}' >"$T/nul.json"
run "$T/nul.json" -o "$T/out.pdf"
expect json-raw-nul 3 "nul.json" "U+0000" "line 1, column 34"
printf '{"data":[{"id":"1",\n"text":"a\001b"}]}' >"$T/ctl.json"
run "$T/ctl.json" -o "$T/out.pdf"
expect json-raw-control 3 "ctl.json" "U+0001" "line 2, column 10"
printf '{"data":[{"id":"1","text":"tab\there"}]}' >"$T/tab.json"
run "$T/tab.json" -o "$T/out.pdf"
expect json-raw-tab 3 "tab.json" "U+0009"
printf '{"data":[{"id":"1","text":"a"}]}\n\n\t{"data":[{"id":"2","text":"b"}]}\r\n' >"$T/ws.jsonl"
run "$T/ws.jsonl" --dump thread
[ $rc -eq 0 ] && pass json-whitespace-between-values || fail json-whitespace-between-values "exit $rc: $(cat "$T/stderr")"

# An escaped NUL is valid JSON: kept as U+FFFD, the text after it too.
printf '{"data":[{"id":"1","text":"before\\u0000after"}]}' >"$T/escnul.json"
run "$T/escnul.json" --dump thread
if [ $rc -eq 0 ] && grep -q "text \"before$(printf '\357\277\275')after\"" "$T/stdout"; then pass json-escaped-nul-kept
else fail json-escaped-nul-kept "exit $rc: $(grep text "$T/stdout") $(cat "$T/stderr")"; fi

# Nesting past cJSON's limit (1000) is said as such, with the position.
python3 -c "print('[' * 200000 + ']' * 200000)" >"$T/deep.json" 2>/dev/null || \
	awk 'BEGIN { for (i = 0; i < 200000; i++) printf "["; for (i = 0; i < 200000; i++) printf "]"; print "" }' >"$T/deep.json"
run "$T/deep.json" -o "$T/out.pdf"
expect json-deep-nesting 3 "deep.json" "nesting" "1000" "line 1, column 1001"
awk 'BEGIN { printf "{\"data\":[{\"id\":\"1\",\"text\":\"x\"}],\"meta\":"; for (i = 0; i < 1200; i++) printf "{\"a\":"; printf "1"; for (i = 0; i < 1200; i++) printf "}"; print "}" }' >"$T/deepobj.json"
run "$T/deepobj.json" -o "$T/out.pdf"
expect json-deep-nesting-objects 3 "deepobj.json" "nesting" "1000"
