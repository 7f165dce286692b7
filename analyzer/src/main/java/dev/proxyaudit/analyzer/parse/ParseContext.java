package dev.proxyaudit.analyzer.parse;

import dev.proxyaudit.analyzer.event.Origin;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Objects;

/**
 * What a parser needs to know about the file it reads: where it is, its time zone and year, the
 * boot time for kernel uptimes. One per file; holds that file's year and boot-time state.
 */
public final class ParseContext {
  private final String fileKey;
  private final String path;
  private final ZoneId zone;
  private final YearResolver years;
  private final BootClock boot;

  public ParseContext(
      String fileKey, String path, ZoneId zone, YearResolver years, BootClock boot) {
    this.fileKey = Objects.requireNonNull(fileKey);
    this.path = Objects.requireNonNull(path);
    this.zone = Objects.requireNonNull(zone);
    this.years = Objects.requireNonNull(years);
    this.boot = Objects.requireNonNull(boot);
  }

  public String path() {
    return path;
  }

  Origin origin(LogLine line) {
    return new Origin(fileKey, path, line.number(), line.offset(), line.raw());
  }

  /** The instant of a stamp: its own offset if it had one, else the file's zone and year. */
  Instant instant(Timestamps.Stamp st) {
    if (st.year < 0) {
      st.year = years.yearOf(st.month, st.day);
    }
    LocalDateTime local = st.local();
    if (local == null) {
      return null;
    }
    // For local times in a DST overlap, atZone picks the earlier offset: the best guess there is.
    return st.offset != null ? local.toInstant(st.offset) : local.atZone(zone).toInstant();
  }

  /** Quarter hours: the step of every time zone's offset in use. */
  private static final long QUARTER_HOUR = 15 * 60_000L;

  /**
   * The instant of a program's own zone-less stamp inside a wrapper that has its own time. When the
   * two disagree by a quarter hour or more, the program logs in another zone than the system (Xray
   * in UTC under OpenWrt's local logread: 8 h apart in luci-app-xray issue 314): the wrapper's zone
   * wins, moved by whole quarter hours so that the program's fraction of a second stays.
   */
  Instant instant(Timestamps.Stamp st, Envelope env) {
    Instant own = instant(st);
    if (own == null || st.offset != null || env.time() == null) {
      return own;
    }
    long apart = env.time().toEpochMilli() - own.toEpochMilli();
    // beyond the widest gap of two zones (-12:00 to +14:00) it is not a zone: a year guessed
    // differently for a syslog time, or a late copy
    if (Math.abs(apart) < QUARTER_HOUR || Math.abs(apart) > 26 * 4 * QUARTER_HOUR) {
      return own;
    }
    return own.plusMillis(Math.round((double) apart / QUARTER_HOUR) * QUARTER_HOUR);
  }

  BootClock boot() {
    return boot;
  }
}
