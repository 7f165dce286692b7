package dev.proxyaudit.analyzer.parse;

import java.time.Instant;

/**
 * Takes syslog, journald and dmesg wrappers off a line (docs/formats.md section 4.2-4.3).
 *
 * <p>Recognised: optional {@code <PRI>} and RFC 5424 version; RFC 3339 / journalctl short-iso, RFC
 * 3164 / journalctl short and short-precise, short-full, short-unix; then host and {@code
 * ident[pid]:}; after {@code kernel:}, an optional {@code [ uptime]} and {@code [ C0]}. dmesg's own
 * {@code [ uptime]} and {@code -T} {@code [Sat Nov 28 04:03:11 2026]}. Anything else is {@code
 * NONE}: the program's own text.
 */
final class EnvelopeParser {
  private final Timestamps.Stamp stamp = new Timestamps.Stamp();
  private boolean logread; // the last time read was logread's (then facility.level follows)

  Envelope parse(String s, ParseContext ctx) {
    if (s.isEmpty()) {
      return Envelope.NONE;
    }
    int i = 0;
    boolean rfc5424 = false;
    if (s.charAt(0) == '<') {
      int close = s.indexOf('>');
      if (close > 1 && close <= 4 && Chars.digits(s, 1, close - 1) >= 0) {
        i = close + 1;
        if (s.startsWith("1 ", i)) {
          rfc5424 = true;
          i += 2;
        }
      }
    }
    if (Chars.charAt(s, i, '[')) {
      return dmesg(s, i, ctx);
    }
    if (Chars.charAt(s, i + 19, ',')) {
      Envelope iso = dmesgIso(s, i, ctx);
      if (iso != Envelope.NONE) {
        return iso;
      }
    }
    int n = readTime(s, i);
    if (n == 0 || !Chars.charAt(s, i + n, ' ')) {
      return Envelope.NONE;
    }
    Instant time = ctx.instant(stamp);
    int hostStart = i + n + 1;
    int hostEnd = Chars.tokenEnd(s, hostStart);
    if (hostEnd == hostStart || hostEnd >= s.length()) {
      return Envelope.NONE;
    }
    if (!rfc5424 && s.charAt(hostEnd - 1) == ':') {
      // no host: "Apr 19 19:45:43 kernel: DROP ..." (Asuswrt-Merlin), the tag comes next
      return tagged(s, time, null, hostStart, ctx);
    }
    if (logread && priority(s, hostStart, hostEnd)) {
      // OpenWrt logread: "Thu Oct 13 07:50:16 2022 daemon.info xray[23519]: ..."; no host
      return tagged(s, time, null, hostEnd + 1, ctx);
    }
    String host = s.substring(hostStart, hostEnd);
    int afterHost = hostEnd + 1;
    return rfc5424 ? rfc5424(s, time, host, afterHost) : tagged(s, time, host, afterHost, ctx);
  }

  /** Length of a wrapper timestamp at {@code i}, leaving its fields in {@link #stamp}. */
  private int readTime(String s, int i) {
    logread = false;
    if (i >= s.length()) {
      return 0;
    }
    char c = s.charAt(i);
    if (c >= '0' && c <= '9') {
      int n = Timestamps.iso(s, i, stamp, false);
      return n > 0 ? n : unixTime(s, i);
    }
    if (Chars.isWeekday(s, i) && Chars.charAt(s, i + 3, ' ')) {
      int n = Timestamps.ctime(s, i, stamp); // OpenWrt logread: Thu Oct 13 07:50:16 2022
      logread = n > 0;
      return n > 0 ? n : shortFull(s, i);
    }
    return Timestamps.bsd(s, i, stamp);
  }

