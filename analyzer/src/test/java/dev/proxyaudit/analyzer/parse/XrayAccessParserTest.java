package dev.proxyaudit.analyzer.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Xray access lines (docs/formats.md 1.2-1.4): real lines from public reports, named by issue, and
 * lines from code for variants no report showed.
 */
class XrayAccessParserTest {

  @TestFactory
  List<DynamicTest> xrayLines() {
    return new Lines.Table()
        .row(
            "Xray 1.8 under Marzban, real (V2IpLimit core_test.py): [in -> out], tag with spaces",
            "2023/07/07 03:09:00 151.232.190.86:57288 accepted tcp:gateway.instagram.com:443 [REALITY TCP 4 -> IPv4] email: 22.User_22",
            "xray.access 2023-07-07T03:09:00Z accepted tcp user=22.User_22"
                + " src=151.232.190.86:57288 dst=gateway.instagram.com:443"
                + " in=\"REALITY TCP 4\" out=IPv4")
        .row(
            "Xray 25.1.1 real (Xray#4324): from, unix socket source",
            "2025/01/24 18:38:40 from unix:@uds2022.sock accepted tcp:20.205.243.166:443 [direct] email: 2022@gmail.com",
            "xray.access 2025-01-24T18:38:40Z accepted tcp user=2022@gmail.com"
                + " src=unix:@uds2022.sock dst=20.205.243.166:443 out=direct")
        .row(
            "Xray 25+ real (Remnawave): microseconds, IPv6 source, numeric email",
            "2026/08/24 05:21:11.619564 from [2409:8a55:2c62:b1a0::1]:56188 accepted tcp:157.211.225.76:37071 [HN-VLESS-XHTTP-REALITY -> WARP] email: 376",
            "xray.access 2026-08-24T05:21:11Z accepted tcp user=376"
                + " src=[2409:8a55:2c62:b1a0::1]:56188 dst=157.211.225.76:37071"
                + " in=HN-VLESS-XHTTP-REALITY out=WARP")
        .row(
            "Xray 25+ real: tcp: source, [in >> out] default route",
            "2026/08/24 05:21:21.484367 from tcp:127.0.0.1:4442 accepted tcp:cp.cloudflare.com:80 [HN-SS >> direct] email: 404",
            "xray.access 2026-08-24T05:21:21Z accepted tcp user=404 src=127.0.0.1:4442"
                + " dst=cp.cloudflare.com:80 in=HN-SS out=direct")
        .row(
            "Xray real (3x-ui tool test): http inbound CONNECT, [mixed-in >> proxy]",
            "2024/10/01 10:00:00 from 127.0.0.1:13475 accepted //github.githubassets.com:443 [mixed-in >> proxy]",
            "xray.access 2024-10-01T10:00:00Z accepted tcp src=127.0.0.1:13475"
                + " dst=github.githubassets.com:443 in=mixed-in out=proxy")
        .row(
            "Xray from code: forced outbound [in ==> out]",
            "2025/02/01 10:00:00.123456 from 203.0.113.9:5000 accepted tcp:smtp.example.com:25 [api-in ==> direct] email: erin",
            "xray.access 2025-02-01T10:00:00Z accepted tcp user=erin src=203.0.113.9:5000"
                + " dst=smtp.example.com:25 in=api-in out=direct")
        .row(
            "Xray from code: no brackets (untagged outbound), no email",
            "2025/02/01 10:00:01.000001 from 203.0.113.9:5001 accepted tcp:198.51.100.25:25",
            "xray.access 2025-02-01T10:00:01Z accepted tcp src=203.0.113.9:5001"
                + " dst=198.51.100.25:25")
        .row(
            "Xray from code: email with spaces is taken to the end of the line",
            "2025/02/01 10:00:02.5 from 203.0.113.9:5002 accepted tcp:mx.example.test:25 [in -> out] email: Mary Ann Smith ",
            "xray.access 2025-02-01T10:00:02Z accepted tcp user=\"Mary Ann Smith\""
                + " src=203.0.113.9:5002 dst=mx.example.test:25 in=in out=out")
        .row(
            "Xray from code: rejected with from",
            "2025/02/01 10:00:03.000000 from 203.0.113.9:5003 rejected  proxy/vless/encoding: invalid request version",
            "xray.access 2025-02-01T10:00:03Z rejected src=203.0.113.9:5003")
        .row(
            "Xray from code: udp source prefix and port 0 from X-Forwarded-For",
            "2025/02/01 10:00:04.000000 from udp:203.0.113.9:0 accepted udp:8.8.8.8:53 [dns-out]",
            "xray.access 2025-02-01T10:00:04Z accepted udp src=203.0.113.9:0 dst=8.8.8.8:53"
                + " out=dns-out")
        .row(
            "Xray from code: the DNS module's own queries come 'from DNS'",
            "2025/02/01 10:00:05.000000 from DNS accepted udp:8.8.8.8:53 [dns-out]",
            "xray.access 2025-02-01T10:00:05Z accepted udp src=DNS dst=8.8.8.8:53 out=dns-out")
        .row(
            "Xray from code: maskAddress half",
            "2025/02/01 10:00:00.123456 from 11.45.*.*:5678 accepted tcp:smtp.example.com:25 [vless-in -> direct] email: alice",
            "xray.access 2025-02-01T10:00:00Z accepted tcp user=alice src=11.45.*.*:5678"
                + " dst=smtp.example.com:25 in=vless-in out=direct")
        .row(
            "Xray real (docs/formats.md 1.6): DNS log line is skipped",
            "2025/01/28 19:43:25 DOHL//one.one.one.one cache HIT: cdn.cookielaw.org -> [104.18.87.42, 104.18.86.42]",
            "SKIP Xray DNS log")
        .row(
            "Xray from code: DNS got answer line is skipped",
            "2025/01/28 19:43:26.100000 UDP:8.8.8.8:53 got answer: mx.example.test. -> [203.0.113.25] 23.4ms",
            "SKIP Xray DNS log")
        .row(
            "Xray under journald, real shape (XrayR PR #309): no Xray marks, the tag says Xray",
            "Jun 08 16:41:18 2outside.com XrayR[394906]: 2023/06/08 16:41:18 1.2.3.4:5 accepted tcp:mx.example.test:25 [direct] email: 3.alice",
            "xray.access 2023-06-08T16:41:18Z accepted tcp user=3.alice src=1.2.3.4:5"
                + " dst=mx.example.test:25 out=direct")
        .row(
            "Xray logging UTC under OpenWrt's local logread (luci-app-xray #314 shape, 8 h apart):"
                + " the wrapper's zone wins, Xray's microseconds stay",
            "Wed Jul 12 08:53:35 2023 daemon.info xray[47717]: 2023/07/12 00:53:35.250000 from 192.0.2.7:39285 accepted tcp:mx.example.test:25 [in -> direct]",
            "xray.access 2023-07-12T08:53:35Z accepted tcp src=192.0.2.7:39285"
                + " dst=mx.example.test:25 in=in out=direct")
        .row(
            "the same seconds apart only (a slow syslog): Xray's own time",
            "Wed Jul 12 08:53:39 2023 daemon.info xray[47717]: 2023/07/12 08:53:35.250000 from 192.0.2.7:39285 accepted tcp:mx.example.test:25 [in -> direct]",
            "xray.access 2023-07-12T08:53:35Z accepted tcp src=192.0.2.7:39285"
                + " dst=mx.example.test:25 in=in out=direct")
        .tests();
  }

