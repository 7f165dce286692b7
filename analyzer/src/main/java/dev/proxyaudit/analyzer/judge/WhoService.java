package dev.proxyaudit.analyzer.judge;

import dev.proxyaudit.analyzer.config.PortNames;
import dev.proxyaudit.analyzer.correlate.BlockedPrefixes;
import dev.proxyaudit.analyzer.correlate.ClockSkew;
import dev.proxyaudit.analyzer.correlate.Correlator;
import dev.proxyaudit.analyzer.correlate.InboundJoin;
import dev.proxyaudit.analyzer.correlate.JoinKind;
import dev.proxyaudit.analyzer.correlate.KernelConnection;
import dev.proxyaudit.analyzer.correlate.ProxyStatus;
import dev.proxyaudit.analyzer.correlate.Server;
import dev.proxyaudit.analyzer.correlate.UidServices;
import dev.proxyaudit.analyzer.query.InboundContext;
import dev.proxyaudit.analyzer.query.KernelHit;
import dev.proxyaudit.analyzer.query.ProxyHit;
import dev.proxyaudit.analyzer.query.QueryIndex;
import dev.proxyaudit.analyzer.query.WatchedHit;
import dev.proxyaudit.analyzer.query.WatchedStream;
import dev.proxyaudit.analyzer.query.WhoQuery;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The who question, for every command that asks it (who, explain, rules, the nightly run, the
 * report, bench): read the watched events in time order, tie kernel connections to proxy lines,
 * group the lines into rows and judge them. One pass; memory holds the rows' fixed-size state and
 * the few minutes of events a join can still reach, not the events of the incident.
 */
public final class WhoService {
  private final Policy policy;
  private final UidServices uids;
  private final PortNames names;
  private final Judge judge;
  private final Correlator correlator;

  public WhoService(Policy policy, UidServices uids, ZoneId zone, PortNames names) {
    this.policy = policy;
    this.uids = uids;
    this.names = names;
    this.judge = new Judge(policy, zone);
    this.correlator =
        new Correlator(
            uids,
            Duration.ofSeconds(policy.joinBeforeSeconds()),
            Duration.ofSeconds(policy.joinAfterSeconds()),
            new BlockedPrefixes(policy.blockedPrefixWords()));
  }

  public Policy policy() {
    return policy;
  }

  /** Sees each proxy line as it is decided, with its row and the kernel's connections. */
  public interface LineListener {
    /** {@code server}: the address the line went to, null when no log tells it. */
    void line(
        RowKey row, ProxyHit p, ProxyStatus status, List<Correlator.Link> links, Server server);
  }

  /** The answer to {@code q}. */
  public WhoResult answer(QueryIndex index, WhoQuery q) throws IOException {
    return answer(index, q, null);
  }

  /** The answer to {@code q}; every line also goes to {@code listener} (null: none). */
  public WhoResult answer(QueryIndex index, WhoQuery q, LineListener listener) throws IOException {
    Map<RowKey, RowBuilder> rows = new LinkedHashMap<>();
    Map<Integer, KernelRowBuilder> kernel = new HashMap<>();
    KernelRowBuilder noUid = new KernelRowBuilder(null);
    Map<JoinKind, Long> joins = new EnumMap<>(JoinKind.class);
    for (JoinKind k : JoinKind.values()) {
      joins.put(k, 0L);
    }
    long[] unattributed = {0};
    Map<Integer, Long> inbound = new TreeMap<>();
    ClockSkew skew =
        new ClockSkew(
            Duration.ofSeconds(policy.joinBeforeSeconds()),
            Duration.ofSeconds(policy.joinAfterSeconds()));
    Correlator.Names learned = correlator.names(to -> WatchedStream.read(index.reader(), q, to));
    Correlator.Session session =
        correlator.session(
            new Correlator.Sink() {
              @Override
              public void line(
                  ProxyHit p, ProxyStatus status, List<Correlator.Link> links, Server server) {
                RowKey key = RowKey.of(p, q.by());
                RowBuilder b = rows.computeIfAbsent(key, k -> new RowBuilder(k, judge));
                b.add(p, status, names, server == null ? null : server.ip());
                b.senders(links);
                if (status == ProxyStatus.UNCONFIRMED && p.hasTime()) {
                  skew.unconfirmed(p.port(), p.timeMillis());
                }
                if (listener != null) {
                  listener.line(key, p, status, links, server);
                }
              }

              @Override
              public void connection(KernelConnection k, JoinKind kind, ProxyHit owner) {
                if (kind != null) {
                  joins.merge(kind, 1L, Long::sum);
                } else {
                  unattributed[0]++;
                  uidRow(kernel, noUid, k.uid()).unattributed++;
                  if (k.hasTime()) {
                    skew.unexplained(k.port(), k.timeMillis());
                  }
                }
              }
            },
            learned);
    Consumer<WatchedHit> watched =
        h -> {
          if (h instanceof KernelHit k) {
            if (k.inbound()) {
              inbound.merge(k.port(), 1L, Long::sum); // to the server: not a sender's packet
            } else {
              uidRow(kernel, noUid, k.uid()).add(k);
            }
          }
          session.accept(h);
        };
    InboundContext context =
        InboundContext.of(index.reader(), q, InboundJoin.EARLY_MILLIS + InboundJoin.LATE_MILLIS);
    if (context == null) {
      WatchedStream.read(index.reader(), q, watched);
    } else {
      InboundJoin join = new InboundJoin(q.ports(), watched);
      WatchedStream.read(index.reader(), q, context, join);
      join.finish();
    }
    session.finish();
    return result(q, rows, kernel, noUid, joins, unattributed[0], inbound, skew.findings());
  }

  private static KernelRowBuilder uidRow(
      Map<Integer, KernelRowBuilder> kernel, KernelRowBuilder noUid, Integer uid) {
    return uid == null ? noUid : kernel.computeIfAbsent(uid, KernelRowBuilder::new);
  }

  private WhoResult result(
      WhoQuery q,
      Map<RowKey, RowBuilder> builders,
      Map<Integer, KernelRowBuilder> kernel,
      KernelRowBuilder noUid,
      Map<JoinKind, Long> joins,
      long unattributed,
      Map<Integer, Long> inbound,
      List<ClockSkew.Finding> clock) {
    List<WhoResult.Row> rows = new ArrayList<>(builders.size());
    // a uid that sent the connections of two rows is no row's own
    Map<Integer, RowKey> uidRow = new HashMap<>();
    Set<Integer> shared = new HashSet<>();
    builders.forEach(
        (k, b) -> {
          Integer u = b.senderUid();
          if (u != null && uidRow.putIfAbsent(u, k) != null) {
            shared.add(u);
          }
        });
    builders.values().forEach(b -> rows.add(b.build(q.by(), judge, names, shared)));
    rows.sort(WhoResult.ROW_ORDER);
    List<KernelRowBuilder> all = new ArrayList<>(kernel.values());
    if (noUid.packets() > 0 || noUid.unattributed > 0) {
      all.add(noUid);
    }
    List<WhoResult.KernelRow> krows = new ArrayList<>(all.size());
    all.forEach(b -> krows.add(b.build(uids.services(b.uid()))));
    krows.sort(
        Comparator.comparingLong(WhoResult.KernelRow::packets)
            .reversed()
            .thenComparing(r -> r.uid() == null ? Long.MAX_VALUE : r.uid()));
    return new WhoResult(
        q,
        List.copyOf(rows),
        List.copyOf(krows),
        Collections.unmodifiableMap(joins),
        unattributed,
        Collections.unmodifiableMap(inbound),
        List.copyOf(clock));
  }
}
