#!/usr/bin/env python3
"""Benchmark corpus: a synthetic thread of N tweets, K of them with a 1200 px
JPEG photo, written three ways into OUT:
  thread.json  X API v2 search-response shape (data newest first, includes)
  media/       img000.jpg ... (the photos) and avatar.jpg
  thread.html  the same text and images as one HTML page (for a headless
               Chromium print-to-PDF comparison)
Text comes from a small vocabulary in this file; images are striped
gradients with a few panels, drawn row by row and encoded with cjpeg.
Deterministic: the same arguments give the same files.
Usage: gen_corpus.py [--script=emoji|latin|world] OUT [N=100] [K=20] [MEDIA_BASE=media/]
  emoji  Latin text with some emoji (the default, the benchmark corpus)
  latin  the same without emoji: the baseline for the cost of typography
  world  every tweet in another script (CJK, Arabic, Hebrew, Devanagari, Thai,
         Cyrillic, Greek) with emoji sequences, flags and math letters"""
import html, json, os, random, subprocess, sys

script = "emoji"
args = []
for a in sys.argv[1:]:
    if a.startswith("--script="):
        script = a.split("=", 1)[1]
    else:
        args.append(a)
if script not in ("emoji", "latin", "world"):
    sys.exit(__doc__)
out = args[0] if args else sys.exit(__doc__)
n = int(args[1]) if len(args) > 1 else 100
k = min(n, int(args[2]) if len(args) > 2 else 20)
base = args[3] if len(args) > 3 else "media/"
rnd = random.Random(2024)

NOUNS = ("telescope eyepiece mount tripod lens mirror filter chart comet nebula cluster galaxy "
         "moon crater planet ring orbit horizon meridian aperture focuser finder dew shield "
         "notebook sketch exposure frame tracker battery flask thermos").split()
VERBS = ("spotted tracked framed sketched logged aligned cooled focused stacked measured "
         "found lost chased timed").split()
GLUE = "the a my our this that one every tonight after before near with under".split()
EMOJI = ["🔭", "🌙", "✨", "🪐", "☄️", "🌌", "🌠", "😴", "🥶", "✅"]
TAGS = ["astronomy", "stargazing", "nightsky", "MessierMarathon"]
# Night-sky sentences in other scripts, written for this corpus.
WORLD = [
    "今夜は月がとても明るくて、望遠鏡で土星の環がはっきり見えました。",
    "我们在山顶上等了两个小时，终于看到了流星雨。",
    "오늘 밤에는 구름이 없어서 은하수를 오래 볼 수 있었어요.",
    "رأينا القمر الليلة بوضوح، واستخدمنا التلسكوب رقم 3 لمدة 45 دقيقة.",
    "הלילה ראינו את צדק ואת ארבעת הירחים שלו דרך המשקפת.",
    "आज रात आसमान साफ़ था और हमने शनि के छल्ले देखे।",
    "คืนนี้ท้องฟ้าแจ่มใสมาก เราเห็นดาวเสาร์ผ่านกล้องโทรทรรศน์",
    "Сегодня ночью мы наблюдали Юпитер и его спутники до самого рассвета.",
    "Απόψε είδαμε τον Κρόνο και τους δακτυλίους του με το τηλεσκόπιο.",
    "Clear skies and 𝗯𝗼𝗹𝗱 plans: 𝘵𝘰𝘯𝘪𝘨𝘩𝘵 we chase the comet.",
]
WORLD_EMOJI = ["👨‍👩‍👧", "👍🏽", "🇯🇵", "🇧🇷", "1️⃣", "☕️", "🔭", "🌙", "✨", "🧑🏿‍🚀"]


def sentence():
    """One sentence: glue/noun/verb words in a loose rhythm."""
    words = []
    for i in range(rnd.randint(5, 13)):
        pool = (GLUE, NOUNS, VERBS, NOUNS)[i % 4]
        words.append(rnd.choice(pool))
    s = " ".join(words)
    if rnd.random() < 0.12:
        s += " & " + rnd.choice(NOUNS)
    return s[0].upper() + s[1:] + rnd.choice([".", ".", ".", "!", "?"])


