package dev.proxyaudit.analyzer.correlate;

import dev.proxyaudit.analyzer.event.Service;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which uid runs which proxy service ({@code --uid v2ray=65534}). With none known, a kernel line
 * may belong to any service; with some known, a line of another uid belongs to none of them (a
 * local MTA, a user's shell). Two services under one uid cannot be told apart by the kernel.
 */
public record UidServices(Map<Integer, Set<Service>> services) {
  public static final UidServices NONE = new UidServices(Map.of());

  private static final Map<String, Service> PROXIES =
      Map.of(
          Service.V2RAY.id(),
          Service.V2RAY,
          Service.SHADOWSOCKS.id(),
          Service.SHADOWSOCKS,
          Service.SING_BOX.id(),
          Service.SING_BOX);

  /** A refused {@code service=uid} pair; the caller words the message for its own input. */
  public static final class BadPairException extends Exception {
    private final boolean unknownService;

    private BadPairException(boolean unknownService, String text) {
      super(text);
      this.unknownService = unknownService;
    }

    /** True when the service is not one we know, false when the uid is not a whole number >= 0. */
    public boolean unknownService() {
      return unknownService;
    }
  }

  public UidServices {
    Map<Integer, Set<Service>> copy = new HashMap<>();
    services.forEach((uid, names) -> copy.put(uid, Set.copyOf(names)));
    services = Map.copyOf(copy);
  }

  /** From {@code service -> uid} pairs, as given on the command line (names checked). */
  public static UidServices of(Map<String, Integer> byService) {
    Map<Integer, Set<Service>> m = new HashMap<>();
    byService.forEach(
        (name, uid) -> {
          Service s = PROXIES.get(name);
          if (s == null) {
            throw new IllegalArgumentException("not a proxy service: " + name);
          }
          m.computeIfAbsent(uid, u -> EnumSet.noneOf(Service.class)).add(s);
        });
    return new UidServices(m);
  }

  /**
   * The uid of one {@code service=uid} pair: service v2ray, shadowsocks or sing-box, a uid >= 0.
   */
  public static int parsePair(String service, String uid) throws BadPairException {
    if (!PROXIES.containsKey(service)) {
      throw new BadPairException(true, service);
    }
    try {
      int n = Integer.parseInt(uid);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new BadPairException(false, uid);
    }
  }

  public boolean known() {
    return !services.isEmpty();
  }

  /** The service(s) of {@code uid}, by name; empty when unknown. */
  public List<Service> services(Integer uid) {
    Set<Service> s = uid == null ? null : services.get(uid);
    List<Service> out = new ArrayList<>(s == null ? Set.of() : s);
    out.sort(Comparator.comparing(Service::id));
    return out;
  }

  /** The service(s) of {@code uid} as printed ("v2ray", "shadowsocks+v2ray"), or null. */
  public String service(Integer uid) {
    List<Service> s = services(uid);
    return s.isEmpty() ? null : String.join("+", s.stream().map(Service::id).toList());
  }

  /** True when a line of {@code uid} may have been sent by {@code service}. */
  public boolean allows(Integer uid, Service service) {
    if (!known() || uid == null) {
      return true;
    }
    Set<Service> s = services.get(uid);
    return s != null && s.contains(service);
  }

  public Map<Integer, String> sorted() {
    Map<Integer, String> m = new TreeMap<>();
    services.keySet().forEach(u -> m.put(u, service(u)));
    return m;
  }
}
