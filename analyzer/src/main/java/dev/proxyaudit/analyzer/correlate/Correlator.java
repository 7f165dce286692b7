package dev.proxyaudit.analyzer.correlate;

import dev.proxyaudit.analyzer.query.DialHit;
import dev.proxyaudit.analyzer.query.KernelHit;
import dev.proxyaudit.analyzer.query.ProxyHit;
import dev.proxyaudit.analyzer.query.WatchedEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Ties each kernel connection for a watched port to the proxy line that caused it.
 *
 * <p>A proxy writes its access line when it dispatches the request, before it dials, so the
 * kernel's SYN comes up to a few seconds later (DNS, retries: V2Ray's freedom outbound retries a
 * refused dial five times over about 1.5 s). Files also differ in clock and precision (access lines
 * have whole seconds; {@code dmesg -T} runs behind). So a kernel connection at time k may belong to
 * a proxy line at time p when {@code p - before <= k <= p + after}.
 *
 * <p>Among the candidates (same port; service allowed by the packet's uid; same destination IP when
 * the line has one), the strongest join wins, then a proxy line not yet tied (one access line is
 * usually one connection), then the nearest in time. A redial after a blocked dial, to the same
 * address within seconds, goes to the line of the blocked dial before anything else.
 */
public final class Correlator {
  /** Redials of one failed dial come within this time of each other. */
  static final long RETRY_MILLIS = 5_000;

  private final UidServices uids;
  private final long beforeMillis;
  private final long afterMillis;
  private final BlockedPrefixes blocked;

  public Correlator(UidServices uids, Duration before, Duration after, BlockedPrefixes blocked) {
    this.uids = uids;
    this.beforeMillis = before.toMillis();
    this.afterMillis = after.toMillis();
    this.blocked = blocked;
  }

  public Correlation correlate(WatchedEvents events) {
    return correlate(events.proxies(), events.kernel(), events.dials());
  }

  public Correlation correlate(List<ProxyHit> proxies, List<KernelHit> kernel) {
    return correlate(proxies, kernel, List.of());
  }

  /**
   * @param dials V2Ray/Xray error-log lines naming the IP (and source port) an outbound dialed
   */
  public Correlation correlate(
      List<ProxyHit> proxies, List<KernelHit> kernel, List<DialHit> dials) {
    List<KernelConnection> connections = KernelConnection.group(kernel, blocked);
    Map<Integer, DialHit> dialed = dialsByLine(proxies, dials);
    Map<Integer, List<ProxyHit>> byPort = new HashMap<>();
    for (ProxyHit p : proxies) {
      if (p.hasTime() && !"rejected".equals(p.action())) {
        byPort.computeIfAbsent(p.port(), x -> new ArrayList<>()).add(p);
      }
    }
    Map<Integer, List<KernelConnection>> links = new HashMap<>();
    Map<KernelConnection, JoinKind> joins = new IdentityHashMap<>();
    Map<KernelConnection, ProxyHit> owner = new IdentityHashMap<>();
    List<KernelConnection> unattributed = new ArrayList<>();
    for (KernelConnection k : connections) {
      List<ProxyHit> sameport = byPort.get(k.port());
      if (!k.hasTime() || sameport == null) {
        unattributed.add(k);
        continue;
      }
      ProxyHit best = null;
      JoinKind bestKind = null;
      boolean bestRetry = false;
      boolean bestTaken = false;
      long bestDistance = Long.MAX_VALUE;
      // proxies are sorted by time: start at the first that can still match
      int i = firstAtOrAfter(sameport, k.timeMillis() - afterMillis);
      for (; i < sameport.size(); i++) {
        ProxyHit p = sameport.get(i);
        if (p.timeMillis() - beforeMillis > k.timeMillis()) {
          break;
        }
        if (!uids.allows(k.uid(), p.service())) {
          continue;
        }
        DialHit dial = dialed.get(p.doc());
        String ip =
            p.destinationIp() != null
                ? p.destinationIp()
                : dial == null ? null : dial.destinationIp();
        JoinKind kind;
        if (dial != null
            && dial.sourcePort() >= 0
            && dial.sourcePort() == k.first().sourcePort()
            && Objects.equals(dial.sourceIp(), k.first().sourceIp())) {
          kind = JoinKind.SOURCE_PORT; // the proxy itself named this connection's source port
        } else if (ip != null) {
          if (!ip.equals(k.destinationIp())) {
            continue;
          }
          kind = JoinKind.ADDRESS_AND_TIME;
        } else {
          kind = JoinKind.TIME_ONLY;
        }
        List<KernelConnection> tied = links.get(p.doc());
        boolean taken = tied != null;
        boolean retry = taken && isRetry(tied.get(tied.size() - 1), k);
        long distance = cost(kind, k.timeMillis() - p.timeMillis());
        if (best == null || better(retry, taken, distance, bestRetry, bestTaken, bestDistance)) {
          best = p;
          bestKind = kind;
          bestRetry = retry;
          bestTaken = taken;
          bestDistance = distance;
        }
      }
      if (best == null) {
        unattributed.add(k);
      } else {
        links.computeIfAbsent(best.doc(), d -> new ArrayList<>()).add(k);
        joins.put(k, bestKind);
        owner.put(k, best);
      }
    }
    return new Correlation(links, joins, owner, unattributed, connections);
  }

