package dev.proxyaudit.analyzer.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** journalctl -o json entries (systemd 252, Debian 12) as rsyslog file lines. */
class JournalEntryTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  // journalctl -o json of a journal file written by systemd-journal-remote 252 from the lab's
  // ss-server line (real-formats/shadowsocks-libev-3.3.5/journalctl-t-ss-server-short-iso.txt)
  private static final String SS =
      "{\"_PID\":\"27362\",\"__MONOTONIC_TIMESTAMP\":\"1000\",\"_TRANSPORT\":\"stdout\","
          + "\"__CURSOR\":\"s=5d5bdf69939e48e0a3f2288216d3bf89;i=1;b=0123456789abcdef0123456789abcdef;"
          + "m=3e8;t=6614ef3ddb2c0;x=699112fc57439550\",\"MESSAGE\":\" 2026-11-28 05:53:07 INFO:"
          + " [8390] connect to mx1.example.test:25\",\"SYSLOG_IDENTIFIER\":\"ss-server\","
          + "\"__REALTIME_TIMESTAMP\":\"1795841587000000\",\"_SYSTEMD_UNIT\":"
          + "\"shadowsocks-libev.service\",\"_HOSTNAME\":\"pa-vps\",\"_BOOT_ID\":"
          + "\"0123456789abcdef0123456789abcdef\"}";

  // the same tool, the lab's first PA-SMTP-OUT kernel line
  private static final String KERNEL =
      "{\"_HOSTNAME\":\"pa-vps\",\"SYSLOG_IDENTIFIER\":\"kernel\",\"__MONOTONIC_TIMESTAMP\":"
          + "\"1205994313\",\"MESSAGE\":\"PA-SMTP-OUT: IN= OUT=pa-p1 SRC=203.0.113.1"
          + " DST=203.0.113.25 LEN=60 PROTO=TCP SPT=59232 DPT=25 SYN UID=65534 GID=65534\","
          + "\"_BOOT_ID\":\"0123456789abcdef0123456789abcdef\",\"__CURSOR\":\"s=17b5;i=1\","
          + "\"__REALTIME_TIMESTAMP\":\"1795841589823472\",\"_TRANSPORT\":\"kernel\"}";

  @Test
  void linesAsRsyslogWritesThem() throws IOException {
    JournalEntry ss = JournalEntry.parse(SS);
    assertEquals(
        "2026-11-28T05:53:07.000000+01:00 pa-vps ss-server[27362]:  2026-11-28 05:53:07 INFO:"
            + " [8390] connect to mx1.example.test:25",
        ss.line(BERLIN));
    assertEquals("s=5d5bdf69939e48e0a3f2288216d3bf89", ss.cursor().substring(0, 34));
    assertEquals(
        "2026-11-28T05:53:09.823472+01:00 pa-vps kernel: PA-SMTP-OUT: IN= OUT=pa-p1"
            + " SRC=203.0.113.1 DST=203.0.113.25 LEN=60 PROTO=TCP SPT=59232 DPT=25 SYN"
            + " UID=65534 GID=65534",
        JournalEntry.parse(KERNEL).line(BERLIN));
  }

  @Test
  void binaryMessagesNewlinesAndNonEntries() throws IOException {
    // journald keeps a MESSAGE that is not valid UTF-8 as an array of byte values
    JournalEntry bytes =
        JournalEntry.parse(
            "{\"__CURSOR\":\"c\",\"__REALTIME_TIMESTAMP\":\"0\",\"SYSLOG_IDENTIFIER\":\"x\","
                + "\"MESSAGE\":[104,105,10,255]}");
    assertEquals("1970-01-01T00:00:00.000000+00:00 - x: hi \uFFFD", bytes.line(ZoneId.of("UTC")));
    assertNull(JournalEntry.parse("{\"MESSAGE\":\"no cursor\"}"));
    assertNull(JournalEntry.parse("[1,2]"));
    assertThrows(IOException.class, () -> JournalEntry.parse("{not json"));
  }
}
