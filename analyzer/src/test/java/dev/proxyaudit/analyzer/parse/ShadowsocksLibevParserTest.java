package dev.proxyaudit.analyzer.parse;

import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * shadowsocks-libev {@code ss-server -v} lines (docs/formats.md 3.1). "captured" = Debian 12's
 * shadowsocks-libev 3.3.5 in the lab run of sample-logs/README.md (written in Europe/Berlin: the
 * zone-less stamps read as UTC here, the RFC 3339 and short-iso ones convert); issue numbers =
 * lines quoted in public reports; "from code" = assembled from {@code src/server.c}, {@code
 * src/udprelay.c} and {@code src/utils.h} for variants no report showed.
 */
class ShadowsocksLibevParserTest {

  @TestFactory
  List<DynamicTest> stdoutLines() {
    return new Lines.Table()
        .row(
            "libev 3.3.5 captured, ss-server -v to a file (ss-server-8388.log): leading space",
            " 2026-11-28 05:53:09 INFO: [8388] connect to www.example.test:80",
            "shadowsocks-libev 2026-11-28T05:53:09Z accepted tcp user=8388 server.port=8388"
                + " dst=www.example.test:80")
        .row(
            "libev 3.3.5 captured (ss-server-8388.log): IPv4 destination",
            " 2026-11-28 05:53:11 INFO: [8388] connect to 203.0.113.80:443",
            "shadowsocks-libev 2026-11-28T05:53:11Z accepted tcp user=8388 server.port=8388"
                + " dst=203.0.113.80:443")
        .row(
            "libev from code (server.c): IPv6 literal in brackets",
            " 2026-01-01 12:00:00 INFO: [8388] connect to [2001:db8::25]:25",
            "shadowsocks-libev 2026-01-01T12:00:00Z accepted tcp user=8388 server.port=8388"
                + " dst=[2001:db8::25]:25")
        .row(
            "libev from code (utils.h): colour on a tty, ESC[01;32m ... ESC[0m around stamp+level",
            "\u001b[01;32m 2026-11-28 05:53:09 INFO: \u001b[0m[8388] connect to mx1.example.test:25",
            "shadowsocks-libev 2026-11-28T05:53:09Z accepted tcp user=8388 server.port=8388"
                + " dst=mx1.example.test:25")
        .row(
            "libev from code (udprelay.c): [udp] cache miss names the client, IPv4",
            " 2026-11-28 05:53:09 INFO: [8388] [udp] cache miss: 8.8.8.8:53 <-> 198.51.100.17:40000",
            "shadowsocks-libev 2026-11-28T05:53:09Z accepted udp user=8388 server.port=8388"
                + " src=198.51.100.17:40000 dst=8.8.8.8:53")
        .row(
            "libev from code (udprelay.c): cache miss, IPv6 target and client without brackets",
            " 2026-11-28 05:53:09 INFO: [8388] [udp] cache miss: 2001:db8::53:53 <->"
                + " 2001:db8:100::17:40000",
            "shadowsocks-libev 2026-11-28T05:53:09Z accepted udp user=8388 server.port=8388"
                + " src=[2001:db8:100::17]:40000 dst=[2001:db8::53]:53")
        .row(
            "libev from code: cache miss from a dual-stack listener (IPv4-mapped client)",
            " 2026-11-28 05:53:09 INFO: [8388] [udp] cache miss: dns.example.test:53 <->"
                + " ::ffff:198.51.100.17:40000",
            "shadowsocks-libev 2026-11-28T05:53:09Z accepted udp user=8388 server.port=8388"
                + " src=198.51.100.17:40000 dst=dns.example.test:53")
        .row(
            "libev 3.3.5 captured (ss-server-8388.log): start-up line is skipped",
            " 2026-11-28 05:53:07 INFO: initializing ciphers... chacha20-ietf-poly1305",
            "SKIP shadowsocks-libev message")
        .row(
            "libev 3.3.5 captured (ss-server-8388.log): IPv6 listen address is not a connection",
            " 2026-11-28 05:53:07 INFO: tcp server listening at 2001:db8:100::1:8388",
            "SKIP shadowsocks-libev message")
        .row(
            "libev 3.3.5 captured (ss-server-8388.log): resolver chatter",
            " 2026-11-28 05:53:09 INFO: found address name v4 address www.example.test",
            "SKIP shadowsocks-libev message")
        .row(
            "libev 2.6.3 real (shadowsocks-libev#1749): ERROR line on stderr",
            " 2017-10-23 10:08:18 ERROR: listen() error",
            "SKIP shadowsocks-libev ERROR line")
        .row(
            "libev from code (utils.h ERROR(s)): getpeername error to stderr",
            " 2026-11-28 05:53:17 ERROR: getpeername: Transport endpoint is not connected",
            "SKIP shadowsocks-libev ERROR line")
        .row(
            "libev from code: a cache hit is the same client association again, skipped",
            " 2026-11-28 05:53:09 INFO: [8388] [udp] cache hit: 8.8.8.8:53 <-> 198.51.100.17:40000",
            "SKIP shadowsocks-libev message")
        .row(
            "libev from code (udprelay.c): [udp] message without a port tag",
            " 2026-11-28 05:53:40 INFO: [udp] one connection freed",
            "SKIP shadowsocks-libev message")
        .row(
            "port 99999 in the destination is malformed",
            " 2026-11-28 05:53:09 INFO: [8388] connect to www.example.test:99999",
            "MALFORMED 'connect to' without host:port: 'www.example.test:99999'")
        .row(
            "server port 99999 in the tag is malformed, not a skipped message",
            " 2026-11-28 05:53:09 INFO: [99999] connect to www.example.test:80",
            "MALFORMED bad server port")
        .row(
            "truncated in the destination host",
            " 2026-11-28 05:53:09 INFO: [8388] connect to www.exa",
            "MALFORMED 'connect to' without host:port: 'www.exa'")
        .row(
            "truncated right after 'connect to '",
            " 2026-11-28 05:53:09 INFO: [8388] connect to ",
            "MALFORMED 'connect to' without host:port: ''")
        .row(
            "garbage after a valid host:port",
            " 2026-11-28 05:53:09 INFO: [8388] connect to www.example.test:80 garbage",
            "MALFORMED 'connect to' without host:port: 'www.example.test:80 garbage'")
        .row(
            "empty level right after the date (found by FuzzClassifyTest: it threw)",
            " 2026-11-28 05:53:09: new connection from client, 1 opened client connections",
            "MALFORMED shadowsocks-libev line without a level")
        .row(
            "truncated in the udp client",
            " 2026-11-28 05:53:09 INFO: [8388] [udp] cache miss: 8.8.8.8:53 <-> ",
            "MALFORMED udp cache line without two host:port")
        .row(
            "truncated in the stamp",
            " 2026-11-28 05:53:0",
            "MALFORMED shadowsocks-libev line with an invalid date")
        .row(
            "impossible date",
            " 2026-02-30 05:53:09 INFO: [8388] connect to www.example.test:80",
            "MALFORMED shadowsocks-libev line with an impossible date")
        .tests();
  }

