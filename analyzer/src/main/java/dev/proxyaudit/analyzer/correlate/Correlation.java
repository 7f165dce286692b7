package dev.proxyaudit.analyzer.correlate;

import dev.proxyaudit.analyzer.query.ProxyHit;
import java.util.List;
import java.util.Map;

/**
 * The proxy lines and the kernel's connections for the watched ports, tied together.
 *
 * @param links per proxy line (by document id), the kernel connections it caused, in time order
 * @param joins per kernel connection tied to a proxy line, how it was tied
 * @param owner per tied kernel connection, the proxy line that caused it
 * @param unattributed kernel connections that no proxy line explains
 * @param connections all kernel connections, in time order
 */
public record Correlation(
    Map<Integer, List<KernelConnection>> links,
    Map<KernelConnection, JoinKind> joins,
    Map<KernelConnection, ProxyHit> owner,
    List<KernelConnection> unattributed,
    List<KernelConnection> connections) {

  /** What the kernel's log says about one proxy line. */
  public ProxyStatus status(ProxyHit p) {
    return status(links.get(p.doc()));
  }

  /** What the kernel's log says about a proxy line tied to {@code ks} (null: to none). */
  public static ProxyStatus status(List<KernelConnection> ks) {
    if (ks == null || ks.isEmpty()) {
      return ProxyStatus.UNCONFIRMED;
    }
    for (KernelConnection k : ks) {
      if (!k.blocked()) {
        return ProxyStatus.CONFIRMED;
      }
    }
    return ProxyStatus.BLOCKED;
  }

  public List<KernelConnection> linked(ProxyHit p) {
    return links.getOrDefault(p.doc(), List.of());
  }

  /** Number of kernel connections tied by each kind, for the report and the closing notes. */
  public Map<JoinKind, Long> joinCounts() {
    Map<JoinKind, Long> m = new java.util.EnumMap<>(JoinKind.class);
    for (JoinKind k : JoinKind.values()) {
      m.put(k, 0L);
    }
    joins.values().forEach(k -> m.merge(k, 1L, Long::sum));
    return m;
  }
}
