#!/bin/sh
# Fetch benchmark: a 100-tweet thread over 2 timeline pages with 20 photos,
# served by the loopback server with a fixed delay on every request; reports
# the requests made and the wall time, and checks the media downloads
# overlapped (wall time well under the sum of the delays). Not a test.
# Usage: tests/bench_fetch.sh BUILD_DIR [DELAY_MS=200]
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:?usage: bench_fetch.sh BUILD_DIR [DELAY_MS]}
delay=${2:-200}
case "$dir" in /*) ;; *) dir="$root/$dir" ;; esac
drv="$dir/tests/test_xapi"
[ -x "$drv" ] || { echo "bench_fetch: $drv is not built (make unit)" >&2; exit 1; }

TP_ROOT=$root
TP_TMP=$(mktemp -d)
export TP_ROOT TP_TMP
. "$root/tests/server/lib.sh"
trap 'srv_stop; rm -rf "$TP_TMP"' EXIT
trap 'srv_stop; rm -rf "$TP_TMP"; exit 1' INT TERM

corpus="$TP_TMP/corpus"
if [ -f "$root/tools/gen_corpus.py" ] && command -v cjpeg >/dev/null 2>&1; then
	python3 "$root/tools/gen_corpus.py" "$corpus" 100 20 '{{BASE}}/media/' >/dev/null || exit 1
else
	echo "bench_fetch: needs tools/gen_corpus.py and cjpeg" >&2
	exit 1
fi
# Splits the corpus into a lookup page and two timeline pages, and writes the routes.
python3 - "$corpus" <<'EOF' || exit 1
import json, os, sys
d = sys.argv[1]
doc = json.load(open(os.path.join(d, "thread.json")))
data, inc = doc["data"], doc["includes"]
uid = inc["users"][0]["id"]
last = data[0]
def page(name, obj):
    with open(os.path.join(d, name), "w") as f:
        json.dump(obj, f, ensure_ascii=False)
page("lookup.json", {"data": last, "includes": {"users": inc["users"], "media": inc["media"]}})
page("tl1.json", {"data": data[:50], "includes": inc, "meta": {"result_count": 50, "next_token": "b-2"}})
page("tl2.json", {"data": data[50:], "includes": inc, "meta": {"result_count": 50}})
routes = [{"path": "/2/tweets/" + last["id"], "responses": [{"body_file": "lookup.json"}]},
          {"path": "/2/users/%s/tweets" % uid, "query": {"pagination_token": "b-2"}, "responses": [{"body_file": "tl2.json"}]},
          {"path": "/2/users/%s/tweets" % uid, "absent": ["pagination_token"], "responses": [{"body_file": "tl1.json"}]}]
for f in sorted(os.listdir(os.path.join(d, "media"))):
    routes.append({"path": "/media/" + f, "responses": [{"body_file": "media/" + f, "content_type": "image/jpeg"}]})
json.dump({"routes": routes}, open(os.path.join(d, "routes.json"), "w"), indent=1)
print(last["id"], file=open(os.path.join(d, "last_id"), "w"))
EOF

SRV_LIFETIME=120
srv_start "$corpus/routes.json" --delay-ms "$delay" || { echo "bench_fetch: server did not start" >&2; exit 1; }
echo "bench-token" >"$TP_TMP/token"
last=$(cat "$corpus/last_id")
start=$(python3 -c 'import time; print(time.time())')
"$drv" fetch "$last" --api-base "$SRV_BASE/2" --token-file "$TP_TMP/token" --no-cache >"$TP_TMP/out" 2>"$TP_TMP/err"
rc=$?
end=$(python3 -c 'import time; print(time.time())')
[ $rc -eq 0 ] || { echo "bench_fetch: fetch failed ($rc): $(cat "$TP_TMP/err")" >&2; exit 1; }
python3 - "$start" "$end" "$delay" "$SRV_LOG" "$TP_TMP/out" <<'EOF'
import json, sys
start, end, delay = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
reqs = [json.loads(l) for l in open(sys.argv[4]) if l.strip()]
api = [r for r in reqs if r["path"].startswith("/2/")]
media = [r for r in reqs if not r["path"].startswith("/2/")]
wall = end - start
serial = len(reqs) * delay / 1000
mspan = (max(r["t"] for r in media) - min(r["t"] for r in media)) if media else 0
print("fetch: %s" % open(sys.argv[5]).read().strip())
print("requests: %d API + %d media, %d ms delay each (serial sum %.2f s)" % (len(api), len(media), delay, serial))
print("wall time: %.2f s; media requests all started within %.2f s; connections: %d" %
      (wall, mspan, len(set(r["client_port"] for r in reqs))))
if delay == 0:
    sys.exit(0)
ok = wall < 0.5 * serial
print("media overlapped: %s" % ("yes" if ok else "NO"))
sys.exit(0 if ok else 1)
EOF
