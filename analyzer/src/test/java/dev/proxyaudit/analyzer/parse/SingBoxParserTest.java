package dev.proxyaudit.analyzer.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.proxyaudit.analyzer.report.EventText;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * sing-box lines (docs/formats.md 1.8), real ones from public reports named by issue: its own time
 * with the offset first, the level, the connection ID (and duration), the inbound and the user in
 * square brackets.
 */
class SingBoxParserTest {

  @TestFactory
  List<DynamicTest> singBoxLines() {
    return new Lines.Table()
        .row(
            "sing-box real (SagerNet/sing-box#486): trojan, user Shinobi",
            "+0700 2023-03-30 13:07:29 INFO [1274883241] inbound/trojan[trojan-ws]: [Shinobi] inbound connection to log.byteoversea.com:443",
            "sing-box 2023-03-30T06:07:29Z accepted tcp user=Shinobi dst=log.byteoversea.com:443"
                + " in=trojan-ws")
        .row(
            "sing-box real (#486): vmess UDP, user xixixi66",
            "+0700 2023-03-30 13:17:30 INFO [4176208660] inbound/vmess[vmess-ws]: [xixixi66] inbound packet connection to 142.251.85.230:443",
            "sing-box 2023-03-30T06:17:30Z accepted udp user=xixixi66 dst=142.251.85.230:443"
                + " in=vmess-ws")
        .row(
            "sing-box real (#486): the outbound's line is not a connection of its own",
            "+0700 2023-03-30 13:07:29 INFO [1274883241] outbound/direct[direct]: outbound connection to log.byteoversea.com:443",
            "SKIP sing-box message")
        .row(
            "sing-box real (#519): ID with duration, tun inbound without users",
            "+0800 2023-04-10 12:58:28 INFO [3220597556 0ms] inbound/tun[0]: inbound packet connection to 172.19.0.3:137",
            "sing-box 2023-04-10T04:58:28Z accepted udp dst=172.19.0.3:137 in=0")
        .row(
            "sing-box real (#519): start-up lines are skipped",
            "+0800 2023-04-10 12:58:27 INFO router: loaded geoip database: 250 codes",
            "SKIP sing-box message")
        .row(
            "sing-box real (#519): a message of no component after its time and level",
            "+0800 2023-04-10 12:58:28 INFO sing-box started (1.100s)",
            "SKIP sing-box message")
        .row(
            "sing-box real (#691): the journal with rsyslog-escaped colours, the client line",
            "Jun 29 00:20:21 debian sing-box[8671]: -0400 2023-06-29 00:20:21 #033[36mINFO#033[0m [#033[38;5;222m3161181920#033[0m 0ms] inbound/vless[vless-realy-in]: inbound connection from XX1.XX1.XX1.XX1:13080",
            "MALFORMED sing-box connection from a client without ip:port")
        .tests();
  }

  @Test
  void theClientComesFromTheConnectionsFirstLine() {
    LineClassifier c = new LineClassifier(Lines.context());
    List<String> out = new ArrayList<>();
    String[] lines = {
      // SagerNet/sing-box#486 (trojan: both lines under one ID), address as TEST-NET
      "+0700 2023-03-30 13:07:29 INFO [1274883241] inbound/trojan[trojan-ws]: inbound connection from 203.0.113.7:50248",
      "+0700 2023-03-30 13:07:29 INFO [1274883241] inbound/trojan[trojan-ws]: [Shinobi] inbound connection to log.byteoversea.com:443",
      // another ID: no client of its own, never the previous one's
      "+0700 2023-03-30 13:19:32 INFO [1193567044] inbound/vless[vless-ws]: [testlogin] inbound connection to 142.251.84.103:443",
    };
    for (int i = 0; i < lines.length; i++) {
      out.add(EventText.of(c.classify(lines[i], i + 1, 0), Lines.UTC));
    }
    assertEquals(
        List.of(
            "SKIP sing-box: the client of a connection",
            "sing-box 2023-03-30T06:07:29Z accepted tcp user=Shinobi src=203.0.113.7:50248"
                + " dst=log.byteoversea.com:443 in=trojan-ws",
            "sing-box 2023-03-30T06:19:32Z accepted tcp user=testlogin dst=142.251.84.103:443"
                + " in=vless-ws"),
        out);
  }
}
