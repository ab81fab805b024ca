#!/usr/bin/env python3
"""Inputs of the shapes that once took quadratic time, for make bench:
  paragraph BYTES  one tweet whose note_tweet text is one paragraph of words
                   (no line break) of about BYTES bytes
  token BYTES      the same, but one word with no break opportunity at all
  rtl BYTES        the same in Arabic and Hebrew with Latin words and numbers
  photos N         a reply chain of N tweets with one photo each (distinct
                   URLs: file:// links to one small PNG with a query)
  errors N         a two-tweet thread and N errors[] entries (missing tweets)
  marks N          one tweet: a letter and N variation selectors, one cluster of
                   N + 1 glyphs (the PDF stage once asked per glyph what only the
                   whole cluster says)
The output is X API v2 JSON in OUT/thread.json (plus OUT/dot.png for photos).
Deterministic: the same arguments give the same files.
Usage: gen_shapes.py SHAPE COUNT OUT"""
import json, os, struct, sys, zlib

UID = "3141592653"
CONV = 1800000000000000000
USER = {"id": UID, "name": "Rin Calder", "username": "rin_observes"}
WORDS = ("telescope eyepiece mount tripod lens mirror filter chart comet nebula cluster "
         "galaxy moon crater planet ring orbit horizon meridian aperture").split()
RTL_WORDS = ("رأينا القمر الليلة بوضوح Saturn 45 דרך המשקפת ראינו את צדק 3.5 التلسكوب").split()


def tweet(i, text):
    """Tweet i of the chain (a reply to tweet i - 1 from the second on)."""
    tid = CONV + i
    t = {"id": str(tid), "conversation_id": str(CONV), "author_id": UID,
         "created_at": "2024-02-10T20:%02d:%02d.000Z" % (i // 60 % 60, i % 60), "text": text}
    if i:
        t["referenced_tweets"] = [{"type": "replied_to", "id": str(tid - 1)}]
        t["in_reply_to_user_id"] = UID
    return t


def words(nbytes, sep, vocab=WORDS):
    """About nbytes of the vocabulary, cycled, joined by sep."""
    out, size, k = [], 0, 0
    while size < nbytes:
        w = vocab[k % len(vocab)]
        out.append(w)
        size += len((w + sep).encode())
        k += 1
    return sep.join(out)


def png(path):
    """An 8x8 grey PNG, written with zlib (no image tools needed)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\0" + bytes([128] * 8) for _ in range(8))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 0, 0, 0, 0)) +
                chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def paragraph(count, out, sep, vocab=WORDS):
    """One long tweet: a note_tweet of one paragraph."""
    text = words(count, sep, vocab)
    t = tweet(0, text[:280])
    t["note_tweet"] = {"text": text}
    return {"data": [t], "includes": {"users": [USER]}}


def photos(count, out):
    """count tweets, one photo each, every photo its own URL and media key."""
    png(os.path.join(out, "dot.png"))
    url = "file://" + os.path.abspath(os.path.join(out, "dot.png"))
    tweets, media = [], []
    for i in range(count):
        t = tweet(i, "Frame %d of the night." % (i + 1))
        key = "3_%d" % (CONV + i)
        t["attachments"] = {"media_keys": [key]}
        media.append({"media_key": key, "type": "photo", "url": "%s?n=%d" % (url, i),
                      "width": 8, "height": 8})
        tweets.append(t)
    return {"data": list(reversed(tweets)), "includes": {"users": [USER], "media": media}}


def errors(count, out):
    """A two-tweet thread and count reports of missing tweets."""
    errs = [{"resource_type": "tweet", "resource_id": str(CONV + 1000 + i), "parameter": "ids",
             "title": "Not Found Error", "detail": "Could not find tweet with ids: [%d]." % (CONV + 1000 + i)}
            for i in range(count)]
    return {"data": [tweet(1, "Second."), tweet(0, "First.")], "includes": {"users": [USER]},
            "errors": errs}


def marks(count, out):
    """One tweet whose text is one cluster: a letter and count selectors."""
    text = "a" + "\ufe0f" * count
    t = tweet(0, text[:280])
    t["note_tweet"] = {"text": text}
    return {"data": [t], "includes": {"users": [USER]}}


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    shape, count, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    makers = {"paragraph": lambda c, o: paragraph(c, o, " "), "token": lambda c, o: paragraph(c, o, ""),
              "rtl": lambda c, o: paragraph(c, o, " ", RTL_WORDS),
              "photos": photos, "errors": errors, "marks": marks}
    if shape not in makers:
        sys.exit(__doc__)
    os.makedirs(out, exist_ok=True)
    doc = makers[shape](count, out)
    with open(os.path.join(out, "thread.json"), "w") as f:
        json.dump(doc, f, ensure_ascii=False)
        f.write("\n")


main()
