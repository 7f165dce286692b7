package dev.proxyaudit.analyzer.correlate;

import dev.proxyaudit.analyzer.event.Action;
import dev.proxyaudit.analyzer.event.Service;
import dev.proxyaudit.analyzer.query.DialHit;
import dev.proxyaudit.analyzer.query.KernelHit;
import dev.proxyaudit.analyzer.query.ProxyHit;
import dev.proxyaudit.analyzer.query.WatchedHit;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Ties each kernel connection for a watched port to the proxy line that caused it, reading the
 * events once, in time order, and holding only the few minutes of them that a join can still reach.
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

  /**
   * A connection whose packets keep coming (a rule that logs every packet of a long session, not
   * only the SYN) is closed after this long, so that the lines behind it need not wait.
   */
  static final long MAX_OPEN_MILLIS = 600_000;

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

  /** Receives the outcome: every proxy line once, in time order; every connection once. */
  public interface Sink {
    /**
     * A proxy line, with what the kernel's log says of it, the connections it caused and the
     * address it went to ({@code server}: the line's IP, the dial's, the name's as learned, or its
     * packet's destination; null when none of them is known).
     */
    void line(ProxyHit p, ProxyStatus status, List<Link> links, Server server);

    /** A kernel connection: how it was tied and to which line, or null and null when to none. */
    void connection(KernelConnection k, JoinKind kind, ProxyHit owner);
  }

  /** A connection a line caused, and how it was tied to it. */
  public record Link(KernelConnection connection, JoinKind kind) {}

  /** A correlation of one stream of events; {@link #finish} after the last. */
  public Session session(Sink sink) {
    return new Session(sink);
  }

  /** What the kernel's log says about a proxy line tied to {@code links}. */
  public static ProxyStatus status(List<Link> links) {
    if (links.isEmpty()) {
      return ProxyStatus.UNCONFIRMED;
    }
    for (Link l : links) {
      if (!l.connection().blocked()) {
        return ProxyStatus.CONFIRMED;
      }
    }
    return ProxyStatus.BLOCKED;
  }

  /** A proxy line until nothing can be tied to it any more. */
  private static final class Line {
    final ProxyHit p;
    final boolean candidate;
    final String name; // the host as NameAddresses keys it, null for an IP literal
    Target target; // V2Ray lines: where a dial line would say it went
    DialHit dial;
    List<Link> links = List.of();

    Line(ProxyHit p) {
      this.p = p;
      this.candidate = p.hasTime() && p.action() != Action.REJECTED;
      this.name = p.destinationIp() == null ? NameAddresses.key(p.destination()) : null;
    }

    /** The address the logs themselves give for this request: the line's IP, else its dial's. */
    String statedIp() {
      if (p.destinationIp() != null) {
        return p.destinationIp();
      }
      return dial == null ? null : dial.destinationIp();
    }

    void link(KernelConnection k, JoinKind kind) {
      if (links.isEmpty()) {
        links = new ArrayList<>(1);
      }
      links.add(new Link(k, kind));
    }
  }

  /** Takes the events in time order (equal times: by document), and hands on the outcome. */
  public final class Session implements Consumer<WatchedHit> {
    private final Sink sink;
    private long frontier = Long.MIN_VALUE;
    private final ArrayDeque<Line> lines = new ArrayDeque<>();
    private final Map<Integer, ArrayDeque<Line>> byPort = new HashMap<>();
    private final Map<Target, ArrayDeque<Line>> byTarget = new HashMap<>();
    private final ArrayDeque<DialHit> dials = new ArrayDeque<>();
    private final NameAddresses names = new NameAddresses();
    private final KernelConnection.Grouping groups;

    private Session(Sink sink) {
      this.sink = sink;
      this.groups = new KernelConnection.Grouping(blocked, MAX_OPEN_MILLIS);
    }

    @Override
    public void accept(WatchedHit h) {
      if (h.hasTime()) {
        frontier = Math.max(frontier, h.timeMillis());
      }
      if (h instanceof ProxyHit p) {
        addLine(p);
      } else if (h instanceof DialHit d) {
        if (d.hasTime()) {
          dials.add(d);
        }
      } else if (h instanceof KernelHit k && !k.inbound()) {
        groups.add(k); // not packets to this machine: mail to a local MTA, not a proxy's
      }
      drain();
    }

    /** Everything read: ties what is left and hands it on. */
    public void finish() {
      frontier = Long.MAX_VALUE;
      drain();
      for (KernelConnection k : groups.untimed()) {
        sink.connection(k, null, null);
      }
    }

    private void addLine(ProxyHit p) {
      Line l = new Line(p);
      lines.add(l);
      if (l.candidate) {
        byPort.computeIfAbsent(p.port(), x -> new ArrayDeque<>()).add(l);
        if (p.service() == Service.V2RAY) {
          l.target = Target.of(p.destination(), p.port());
          byTarget.computeIfAbsent(l.target, t -> new ArrayDeque<>()).add(l);
        }
      }
    }

    /** True when every event up to {@code t} has been read. */
    private boolean readPast(long t) {
      return frontier == Long.MAX_VALUE || frontier > t;
    }

    private void drain() {
      while (!dials.isEmpty() && readPast(dials.peekFirst().timeMillis() + beforeMillis)) {
        tieDial(dials.pollFirst());
      }
      for (KernelConnection k = groups.nextClosed(frontier, beforeMillis * 2 + afterMillis);
          k != null;
          k = groups.nextClosed(frontier, beforeMillis * 2 + afterMillis)) {
        tie(k);
      }
      while (!lines.isEmpty()) {
        Line l = lines.peekFirst();
        if (l.candidate
            && !(readPast(l.p.timeMillis() + afterMillis + beforeMillis)
                && groups.noneUntil(l.p.timeMillis() + afterMillis))) {
          break;
        }
        lines.pollFirst();
        if (l.candidate) {
          forget(byPort, l.p.port(), l);
          if (l.target != null) {
            forget(byTarget, l.target, l);
          }
        }
        sink.line(l.p, status(l.links), l.links, server(l));
      }
    }

    /** Where the line went, as best the logs tell it; learns a name's address on the way. */
    private Server server(Line l) {
      String stated = l.statedIp();
      if (stated != null) {
        return new Server(
            stated, l.p.destinationIp() != null ? Server.Source.LINE : Server.Source.DIAL);
      }
      for (Link k : l.links) {
        if (k.kind() == JoinKind.SOURCE_PORT) {
          names.learn(l.p.destination(), k.connection().destinationIp());
        }
      }
      String known = names.address(l.name);
      if (known != null) {
        return new Server(known, Server.Source.LEARNED);
      }
      return l.links.isEmpty()
          ? null
          : new Server(l.links.get(0).connection().destinationIp(), Server.Source.PACKET);
    }

    /** Drops a line handed on from the head of its queue (unless a join already dropped it). */
    private <K> void forget(Map<K, ArrayDeque<Line>> queues, K key, Line l) {
      ArrayDeque<Line> q = queues.get(key);
      if (q != null && q.peekFirst() == l) {
        q.pollFirst();
      }
      if (q != null && q.isEmpty()) {
        queues.remove(key); // a spam run has a million destinations: no empty queue per one
      }
    }

    /**
     * Ties a dial line of the error log to the access line of the same request: same host and port,
     * written at most the join window before it (a failed dial is logged after its retries), the
     * nearest line not yet tied.
     */
    private void tieDial(DialHit d) {
      Target target = Target.of(d.destination(), d.port());
      ArrayDeque<Line> same = byTarget.get(target);
      if (same == null) {
        return;
      }
      while (!same.isEmpty() && same.peekFirst().p.timeMillis() < d.timeMillis() - afterMillis) {
        same.pollFirst(); // later dials are later still: out of reach for good
      }
      if (same.isEmpty()) {
        byTarget.remove(target);
        return;
      }
      Line best = null;
      long bestCost = Long.MAX_VALUE;
      for (Line l : same) {
        long delay = d.timeMillis() - l.p.timeMillis();
        if (delay < -beforeMillis) {
          break;
        }
        if (delay > afterMillis || l.dial != null) {
          continue;
        }
        long c = cost(JoinKind.ADDRESS_AND_TIME, delay);
        if (c < bestCost) {
          best = l;
          bestCost = c;
        }
      }
      if (best != null) {
        best.dial = d;
      }
      names.learn(d.destination(), d.destinationIp());
    }

    private void tie(KernelConnection k) {
      ArrayDeque<Line> same = byPort.get(k.port());
      if (!k.hasTime() || same == null) {
        sink.connection(k, null, null);
        return;
      }
      while (!same.isEmpty() && same.peekFirst().p.timeMillis() < k.timeMillis() - afterMillis) {
        same.pollFirst(); // later connections are later still: out of reach for good
      }
      Line best = null;
      JoinKind bestKind = null;
      boolean bestRetry = false;
      boolean bestTaken = false;
      long bestDistance = Long.MAX_VALUE;
      for (Line l : same) {
        ProxyHit p = l.p;
        if (p.timeMillis() - beforeMillis > k.timeMillis()) {
          break;
        }
        if (!uids.allows(k.uid(), p.service())) {
          continue;
        }
        DialHit dial = l.dial;
        String ip = l.statedIp();
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
        } else if (k.destinationIp().equals(names.address(l.name))) {
          kind = JoinKind.LEARNED_ADDRESS; // where other dials of this name went: preferred, not
          // required (a name may have several addresses)
        } else {
          kind = JoinKind.TIME_ONLY;
        }
        boolean taken = !l.links.isEmpty();
        boolean retry = taken && isRetry(l.links.get(l.links.size() - 1).connection(), k);
        long distance = cost(kind, k.timeMillis() - p.timeMillis());
        if (best == null || better(retry, taken, distance, bestRetry, bestTaken, bestDistance)) {
          best = l;
          bestKind = kind;
          bestRetry = retry;
          bestTaken = taken;
          bestDistance = distance;
        }
      }
      if (best == null) {
        sink.connection(k, null, null);
      } else {
        best.link(k, bestKind);
        sink.connection(k, bestKind, best.p);
      }
    }
  }

  /** Where a request went, as a dial line names it too: host (any case) and port. */
  private record Target(String host, int port) {
    static Target of(String host, int port) {
      return new Target(host == null ? "" : host.toLowerCase(Locale.ROOT), port);
    }
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
}
