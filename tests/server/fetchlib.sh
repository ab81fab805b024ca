# Helpers shared by tests/e2e/fetch*.sh (sourced after tests/e2e/lib.sh and
# tests/server/lib.sh): the fetch driver, a test token, and assertions on its
# runs and on the server's request log.

DRV="$(dirname "$TP_BIN")/tests/test_xapi"
if [ ! -x "$DRV" ]; then
	skip "$(basename "$0" .sh)" "the fetch driver $DRV is not built (make unit)"
	exit 0
fi
if ! command -v python3 >/dev/null 2>&1; then
	skip "$(basename "$0" .sh)" "python3 is needed for the loopback server"
	exit 0
fi
unset X_BEARER_TOKEN TWITTER_BEARER_TOKEN THREADPDF_API_BASE
export XDG_CACHE_HOME="$TP_TMP/xdg"
export HOME="$TP_TMP/home"
TOKEN="tp-test-token-$$-Zq9xW"
printf '%s\n' "$TOKEN" >"$TP_TMP/token"

TWEET_FIELDS="created_at,conversation_id,author_id,referenced_tweets,attachments,entities,note_tweet,in_reply_to_user_id"
EXPANSIONS="author_id,attachments.media_keys,referenced_tweets.id,referenced_tweets.id.author_id"
MEDIA_FIELDS="url,preview_image_url,width,height,alt_text,type,variants"
USER_FIELDS="name,username,profile_image_url"

# fetch_run NAME LINK [options]: runs the driver against the server; keeps
# stdout, stderr and the exit code in $TP_TMP/NAME.{out,err,rc}. A run that
# hangs is stopped after $FETCH_LIMIT s (default 120) and exits 124.
fetch_run() {
	name=$1
	link=$2
	shift 2
	timeout -k 5 "${FETCH_LIMIT:-120}" "$DRV" fetch "$link" --api-base "$SRV_BASE/2" --token-file "$TP_TMP/token" "$@" \
		>"$TP_TMP/$name.out" 2>"$TP_TMP/$name.err"
	echo $? >"$TP_TMP/$name.rc"
}

# expect_rc TEST RUN CODE: the run exited with CODE.
expect_rc() {
	got=$(cat "$TP_TMP/$2.rc")
	if [ "$got" = "$3" ]; then pass "$1"; else fail "$1" "exit $got, want $3: $(tail -n 2 "$TP_TMP/$2.err" | tr '\n' ' ')"; fi
}

# expect_out TEST RUN TEXT / expect_err TEST RUN TEXT: the run's stdout/stderr holds TEXT.
expect_out() {
	if grep -qF -- "$3" "$TP_TMP/$2.out"; then pass "$1"; else fail "$1" "stdout lacks \"$3\": $(head -c 300 "$TP_TMP/$2.out")"; fi
}
expect_err() {
	if grep -qF -- "$3" "$TP_TMP/$2.err"; then pass "$1"; else fail "$1" "stderr lacks \"$3\": $(tail -n 3 "$TP_TMP/$2.err" | tr '\n' ' ')"; fi
}

# expect_lines TEST RUN N: the run's stderr has exactly N lines.
expect_lines() {
	got=$(wc -l <"$TP_TMP/$2.err" | tr -d ' ')
	if [ "$got" = "$3" ]; then pass "$1"; else fail "$1" "stderr has $got lines, want $3: $(head -c 400 "$TP_TMP/$2.err" | tr '\n' '|')"; fi
}

# expect_q TEST EXPR WANT: the request-log expression (see srv_q) prints WANT.
expect_q() {
	got=$(srv_q "$2" 2>&1)
	if [ "$got" = "$3" ]; then pass "$1"; else fail "$1" "$2 -> $got, want $3"; fi
}

# token_never_printed PREFIX: no output of any run contains the token.
token_never_printed() {
	if grep -l -F -- "$TOKEN" "$TP_TMP"/*.out "$TP_TMP"/*.err >/dev/null 2>&1; then
		fail "$1-token-never-printed" "$(grep -l -F -- "$TOKEN" "$TP_TMP"/*.out "$TP_TMP"/*.err | tr '\n' ' ')"
	else
		pass "$1-token-never-printed"
	fi
}
