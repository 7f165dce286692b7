package dev.proxyaudit.analyzer.bench;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The time stamps of each format for one second (UTC), cached: the generator is not the test. */
final class Stamps {
  private static final DateTimeFormatter GO = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss");
  private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");
  private static final DateTimeFormatter SHORT =
      DateTimeFormatter.ofPattern("MMM dd HH:mm:ss", Locale.ROOT);
  private static final DateTimeFormatter ULOGD =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");
  private static long cachedSecond = Long.MIN_VALUE;
  private static String[] cached;

  private Stamps() {}

  /** Go log, libev stdout, RFC 3339 syslog, journald short, ulogd JSON. */
  static String[] of(long epochSecond) {
    if (epochSecond != cachedSecond) {
      ZonedDateTime t = Instant.ofEpochSecond(epochSecond).atZone(ZoneOffset.UTC);
      cached =
          new String[] {
            GO.format(t), ISO.format(t), RFC3339.format(t), SHORT.format(t), ULOGD.format(t)
          };
      cachedSecond = epochSecond;
    }
    return cached;
  }
}
