#!/bin/sh
# Every way a fetch can fail, each a one-line message and its own exit code:
# rate limits (waited out within --max-wait, else 12, whatever numbers the
# headers hold), 5xx (retried, then 13), timeouts, silent servers (each retry
# announced) and refused connections (14), truncated / non-JSON / wrong
# content type / redirected answers and absurd Content-Lengths (15), bad or
# insufficient tokens and protected accounts (10), deleted tweets (11), bad
# links (3), a plain-http API base off loopback (2). Media failures only
# warn, one line per image.
. "$TP_ROOT/tests/e2e/lib.sh"
. "$TP_ROOT/tests/server/lib.sh"
. "$TP_ROOT/tests/server/fetchlib.sh"

srv_start "$TP_ROOT/tests/fixtures/api/faults/routes.json" || { fail fetch-faults-server "server did not start"; exit 1; }
hits() { srv_q "len([r for r in api if r['path'] == '/2/tweets/$1'])"; }
FAST="--no-cache --retry-ms 50"

# Rate limit, reset in 2 s, --max-wait 10: waits, says so, succeeds.
fetch_run rate-wait 9001 $FAST --max-wait 10
expect_rc fetch-rate-waits rate-wait 0
expect_err fetch-rate-says-waiting rate-wait "rate limited by the X API; waiting"
check fetch-rate-retried test "$(hits 9001)" = 2

# Rate limit beyond --max-wait: fails at once with 12.
fetch_run rate-fail 9002 $FAST --max-wait 5
expect_rc fetch-rate-exit rate-fail 12
expect_err fetch-rate-message rate-fail "beyond --max-wait 5"
expect_lines fetch-rate-one-line rate-fail 1

# Rate-limit numbers past any sane wait (Retry-After or x-rate-limit-reset
# at or beyond the 64-bit range, after a short wait already spent) never
# wrap around into a wait: 12 at once, one line for the error.
fetch_run rate-huge 9015 $FAST --max-wait 10
expect_rc fetch-rate-huge-after-wait-exit rate-huge 12
expect_err fetch-rate-huge-after-wait-message rate-huge "beyond --max-wait 10"
expect_lines fetch-rate-huge-after-wait-lines rate-huge 2
fetch_run rate-reset-huge 9016 $FAST --max-wait 10
expect_rc fetch-rate-reset-huge-exit rate-reset-huge 12
expect_lines fetch-rate-reset-huge-one-line rate-reset-huge 1
fetch_run rate-overflow 9017 $FAST --max-wait 10
expect_rc fetch-rate-retry-after-overflow-exit rate-overflow 12
expect_lines fetch-rate-retry-after-overflow-one-line rate-overflow 1
# Negative numbers are not numbers of seconds: the default 60 s applies.
fetch_run rate-negative 9018 $FAST --max-wait 10
expect_rc fetch-rate-negative-exit rate-negative 12
expect_err fetch-rate-negative-default rate-negative "resets in 60 s"

# 500 then success: retried.
fetch_run retry 9003 $FAST
expect_rc fetch-5xx-retried retry 0
check fetch-5xx-two-requests test "$(hits 9003)" = 2

# 503 for good: bounded retries, then 13.
fetch_run server 9004 $FAST --retries 2
expect_rc fetch-5xx-exit server 13
check fetch-5xx-bounded test "$(hits 9004)" = 3
expect_err fetch-5xx-message server "HTTP 503"
expect_lines fetch-5xx-one-line server 1

# A slow answer beyond the timeout: 14.
fetch_run slow 9005 $FAST --timeout-ms 500 --retries -1
expect_rc fetch-timeout-exit slow 14
expect_err fetch-timeout-message slow "timed out"

# A server that accepts and never answers: each timed-out attempt says,
# without -v, what it waited for (host and endpoint, never the token) and
# that it retries; then 14 naming the attempts.
fetch_run silent 9019 --no-cache --retry-ms 50 --timeout-ms 300 --retries 1
expect_rc fetch-silent-exit silent 14
port=$(srv_q "info['port']")
expect_err fetch-silent-says-waiting silent "no answer from 127.0.0.1:$port"
expect_err fetch-silent-names-endpoint silent "/2/tweets/9019"
expect_err fetch-silent-says-retrying silent "retrying (attempt 2 of 2)"
expect_err fetch-silent-final silent "failed after 2 attempts: timed out"
expect_lines fetch-silent-two-lines silent 2
check fetch-silent-two-requests test "$(hits 9019)" = 2

