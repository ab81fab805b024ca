# End-to-end: one-tweet threads whose body-font subset once made libharu
# fail to save (its tables totalled a multiple of 4096 bytes; see subset.c's
# haru_safe). Each must render, pass qpdf --check and keep its text. The
# sweep across 4 KB boundaries is tests/unit/test_pdffont.c.
. "$TP_ROOT/tests/e2e/lib.sh"
[ -x "$TP_BIN" ] || { skip subset-sizes "no binary at $TP_BIN"; exit 0; }
for tool in qpdf pdftotext python3; do
	command -v $tool >/dev/null 2>&1 || { skip subset-sizes "$tool missing"; exit 0; }
done
T=$TP_TMP

# thread N: a one-tweet thread.json whose text is the JSON string on stdin.
thread() {
	text=$(cat)
	printf '%s%s%s\n' '{"data":[{"id":"1791000000000000000","author_id":"2091000003",
"conversation_id":"1791000000000000000","created_at":"2024-09-10T20:05:00.000Z",
"edit_history_tweet_ids":["1791000000000000000"],"lang":"en","text":' "$text" '}],
"includes":{"users":[{"id":"2091000003","name":"Sam Okoro","username":"samokoro"}]},
"meta":{"result_count":1,"newest_id":"1791000000000000000","oldest_id":"1791000000000000000"}}' >"$T/t$1.json"
}

thread 1 <<'EOF'
"\u0165L-\u03b5?\u0106\u043a\u0397dH\u0432\u016b\u0112\u00e9\u0159E0\u0442\u0397\u0435ngq\u0435\u00e8X\u0104d\u0432\u03b3h\u00e4\u00e6\u00e8\u010f\u0442\u04348\u0417\"\"\u00f4\u0119\u2026\u011f\u0411\u0397\u00e0&\u0142\u01053\u017e\u00f4\u00f9\u0141l\u00f3\u041a\u015f\u0106\u010d\u0393\u017b\u0112\u00fa2T\u0414D\u0413wdC\u00e9\u0433\u0119\u0119\u043aw\u00f6\u015f\u043c\u043c\u017c\u0430Pf\u011b\u0112\u00ff\u041d\u0434\u0102\u0170\u043a)by6\u0414\u011e\u00edJ\u0417\u00ec\u0170\u012bA\u0417b\u017c\u00e3\"\u00f6\u0178\u00e7\u016e\u0107\u0432\u017c\u014dS\u043b\u0397\u0178\u016ai\u00ea"
EOF
thread 2 <<'EOF'
"\u010f\u011f\u0143\u00e2\u0105\u00e5kreIu\u0413c\u0143@L\u017e\u0430\u00f6Ud\u011a\u041c\u00e9\u0433\u03b5\u00f5h\u00e7\u0148\u0395Q\u00ff\u016e*\u0113\u03c9\u00fa\u0161\u00ec\u017a\u2026;Y'\u0432g\u00f4\u017e\u0113\u0395/\u0118\u0437Y/\u0433\u017a-\u0112u\u03c9\u015f\u0170\u00f44\u0130\u0413Ul\"\u00ed\u00e6\u0158\u0164\u01658\u0170\u0442\u0179f\u043d\u00ebW!\u03b2\u03b8xv\u0440\u017bTg\u00e8L\u0171\u0130\u0436A\u01432;\u010ea\u010c\u0415\u00e3\u016fu9k\u041a\u015f\u0104n\u00ea\u00e7Np\u043b\u0100\u011a\u01709\u016b\u03b3Y\u03b2m\u2026%C\u0153\u03b2"
EOF
for i in 1 2; do
	out=$T/t$i.pdf
	if ! "$TP_BIN" -o "$out" "$T/t$i.json" 2>"$T/err$i"; then
		fail subset-sizes-$i-renders "$(tail -1 "$T/err$i")"
		continue
	fi
	pass subset-sizes-$i-renders
	check subset-sizes-$i-qpdf-check qpdf --check "$out"
	pdftotext -enc UTF-8 "$out" "$T/t$i.txt" 2>/dev/null
	if python3 - "$T/t$i.json" "$T/t$i.txt" <<'EOF'; then
import json, sys, unicodedata
want = "".join(unicodedata.normalize("NFC", json.load(open(sys.argv[1]))["data"][0]["text"]).split())
got = "".join(unicodedata.normalize("NFC", open(sys.argv[2]).read()).split())
sys.exit(0 if want[:40] in got else 1)
EOF
		pass subset-sizes-$i-text
	else
		fail subset-sizes-$i-text "the tweet's text is not in the PDF"
	fi
done
