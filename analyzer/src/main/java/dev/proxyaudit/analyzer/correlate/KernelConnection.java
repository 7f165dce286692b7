package dev.proxyaudit.analyzer.correlate;

import dev.proxyaudit.analyzer.query.KernelHit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel's lines for one outgoing connection: the same source address and port to the same
 * destination. Several lines are one connection: retransmitted SYNs, and one packet logged by
 * several rules (a LOG rule, then a LOG before the DROP).
 *
 * @param hits its lines, in time order
 * @param timeMillis the first line's time, {@link Long#MIN_VALUE} when only uptimes are known
 * @param uid the sending socket's uid, null when not logged
 * @param blocked true when a line's prefix says the packet was dropped or rejected
 */
public record KernelConnection(
    List<KernelHit> hits, long timeMillis, Integer uid, boolean blocked) {

  /** Lines closer than this with the same 4-tuple are one connection (SYN retransmits: ~1-60 s). */
  static final long SAME_CONNECTION_MILLIS = 120_000;

  public KernelHit first() {
    return hits.get(0);
  }

  public String destinationIp() {
    return first().destinationIp();
  }

  public int port() {
    return first().port();
  }

  public boolean hasTime() {
    return timeMillis != Long.MIN_VALUE;
  }

  /** Groups outgoing packet lines (output and forward hooks) into connections, in time order. */
  public static List<KernelConnection> group(List<KernelHit> hits, BlockedPrefixes blocked) {
    Map<Flow, List<List<KernelHit>>> byTuple = new HashMap<>();
    List<List<KernelHit>> all = new ArrayList<>();
    for (KernelHit h : hits) {
      if ("input".equals(h.direction())) {
        continue; // packets to this machine: mail to a local MTA, not sent by a proxy
      }
      List<List<KernelHit>> groups = byTuple.computeIfAbsent(Flow.of(h), t -> new ArrayList<>());
      List<KernelHit> last = groups.isEmpty() ? null : groups.get(groups.size() - 1);
      if (last != null && close(last.get(last.size() - 1), h)) {
        last.add(h);
      } else {
        List<KernelHit> g = new ArrayList<>();
        g.add(h);
        groups.add(g);
        all.add(g);
      }
    }
    List<KernelConnection> out = new ArrayList<>(all.size());
    for (List<KernelHit> g : all) {
      boolean isBlocked = false;
      Integer uid = null;
      for (KernelHit h : g) {
        isBlocked = isBlocked || blocked.matches(h.prefix());
        uid = uid != null ? uid : h.uid();
      }
      out.add(new KernelConnection(List.copyOf(g), g.get(0).timeMillis(), uid, isBlocked));
    }
    out.sort(Comparator.comparingLong(KernelConnection::timeMillis));
    return out;
  }

  private static boolean close(KernelHit a, KernelHit b) {
    if (!a.hasTime() || !b.hasTime()) {
      return true; // uptime-only lines: the same 4-tuple is the best we know
    }
    return Math.abs(b.timeMillis() - a.timeMillis()) <= SAME_CONNECTION_MILLIS;
  }
}
