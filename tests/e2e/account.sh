#!/bin/sh
# Account export through the X API (loopback server): the user by handle,
# the timeline paginated with retweets excluded, a thread whose root is older
# than the timeline completed by a batched lookup, a reply to another account
# with its context, an unknown account, the token never written anywhere.
. "$TP_ROOT/tests/e2e/lib.sh"
. "$TP_ROOT/tests/server/lib.sh"
. "$TP_ROOT/tests/server/fetchlib.sh"

srv_start "$TP_ROOT/tests/fixtures/api/account/routes.json" || { fail account-server "server did not start"; exit 1; }
A1=$(srv_id A1)
B1=$(srv_id B1)
run() {
	name=$1
	shift
	timeout -k 5 60 "$TP_BIN" "$@" --api-base "$SRV_BASE/2" --token-file "$TP_TMP/token" --no-cache -q \
		>"$TP_TMP/$name.out" 2>"$TP_TMP/$name.err"
	echo $? >"$TP_TMP/$name.rc"
}

run acct @sorrel -o "$TP_TMP/acct"
expect_rc account-export-ok acct 0
check account-two-threads [ "$(ls "$TP_TMP/acct"/*.pdf 2>/dev/null | wc -l)" -eq 2 ]
check account-old-root-completed sh -c "pdftotext '$TP_TMP/acct/sorrel-'*'-$A1.pdf' - | grep -q 'A one: the oldest'"
check account-thread-whole sh -c "pdftotext '$TP_TMP/acct/sorrel-'*'-$A1.pdf' - | grep -q 'A three'"
check account-second-thread [ -f "$(ls "$TP_TMP/acct/sorrel-"*"-$B1.pdf" 2>/dev/null)" ]
expect_q account-user-by-handle "[r['path'] for r in api][0]" "/2/users/by/username/sorrel"
expect_q account-timeline-pages \
	"[r['query'].get('pagination_token') for r in api if r['path'] == '/2/users/5001/tweets']" "[None, ['acct-2']]"
expect_q account-retweets-excluded \
	"all(r['query'].get('exclude') == ['retweets'] for r in api if r['path'] == '/2/users/5001/tweets')" true
expect_q account-lookup-batched "len([r for r in api if r['path'] == '/2/tweets'])" 1
expect_q account-token-to-api-only \
	"all(r['headers'].get('authorization', '') == ('Bearer $TOKEN' if r['path'].startswith('/2/') else '') for r in api)" true
check account-token-not-in-files sh -c "! grep -rqF '$TOKEN' '$TP_TMP/acct'"

run list @sorrel --dump threads --min-tweets 1
expect_rc account-list-ok list 0
check account-list-all-threads [ "$(grep -c . "$TP_TMP/list.out")" -eq 4 ]
check account-list-reply-kept grep -q "@otherp I think so too" "$TP_TMP/list.out"

run url https://x.com/sorrel/ --dump threads
expect_rc account-profile-link url 0
check account-profile-link-threads [ "$(grep -c . "$TP_TMP/url.out")" -eq 2 ]

run nobody @nobody -o "$TP_TMP/nobody"
expect_rc account-unknown-exit nobody 11
expect_err account-unknown-message nobody "@nobody"
check account-unknown-nothing-written [ ! -e "$TP_TMP/nobody" -o -z "$(ls -A "$TP_TMP/nobody" 2>/dev/null)" ]

# An account past the timeline's reach: said plainly, with the archive named.
run busy @busy --dump threads --min-tweets 1
expect_rc account-busy-ok busy 0
expect_err account-window-cut busy "latest 3200 tweets"
expect_err account-window-suggests-archive busy "archive"
expect_q account-window-pages "len([r for r in api if r['path'] == '/2/users/6001/tweets'])" 33
