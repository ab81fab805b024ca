#!/usr/bin/env python3
"""Checks that every line of EXPECTED appears in the text pdftotext got from
a PDF, in logical order, ignoring white space, line wrapping and the bidi
embedding marks poppler adds (NFC aside).
Prints PASS/FAIL lines for tests/run.sh. Usage: textcheck.py NAME EXPECTED GOT [--rtl-runs]

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
page_words = set(letters(open(got, encoding="utf-8", errors="replace").read()).split())
text = norm(open(got, encoding="utf-8", errors="replace").read())
for i, line in enumerate(open(expected, encoding="utf-8").read().splitlines(), 1):
    if not line.strip():
        continue
    want = norm(line)
    if want in text:
        print("PASS %s-line%d" % (name, i))
    elif by_runs and any(map(is_rtl, line)) and all(w in page_words for w in rtl_words(line)):
        print("PASS %s-line%d (right-to-left words in logical order)" % (name, i))
    else:
        # Say how far it matched, to point at the first wrong character.
        k = max((n for n in range(len(want) + 1) if want[:n] in text), default=0)
        print("FAIL %s-line%d: text differs after %r: want %r" % (name, i, want[:k][-20:], want[k:k + 20]))
