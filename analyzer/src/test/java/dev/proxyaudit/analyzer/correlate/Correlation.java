package dev.proxyaudit.analyzer.correlate;

import dev.proxyaudit.analyzer.query.DialHit;
import dev.proxyaudit.analyzer.query.KernelHit;
import dev.proxyaudit.analyzer.query.ProxyHit;
import dev.proxyaudit.analyzer.query.WatchedHit;
import dev.proxyaudit.analyzer.query.WatchedLists;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a {@link Correlator} decided about some lists of events, kept: for tests that look at
 * single joins (the product keeps none of it).
 *
 * @param connections every kernel connection, in the order they were tied
 * @param servers per proxy line (document), the address the correlator says it went to, if any
 */
public record Correlation(
    Map<Integer, List<KernelConnection>> links,
    Map<Integer, ProxyStatus> statuses,
    Map<KernelConnection, JoinKind> joins,
    Map<KernelConnection, ProxyHit> owner,
    List<KernelConnection> unattributed,
    List<KernelConnection> connections,
    Map<Integer, String> servers) {

  public static Correlation of(Correlator c, WatchedLists events) {
    return of(c, events.proxies(), events.kernel(), events.dials());
  }

  public static Correlation of(Correlator c, List<ProxyHit> proxies, List<KernelHit> kernel) {
    return of(c, proxies, kernel, List.of());
  }

  public static Correlation of(
      Correlator c, List<ProxyHit> proxies, List<KernelHit> kernel, List<DialHit> dials) {
    Correlation out =
        new Correlation(
            new HashMap<>(),
            new HashMap<>(),
            new IdentityHashMap<>(),
            new IdentityHashMap<>(),
            new ArrayList<>(),
            new ArrayList<>(),
            new HashMap<>());
    List<WatchedHit> all = new ArrayList<>(proxies);
    all.addAll(kernel);
    all.addAll(dials);
    all.sort(Comparator.comparingLong(WatchedHit::timeMillis).thenComparingInt(WatchedHit::doc));
    Correlator.Names names;
    try {
      names = c.names(all::forEach);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e); // a list is not read from a file
    }
    Correlator.Session s =
        c.session(
            new Correlator.Sink() {
              @Override
              public void line(
                  ProxyHit p, ProxyStatus status, List<Correlator.Link> links, Server server) {
                out.statuses.put(p.doc(), status);
                if (server != null) {
                  out.servers.put(p.doc(), server.ip());
                }
                out.links.put(p.doc(), links.stream().map(Correlator.Link::connection).toList());
              }

              @Override
              public void connection(KernelConnection k, JoinKind kind, ProxyHit owner) {
                out.connections.add(k);
                if (kind == null) {
                  out.unattributed.add(k);
                } else {
                  out.joins.put(k, kind);
                  out.owner.put(k, owner);
                }
              }
            },
            names);
    all.forEach(s);
    s.finish();
    return out;
  }

  /** Connections tied by each kind (every kind listed). */
  public Map<JoinKind, Long> joinCounts() {
    Map<JoinKind, Long> m = new java.util.EnumMap<>(JoinKind.class);
    for (JoinKind k : JoinKind.values()) {
      m.put(k, 0L);
    }
    joins.values().forEach(k -> m.merge(k, 1L, Long::sum));
    return m;
  }

  public ProxyStatus status(ProxyHit p) {
    return statuses.get(p.doc());
  }

  public List<KernelConnection> linked(ProxyHit p) {
    return links.getOrDefault(p.doc(), List.of());
  }
}
