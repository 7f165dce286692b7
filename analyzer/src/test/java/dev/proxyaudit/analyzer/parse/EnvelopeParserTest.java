package dev.proxyaudit.analyzer.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/**
 * Wrappers taken off before a format parser sees the line. Lines marked "captured" are from the lab
 * run in sample-logs/ (Debian 12, Europe/Berlin = +01:00 on 2026-11-28); "constructed" ones follow
 * the shapes documented in docs/formats.md 4.2 (journalctl(1) of systemd 252, rsyslog templates).
 */
class EnvelopeParserTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  /** The netfilter part every kernel rendering below shares (captured, kernel 6.18 LOG target). */
  private static final String PACKET =
      "PA-IN-PROXY: IN=pa-p0 OUT= MAC=5a:5b:66:a8:fc:ba:5a:80:c0:c9:fd:28:08:00"
          + " SRC=198.51.100.12 DST=198.51.100.1 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=4734 DF"
          + " PROTO=TCP SPT=56633 DPT=10086 WINDOW=64240 RES=0x00 SYN URGP=0 ";

  private static ParseContext berlin(Instant boot) {
    return new ParseContext(
        "k", "f.log", BERLIN, YearResolver.startingIn(2026), BootClock.of(boot));
  }

  private static String body(String line, Envelope e) {
    return line.substring(e.bodyStart());
  }

  @Test
  void rfc3339KernLineWithUptime() {
    // captured: rsyslog 8.2302 RSYSLOG_FileFormat + imklog, sample-logs/kernel/kern.log line 1
    String line = "2026-11-28T05:53:09.475566+01:00 pa-vps kernel: [ 1205.642958] " + PACKET;
    ParseContext ctx = berlin(null);
    Envelope e = new EnvelopeParser().parse(line, ctx);
    assertEquals(Envelope.Kind.SYSLOG, e.kind());
    assertEquals(Instant.parse("2026-11-28T04:53:09.475566Z"), e.time());
    assertEquals(1_205_642_958L, e.uptimeMicros());
    assertEquals("pa-vps", e.host());
    assertEquals("kernel", e.ident());
    assertTrue(e.fromKernel());
    assertEquals(PACKET, body(line, e));
    // The line taught the boot clock: wall time = learned boot + uptime.
    assertEquals(e.time(), ctx.boot().wallClock(1_205_642_958L));
  }

  /**
   * OpenWrt logread: ctime with the year, then facility.level, no host. Real lines: Xray under
   * luci-app-xray (github.com/yichya/luci-app-xray issue 227) and nfqws (github.com/bol-van/zapret
   * issue 355, a two-space day).
   */
  @Test
  void openWrtLogreadHasAPriorityAndNoHost() {
    String xray =
        "Thu Oct 13 07:50:16 2022 daemon.info xray[23519]: 2022/10/13 07:50:16"
            + " 192.168.1.103:50807 accepted tcp:149.154.167.41:80 [tproxy_tcp_inbound -> direct]";
    Envelope e = new EnvelopeParser().parse(xray, berlin(null));
    assertEquals(Envelope.Kind.SYSLOG, e.kind());
    assertEquals(Instant.parse("2022-10-13T05:50:16Z"), e.time());
    assertNull(e.host());
    assertEquals("xray", e.ident());
    assertEquals(
        "2022/10/13 07:50:16 192.168.1.103:50807 accepted tcp:149.154.167.41:80"
            + " [tproxy_tcp_inbound -> direct]",
        body(xray, e));
    String nfqws = "Mon Sep  2 19:19:47 2024 user.debug nfqws[2856]: read 4 bytes from hex string";
    e = new EnvelopeParser().parse(nfqws, berlin(null));
    assertEquals(Instant.parse("2024-09-02T17:19:47Z"), e.time());
    assertEquals("nfqws", e.ident());
    assertEquals("read 4 bytes from hex string", body(nfqws, e));
  }

  /**
   * Asuswrt-Merlin writes no host before the tag (github.com/Adamm00/IPSet_ASUS issue 51; the
   * reporter masked the MAC and DST): the line is the kernel's, not a host named "kernel:".
   */
  @Test
  void aRouterSyslogWithoutAHostIsStillTheKernels() {
    String line =
        "Oct 12 20:24:53 kernel: DROP IN=eth0 OUT= MAC=xx:xx:xx:xx:xx:xx:xx:xx:xx:xx:xx:xx:xx:xx"
            + " SRC=123.14.87.235 DST=xxx.xxx.xxx.xxx LEN=40 TOS=0x00 PREC=0x00 TTL=51 ID=60536"
            + " PROTO=TCP SPT=1361 DPT=23 SEQ=1411206384 ACK=0 WINDOW=5219 RES=0x00 SYN URGP=0 ";
    Envelope e = new EnvelopeParser().parse(line, berlin(null));
    assertEquals(Envelope.Kind.SYSLOG, e.kind());
    assertNull(e.host());
    assertEquals("kernel", e.ident());
    assertTrue(e.fromKernel());
    assertTrue(body(line, e).startsWith("DROP IN=eth0 OUT= "), body(line, e));
  }

  /**
   * A day of one digit after one space: the form syslog-ng (PR 4707) and fluentd (PR 31) learned to
   * read from CentOS rsyslog and routers. Constructed in that shape from the lab's line.
   */
  @Test
  void aDayOfOneDigitAfterOneSpaceHasItsTime() {
    String line =
        "Nov 1 05:53:07 pa-vps ss-server[27354]: tcp server listening at 198.51.100.1:8389";
    Envelope e = new EnvelopeParser().parse(line, berlin(null));
    assertEquals(Instant.parse("2026-11-01T04:53:07Z"), e.time());
    assertEquals("pa-vps", e.host());
    assertEquals("ss-server", e.ident());
    assertEquals("tcp server listening at 198.51.100.1:8389", body(line, e));
  }

  @Test
  void offsetPastEighteenHoursIsNoTimeAndDoesNotThrow() {
    // Found by FuzzClassifyTest: "+18:35" passed the hour check and ZoneOffset threw.
    ParseContext ctx = berlin(null);
    for (String off : new String[] {"+18:35", "-1835", "+19:00"}) {
      String line = "2026-11-28T05:53:09.475566" + off + " pa-vps kernel: " + PACKET;
      Envelope e = new EnvelopeParser().parse(line, ctx);
      assertNull(e.time(), off);
    }
    String edge = "2026-11-28T05:53:09+18:00 pa-vps kernel: " + PACKET;
    assertEquals(
        Instant.parse("2026-11-27T11:53:09Z"), new EnvelopeParser().parse(edge, ctx).time());
  }

  @Test
  void rfc3164TraditionalWithPid() {
    // captured: shadowsocks-libev 3.3.5 via syslog(3) -> rsyslog RSYSLOG_TraditionalFileFormat
    String line =
        "Nov 28 05:53:07 pa-vps ss-server[27354]: tcp server listening at 198.51.100.1:8389";
    Envelope e = new EnvelopeParser().parse(line, berlin(null));
    assertEquals(Envelope.Kind.SYSLOG, e.kind());
    assertEquals(Instant.parse("2026-11-28T04:53:07Z"), e.time());
    assertEquals("ss-server", e.ident());
    assertFalse(e.fromKernel());
    assertNull(e.uptimeMicros());
    assertEquals("tcp server listening at 198.51.100.1:8389", body(line, e));
  }

  @Test
  void rfc3164KernelWithUptime() {
    // captured: rsyslog 8.2302 RSYSLOG_TraditionalFileFormat,
    // real-formats/kernel/kern.log.traditional
    String line = "Nov 28 05:53:09 pa-vps kernel: [ 1205.642958] " + PACKET;
    Envelope e = new EnvelopeParser().parse(line, berlin(null));
    assertEquals(Instant.parse("2026-11-28T04:53:09Z"), e.time());
    assertEquals(1_205_642_958L, e.uptimeMicros());
    assertEquals(PACKET, body(line, e));
  }

  @Test
  void journalctlShortKeepsProgramsOwnLeadingSpace() {
    // captured: journalctl 252 -t ss-server -o short, ss-server 3.3.5 stdout via systemd-cat
    String line =
        "Nov 28 05:53:07 pa-vps ss-server[27362]:  2026-11-28 05:53:07 INFO: tcp server"
            + " listening at 198.51.100.1:8390";
    Envelope e = new EnvelopeParser().parse(line, berlin(null));
    assertEquals(Envelope.Kind.SYSLOG, e.kind());
    assertEquals("ss-server", e.ident());
    assertEquals(
        " 2026-11-28 05:53:07 INFO: tcp server listening at 198.51.100.1:8390", body(line, e));
  }

  @Test
  void journalctlKernelShortHasNoUptime() {
    // captured: journalctl 252 -k -o short -a, real-formats/kernel/journalctl-k.txt
    String line = "Nov 28 05:53:09 pa-vps kernel: " + PACKET;
    Envelope e = new EnvelopeParser().parse(line, berlin(null));
    assertEquals(Instant.parse("2026-11-28T04:53:09Z"), e.time());
    assertNull(e.uptimeMicros());
    assertTrue(e.fromKernel());
    assertEquals(PACKET, body(line, e));
  }

  @Test
  void journalctlShortIsoOffsetWithoutColon() {
    // captured: journalctl 252 -k -o short-iso, real-formats/kernel/journalctl-k-short-iso.txt
    String line = "2026-11-28T05:53:09+0100 pa-vps kernel: " + PACKET;
    Envelope e = new EnvelopeParser().parse(line, berlin(null));
    assertEquals(Envelope.Kind.SYSLOG, e.kind());
    assertEquals(Instant.parse("2026-11-28T04:53:09Z"), e.time());
    assertEquals(PACKET, body(line, e));
  }

  @Test
  void shortIsoOffsetIsHonouredWhateverTheFileZone() {
    // Same captured line read with a UTC file zone: the stamp's own +0100 wins.
    String line = "2026-11-28T05:53:09+0100 pa-vps kernel: " + PACKET;
    ParseContext utc = Lines.context();
    assertEquals(
        Instant.parse("2026-11-28T04:53:09Z"), new EnvelopeParser().parse(line, utc).time());
  }

  @Test
  void journalctlShortPrecise() {
    // constructed: journalctl(1) -o short-precise = short + microseconds
    String line = "Nov 28 05:53:09.475566 pa-vps kernel: " + PACKET;
    Envelope e = new EnvelopeParser().parse(line, berlin(null));
    assertEquals(Instant.parse("2026-11-28T04:53:09.475566Z"), e.time());
    assertEquals(PACKET, body(line, e));
  }

  @Test
  void journalctlShortFullUtc() {
    // constructed: journalctl(1) -o short-full, as printed with TZ=UTC
    String line = "Sat 2026-11-28 04:53:09 UTC pa-vps kernel: " + PACKET;
    Envelope e = new EnvelopeParser().parse(line, berlin(null));
    assertEquals(Envelope.Kind.SYSLOG, e.kind());
    assertEquals(Instant.parse("2026-11-28T04:53:09Z"), e.time());
    assertEquals(PACKET, body(line, e));
  }

  @Test
  void journalctlShortFullLocalZoneNameUsesFileZone() {
    // constructed: journalctl(1) -o short-full with TZ=Europe/Berlin prints "CET"
    String line = "Sat 2026-11-28 05:53:09 CET pa-vps kernel: " + PACKET;
    Envelope e = new EnvelopeParser().parse(line, berlin(null));
    assertEquals(Instant.parse("2026-11-28T04:53:09Z"), e.time());
    assertEquals("pa-vps", e.host());
  }

  @Test
  void journalctlShortUnix() {
    // constructed: journalctl(1) -o short-unix; 1795841589 = 05:53:09 +01:00 (the ulogd JSON
    // oob.time.sec of the same packet in the lab run)
    String line = "1795841589.475566 pa-vps kernel: " + PACKET;
    Envelope e = new EnvelopeParser().parse(line, berlin(null));
    assertEquals(Instant.parse("2026-11-28T04:53:09.475566Z"), e.time());
    assertEquals("kernel", e.ident());
    assertEquals(PACKET, body(line, e));
  }

  @Test
  void rfc5424WithPriAndNilFields() {
    // constructed: rsyslog RSYSLOG_SyslogProtocol23Format (docs/formats.md 4.2)
    String line = "<4>1 2026-11-28T04:53:09.475566+00:00 pa-vps kernel - - - " + PACKET;
    Envelope e = new EnvelopeParser().parse(line, berlin(null));
    assertEquals(Envelope.Kind.SYSLOG, e.kind());
    assertEquals(Instant.parse("2026-11-28T04:53:09.475566Z"), e.time());
    assertEquals("pa-vps", e.host());
    assertEquals("kernel", e.ident());
    assertEquals(PACKET, body(line, e));
  }

  @Test
  void rfc3164WithPriFromRemoteSyslog() {
    // constructed after the SnapGear shape in docs/formats.md 4.2: <PRI> + RFC 3164, day padded
    String line = "<4>Jan  8 18:17:19 gw kernel: " + PACKET;
    Envelope e = new EnvelopeParser().parse(line, berlin(null));
    assertEquals(Instant.parse("2026-01-08T17:17:19Z"), e.time());
    assertEquals("gw", e.host());
    assertEquals(PACKET, body(line, e));
  }

  @Test
  void dmesgUptimeWithoutBootTimeHasNoWallClock() {
    // captured: util-linux 2.38.1 dmesg, real-formats/kernel/dmesg.txt line 1
    String line = "[ 1205.642958] " + PACKET;
    Envelope e = new EnvelopeParser().parse(line, berlin(null));
    assertEquals(Envelope.Kind.DMESG, e.kind());
    assertNull(e.time());
    assertEquals(1_205_642_958L, e.uptimeMicros());
    assertTrue(e.fromKernel());
    assertEquals(PACKET, body(line, e));
  }

  @Test
  void dmesgUptimeWithBootTime() {
    String line = "[ 1205.642958] " + PACKET;
    Instant boot = Instant.parse("2026-11-28T04:33:03.832608Z");
    Envelope e = new EnvelopeParser().parse(line, berlin(boot));
    assertEquals(Instant.parse("2026-11-28T04:53:09.475566Z"), e.time());
  }

  @Test
  void dmesgLearnsBootTimeFromKernLineEarlierInTheSameFile() {
    // captured pair: kern.log line 1 then dmesg line 2 of the same run (uptime 1205.703477)
    ParseContext ctx = berlin(null);
    EnvelopeParser p = new EnvelopeParser();
    p.parse("2026-11-28T05:53:09.475566+01:00 pa-vps kernel: [ 1205.642958] " + PACKET, ctx);
    Envelope e = p.parse("[ 1205.703477] " + PACKET, ctx);
    assertEquals(Instant.parse("2026-11-28T04:53:09.536085Z"), e.time());
    assertEquals(1_205_703_477L, e.uptimeMicros());
  }

  @Test
  void dmesgCtime() {
    // captured: util-linux 2.38.1 dmesg -T, real-formats/kernel/dmesg-T.txt line 1
    String line = "[Sat Nov 28 05:53:08 2026] " + PACKET;
    Envelope e = new EnvelopeParser().parse(line, berlin(null));
    assertEquals(Envelope.Kind.DMESG, e.kind());
    assertEquals(Instant.parse("2026-11-28T04:53:08Z"), e.time());
    assertNull(e.uptimeMicros());
    assertEquals(PACKET, body(line, e));
  }

  @Test
  void dmesgCtimeSingleDigitDay() {
    // constructed: dmesg -T pads the day with a space, like ctime(3)
    String line = "[Sat Nov  7 05:53:08 2026] " + PACKET;
    Envelope e = new EnvelopeParser().parse(line, berlin(null));
    assertEquals(Instant.parse("2026-11-07T04:53:08Z"), e.time());
    assertEquals(PACKET, body(line, e));
  }

  @Test
  void callerIdAfterUptimeIsSkipped() {
    // constructed from the captured line plus a CONFIG_PRINTK_CALLER id: util-linux dmesg prints
    // "[  520.899558] [   T3919] hub ..." (util-linux#2637), the kernel's syslog text (imklog)
    // has no space between (docs/formats.md 4.2, firewalld#876)
    String dmesg = "[ 1205.642958] [    C0] " + PACKET;
    Envelope e = new EnvelopeParser().parse(dmesg, berlin(null));
    assertEquals(PACKET, body(dmesg, e));
    String kern = "Nov 28 05:53:09 pa-vps kernel: [ 1205.642958][  T123] " + PACKET;
    Envelope k = new EnvelopeParser().parse(kern, berlin(null));
    assertEquals(1_205_642_958L, k.uptimeMicros());
    assertEquals(PACKET, body(kern, k));
  }

  @Test
  void callerIdAfterDmesgCtimeIsSkipped() {
    // constructed: dmesg -T on a CONFIG_PRINTK_CALLER kernel (util-linux#2637 shape, -T time)
    String line = "[Sat Nov 28 05:53:08 2026] [   T3919] " + PACKET;
    Envelope e = new EnvelopeParser().parse(line, berlin(null));
    assertEquals(Instant.parse("2026-11-28T04:53:08Z"), e.time());
    assertEquals(PACKET, body(line, e));
  }

  @Test
  void bracketedTextThatIsNoCallerIdIsKept() {
    // constructed: a message that itself starts with brackets is not a caller id
    String line = "[ 1205.642958] [Firmware Bug]: TSC doesn't count with P0 frequency!";
    Envelope e = new EnvelopeParser().parse(line, berlin(null));
    assertEquals("[Firmware Bug]: TSC doesn't count with P0 frequency!", body(line, e));
    String cpu = "[ 1205.642958] [CT1] x";
    assertEquals("[CT1] x", body(cpu, new EnvelopeParser().parse(cpu, berlin(null))));
  }

  @Test
  void ulogdLogemuIsHeaderWithoutTag() {
    // captured: ulogd 2.0.8 LOGEMU, real-formats/ulogd2-2.0.8/ulogd_syslogemu.log line 1
    String line =
        "Nov 28 05:53:09 pa-vps PA-NFLOG-IN IN=pa-p0 OUT= MAC=5a:5b:66:a8:fc:ba:5a:80:c0:c9:fd:28:08:00"
            + " SRC=198.51.100.12 DST=198.51.100.1 LEN=60 TOS=00 PREC=0x00 TTL=64 ID=4734 DF"
            + " PROTO=TCP SPT=56633 DPT=10086 SEQ=4026530741 ACK=0 WINDOW=64240 SYN URGP=0 MARK=0x0 ";
    Envelope e = new EnvelopeParser().parse(line, berlin(null));
    assertEquals(Envelope.Kind.HEADER, e.kind());
    assertEquals("pa-vps", e.host());
    assertNull(e.ident());
    assertTrue(body(line, e).startsWith("PA-NFLOG-IN IN=pa-p0 "));
  }

  @Test
  void programsOwnLinesHaveNoEnvelope() {
    // captured: v2ray 4.34 access.log; shadowsocks-libev 3.3.5 ss-server -v stdout
    for (String line :
        new String[] {
          "2026/11/28 05:53:15 198.51.100.11:59359 accepted tcp:mx1.example.test:25 [direct]"
              + " email: alice@example.com",
          " 2026-11-28 05:53:07 INFO: tcp server listening at 198.51.100.1:8388",
          "{\"timestamp\": \"2026-11-28T05:53:09.471873+0100\", \"dvc\": \"Netfilter\"}",
          "",
          "[",
          "Nov 28",
        }) {
      assertEquals(Envelope.NONE, new EnvelopeParser().parse(line, berlin(null)), line);
    }
  }
}
