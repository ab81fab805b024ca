#!/usr/bin/python3
"""emlq.py FILE EXPR: prints the value of EXPR over the message in FILE.

Names: m (email.message.EmailMessage, policy default), raw (bytes), atts
(the attachment parts), text and html (the decoded bodies, or None), log
(the JSON lines of log.jsonl beside FILE, if any), lines (raw split at CRLF),
pdf(path) (a file's bytes)."""
import email
import email.policy
import json
import os
import sys

path, expr = sys.argv[1], sys.argv[2]
raw = open(path, "rb").read()
m = email.message_from_bytes(raw, policy=email.policy.default)
atts = [p for p in m.walk() if p.get_content_disposition() == "attachment"]
body = m.get_body(("plain",))
text = body.get_content() if body else None
hb = m.get_body(("html",))
html = hb.get_content() if hb else None
lines = raw.split(b"\r\n")
logp = os.path.join(os.path.dirname(path), "log.jsonl")
log = [json.loads(x) for x in open(logp)] if os.path.exists(logp) else []


def pdf(p):
    return open(p, "rb").read()


print(eval(expr))