  /** OpenWrt logread's {@code facility.level} between the time and the tag: {@code kern.warn}. */
  private static boolean priority(String s, int start, int end) {
    int dot = s.indexOf('.', start);
    if (dot <= start || dot >= end - 1) {
      return false;
    }
    for (int k = start; k < dot; k++) {
      char c = s.charAt(k);
      if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) {
        return false;
      }
    }
    String level = s.substring(dot + 1, end);
    return switch (level) {
      case "emerg", "alert", "crit", "err", "warn", "notice", "info", "debug" -> true;
      default -> false;
    };
  }

  /** journalctl short-unix: {@code 1795838538.544886}. */
  private int unixTime(String s, int i) {
    int dot = i;
    while (Chars.isDigit(s, dot)) {
      dot++;
    }
    if (dot - i < 9 || dot - i > 11 || !Chars.charAt(s, dot, '.')) {
      return 0;
    }
    int end = dot + 1;
    while (Chars.isDigit(s, end)) {
      end++;
    }
    if (end - dot != 7) {
      return 0;
    }
    long seconds = Long.parseLong(s.substring(i, dot));
    int micros = Integer.parseInt(s.substring(dot + 1, end));
    java.time.LocalDateTime t =
        java.time.LocalDateTime.ofEpochSecond(seconds, micros * 1000, java.time.ZoneOffset.UTC);
    stamp.year = t.getYear();
    stamp.month = t.getMonthValue();
    stamp.day = t.getDayOfMonth();
    stamp.hour = t.getHour();
    stamp.minute = t.getMinute();
    stamp.second = t.getSecond();
    stamp.micros = micros;
    stamp.offset = java.time.ZoneOffset.UTC;
    return end - i;
  }

  /**
   * journalctl short-full: {@code Sat 2026-11-28 04:02:18 UTC}; zone names other than UTC/GMT are
   * read as the file's zone.
   */
  private int shortFull(String s, int i) {
    int n = Timestamps.iso(s, i + 4, stamp, true);
    if (n != 19 || !Chars.charAt(s, i + 23, ' ')) {
      return 0;
    }
    int zoneEnd = Chars.tokenEnd(s, i + 24);
    String zone = s.substring(i + 24, zoneEnd);
    if (zone.equals("UTC") || zone.equals("GMT")) {
      stamp.offset = java.time.ZoneOffset.UTC;
    }
    return zoneEnd - i;
  }

  private Envelope tagged(String s, Instant time, String host, int afterHost, ParseContext ctx) {
    int p = afterHost;
    int nameEnd = p;
    while (nameEnd < s.length()) {
      char c = s.charAt(nameEnd);
      if (c == ' ' || c == ':' || c == '[') {
        break;
      }
      nameEnd++;
    }
    int q = nameEnd;
    if (Chars.charAt(s, q, '[')) {
      int close = s.indexOf(']', q);
      if (close < 0 || Chars.digits(s, q + 1, close - q - 1) < 0) {
        return header(time, host, afterHost);
      }
      q = close + 1;
    }
    if (nameEnd == p
        || !Chars.charAt(s, q, ':')
        || !(q + 1 == s.length() || s.charAt(q + 1) == ' ')) {
      return header(time, host, afterHost);
    }
    String ident = s.substring(p, nameEnd);
    int body = Math.min(q + 2, s.length());
    Long uptime = null;
    if (ident.equals("kernel") || ident.equals("klogd")) {
      int[] end = new int[1];
      uptime = uptime(s, body, end);
      if (uptime != null) {
        body = afterCaller(s, end[0]);
        ctx.boot().observe(time, uptime);
      }
    }
    return new Envelope(Envelope.Kind.SYSLOG, time, uptime, host, ident, afterHost, body);
  }

  private static Envelope header(Instant time, String host, int afterHost) {
    return new Envelope(Envelope.Kind.HEADER, time, null, host, null, afterHost, afterHost);
  }

  /** RFC 5424: {@code HOST APP PROCID MSGID SD MSG}; only {@code -} structured data is skipped. */
  private static Envelope rfc5424(String s, Instant time, String host, int afterHost) {
    int appEnd = Chars.tokenEnd(s, afterHost);
    String app = s.substring(afterHost, appEnd);
    int p = appEnd;
    for (int field = 0; field < 3 && p < s.length(); field++) {
      p = Chars.tokenEnd(s, p + 1);
    }
    int body = Math.min(p + 1, s.length());
    String ident = app.equals("-") ? null : app;
    return new Envelope(Envelope.Kind.SYSLOG, time, null, host, ident, afterHost, body);
  }

  private Envelope dmesg(String s, int i, ParseContext ctx) {
    int[] end = new int[1];
    Long uptime = uptime(s, i, end);
    if (uptime != null) {
      Instant wall = ctx.boot().wallClock(uptime);
      return new Envelope(Envelope.Kind.DMESG, wall, uptime, null, null, 0, afterCaller(s, end[0]));
    }
    if (Timestamps.ctime(s, i + 1, stamp) == 24 && Chars.charAt(s, i + 25, ']')) {
      Instant wall = ctx.instant(stamp);
      // dmesg -T prints the caller id after the time as it does after an uptime.
      return new Envelope(Envelope.Kind.DMESG, wall, null, null, null, 0, afterCaller(s, i + 26));
    }
    return Envelope.NONE;
  }

  /**
   * util-linux {@code dmesg --time-format iso}: {@code 2026-12-02T05:58:31,233642+00:00 MSG}. The
   * comma before the microseconds tells it from RFC 3339 syslog stamps (a dot, then a host name).
   */
  private Envelope dmesgIso(String s, int i, ParseContext ctx) {
    int n = Timestamps.iso(s, i, stamp, false);
    if (n == 0 || stamp.offset == null || !Chars.charAt(s, i + n, ' ')) {
      return Envelope.NONE;
    }
    return new Envelope(
        Envelope.Kind.DMESG, ctx.instant(stamp), null, null, null, 0, afterCaller(s, i + n));
  }

  /**
   * {@code [ 2196.056060]} at {@code i}: the uptime in microseconds, end index in {@code end[0]}.
   */
  private static Long uptime(String s, int i, int[] end) {
    if (!Chars.charAt(s, i, '[')) {
      return null;
    }
    int p = Chars.skipSpaces(s, i + 1);
    int dot = p;
    while (Chars.isDigit(s, dot)) {
      dot++;
    }
    if (dot == p || dot - p > 10 || !Chars.charAt(s, dot, '.')) {
      return null;
    }
    int micros = Chars.digits(s, dot + 1, 6);
    if (micros < 0 || !Chars.charAt(s, dot + 7, ']')) {
      return null;
    }
    end[0] = dot + 8;
    return Long.parseLong(s.substring(p, dot)) * 1_000_000L + micros;
  }

  /**
   * Skips the optional {@code [ C0]}/{@code [ T123]} caller id and one space. The kernel's own
   * syslog text has it right after the uptime ({@code [ 520.899558][ T3919]}), but util-linux dmesg
   * prints a space between ({@code [ 520.899558] [ T3919]}, util-linux#2637): both are stripped, or
   * the netfilter parser would see the caller id as the start of the message.
   */
  private static int afterCaller(String s, int p) {
    int open = Chars.charAt(s, p, ' ') && Chars.charAt(s, p + 1, '[') ? p + 1 : p;
    if (Chars.charAt(s, open, '[')) {
      int q = Chars.skipSpaces(s, open + 1);
      if ((Chars.charAt(s, q, 'C') || Chars.charAt(s, q, 'T')) && Chars.isDigit(s, q + 1)) {
        int close = s.indexOf(']', q);
        if (close > 0 && close - q < 12 && Chars.digits(s, q + 1, close - q - 1) >= 0) {
          p = close + 1;
        }
      }
    }
    return Chars.charAt(s, p, ' ') ? p + 1 : p;
  }
}