  /** rsyslog and journald wrappers around the same program (EnvelopeParser). */
  @TestFactory
  List<DynamicTest> wrappedLines() {
    return new Lines.Table()
        .row(
            "libev 3.3.5 captured, -f => syslog(3), rsyslog 8.2302 RSYSLOG_FileFormat (syslog)",
            "2026-11-28T05:53:09.936000+01:00 pa-vps ss-server[27354]: [8389] connect to"
                + " mx1.example.test:25",
            "shadowsocks-libev 2026-11-28T04:53:09Z accepted tcp user=8389 server.port=8389"
                + " dst=mx1.example.test:25")
        .row(
            "libev 3.3.5 captured (syslog): IPv6 literal, RFC 3339",
            "2026-11-28T05:53:13.066095+01:00 pa-vps ss-server[27354]: [8389] connect to"
                + " [2001:db8:203::25]:25",
            "shadowsocks-libev 2026-11-28T04:53:13Z accepted tcp user=8389 server.port=8389"
                + " dst=[2001:db8:203::25]:25")
        .row(
            "libev 3.3.5 captured, RSYSLOG_TraditionalFileFormat (syslog.traditional)",
            "Nov 28 05:53:09 pa-vps ss-server[27354]: [8389] connect to mx1.example.test:25",
            "shadowsocks-libev 2026-11-28T05:53:09Z accepted tcp user=8389 server.port=8389"
                + " dst=mx1.example.test:25")
        .row(
            "libev 3.3.5 captured (syslog.traditional): port 465",
            "Nov 28 05:53:13 pa-vps ss-server[27354]: [8389] connect to mail.example.org:465",
            "shadowsocks-libev 2026-11-28T05:53:13Z accepted tcp user=8389 server.port=8389"
                + " dst=mail.example.org:465")
        .row(
            "libev 3.3.5 captured, journalctl -o short: own stamp after two spaces wins",
            "Nov 28 05:53:10 pa-vps ss-server[27362]:  2026-11-28 05:53:10 INFO: [8390] connect to"
                + " www.example.test:80",
            "shadowsocks-libev 2026-11-28T05:53:10Z accepted tcp user=8390 server.port=8390"
                + " dst=www.example.test:80")
        .row(
            "libev 3.3.5 captured, journalctl -o short-iso (+0100), read with --tz UTC: the"
                + " journal's +0100 gives the zone-less own stamp its zone (1 h apart)",
            "2026-11-28T05:53:12+0100 pa-vps ss-server[27362]:  2026-11-28 05:53:12 INFO: [8390]"
                + " connect to 203.0.113.80:443",
            "shadowsocks-libev 2026-11-28T04:53:12Z accepted tcp user=8390 server.port=8390"
                + " dst=203.0.113.80:443")
        .row(
            "libev real (shadowsocks-libev PR #2231): [port] [udp] cache hit is skipped",
            "Nov 26 12:00:15 abc ss-server[25924]: [10000] [udp] cache hit: 1.1.1.1:443 <->"
                + " 2.2.2.2:12345",
            "SKIP shadowsocks-libev message")
        .row(
            "libev <= 3.2.1 real (PR #2231 'before'): connect line without the port, no user",
            "Nov 26 15:21:03 gyt ss-server[3914]: connect to google.com:443",
            "shadowsocks-libev 2026-11-26T15:21:03Z accepted tcp dst=google.com:443")
        .row(
            "libev <= 3.2.1 from code: udp cache miss without the port is read too, no user",
            "Nov 26 12:00:15 abc ss-server[25924]: [udp] cache miss: 1.1.1.1:443 <->"
                + " 2.2.2.2:12345",
            "shadowsocks-libev 2026-11-26T12:00:15Z accepted udp src=2.2.2.2:12345"
                + " dst=1.1.1.1:443")
        .row(
            "libev 3.3.5 captured (syslog): getpeername error at daemon.err has no tag, skipped",
            "2026-11-28T05:53:17.689292+01:00 pa-vps ss-server[27354]: getpeername: Transport"
                + " endpoint is not connected",
            "SKIP shadowsocks-libev message")
        .row(
            "libev 3.3.5 captured (syslog.traditional): getpeername error",
            "Nov 28 05:53:22 pa-vps ss-server[27354]: getpeername: Transport endpoint is not"
                + " connected",
            "SKIP shadowsocks-libev message")
        .row(
            "libev 3.3.5 captured (syslog): start-up line without tag",
            "2026-11-28T05:53:07.679500+01:00 pa-vps ss-server[27354]: initializing ciphers..."
                + " chacha20-ietf-poly1305",
            "SKIP shadowsocks-libev message")
        .row(
            "libev 3.3.5 captured (journalctl -o short): start-up line",
            "Nov 28 05:53:07 pa-vps ss-server[27362]:  2026-11-28 05:53:07 INFO: initializing"
                + " ciphers... chacha20-ietf-poly1305",
            "SKIP shadowsocks-libev message")
        .row(
            "libev 3.3.5 captured (journalctl -o short-iso): shutdown line",
            "2026-11-28T05:53:24+0100 pa-vps ss-server[27362]:  2026-11-28 05:53:24 INFO: closed"
                + " gracefully",
            "SKIP shadowsocks-libev message")
        .row(
            "libev from code under journald: stderr ERROR line",
            "Nov 28 05:53:17 pa-vps ss-server[27362]:  2026-11-28 05:53:17 ERROR: getpeername:"
                + " Transport endpoint is not connected",
            "SKIP shadowsocks-libev ERROR line")
        .row(
            "rsyslog 8.2302 captured (syslog): rsyslogd's own start line",
            "2026-11-28T05:53:07.424745+01:00 pa-vps rsyslogd: [origin software=\"rsyslogd\""
                + " swVersion=\"8.2302.0\" x-pid=\"27289\" x-info=\"https://www.rsyslog.com\"] start",
            "SKIP not a connection line (rsyslogd)")
        .row(
            "rsyslog 8.2302 captured (syslog.traditional): rsyslogd's own start line",
            "Nov 28 05:53:07 pa-vps rsyslogd: [origin software=\"rsyslogd\" swVersion=\"8.2302.0\""
                + " x-pid=\"27289\" x-info=\"https://www.rsyslog.com\"] start",
            "SKIP not a connection line (rsyslogd)")
        .row(
            "syslog: bad port in the destination",
            "Nov 28 05:53:10 pa-vps ss-server[27354]: [8389] connect to mx2.example.test:99999",
            "MALFORMED 'connect to' without host:port: 'mx2.example.test:99999'")
        .row(
            "syslog: truncated inside 'connect to'",
            "Nov 28 05:53:10 pa-vps ss-server[27354]: [8389] conn",
            "MALFORMED shadowsocks-libev '[port]' line cut short")
        .row(
            "syslog: truncated inside the port tag",
            "Nov 28 05:53:10 pa-vps ss-server[27354]: [83",
            "MALFORMED shadowsocks-libev '[port]' line cut short")
        .row(
            "syslog: garbage after a valid host:port",
            "2026-11-28T05:53:10.287093+01:00 pa-vps ss-server[27354]: [8389] connect to"
                + " mx2.example.test:25 extra",
            "MALFORMED 'connect to' without host:port: 'mx2.example.test:25 extra'")
        .tests();
  }

