# End-to-end: the real command line fetching from the loopback X API server
# into a PDF (the fetch module's own driver tests are in fetch*.sh).
. "$TP_ROOT/tests/e2e/lib.sh"
. "$TP_ROOT/tests/server/lib.sh"
[ -x "$TP_BIN" ] || { skip fetch-cli "no binary at $TP_BIN"; exit 0; }
command -v python3 >/dev/null 2>&1 || { skip fetch-cli "python3 is needed for the loopback server"; exit 0; }
unset X_BEARER_TOKEN TWITTER_BEARER_TOKEN THREADPDF_API_BASE
export XDG_CACHE_HOME="$TP_TMP/xdg" HOME="$TP_TMP/home"
TOKEN="tp-cli-token-$$-Kx7"
printf '%s\n' "$TOKEN" >"$TP_TMP/token"
T=$TP_TMP

srv_start "$TP_ROOT/tests/fixtures/api/recent/routes.json" || { fail fetch-cli-server "server did not start"; exit 0; }
T1=$(srv_id T1)
T3=$(srv_id T3)

# A link to the middle of the thread: the whole thread as a PDF.
"$TP_BIN" "https://x.com/quillfern/status/$T3?s=20" --api-base "$SRV_BASE/2" --token-file "$T/token" \
	-o "$T/f.pdf" --save-json "$T/pages.jsonl" -v -v >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && pass fetch-cli-ok || fail fetch-cli-ok "exit $rc: $(tail -n 3 "$T/err")"
qpdf --check "$T/f.pdf" >/dev/null 2>&1 && pass fetch-cli-qpdf || fail fetch-cli-qpdf "qpdf --check failed"
pdftotext "$T/f.pdf" "$T/f.txt" 2>/dev/null
n=$(grep -Ec '^[0-9]+ */ *5$' "$T/f.txt")
[ "$n" = 5 ] && pass fetch-cli-five-tweets || fail fetch-cli-five-tweets "$n numbered tweets"
grep -q "two weeks & one" "$T/f.txt" && pass fetch-cli-text || fail fetch-cli-text "tweet text missing"
# The token never shows: not on stdout/stderr (-vv), not in the saved pages, the cache or the PDF.
if grep -rqF "$TOKEN" "$T/out" "$T/err" "$T/pages.jsonl" "$T/f.pdf" "$T/xdg" 2>/dev/null; then
	fail fetch-cli-token-hidden "token found in output or files"
else pass fetch-cli-token-hidden; fi
# Token to the API, never to media.
srv_q "all(r['headers'].get('authorization') == 'Bearer $TOKEN' for r in api) and len(media) > 0 and not any('authorization' in r['headers'] for r in media)" \
	| grep -qx true && pass fetch-cli-token-api-only || fail fetch-cli-token-api-only "authorization header misplaced"

# The same thread again: served from the cache, no request; another page size.
srv_reset_log
"$TP_BIN" "$T3" --api-base "$SRV_BASE/2" --token-file "$T/token" -o "$T/f5.pdf" --page-size a5 2>"$T/err2"
[ $? -eq 0 ] && [ "$(srv_q 'len(reqs)')" = 0 ] && pass fetch-cli-cached || fail fetch-cli-cached "requests: $(srv_q 'len(reqs)') $(cat "$T/err2")"

# --save-json renders offline, with no token and no server (images come from the cache).
srv_stop
"$TP_BIN" "$T/pages.jsonl" -o "$T/offline.pdf" 2>"$T/err3"
rc=$?
pdftotext "$T/offline.pdf" - 2>/dev/null | grep -q "two weeks & one" && [ $rc -eq 0 ] && [ ! -s "$T/err3" ] &&
	pass fetch-cli-save-json || fail fetch-cli-save-json "exit $rc: $(cat "$T/err3")"

srv_start "$TP_ROOT/tests/fixtures/api/recent/routes.json" || { fail fetch-cli-server "server did not restart"; exit 0; }
# No token: exit 10, one line that says how to set one, no PDF.
rm -f "$T/none.pdf"
"$TP_BIN" "$T3" --api-base "$SRV_BASE/2" --no-cache -o "$T/none.pdf" 2>"$T/err4"
rc=$?
[ $rc -eq 10 ] && [ "$(lines "$T/err4")" = 1 ] && grep -q X_BEARER_TOKEN "$T/err4" && [ ! -e "$T/none.pdf" ] &&
	pass fetch-cli-no-token || fail fetch-cli-no-token "exit $rc: $(cat "$T/err4")"

# Not a tweet link: exit 3 with the accepted forms.
"$TP_BIN" "https://x.com/quillfern/likes" -o "$T/x.pdf" 2>"$T/err5"
rc=$?
[ $rc -eq 3 ] && grep -q "status/ID" "$T/err5" && pass fetch-cli-bad-link || fail fetch-cli-bad-link "exit $rc: $(cat "$T/err5")"
srv_stop
