package dev.proxyaudit.analyzer.event;

import dev.proxyaudit.rules.IpLiteral;
import dev.proxyaudit.rules.SafeText;
import java.util.Objects;

/**
 * Where a connection went.
 *
 * @param address the host exactly as logged (a name, an IP, or stranger's text)
 * @param domain the host when it is a valid DNS name, else null
 * @param ip the canonical IP when the host is an IP literal, else null
 * @param port the destination port, 0..65535
 */
public record Destination(String address, String domain, String ip, int port) {
  public Destination {
    Objects.requireNonNull(address, "address");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /** A destination from a logged host; the domain or IP is filled in when the host is valid. */
  public static Destination of(String host, int port) {
    String ip = IpLiteral.canonical(host).orElse(null);
    String domain = ip == null && SafeText.isHostName(host) ? host.toLowerCase() : null;
    return new Destination(host, domain, ip, port);
  }

  /** The name when known, else the IP, else the raw address: what the operator recognises. */
  public String display() {
    return domain != null ? domain : ip != null ? ip : address;
  }
}
