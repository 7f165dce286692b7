package dev.proxyaudit.analyzer.parse;

import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** V2Ray/Xray error-log lines that name where an outbound dialed (docs/formats.md 1.6). */
class V2RayErrorLineTest {

  @TestFactory
  List<DynamicTest> errorLogLines() {
    return new Lines.Table()
        .row(
            "v2ray 4.34 real (sample-logs/v2ray-4.34/error.log:154): refused dial to a name",
            "2026/11/28 05:53:16 [Info] [4285932875] v2ray.com/core/app/proxyman/outbound: failed to process outbound traffic > v2ray.com/core/proxy/freedom: failed to open connection to tcp:mx1.example.test:25 > v2ray.com/core/common/retry: [dial tcp 203.0.113.25:25: connect: connection refused] > v2ray.com/core/common/retry: all retry attempts failed",
            "v2ray.error 2026-11-28T05:53:16Z dial_failed tcp dst=mx1.example.test:25"
                + " dst.ip=203.0.113.25")
        .row(
            "v2ray 4.34 real (error.log:179): refused dial over IPv6",
            "2026/11/28 05:53:21 [Info] [654562928] v2ray.com/core/app/proxyman/outbound: failed to process outbound traffic > v2ray.com/core/proxy/freedom: failed to open connection to tcp:mx6.example.test:25 > v2ray.com/core/common/retry: [dial tcp [2001:db8:203::25]:25: connect: connection refused] > v2ray.com/core/common/retry: all retry attempts failed",
            "v2ray.error 2026-11-28T05:53:21Z dial_failed tcp dst=mx6.example.test:25"
                + " dst.ip=[2001:db8:203::25]")
        .row(
            "v2ray 4.34 real (error.log:164): refused dial to an IP",
            "2026/11/28 05:53:18 [Info] [2896879456] v2ray.com/core/app/proxyman/outbound: failed to process outbound traffic > v2ray.com/core/proxy/freedom: failed to open connection to tcp:203.0.113.26:25 > v2ray.com/core/common/retry: [dial tcp 203.0.113.26:25: connect: connection refused] > v2ray.com/core/common/retry: all retry attempts failed",
            "v2ray.error 2026-11-28T05:53:18Z dial_failed tcp dst=203.0.113.26:25")
        .row(
            "Xray >= 1.8.1 (docs/formats.md 1.6, proxy/freedom/freedom.go): exact source port",
            "2025/02/01 10:00:00.123456 [Info] [1869541447] proxy/freedom: connection opened to tcp:mx1.example.test:25, local endpoint 203.0.113.1:57054, remote endpoint 203.0.113.25:25",
            "v2ray.error 2025-02-01T10:00:00Z dialed tcp src=203.0.113.1:57054"
                + " dst=mx1.example.test:25 dst.ip=203.0.113.25")
        .row(
            "v2ray 4.34 real (error.log:6): session line is skipped",
            "2026/11/28 05:53:09 [Info] [2036424919] v2ray.com/core/proxy/vmess/inbound: received request for tcp:www.example.test:80",
            "SKIP V2Ray/Xray error log")
        .row(
            "v2ray 4.34 real (error.log:10): normal end of a connection is skipped",
            "2026/11/28 05:53:09 [Info] [2036424919] v2ray.com/core/app/proxyman/outbound: failed to process outbound traffic > v2ray.com/core/proxy/freedom: connection ends > context canceled",
            "SKIP V2Ray/Xray error log")
        .row(
            "Xray from code, cut after the local endpoint",
            "2025/02/01 10:00:00.123456 [Info] [1869541447] proxy/freedom: connection opened to tcp:mx1.example.test:25, local endpoint 203.0.113.1:57054",
            "MALFORMED 'connection opened to' without local and remote endpoint")
        .row(
            "Xray from code, stranger's text as the remote endpoint",
            "2025/02/01 10:00:00.123456 [Info] [1] proxy/freedom: connection opened to tcp:mx1.example.test:25, local endpoint 203.0.113.1:57054, remote endpoint mx1.example.test:25",
            "MALFORMED 'connection opened to' with a remote endpoint not an IP")
        .tests();
  }
}
