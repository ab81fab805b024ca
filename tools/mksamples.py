#!/usr/bin/env python3
"""Writes the sample threads in samples/: thread.json (X API v2 search-response
shape, newest first) and the images they show, drawn here (Python stdlib plus
cjpeg from libjpeg-turbo-progs; the one PNG is written with zlib).
All text was written for this project. Entity indices are computed on the
text as the API sends it (HTML-escaped), in code points.
Usage: mksamples.py [SAMPLES_DIR]   (default: samples/ next to tools/)"""
import json, math, os, random, struct, subprocess, sys, zlib

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "samples")


class Canvas:
    """An RGB or RGBA pixel buffer with a few anti-aliased shapes."""

    def __init__(self, w, h, channels=3, fill=(255, 255, 255, 255)):
        self.w, self.h, self.n = w, h, channels
        self.px = bytearray(bytes(fill[:channels]) * (w * h))

    def blend(self, x, y, color, a):
        """Draws color over pixel (x, y) with coverage a (0..1)."""
        if a <= 0 or x < 0 or y < 0 or x >= self.w or y >= self.h:
            return
        a = min(a, 1.0) * (color[3] / 255.0 if len(color) > 3 else 1.0)
        i = (y * self.w + x) * self.n
        p = self.px
        if self.n == 4:
            da = p[i + 3] / 255.0
            oa = a + da * (1 - a)
            if oa <= 0:
                return
            for c in range(3):
                p[i + c] = int((color[c] * a + p[i + c] * da * (1 - a)) / oa + 0.5)
            p[i + 3] = int(oa * 255 + 0.5)
        else:
            for c in range(3):
                p[i + c] = int(color[c] * a + p[i + c] * (1 - a) + 0.5)

    def vgradient(self, top, bottom, y0=0, y1=None):
        """Fills rows y0..y1 with a vertical gradient from top to bottom."""
        y1 = self.h if y1 is None else y1
        for y in range(y0, y1):
            t = (y - y0) / max(1, y1 - y0 - 1)
            col = bytes(int(top[c] + (bottom[c] - top[c]) * t) for c in range(self.n))
            self.px[y * self.w * self.n:(y + 1) * self.w * self.n] = col * self.w

    def rect(self, x0, y0, x1, y1, color):
        """Fills an axis-aligned rectangle (opaque colors fast, others blended)."""
        x0, y0, x1, y1 = max(0, int(x0)), max(0, int(y0)), min(self.w, int(x1)), min(self.h, int(y1))
        if x1 <= x0:
            return
        if len(color) == 3 or color[3] == 255:
            row = bytes((list(color) + [255])[:self.n]) * (x1 - x0)
            for y in range(y0, y1):
                i = (y * self.w + x0) * self.n
                self.px[i:i + len(row)] = row
        else:
            for y in range(y0, y1):
                for x in range(x0, x1):
                    self.blend(x, y, color, 1.0)

    def disc(self, cx, cy, r, color):
        """Fills a circle with a one-pixel soft edge."""
        for y in range(int(cy - r - 1), int(cy + r + 2)):
            dy = y + 0.5 - cy
            if abs(dy) > r + 1:
                continue
            half = math.sqrt(max(0.0, (r + 1) ** 2 - dy * dy))
            for x in range(int(cx - half), int(cx + half) + 1):
                d = math.hypot(x + 0.5 - cx, dy)
                self.blend(x, y, color, r + 0.5 - d)

    def line(self, x0, y0, x1, y1, width, color):
        """Draws a thick segment with round ends."""
        r = width / 2.0
        dx, dy = x1 - x0, y1 - y0
        ll = dx * dx + dy * dy or 1.0
        for y in range(int(min(y0, y1) - r - 1), int(max(y0, y1) + r + 2)):
            for x in range(int(min(x0, x1) - r - 1), int(max(x0, x1) + r + 2)):
                px, py = x + 0.5, y + 0.5
                t = max(0.0, min(1.0, ((px - x0) * dx + (py - y0) * dy) / ll))
                d = math.hypot(px - (x0 + t * dx), py - (y0 + t * dy))
                self.blend(x, y, color, r + 0.5 - d)

    def save_jpeg(self, path, quality=80):
        """Encodes through cjpeg (binary PPM on stdin)."""
        assert self.n == 3
        ppm = b"P6 %d %d 255\n" % (self.w, self.h) + bytes(self.px)
        subprocess.run(["cjpeg", "-quality", str(quality), "-optimize", "-outfile", path], input=ppm, check=True)

    def save_png(self, path):
        """Writes an 8-bit RGBA (or RGB) PNG with zlib."""
        def chunk(tag, data):
            return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
        stride = self.w * self.n
        raw = b"".join(b"\x00" + bytes(self.px[y * stride:(y + 1) * stride]) for y in range(self.h))
        ihdr = struct.pack(">IIBBBBB", self.w, self.h, 8, 6 if self.n == 4 else 2, 0, 0, 0)
        with open(path, "wb") as f:
            f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def garden_beds(path):
    """Photo 1: raised beds seen at an angle, a path, a fence, a morning sky."""
    rnd = random.Random(11)
    c = Canvas(1080, 810)
    c.vgradient((142, 190, 232), (236, 228, 205), 0, 300)
    c.vgradient((120, 150, 80), (84, 120, 52), 300, 810)
    for x in range(0, 1080, 54):                       # fence posts
        c.rect(x + 10, 210, x + 26, 320, (150, 118, 84))
    c.rect(0, 236, 1080, 246, (130, 100, 70))
    c.rect(0, 284, 1080, 294, (130, 100, 70))
    c.rect(470, 300, 610, 810, (196, 170, 128))          # gravel path
    for _ in range(900):
        c.disc(rnd.uniform(470, 610), rnd.uniform(300, 810), rnd.uniform(1, 2.5), (170, 146, 108))
    for bx in (70, 650):                                 # two beds
        c.rect(bx, 380, bx + 360, 760, (122, 84, 50))
        c.rect(bx + 14, 394, bx + 346, 746, (76, 54, 38))
        for row in range(4):
            for k in range(6):
                cx, cy = bx + 45 + k * 54, 430 + row * 88
                c.disc(cx, cy, 24 + rnd.uniform(-4, 6), (58 + rnd.randint(0, 30), 130 + rnd.randint(0, 40), 50))
                c.disc(cx - 6, cy - 6, 9, (110, 178, 80))
    c.disc(940, 90, 46, (255, 244, 200))
    c.save_jpeg(path)


