package dev.proxyaudit.analyzer.event;

import dev.proxyaudit.rules.IpLiteral;
import java.util.Objects;

/**
 * One side of a connection as a log wrote it.
 *
 * @param address the text the log printed (an IP, {@code unix:@sock}, a masked {@code 11.45.*.*})
 * @param ip the canonical IP when {@code address} is one, else null
 * @param port the port, or -1 when the log has none
 */
public record Endpoint(String address, String ip, int port) {
  public Endpoint {
    Objects.requireNonNull(address, "address");
    if (port < -1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (ip != null && !IpLiteral.isIp(ip)) {
      throw new IllegalArgumentException("not an IP: " + ip);
    }
  }

  /** An endpoint from log text; the IP is filled in when the address is an IP literal. */
  public static Endpoint of(String address, int port) {
    return new Endpoint(address, IpLiteral.canonical(address).orElse(null), port);
  }
}
