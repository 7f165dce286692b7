package dev.proxyaudit.analyzer.correlate;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which uid runs which proxy service ({@code --uid v2ray=65534}). With none known, a kernel line
 * may belong to any service; with some known, a line of another uid belongs to none of them (a
 * local MTA, a user's shell). Two services under one uid cannot be told apart by the kernel.
 */
public record UidServices(Map<Integer, Set<String>> services) {
  public static final UidServices NONE = new UidServices(Map.of());

  public UidServices {
    Map<Integer, Set<String>> copy = new HashMap<>();
    services.forEach((uid, names) -> copy.put(uid, Set.copyOf(names)));
    services = Map.copyOf(copy);
  }

  /** From {@code service -> uid} pairs, as given on the command line. */
  public static UidServices of(Map<String, Integer> byService) {
    Map<Integer, Set<String>> m = new HashMap<>();
    byService.forEach((name, uid) -> m.computeIfAbsent(uid, u -> new TreeSet<>()).add(name));
    return new UidServices(m);
  }

  public boolean known() {
    return !services.isEmpty();
  }

  /** The service(s) of {@code uid} ("v2ray", "v2ray+shadowsocks"), or null. */
  public String service(Integer uid) {
    Set<String> s = uid == null ? null : services.get(uid);
    return s == null ? null : String.join("+", new TreeSet<>(s));
  }

  /** True when a line of {@code uid} may have been sent by {@code service}. */
  public boolean allows(Integer uid, String service) {
    if (!known() || uid == null) {
      return true;
    }
    Set<String> s = services.get(uid);
    return s != null && s.contains(service);
  }

  public Map<Integer, String> sorted() {
    Map<Integer, String> m = new TreeMap<>();
    services.keySet().forEach(u -> m.put(u, service(u)));
    return m;
  }
}
