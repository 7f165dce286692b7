package dev.proxyaudit.analyzer.parse;

import java.time.LocalDate;

/**
 * Gives a year to RFC 3164 and journalctl {@code short} timestamps, which have none.
 *
 * <p>One instance per file: it follows the file's lines across the December to January turn.
 */
public abstract class YearResolver {
  /** The year of a {@code month}/{@code day} seen on the next line of the file. */
  abstract int yearOf(int month, int day);

  /**
   * Years from an explicit {@code --year}: the first line is in {@code year}; a later line whose
   * month is more than six months before the previous line's starts the next year.
   */
  public static YearResolver startingIn(int year) {
    return new YearResolver() {
      private int current = year;
      private int lastMonth = -1;

      @Override
      int yearOf(int month, int day) {
        if (lastMonth > 0 && lastMonth - month > 6) {
          current++;
        } else if (lastMonth > 0 && month - lastMonth > 6 && current > year) {
          // A late December line just after the turn (queued or merged output): it belongs to
          // the year before. Without this, the next January line turned the year a second time.
          return current - 1;
        }
        lastMonth = month;
        return current;
      }
    };
  }

  /**
   * Years from the file's last modification: a line is never later than the day after the file was
   * written, so a December line in a file modified in January belongs to the year before.
   */
  public static YearResolver endingOn(LocalDate lastModified) {
    LocalDate latest = lastModified.plusDays(1);
    return new YearResolver() {
      @Override
      int yearOf(int month, int day) {
        int year = latest.getYear();
        LocalDate candidate = dateOrNull(year, month, day);
        return candidate == null || candidate.isAfter(latest) ? year - 1 : year;
      }
    };
  }

  private static LocalDate dateOrNull(int year, int month, int day) {
    try {
      return LocalDate.of(year, month, day);
    } catch (java.time.DateTimeException e) {
      return null;
    }
  }
}
