package dev.proxyaudit.analyzer.parse;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The systemd journal, read through {@code journalctl -o json} (journald's file format is
 * journald's business): the kernel's lines, or one unit's, after a cursor, one text line per entry.
 * For hosts without rsyslog, where nothing else keeps those lines.
 */
public final class JournalReader implements Closeable {
  /** Entries longer than this (a JSON line) are cut and fail to parse: memory stays bounded. */
  private static final int MAX_JSON_BYTES = 256 * 1024;

  private final Process process;
  private final LineReader lines;
  private final ZoneId zone;
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private final Thread stderrReader;
  private String text;
  private String cursor;
  private long skipped;

  private JournalReader(Process process, ZoneId zone) {
    this.process = process;
    this.zone = zone;
    this.lines = new LineReader(process.getInputStream(), 0, 0, MAX_JSON_BYTES);
    InputStream err = process.getErrorStream();
    this.stderrReader =
        new Thread(
            () -> {
              byte[] buf = new byte[4096];
              try {
                for (int n; (n = err.read(buf)) > 0; ) {
                  synchronized (stderr) {
                    if (stderr.size() < 4096) {
                      stderr.write(buf, 0, Math.min(n, 4096 - stderr.size()));
                    }
                  }
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "journalctl-stderr");
    stderrReader.setDaemon(true);
    stderrReader.start();
  }

  /**
   * The journalctl command for one source: {@code kernel}, or a unit name or glob ({@code
   * shadowsocks-libev-server@*}).
   *
   * @param directory a journal folder to read instead of the system's ({@code -D}), or null
   * @param afterCursor resume after this entry, or null for the whole journal
   */
  public static List<String> command(String source, Path directory, String afterCursor) {
    List<String> c = new ArrayList<>(List.of("journalctl", "--no-pager", "-q", "-o", "json"));
    if (directory != null) {
      c.add("--directory=" + directory);
    }
    if (afterCursor != null) {
      c.add("--after-cursor=" + afterCursor);
    }
    if (source.equals("kernel")) {
      c.add("_TRANSPORT=kernel"); // not -k: that is the current boot only
    } else {
      c.add("--unit=" + source);
    }
    return c;
  }

  public static JournalReader open(List<String> command, ZoneId zone) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.redirectInput(ProcessBuilder.Redirect.PIPE);
    Process p = pb.start();
    p.getOutputStream().close();
    return new JournalReader(p, zone);
  }

  /** Advances to the next entry; false at the end. */
  public boolean next() throws IOException {
    while (lines.next()) {
      JournalEntry e = lines.tooLong() ? null : parse(lines.text());
      if (e == null) {
        skipped++;
        continue;
      }
      text = e.line(zone);
      cursor = e.cursor();
      return true;
    }
    return false;
  }

  private static JournalEntry parse(String json) {
    try {
      return JournalEntry.parse(json);
    } catch (IOException e) {
      return null; // not JSON: counted as skipped, the next entry is read
    }
  }

  /** The entry as an rsyslog file line. */
  public String text() {
    return text;
  }

  /** The entry's cursor. */
  public String cursor() {
    return cursor;
  }

  /** Lines of journalctl's output that were no entry (cut, or not JSON). */
  public long skipped() {
    return skipped;
  }

  /**
   * Waits for journalctl (bounded) and returns why it failed, or null when it exited 0. Call after
   * {@link #next()} returned false.
   */
  public String finish() throws IOException {
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return "journalctl did not exit";
      }
      stderrReader.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted waiting for journalctl", e);
    }
    if (process.exitValue() == 0) {
      return null;
    }
    String err;
    synchronized (stderr) {
      err = stderr.toString(StandardCharsets.UTF_8).strip();
    }
    return "journalctl exited " + process.exitValue() + (err.isEmpty() ? "" : ": " + err);
  }

  @Override
  public void close() {
    process.destroy();
  }
}
