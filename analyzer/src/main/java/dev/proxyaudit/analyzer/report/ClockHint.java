package dev.proxyaudit.analyzer.report;

import dev.proxyaudit.analyzer.correlate.ClockSkew;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** What a clock finding means for the operator, and the --tz that would fix it if any. */
public final class ClockHint {
  private ClockHint() {}

  /**
   * The offset the proxy lines were written in, if they were read in {@code zone} and the finding
   * is a zone's; else null.
   */
  public static ZoneOffset suggestedOffset(ClockSkew.Finding f, ZoneId zone) {
    if (!f.zoneLike()) {
      return null;
    }
    long read = zone.getRules().getOffset(f.firstLine()).getTotalSeconds();
    long written = read - f.shift().toSeconds();
    return Math.abs(written) <= 18 * 3600 ? ZoneOffset.ofTotalSeconds((int) written) : null;
  }

  /** One paragraph: what lines up after which shift, and what to do. */
  public static String text(ClockSkew.Finding f, ZoneId zone) {
    Duration d = f.shift().abs();
    String head =
        "Clock check, port "
            + f.port()
            + ": "
            + f.matched()
            + " of "
            + f.sampled()
            + " proxy lines the kernel did not confirm have an unexplained kernel connection "
            + duration(d)
            + (f.shift().isNegative() ? " earlier" : " later")
            + " ("
            + f.unshifted()
            + " without that shift). ";
    ZoneOffset written = suggestedOffset(f, zone);
    if (written != null) {
      ZoneOffset read = zone.getRules().getOffset(f.firstLine());
      return head
          + "A log was probably read in the wrong time zone: the proxy lines, read as "
          + offset(read)
          + " (--tz "
          + zone.getId()
          + "), line up with the kernel's if they were written in "
          + offset(written)
          + ": try --tz "
          + tz(written)
          + " (or the name of that zone).";
    }
    return head
        + "The clocks of the proxy and kernel logs differ by that much: fix the clock, or widen"
        + " join.before_seconds/join.after_seconds in a --policy file.";
  }

  /** The --tz value for {@code o}: "UTC" rather than java.time's "Z". */
  public static String tz(ZoneOffset o) {
    return o.getTotalSeconds() == 0 ? "UTC" : o.getId();
  }

  private static String offset(ZoneOffset o) {
    return o.getTotalSeconds() == 0 ? "+00:00" : o.getId();
  }

  private static String duration(Duration d) {
    long s = d.toSeconds();
    if (s % 3600 == 0) {
      return s / 3600 + " h";
    }
    if (s % 60 == 0) {
      return (s >= 3600 ? s / 3600 + " h " : "") + (s % 3600) / 60 + " min";
    }
    return s + " s";
  }
}
