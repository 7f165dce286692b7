package dev.proxyaudit.analyzer.judge;

import dev.proxyaudit.analyzer.correlate.Correlation;
import dev.proxyaudit.analyzer.correlate.Correlator;
import dev.proxyaudit.analyzer.correlate.KernelConnection;
import dev.proxyaudit.analyzer.correlate.UidServices;
import dev.proxyaudit.analyzer.query.GroupBy;
import dev.proxyaudit.analyzer.query.KernelHit;
import dev.proxyaudit.analyzer.query.ProxyHit;
import dev.proxyaudit.analyzer.query.WatchedEvents;
import dev.proxyaudit.analyzer.query.WhoQuery;
import dev.proxyaudit.analyzer.query.WhoResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
  private final Correlator correlator;
  private final Judge judge;
  private final UidServices uids;

  public WhoAnalysis(Correlator correlator, Judge judge, UidServices uids) {
    this.correlator = correlator;
    this.judge = judge;
    this.uids = uids;
  }

  /** The usual wiring: the policy's join window and block words, the given uids. */
  public static WhoAnalysis create(Policy p, UidServices u, java.time.ZoneId zone) {
    Correlator c =
        new Correlator(
            u,
            java.time.Duration.ofSeconds(p.joinBeforeSeconds()),
            java.time.Duration.ofSeconds(p.joinAfterSeconds()),
            new dev.proxyaudit.analyzer.correlate.BlockedPrefixes(p.blockedPrefixWords()));
    return new WhoAnalysis(c, new Judge(p, zone), u);
  }

  /** The rows' proxy lines, kept for {@code explain}. */
  public record Analysis(
      WhoResult result, Correlation correlation, Map<WhoResult.Row, List<ProxyHit>> lines) {}

  public Analysis analyse(WhoQuery q, WatchedEvents events) {
    Correlation c = correlator.correlate(events);
    Map<List<String>, List<ProxyHit>> groups = new LinkedHashMap<>();
    for (ProxyHit p : events.proxies()) {
      groups.computeIfAbsent(key(p, q.by()), k -> new ArrayList<>()).add(p);
    }
    Map<WhoResult.Row, List<ProxyHit>> lines = new LinkedHashMap<>();
    for (Map.Entry<List<String>, List<ProxyHit>> g : groups.entrySet()) {
      lines.put(row(g.getKey(), g.getValue(), q.by(), c), g.getValue());
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
    for (Verdict v : Verdict.values()) {
      if (v.id().equals(verdict)) {
        return v.ordinal();
      }
    }
    return Verdict.values().length;
  }

  /** (service, user) per row; an unknown user is split by client, which is all there is. */
  private static List<String> key(ProxyHit p, GroupBy by) {
    if (by == GroupBy.CLIENT) {
      return Arrays.asList(p.service(), null, p.client());
    }
    return p.user() != null
        ? Arrays.asList(p.service(), p.user(), null)
        : Arrays.asList(p.service(), null, p.client());
  }

  private WhoResult.Row row(List<String> key, List<ProxyHit> hits, GroupBy by, Correlation c) {
    Map<String, Long> clients = new HashMap<>();
    Map<String, Long> users = new HashMap<>();
    Set<String> destinations = new HashSet<>();
    Map<Integer, Long> byPort = new TreeMap<>();
    Set<String> datasets = new TreeSet<>();
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    long confirmed = 0;
    long blocked = 0;
    long unconfirmed = 0;
    for (ProxyHit h : hits) {
      if (h.client() != null) {
        clients.merge(h.client(), 1L, Long::sum);
      }
      if (h.user() != null) {
        users.merge(h.user(), 1L, Long::sum);
      }
      destinations.add(h.destination() + ":" + h.port());
      byPort.merge(h.port(), 1L, Long::sum);
      datasets.add(h.dataset());
      if (h.hasTime()) {
        first = Math.min(first, h.timeMillis());
        last = Math.max(last, h.timeMillis());
      }
      switch (c.status(h)) {
        case CONFIRMED -> confirmed++;
        case BLOCKED -> blocked++;
        case UNCONFIRMED -> unconfirmed++;
      }
    }
    String user = key.get(1);
    List<String> clientList = byCount(clients);
    Judgement j = judge.judge(user, clientList, hits, c::status);
    String note = null;
    if (by == GroupBy.USER && user == null) {
      note = UnknownUser.why(hits.get(0).dataset());
    }
    return new WhoResult.Row(
        key.get(0),
        user,
        key.get(2),
        clientList,
        byCount(users),
        Map.copyOf(clients),
        Map.copyOf(users),
        hits.size(),
        destinations.size(),
        Map.copyOf(byPort),
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
    final Set<String> connections = new HashSet<>();
    final Set<String> sourcePorts = new HashSet<>();
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
      connections.add(
          h.sourceIp() + " " + h.sourcePort() + " " + h.destinationIp() + " " + h.port());
      sourcePorts.add(h.sourceIp() + " " + h.sourcePort());
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
    List<String> keys = new ArrayList<>(counts.keySet());
    keys.sort(Comparator.<String>comparingLong(counts::get).reversed().thenComparing(k -> k));
    return List.copyOf(keys);
  }
}