  /** The server port is the user (names for ports are applied when the answer is printed). */
  @TestFactory
  List<DynamicTest> serverPortIsTheUser() {
    return new Lines.Table(Lines::text)
        .row(
            "libev 3.3.5 captured (syslog): port 8389 is the user",
            "2026-11-28T05:53:09.936000+01:00 pa-vps ss-server[27354]: [8389] connect to"
                + " mx1.example.test:25",
            "shadowsocks-libev 2026-11-28T04:53:09Z accepted tcp user=8389 server.port=8389"
                + " dst=mx1.example.test:25")
        .row(
            "libev 3.3.5 captured (journalctl -o short): port 8390",
            "Nov 28 05:53:10 pa-vps ss-server[27362]:  2026-11-28 05:53:10 INFO: [8390] connect"
                + " to www.example.test:80",
            "shadowsocks-libev 2026-11-28T05:53:10Z accepted tcp user=8390 server.port=8390"
                + " dst=www.example.test:80")
        .row(
            "libev from code: udp cache miss has the port too",
            " 2026-11-28 05:53:09 INFO: [8389] [udp] cache miss: 8.8.8.8:53 <->"
                + " 198.51.100.16:40000",
            "shadowsocks-libev 2026-11-28T05:53:09Z accepted udp user=8389 server.port=8389"
                + " src=198.51.100.16:40000 dst=8.8.8.8:53")
        .row(
            "libev <= 3.2.1 real (PR #2231): no port, no user",
            "Nov 26 15:21:03 gyt ss-server[3914]: connect to google.com:443",
            "shadowsocks-libev 2026-11-26T15:21:03Z accepted tcp dst=google.com:443")
        .tests();
  }
}
