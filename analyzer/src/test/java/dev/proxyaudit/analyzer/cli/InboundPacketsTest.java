package dev.proxyaudit.analyzer.cli;

import static dev.proxyaudit.analyzer.cli.SampleLogsEndToEndTest.audit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proxyaudit.analyzer.testing.Cli.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A packet someone sends to the server's own mail port (the input hook: IN= set, OUT= empty) is not
 * mail the server sent: it is named on its own line, never counted for a sender's uid.
 */
class InboundPacketsTest {
  /**
   * ConfigServer Firewall (CSF) logging a blocked inbound SYN: the shape of a real line quoted in
   * an AbuseIPDB report (kernel LOG, prefix "Firewall: *TCP_IN Blocked* "), addresses and port
   * replaced by TEST-NET ones and 587.
   */
  private static final String CSF_INBOUND =
      "Nov 28 05:53:12 pa-vps kernel: Firewall: *TCP_IN Blocked* IN=eth0 OUT="
          + " MAC=82:c6:52:d1:6e:53:fe:00:00:00:01:01:08:00 SRC=198.51.100.77 DST=203.0.113.1"
          + " LEN=40 TOS=0x00 PREC=0x00 TTL=113 ID=2375 PROTO=TCP SPT=55237 DPT=587 WINDOW=1"
          + " RES=0x00 SYN URGP=0";

  /** The lab's own outbound LOG line (Linux 6.1 kern.log, rsyslog), moved to port 587. */
  private static final String LAB_OUTBOUND =
      "Nov 28 05:53:09 pa-vps kernel: [ 1205.804791] PA-SMTP-OUT: IN= OUT=pa-p1"
          + " SRC=203.0.113.1 DST=203.0.113.25 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=8228 DF"
          + " PROTO=TCP SPT=59226 DPT=587 WINDOW=64240 RES=0x00 SYN URGP=0 UID=65534 GID=65534";

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private Run who(String log, String output) throws Exception {
    Path file = tmp.resolve("kern.log");
    Files.writeString(file, log);
    return audit(
        "who",
        "--index",
        tmp.resolve("index").toString(),
        "--port",
        "587",
        "--tz",
        "UTC",
        "--year",
        "2026",
        "--uid",
        "v2ray=65534",
        "--output",
        output,
        file.toString());
  }

  @Test
  void anInboundPacketAloneIsNoConnection() throws Exception {
    Run r = who(CSF_INBOUND + "\n", "table");
    assertEquals(ExitCode.OK.code(), r.code(), r.out() + r.err());
    assertTrue(r.out().contains("No connections to port 587 in the index."), r.out());
    assertTrue(
        r.out().contains("1 packet to port 587 of this host (inbound, IN= set, OUT= empty)"),
        r.out());
    assertFalse(r.out().contains("by the sender's uid"), r.out());
  }

  @Test
  void inboundPacketsAreCountedApartFromSentOnes() throws Exception {
    Run r = who(CSF_INBOUND + "\n" + LAB_OUTBOUND + "\n" + CSF_INBOUND + "\n", "json");
    assertEquals(ExitCode.FOUND.code(), r.code(), r.out() + r.err());
    JsonNode j = JSON.readTree(r.out());
    assertEquals(1, j.get("kernel").size(), r.out());
    JsonNode k = j.get("kernel").get(0);
    assertEquals(65534, k.get("uid").asInt(), r.out());
    assertEquals(1, k.get("packets").asLong(), r.out());
    assertEquals(2, j.get("inbound").get("587").asLong(), r.out());
  }
}
