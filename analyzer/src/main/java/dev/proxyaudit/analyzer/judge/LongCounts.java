package dev.proxyaudit.analyzer.judge;

/**
 * A count per long key (open addressing, linear probing, deletion by backward shift): the
 * destinations inside a sliding hour, without a boxed entry per destination. A key of 0 marks a
 * free slot (key 0 is kept as 1).
 */
final class LongCounts {
  private long[] keys = new long[16];
  private int[] counts = new int[16];
  private int size;

  int size() {
    return size;
  }

  void increment(long key) {
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    long k = key == 0 ? 1 : key;
    int i = slot(k);
    if (keys[i] == k) {
      counts[i]++;
    } else {
      keys[i] = k;
      counts[i] = 1;
      size++;
    }
  }

  /** One less of {@code key}; gone at zero. */
  void decrement(long key) {
    long k = key == 0 ? 1 : key;
    int i = slot(k);
    if (keys[i] != k) {
      return;
    }
    if (--counts[i] > 0) {
      return;
    }
    size--;
    // backward shift: move later entries of the probe run into the hole
    int mask = keys.length - 1;
    int hole = i;
    for (int j = (i + 1) & mask; keys[j] != 0; j = (j + 1) & mask) {
      int home = (int) Hash64.mix(keys[j]) & mask;
      if (((j - home) & mask) >= ((j - hole) & mask)) {
        keys[hole] = keys[j];
        counts[hole] = counts[j];
        hole = j;
      }
    }
    keys[hole] = 0;
  }

  /** The slot holding {@code k}, or the free slot where it would go. */
  private int slot(long k) {
    int mask = keys.length - 1;
    int i = (int) Hash64.mix(k) & mask;
    while (keys[i] != 0 && keys[i] != k) {
      i = (i + 1) & mask;
    }
    return i;
  }

  private void grow() {
    long[] k = keys;
    int[] c = counts;
    keys = new long[k.length * 2];
    counts = new int[k.length * 2];
    for (int i = 0; i < k.length; i++) {
      if (k[i] != 0) {
        int j = slot(k[i]);
        keys[j] = k[i];
        counts[j] = c[i];
      }
    }
  }
}
