package dev.proxyaudit.analyzer.judge;

/**
 * How many distinct values (by 64-bit hash): exact up to {@link #EXACT}, then a HyperLogLog
 * estimate (2^14 registers, about 0.8 % standard error) in 16 KB, marked approximate.
 */
final class DistinctCount {
  static final int EXACT = 100_000;
  private static final int P = 14;
  private static final int M = 1 << P;

  // open addressing in one array, 0 marking a free slot (a hash of 0 is kept as 1): one cache
  // line per probe instead of two
  private long[] set = new long[16];
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
    long h = hash == 0 ? 1 : hash;
    int mask = set.length - 1;
    int i = (int) Hash64.mix(h) & mask;
    for (long v = set[i]; v != 0; v = set[i]) {
      if (v == h) {
        return;
      }
      i = (i + 1) & mask;
    }
    set[i] = h;
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
    for (long v : set) {
      if (v != 0) {
        addToSketch(v);
      }
    }
    set = null;
  }

  private void grow() {
    long[] s = set;
    set = new long[s.length * 2];
    int mask = set.length - 1;
    for (long v : s) {
      if (v != 0) {
        int i = (int) Hash64.mix(v) & mask;
        while (set[i] != 0) {
          i = (i + 1) & mask;
        }
        set[i] = v;
      }
    }
  }
}
