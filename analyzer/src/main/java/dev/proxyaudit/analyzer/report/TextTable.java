package dev.proxyaudit.analyzer.report;

import dev.proxyaudit.rules.SafeText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Left-aligned columns for the terminal; control characters from logs are neutralised. A table
 * wider than the terminal leaves out its least important columns (lowest {@link #importance} first,
 * never those of {@link #ESSENTIAL}) and says which.
 */
final class TextTable {
  /** Columns of this importance are always shown. */
  static final int ESSENTIAL = 10;

  private static final int GAP = 2;

  private final List<String> headers;
  private int[] importance;
  private final List<List<String>> rows = new ArrayList<>();

  TextTable(String... headers) {
    this.headers = List.of(headers);
    this.importance = new int[headers.length];
    java.util.Arrays.fill(importance, ESSENTIAL);
  }

  /** How much each column matters, in header order (1 goes first, {@link #ESSENTIAL} never). */
  TextTable importance(int... perColumn) {
    if (perColumn.length != headers.size()) {
      throw new IllegalArgumentException(perColumn.length + " for " + headers.size() + " columns");
    }
    importance = perColumn.clone();
    return this;
  }

  void row(String... cells) {
    List<String> r = new ArrayList<>();
    for (String c : cells) {
      r.add(c == null ? "-" : SafeText.printable(c));
    }
    rows.add(r);
  }

  /** Prints within {@code maxWidth} characters where it can; returns the headers left out. */
  List<String> print(PrintWriter out, int maxWidth) {
    int n = headers.size();
    int[] width = new int[n];
    for (int i = 0; i < n; i++) {
      width[i] = headers.get(i).length();
      for (List<String> r : rows) {
        width[i] = Math.max(width[i], r.get(i).length());
      }
    }
    boolean[] shown = new boolean[n];
    java.util.Arrays.fill(shown, true);
    List<String> left = new ArrayList<>();
    while (total(width, shown) > maxWidth) {
      int drop = -1;
      for (int i = n - 1; i >= 0; i--) { // ties: the rightmost goes first
        if (shown[i]
            && importance[i] < ESSENTIAL
            && (drop < 0 || importance[i] < importance[drop])) {
          drop = i;
        }
      }
      if (drop < 0) {
        break; // only essential columns left: wider than asked, but whole
      }
      shown[drop] = false;
      left.add(0, headers.get(drop));
    }
    line(out, headers, width, shown);
    for (List<String> r : rows) {
      line(out, r, width, shown);
    }
    left.sort(java.util.Comparator.comparingInt(headers::indexOf));
    return left;
  }

  private static int total(int[] width, boolean[] shown) {
    int t = 0;
    int columns = 0;
    for (int i = 0; i < width.length; i++) {
      if (shown[i]) {
        t += width[i];
        columns++;
      }
    }
    return t + GAP * Math.max(0, columns - 1);
  }

  private static void line(PrintWriter out, List<String> cells, int[] width, boolean[] shown) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (!shown[i]) {
        continue;
      }
      String c = cells.get(i);
      sb.append(c).append(" ".repeat(width[i] - c.length() + GAP));
    }
    out.println(sb.toString().stripTrailing());
  }
}
