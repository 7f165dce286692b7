package dev.proxyaudit.analyzer.query;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The question {@code audit who} asks: who made connections to these ports, in this time range.
 *
 * @param ports destination ports, at least one
 * @param since inclusive lower bound, or null
 * @param until exclusive upper bound, or null
 * @param by row grouping
 * @param afterSession only events added by index sessions after this one (the nightly run's "not
 *     judged before"), or -1 for all
 */
public record WhoQuery(
    List<Integer> ports, Instant since, Instant until, GroupBy by, long afterSession) {
  public WhoQuery(List<Integer> ports, Instant since, Instant until, GroupBy by) {
    this(ports, since, until, by, -1);
  }

  public WhoQuery {
    ports = List.copyOf(ports);
    Objects.requireNonNull(by);
    if (ports.isEmpty()) {
      throw new IllegalArgumentException("at least one port");
    }
    if (since != null && until != null && !since.isBefore(until)) {
      throw new IllegalArgumentException("--since must be before --until");
    }
  }
}
