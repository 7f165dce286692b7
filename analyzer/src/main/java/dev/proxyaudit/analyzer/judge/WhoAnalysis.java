package dev.proxyaudit.analyzer.judge;

import dev.proxyaudit.analyzer.config.PortNames;
import dev.proxyaudit.analyzer.correlate.Correlation;
import dev.proxyaudit.analyzer.correlate.Correlator;
import dev.proxyaudit.analyzer.correlate.Flow;
import dev.proxyaudit.analyzer.correlate.KernelConnection;
import dev.proxyaudit.analyzer.correlate.UidServices;
import dev.proxyaudit.analyzer.query.GroupBy;
import dev.proxyaudit.analyzer.query.KernelHit;
import dev.proxyaudit.analyzer.query.ProxyHit;
import dev.proxyaudit.analyzer.query.WatchedEvents;
import dev.proxyaudit.analyzer.query.WhoQuery;
import dev.proxyaudit.analyzer.query.WhoResult;
import dev.proxyaudit.rules.Ports;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * From the watched events to the answer of {@code who}: correlate proxy lines with kernel
 * connections, group the lines into rows, judge each row.
 */
public final class WhoAnalysis {
  private static final Verdict[] VERDICTS = Verdict.values();

  private final Correlator correlator;
  private final Judge judge;
  private final UidServices uids;
  private final PortNames names;

  public WhoAnalysis(Correlator correlator, Judge judge, UidServices uids, PortNames names) {
    this.correlator = correlator;
    this.judge = judge;
    this.uids = uids;
    this.names = names;
  }

  /** The usual wiring: the policy's join window and block words, the given uids and names. */
  public static WhoAnalysis create(
      Policy p, UidServices u, java.time.ZoneId zone, PortNames names) {
    Correlator c =
        new Correlator(
            u,
            java.time.Duration.ofSeconds(p.joinBeforeSeconds()),
            java.time.Duration.ofSeconds(p.joinAfterSeconds()),
            new dev.proxyaudit.analyzer.correlate.BlockedPrefixes(p.blockedPrefixWords()));
    return new WhoAnalysis(c, new Judge(p, zone), u, names);
  }

  /** The rows' proxy lines, kept for {@code explain}. */
  public record Analysis(
      WhoResult result, Correlation correlation, Map<WhoResult.Row, List<ProxyHit>> lines) {}

  public Analysis analyse(WhoQuery q, WatchedEvents events) {
    Correlation c = correlator.correlate(events);
    Statuses statuses = new Statuses(c);
    Map<Key, List<ProxyHit>> groups = new LinkedHashMap<>();
    for (ProxyHit p : events.proxies()) {
      groups.computeIfAbsent(Key.of(p, q.by()), k -> new ArrayList<>()).add(p);
    }
    Map<WhoResult.Row, List<ProxyHit>> lines = new LinkedHashMap<>();
    for (Map.Entry<Key, List<ProxyHit>> g : groups.entrySet()) {
      lines.put(row(g.getKey(), g.getValue(), q.by(), statuses), g.getValue());
    }
    List<WhoResult.Row> rows = new ArrayList<>(lines.keySet());
    rows.sort(
        Comparator.comparingInt((WhoResult.Row r) -> verdictRank(r.verdict()))
            .thenComparing(Comparator.comparingLong(WhoResult.Row::connections).reversed())
            .thenComparing(r -> String.valueOf(r.service()))
            .thenComparing(r -> String.valueOf(r.user()))
            .thenComparing(r -> String.valueOf(r.client())));
    Map<String, Long> joins = new LinkedHashMap<>();
    c.joinCounts().forEach((k, n) -> joins.put(k.label(), n));
    joins.put("none", (long) c.unattributed().size());
    WhoResult result = new WhoResult(q, List.copyOf(rows), kernelRows(events.kernel(), c), joins);
    return new Analysis(result, c, lines);
  }

  private static int verdictRank(String verdict) {
    for (Verdict v : VERDICTS) {
      if (v.id().equals(verdict)) {
        return v.ordinal();
      }
    }
    return VERDICTS.length;
  }

  /** (service, user) per row; an unknown user is split by client, which is all there is. */
  private record Key(String service, String user, String client) {
    static Key of(ProxyHit p, GroupBy by) {
      if (by == GroupBy.CLIENT) {
        return new Key(p.service(), null, p.client());
      }
      return p.user() != null
          ? new Key(p.service(), p.user(), null)
          : new Key(p.service(), null, p.client());
    }
  }

