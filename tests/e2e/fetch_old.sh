#!/bin/sh
# Fetching a thread older than 7 days that starts as a reply to another
# account: the author's timeline from the root onwards (paginated), a batched
# lookup walking replied_to links up for what the timeline missed, a deleted
# tweet that becomes a gap, and the other account's tweet as context. Then the
# same with --full-archive (search/all instead of the timeline).
. "$TP_ROOT/tests/e2e/lib.sh"
. "$TP_ROOT/tests/server/lib.sh"
. "$TP_ROOT/tests/server/fetchlib.sh"

srv_start "$TP_ROOT/tests/fixtures/api/old/routes.json" || { fail fetch-old-server "server did not start"; exit 1; }
X=$(srv_id X)
R1=$(srv_id R1)
R3=$(srv_id R3)
R5=$(srv_id R5)

fetch_run old "https://mobile.twitter.com/quillfern/status/$R5" --no-cache --dump "$TP_TMP/old.txt"
expect_rc fetch-old-ok old 0
expect_out fetch-old-summary old "tweets 4 gaps 1 context 1"
expect_q fetch-old-no-recent-search "any('search' in r['path'] for r in api)" false
expect_q fetch-old-timeline-paginated \
	"[r['query'].get('pagination_token') for r in api if r['path'] == '/2/users/4001/tweets']" "[None, ['tl-2']]"
expect_q fetch-old-timeline-start \
	"all(r['query']['start_time'] == [time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(((int('$X') >> 22) + 1288834974657) // 1000 - 1))] for r in api if r['path'] == '/2/users/4001/tweets')" true
expect_q fetch-old-walk-batched "[sorted(r['query']['ids'][0].split(',')) for r in api if r['path'] == '/2/tweets']" \
	"[$(python3 -c "print(sorted(['$R3', '$R1']))")]"
expect_q fetch-old-requests "len(api)" 4
expect_q fetch-old-fields "all(r['query'].get('tweet.fields') == ['$TWEET_FIELDS'] for r in api)" true
check fetch-old-context grep -q "How do you all put a raspberry bed" "$TP_TMP/old.txt"
check fetch-old-gap-id grep -q "$R3" "$TP_TMP/old.txt"
check fetch-old-unrelated-left-out sh -c "! grep -q 'first frost' '$TP_TMP/old.txt'"
expect_err fetch-old-gap-warned old "unavailable"

srv_reset_log
fetch_run full "$R5" --no-cache --full-archive --dump "$TP_TMP/full.txt"
expect_rc fetch-full-archive-ok full 0
expect_out fetch-full-archive-summary full "tweets 4 gaps 1 context 1"
expect_q fetch-full-archive-search "[(r['path'], r['query']['query']) for r in api if 'search' in r['path']]" \
	"[('/2/tweets/search/all', ['conversation_id:$X from:quillfern'])]"
expect_q fetch-full-archive-no-timeline "any('/users/' in r['path'] for r in api)" false
expect_q fetch-full-archive-walk "[r['query']['ids'] for r in api if r['path'] == '/2/tweets']" "[['$R3']]"
check fetch-full-archive-same-thread cmp -s "$TP_TMP/old.txt" "$TP_TMP/full.txt"

# Full-archive search denied (403, a lower access level): says so, falls back
# to the timeline, same thread.
srv_reset_log
fetch_run denied "$R5" --no-cache --full-archive --dump "$TP_TMP/denied.txt"
expect_rc fetch-search-denied-ok denied 0
expect_err fetch-search-denied-says denied "reading the author's timeline instead"
expect_q fetch-search-denied-timeline "[r['path'] for r in api][1:3]" "['/2/tweets/search/all', '/2/users/4001/tweets']"
check fetch-search-denied-same-thread cmp -s "$TP_TMP/old.txt" "$TP_TMP/denied.txt"
expect_lines fetch-old-quiet old 1
token_never_printed fetch-old-denied
