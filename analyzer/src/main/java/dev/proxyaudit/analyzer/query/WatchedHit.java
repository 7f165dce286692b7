package dev.proxyaudit.analyzer.query;

/** One watched-port event as the who question reads it: a proxy line, a packet or a dial line. */
public sealed interface WatchedHit permits ProxyHit, KernelHit, DialHit {
  /** Index-wide document id (for the raw line); the tie-break of equal times. */
  int doc();

  /** Epoch milliseconds, or {@link Long#MIN_VALUE} when unknown. */
  long timeMillis();

  default boolean hasTime() {
    return timeMillis() != Long.MIN_VALUE;
  }
}
