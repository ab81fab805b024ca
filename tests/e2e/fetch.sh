#!/bin/sh
# Fetching a recent thread from the (loopback) X API: the requests made
# (token to the API only, exact fields, pagination, connection reuse), the
# media (concurrent, deduped, a redirect to another host without the token),
# --save-json round trip, and the cache (a second run makes no request).
# Drives tests/unit/test_xapi.c's "fetch" mode until the CLI has the flags.
. "$TP_ROOT/tests/e2e/lib.sh"
. "$TP_ROOT/tests/server/lib.sh"
. "$TP_ROOT/tests/server/fetchlib.sh"

srv_start "$TP_ROOT/tests/fixtures/api/recent/routes.json" || { fail fetch-server "server did not start"; exit 1; }
T1=$(srv_id T1)
T3=$(srv_id T3)

# 1. A link to the middle of the thread finds all of it.
fetch_run run1 "https://x.com/quillfern/status/$T3/photo/1?s=20" --cache-dir "$TP_TMP/cache" -v \
	--dump "$TP_TMP/dump1.txt" --save-json "$TP_TMP/pages.jsonl"
expect_rc fetch-recent-ok run1 0
expect_out fetch-recent-summary run1 "tweets 5 gaps 0 context 0 media 9 failed 0"
expect_q fetch-recent-lookup-first "api[0]['path']" "/2/tweets/$T3"
expect_q fetch-recent-three-api-requests "len(api)" 3
expect_q fetch-recent-search-query \
	"all(r['query']['query'] == ['conversation_id:$T1 from:quillfern'] for r in api if 'search' in r['path'])" true
expect_q fetch-recent-pagination "[r['query'].get('next_token') for r in api if 'search' in r['path']]" "[None, ['pg-2']]"
expect_q fetch-recent-fields "all(r['query'].get('tweet.fields') == ['$TWEET_FIELDS'] and \
r['query'].get('expansions') == ['$EXPANSIONS'] and r['query'].get('media.fields') == ['$MEDIA_FIELDS'] and \
r['query'].get('user.fields') == ['$USER_FIELDS'] for r in api)" true
expect_q fetch-recent-token-to-api "all(r['headers'].get('authorization') == 'Bearer $TOKEN' for r in api)" true
expect_q fetch-recent-no-token-to-media "len(media) > 0 and all('authorization' not in r['headers'] for r in media)" true
expect_q fetch-recent-redirect-other-host \
	"[r['headers'].get('authorization') for r in reqs if r['host'] == '127.0.0.2' and r['path'] == '/img/p2.png']" "[None]"
expect_q fetch-recent-media-deduped "sorted(r['path'] for r in media if r['host'] == '127.0.0.1')" \
	"['/img/p1.png', '/img/quill_normal.png', '/img/redir.png', '/img/v1.png']"
expect_q fetch-recent-no-repeat "len(set((r['host'], r['path'], r['raw_query']) for r in reqs)) == len(reqs)" true
expect_q fetch-recent-api-one-connection "len(set(r['client_port'] for r in api))" 1
check fetch-recent-dump-order grep -q "^5 id=$(srv_id T5)" "$TP_TMP/dump1.txt"
check fetch-recent-photo-alt grep -q "A seed tray" "$TP_TMP/dump1.txt"
check fetch-recent-entities-decoded grep -q "two weeks & one" "$TP_TMP/dump1.txt"

# 2. --save-json writes JSON Lines that xv2 reads back into the same thread.
check fetch-savejson-lines test "$(lines "$TP_TMP/pages.jsonl")" -eq 3
fetch_run load "x" --load "$TP_TMP/pages.jsonl" --cache-dir "$TP_TMP/cache" --dump "$TP_TMP/dump2.txt"
expect_rc fetch-savejson-reads load 0
check fetch-savejson-same-thread cmp -s "$TP_TMP/dump1.txt" "$TP_TMP/dump2.txt"

# 3. Again with the same cache: no request at all, same thread.
srv_reset_log
fetch_run run2 "$T3" --cache-dir "$TP_TMP/cache" --dump "$TP_TMP/dump3.txt"
expect_rc fetch-cache-ok run2 0
expect_q fetch-cache-no-request "len(reqs)" 0
check fetch-cache-same-thread cmp -s "$TP_TMP/dump1.txt" "$TP_TMP/dump3.txt"
check fetch-cache-no-token-stored sh -c "! grep -rq '$TOKEN' '$TP_TMP/cache'"

# 4. --no-cache asks again (and leaves the cache alone).
fetch_run run3 "$T3" --no-cache
expect_rc fetch-nocache-ok run3 0
expect_q fetch-nocache-requests "len(api) == 3 and len(media) == 5" true

# 5. The default cache location is $XDG_CACHE_HOME/threadpdf.
fetch_run run4 "https://twitter.com/quillfern/status/$T3"
expect_rc fetch-xdg-ok run4 0
check fetch-xdg-cache test -d "$XDG_CACHE_HOME/threadpdf/api" -a -d "$XDG_CACHE_HOME/threadpdf/media"

# 6. The token from the environment works too; it never shows up in any output.
srv_reset_log
X_BEARER_TOKEN="$TOKEN" "$DRV" fetch "$T3" --api-base "$SRV_BASE/2" --no-cache -v -v \
	>"$TP_TMP/envtok.out" 2>"$TP_TMP/envtok.err"
echo $? >"$TP_TMP/envtok.rc"
expect_rc fetch-env-token envtok 0
expect_q fetch-env-token-sent "all(r['headers'].get('authorization') == 'Bearer $TOKEN' for r in api)" true
token_never_printed fetch
