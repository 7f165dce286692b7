package dev.proxyaudit.analyzer.parse;

import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * shadowsocks-rust {@code established tcp tunnel} lines (docs/formats.md 3.2): real lines from
 * public reports, named by issue, and lines from {@code
 * crates/shadowsocks-service/src/server/tcprelay.rs} (v1.24) with the tracing format of {@code
 * src/logging/tracing.rs} for variants no report showed. ss-rust prints its own RFC 3339 time with
 * the local offset, so times convert to UTC.
 */
class ShadowsocksRustParserTest {

  @TestFactory
  List<DynamicTest> rustLines() {
    return new Lines.Table()
        .row(
            "ss-rust real (shadowsocks-rust#1376), log4rs -v: client and target, no user",
            "2023-12-06T18:07:28.274879+08:00 DEBUG [7732:245924] [shadowsocks_service::server::tcprelay] established tcp tunnel 192.168.2.2:57180 <-> 198.18.0.2:8380 with ConnectOpts { bind_local_addr: None, bind_interface: None, tcp: TcpSocketOpts { send_buffer_size: None, recv_buffer_size: None, nodelay: false, fastopen: false, keepalive: Some(15s), mptcp: false } }",
            "shadowsocks-rust 2023-12-06T10:07:28Z accepted tcp src=192.168.2.2:57180"
                + " dst=198.18.0.2:8380")
        .row(
            "ss-rust >= 1.18.1 from code (tracing, -v): thread and target, IPv6 client, domain",
            "2024-08-29T23:15:39.652744974+08:00 DEBUG main ThreadId(01) shadowsocks_service::server::tcprelay: established tcp tunnel [2001:db8::7]:50000 <-> mx.example.test:25 with ConnectOpts { bind_local_addr: None }",
            "shadowsocks-rust 2024-08-29T15:15:39Z accepted tcp src=[2001:db8::7]:50000"
                + " dst=mx.example.test:25")
        .row(
            "ss-rust from code (tracing): IPv6 target as a socket address",
            "2024-08-29T23:15:39.652744974+08:00 DEBUG shadowsocks_service::server::tcprelay: established tcp tunnel 203.0.113.9:50000 <-> [2001:db8::25]:25 with ConnectOpts { bind_local_addr: None }",
            "shadowsocks-rust 2024-08-29T15:15:39Z accepted tcp src=203.0.113.9:50000"
                + " dst=[2001:db8::25]:25")
        .row(
            "ss-rust from code, stdout in the journal (short): its own RFC 3339 time wins",
            "Aug 29 23:15:40 vps ssserver[1234]: 2024-08-29T23:15:39.652744974+08:00 DEBUG shadowsocks_service::server::tcprelay: established tcp tunnel 203.0.113.9:50000 <-> mx.example.test:25 with ConnectOpts { bind_local_addr: None }",
            "shadowsocks-rust 2024-08-29T15:15:39Z accepted tcp src=203.0.113.9:50000"
                + " dst=mx.example.test:25")
        .row(
            "ss-rust from code, journal with log.format.without_time: the journal's time",
            "Aug 29 23:15:40 vps ssserver[1234]: DEBUG shadowsocks_service::server::tcprelay: established tcp tunnel 203.0.113.9:50000 <-> mx.example.test:25 with ConnectOpts { bind_local_addr: None }",
            "shadowsocks-rust 2026-08-29T23:15:40Z accepted tcp src=203.0.113.9:50000"
                + " dst=mx.example.test:25")
        .row(
            "ss-rust 1.16.2 real (shadowsocks-rust#1395), log4rs: start-up line is skipped",
            "2023-12-27T08:23:12.842784500+00:00 INFO  shadowsocks server 1.16.2 build 2023-09-23T06:53:47.350053434+00:00",
            "SKIP shadowsocks-rust message")
        .row(
            "ss-rust 1.15 real (shadowsocks-rust#850), log4rs -v: pid:tid and module",
            "2022-06-01T00:04:23.818355300+08:00 INFO  [2392:11296] [shadowsocks_rust::service::local] shadowsocks local 1.15.0-alpha.4 build 2022-05-31T13:39:10.304421+00:00",
            "SKIP shadowsocks-rust message")
        .row(
            "ss-rust >= 1.18.1 from code (tracing pads ' INFO'): listening line is skipped",
            "2024-08-29T23:15:39.652744974+08:00  INFO shadowsocks tcp server listening on 0.0.0.0:8388, inbound address 0.0.0.0:8388",
            "SKIP shadowsocks-rust message")
        .row(
            "ss-rust from code (tracing ' WARN'): handshake failure is skipped",
            "2024-08-29T23:15:39.652744974+08:00  WARN shadowsocks_service::server::tcprelay: tcp handshake failed. peer: 198.51.100.9:41000",
            "SKIP shadowsocks-rust message")
        .row(
            "ss-rust from code (tcprelay.rs TRACE): tunnel closed is not a new connection",
            "2024-08-29T23:15:39.652744974+08:00 TRACE shadowsocks_service::server::tcprelay: tcp tunnel 203.0.113.9:50000 <-> mx.example.test:25 closed, L2R 100 bytes, R2L 200 bytes",
            "SKIP shadowsocks-rust message")
        .row(
            "port 99999 in the target",
            "2024-08-29T23:15:39.652744974+08:00 DEBUG shadowsocks_service::server::tcprelay: established tcp tunnel 203.0.113.9:50000 <-> mx.example.test:99999 with ConnectOpts { bind_local_addr: None }",
            "MALFORMED tunnel line without two host:port")
        .row(
            "truncated in the target",
            "2024-08-29T23:15:39.652744974+08:00 DEBUG shadowsocks_service::server::tcprelay: established tcp tunnel 203.0.113.9:50000 <-> mx.exa",
            "MALFORMED tunnel line without two host:port")
        .row(
            "truncated before the target",
            "2024-08-29T23:15:39.652744974+08:00 DEBUG shadowsocks_service::server::tcprelay: established tcp tunnel 203.0.113.9:50000",
            "MALFORMED tunnel line without ' <-> '")
        .row(
            "garbage glued to the target port",
            "2024-08-29T23:15:39.652744974+08:00 DEBUG shadowsocks_service::server::tcprelay: established tcp tunnel 203.0.113.9:50000 <-> mx.example.test:25garbage with ConnectOpts { }",
            "MALFORMED tunnel line without two host:port")
        .row(
            "garbage after the target instead of ' with ConnectOpts'",
            "2024-08-29T23:15:39.652744974+08:00 DEBUG shadowsocks_service::server::tcprelay: established tcp tunnel 203.0.113.9:50000 <-> mx.example.test:25 garbage",
            "MALFORMED tunnel line with text after the target")
        .row(
            "impossible month",
            "2024-13-29T23:15:39.652744974+08:00 DEBUG shadowsocks_service::server::tcprelay: established tcp tunnel 203.0.113.9:50000 <-> mx.example.test:25 with ConnectOpts { bind_local_addr: None }",
            "MALFORMED shadowsocks-rust line without a valid time")
        .tests();
  }
}
