package dev.proxyaudit.analyzer.parse;

import java.time.Instant;

/**
 * Turns kernel uptimes ({@code [ 2196.056060]}) into wall-clock time when the boot time is known.
 *
 * <p>Known either from {@code --boot-time}, or learned from lines that carry both a wall clock and
 * an uptime (kern.log). Learned estimates keep the smallest {@code wall - uptime}: rsyslog stamps a
 * backlog read at start with the current time, which only ever makes the estimate later.
 */
public final class BootClock {
  private final Instant given;
  private long estimateMicros = Long.MAX_VALUE;

  private BootClock(Instant given) {
    this.given = given;
  }

  /** A clock that knows the boot time, or learns it when {@code bootTime} is null. */
  public static BootClock of(Instant bootTime) {
    return new BootClock(bootTime);
  }

  /** Records a line that had both times. */
  void observe(Instant wall, long uptimeMicros) {
    if (given != null || wall == null) {
      return;
    }
    long boot = wall.getEpochSecond() * 1_000_000L + wall.getNano() / 1000 - uptimeMicros;
    estimateMicros = Math.min(estimateMicros, boot);
  }

  /** Wall-clock time for an uptime, or null when the boot time is not known. */
  Instant wallClock(long uptimeMicros) {
    if (given != null) {
      return given.plusNanos(uptimeMicros * 1000);
    }
    if (estimateMicros == Long.MAX_VALUE) {
      return null;
    }
    long t = estimateMicros + uptimeMicros;
    return Instant.ofEpochSecond(Math.floorDiv(t, 1_000_000L), Math.floorMod(t, 1_000_000L) * 1000);
  }
}
