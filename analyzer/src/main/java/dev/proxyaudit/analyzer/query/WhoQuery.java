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
 */
public record WhoQuery(List<Integer> ports, Instant since, Instant until, GroupBy by) {
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
