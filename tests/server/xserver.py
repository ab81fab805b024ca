#!/usr/bin/env python3
"""A loopback stand-in for the X API and its media hosts, for the test suite.

It listens on 127.0.0.1 and 127.0.0.2 (a second host, so redirects can cross
hosts), each on a free port; routes requests by method, path and query to
scripted responses; records every request to a JSON Lines log; and exits by
itself after --lifetime seconds so it can never hang the suite.

Routes file (JSON):
  {"ids":    {"T1": 7200, "X": "1234"},      # name -> seconds ago (a fresh snowflake id) or a fixed id
   "routes": [{"method": "GET", "path": "/2/tweets/{{T1}}",
               "query": {"max_results": "100"},      # values that must match ("set:a,b" = same comma set)
               "absent": ["next_token"],              # keys that must not be there
               "host": "127.0.0.2",                   # optional: only on that listener
               "responses": [ {...}, {...} ]}]}       # the n-th hit gets the n-th (the last repeats)
A response: {"status": 200, "headers": {...}, "content_type": "...",
  "body": "text" | "body_file": "name" | "png": [w, h],
  "delay_ms": N, "truncate": N (send N bytes of the body, then close),
  "content_length": "text" (sent instead of the body's length, then close),
  "redirect": "URL" (302 with Location), "set": {"NAME": "value"} (variables
  for this response's templates only)}
Templates in paths, query values, headers and text bodies: {{NAME}} (an id),
{{NAME_AT}} (its ISO time), {{BASE}} (http://127.0.0.1:port), {{OTHER}}
(http://127.0.0.2:port2), {{NOW+N}} (epoch seconds + N).

Prints "PORT <port> <port2>" on stdout once listening, and writes --info as
JSON {"port", "port2", "base", "other", "ids": {...}}.
"""
import argparse
import json
import os
import re
import struct
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

TWEPOCH_MS = 1288834974657


def snowflake(ago, seq):
    """A tweet id made `ago` seconds before now (seq keeps ids distinct)."""
    ms = int((time.time() - ago) * 1000) - TWEPOCH_MS
    return str((ms << 22) | (seq & 0xFFF))


def iso_of(tid):
    """The creation time encoded in a snowflake id, as the API writes it."""
    ms = (int(tid) >> 22) + TWEPOCH_MS
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms / 1000)) + ".%03dZ" % (ms % 1000)


def make_png(w, h):
    """A valid w x h RGB PNG (a simple gradient)."""
    raw = bytearray()
    for y in range(h):
        raw.append(0)
        for x in range(w):
            raw += bytes(((x * 255) // max(w - 1, 1), (y * 255) // max(h - 1, 1), 128))

    def chunk(tag, data):
        c = struct.pack(">I", len(data)) + tag + data
        return c + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(bytes(raw))) + chunk(b"IEND", b""))


class World:
    """Routes, template variables, hit counters and the request log."""

    def __init__(self, args):
        self.fixtures = args.fixtures
        with open(args.routes, encoding="utf-8") as f:
            spec = json.load(f)
        self.vars = {}
        for i, (name, v) in enumerate(spec.get("ids", {}).items()):
            tid = snowflake(v, i + 1) if isinstance(v, (int, float)) else str(v)
            self.vars[name] = tid
            if isinstance(v, (int, float)):
                self.vars[name + "_AT"] = iso_of(tid)
        self.routes = spec.get("routes", [])
        self.hits = [0] * len(self.routes)
        self.delay_ms = args.delay_ms
        self.lock = threading.Lock()
        self.log = open(args.log, "a", encoding="utf-8")
        self.seq = 0

    def subst(self, s, extra=None):
        """Fills the {{...}} templates of s (extra: a response's own "set" variables)."""
        def one(m):
            k = m.group(1)
            if k.startswith("NOW"):
                return str(int(time.time()) + int(k[3:] or "0"))
            if extra and k in extra:
                return self.subst(extra[k])
            return self.vars.get(k, m.group(0))
        return re.sub(r"\{\{([A-Za-z0-9_+\-]+)\}\}", one, s)

    def match(self, method, host, path, query):
        """Index of the first route that matches, or None; counts the hit."""
        for i, r in enumerate(self.routes):
            if r.get("method", "GET") != method or self.subst(r["path"]) != path:
                continue
            if r.get("host") and r["host"] != host:
                continue
            ok = True
            for k, v in r.get("query", {}).items():
                got = query.get(k, [None])[0]
                want = self.subst(v)
                if want.startswith("set:"):
                    ok = ok and got is not None and set(got.split(",")) == set(want[4:].split(","))
                else:
                    ok = ok and got == want
            for k in r.get("absent", []):
                ok = ok and k not in query
            if ok:
                with self.lock:
                    n = self.hits[i]
                    self.hits[i] += 1
                return i, r["responses"][min(n, len(r["responses"]) - 1)]
        return None, None

    def record(self, entry):
        """Appends one request to the log (a line of JSON, flushed at once)."""
        with self.lock:
            self.seq += 1
            entry["n"] = self.seq
            self.log.write(json.dumps(entry) + "\n")
            self.log.flush()


