package dev.proxyaudit.analyzer.nightly;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deletes the nightly reports older than the evidence they quote: a report names users and client
 * addresses, so it must not outlive the events the index itself deletes.
 */
final class ReportRetention {
  /** Only the files nightly writes: report-YYYYMMDD-HHMMSS.json / .html. */
  private static final Pattern NAME = Pattern.compile("report-(\\d{8}-\\d{6})\\.(json|html)");

  private ReportRetention() {}

  /**
   * Deletes reports whose time stamp (in {@code zone}, as written) is before {@code cutoff}.
   * Symbolic links and other files are left alone.
   *
   * @return how many files were deleted
   */
  static int prune(Path dir, DateTimeFormatter stamp, ZoneId zone, Instant cutoff)
      throws IOException {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return 0;
    }
    int deleted = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        Matcher m = NAME.matcher(f.getFileName().toString());
        if (!m.matches() || !Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        Instant written;
        try {
          written = LocalDateTime.parse(m.group(1), stamp).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
          continue; // a name of that shape with an impossible date: not ours
        }
        if (written.isBefore(cutoff)) {
          Files.delete(f);
          deleted++;
        }
      }
    }
    return deleted;
  }
}
