#!/usr/bin/python3
"""A loopback SMTP server for the mail tests (Debian's python3-aiosmtpd).

Listens on 127.0.0.1 on a free port; STARTTLS (required) or implicit TLS
with the given certificate; AUTH PLAIN and LOGIN against --auth USER:PASS (--exclude-auth PLAIN offers LOGIN only),
XOAUTH2 against --oauth-token; a SIZE limit; scripted faults. Every message
it takes is stored as DIR/msg-N.eml, and each transaction is logged to
DIR/log.jsonl ({"n", "mail_from", "rcpt_tos", "auth", "user", "tls"}).
Exits by itself after --lifetime seconds so it can never hang the suite.

Faults (--fault, repeatable):
  mail:N:REPLY   the first N MAIL commands get REPLY ("451 4.3.0 try later")
  data:N:REPLY   the first N DATA ends get REPLY (N = 0: every one)
  rcpt:ADDR:REPLY  RCPT TO ADDR gets REPLY ("550 5.1.1 no such user")
  drop:N         the first N transactions lose the connection at DATA's end
Writes --info as JSON {"port": N} once listening.
"""
import argparse
import asyncio
import base64
import json
import os
import socket
import ssl
import sys
import threading
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Handler:
    def __init__(self, args):
        self.args = args
        self.count = 0
        self.hits = {}
        self.faults = [f.split(":", 2) for f in args.fault]
        self.lock = threading.Lock()

    def hit(self, kind):
        with self.lock:
            self.hits[kind] = self.hits.get(kind, 0) + 1
            return self.hits[kind]

    def scripted(self, kind):
        for f in self.faults:
            if f[0] == kind:
                n = self.hit(kind)
                limit = int(f[1])
                if limit == 0 or n <= limit:
                    return f[2] if len(f) > 2 else ""
        return None

    async def handle_MAIL(self, server, session, envelope, address, options):
        reply = self.scripted("mail")
        if reply:
            return reply
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, options):
        for f in self.faults:
            if f[0] == "rcpt" and f[1].lower() == address.lower():
                return f[2]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        drop = self.scripted("drop")
        if drop is not None:
            server.transport.abort()
            return "421 dropped"
        reply = self.scripted("data")
        if reply:
            return reply
        with self.lock:
            self.count += 1
            n = self.count
        with open(os.path.join(self.args.store, "msg-%d.eml" % n), "wb") as f:
            f.write(envelope.original_content)
        auth = session.auth_data
        rec = {"n": n, "mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
               "mail_options": envelope.mail_options,
               "auth": getattr(session, "tp_mech", None),
               "user": auth.login.decode() if isinstance(auth, LoginPassword) else auth,
               "tls": session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None}
        with open(os.path.join(self.args.store, "log.jsonl"), "a") as f:
            f.write(json.dumps(rec) + "\n")
        return "250 2.0.0 OK queued as %d" % n

    async def auth_XOAUTH2(self, server, args):
        if not self.args.oauth_token:
            return AuthResult(success=False)
        if len(args) > 1:
            blob = base64.b64decode(args[1])
        else:
            blob = await server.challenge_auth("")
            if not isinstance(blob, bytes):
                return AuthResult(success=False, handled=True)
        fields = dict(p.split("=", 1) for p in blob.decode().split("\x01") if "=" in p)
        if fields.get("auth") == "Bearer " + self.args.oauth_token:
            server.session.tp_mech = "XOAUTH2"
            return AuthResult(success=True, auth_data=fields.get("user"))
        return AuthResult(success=False)


def make_authenticator(args):
    user, _, password = (args.auth or ":").partition(":")

    def check(server, session, envelope, mechanism, data):
        if isinstance(data, LoginPassword) and data.login.decode() == user and data.password.decode() == password:
            session.tp_mech = mechanism
            return AuthResult(success=True, auth_data=data)
        return AuthResult(success=False, handled=False)
    return check


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", required=True)
    ap.add_argument("--info", required=True)
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--implicit-tls", action="store_true")
    ap.add_argument("--plain", action="store_true", help="no TLS at all")
    ap.add_argument("--auth")
    ap.add_argument("--oauth-token")
    ap.add_argument("--exclude-auth", action="append", default=[], help="a mechanism not to offer")
    ap.add_argument("--size", type=int, default=0)
    ap.add_argument("--fault", action="append", default=[])
    ap.add_argument("--lifetime", type=float, default=90)
    args = ap.parse_args()
    os.makedirs(args.store, exist_ok=True)

    handler = Handler(args)
    kw = {"data_size_limit": args.size or None,
          "auth_require_tls": not (args.plain or args.implicit_tls)}
    if args.auth or args.oauth_token:
        kw["authenticator"] = make_authenticator(args)
        kw["auth_required"] = True
        kw["auth_exclude_mechanism"] = args.exclude_auth
    ctx = None
    if not args.plain:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.cert, args.key)
    port = free_port()
    if args.implicit_tls:
        ctrl = Controller(handler, hostname="127.0.0.1", port=port, ssl_context=ctx, server_hostname="localhost", **kw)
    else:
        if ctx:
            kw["tls_context"] = ctx
            kw["require_starttls"] = True
        ctrl = Controller(handler, hostname="127.0.0.1", port=port, server_hostname="localhost", **kw)
    ctrl.start()
    with open(args.info + ".tmp", "w") as f:
        json.dump({"port": port}, f)
    os.rename(args.info + ".tmp", args.info)
    try:
        time.sleep(args.lifetime)
    except KeyboardInterrupt:
        pass
    ctrl.stop()


if __name__ == "__main__":
    main()