class Server(ThreadingHTTPServer):
    """Threads per connection; a deep listen queue so bursts of concurrent
    connects are not dropped (and retried a second later by the kernel)."""
    daemon_threads = True
    request_queue_size = 128


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    world = None

    def log_message(self, fmt, *args):
        pass

    def do_GET(self):
        w = self.world
        u = urlsplit(self.path)
        query = parse_qs(u.query, keep_blank_values=True)
        host = self.server.server_address[0]
        idx, resp = w.match("GET", host, u.path, query)
        w.record({"method": "GET", "host": host, "path": u.path, "query": query, "raw_query": u.query,
                  "headers": {k.lower(): v for k, v in self.headers.items()},
                  "client_port": self.client_address[1], "route": idx, "t": time.time()})
        if w.delay_ms:
            time.sleep(w.delay_ms / 1000)
        if resp is None:
            resp = {"status": 404, "content_type": "application/problem+json",
                    "body": json.dumps({"title": "Not Found Error", "detail": "no route for " + u.path,
                                        "type": "about:blank", "status": 404})}
        try:
            self.answer(resp)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def answer(self, resp):
        """Sends one scripted response."""
        w = self.world
        if resp.get("delay_ms"):
            time.sleep(resp["delay_ms"] / 1000)
        status = resp.get("status", 200)
        extra = resp.get("set")
        headers = {k: w.subst(str(v), extra) for k, v in resp.get("headers", {}).items()}
        if "redirect" in resp:
            status = resp.get("status", 302)
            headers["Location"] = w.subst(resp["redirect"])
            body = b""
        elif "png" in resp:
            body = make_png(*resp["png"])
            headers.setdefault("Content-Type", "image/png")
        elif "body_file" in resp:
            with open(os.path.join(w.fixtures, resp["body_file"]), "rb") as f:
                body = f.read()
            if resp.get("template", resp["body_file"].endswith((".json", ".txt", ".html"))):
                body = w.subst(body.decode("utf-8"), extra).encode("utf-8")
        else:
            body = w.subst(resp.get("body", ""), extra).encode("utf-8")
        if "content_type" in resp:
            headers["Content-Type"] = resp["content_type"]
        elif "Content-Type" not in headers and body:
            headers["Content-Type"] = "application/json; charset=utf-8"
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(resp.get("content_length", len(body))))
        if "truncate" in resp or "content_length" in resp:
            self.send_header("Connection", "close")
        self.end_headers()
        if "truncate" in resp or "content_length" in resp:
            self.wfile.write(body[:resp.get("truncate", len(body))])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(body)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--routes", required=True)
    ap.add_argument("--fixtures", default=".")
    ap.add_argument("--log", required=True)
    ap.add_argument("--info")
    ap.add_argument("--lifetime", type=float, default=60)
    ap.add_argument("--delay-ms", type=int, default=0)
    args = ap.parse_args()
    if args.fixtures == ".":
        args.fixtures = os.path.dirname(os.path.abspath(args.routes))

    world = World(args)
    Handler.world = world
    servers = []
    for addr in ("127.0.0.1", "127.0.0.2"):
        servers.append(Server((addr, 0), Handler))
    p1, p2 = servers[0].server_address[1], servers[1].server_address[1]
    world.vars["BASE"] = "http://127.0.0.1:%d" % p1
    world.vars["OTHER"] = "http://127.0.0.2:%d" % p2
    if args.info:
        ids = {k: v for k, v in world.vars.items() if k not in ("BASE", "OTHER")}
        tmp = args.info + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump({"port": p1, "port2": p2, "base": world.vars["BASE"], "other": world.vars["OTHER"],
                       "ids": ids}, f)
        os.rename(tmp, args.info)
    # The lifetime bound: whatever happens, the process goes away.
    threading.Timer(args.lifetime, lambda: os._exit(0)).start()
    threading.Thread(target=servers[1].serve_forever, daemon=True).start()
    print("PORT %d %d" % (p1, p2), flush=True)
    try:
        servers[0].serve_forever()
    except KeyboardInterrupt:
        pass
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