# Nobody listening: 14.
"$DRV" fetch 9001 --api-base "http://127.0.0.1:1/2" --token-file "$TP_TMP/token" --no-cache --retries -1 \
	>"$TP_TMP/refused.out" 2>"$TP_TMP/refused.err"
echo $? >"$TP_TMP/refused.rc"
expect_rc fetch-refused-exit refused 14

# Truncated body, wrong content type, not JSON, a redirect from the API: 15.
fetch_run trunc 9006 $FAST --retries 1
expect_rc fetch-truncated-exit trunc 15
expect_err fetch-truncated-message trunc "truncated"
fetch_run html 9007 $FAST
expect_rc fetch-content-type-exit html 15
expect_err fetch-content-type-message html "text/html"
fetch_run notjson 9008 $FAST
expect_rc fetch-not-json-exit notjson 15
srv_reset_log
fetch_run redir 9013 $FAST
expect_rc fetch-api-redirect-exit redir 15
expect_q fetch-api-redirect-not-followed "[r['host'] for r in reqs]" "['127.0.0.1']"

# A Content-Length past 64 bits, past the body limit, or negative: 15 at
# once, one line (libcurl checks it; the body limit is ours).
for c in 9021:huge 9022:big 9023:negative; do
	fetch_run "length-${c#*:}" "${c%:*}" $FAST --retries 1
	expect_rc "fetch-content-length-${c#*:}-exit" "length-${c#*:}" 15
	expect_lines "fetch-content-length-${c#*:}-one-line" "length-${c#*:}" 1
done
expect_err fetch-content-length-huge-message length-huge "response larger than"

# 401, 403, protected: 10. Deleted (in errors[] or a 404): 11.
fetch_run unauth 9009 $FAST
expect_rc fetch-401-exit unauth 10
expect_err fetch-401-message unauth "refused the bearer token"
fetch_run forbidden 9014 $FAST
expect_rc fetch-403-exit forbidden 10
fetch_run protected 9010 $FAST
expect_rc fetch-protected-exit protected 10
expect_err fetch-protected-message protected "protected"
fetch_run deleted 9011 $FAST
expect_rc fetch-deleted-exit deleted 11
fetch_run nothere 9012 $FAST
expect_rc fetch-404-exit nothere 11
for r in unauth forbidden protected deleted nothere html trunc; do
	expect_lines "fetch-one-line-$r" "$r" 1
done

# No token at all: 10 with how to get one; a bad link: 3; plain http off loopback: 2.
"$DRV" fetch 9001 --api-base "$SRV_BASE/2" --no-cache >"$TP_TMP/notoken.out" 2>"$TP_TMP/notoken.err"
echo $? >"$TP_TMP/notoken.rc"
expect_rc fetch-no-token-exit notoken 10
expect_err fetch-no-token-howto notoken "X_BEARER_TOKEN"
fetch_run badlink "https://x.com/quillfern" $FAST
expect_rc fetch-bad-link-exit badlink 3
expect_err fetch-bad-link-forms badlink "threadreaderapp.com/thread/ID.html"
"$DRV" fetch 9001 --api-base "http://api.example.org/2" --token-file "$TP_TMP/token" --no-cache \
	>"$TP_TMP/plainhttp.out" 2>"$TP_TMP/plainhttp.err"
echo $? >"$TP_TMP/plainhttp.rc"
expect_rc fetch-plain-http-exit plainhttp 2

# Media failures warn once each, naming the URL and the problem; a slow image
# is retried; the rest of the thread is fine.
srv_reset_log
fetch_run media 9020 --no-cache --media-timeout-ms 700
expect_rc fetch-media-failures-not-fatal media 0
expect_out fetch-media-counts media "failed 3"
expect_err fetch-media-404 media "/img/missing.png: HTTP 404"
expect_err fetch-media-not-image media "/img/page.png: not an image"
expect_err fetch-media-timeout media "/img/stuck.png: timed out"
expect_lines fetch-media-one-warning-each media 3
expect_q fetch-media-slow-retried "len([r for r in media if r['path'] == '/img/slow.png'])" 2
expect_q fetch-media-ok-once "len([r for r in media if r['path'] == '/img/ok.png'])" 1
expect_q fetch-media-no-token "any('authorization' in r['headers'] for r in media)" false
token_never_printed fetch-faults
