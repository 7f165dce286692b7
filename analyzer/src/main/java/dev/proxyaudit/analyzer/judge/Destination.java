package dev.proxyaudit.analyzer.judge;

import dev.proxyaudit.analyzer.query.ProxyHit;

/**
 * A destination as rows count it, by the 64-bit hash of host and port, not the text: as logged (two
 * lines name the same one when {@code host + ":" + port} is equal), or the server it went to (a
 * name whose address is known counts as that address).
 */
final class Destination {
  private Destination() {}

  /** The destination as logged. */
  static long hash(ProxyHit h) {
    return hash(h.destination(), h.port());
  }

  static long hash(String host, int port) {
    return Hash64.of(String.valueOf(host), port);
  }
}
