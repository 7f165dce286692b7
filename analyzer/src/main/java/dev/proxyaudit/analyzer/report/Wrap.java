package dev.proxyaudit.analyzer.report;

import java.io.PrintWriter;

/** Prose lines under a table, wrapped at spaces to the terminal's width. */
final class Wrap {
  private Wrap() {}

  /**
   * Prints {@code text} in lines of at most {@code width} characters where spaces allow, the first
   * starting with {@code indent}, the others with {@code indent} and two more spaces.
   */
  static void println(PrintWriter out, String indent, String text, int width) {
    String next = indent + "  ";
    StringBuilder line = new StringBuilder(indent);
    int start = line.length();
    for (String word : text.split(" ", -1)) {
      if (line.length() > start && line.length() + 1 + word.length() > width) {
        out.println(line);
        line = new StringBuilder(next);
        start = line.length();
      } else if (line.length() > start) {
        line.append(' ');
      }
      line.append(word);
    }
    out.println(line);
  }
}