  /**
   * Ties each dial line of the error log to the access line of the same request: same host and
   * port, written at most the join window before it (a failed dial is logged after its retries),
   * the nearest line not yet tied.
   */
  private Map<Integer, DialHit> dialsByLine(List<ProxyHit> proxies, List<DialHit> dials) {
    Map<Integer, DialHit> out = new HashMap<>();
    if (dials.isEmpty()) {
      return out;
    }
    Map<String, List<ProxyHit>> byTarget = new HashMap<>();
    for (ProxyHit p : proxies) {
      if (p.hasTime() && "v2ray".equals(p.service()) && !"rejected".equals(p.action())) {
        byTarget.computeIfAbsent(target(p.destination(), p.port()), t -> new ArrayList<>()).add(p);
      }
    }
    for (DialHit d : dials) {
      List<ProxyHit> same = byTarget.get(target(d.destination(), d.port()));
      if (same == null) {
        continue;
      }
      ProxyHit best = null;
      long bestCost = Long.MAX_VALUE;
      for (ProxyHit p : same) {
        long delay = d.timeMillis() - p.timeMillis();
        if (delay < -beforeMillis || delay > afterMillis || out.containsKey(p.doc())) {
          continue;
        }
        long c = cost(JoinKind.ADDRESS_AND_TIME, delay);
        if (c < bestCost) {
          best = p;
          bestCost = c;
        }
      }
      if (best != null) {
        out.put(best.doc(), d);
      }
    }
    return out;
  }

  private static String target(String host, int port) {
    return (host == null ? "" : host.toLowerCase(java.util.Locale.ROOT)) + " " + port;
  }

  /**
   * A proxy redials only after a failed dial, to the same address, within seconds (V2Ray: five
   * tries over about 1.5 s): such a connection belongs to the line that made the failed one.
   */
  private static boolean isRetry(KernelConnection previous, KernelConnection k) {
    return previous.blocked()
        && previous.destinationIp().equals(k.destinationIp())
        && k.timeMillis() - previous.timeMillis() <= RETRY_MILLIS;
  }

  private static boolean better(
      boolean retry, boolean taken, long distance, boolean br, boolean bt, long bd) {
    if (retry != br) {
      return retry;
    }
    // One access line is one connection: a line not yet tied beats a stronger join to a line
    // that already has its connection (an IP-literal line would otherwise take every SYN to
    // that IP, also those of lines that named the host).
    if (taken != bt) {
      return !taken;
    }
    return distance < bd; // ties: the earlier line (proxies are in time, then file, order)
  }

  /**
   * How unlikely it is that a line written {@code delay} ms before the packet caused it. A proxy
   * logs before it dials, so the packet comes after the line: a packet before the line is possible
   * only through clock differences between files and costs much more. A line that names a host
   * instead of the packet's IP costs a little more than one that names the IP.
   */
  static long cost(JoinKind kind, long delay) {
    long c = delay >= 0 ? delay : 2_000 + 3 * -delay;
    return kind == JoinKind.TIME_ONLY ? c + 300 : c;
  }

  private static int firstAtOrAfter(List<ProxyHit> sorted, long time) {
    int lo = 0;
    int hi = sorted.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted.get(mid).timeMillis() < time) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
