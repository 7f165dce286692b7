package dev.proxyaudit.analyzer.correlate;

import dev.proxyaudit.analyzer.event.Dataset;
import dev.proxyaudit.analyzer.query.KernelHit;
import dev.proxyaudit.analyzer.query.ProxyHit;
import dev.proxyaudit.analyzer.query.WatchedHit;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Names what a Shadowsocks server leaves out of its line from the kernel's log of the connection
 * coming in (a LOG or NFLOG rule on the {@code SYN}s to the server ports, ufw's {@code [UFW ALLOW]}
 * lines): the Python server and shadowsocks-rust log the client's address and port but not the
 * server port, which is the user, so the packet from that address and port gives its {@code DPT};
 * shadowsocks-libev logs the server port but never the client, so each of its lines takes its
 * port's next connection, in order, and the packet gives the {@code SRC}.
 *
 * <p>Reads the question's events and the {@link dev.proxyaudit.analyzer.query.InboundContext} ones
 * in one time order and hands on the watched ones, in the same order, each line named when a packet
 * allows it. A line is decided once the events {@link #LATE_MILLIS} past it have been read; memory
 * holds those and the packets of the last {@link #EARLY_MILLIS} + {@link #LATE_MILLIS}.
 */
public final class InboundJoin implements Consumer<WatchedHit> {
  /**
   * A connection's {@code SYN} comes before the server reads the request (one round trip, a slow
   * client's first data): up to this long before the line's time.
   */
  public static final long EARLY_MILLIS = 2_000;

  /** The line's time may be cut to its second where the kernel's is not: this long after it. */
  public static final long LATE_MILLIS = 1_000;

  private final Set<Integer> watched;
  private final Consumer<WatchedHit> next;
  private final ArrayDeque<WatchedHit> held = new ArrayDeque<>();
  private final ArrayDeque<KernelHit> packets = new ArrayDeque<>();
  private final Map<String, KernelHit> byClient = new HashMap<>();
  private final Map<Integer, ArrayDeque<KernelHit>> byPort = new HashMap<>();

  /**
   * @param watched the question's ports: events to other ports are read for the join only
   * @param next receives the watched events
   */
  public InboundJoin(List<Integer> watched, Consumer<WatchedHit> next) {
    this.watched = Set.copyOf(watched);
    this.next = next;
  }

  @Override
  public void accept(WatchedHit h) {
    if (!h.hasTime()) {
      if (isWatched(h)) {
        next.accept(h); // untimed events come first, before any held one
      }
      return;
    }
    decideUpTo(h.timeMillis() - LATE_MILLIS);
    if (h instanceof KernelHit k && k.inbound() && !watched.contains(k.port())) {
      remember(k);
    } else if (isWatched(h) || isLibev(h)) {
      held.add(h);
    }
  }

  /** Decides and hands on every held event; call after the last. */
  public void finish() {
    decideUpTo(Long.MAX_VALUE);
  }

  private boolean isWatched(WatchedHit h) {
    if (h instanceof ProxyHit p) {
      return watched.contains(p.port());
    }
    return !(h instanceof KernelHit k) || watched.contains(k.port());
  }

  private static boolean isLibev(WatchedHit h) {
    return h instanceof ProxyHit p && p.dataset() == Dataset.SHADOWSOCKS_LIBEV;
  }

  private void remember(KernelHit k) {
    if (k.sourceIp() == null) {
      return;
    }
    if (k.sourcePort() >= 0) {
      KernelHit seen = byClient.get(clientKey(k.sourceIp(), k.sourcePort()));
      if (seen != null && seen.port() == k.port()) {
        return; // the same SYN again: a second rule's copy (LOG and NFLOG), or its retransmission
      }
      byClient.put(clientKey(k.sourceIp(), k.sourcePort()), k);
    }
    packets.add(k);
    byPort.computeIfAbsent(k.port(), p -> new ArrayDeque<>()).add(k);
  }

  private void decideUpTo(long t) {
    while (!held.isEmpty() && held.peekFirst().timeMillis() <= t) {
      WatchedHit h = held.pollFirst();
      forgetBefore(h.timeMillis() - EARLY_MILLIS);
      WatchedHit out = h instanceof ProxyHit p ? named(p) : h;
      if (isWatched(out)) {
        next.accept(out);
      }
    }
  }

  /** {@code p} with what its connection's packet names, or as it is. */
  private ProxyHit named(ProxyHit p) {
    if (p.dataset() == Dataset.SHADOWSOCKS_LIBEV) {
      return p.client() == null && p.serverPort() >= 0 ? withClient(p) : p;
    }
    boolean halfNamed =
        p.dataset() == Dataset.SHADOWSOCKS_PYTHON || p.dataset() == Dataset.SHADOWSOCKS_RUST;
    if (!halfNamed || p.user() != null || p.client() == null || p.clientPort() < 0) {
      return p;
    }
    KernelHit k = byClient.get(clientKey(p.client(), p.clientPort()));
    if (k == null || !reaches(k, p)) {
      return p;
    }
    return p.namedBy(Integer.toString(k.port()), p.client(), k.doc());
  }

  /**
   * A libev line takes the first connection to its port not taken by an earlier line: libev reads a
   * connection's request when its first data comes, so in the order of the connections.
   */
  private ProxyHit withClient(ProxyHit p) {
    ArrayDeque<KernelHit> q = byPort.get(p.serverPort());
    if (q == null || q.isEmpty()) {
      return p;
    }
    KernelHit k = q.peekFirst();
    if (!reaches(k, p)) {
      return p;
    }
    q.pollFirst();
    return p.namedBy(p.user(), k.sourceIp(), k.doc());
  }

  /** What the join named in {@code p}: "user 8388" or "client 192.0.2.7". */
  public static String what(ProxyHit p) {
    return p.dataset() == Dataset.SHADOWSOCKS_LIBEV ? "client " + p.client() : "user " + p.user();
  }

  /** The heading of the kernel line that named it, as explain and the fleet's statuses show it. */
  public static String heading(ProxyHit p) {
    return what(p) + " from the connection coming in";
  }

  private static boolean reaches(KernelHit k, ProxyHit p) {
    long d = k.timeMillis() - p.timeMillis();
    return d >= -EARLY_MILLIS && d <= LATE_MILLIS;
  }

  /** Drops the packets no line from {@code t} on can reach (lines are decided in time order). */
  private void forgetBefore(long t) {
    while (!packets.isEmpty() && packets.peekFirst().timeMillis() < t) {
      KernelHit k = packets.pollFirst();
      if (k.sourcePort() >= 0) {
        byClient.remove(clientKey(k.sourceIp(), k.sourcePort()), k);
      }
      ArrayDeque<KernelHit> q = byPort.get(k.port());
      if (q != null && !q.isEmpty() && q.peekFirst() == k) {
        q.pollFirst();
      }
      if (q != null && q.isEmpty()) {
        byPort.remove(k.port());
      }
    }
  }

  private static String clientKey(String ip, int port) {
    return ip + "|" + port;
  }
}
