package dev.proxyaudit.analyzer.correlate;

import java.util.Arrays;

/**
 * The assignment of rows to columns with the least total cost, each column to at most one row (the
 * Hungarian method with potentials, O(rows^2 * columns)). Used on the small groups of kernel
 * connections and proxy lines that compete for each other, where picking packet by packet can give
 * a line its neighbour's packet.
 */
final class MinCostMatching {
  /** A pair that must not be made. */
  static final long FORBIDDEN = Long.MAX_VALUE / 4;

  private MinCostMatching() {}

  /**
   * The column of each row: {@code cost[r][c]} for row r in column c; at least as many columns as
   * rows; every row must have a column it may take (callers add a column for "none").
   */
  static int[] solve(long[][] cost) {
    int n = cost.length;
    int m = cost[0].length;
    if (n > m) {
      throw new IllegalArgumentException(n + " rows for " + m + " columns");
    }
    long[] u = new long[n + 1];
    long[] v = new long[m + 1];
    int[] rowOf = new int[m + 1]; // 1-based row in each column, 0: free
    int[] way = new int[m + 1];
    long[] min = new long[m + 1];
    boolean[] used = new boolean[m + 1];
    for (int i = 1; i <= n; i++) {
      rowOf[0] = i;
      int j0 = 0;
      Arrays.fill(min, FORBIDDEN * 2);
      Arrays.fill(used, false);
      do {
        used[j0] = true;
        int i0 = rowOf[j0];
        long delta = FORBIDDEN * 2;
        int j1 = 0;
        for (int j = 1; j <= m; j++) {
          if (!used[j]) {
            long cur = cost[i0 - 1][j - 1] - u[i0] - v[j];
            if (cur < min[j]) {
              min[j] = cur;
              way[j] = j0;
            }
            if (min[j] < delta) {
              delta = min[j];
              j1 = j;
            }
          }
        }
        for (int j = 0; j <= m; j++) {
          if (used[j]) {
            u[rowOf[j]] += delta;
            v[j] -= delta;
          } else {
            min[j] -= delta;
          }
        }
        j0 = j1;
      } while (rowOf[j0] != 0);
      do {
        int j1 = way[j0];
        rowOf[j0] = rowOf[j1];
        j0 = j1;
      } while (j0 != 0);
    }
    int[] columnOf = new int[n];
    for (int j = 1; j <= m; j++) {
      if (rowOf[j] != 0) {
        columnOf[rowOf[j] - 1] = j - 1;
      }
    }
    return columnOf;
  }
}
