package dev.proxyaudit.analyzer.parse;

import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * ulogd2 JSON lines (docs/formats.md 4.5). "captured" = ulogd 2.0.8 (NFLOG group 2 -> BASE ->
 * IFINDEX -> IP2STR -> HWHDR -> JSON, defaults) in the lab run of sample-logs/README.md, file
 * real-formats/ulogd2-2.0.8/ulogd.json; "from captured" = a captured line with one field changed as
 * named, for cases the run did not produce.
 */
class UlogdJsonParserTest {
  /** ss-server's (UID 999) SYN to 203.0.113.25:25, written in Europe/Berlin. */
  static final String SMTP_999 =
      "{\"timestamp\": \"2026-11-28T05:53:10.479873+0100\", \"dvc\": \"Netfilter\", \"raw.pktlen\": 60, \"raw.pktcount\": 1, \"oob.prefix\": \"PA-NFLOG-SMTP\", \"oob.time.sec\": 1795841590, \"oob.time.usec\": 479873, \"oob.mark\": 0, \"oob.ifindex_out\": 3, \"oob.hook\": 3, \"oob.family\": 2, \"oob.protocol\": 2048, \"oob.uid\": 999, \"oob.gid\": 995, \"raw.label\": 0, \"ip.protocol\": 6, \"ip.tos\": 0, \"ip.ttl\": 64, \"ip.totlen\": 60, \"ip.ihl\": 5, \"ip.csum\": 1827, \"ip.id\": 47997, \"ip.fragoff\": 16384, \"src_port\": 59234, \"dest_port\": 25, \"tcp.seq\": 4137652630, \"tcp.ackseq\": 0, \"tcp.window\": 64240, \"tcp.offset\": 0, \"tcp.reserved\": 0, \"tcp.urg\": 0, \"tcp.ack\": 0, \"tcp.psh\": 0, \"tcp.rst\": 0, \"tcp.syn\": 1, \"tcp.fin\": 0, \"tcp.res1\": 0, \"tcp.res2\": 0, \"tcp.csum\": 30794, \"oob.in\": \"\", \"oob.out\": \"pa-p1\", \"src_ip\": \"203.0.113.1\", \"dest_ip\": \"203.0.113.25\"}";

  static final String SMTP6 =
      "{\"timestamp\": \"2026-11-28T05:53:11.503687+0100\", \"dvc\": \"Netfilter\", \"raw.pktlen\": 80, \"raw.pktcount\": 1, \"oob.prefix\": \"PA6-NFLOG-SMTP\", \"oob.time.sec\": 1795841591, \"oob.time.usec\": 503687, \"oob.mark\": 0, \"oob.ifindex_out\": 3, \"oob.hook\": 3, \"oob.family\": 10, \"oob.protocol\": 34525, \"oob.uid\": 65534, \"oob.gid\": 65534, \"raw.label\": 0, \"ip.protocol\": 6, \"ip6.payloadlen\": 40, \"ip6.priority\": 0, \"ip6.flowlabel\": 75416, \"ip6.hoplimit\": 64, \"ip6.nexthdr\": 6, \"src_port\": 34510, \"dest_port\": 25, \"tcp.seq\": 1482878376, \"tcp.ackseq\": 0, \"tcp.window\": 64800, \"tcp.offset\": 0, \"tcp.reserved\": 0, \"tcp.urg\": 0, \"tcp.ack\": 0, \"tcp.psh\": 0, \"tcp.rst\": 0, \"tcp.syn\": 1, \"tcp.fin\": 0, \"tcp.res1\": 0, \"tcp.res2\": 0, \"tcp.csum\": 24524, \"oob.in\": \"\", \"oob.out\": \"pa-p1\", \"src_ip\": \"2001:db8:203::1\", \"dest_ip\": \"2001:db8:203::25\"}";

  static final String IN_PROXY =
      "{\"timestamp\": \"2026-11-28T05:53:09.471873+0100\", \"dvc\": \"Netfilter\", \"raw.pktlen\": 60, \"raw.pktcount\": 1, \"oob.prefix\": \"PA-NFLOG-IN\", \"oob.time.sec\": 1795841589, \"oob.time.usec\": 471873, \"oob.mark\": 0, \"oob.ifindex_in\": 2, \"oob.hook\": 1, \"raw.mac_len\": 14, \"oob.family\": 2, \"oob.protocol\": 2048, \"raw.label\": 0, \"raw.type\": 1, \"raw.mac.addrlen\": 6, \"ip.protocol\": 6, \"ip.tos\": 0, \"ip.ttl\": 64, \"ip.totlen\": 60, \"ip.ihl\": 5, \"ip.csum\": 54217, \"ip.id\": 4734, \"ip.fragoff\": 16384, \"src_port\": 56633, \"dest_port\": 10086, \"tcp.seq\": 4026530741, \"tcp.ackseq\": 0, \"tcp.window\": 64240, \"tcp.offset\": 0, \"tcp.reserved\": 0, \"tcp.urg\": 0, \"tcp.ack\": 0, \"tcp.psh\": 0, \"tcp.rst\": 0, \"tcp.syn\": 1, \"tcp.fin\": 0, \"tcp.res1\": 0, \"tcp.res2\": 0, \"tcp.csum\": 21667, \"oob.in\": \"pa-p0\", \"oob.out\": \"\", \"src_ip\": \"198.51.100.12\", \"dest_ip\": \"198.51.100.1\", \"mac.saddr.str\": \"5a:80:c0:c9:fd:28\", \"mac.daddr.str\": \"5a:5b:66:a8:fc:ba\", \"mac.str\": \"5a:5b:66:a8:fc:ba:5a:80:c0:c9:fd:28:08:00\"}";

