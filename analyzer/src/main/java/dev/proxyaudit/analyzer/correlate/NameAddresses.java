package dev.proxyaudit.analyzer.correlate;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Host names and the address each was last seen to resolve to, learned from the logs themselves: a
 * dial line that names both ("tcp:mx1.example.test:25 ... dialed at 203.0.113.25"), or a kernel
 * connection the proxy named by its source port. Never from a join by time alone, which may be
 * another line's packet. Holds at most {@link #MAX_NAMES}: a spam run to a million names keeps the
 * first ones.
 */
final class NameAddresses {
  static final int MAX_NAMES = 65_536;

  private final Map<String, String> addresses = new HashMap<>();

  /** How a host name is keyed here (names are case-blind), or null for none. */
  static String key(String name) {
    return name == null ? null : name.toLowerCase(Locale.ROOT);
  }

  /** {@code name} resolved to {@code ip} (the later pair wins: DNS answers change). */
  void learn(String name, String ip) {
    if (name == null || ip == null || name.equals(ip)) {
      return;
    }
    String key = key(name);
    if (addresses.containsKey(key) || addresses.size() < MAX_NAMES) {
      addresses.put(key, ip);
    }
  }

  /**
   * The address the name with {@code key} ({@link #key}, computed once per line: the join asks for
   * every candidate) was seen to resolve to, or null.
   */
  String address(String key) {
    return key == null ? null : addresses.get(key);
  }
}
