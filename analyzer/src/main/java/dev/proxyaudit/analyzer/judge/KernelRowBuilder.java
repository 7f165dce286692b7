package dev.proxyaudit.analyzer.judge;

import dev.proxyaudit.analyzer.event.Dataset;
import dev.proxyaudit.analyzer.event.Service;
import dev.proxyaudit.analyzer.query.KernelHit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The kernel's record of one uid, packet by packet: counts and distinct sets by hash. */
final class KernelRowBuilder {
  private final Integer uid;
  private long packets;
  private long withoutTime;
  long unattributed;
  private final DistinctCount connections = new DistinctCount();
  private final DistinctCount sourcePorts = new DistinctCount();
  private final DistinctCount destinations = new DistinctCount();
  private final Set<String> prefixes = new HashSet<>();
  private final Set<Dataset> datasets = EnumSet.noneOf(Dataset.class);
  private long first = Long.MAX_VALUE;
  private long last = Long.MIN_VALUE;

  KernelRowBuilder(Integer uid) {
    this.uid = uid;
  }

  Integer uid() {
    return uid;
  }

  long packets() {
    return packets;
  }

  void add(KernelHit h) {
    packets++;
    String src = String.valueOf(h.sourceIp());
    String dst = String.valueOf(h.destinationIp());
    // a flow is equal exactly when "SRC SPT DST DPT" is equal
    connections.add(Hash64.of(src, dst, ((long) h.sourcePort() << 32) ^ (h.port() & 0xffffffffL)));
    sourcePorts.add(Hash64.of(src, h.sourcePort()));
    destinations.add(Hash64.of(h.destinationIp(), 0));
    if (h.hasTime()) {
      first = Math.min(first, h.timeMillis());
      last = Math.max(last, h.timeMillis());
    } else {
      withoutTime++;
    }
    if (!h.prefix().isEmpty() && prefixes.size() < 1_000) {
      prefixes.add(h.prefix());
    }
    if (h.dataset() != null) {
      datasets.add(h.dataset());
    }
  }

  WhoResult.KernelRow build(List<Service> services) {
    List<Dataset> sets = new ArrayList<>(datasets);
    sets.sort(Comparator.comparing(Dataset::id));
    return new WhoResult.KernelRow(
        uid,
        packets,
        connections.count(),
        sourcePorts.count(),
        destinations.count(),
        connections.approximate() || sourcePorts.approximate() || destinations.approximate(),
        first == Long.MAX_VALUE ? null : Instant.ofEpochMilli(first),
        last == Long.MIN_VALUE ? null : Instant.ofEpochMilli(last),
        withoutTime,
        List.copyOf(new TreeSet<>(prefixes)),
        List.copyOf(sets),
        services,
        unattributed);
  }
}
