package dev.proxyaudit.analyzer.cli;

import dev.proxyaudit.analyzer.index.Ingester;
import dev.proxyaudit.analyzer.parse.LogFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Lines per second and the time left, on one rewritten line of stderr, only when stderr is a
 * terminal: a cron job or a pipe gets nothing.
 */
final class TerminalProgress implements Ingester.Progress {
  private final PrintWriter err;
  private final long totalBytes;
  private final long start = System.nanoTime();
  private long bytesBefore;
  private Path current;
  private long lastOffset;

  private TerminalProgress(PrintWriter err, long totalBytes) {
    this.err = err;
    this.totalBytes = totalBytes;
  }

  /**
   * A progress line for reading {@code paths} when stderr is a terminal (Linux: /proc/self/fd/2 is
   * a tty), else none.
   */
  static Ingester.Progress forStderr(PrintWriter err, List<Path> paths) {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      if (!target.startsWith("/dev/pts/") && !target.startsWith("/dev/tty")) {
        return Ingester.Progress.NONE;
      }
    } catch (IOException | UnsupportedOperationException e) {
      return Ingester.Progress.NONE;
    }
    // Expanded here, after the tty check, only for the total: a cron run does not walk twice.
    long total = 0;
    for (Path f : LogFiles.expand(paths).files()) {
      try {
        total += Files.size(f);
      } catch (IOException e) {
        // gone meanwhile: the ingest will say so
      }
    }
    return new TerminalProgress(err, total);
  }

  @Override
  public void update(long lines, Path file, long offset) {
    if (!file.equals(current)) {
      bytesBefore += lastOffset;
      current = file;
    }
    lastOffset = offset;
    double secs = (System.nanoTime() - start) / 1e9;
    long done = bytesBefore + offset;
    String eta = "";
    if (totalBytes > done && done > 0) {
      long left = (long) (secs * (totalBytes - done) / done);
      eta = String.format(", about %d:%02d left", left / 60, left % 60);
    }
    err.printf("\r%,d lines, %,.0f lines/s%s   ", lines, lines / Math.max(secs, 1e-3), eta);
    err.flush();
  }
}
