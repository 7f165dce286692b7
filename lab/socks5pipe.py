#!/usr/bin/env python3
"""Minimal SOCKS5 CONNECT client that relays stdin/stdout, for `swaks --pipe`.

    socks5pipe.py [-b SOURCE_IP] PROXY_HOST PROXY_PORT DEST_HOST DEST_PORT

swaks 20201014's --proxy is the HAProxy PROXY protocol, not SOCKS, so the lab
runs `swaks --pipe 'socks5pipe.py 127.0.0.1 1081 mx1.example.test 25'`.
DEST_HOST is sent as given: a name as ATYP 3 (the proxy resolves it, like
curl --socks5-hostname), an IPv4/IPv6 literal as ATYP 1/4.
Exit codes: 0 ok, 2 bad args, 3 proxy refused / connect failed, 4 relay error.
"""
import ipaddress
import os
import select
import socket
import struct
import sys


def recv_exact(s, n):
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise EOFError("proxy closed")
        buf += chunk
    return buf


def main():
    args = sys.argv[1:]
    src = None
    if args[:1] == ["-b"]:
        src, args = args[1], args[2:]
    if len(args) != 4:
        sys.stderr.write(__doc__)
        return 2
    phost, pport, dhost, dport = args[0], int(args[1]), args[2], int(args[3])
    try:
        s = socket.create_connection((phost, pport), timeout=15,
                                     source_address=(src, 0) if src else None)
        s.sendall(b"\x05\x01\x00")
        if recv_exact(s, 2) != b"\x05\x00":
            sys.stderr.write("socks5pipe: proxy refused auth method\n")
            return 3
        try:
            ip = ipaddress.ip_address(dhost)
            addr = (b"\x01" if ip.version == 4 else b"\x04") + ip.packed
        except ValueError:
            addr = b"\x03" + bytes([len(dhost)]) + dhost.encode()
        s.sendall(b"\x05\x01\x00" + addr + struct.pack(">H", dport))
        ver, rep, _, atyp = recv_exact(s, 4)
        alen = {1: 4, 4: 16}.get(atyp)
        if alen is None:
            alen = recv_exact(s, 1)[0]
        recv_exact(s, alen + 2)
        if rep != 0:
            sys.stderr.write("socks5pipe: CONNECT failed, reply %d\n" % rep)
            return 3
    except (OSError, EOFError) as e:
        sys.stderr.write("socks5pipe: %s\n" % e)
        return 3
    s.settimeout(None)
    inp, out = 0, 1   # raw file descriptors: no Python buffering in the relay
    stdin_open = True
    try:
        while True:
            fds = [s] + ([inp] if stdin_open else [])
            r, _, _ = select.select(fds, [], [], 30)
            if not r:
                return 4
            if s in r:
                data = s.recv(65536)
                if not data:
                    return 0
                while data:
                    data = data[os.write(out, data):]
            if stdin_open and inp in r:
                data = os.read(inp, 65536)
                if not data:
                    stdin_open = False
                    s.shutdown(socket.SHUT_WR)
                else:
                    s.sendall(data)
    except OSError as e:
        sys.stderr.write("socks5pipe: %s\n" % e)
        return 4


if __name__ == "__main__":
    sys.exit(main())
