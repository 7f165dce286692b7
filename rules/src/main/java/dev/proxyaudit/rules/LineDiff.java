package dev.proxyaudit.rules;

import java.util.ArrayList;
import java.util.List;

/** A small unified diff (longest common subsequence) for rule files of a few hundred lines. */
final class LineDiff {
  private static final int CONTEXT = 2;

  private LineDiff() {}

  static String unified(String oldName, String newName, List<String> a, List<String> b) {
    int n = a.size();
    int m = b.size();
    int[][] lcs = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        lcs[i][j] =
            a.get(i).equals(b.get(j))
                ? lcs[i + 1][j + 1] + 1
                : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    // one edit script: ' ' keep, '-' old only, '+' new only
    StringBuilder ops = new StringBuilder();
    List<String> text = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a.get(i).equals(b.get(j))) {
        ops.append(' ');
        text.add(a.get(i));
        i++;
        j++;
      } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
        ops.append('-'); // removals before additions, as diff -u prints them
        text.add(a.get(i++));
      } else {
        ops.append('+');
        text.add(b.get(j++));
      }
    }
    StringBuilder out = new StringBuilder();
    out.append("--- ").append(oldName).append('\n').append("+++ ").append(newName).append('\n');
    int k = 0;
    while (k < ops.length()) {
      if (ops.charAt(k) == ' ') {
        k++;
        continue;
      }
      int start = Math.max(0, k - CONTEXT);
      int end = k;
      // extend the hunk while changes are close together
      while (end < ops.length()) {
        if (ops.charAt(end) != ' ') {
          end++;
          continue;
        }
        int run = end;
        while (run < ops.length() && ops.charAt(run) == ' ') {
          run++;
        }
        if (run < ops.length() && run - end <= 2 * CONTEXT) {
          end = run;
        } else {
          end = Math.min(ops.length(), end + CONTEXT);
          break;
        }
      }
      out.append("@@\n");
      for (int x = start; x < end; x++) {
        out.append(ops.charAt(x)).append(text.get(x)).append('\n');
      }
      k = end;
    }
    return out.toString();
  }
}
