package dev.proxyaudit.analyzer.report;

import dev.proxyaudit.rules.SafeText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Left-aligned columns for the terminal; control characters from logs are neutralised. */
final class TextTable {
  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  TextTable(String... headers) {
    this.headers = List.of(headers);
  }

  void row(String... cells) {
    List<String> r = new ArrayList<>();
    for (String c : cells) {
      r.add(c == null ? "-" : SafeText.printable(c));
    }
    rows.add(r);
  }

  void print(PrintWriter out) {
    int[] width = new int[headers.size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = headers.get(i).length();
      for (List<String> r : rows) {
        width[i] = Math.max(width[i], r.get(i).length());
      }
    }
    line(out, headers, width);
    for (List<String> r : rows) {
      line(out, r, width);
    }
  }

  private static void line(PrintWriter out, List<String> cells, int[] width) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      sb.append(c);
      if (i < cells.size() - 1) {
        sb.append(" ".repeat(width[i] - c.length() + 2));
      }
    }
    out.println(sb.toString().stripTrailing());
  }
}
