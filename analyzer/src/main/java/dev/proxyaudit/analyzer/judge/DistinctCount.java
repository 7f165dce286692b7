package dev.proxyaudit.analyzer.judge;

/**
 * How many distinct values (by 64-bit hash): exact up to {@link #EXACT}, then a HyperLogLog
 * estimate (2^14 registers, about 0.8 % standard error) in 16 KB, marked approximate.
 */
final class DistinctCount {
  static final int EXACT = 100_000;
  private static final int P = 14;
  private static final int M = 1 << P;

  private long[] set = new long[16];
  private boolean[] used = new boolean[16];
  private int size;
  private byte[] registers; // non-null once past EXACT

  void add(long hash) {
    if (registers != null) {
      addToSketch(hash);
      return;
    }
    if ((size + 1) * 2 > set.length) {
      if (size >= EXACT) {
        toSketch();
        addToSketch(hash);
        return;
      }
      grow();
    }
    int mask = set.length - 1;
    int i = (int) Hash64.mix(hash) & mask;
    while (used[i]) {
      if (set[i] == hash) {
        return;
      }
      i = (i + 1) & mask;
    }
    used[i] = true;
    set[i] = hash;
    size++;
  }

  boolean approximate() {
    return registers != null;
  }

  long count() {
    if (registers == null) {
      return size;
    }
    double sum = 0;
    int zeros = 0;
    for (byte r : registers) {
      sum += Math.scalb(1.0, -r);
      if (r == 0) {
        zeros++;
      }
    }
    double alpha = 0.7213 / (1 + 1.079 / M);
    double e = alpha * M * (double) M / sum;
    if (e <= 2.5 * M && zeros > 0) {
      e = M * Math.log((double) M / zeros); // linear counting for small ranges
    }
    return Math.round(e);
  }

  private void addToSketch(long hash) {
    long h = Hash64.mix(hash);
    int idx = (int) (h >>> (64 - P));
    int rank = Long.numberOfLeadingZeros((h << P) | (1L << (P - 1))) + 1;
    if (rank > registers[idx]) {
      registers[idx] = (byte) rank;
    }
  }

  private void toSketch() {
    registers = new byte[M];
    for (int i = 0; i < set.length; i++) {
      if (used[i]) {
        addToSketch(set[i]);
      }
    }
    set = null;
    used = null;
  }

  private void grow() {
    long[] s = set;
    boolean[] u = used;
    set = new long[s.length * 2];
    used = new boolean[s.length * 2];
    int mask = set.length - 1;
    for (int j = 0; j < s.length; j++) {
      if (u[j]) {
        int i = (int) Hash64.mix(s[j]) & mask;
        while (used[i]) {
          i = (i + 1) & mask;
        }
        used[i] = true;
        set[i] = s[j];
      }
    }
  }
}