  private WhoResult.Row row(Key key, List<ProxyHit> hits, GroupBy by, Statuses statuses) {
    // sorted maps: the JSON's byClient/byUser/byPort come out in the same order on every run
    Map<String, Long> clients = new TreeMap<>();
    Map<String, Long> users = new TreeMap<>();
    Set<Destination> destinations = new HashSet<>();
    Map<Integer, Long> byPort = new TreeMap<>();
    Set<String> datasets = new TreeSet<>();
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    long confirmed = 0;
    long blocked = 0;
    long unconfirmed = 0;
    boolean oneUser = key.user() != null; // then every line names that user
    for (ProxyHit h : hits) {
      if (h.client() != null) {
        clients.merge(h.client(), 1L, Long::sum);
      }
      if (h.user() != null && !oneUser) {
        users.merge(names.label(h.service(), h.user()), 1L, Long::sum);
      }
      destinations.add(Destination.of(h));
      byPort.merge(h.port(), 1L, Long::sum);
      datasets.add(h.dataset());
      if (h.hasTime()) {
        first = Math.min(first, h.timeMillis());
        last = Math.max(last, h.timeMillis());
      }
      switch (statuses.of(h)) {
        case CONFIRMED -> confirmed++;
        case BLOCKED -> blocked++;
        case UNCONFIRMED -> unconfirmed++;
      }
    }
    String logged = key.user();
    String user = names.label(key.service(), logged);
    if (oneUser) {
      users.put(user, (long) hits.size());
    }
    List<String> clientList = byCount(clients);
    // the allow-list names users as logged
    Judgement j = judge.judge(logged, clientList, hits, statuses::of);
    String note = null;
    if (by == GroupBy.USER && user == null) {
      note = UnknownUser.why(hits.get(0).dataset());
    }
    return new WhoResult.Row(
        key.service(),
        user,
        serverPort(key.service(), logged),
        key.client(),
        clientList,
        byCount(users),
        Collections.unmodifiableMap(clients),
        Collections.unmodifiableMap(users),
        hits.size(),
        destinations.size(),
        Collections.unmodifiableMap(byPort),
        first == Long.MAX_VALUE ? null : Instant.ofEpochMilli(first),
        last == Long.MIN_VALUE ? null : Instant.ofEpochMilli(last),
        List.copyOf(datasets),
        confirmed,
        blocked,
        unconfirmed,
        j.verdict().id(),
        j.reasons(),
        note);
  }

  /** A shadowsocks-libev user is its server port. */
  private static Integer serverPort(String service, String user) {
    if (!"shadowsocks".equals(service) || user == null) {
      return null;
    }
    int p = Ports.parse(user);
    return p > 0 ? p : null;
  }

  private List<WhoResult.KernelRow> kernelRows(List<KernelHit> hits, Correlation c) {
    Map<Integer, KernelBuilder> byUid = new HashMap<>();
    for (KernelHit h : hits) {
      byUid.computeIfAbsent(h.uid(), KernelBuilder::new).add(h);
    }
    for (KernelConnection k : c.unattributed()) {
      byUid.computeIfAbsent(k.uid(), KernelBuilder::new).unattributed++;
    }
    List<WhoResult.KernelRow> rows = new ArrayList<>();
    byUid.values().forEach(b -> rows.add(b.build(uids.service(b.uid))));
    rows.sort(
        Comparator.comparingLong(WhoResult.KernelRow::packets)
            .reversed()
            .thenComparing(r -> r.uid() == null ? Long.MAX_VALUE : r.uid()));
    return List.copyOf(rows);
  }

  /** Accumulates one kernel row. */
  private static final class KernelBuilder {
    final Integer uid;
    long packets;
    long withoutTime;
    long unattributed;
    final Set<Flow> connections = new HashSet<>();
    final Set<Flow> sourcePorts = new HashSet<>();
    final Set<String> destinations = new HashSet<>();
    final Set<String> prefixes = new TreeSet<>();
    final Set<String> datasets = new TreeSet<>();
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;

    KernelBuilder(Integer uid) {
      this.uid = uid;
    }

    void add(KernelHit h) {
      packets++;
      Flow flow = Flow.of(h);
      connections.add(flow);
      sourcePorts.add(new Flow(flow.sourceIp(), flow.sourcePort(), null, 0));
      destinations.add(h.destinationIp());
      if (h.hasTime()) {
        first = Math.min(first, h.timeMillis());
        last = Math.max(last, h.timeMillis());
      } else {
        withoutTime++;
      }
      if (!h.prefix().isEmpty()) {
        prefixes.add(h.prefix());
      }
      if (h.dataset() != null) {
        datasets.add(h.dataset());
      }
    }

    WhoResult.KernelRow build(String service) {
      return new WhoResult.KernelRow(
          uid,
          packets,
          connections.size(),
          sourcePorts.size(),
          destinations.size(),
          first == Long.MAX_VALUE ? null : Instant.ofEpochMilli(first),
          last == Long.MIN_VALUE ? null : Instant.ofEpochMilli(last),
          withoutTime,
          List.copyOf(prefixes),
          List.copyOf(datasets),
          service,
          unattributed);
    }
  }

  /** Keys sorted by count (descending), then by name. */
  private static List<String> byCount(Map<String, Long> counts) {
    List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
    entries.sort(
        (a, b) -> {
          int c = Long.compare(b.getValue(), a.getValue());
          return c != 0 ? c : a.getKey().compareTo(b.getKey());
        });
    String[] keys = new String[entries.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = entries.get(i).getKey();
    }
    return List.of(keys);
  }
}
