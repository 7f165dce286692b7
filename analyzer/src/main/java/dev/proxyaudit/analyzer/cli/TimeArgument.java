package dev.proxyaudit.analyzer.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Times typed on the command line: ISO dates and times, or {@code 24h}/{@code 7d} ago. */
final class TimeArgument {
  private static final Pattern RELATIVE = Pattern.compile("(\\d{1,6})([mhd])");

  private TimeArgument() {}

  static Instant parse(CommandLine cmd, String option, String text, ZoneId zone) {
    String t = text.strip();
    Matcher m = RELATIVE.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      Duration d =
          switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          };
      return Instant.now().minus(d);
    }
    String iso = t.replace(' ', 'T');
    try {
      return OffsetDateTime.parse(iso).toInstant();
    } catch (DateTimeParseException ignored) {
      // not with an offset; try local forms
    }
    try {
      return LocalDateTime.parse(iso).atZone(zone).toInstant();
    } catch (DateTimeParseException ignored) {
      // not a local date-time
    }
    try {
      return LocalDate.parse(iso).atStartOfDay(zone).toInstant();
    } catch (DateTimeParseException e) {
      throw new CommandLine.ParameterException(
          cmd,
          option
              + " '"
              + text
              + "' is not a time: use 2026-11-28, 2026-11-28T04:00, 2026-11-28T04:00:00Z,"
              + " or 24h / 7d / 90m ago");
    }
  }
}
