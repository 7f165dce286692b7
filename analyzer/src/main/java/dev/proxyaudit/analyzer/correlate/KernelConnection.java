package dev.proxyaudit.analyzer.correlate;

import dev.proxyaudit.analyzer.query.KernelHit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel's lines for one outgoing connection: the same source address and port to the same
 * destination. Several lines are one connection: retransmitted SYNs, and one packet logged by
 * several rules (a LOG rule, then a LOG before the DROP).
 *
 * @param hits its lines, in time order (the first {@link #MAX_HITS})
 * @param timeMillis the first line's time, {@link Long#MIN_VALUE} when only uptimes are known
 * @param at when the packet most likely left: the first line with a sub-second time (ulogd2,
 *     kern.log in RFC 3339), else {@code timeMillis}. Renderings with whole seconds run behind
 *     ({@code dmesg -T}) or truncate; the first line of a connection is often one of those.
 * @param uid the sending socket's uid, null when not logged
 * @param blocked true when a line's prefix says the packet was dropped or rejected
 */
public record KernelConnection(
    List<KernelHit> hits, long timeMillis, long at, Integer uid, boolean blocked) {

  /** Lines closer than this with the same 4-tuple are one connection (SYN retransmits: ~1-60 s). */
  static final long SAME_CONNECTION_MILLIS = 120_000;

  /** Lines kept per connection as evidence; a rule that logs every packet would keep them all. */
  static final int MAX_HITS = 1_000;

  /**
   * Connections known only by kernel uptime kept apart by 4-tuple (they may still gain a line with
   * a time); beyond this many, each further line is a connection of its own.
   */
  static final int MAX_UNTIMED = 100_000;

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

  /**
   * Groups outgoing packet lines into connections as they come, in time order, and hands them on in
   * the order of their first line once no line can join them any more.
   */
  static final class Grouping {
    private final BlockedPrefixes blocked;
    private final long maxOpenMillis;
    private final ArrayDeque<Open> timed = new ArrayDeque<>();
    private final Map<Flow, Open> open = new HashMap<>();
    private final List<Open> untimed = new ArrayList<>();

    Grouping(BlockedPrefixes blocked, long maxOpenMillis) {
      this.blocked = blocked;
      this.maxOpenMillis = maxOpenMillis;
    }

    void add(KernelHit h) {
      Flow f = Flow.of(h);
      Open o = open.get(f);
      if (o != null && o.accepts(h)) {
        o.add(h, blocked);
        return;
      }
      o = new Open(f, h, blocked);
      if (h.hasTime()) {
        timed.add(o);
        open.put(f, o);
      } else {
        untimed.add(o);
        if (untimed.size() <= MAX_UNTIMED) {
          open.put(f, o);
        }
      }
    }

    /**
     * The connection with the oldest first line, once no later line can join it and every line that
     * may own it has been read ({@code lag} after its first line); else null.
     */
    KernelConnection nextClosed(long frontier, long lag) {
      Open o = timed.peekFirst();
      if (o == null) {
        return null;
      }
      boolean all = frontier == Long.MAX_VALUE;
      boolean closed =
          all
              || frontier > o.lastTime + SAME_CONNECTION_MILLIS
              || frontier > o.firstTime + maxOpenMillis;
      if (!closed || !(all || frontier > o.firstTime + lag)) {
        return null;
      }
      timed.pollFirst();
      open.remove(o.flow, o);
      return o.connection();
    }

    /** True when no connection whose first line is at or before {@code t} waits. */
    boolean noneUntil(long t) {
      Open o = timed.peekFirst();
      return o == null || o.firstTime > t;
    }

    /** The connections known only by uptime (they are tied to nothing). */
    List<KernelConnection> untimed() {
      List<KernelConnection> out = new ArrayList<>(untimed.size());
      untimed.forEach(o -> out.add(o.connection()));
      return out;
    }
  }

  /** A connection that may still gain lines. */
  private static final class Open {
    final Flow flow;
    final List<KernelHit> hits = new ArrayList<>(2);
    final long firstTime;
    long lastTime;
    long at = Long.MIN_VALUE;
    boolean lastTimed;
    Integer uid;
    boolean blocked;

    Open(Flow flow, KernelHit h, BlockedPrefixes prefixes) {
      this.flow = flow;
      this.firstTime = h.timeMillis();
      add(h, prefixes);
    }

    boolean accepts(KernelHit h) {
      // uptime-only lines: the same 4-tuple is the best we know
      return !lastTimed || !h.hasTime() || h.timeMillis() - lastTime <= SAME_CONNECTION_MILLIS;
    }

    void add(KernelHit h, BlockedPrefixes prefixes) {
      if (hits.size() < MAX_HITS) {
        hits.add(h);
      }
      lastTime = h.timeMillis();
      lastTimed = h.hasTime();
      if (at == Long.MIN_VALUE && h.hasTime() && h.timeMillis() % 1000 != 0) {
        at = h.timeMillis();
      }
      blocked = blocked || prefixes.matches(h.prefix());
      uid = uid != null ? uid : h.uid();
    }

    KernelConnection connection() {
      return new KernelConnection(
          List.copyOf(hits), firstTime, at == Long.MIN_VALUE ? firstTime : at, uid, blocked);
    }
  }
}