  /** Xray 25+ writes microseconds: the event keeps them (the join separates lines by them). */
  @Test
  void microsecondsAreKept() {
    ParseResult r =
        new LineClassifier(Lines.context())
            .classify(
                "2026/08/24 05:21:11.619564 from [2409:8a55:2c62:b1a0::1]:56188 accepted"
                    + " tcp:157.211.225.76:37071 [HN-VLESS-XHTTP-REALITY -> WARP] email: 376",
                1,
                0);
    assertEquals(
        Instant.parse("2026-08-24T05:21:11.619564Z"),
        ((ParseResult.Parsed) r).event().time(),
        r.toString());
  }

  /** Moved to the wrapper's zone by whole quarter hours: Xray's microseconds stay. */
  @Test
  void aZoneMovedTimeKeepsItsMicroseconds() {
    ParseResult r =
        new LineClassifier(Lines.context())
            .classify(
                "Wed Jul 12 08:53:35 2023 daemon.info xray[47717]: 2023/07/12 00:53:35.250001"
                    + " from 192.0.2.7:39285 accepted tcp:mx.example.test:25 [in -> direct]",
                1,
                0);
    assertEquals(
        Instant.parse("2023-07-12T08:53:35.250001Z"),
        ((ParseResult.Parsed) r).event().time(),
        r.toString());
  }
}
