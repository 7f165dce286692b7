package dev.proxyaudit.analyzer.cli;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How wide the answer's tables may be: {@code COLUMNS} when set, else the terminal's width when the
 * output is a terminal ({@code stty size} on /dev/tty: Java has no call for it), else no limit: a
 * pipe, a file and cron get every column.
 */
final class TerminalWidth {
  static final int NONE = Integer.MAX_VALUE;

  private TerminalWidth() {}

  static int of(Map<String, String> env) {
    Integer columns = positive(env.get("COLUMNS"));
    if (columns != null) {
      return columns;
    }
    if (System.console() == null) {
      return NONE;
    }
    try {
      Process p =
          new ProcessBuilder("stty", "size")
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/tty")))
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      if (!p.waitFor(2, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        return NONE;
      }
      String[] f = out.strip().split("\\s+"); // "rows columns"
      Integer w = f.length == 2 ? positive(f[1]) : null;
      return w == null ? NONE : w;
    } catch (Exception e) {
      return NONE; // no stty, no tty: every column
    }
  }

  private static Integer positive(String s) {
    if (s == null) {
      return null;
    }
    try {
      int n = Integer.parseInt(s.strip());
      return n > 0 ? n : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
