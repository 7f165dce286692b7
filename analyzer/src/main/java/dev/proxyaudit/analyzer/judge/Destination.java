package dev.proxyaudit.analyzer.judge;

import dev.proxyaudit.analyzer.query.ProxyHit;

/**
 * A destination as the limits count it: host (or IP) as logged and port. Equal exactly when the
 * text {@code host + ":" + port} is equal (a port has no colon; no host is {@code "null"}), without
 * building that text for every line.
 */
record Destination(String host, int port) {
  static Destination of(ProxyHit h) {
    return new Destination(String.valueOf(h.destination()), h.port());
  }
}
