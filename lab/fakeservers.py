#!/usr/bin/env python3
"""Fake mail (SMTP sink) and web servers for the proxy-audit lab.

Runs in the pa-net namespace. Every listener is given on the command line:

    fakeservers.py --log FILE --smtp NAME@IP:PORT ... --http IP:PORT ...

The SMTP sink speaks just enough ESMTP for swaks (EHLO/HELO, MAIL, RCPT, DATA,
RSET, NOOP, QUIT) and never relays anything. The HTTP server answers every GET
with a short page. Both write one JSON line per session to --log with the peer
address as seen by the server (the proxy's address and its *source port*, which
is what the kernel logs as SPT=) and the X-PA-Seq header sent by the lab's
client, so run.sh can join each client action to what the server saw.
Standard library only (asyncio); no smtpd (removed in Python 3.12).
"""
import argparse
import asyncio
import json
import re
import time

LOG = None


def log(rec):
    rec["t"] = round(time.time(), 6)
    LOG.write(json.dumps(rec, sort_keys=True) + "\n")
    LOG.flush()


def peer_of(writer):
    p = writer.get_extra_info("peername")
    s = writer.get_extra_info("sockname")
    return "%s|%s" % (p[0], p[1]), "%s|%s" % (s[0], s[1])


def make_smtp(name):
    async def handle(reader, writer):
        peer, local = peer_of(writer)
        rec = {"kind": "smtp", "server": name, "peer": peer, "local": local,
               "mail_from": None, "rcpt": [], "seq": None, "bytes": 0, "result": "open"}

        async def say(line):
            writer.write((line + "\r\n").encode())
            await writer.drain()

        try:
            await say("220 %s ESMTP pa-lab sink" % name)
            while True:
                raw = await asyncio.wait_for(reader.readline(), 30)
                if not raw:
                    rec["result"] = rec["result"] if rec["result"] != "open" else "eof"
                    break
                cmd = raw.decode("latin-1").rstrip("\r\n")
                verb = cmd.split(" ", 1)[0].upper()
                if verb == "EHLO":
                    await say("250-%s hello" % name)
                    await say("250-PIPELINING")
                    await say("250 8BITMIME")
                elif verb == "HELO":
                    await say("250 %s" % name)
                elif verb == "MAIL":
                    rec["mail_from"] = cmd[10:].strip()
                    await say("250 2.1.0 Ok")
                elif verb == "RCPT":
                    rec["rcpt"].append(cmd[8:].strip())
                    await say("250 2.1.5 Ok")
                elif verb == "DATA":
                    await say("354 End data with <CR><LF>.<CR><LF>")
                    while True:
                        line = await asyncio.wait_for(reader.readline(), 30)
                        if not line or line in (b".\r\n", b".\n"):
                            break
                        rec["bytes"] += len(line)
                        m = re.match(rb"X-PA-Seq:\s*(\d+)", line, re.I)
                        if m:
                            rec["seq"] = int(m.group(1))
                    rec["result"] = "queued"
                    await say("250 2.0.0 Ok: queued as PA%06d" % (rec["seq"] or 0))
                elif verb in ("RSET", "NOOP"):
                    await say("250 2.0.0 Ok")
                elif verb == "QUIT":
                    await say("221 2.0.0 Bye")
                    break
                else:
                    await say("502 5.5.2 Error: command not recognized")
        except Exception as e:  # timeouts, resets
            rec["error"] = type(e).__name__
        finally:
            log(rec)
            writer.close()
    return handle


async def http_handle(reader, writer):
    peer, local = peer_of(writer)
    rec = {"kind": "http", "peer": peer, "local": local, "seq": None, "request": None}
    try:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30)
        lines = head.decode("latin-1").split("\r\n")
        rec["request"] = lines[0]
        for h in lines[1:]:
            if h.lower().startswith("x-pa-seq:"):
                rec["seq"] = int(h.split(":", 1)[1].strip())
            if h.lower().startswith("host:"):
                rec["host"] = h.split(":", 1)[1].strip()
        body = b"<html><body>pa-lab web server</body></html>\n"
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n"
                     b"Connection: close\r\n\r\n" % len(body) + body)
        await writer.drain()
    except Exception as e:
        rec["error"] = type(e).__name__
    finally:
        log(rec)
        writer.close()


def split_hostport(s):
    host, _, port = s.rpartition(":")
    return host.strip("[]"), int(port)


async def main():
    global LOG
    ap = argparse.ArgumentParser()
    ap.add_argument("--log", required=True)
    ap.add_argument("--smtp", action="append", default=[], help="NAME@IP:PORT")
    ap.add_argument("--http", action="append", default=[], help="IP:PORT")
    a = ap.parse_args()
    LOG = open(a.log, "a")
    servers = []
    for spec in a.smtp:
        name, _, hp = spec.partition("@")
        host, port = split_hostport(hp)
        servers.append(await asyncio.start_server(make_smtp(name), host, port))
    for hp in a.http:
        host, port = split_hostport(hp)
        servers.append(await asyncio.start_server(http_handle, host, port))
    log({"kind": "start", "listeners": a.smtp + a.http})
    await asyncio.gather(*(s.serve_forever() for s in servers))


if __name__ == "__main__":
    asyncio.run(main())
