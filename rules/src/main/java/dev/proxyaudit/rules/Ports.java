package dev.proxyaudit.rules;

import java.util.ArrayList;
import java.util.List;

/** Strict TCP/UDP port parsing: decimal digits only, 0..65535. */
public final class Ports {
  private Ports() {}

  /** The port, or -1 when {@code text[from, to)} is not a port number. */
  public static int parse(CharSequence text, int from, int to) {
    int len = to - from;
    if (len < 1 || len > 5) {
      return -1;
    }
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value <= 65535 ? value : -1;
  }

  /** The port, or -1 when {@code text} is not a port number. */
  public static int parse(CharSequence text) {
    return text == null ? -1 : parse(text, 0, text.length());
  }

  /**
   * Parses a comma-separated list such as {@code 25,465,587}.
   *
   * @throws IllegalArgumentException naming the first element that is not a port from 1 to 65535
   */
  public static List<Integer> parseList(String text) {
    List<Integer> ports = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      int port = parse(part.trim());
      if (port < 1) {
        throw new IllegalArgumentException("not a port (1-65535): '" + part.trim() + "'");
      }
      if (!ports.contains(port)) {
        ports.add(port);
      }
    }
    return List.copyOf(ports);
  }
}
