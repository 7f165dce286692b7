package dev.proxyaudit.analyzer.judge;

/**
 * A count per long key (open addressing, linear probing, deletion by backward shift): the
 * destinations inside a sliding hour, without a boxed entry per destination.
 */
final class LongCounts {
  private long[] keys = new long[16];
  private int[] counts = new int[16];
  private boolean[] used = new boolean[16];
  private int size;

  int size() {
    return size;
  }

  void increment(long key) {
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    int i = slot(key);
    if (used[i]) {
      counts[i]++;
    } else {
      used[i] = true;
      keys[i] = key;
      counts[i] = 1;
      size++;
    }
  }

  /** One less of {@code key}; gone at zero. */
  void decrement(long key) {
    int i = slot(key);
    if (!used[i]) {
      return;
    }
    if (--counts[i] > 0) {
      return;
    }
    size--;
    // backward shift: move later entries of the probe run into the hole
    int mask = keys.length - 1;
    int hole = i;
    for (int j = (i + 1) & mask; used[j]; j = (j + 1) & mask) {
      int home = (int) Hash64.mix(keys[j]) & mask;
      if (((j - home) & mask) >= ((j - hole) & mask)) {
        keys[hole] = keys[j];
        counts[hole] = counts[j];
        hole = j;
      }
    }
    used[hole] = false;
  }

  private int slot(long key) {
    int mask = keys.length - 1;
    int i = (int) Hash64.mix(key) & mask;
    while (used[i] && keys[i] != key) {
      i = (i + 1) & mask;
    }
    return i;
  }

  private void grow() {
    long[] k = keys;
    int[] c = counts;
    boolean[] u = used;
    keys = new long[k.length * 2];
    counts = new int[k.length * 2];
    used = new boolean[k.length * 2];
    for (int i = 0; i < k.length; i++) {
      if (u[i]) {
        int j = slot(k[i]);
        used[j] = true;
        keys[j] = k[i];
        counts[j] = c[i];
      }
    }
  }
}
