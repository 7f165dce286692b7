package dev.proxyaudit.analyzer.correlate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MinCostMatchingTest {
  private static final long X = MinCostMatching.FORBIDDEN;

  /** Row 0 alone would take column 0 (cost 1); the cheapest total gives it column 1. */
  @Test
  void theCheapestTotalIsNotEachRowsCheapest() {
    long[][] cost = {
      {1, 2},
      {3, X},
    };
    assertArrayEquals(new int[] {1, 0}, MinCostMatching.solve(cost));
  }

  @Test
  void moreColumnsThanRows() {
    long[][] cost = {
      {9, 8, 1},
      {9, 1, 2},
    };
    assertArrayEquals(new int[] {2, 1}, MinCostMatching.solve(cost));
  }

  @Test
  void moreRowsThanColumnsIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> MinCostMatching.solve(new long[2][1]));
  }
}
