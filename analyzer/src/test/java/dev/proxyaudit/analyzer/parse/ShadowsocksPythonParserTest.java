package dev.proxyaudit.analyzer.parse;

import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The Python shadowsocks server (2.8-2.9) and ShadowsocksR (docs/formats.md 3.3): real lines from
 * public reports, named by issue, and lines from {@code shadowsocks/tcprelay.py} and {@code
 * shell.py} ({@code %(asctime)s %(levelname)-8s %(message)s}: five spaces after INFO) for variants
 * no report showed. Local time without zone.
 */
class ShadowsocksPythonParserTest {

  @TestFactory
  List<DynamicTest> pythonLines() {
    return new Lines.Table()
        .row(
            "shadowsocks 2.x real (quoted in shadowsocksr#77): client and target, no user",
            "2015-06-10 00:05:07 INFO     connecting xx.ntdtv.com:80 from 114.254.44.156:50001",
            "shadowsocks-python 2015-06-10T00:05:07Z accepted tcp src=114.254.44.156:50001"
                + " dst=xx.ntdtv.com:80")
        .row(
            "shadowsocks 2.9.1 from code: IPv6 target and client without brackets",
            "2016-03-01 10:00:00 INFO     connecting 2001:db8::25:25 from 2001:db8::9:50001",
            "shadowsocks-python 2016-03-01T10:00:00Z accepted tcp src=[2001:db8::9]:50001"
                + " dst=[2001:db8::25]:25")
        .row(
            "shadowsocks 2.9.1 from code: dual-stack listener, IPv4-mapped client",
            "2016-03-01 10:00:01 INFO     connecting smtp.example.com:25 from ::ffff:198.51.100.9:50002",
            "shadowsocks-python 2016-03-01T10:00:01Z accepted tcp src=198.51.100.9:50002"
                + " dst=smtp.example.com:25")
        .row(
            "ShadowsocksR from code (tcprelay.py 642, connect_verbose_info): user is the port",
            "2017-07-27 15:50:44 INFO     tcprelay.py:642 TCP request smtp.example.com:25 by user 1025",
            "shadowsocks-python 2017-07-27T15:50:44Z accepted tcp user=1025"
                + " dst=smtp.example.com:25")
        .row(
            "ShadowsocksR from code (tcprelay.py 793): 'TCP connecting' repeats the request, skipped",
            "2017-07-27 15:50:44 INFO     tcprelay.py:793 TCP connecting smtp.example.com(203.0.113.25):25 from 10.0.0.5:41234 by user 1025",
            "SKIP shadowsocks (Python) message")
        .row(
            "shadowsocks real (shadowsocks-windows#2423, Python ssserver): start-up line",
            "2019-06-22 04:40:38 INFO     starting server at 0.0.0.0:443",
            "SKIP shadowsocks (Python) message")
        .row(
            "shadowsocks real (shadowsocks#1133): libcrypto line",
            "2018-01-19 17:47:29 INFO     loading libcrypto from libcrypto.so.1.0.0",
            "SKIP shadowsocks (Python) message")
        .row(
            "shadowsocks from code: ERROR level padded to 8",
            "2016-03-01 10:00:02 ERROR    getaddrinfo failed for smtp.example.com",
            "SKIP shadowsocks (Python) message")
        .row(
            "shadowsocks from code under journald (short): own stamp wins over the journal's",
            "Jun 10 00:05:08 vps ssserver[812]: 2015-06-10 00:05:07 INFO     connecting xx.ntdtv.com:80 from 114.254.44.156:50001",
            "shadowsocks-python 2015-06-10T00:05:07Z accepted tcp src=114.254.44.156:50001"
                + " dst=xx.ntdtv.com:80")
        .row(
            "port 99999 in the target",
            "2015-06-10 00:05:07 INFO     connecting xx.ntdtv.com:99999 from 114.254.44.156:50001",
            "MALFORMED 'connecting' line without two host:port")
        .row(
            "port 99999 in the client",
            "2015-06-10 00:05:07 INFO     connecting xx.ntdtv.com:80 from 114.254.44.156:99999",
            "MALFORMED 'connecting' line without two host:port")
        .row(
            "truncated in ' from '",
            "2015-06-10 00:05:07 INFO     connecting xx.ntdtv.com:80 fr",
            "MALFORMED 'connecting' without ' from '")
        .row(
            "garbage after the client",
            "2015-06-10 00:05:07 INFO     connecting xx.ntdtv.com:80 from 114.254.44.156:50001 garbage",
            "MALFORMED 'connecting' line without two host:port")
        .row(
            "ShadowsocksR truncated after 'by user '",
            "2017-07-27 15:50:44 INFO     tcprelay.py:642 TCP request smtp.example.com:25 by user ",
            "MALFORMED 'TCP request' line without host:port by user")
        .row(
            "ShadowsocksR garbage instead of the numeric user",
            "2017-07-27 15:50:44 INFO     tcprelay.py:642 TCP request smtp.example.com:25 by user 10x5",
            "MALFORMED 'TCP request' line without host:port by user")
        .row(
            "ShadowsocksR port 99999",
            "2017-07-27 15:50:44 INFO     tcprelay.py:642 TCP request smtp.example.com:99999 by user 1025",
            "MALFORMED 'TCP request' line without host:port by user")
        .tests();
  }
}