def tomatoes(path):
    """Photo 2: a tomato truss against a leafy background."""
    rnd = random.Random(5)
    c = Canvas(960, 1200)
    c.vgradient((46, 84, 40), (22, 52, 30))
    for _ in range(70):                                  # leaves
        c.disc(rnd.uniform(0, 960), rnd.uniform(0, 1200), rnd.uniform(30, 80),
               (40 + rnd.randint(0, 50), 100 + rnd.randint(0, 60), 40 + rnd.randint(0, 30), 140))
    c.line(480, 0, 470, 380, 18, (70, 120, 50))         # stem and truss
    c.line(470, 380, 300, 620, 12, (70, 120, 50))
    c.line(470, 380, 640, 660, 12, (70, 120, 50))
    c.line(470, 380, 470, 820, 12, (70, 120, 50))
    for cx, cy, r, ripe in ((300, 690, 110, 1), (640, 730, 120, 1), (470, 900, 130, 0.6), (380, 1060, 80, 0.2)):
        col = (int(90 + 150 * ripe), int(160 - 120 * ripe), 40)
        c.disc(cx, cy, r, col)
        c.disc(cx - r * 0.35, cy - r * 0.35, r * 0.22, (255, 235, 220, 120))
        for k in range(5):
            a = k * 2 * math.pi / 5
            c.line(cx, cy - r + 6, cx + 30 * math.cos(a), cy - r + 6 + 18 * math.sin(a), 6, (60, 110, 40))
    c.save_jpeg(path)


