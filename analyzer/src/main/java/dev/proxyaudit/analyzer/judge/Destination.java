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

  /** The server: {@code address} (null: unknown, then the name as logged) and the line's port. */
  static long server(ProxyHit h, String address) {
    return address == null ? hash(h) : hash(address, h.port());
  }

  static long hash(String host, int port) {
    return Hash64.of(String.valueOf(host), port);
  }
}
