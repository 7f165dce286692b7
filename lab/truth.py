#!/usr/bin/env python3
"""Build truth.json (ground truth of a lab run) from run.sh's actions.tsv and the
fake servers' sessions.jsonl, and print counts per (phase, service, user, client, port).

    truth.py --actions run/actions.tsv --sessions servers/sessions.jsonl \
             --phases run/phases --out truth.json --summary truth-summary.txt

truth.json is a JSON array, one object per line, one object per connection the
lab's clients opened (in order). Fields:
  seq            the client's sequence number (also sent as the X-PA-Seq header)
  phase          1 = logging only, 2 = tcp/25 REJECTed on the proxy's OUTPUT chain,
                 3 = tcp/25 open except to one server; two users of each service at once
  time, time_end local ISO 8601 with offset (ms) around the client command
  epoch          start as Unix seconds (float)
  service        "v2ray" | "shadowsocks-libev"
  inbound        v2ray inbound protocol (vmess, vless, shadowsocks, socks) or "ss-server"
  server_port    the proxy port the client connected to
  user           the identity the proxy's log can show: v2ray email, or for
                 shadowsocks-libev the lab's name of the per-user server port;
                 null when the proxy has none (client without email, socks, bad uuid)
  who            the lab's name of the client (alice, alice6 = alice over IPv6, nomail, ...)
  client_ip      source address of the client -> proxy connection
  dest, port     destination exactly as the client asked (name or IP literal)
  kind           "smtp" (swaks) or "web" (curl)
  outcome        delivered | failed (smtp), http-200 | failed (web)
  blocked        true when a REJECT rule applied (port 25 in phase 2; in phase 3 port 25 to
                 the server run.sh refuses, by the address the proxy's hosts file gives)
  egress         "ip:port" the destination server saw (proxy source ip and the
                 kernel's SPT=), null if no server saw the connection
  proxy_uid      uid the proxy process ran as (the kernel LOG's UID= on OUTPUT lines)
  note           free text for the special clients
"""
import argparse
import collections
import datetime as dt
import json

INBOUND_PORT = {"vmess": 10086, "vless": 10087, "shadowsocks": 8488, "socks": 1080}
NOTES = {
    "nomail": "VMess client without email: access lines carry no email",
    "badauth": "VMess client with a wrong UUID: expect a 'rejected ... invalid user' line, no connection",
    "anon": "v2ray socks inbound without auth: no user in any log",
    "alice6": "alice over IPv6 (client -> proxy)",
    "heidi": "shadowsocks-libev ss-local -> v2ray's shadowsocks inbound (email heidi@ss.example)",
    "frank2": "frank's second machine: the same ss-server port 8389 from another address",
}


def iso(epoch):
    return dt.datetime.fromtimestamp(epoch).astimezone().isoformat(timespec="milliseconds")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--actions", required=True)
    ap.add_argument("--sessions", required=True)
    ap.add_argument("--phases")
    ap.add_argument("--out", required=True)
    ap.add_argument("--summary", required=True)
    ap.add_argument("--uid", action="append", default=[], help="SERVICE=UID of the proxy process")
    a = ap.parse_args()

    uids = dict(u.split("=", 1) for u in a.uid)
    seen = {}
    with open(a.sessions) as f:
        for line in f:
            r = json.loads(line)
            if r.get("seq") is not None:
                seen.setdefault(int(r["seq"]), r)

    recs = []
    with open(a.actions) as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            row = dict(zip(header, line.rstrip("\n").split("\t")))
            seq = int(row["seq"])
            inbound = row["inbound"]
            if inbound.startswith("ss-server:"):
                inbound, sport = "ss-server", int(row["inbound"].split(":")[1])
            else:
                sport = INBOUND_PORT[inbound]
            port = int(row["port"])
            phase = int(row["phase"])
            s = seen.get(seq)
            egress = None
            if s:
                host, p = s["peer"].split("|")
                egress = ("[%s]:%s" % (host, p)) if ":" in host else ("%s:%s" % (host, p))
            rec = collections.OrderedDict(
                seq=seq, phase=phase, time=iso(float(row["t_start"])), time_end=iso(float(row["t_end"])),
                epoch=round(float(row["t_start"]), 3), service=row["service"], inbound=inbound,
                server_port=sport, user=None if row["user"] == "-" else row["user"], who=row["who"],
                client_ip=row["client_ip"], dest=row["dest"], port=port, kind=row["kind"],
                outcome=row["outcome"],
                blocked=(row["blocked"] == "1") if "blocked" in row else (phase == 2 and port == 25),
                egress=egress,
                proxy_uid=int(uids[row["service"]]) if row["service"] in uids else None)
            if row["who"] in NOTES:
                rec["note"] = NOTES[row["who"]]
            recs.append(rec)

    with open(a.out, "w") as f:
        f.write("[\n" + ",\n".join(json.dumps(r) for r in recs) + "\n]\n")

    # summary
    lines = []
    c = collections.Counter((r["phase"], r["service"], r["inbound"], r["user"] or "-(%s)" % r["who"],
                             r["client_ip"], r["kind"], r["port"], r["outcome"]) for r in recs)
    lines.append("phase\tservice\tinbound\tuser\tclient_ip\tkind\tport\toutcome\tcount")
    for k in sorted(c, key=lambda k: tuple(str(x) for x in k)):
        lines.append("\t".join(str(x) for x in k) + "\t%d" % c[k])
    smtp = [r for r in recs if r["kind"] == "smtp"]
    lines.append("")
    lines.append("SMTP connections per (service, user): " + ", ".join(
        "%s/%s=%d" % (k[0], k[1], v) for k, v in sorted(collections.Counter(
            (r["service"], r["user"] or "-(%s)" % r["who"]) for r in smtp).items())))
    lines.append("SMTP connections per port: " + ", ".join(
        "%d=%d" % kv for kv in sorted(collections.Counter(r["port"] for r in smtp).items())))
    lines.append("total connections: %d (smtp %d, web %d); delivered %d; blocked attempts %d; egress seen by servers %d"
                 % (len(recs), len(smtp), len(recs) - len(smtp),
                    sum(r["outcome"] == "delivered" for r in recs),
                    sum(r["blocked"] for r in recs), sum(r["egress"] is not None for r in recs)))
    if a.phases:
        lines.append("")
        with open(a.phases) as f:
            for line in f:
                k, v = line.split()
                lines.append("%s %s" % (k, iso(float(v))))
    with open(a.summary, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