def seedlings(path):
    """PNG with transparency: a tray of seedlings, cut out, soft shadow."""
    c = Canvas(800, 560, channels=4, fill=(0, 0, 0, 0))
    c.rect(40, 300, 770, 520, (0, 0, 0, 60))             # shadow
    c.rect(30, 280, 760, 500, (190, 70, 50, 255))        # the tray
    c.rect(44, 292, 746, 486, (92, 62, 44, 255))
    for k in range(8):
        x = 90 + k * 88
        h = 90 + (k * 37) % 70
        c.line(x, 300, x, 300 - h, 6, (80, 150, 60, 255))
        c.disc(x - 18, 300 - h, 20, (110, 190, 80, 255))
        c.disc(x + 18, 300 - h - 6, 20, (96, 176, 70, 230))
    c.save_png(path)


def video_preview(path):
    """The first frame of the bean timelapse: poles, vines, a bright sky."""
    c = Canvas(1200, 675)
    c.vgradient((170, 210, 240), (230, 238, 226), 0, 470)
    c.vgradient((102, 82, 60), (80, 60, 44), 470, 675)
    for k in range(5):
        c.line(600, 90, 380 + k * 110, 520, 12, (160, 128, 90))
    for k in range(5):
        bx = 380 + k * 110
        for j in range(9):
            t = j / 9.0
            c.disc(bx + (600 - bx) * t + 14 * math.sin(j * 1.7), 520 - 430 * t, 15, (70, 150, 60))
    c.save_jpeg(path)


def avatar(path, bg, fg, seed):
    """A round-faced avatar: a disc on a soft square."""
    c = Canvas(400, 400)
    c.vgradient(bg, tuple(max(0, v - 40) for v in bg))
    c.disc(200, 170, 90, fg)
    c.disc(200, 420, 170, fg)
    rnd = random.Random(seed)
    for _ in range(6):
        c.disc(rnd.uniform(40, 360), rnd.uniform(30, 120), rnd.uniform(6, 14), (255, 255, 255, 90))
    c.save_jpeg(path, quality=85)


def esc(s):
    """HTML-escapes text the way the API sends it."""
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def entities(text, urls=(), mentions=(), hashtags=()):
    """Entity lists for escaped text, indices in code points."""
    e = {}
    if urls:
        e["urls"] = []
        for code, display, expanded in urls:
            u = "https://t.co/" + code
            i = text.index(u)
            e["urls"].append({"start": i, "end": i + len(u), "url": u, "expanded_url": expanded, "display_url": display})
    if mentions:
        e["mentions"] = [{"start": text.index("@" + m), "end": text.index("@" + m) + len(m) + 1, "username": m}
                         for m in mentions]
    if hashtags:
        e["hashtags"] = [{"start": text.index("#" + h), "end": text.index("#" + h) + len(h) + 1, "tag": h}
                         for h in hashtags]
    return e


def tweet(tid, author, conv, when, text, parent=None, media=(), quote=None, note=False, **ents):
    """A v2 tweet object; note=True stores the text as a note_tweet."""
    body = esc(text)
    t = {"id": str(tid), "author_id": author, "conversation_id": str(conv), "created_at": when,
         "edit_history_tweet_ids": [str(tid)], "lang": "en"}
    e = entities(body, **ents)
    if note:
        t["note_tweet"] = {"text": body}
        if e:
            t["note_tweet"]["entities"] = e
        cut = body[:274].rsplit(" ", 1)[0] + "…"
        t["text"] = cut
    else:
        t["text"] = body
        if e:
            t["entities"] = e
    refs = []
    if parent:
        refs.append({"type": "replied_to", "id": str(parent)})
        t["in_reply_to_user_id"] = author
    if quote:
        refs.append({"type": "quoted", "id": str(quote)})
    if refs:
        t["referenced_tweets"] = refs
    if media:
        t["attachments"] = {"media_keys": list(media)}
    return t


