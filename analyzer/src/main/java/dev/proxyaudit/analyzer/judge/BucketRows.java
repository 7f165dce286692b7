package dev.proxyaudit.analyzer.judge;

import dev.proxyaudit.analyzer.config.PortNames;
import dev.proxyaudit.analyzer.correlate.JoinKind;
import dev.proxyaudit.analyzer.correlate.ProxyStatus;
import dev.proxyaudit.analyzer.query.GroupBy;
import dev.proxyaudit.analyzer.query.ProxyHit;
import dev.proxyaudit.analyzer.query.WhoQuery;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The who rows of a fleet, from aggregation buckets instead of lines: each bucket is some lines
 * alike (one row, minute, destination, server, status...), counted with the same row builder, the
 * same policy and the same verdicts as {@link WhoService} gives one node's index. The windowed
 * limits count whole minutes. A row is (service, user) across every node, or with {@link
 * GroupBy#NODE} one per node.
 */
public final class BucketRows {
  private final Judge judge;
  private final PortNames names;
  private final GroupBy by;
  private final Map<NodeRow, RowBuilder> rows = new LinkedHashMap<>();

  private record NodeRow(String node, RowKey key) {}

  public BucketRows(Policy policy, ZoneId zone, PortNames names, GroupBy by) {
    this.judge = new Judge(policy, zone);
    this.names = names;
    this.by = by;
  }

  /**
   * {@code n} lines like {@code like} (its time is not used) shipped by {@code node}, with {@code
   * status} and {@code server} (null: none known), the earliest at {@code first}, the latest at
   * {@code last}, in the minute starting at {@code minute} ({@link Long#MIN_VALUE} for the three:
   * no wall-clock time). Buckets of a row come in minute order.
   */
  public void add(
      String node,
      ProxyHit like,
      ProxyStatus status,
      String server,
      long n,
      long first,
      long last,
      long minute) {
    RowKey key = RowKey.of(like, by);
    NodeRow r = new NodeRow(by == GroupBy.NODE ? node : null, key);
    RowBuilder b = rows.computeIfAbsent(r, k -> new RowBuilder(k.key(), judge));
    b.add(like, status, names, server, n, first, last, minute);
    b.node(node);
  }

  /**
   * The earliest and latest line of the row of lines like {@code like} shipped by {@code node},
   * when its buckets were added without them ({@link Long#MIN_VALUE} as their first and last).
   */
  public void span(String node, ProxyHit like, long first, long last) {
    RowKey key = RowKey.of(like, by);
    NodeRow r = new NodeRow(by == GroupBy.NODE ? node : null, key);
    rows.computeIfAbsent(r, k -> new RowBuilder(k.key(), judge)).span(first, last);
  }

  /** The answer to {@code q}: the rows judged and sorted as the local answer's are. */
  public WhoResult result(WhoQuery q) {
    List<WhoResult.Row> out = new ArrayList<>(rows.size());
    rows.values().forEach(b -> out.add(b.build(by, judge, names, Set.of())));
    out.sort(WhoResult.ROW_ORDER);
    Map<JoinKind, Long> joins = new EnumMap<>(JoinKind.class);
    for (JoinKind k : JoinKind.values()) {
      joins.put(k, 0L);
    }
    return new WhoResult(q, List.copyOf(out), List.of(), joins, 0, Map.of(), List.of());
  }
}
