package dev.proxyaudit.analyzer.judge;

/**
 * 64-bit hashes of what the limits count (a destination, a flow), so that a row's distinct sets
 * hold longs instead of strings: for 100,000 values the chance that two share a hash is 3e-10.
 */
final class Hash64 {
  private Hash64() {}

  /** FNV-1a over the chars of {@code s} (null: a value of its own), then {@code more}, mixed. */
  static long of(String s, long more) {
    long h = 0xcbf29ce484222325L;
    if (s == null) {
      h ^= 0x9e3779b97f4a7c15L;
    } else {
      for (int i = 0; i < s.length(); i++) {
        h ^= s.charAt(i);
        h *= 0x100000001b3L;
      }
      h ^= s.length();
    }
    return mix(h ^ mix(more + 0x632be59bd9b4e019L));
  }

  /** The two values in order. */
  static long of(String a, String b, long more) {
    return of(b, of(a, more));
  }

  /** SplitMix64's finaliser: every input bit moves every output bit. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