def add_media_link(t, code, kind, n=1):
    """Appends the t.co link the API puts after a tweet's own media."""
    u = "https://t.co/" + code
    sep = " " if t["text"] else ""
    t["text"] += sep + u
    i = len(t["text"]) - len(u)
    ent = {"start": i, "end": i + len(u), "url": u, "display_url": "pic.x.com/" + code,
           "expanded_url": "https://x.com/junomarsh/status/%s/%s/%d" % (t["id"], kind, n),
           "media_key": t["attachments"]["media_keys"][0]}
    t.setdefault("entities", {}).setdefault("urls", []).append(ent)


def garden(out):
    """samples/garden: eight tweets by a gardener who builds her own beds."""
    os.makedirs(os.path.join(out, "media"), exist_ok=True)
    m = lambda name: os.path.join(out, "media", name)
    garden_beds(m("beds.jpg"))
    tomatoes(m("tomatoes.jpg"))
    seedlings(m("seedlings.png"))
    video_preview(m("beans-preview.jpg"))
    avatar(m("avatar.jpg"), (236, 200, 120), (90, 120, 70), 1)
    avatar(m("avatar-seedlib.jpg"), (120, 170, 200), (240, 240, 225), 2)

    C = 1790000000000000000
    J = "2091000001"
    Q = 1789000000000000000
    def when(i):
        return "2024-06-02T07:%02d:%02d.000Z" % (12 + 3 * i, (i * 17) % 60)
    ts = []
    ts.append(tweet(C, J, C, when(0),
        "I turned a 4×6 m patch of lawn into a vegetable garden this spring. What worked, what "
        "didn't, and what I'd build again 🧵👇", media=["3_%d" % (C + 90)]))
    ts.append(tweet(C + 1, J, C, when(1),
        "The beds are untreated larch, 30 cm high, pinned with oak pegs: no screws to rust. Offcuts "
        "came from @larch_and_oak. Cut list & drawings: https://t.co/gB3dq9Lx2w",
        parent=C, mentions=["larch_and_oak"],
        urls=[("gB3dq9Lx2w", "example.org/beds/cut-list", "https://example.org/beds/cut-list?from=thread")]))
    ts.append(tweet(C + 2, J, C, when(2),
        "Soil is where most of the money and nearly all of the time went.\n\n"
        "I did not dig. I laid cardboard straight on the grass, wet it, and filled the beds with "
        "a mix of 60% sieved topsoil and 40% compost from the municipal site (cheap, but check it "
        "for plastic bits: mine had a few). By week three the grass underneath had rotted and the worms "
        "had moved in.\n\nIf you try #nodig, do it in autumn if you can; spring works, but the first "
        "carrots came out forked where the cardboard was still tough. @carla_composts has a far better "
        "guide than I could write.",
        parent=C + 1, note=True, mentions=["carla_composts"], hashtags=["nodig"]))
    ts.append(tweet(C + 3, J, C, when(3),
        "Seedlings spent April under a shop light on the bookshelf. The \"tray\" is an old baking "
        "sheet. Tomatoes 🍅, chillies 🌶️ and far too many marigolds 🌼", parent=C + 2,
        media=["3_%d" % (C + 93)]))
    ts.append(tweet(C + 4, J, C, when(4),
        "Half of those tomato seeds came from the seed library's swap. If there's one near you, go; "
        "they were the strongest plants I had. https://t.co/Qw8rTz1mNc", parent=C + 3, quote=Q,
        urls=[("Qw8rTz1mNc", "x.com/seedlibrary_rv…", "https://x.com/seedlibrary_rv/status/%d" % Q)]))
    ts.append(tweet(C + 5, J, C, when(5),
        "Six weeks of the bean teepee, one photo a day at 7:00 🌱", parent=C + 4,
        media=["7_%d" % (C + 95)]))
    ts.append(tweet(C + 6, J, C, when(6),
        "Mistakes: courgettes planted < 1 m apart (they ate the path), and beer traps for slugs & "
        "snails, which mostly fed the snails. Copper tape on the bed rims did better.", parent=C + 5,
        media=["3_%d" % (C + 96)]))
    ts.append(tweet(C + 7, J, C, when(7),
        "So far: 11 kg of tomatoes, more beans than friends who want beans, and one very proud "
        "gardener. Thanks for reading! Questions welcome 👇 #gardening", parent=C + 6, hashtags=["gardening"]))
    add_media_link(ts[0], "Vx7kP2aQ1r", "photo")
    add_media_link(ts[3], "Hn4cW8eZ5t", "photo")
    add_media_link(ts[5], "Bq2mJ6yU3s", "video")
    add_media_link(ts[6], "Lp9fD3xK7v", "photo")

    quoted = tweet(Q, "2091000002", Q, "2024-03-20T18:00:00.000Z",
                   "Spring seed swap: Saturday 6 April, 10:00–14:00, in the old fire station. Bring your "
                   "spares and some envelopes. First-timers very welcome 🌻")
    media = [
        {"media_key": "3_%d" % (C + 90), "type": "photo", "url": "media/beds.jpg", "width": 1080, "height": 810,
         "alt_text": "Two wooden raised beds full of young plants either side of a gravel path, a fence behind."},
        {"media_key": "3_%d" % (C + 93), "type": "photo", "url": "media/seedlings.png", "width": 800, "height": 560,
         "alt_text": "A tray of seedlings with two round leaves each."},
        {"media_key": "7_%d" % (C + 95), "type": "video", "preview_image_url": "media/beans-preview.jpg",
         "width": 1200, "height": 675, "duration_ms": 42000,
         "alt_text": "Timelapse of bean vines climbing five poles tied at the top.",
         "variants": [{"content_type": "application/x-mpegURL", "url": "https://example.org/beans/teepee.m3u8"},
                      {"bit_rate": 832000, "content_type": "video/mp4", "url": "https://example.org/beans/teepee-640.mp4"},
                      {"bit_rate": 2176000, "content_type": "video/mp4", "url": "https://example.org/beans/teepee-1280.mp4"}]},
        {"media_key": "3_%d" % (C + 96), "type": "photo", "url": "media/tomatoes.jpg", "width": 960, "height": 1200,
         "alt_text": "A truss of four tomatoes, two red, one orange, one still green."},
    ]
    users = [{"id": J, "name": "Juno Marsh 🌱", "username": "junomarsh", "profile_image_url": "media/avatar.jpg",
              "description": "Grows food, builds the boxes it grows in."},
             {"id": "2091000002", "name": "Riverside Seed Library", "username": "seedlibrary_rv",
              "profile_image_url": "media/avatar-seedlib.jpg"}]
    doc = {"data": list(reversed(ts)), "includes": {"users": users, "media": media, "tweets": [quoted]},
           "meta": {"result_count": len(ts), "newest_id": str(C + 7), "oldest_id": str(C)}}
    with open(os.path.join(out, "thread.json"), "w") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")


def short(out):
    """samples/short: three plain tweets, no media, no avatar."""
    os.makedirs(out, exist_ok=True)
    C = 1791000000000000000
    A = "2091000003"
    texts = ["Three small things that made my week better:",
             "A walk before opening the laptop. Twenty minutes, no phone.",
             "Writing tomorrow's first task on a sticky note tonight. And saying no to one meeting."]
    ts = [tweet(C + i, A, C, "2024-09-10T20:%02d:00.000Z" % (5 + i), t, parent=(C + i - 1) if i else None)
          for i, t in enumerate(texts)]
    doc = {"data": list(reversed(ts)),
           "includes": {"users": [{"id": A, "name": "Sam Okoro", "username": "samokoro"}]},
           "meta": {"result_count": 3, "newest_id": str(C + 2), "oldest_id": str(C)}}
    with open(os.path.join(out, "thread.json"), "w") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    garden(os.path.join(ROOT, "garden"))
    short(os.path.join(ROOT, "short"))
    for d in ("garden", "short"):
        for dp, _, files in os.walk(os.path.join(ROOT, d)):
            for fn in sorted(files):
                p = os.path.join(dp, fn)
                print("%8d %s" % (os.path.getsize(p), os.path.relpath(p, ROOT)))