def world_sentence(i):
    """A sentence of tweet i in the script its number picks."""
    return WORLD[(i + rnd.randint(0, 1)) % len(WORLD)]


def tweet_text(i):
    """Plain text of tweet i: one to three paragraphs, a counter, maybe emoji or a tag."""
    make = (lambda: world_sentence(i)) if script == "world" else sentence
    paras = [" ".join(make() for _ in range(rnd.randint(1, 2))) for _ in range(rnd.randint(1, 3))]
    text = "\n\n".join(paras)
    if len(text) > 210:
        text = text[:210].rsplit(" ", 1)[0]
    text = text.rstrip(" .!?&\n") + ("" if script == "world" else ".")
    emoji = WORLD_EMOJI if script == "world" else EMOJI
    if script == "latin":
        pass
    elif i == 0:
        text += " A thread " + EMOJI[0] + "👇"
    elif rnd.random() < (0.8 if script == "world" else 0.35):
        text += " " + rnd.choice(emoji)
    tag = rnd.choice(TAGS) if rnd.random() < 0.15 else None
    if tag:
        text += " #" + tag
    return text + "\n\n%d/%d" % (i + 1, n), tag


def photo(path, seed):
    """A 1200 px wide JPEG: diagonal colour stripes over a vertical ramp, with
    two darker panels. Rows are built with slicing and bytes.translate."""
    r = random.Random(seed)
    w = 1200
    h = r.choice([675, 800, 900, 1200])
    period = r.choice([96, 128, 160, 240])
    phase = [r.randint(0, period) for _ in range(3)]
    amp = [r.randint(40, 110) for _ in range(3)]
    lo = [r.randint(20, 140) for _ in range(3)]
    rows = []
    for c in range(3):                    # one channel's row of stripes (doubled for rotation)
        row = bytes(min(255, lo[c] + ((x + phase[c]) % period) * amp[c] // period +
                        (amp[c] // 2 if (x + phase[c]) % period < period // 2 else 0)) for x in range(w))
        rows.append(row + row)
    img = bytearray(w * h * 3)
    panels = [(r.randint(0, w // 2), r.randint(0, h // 2), r.randint(200, 500), r.randint(120, 300)) for _ in range(2)]
    for y in range(h):
        shade = 60 + 195 * y // max(1, h - 1)   # darker towards the top
        table = bytes(min(255, v * shade // 255 + 30) for v in range(256))
        line = bytearray(w * 3)
        shift = (y // 2) % w
        for c in range(3):
            line[c::3] = rows[c][shift:shift + w].translate(table)
        for (px, py, pw, ph) in panels:
            if py <= y < py + ph:
                seg = line[px * 3:(px + pw) * 3]
                line[px * 3:(px + pw) * 3] = bytes(seg).translate(bytes(v // 3 for v in range(256)))
        img[y * w * 3:(y + 1) * w * 3] = line
    ppm = b"P6\n%d %d\n255\n" % (w, h) + bytes(img)
    subprocess.run(["cjpeg", "-quality", "80", "-optimize", "-outfile", path], input=ppm, check=True)
    return w, h


def avatar(path):
    """A 400 px square avatar: a ringed planet on a dark gradient."""
    s = 400
    img = bytearray()
    for y in range(s):
        for x in range(s):
            dx, dy = x - 200, y - 200
            d2 = dx * dx + dy * dy
            ring = abs((dx * 0.9 + dy * 0.4) ** 2 / 4 + (dy * 0.9 - dx * 0.4) ** 2 * 2 - 14000) < 2500
            if d2 < 95 * 95:
                px = (230 - y // 4, 170 - y // 5, 90)
            elif ring:
                px = (200, 190, 160)
            else:
                px = (20 + y // 12, 24 + y // 10, 60 + y // 8)
            img += bytes(px)
    subprocess.run(["cjpeg", "-quality", "85", "-optimize", "-outfile", path],
                   input=b"P6\n%d %d\n255\n" % (s, s) + bytes(img), check=True)


def esc(s):
    """HTML-escapes like the API does in tweet text."""
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def main():
    os.makedirs(os.path.join(out, "media"), exist_ok=True)
    conv = 1800000000000000000
    uid = "3141592653"
    user = {"id": uid, "name": "Rin Calder", "username": "rin_observes",
            "profile_image_url": base + "avatar.jpg"}
    avatar(os.path.join(out, "media", "avatar.jpg"))
    with_photo = set(rnd.sample(range(n), k))
    tweets, media, plain = [], [], []
    for i in range(n):
        tid = conv + i * 7
        text, tag = tweet_text(i)
        body = esc(text)
        t = {"id": str(tid), "conversation_id": str(conv), "author_id": uid, "lang": "en",
             "created_at": "2024-02-10T%02d:%02d:%02d.000Z" % (20 + i // 600, i // 10 % 60, i * 6 % 60),
             "edit_history_tweet_ids": [str(tid)], "text": body}
        if tag:
            at = body.index("#" + tag)
            t["entities"] = {"hashtags": [{"start": at, "end": at + len(tag) + 1, "tag": tag}]}
        if i:
            t["referenced_tweets"] = [{"type": "replied_to", "id": str(tid - 7)}]
            t["in_reply_to_user_id"] = uid
        img = None
        if i in with_photo:
            key = "3_%d" % (tid + 1)
            img = "img%03d.jpg" % i
            w, h = photo(os.path.join(out, "media", img), 1000 + i)
            media.append({"media_key": key, "type": "photo", "url": base + img, "width": w, "height": h,
                          "alt_text": "Stripes and panels, picture %d" % (len(media) + 1)})
            t["attachments"] = {"media_keys": [key]}
            code = "c%09d" % i
            link = "https://t.co/" + code
            t["text"] += " " + link
            at = len(t["text"]) - len(link)
            t.setdefault("entities", {})["urls"] = [{
                "start": at, "end": at + len(link), "url": link, "media_key": key,
                "expanded_url": "https://x.com/rin_observes/status/%d/photo/1" % tid,
                "display_url": "pic.x.com/" + code}]
        tweets.append(t)
        plain.append((text, img, media[-1]["alt_text"] if img else None))
    doc = {"data": list(reversed(tweets)), "includes": {"users": [user], "media": media},
           "meta": {"result_count": n, "newest_id": tweets[-1]["id"], "oldest_id": tweets[0]["id"]}}
    with open(os.path.join(out, "thread.json"), "w") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")
    write_html(plain)
    print(out, n, "tweets", k, "photos", script)


def write_html(plain):
    """thread.html: the same thread as a printable page."""
    css = ("@page{size:A4;margin:18mm 20mm}"
           "body{font-family:'Noto Serif',serif;font-size:11pt;line-height:1.4;color:#111;margin:0}"
           "header{display:flex;align-items:center;gap:10px;border-bottom:1px solid #ccc;padding-bottom:8px;margin-bottom:14px}"
           "header img{width:44px;height:44px;border-radius:50%}"
           "article{margin:0 0 12px 0;break-inside:avoid}"
           "article p{margin:0 0 6px 0;white-space:pre-wrap}"
           "article img{display:block;max-width:100%;max-height:55vh;margin:6px 0;border-radius:6px}"
           ".n{color:#777;font-size:9pt}")
    parts = ["<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
             "<title>Thread by @rin_observes</title><style>%s</style></head><body>" % css,
             "<header><img src='media/avatar.jpg' alt=''><div><b>Rin Calder</b> "
             "<span class='n'>@rin_observes · %d posts</span></div></header>" % n]
    for i, (text, img, alt) in enumerate(plain):
        parts.append("<article><div class='n'>%d</div>" % (i + 1))
        for p in text.split("\n\n"):
            parts.append("<p>%s</p>" % html.escape(p))
        if img:
            parts.append("<img src='media/%s' alt='%s'>" % (img, html.escape(alt, quote=True)))
        parts.append("</article>")
    parts.append("</body></html>\n")
    with open(os.path.join(out, "thread.html"), "w") as f:
        f.write("".join(parts))


main()
