package dev.proxyaudit.analyzer.parse;

import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * V2Ray v4/v5 access lines. Sources as marked in docs/formats.md 1.4: "captured" = Debian 12's
 * v2ray 4.34.0 in a namespace lab; issue numbers = lines quoted in public bug reports; "from code"
 * = assembled from {@code common/log/access.go} for versions no report showed.
 */
class V2RayAccessParserTest {

  @TestFactory
  List<DynamicTest> v2rayLines() {
    return new Lines.Table()
        .row(
            "v2ray 4.34 captured: vmess user with email",
            "2026/11/28 04:02:28 198.51.100.2:42100 accepted tcp:mx.example.test:25 [direct] email: alice@example.com",
            "v2ray/xray.access 2026-11-28T04:02:28Z accepted tcp user=alice@example.com"
                + " src=198.51.100.2:42100 dst=mx.example.test:25 out=direct")
        .row(
            "v2ray 4.34 captured: client without email",
            "2026/11/28 04:02:28 198.51.100.2:42120 accepted tcp:mx.example.test:25 [direct]",
            "v2ray/xray.access 2026-11-28T04:02:28Z accepted tcp src=198.51.100.2:42120"
                + " dst=mx.example.test:25 out=direct")
        .row(
            "v2ray 4.34 captured: IPv6 client in brackets",
            "2026/11/28 04:02:28 [2001:db8:1::2]:33584 accepted tcp:mx6.example.test:25 [direct] email: alice@example.com",
            "v2ray/xray.access 2026-11-28T04:02:28Z accepted tcp user=alice@example.com"
                + " src=[2001:db8:1::2]:33584 dst=mx6.example.test:25 out=direct")
        .row(
            "v2ray 4.34 captured: rejected, two spaces, reason with '>'",
            "2026/11/28 04:02:36 198.51.100.2:42148 rejected  v2ray.com/core/proxy/vmess/encoding: failed to drain connection DrainSize = 1465 45 7 > v2ray.com/core/proxy/vmess/encoding: invalid user > v2ray.com/core/proxy/vmess: Not Found",
            "v2ray/xray.access 2026-11-28T04:02:36Z rejected src=198.51.100.2:42148")
        .row(
            "v2ray 4.34 captured: socks inbound, tcp: prefixed source",
            "2026/11/28 04:01:59 tcp:127.0.0.1:33762 accepted tcp:mx.example.test:25 [va]",
            "v2ray/xray.access 2026-11-28T04:01:59Z accepted tcp src=127.0.0.1:33762"
                + " dst=mx.example.test:25 out=va")
        .row(
            "v2ray 4.34 captured: blackholed request is still accepted",
            "2026/11/28 04:02:40 198.51.100.2:42200 accepted tcp:mx.example.test:465 [block] email: alice@example.com",
            "v2ray/xray.access 2026-11-28T04:02:40Z accepted tcp user=alice@example.com"
                + " src=198.51.100.2:42200 dst=mx.example.test:465 out=block")
        .row(
            "v2ray v4.22 real (v2ray-core#2168): trailing space, no email",
            "2020/01/08 09:55:43 127.0.0.1:37522 accepted tcp:149.154.175.54:443 [direct] ",
            "v2ray/xray.access 2020-01-08T09:55:43Z accepted tcp src=127.0.0.1:37522"
                + " dst=149.154.175.54:443 out=direct")
        .row(
            "v2fly real (v2fly#1178): rejected without module prefix",
            "2021/07/31 02:58:33 46.105.124.221:63951 rejected  proxy/vmess/encoding: connection drained DrainSize = 562 56 36 > proxy/vmess/encoding: invalid user > proxy/vmess: Not Found",
            "v2ray/xray.access 2021-07-31T02:58:33Z rejected src=46.105.124.221:63951")
        .row(
            "v2ray v4.22 real (docs/formats.md): non-ASCII tag, masked email",
            "2019/12/09 08:17:51 127.0.0.1:54166 accepted tcp:cuscochromeextension-pa.googleapis.com:443 [标识] email: *******",
            "v2ray/xray.access 2019-12-09T08:17:51Z accepted tcp user=******* src=127.0.0.1:54166"
                + " dst=cuscochromeextension-pa.googleapis.com:443 out=标识")
        .row(
            "v2ray v4.21.3-v4.33 from code: 'email:x' without space, trailing space",
            "2020/06/01 10:00:00 1.2.3.4:5678 accepted tcp:smtp.example.com:25 [direct] email:alice@example.com ",
            "v2ray/xray.access 2020-06-01T10:00:00Z accepted tcp user=alice@example.com"
                + " src=1.2.3.4:5678 dst=smtp.example.com:25 out=direct")
        .row(
            "v2ray v4.21.0 from code: email without detour",
            "2019/07/01 10:00:00 1.2.3.4:5678 accepted tcp:smtp.example.com:587 email:bob ",
            "v2ray/xray.access 2019-07-01T10:00:00Z accepted tcp user=bob src=1.2.3.4:5678"
                + " dst=smtp.example.com:587")
        .row(
            "v2ray v5 from code: udp destination and IPv6 destination in brackets",
            "2024/03/01 12:00:00 [2001:db8::7]:40000 accepted udp:[2001:db8::53]:53 [direct] email: carol",
            "v2ray/xray.access 2024-03-01T12:00:00Z accepted udp user=carol src=[2001:db8::7]:40000"
                + " dst=[2001:db8::53]:53 out=direct")
        .row(
            "v2ray http inbound (proxy/http/server.go): CONNECT logs //host:port",
            "2024/03/01 12:00:01 127.0.0.1:13475 accepted //mail.example.org:587 [direct]",
            "v2ray/xray.access 2024-03-01T12:00:01Z accepted tcp src=127.0.0.1:13475"
                + " dst=mail.example.org:587 out=direct")
        .row(
            "v2ray http inbound: a plain request logs the URL",
            "2024/03/01 12:00:02 127.0.0.1:13476 accepted http://www.example.test/index.html [direct]",
            "v2ray/xray.access 2024-03-01T12:00:02Z accepted tcp src=127.0.0.1:13476"
                + " dst=www.example.test:80 out=direct")
        .row(
            "v2ray 4.22 under its own syslog tag (v2ray/discussion #583): the tag says V2Ray",
            "Mar 01 00:01:01 access-us.srv4.internal v2ray[17527]: 2020/03/01 00:01:01 192.x.x.x:12345 accepted tcp:www.example.org:443 email:u00@internal",
            "v2ray.access 2020-03-01T00:01:01Z accepted tcp user=u00@internal src=192.x.x.x:12345"
                + " dst=www.example.org:443")
        .row(
            "the same words under another program's tag say neither",
            "Mar 01 00:01:01 vps proxy[17527]: 2020/03/01 00:01:01 198.51.100.2:12345 accepted tcp:www.example.org:443 [direct]",
            "v2ray/xray.access 2020-03-01T00:01:01Z accepted tcp src=198.51.100.2:12345"
                + " dst=www.example.org:443 out=direct")
        .row(
            "v2ray error log line in the same stream (captured) is skipped",
            "2026/11/28 04:02:28 [Info] [2759908840] v2ray.com/core/proxy/vmess/inbound: received request for tcp:mx.example.test:25",
            "SKIP V2Ray/Xray error log")
        .row(
            "v2ray start-up banner on stdout",
            "V2Ray 4.34.0 (user) 20230518-074445 (go1.19.8 linux/amd64)",
            "SKIP V2Ray/Xray start-up banner")
        .row(
            "destination without network prefix is malformed, not guessed",
            "2026/11/28 04:02:28 198.51.100.2:42100 accepted mx.example.test:25 [direct] email: x",
            "MALFORMED destination 'mx.example.test:25' is not tcp:/udp:host:port")
        .row(
            "a client-chosen host with a space cannot forge a user: malformed",
            "2026/11/28 04:02:28 198.51.100.2:42100 accepted tcp:evil email: bob:25 [direct]",
            "MALFORMED destination 'tcp:evil' has no host:port")
        .row(
            "truncated access line",
            "2026/11/28 04:02:28 198.51.100.2:42100 acce",
            "MALFORMED V2Ray/Xray line is neither access, error nor DNS log")
        .row(
            "impossible date",
            "2026/13/28 04:02:28 198.51.100.2:42100 accepted tcp:a.example:25",
            "MALFORMED V2Ray/Xray line with an invalid date")
        .tests();
  }
}
