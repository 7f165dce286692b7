package dev.proxyaudit.analyzer.report;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Times as the operator reads them: ISO-8601 with the offset, to the second. */
public final class Times {
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

  private Times() {}

  /** ISO-8601 with offset in {@code zone}, or null. */
  public static String iso(Instant t, ZoneId zone) {
    return t == null ? null : ISO.format(t.atZone(zone));
  }
}