  @TestFactory
  List<DynamicTest> jsonLines() {
    return new Lines.Table()
        .row(
            "ulogd 2.0.8 captured: OUTPUT SYN with oob.uid/oob.gid; oob.time.sec wins",
            SMTP_999,
            "ulogd.json 2026-11-28T04:53:10Z logged tcp src=203.0.113.1:59234 dst=203.0.113.25:25"
                + " prefix=PA-NFLOG-SMTP output uid=999 gid=995 mark=0 syn")
        .row(
            "corrupt: negative oob.uid/oob.gid/oob.mark are not ids",
            SMTP_999
                .replace("\"oob.uid\": 999", "\"oob.uid\": -999")
                .replace("\"oob.gid\": 995", "\"oob.gid\": -995")
                .replace("\"oob.mark\": 0", "\"oob.mark\": -1"),
            "ulogd.json 2026-11-28T04:53:10Z logged tcp src=203.0.113.1:59234 dst=203.0.113.25:25"
                + " prefix=PA-NFLOG-SMTP output syn")
        .row(
            "ulogd 2.0.8 captured: IPv6 (oob.family 10), ip.protocol still set",
            SMTP6,
            "ulogd.json 2026-11-28T04:53:11Z logged tcp src=[2001:db8:203::1]:34510"
                + " dst=[2001:db8:203::25]:25 prefix=PA6-NFLOG-SMTP output uid=65534 gid=65534"
                + " mark=0 syn")
        .row(
            "ulogd 2.0.8 captured: INPUT with HWHDR mac.* keys, no uid",
            IN_PROXY,
            "ulogd.json 2026-11-28T04:53:09Z logged tcp src=198.51.100.12:56633"
                + " dst=198.51.100.1:10086 prefix=PA-NFLOG-IN input mark=0 syn")
        .row(
            "from captured without oob.time.*: timestamp +0100 (no colon) converts",
            SMTP_999.replace("\"oob.time.sec\": 1795841590, \"oob.time.usec\": 479873, ", ""),
            "ulogd.json 2026-11-28T04:53:10Z logged tcp src=203.0.113.1:59234 dst=203.0.113.25:25"
                + " prefix=PA-NFLOG-SMTP output uid=999 gid=995 mark=0 syn")
        .row(
            "from captured without oob.time.*: 2.0.8 in UTC prints no offset, file zone used",
            SMTP_999
                .replace("\"oob.time.sec\": 1795841590, \"oob.time.usec\": 479873, ", "")
                .replace("2026-11-28T05:53:10.479873+0100", "2026-11-28T04:53:10.479873"),
            "ulogd.json 2026-11-28T04:53:10Z logged tcp src=203.0.113.1:59234 dst=203.0.113.25:25"
                + " prefix=PA-NFLOG-SMTP output uid=999 gid=995 mark=0 syn")
        .row(
            "from captured: oob.mark set",
            SMTP_999.replace("\"oob.mark\": 0,", "\"oob.mark\": 31,"),
            "ulogd.json 2026-11-28T04:53:10Z logged tcp src=203.0.113.1:59234 dst=203.0.113.25:25"
                + " prefix=PA-NFLOG-SMTP output uid=999 gid=995 mark=31 syn")
        .row(
            "from captured: ICMP (ip.protocol 1, no ports) is skipped",
            SMTP_999
                .replace("\"ip.protocol\": 6,", "\"ip.protocol\": 1,")
                .replace("\"src_port\": 59234, \"dest_port\": 25, ", ""),
            "SKIP ulogd packet without ports (ip.protocol=1)")
        .row(
            "from captured: dest_port 99999",
            SMTP_999.replace("\"dest_port\": 25,", "\"dest_port\": 99999,"),
            "MALFORMED ulogd JSON without valid src_port and dest_port")
        .row(
            "from captured: dest_port as a string",
            SMTP_999.replace("\"dest_port\": 25,", "\"dest_port\": \"25\","),
            "MALFORMED ulogd JSON without valid src_port and dest_port")
        .row(
            "from captured: dest_port missing",
            SMTP_999.replace("\"dest_port\": 25, ", ""),
            "MALFORMED ulogd JSON without valid src_port and dest_port")
        .row(
            "from captured: src_ip 203.0.113.999",
            SMTP_999.replace("\"src_ip\": \"203.0.113.1\"", "\"src_ip\": \"203.0.113.999\""),
            "MALFORMED ulogd JSON without valid src_ip and dest_ip")
        .row(
            "from captured: oob.time.sec beyond any Instant (found by FuzzClassifyTest): malformed,"
                + " not a crash",
            SMTP_999.replace(
                "\"oob.time.sec\": 1795841590", "\"oob.time.sec\": 1795841591795841593"),
            "MALFORMED ulogd JSON without a valid time")
        .row(
            "from captured: no time at all",
            SMTP_999
                .replace("\"oob.time.sec\": 1795841590, \"oob.time.usec\": 479873, ", "")
                .replace("\"timestamp\": \"2026-11-28T05:53:10.479873+0100\", ", ""),
            "MALFORMED ulogd JSON without a valid time")
        .row(
            "captured line truncated in the middle",
            SMTP_999.substring(0, 200),
            "MALFORMED invalid JSON: Unexpected end-of-input within/between Object entries")
        .row(
            "captured line followed by a second object (two writes mixed)",
            SMTP_999 + "{\"dvc\": \"Netfilter\"}",
            "MALFORMED text after the ulogd JSON object")
        .row(
            "captured line followed by garbage",
            SMTP_999 + " garbage",
            "MALFORMED invalid JSON: Unrecognized token 'garbage': was expecting (JSON String,"
                + " Number, Array, Object or token 'null', 'true' or 'false')")
        .tests();
  }
}
