package dev.proxyaudit.analyzer.parse;

import dev.proxyaudit.rules.Ports;

/**
 * Splits {@code host:port}, {@code [v6]:port} and unbracketed {@code v6:port} (Python, trojan).
 *
 * @param host the host without brackets
 * @param port the port, or -1 when there was none or it was not a number
 */
record HostPort(String host, int port) {

  /**
   * Splits at the last colon; brackets around the host are removed. Null when the host is empty.
   */
  static HostPort parse(String s) {
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 2) {
        return null;
      }
      String host = s.substring(1, close);
      int port = Chars.charAt(s, close + 1, ':') ? Ports.parse(s, close + 2, s.length()) : -1;
      return close + 1 == s.length() || port >= 0 ? new HostPort(host, port) : null;
    }
    int colon = s.lastIndexOf(':');
    if (colon <= 0) {
      return s.isEmpty() ? null : new HostPort(s, -1);
    }
    return new HostPort(s.substring(0, colon), Ports.parse(s, colon + 1, s.length()));
  }
}
