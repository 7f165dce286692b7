package dev.proxyaudit.analyzer.report;

import dev.proxyaudit.analyzer.correlate.Correlator;
import dev.proxyaudit.analyzer.correlate.ProxyStatus;
import dev.proxyaudit.analyzer.correlate.Server;
import dev.proxyaudit.analyzer.judge.RowKey;
import dev.proxyaudit.analyzer.judge.WhoService;
import dev.proxyaudit.analyzer.query.ProxyHit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Connections per hour of some rows, counted while the who question reads its lines: the report's
 * timelines, one number per hour with connections instead of the lines themselves.
 */
public final class HourlyCounts implements WhoService.LineListener {
  private static final long HOUR = 3_600_000;

  /**
   * One row's lines per hour, keyed by hours since 1970 (UTC): {confirmed, blocked, unconfirmed}
   * (the {@link ProxyStatus} order).
   */
  public record Series(Map<Long, long[]> byHour) {}

  private final Set<RowKey> rows;
  private final Map<RowKey, Map<Long, long[]>> counts = new HashMap<>();

  public HourlyCounts(Set<RowKey> rows) {
    this.rows = Set.copyOf(rows);
  }

  @Override
  public void line(
      RowKey row, ProxyHit p, ProxyStatus status, List<Correlator.Link> links, Server server) {
    if (p.hasTime() && rows.contains(row)) {
      counts.computeIfAbsent(row, k -> new TreeMap<>())
          .computeIfAbsent(Math.floorDiv(p.timeMillis(), HOUR), h -> new long[3])[
          status.ordinal()]++;
    }
  }

  /** The series of {@code row} (empty when it had no line with a time). */
  public Series of(RowKey row) {
    return new Series(counts.getOrDefault(row, Map.of()));
  }
}
