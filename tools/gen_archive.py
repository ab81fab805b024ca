#!/usr/bin/env python3
"""Writes a Twitter data archive (zip) for `make bench`: THREADS threads of 8
tweets, each thread with one 1200 px JPEG (on its first tweet), plus SINGLES
single tweets, replies to other accounts and retweets, in the 2022+ format
(data/tweets.js, manifest.js, account.js, data/tweets_media/).

usage: gen_archive.py OUT.zip [THREADS] [SINGLES]
       gen_archive.py --big OUT.zip MB   (a tweets.js of about MB megabytes, no media)
"""
import json
import os
import random
import subprocess
import sys
import time
import zipfile

OWNER = "4242"
HANDLE = "benchwriter"
T0 = 1500000000000000000
WORDS = ("the a thread of notes on archives and books reading slowly every page line "
         "light morning river stone paper ink margin letter garden window").split()
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def v1_date(i):
    """A created_at in the archive's v1.1 form, one hour per tweet from 2019."""
    t = time.gmtime(1546300800 + i * 3600)
    return "%s %s %02d %02d:%02d:%02d +0000 %d" % (
        time.strftime("%a", t), MONTHS[t.tm_mon - 1], t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec, t.tm_year)


def text(r, n):
    return " ".join(r.choice(WORDS) for _ in range(n)).capitalize() + "."


def record(i, body, parent=None, parent_user=None, media=None):
    tid = str(T0 + i)
    t = {"id_str": tid, "id": tid, "full_text": body, "created_at": v1_date(i),
         "display_text_range": ["0", str(len(body))], "favorite_count": "0", "retweet_count": "0",
         "entities": {"hashtags": [], "symbols": [], "user_mentions": [], "urls": []},
         "lang": "en", "source": "bench"}
    if parent:
        t["in_reply_to_status_id_str"] = parent
        t["in_reply_to_status_id"] = parent
        t["in_reply_to_user_id_str"] = parent_user
        t["in_reply_to_user_id"] = parent_user
        t["in_reply_to_screen_name"] = HANDLE if parent_user == OWNER else "someone"
    if media:
        url = "https://t.co/m%d" % i
        t["full_text"] = body + " " + url
        m = {"id_str": tid, "type": "photo", "media_url_https": "https://pbs.twimg.com/media/%s.jpg" % media,
             "url": url, "indices": [str(len(body) + 1), str(len(body) + 1 + len(url))],
             "sizes": {"large": {"w": "1200", "h": "800", "resize": "fit"}}}
        t["entities"]["media"] = [m]
        t["extended_entities"] = {"media": [m]}
    return {"tweet": t}


def js(name, recs):
    return ("window.YTD.%s.part0 = " % name + json.dumps(recs, indent=1)).encode()


def photo(seed):
    """A 1200x800 JPEG (bytes): colour bands over a ramp, through cjpeg."""
    r = random.Random(seed)
    w, h = 1200, 800
    band = bytes(v for x in range(w) for v in
                 ((x * 3 + seed * 40) % 256, (r.randint(0, 255) if x % 97 == 0 else 120), (x // 5) % 256))
    rows = [bytes(min(255, b * (40 + 215 * y // h) // 255 + 20) for b in band) if y % 40 == 0 else None
            for y in range(h)]
    img = bytearray()
    last = rows[0]
    for y in range(h):
        last = rows[y] or last
        img += last
    ppm = b"P6\n%d %d\n255\n" % (w, h) + bytes(img)
    return subprocess.run(["cjpeg", "-quality", "80"], input=ppm, check=True,
                          stdout=subprocess.PIPE).stdout


def photos(n):
    """n distinct JPEGs (bytes), made once."""
    return [photo(k) for k in range(n)]


def write_zip(path, recs, media):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("data/tweets.js", js("tweets", recs))
        z.writestr("data/account.js", js("account", [{"account": {
            "accountId": OWNER, "username": HANDLE, "accountDisplayName": "Bench Writer"}}]))
        z.writestr("data/manifest.js", "window.__THAR_CONFIG = " + json.dumps({
            "userInfo": {"accountId": OWNER, "userName": HANDLE, "displayName": "Bench Writer"},
            "dataTypes": {"tweets": {"mediaDirectory": "data/tweets_media",
                                     "files": [{"fileName": "data/tweets.js",
                                                "globalName": "YTD.tweets.part0",
                                                "count": str(len(recs))}]}}}))
        for name, data in media:
            z.writestr(name, data, compress_type=zipfile.ZIP_STORED)


def bench_archive(path, threads, singles):
    r = random.Random(7)
    pics = photos(40)
    recs, media, i = [], [], 0
    for th in range(threads):
        root = None
        for k in range(8):
            base = "p%d" % th if k == 0 else None
            rec = record(i, text(r, 30), parent=root, parent_user=OWNER if root else None, media=base)
            if base:
                media.append(("data/tweets_media/%d-%s.jpg" % (T0 + i, base), pics[th % len(pics)]))
            root = rec["tweet"]["id_str"]
            recs.append(rec)
            i += 1
    for s in range(singles):
        kind = s % 3
        if kind == 0:
            recs.append(record(i, text(r, 20)))
        elif kind == 1:
            recs.append(record(i, "@someone " + text(r, 15), parent=str(T0 - 1 - s), parent_user="99"))
        else:
            recs.append(record(i, "RT @someone: " + text(r, 12)))
        i += 1
    r.shuffle(recs)                 # parts are not in date order in real archives
    write_zip(path, recs, media)


def big_archive(path, mb):
    """About mb megabytes of tweets.js: threads of 5 tweets of ~1.7 KB records."""
    r = random.Random(9)
    recs, i, size = [], 0, 0
    while size < mb * 1000 * 1000:
        root = None
        for k in range(5):
            rec = record(i, text(r, 40), parent=root, parent_user=OWNER if root else None)
            root = rec["tweet"]["id_str"]
            recs.append(rec)
            size += len(json.dumps(rec, indent=1))
            i += 1
    write_zip(path, recs, [])
    return len(recs)


def main():
    if sys.argv[1] == "--big":
        n = big_archive(sys.argv[2], int(sys.argv[3]))
        print(n)
        return
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    singles = int(sys.argv[3]) if len(sys.argv) > 3 else 5000
    bench_archive(sys.argv[1], threads, singles)


if __name__ == "__main__":
    main()
