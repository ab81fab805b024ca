#!/usr/bin/env python3
"""Checks that every line of EXPECTED appears in the text pdftotext got from
a PDF, in logical order, ignoring white space, line wrapping and the bidi
embedding marks poppler adds (NFC aside).
Prints PASS/FAIL lines for tests/run.sh.
Usage: textcheck.py NAME EXPECTED GOT [--rtl-runs] [--known FILE]

--known FILE: lines known to be wrong in this reader, one "NAME-lineN
reason" a line: such a line is reported SKIP with the reason while it is
wrong, and FAIL once it is right (so that the list is kept exact).

--rtl-runs: poppler decides one reading direction per page; on a mostly
left-to-right page it prints a right-to-left line's pieces in visual order,
cutting them at Latin letters, digits and the separators it counts as
numbers (: , . + - / # $ %), and moves marks and emoji at a piece's edge.
With this flag such a line passes when each right-to-left word (its letters,
marks aside) appears in logical order. A right-to-left page is checked
exactly: see samples/rtl."""
import sys, unicodedata

MARKS = dict.fromkeys(range(0x202A, 0x202F)) | dict.fromkeys([0x200E, 0x200F])

def norm(s):
    """NFC without white space or bidi marks, so wrapping and spacing do not matter."""
    return "".join(unicodedata.normalize("NFC", s).translate(MARKS).split())

def is_rtl(c):
    return unicodedata.bidirectional(c) in ("R", "AL")

def is_ltr(c):
    return unicodedata.bidirectional(c) in ("L", "EN", "AN")

def letters(s):
    """The right-to-left letters of s, everything else a word break."""
    return "".join(c if is_rtl(c) else " " for c in unicodedata.normalize("NFC", s)
                   if unicodedata.category(c) != "Mn")

def rtl_words(line):
    """The right-to-left words of a line, marks aside."""
    return letters(line).split()

name, expected, got = sys.argv[1], sys.argv[2], sys.argv[3]
by_runs = "--rtl-runs" in sys.argv[4:]
known = {}
if "--known" in sys.argv[4:]:
    for k in open(sys.argv[sys.argv.index("--known") + 1], encoding="utf-8").read().splitlines():
        if k.strip():
            key, _, why = k.strip().partition(" ")
            known[key] = why
page_words = set(letters(open(got, encoding="utf-8", errors="replace").read()).split())
text = norm(open(got, encoding="utf-8", errors="replace").read())
for i, line in enumerate(open(expected, encoding="utf-8").read().splitlines(), 1):
    if not line.strip():
        continue
    want = norm(line)
    key = "%s-line%d" % (name, i)
    if want in text:
        ok, note = True, ""
    elif by_runs and any(map(is_rtl, line)) and all(w in page_words for w in rtl_words(line)):
        ok, note = True, " (right-to-left words in logical order)"
    else:
        # Say how far it matched, to point at the first wrong character.
        k = max((n for n in range(len(want) + 1) if want[:n] in text), default=0)
        ok, note = False, "text differs after %r: want %r" % (want[:k][-20:], want[k:k + 20])
    if key in known and ok:
        print("FAIL %s: listed as known-wrong (%s) but now right: take it off the list" % (key, known[key]))
    elif key in known:
        print("SKIP %s: known-wrong: %s (%s)" % (key, known[key], note))
    elif ok:
        print("PASS %s%s" % (key, note))
    else:
        print("FAIL %s: %s" % (key, note))
