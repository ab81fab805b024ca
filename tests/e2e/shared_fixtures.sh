#!/bin/sh
# shared_fixtures: the v2 reader on real recorded responses in
# $TP_SHARED/fixtures/x-api (never copied into the project), through the
# dump mode of the xv2 unit-test binary. SKIP when TP_SHARED is empty.
dir="$TP_SHARED/fixtures/x-api"
if [ -z "$TP_SHARED" ] || [ ! -d "$dir" ]; then
	echo "SKIP shared.fixtures: ../shared/fixtures/x-api is absent"
	exit 0
fi
dump="$(dirname "$TP_BIN")/tests/test_xv2"
if [ ! -x "$dump" ]; then
	echo "SKIP shared.fixtures: $dump not built (make unit)"
	exit 0
fi
out="$TP_TMP/out.txt"
err="$TP_TMP/err.txt"

# Runs the reader on one file: sets rc, fills $out and $err.
read_fixture() {
	"$dump" --dump "$dir/$1" >"$out" 2>"$err"
	rc=$?
}

# check NAME COND-DESCRIPTION: PASS when the last command succeeded.
check() {
	if [ "$2" -eq 0 ]; then echo "PASS shared.$1"; else echo "FAIL shared.$1: $3"; fi
}

# has FIXED-STRING: 0 when the dump contains it.
has() { grep -qF -- "$1" "$out"; }

# Every recorded file: read or rejected with exit 3, never a crash.
for f in $(cd "$dir" && find . -type f ! -name INDEX.md | sed 's|^\./||' | sort); do
	read_fixture "$f"
	[ "$rc" -eq 0 ] || [ "$rc" -eq 3 ]
	check "nocrash.$f" $? "exit $rc: $(tail -n 2 "$err" | tr '\n' ' ')"
done

read_fixture tweepy/v2_get_tweet.json
[ "$rc" -eq 0 ] && has "🥁 Say hello to the new #TwitterAPI." && ! grep -qi 'ud83e' "$out"
check surrogates $? "surrogate pair not joined (rc $rc)"

read_fixture twarc-csv/v2_tweets_lookup_video_variants.json
[ "$rc" -eq 0 ] && has 'text "She'"'"'s GOING with it! 🐍"' &&
	has "link=https://video.twimg.com/ext_tw_video/1558552952549277696/pu/vid/1280x720/WiZrNZKT2lMzK5zA.mp4" &&
	has "media video 1280x720" && ! has "pic.twitter.com"
check video $? "video variant or media t.co wrong: $(head -c 600 "$out")"

read_fixture twarc-csv/v2_tweets_lookup_selfreply_many_urls.json
[ "$rc" -eq 0 ] && has "tweets 2 entries 2" && has "1 id=1610623087061471232" &&
	has 'url "uiadrian.gumroad.com/l/web-design-g…" -> https://uiadrian.gumroad.com/l/web-design-guide/?offer_code=twk0uc9f7'
check selfreply_root_from_includes $? "$(head -c 600 "$out")"

read_fixture twarc-csv/v2_tweets_lookup_media_alt_text.json
[ "$rc" -eq 0 ] && has "1 id=1576994789110992896" && ! has "id=1576994746135764992"
check edited_current_version $? "$(head -c 600 "$out")"

read_fixture twarc-csv/v2_users_2351222345_tweets_expanded.json
[ "$rc" -eq 0 ] && grep -q "other conversation" "$err" && has "context id=1257680252781899776"
check timeline_first_conversation $? "$(head -c 300 "$err")"

read_fixture docs-derived/v2_search_recent_replies_docs_example.json
[ "$rc" -eq 0 ] && has "author @snowman" && has "tweets 2 entries 2"
check no_conversation_id $? "$(head -c 600 "$out")"

read_fixture twarc-csv/v2_users_lookup_with_errors.json
[ "$rc" -eq 3 ] && has "v2_users_lookup_with_errors.json" && has "not tweets"
check users_rejected $? "rc $rc: $(cat "$out")"

read_fixture archive/tweets.js
[ "$rc" -eq 3 ] && has "tweets.js: not JSON"
check archive_not_v2 $? "rc $rc: $(cat "$out")"
exit 0
