package dev.proxyaudit.analyzer.judge;

import dev.proxyaudit.analyzer.query.ProxyHit;

/**
 * A destination as the limits count it: host (or IP) as logged and port. Two lines name the same
 * destination exactly when the text {@code host + ":" + port} is equal; a row keeps the 64-bit hash
 * of that pair, not the text.
 */
final class Destination {
  private Destination() {}

  static long hash(ProxyHit h) {
    return Hash64.of(String.valueOf(h.destination()), h.port());
  }
}
