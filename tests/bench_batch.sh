#!/bin/sh
# make bench, batch part: a generated archive of 1,000 threads of 8 tweets
# (one 1200 px JPEG each) plus 5,000 single tweets, replies to others and
# retweets, exported whole; the cost per thread against one run per thread;
# a 100 MB tweets.js listed. Prints each figure beside its target.
set -e
dir=$1
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/$dir/threadpdf"
b="$root/build/bench"
mkdir -p "$b"
[ -f "$b/archive.zip" ] || python3 "$root/tools/gen_archive.py" "$b/archive.zip" 1000 5000
[ -f "$b/big.zip" ] || python3 "$root/tools/gen_archive.py" --big "$b/big.zip" 100 >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Wall seconds and peak RSS (MiB, the largest process of the run) of a command.
measure() {
	/usr/bin/time -f '%e %M' -o "$tmp/time" "$@" >/dev/null 2>"$tmp/err" || { cat "$tmp/err"; exit 1; }
	read -r secs kb <"$tmp/time"
	mib=$((kb / 1024))
}

measure "$bin" "$b/archive.zip" -o "$tmp/out" -q
n=$(ls "$tmp/out"/*.pdf | wc -l)
procs=$(($(nproc) + 1))
echo "archive export: $n threads in $secs s wall (target <= 5 s); peak RSS $mib MiB for the largest of its $procs processes, at most $((mib * procs)) MiB together (target <= 150 MiB)"
measure "$bin" "$b/archive.zip" -o "$tmp/out" -q
echo "archive export again (nothing changed): $secs s wall"

# 20 of the threads as saved JSON: one batch run against 20 runs of the binary.
python3 - "$tmp/json" <<'EOF'
import json, os, subprocess, sys
d = sys.argv[1]
os.makedirs(d)
ppm = b"P6\n1200 800\n255\n" + bytes((x * 7) % 256 for x in range(1200 * 3)) * 800
jpg = subprocess.run(["cjpeg", "-quality", "80"], input=ppm, stdout=subprocess.PIPE, check=True).stdout
open(os.path.join(d, "p.jpg"), "wb").write(jpg)
for i in range(20):
    base = 1700000000000000000 + i * 100
    tw = [{"id": str(base + k), "author_id": "1", "conversation_id": str(base),
           "created_at": "2023-02-%02dT09:00:%02d.000Z" % (1 + i, k),
           "text": "Tweet %d of thread %d: a sentence or two of ordinary text to set." % (k + 1, i)}
          for k in range(8)]
    for k in range(1, 8):
        tw[k]["referenced_tweets"] = [{"type": "replied_to", "id": tw[k - 1]["id"]}]
    tw[0]["attachments"] = {"media_keys": ["m%d" % i]}
    json.dump({"data": tw, "includes": {"users": [{"id": "1", "name": "Bench", "username": "bench"}],
               "media": [{"media_key": "m%d" % i, "type": "photo", "url": "p.jpg", "width": 1200, "height": 800}]}},
              open(os.path.join(d, "t%02d.json" % i), "w"))
EOF
measure "$bin" "$tmp/json"/t*.json -o "$tmp/j" -q -j 1
batch1=$secs
measure "$bin" "$tmp/json"/t*.json -o "$tmp/j2" -q
batch=$secs
start=$(date +%s.%N)
for f in "$tmp/json"/t*.json; do "$bin" "$f" -o "$tmp/one.pdf"; done
end=$(date +%s.%N)
python3 -c "
b1, b, s = $batch1, $batch, $end - $start
print('per thread: %.1f ms one run each; in one batch %.1f ms (default -j): %.1fx (target >= 5x); %.1f ms with -j 1 (%.1fx)'
      % (s / 20 * 1000, b / 20 * 1000, s / b, b1 / 20 * 1000, s / b1))"

measure "$bin" "$b/big.zip" --dump threads
tweets=$(python3 -c "import zipfile; print(len(zipfile.ZipFile('$b/big.zip').read('data/tweets.js')) // 1000000)")
echo "list the threads of a ${tweets} MB tweets.js: $secs s (target <= 3 s), peak RSS $mib MiB (target <= 300 MiB)"

# The whole archive as one book (--collection): time, peak RSS, and the
# PDF's size against its distinct images plus 20 KB per thread.
measure "$bin" "$b/archive.zip" --collection -o "$tmp/book.pdf" -q
pages=$(pdfinfo "$tmp/book.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
python3 - "$b/archive.zip" "$tmp/book.pdf" "$secs" "$mib" "$pages" <<'PY'
import hashlib, os, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
imgs = {hashlib.sha256(z.read(i)).hexdigest(): i.file_size for i in z.infolist() if "/tweets_media/" in i.filename}
size, limit = os.path.getsize(sys.argv[2]), sum(imgs.values()) + 20000 * 1000
print("collection of 1,000 threads: %s s wall (target <= 10 s), peak RSS %s MiB (target <= 200 MiB), %s pages, "
      "PDF %.1f MB (target <= %.1f MB: %d distinct images %.1f MB + 20 KB per thread)"
      % (sys.argv[3], sys.argv[4], sys.argv[5], size / 1e6, limit / 1e6, len(imgs), sum(imgs.values()) / 1e6))
PY
