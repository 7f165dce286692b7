package dev.proxyaudit.analyzer.index;

import dev.proxyaudit.analyzer.parse.BootClock;
import dev.proxyaudit.analyzer.parse.ParseContext;
import dev.proxyaudit.analyzer.parse.YearResolver;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * How to read log files.
 *
 * @param zone zone of timestamps that carry none (V2Ray, libev, RFC 3164)
 * @param year year of the first RFC 3164 line, or null to take it from the file's mtime
 * @param bootTime boot time for dmesg uptimes, or null to learn it from kern.log lines
 * @param quietPeriod a last line without newline is read only if the file has not changed for this
 *     long (else a writer may be finishing it, and it is left for the next run)
 * @param clock the time now (for the quiet period)
 * @param commitEveryLines commit the index after this many lines, so a crash loses little work
 */
public record IngestOptions(
    ZoneId zone,
    Integer year,
    Instant bootTime,
    Duration quietPeriod,
    Clock clock,
    long commitEveryLines) {

  public IngestOptions {
    Objects.requireNonNull(zone);
    Objects.requireNonNull(quietPeriod);
    Objects.requireNonNull(clock);
    if (commitEveryLines < 1) {
      throw new IllegalArgumentException("commitEveryLines must be positive");
    }
  }

  /** Defaults: the system zone, years from file times, a one-minute quiet period. */
  public static IngestOptions defaults() {
    return new IngestOptions(
        ZoneId.systemDefault(), null, null, Duration.ofMinutes(1), Clock.systemUTC(), 2_000_000);
  }

  /** How to parse one file: its lines' year from {@link #year}, else from its modification. */
  public ParseContext contextFor(String fileKey, Path file, Instant lastModified) {
    return new ParseContext(
        fileKey,
        file.toString(),
        zone,
        year != null
            ? YearResolver.startingIn(year)
            : YearResolver.endingOn(LocalDate.ofInstant(lastModified, zone)),
        BootClock.of(bootTime));
  }

  public IngestOptions withZone(ZoneId z) {
    return new IngestOptions(z, year, bootTime, quietPeriod, clock, commitEveryLines);
  }

  public IngestOptions withYear(Integer y) {
    return new IngestOptions(zone, y, bootTime, quietPeriod, clock, commitEveryLines);
  }

  public IngestOptions withBootTime(Instant b) {
    return new IngestOptions(zone, year, b, quietPeriod, clock, commitEveryLines);
  }

  public IngestOptions withQuietPeriod(Duration q) {
    return new IngestOptions(zone, year, bootTime, q, clock, commitEveryLines);
  }

  public IngestOptions withCommitEveryLines(long n) {
    return new IngestOptions(zone, year, bootTime, quietPeriod, clock, n);
  }
}
