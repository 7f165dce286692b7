package dev.proxyaudit.analyzer.correlate;

import dev.proxyaudit.analyzer.event.Dataset;
import dev.proxyaudit.analyzer.event.Service;
import dev.proxyaudit.analyzer.query.DialHit;
import dev.proxyaudit.analyzer.query.KernelHit;
import dev.proxyaudit.analyzer.query.ProxyHit;
import dev.proxyaudit.analyzer.query.WatchedHit;
import java.io.IOException;
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
 * refused dial five times over about 1.5 s). Files also differ in clock and precision (V2Ray 4.x
 * has whole seconds; {@code dmesg -T} runs behind). So a kernel connection at time k may belong to
 * a proxy line at time p when {@code p - before <= k <= p + after}: same port, a service the
 * packet's uid allows, the same destination IP when the line or its dial line has one.
 *
 * <p>Connections are joined a batch at a time, not one by one: a batch ends where the kernel's log
 * has a pause longer than the window (or at {@link #MAX_BATCH}), and its attempts ({@link Attempt}:
 * a connection, or a blocked one with its redials) get lines by the cheapest assignment ({@link
 * BatchJoin}), each line at most one attempt. Greedy joining gives a line its neighbour's packet
 * whenever the neighbour's packet comes first; the assignment does not. What the joins teach about
 * host names ({@link NameAddresses}) is learned as each batch is decided, so a name whose address
 * is known joins like an address in the next batches.
 *
 * <p>The events are read twice ({@link #names}, then a {@link #session}): the first lines of two
 * new names written in the same milliseconds can take each other's packets, and only the rest of
 * the log tells which way round is right. The first pass counts where each name's requests went;
 * the second starts from that count. Two reads of the index, no more memory.
 */
public final class Correlator {
  /**
   * A connection whose packets keep coming (a rule that logs every packet of a long session, not
   * only the SYN) is closed after this long, so that the lines behind it need not wait.
   */
  static final long MAX_OPEN_MILLIS = 600_000;

  /** Attempts joined as one problem at most: a spam run is joined a batch at a time. */
  static final int MAX_BATCH = 1_024;

  /**
   * What a join by time costs more when the line names a host that is known to resolve elsewhere:
   * the name may have several addresses, so it is allowed, but a consistent join wins.
   */
  static final long OTHER_ADDRESS_COST = 1_500;

  /** Joins of one batch at most: the first, and again with what it taught about names. */
  static final int ROUNDS = 3;

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

  /** Events that can be read from the start again, in time order (equal times: by document). */
  public interface Replay {
    void read(Consumer<WatchedHit> to) throws IOException;
  }

  /** Where the host names of some events went, as a whole pass of the join found. */
  public static final class Names {
    /** Nothing known before the first line. */
    public static final Names NONE = new Names(new NameAddresses());

    private final NameAddresses book;

    private Names(NameAddresses book) {
      this.book = book;
    }
  }

  /** The first pass: joins {@code events} only to count where each host name's requests went. */
  public Names names(Replay events) throws IOException {
    Session s = new Session(IGNORE, Names.NONE);
    events.read(s);
    s.finish();
    return new Names(s.tally.settled());
  }

  /**
   * A correlation of one stream of events, starting from what {@code names} says of its host names
   * ({@link #names} of the same events, or {@link Names#NONE}); {@link Session#finish} after the
   * last.
   */
  public Session session(Sink sink, Names names) {
    return new Session(sink, names);
  }

  private static final Sink IGNORE =
      new Sink() {
        @Override
        public void line(ProxyHit p, ProxyStatus status, List<Link> links, Server server) {}

        @Override
        public void connection(KernelConnection k, JoinKind kind, ProxyHit owner) {}
      };

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

  /** Where a blocked attempt's redials would come from: the same socket owner, address, port. */
  private record Redials(Integer uid, String ip, int port) {
    static Redials of(KernelConnection k) {
      return new Redials(k.uid(), k.destinationIp(), k.port());
    }
  }

  /** The line a blocked attempt of an earlier batch went to, for redials that come after it. */
  private record Tail(PendingLine line, JoinKind kind, KernelConnection last, int dials) {}

  /** Takes the events in time order (equal times: by document), and hands on the outcome. */
  public final class Session implements Consumer<WatchedHit> {
    private final Sink sink;
    private long frontier = Long.MIN_VALUE;
    private final ArrayDeque<PendingLine> lines = new ArrayDeque<>();
    private final Map<Integer, ArrayDeque<PendingLine>> byPort = new HashMap<>();
    private final Map<Target, ArrayDeque<PendingLine>> byTarget = new HashMap<>();
    private final Map<SecondKey, PendingLine.SameSecond> seconds = new HashMap<>();
    private final ArrayDeque<DialHit> dials = new ArrayDeque<>();
    private final NameAddresses names;
    private final NameAddresses.Tally tally = new NameAddresses.Tally();
    private final KernelConnection.Grouping groups;
    private final List<Attempt> batch = new ArrayList<>();
    private final Map<Redials, Attempt> openRedials = new HashMap<>();
    private final Map<Redials, Tail> tails = new HashMap<>();
    private long read;
    private long batchFirst;
    private long batchLast;

    private Session(Sink sink, Names prior) {
      this.sink = sink;
      this.names = prior.book.copy(); // a prior may start more than one session
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
      PendingLine l = new PendingLine(p, read++);
      lines.add(l);
      if (!l.candidate) {
        return;
      }
      byPort.computeIfAbsent(p.port(), x -> new ArrayDeque<>()).add(l);
      if (p.service() == Service.V2RAY) {
        l.target = Target.of(p.destination(), p.port());
        byTarget.computeIfAbsent(l.target, t -> new ArrayDeque<>()).add(l);
      }
      if (p.timeMillis() % 1000 == 0) {
        SecondKey key = SecondKey.of(p);
        PendingLine.SameSecond s = seconds.get(key);
        if (s == null || s.time != p.timeMillis()) {
          s = new PendingLine.SameSecond(p.timeMillis());
          seconds.put(key, s);
        }
        l.inSecond(s);
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
      long lag = beforeMillis * 2 + afterMillis;
      for (KernelConnection k = groups.nextClosed(frontier, lag);
          k != null;
          k = groups.nextClosed(frontier, lag)) {
        add(k);
      }
      long window = beforeMillis + afterMillis;
      if (!batch.isEmpty()
          && readPast(batchLast + window)
          && groups.noneUntil(batchLast + window)) {
        join(); // no later connection can want the lines of this batch
      }
      while (!lines.isEmpty()) {
        PendingLine l = lines.peekFirst();
        if (l.candidate && waits(l.p.timeMillis())) {
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

    /** True while a connection may still be tied to a line of time {@code t}. */
    private boolean waits(long t) {
      return !(readPast(t + afterMillis + beforeMillis) && groups.noneUntil(t + afterMillis))
          || (!batch.isEmpty() && batchFirst <= t + afterMillis);
    }

    /** Adds a closed connection to the batch: to its attempt when it redials a blocked one. */
    private void add(KernelConnection k) {
      if (!k.hasTime()) {
        sink.connection(k, null, null);
        return;
      }
      Redials key = redials(k) ? Redials.of(k) : null;
      Attempt open = key == null ? null : openRedials.get(key);
      if (open != null && open.takes(k)) {
        open.connections.add(k);
        batchLast = Math.max(batchLast, k.timeMillis());
        return;
      }
      if (!batch.isEmpty()
          && (k.timeMillis() > batchLast + beforeMillis + afterMillis
              || batch.size() >= MAX_BATCH)) {
        join();
      }
      Attempt a = new Attempt(k);
      if (batch.isEmpty()) {
        batchFirst = k.timeMillis();
      }
      batch.add(a);
      batchLast = Math.max(batchLast, k.timeMillis());
      if (key != null) {
        openRedials.put(key, a);
      }
    }

    /** A blocked connection of a proxy that redials (V2Ray, Xray; not ss-server). */
    private boolean redials(KernelConnection k) {
      return k.blocked() && uids.allows(k.uid(), Service.V2RAY);
    }

    /**
     * Decides the batch: redials of earlier attempts first, then the assignment; again (up to
     * {@link #ROUNDS} in all) while the batch's own joins teach new addresses of its names, so that
     * the first lines for a name join as well as the later ones.
     */
    private void join() {
      List<Attempt> rest = new ArrayList<>(batch.size());
      for (Attempt a : batch) {
        if (!continuesTail(a)) {
          rest.add(a);
        }
      }
      if (!rest.isEmpty()) {
        prune(rest.get(0).first().timeMillis() - afterMillis);
      }
      NameAddresses model = names;
      BatchJoin.Result r = null;
      for (int round = 0; round < ROUNDS; round++) {
        NameAddresses m = model;
        r = BatchJoin.solve(rest, (a, limit) -> candidates(a, limit, m));
        NameAddresses next = names.trial();
        for (int i = 0; i < rest.size(); i++) {
          teach(next, rest.get(i), r.chosen()[i]);
        }
        if (!r.exact() || !next.differsFrom(model)) {
          break;
        }
        model = next;
      }
      for (int i = 0; i < rest.size(); i++) {
        apply(rest.get(i), r.chosen()[i]);
      }
      long cutoff = batchLast - Attempt.RETRY_MILLIS;
      tails.values().removeIf(t -> t.last().timeMillis() < cutoff);
      batch.clear();
      openRedials.clear();
    }

    /** What a join says of the line's host name: its address (exact join), or a vote for it. */
    private void teach(NameAddresses book, Attempt a, BatchJoin.Edge e) {
      if (e == null) {
        return;
      }
      PendingLine l = e.line();
      String ip = a.first().destinationIp();
      if (e.kind() == JoinKind.SOURCE_PORT) {
        book.learn(l.p.destination(), ip);
      } else if (l.name != null && l.statedIp() == null) {
        book.vote(l.p.destination(), ip);
      }
    }

    /** Ties a blocked attempt to the line of the blocked attempt it redials, if any. */
    private boolean continuesTail(Attempt a) {
      if (!redials(a.first())) {
        return false;
      }
      Tail t = tails.get(Redials.of(a.first()));
      if (t == null
          || !Attempt.redial(t.last(), t.dials(), a.first())
          || t.dials() + a.connections.size() > Attempt.MAX_DIALS) {
        return false;
      }
      apply(a, new BatchJoin.Edge(t.line(), t.kind(), 0));
      return true;
    }

    private void apply(Attempt a, BatchJoin.Edge e) {
      if (e == null) {
        a.connections.forEach(k -> sink.connection(k, null, null));
        return;
      }
      PendingLine l = e.line();
      for (KernelConnection k : a.connections) {
        l.link(k, e.kind());
        sink.connection(k, e.kind(), l.p);
      }
      teach(names, a, e);
      if (l.name != null && l.statedIp() == null) {
        tally.add(l.p.destination(), a.first().destinationIp());
      }
      if (a.blocked() && redials(a.first())) {
        int dials = l.links.size();
        tails.put(
            Redials.of(a.first()),
            new Tail(l, e.kind(), a.connections.get(a.connections.size() - 1), dials));
      }
    }

    /** Drops the lines before {@code t} from the join queues: later batches are later still. */
    private void prune(long t) {
      for (ArrayDeque<PendingLine> same : byPort.values()) {
        while (!same.isEmpty() && same.peekFirst().p.timeMillis() < t) {
          same.pollFirst();
        }
      }
      byPort.values().removeIf(ArrayDeque::isEmpty);
    }

    /** The free lines {@code a} may be tied to, in time order; at most {@code limit + 1}. */
    private List<BatchJoin.Edge> candidates(Attempt a, int limit, NameAddresses model) {
      KernelConnection k = a.first();
      ArrayDeque<PendingLine> same = byPort.get(k.port());
      List<BatchJoin.Edge> out = new ArrayList<>();
      if (same == null) {
        return out;
      }
      for (PendingLine l : same) {
        if (l.p.timeMillis() - beforeMillis > k.timeMillis()) {
          break;
        }
        if (l.p.timeMillis() >= k.timeMillis() - afterMillis
            && l.free()
            && uids.allows(k.uid(), l.p.service())) {
          BatchJoin.Edge e = edge(l, k, model);
          if (e != null) {
            out.add(e);
            if (out.size() > limit) {
              break;
            }
          }
        }
      }
      return out;
    }

    /** How {@code k} would be tied to {@code l}, or null when it cannot be. */
    private BatchJoin.Edge edge(PendingLine l, KernelConnection k, NameAddresses model) {
      DialHit dial = l.dial;
      if (dial != null
          && dial.sourcePort() >= 0
          && dial.sourcePort() == k.first().sourcePort()
          && Objects.equals(dial.sourceIp(), k.first().sourceIp())) {
        return new BatchJoin.Edge(l, JoinKind.SOURCE_PORT, 0); // the proxy named this connection
      }
      String ip = l.statedIp();
      if (ip != null) {
        return ip.equals(k.destinationIp())
            ? new BatchJoin.Edge(
                l, JoinKind.ADDRESS_AND_TIME, cost(JoinKind.ADDRESS_AND_TIME, k.at(), l))
            : null;
      }
      String known = model.address(l.name);
      if (k.destinationIp().equals(known)) {
        return new BatchJoin.Edge(
            l, JoinKind.LEARNED_ADDRESS, cost(JoinKind.LEARNED_ADDRESS, k.at(), l));
      }
      long c = cost(JoinKind.TIME_ONLY, k.at(), l);
      return new BatchJoin.Edge(l, JoinKind.TIME_ONLY, known == null ? c : c + OTHER_ADDRESS_COST);
    }

    /** Where the line went, as best the logs tell it. */
    private Server server(PendingLine l) {
      String stated = l.statedIp();
      if (stated != null) {
        return new Server(
            stated, l.p.destinationIp() != null ? Server.Source.LINE : Server.Source.DIAL);
      }
      Server known = names.known(l.name);
      if (known != null) {
        return known;
      }
      return l.links.isEmpty()
          ? null
          : new Server(l.links.get(0).connection().destinationIp(), Server.Source.PACKET);
    }

    /** Drops a line handed on from the head of its queue (unless a join already dropped it). */
    private <K> void forget(Map<K, ArrayDeque<PendingLine>> queues, K key, PendingLine l) {
      ArrayDeque<PendingLine> q = queues.get(key);
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
      ArrayDeque<PendingLine> same = byTarget.get(target);
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
      PendingLine best = null;
      long bestCost = Long.MAX_VALUE;
      for (PendingLine l : same) {
        long delay = d.timeMillis() - l.p.timeMillis();
        if (delay < -beforeMillis) {
          break;
        }
        if (delay > afterMillis || l.dial != null) {
          continue;
        }
        long c = cost(JoinKind.ADDRESS_AND_TIME, d.timeMillis(), l);
        if (c < bestCost) {
          best = l;
          bestCost = c;
        }
      }
      if (best != null) {
        best.dial = d;
      }
      names.learn(d.destination(), d.destinationIp());
      tally.add(d.destination(), d.destinationIp());
    }
  }

  /** Lines that share whole seconds: one log's (ss-server: one instance's, by its port). */
  private record SecondKey(Dataset dataset, String instance) {
    static SecondKey of(ProxyHit p) {
      return new SecondKey(p.dataset(), p.service() == Service.SHADOWSOCKS ? p.user() : null);
    }
  }

  /** Where a request went, as a dial line names it too: host (any case) and port. */
  record Target(String host, int port) {
    static Target of(String host, int port) {
      return new Target(host == null ? "" : host.toLowerCase(Locale.ROOT), port);
    }
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

  /**
   * The cost of tying a packet at {@code packet} to {@code l}: {@link #cost(JoinKind, long)} from
   * the logged time, plus a term that grows with the square of the distance from the line's likely
   * time ({@link PendingLine#at}). The square makes the cheapest assignment keep lines and packets
   * in the same order (a cost that is only linear in the distance is the same for every order of
   * two lines of one second, and when a file's clock runs behind, for every order at all).
   */
  static long cost(JoinKind kind, long packet, PendingLine l) {
    long d = packet - l.at();
    return cost(kind, packet - l.p.timeMillis()) + d * d / 4_000;
  }
}
