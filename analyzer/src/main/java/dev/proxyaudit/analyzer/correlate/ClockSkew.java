package dev.proxyaudit.analyzer.correlate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Notices when proxy lines the kernel did not confirm and kernel connections no line explains would
 * join after all if one side's clock were moved: by whole quarter hours (a log read in the wrong
 * zone) or by a few minutes (clocks apart). Fed in time order; keeps at most {@link #MAX_LINES}
 * line times and {@link #MAX_CONNECTIONS} connection times per port, the first ones.
 */
public final class ClockSkew {
  static final int MAX_LINES = 4_096;
  static final int MAX_CONNECTIONS = 16_384;
  static final int MAX_PORTS = 16;

  /** Fewer unexplained lines than this prove nothing. */
  static final int MIN_LINES = 5;

  private static final long QUARTER_HOUR = 15 * 60_000L;
  private static final long MAX_ZONE_SHIFT = 14 * 3_600_000L;
  private static final long MAX_CLOCK_SHIFT = 300_000L;

  private final long beforeMillis;
  private final long afterMillis;
  private final long[] candidates;
  private final Map<Integer, Times> lines = new TreeMap<>();
  private final Map<Integer, Times> connections = new TreeMap<>();

  /**
   * What was found for one port.
   *
   * @param port the destination port
   * @param shift kernel time minus proxy line time at which they join
   * @param matched sampled unconfirmed lines that join a connection after the shift
   * @param sampled unconfirmed lines looked at
   * @param unshifted of those, how many join one without a shift
   * @param firstLine the earliest of those lines
   */
  public record Finding(
      int port, Duration shift, int matched, int sampled, int unshifted, Instant firstLine) {
    /** True when the shift is a whole number of quarter hours: a time zone, not a clock. */
    public boolean zoneLike() {
      return shift.toMillis() % QUARTER_HOUR == 0;
    }
  }

  /**
   * @param before how long before a proxy line its packet may be logged
   * @param after how long after
   */
  public ClockSkew(Duration before, Duration after) {
    this.beforeMillis = before.toMillis();
    this.afterMillis = after.toMillis();
    this.candidates = candidates();
  }

  /** A proxy line to {@code port} at {@code time} that no kernel packet confirmed. */
  public void unconfirmed(int port, long timeMillis) {
    add(lines, port, timeMillis, MAX_LINES);
  }

  /** A kernel connection to {@code port} at {@code time} that no proxy line explains. */
  public void unexplained(int port, long timeMillis) {
    add(connections, port, timeMillis, MAX_CONNECTIONS);
  }

  private static void add(Map<Integer, Times> m, int port, long time, int max) {
    Times t = m.get(port);
    if (t == null) {
      if (m.size() >= MAX_PORTS) {
        return;
      }
      t = new Times();
      m.put(port, t);
    }
    t.add(time, max);
  }

  /** Per port, the shift that would join most of the unexplained, when there is one. */
  public List<Finding> findings() {
    List<Finding> out = new ArrayList<>();
    for (Map.Entry<Integer, Times> e : lines.entrySet()) {
      Times k = connections.get(e.getKey());
      Times l = e.getValue();
      if (k == null || l.size < MIN_LINES || k.size < MIN_LINES) {
        continue;
      }
      long[] lt = l.sorted();
      long[] kt = k.sorted();
      int unshifted = matches(lt, kt, 0);
      long bestShift = 0;
      int best = unshifted;
      for (long shift : candidates) {
        int m = matches(lt, kt, shift);
        if (m > best || (m == best && m > 0 && Math.abs(shift) < Math.abs(bestShift))) {
          best = m;
          bestShift = shift;
        }
      }
      if (bestShift != 0 && best >= MIN_LINES && 2 * best >= lt.length && best > 2 * unshifted) {
        out.add(
            new Finding(
                e.getKey(),
                Duration.ofMillis(bestShift),
                best,
                lt.length,
                unshifted,
                Instant.ofEpochMilli(lt[0])));
      }
    }
    return out;
  }

  /** Whole quarter hours up to 14 h either way, and every second from the join window to 5 min. */
  private long[] candidates() {
    List<Long> c = new ArrayList<>();
    for (long s = QUARTER_HOUR; s <= MAX_ZONE_SHIFT; s += QUARTER_HOUR) {
      c.add(s);
      c.add(-s);
    }
    for (long s = 1_000; s <= MAX_CLOCK_SHIFT; s += 1_000) {
      if (s > afterMillis) {
        c.add(s);
      }
      if (s > beforeMillis) {
        c.add(-s);
      }
    }
    return c.stream().mapToLong(Long::longValue).toArray();
  }

  /** Lines with a connection in their join window once moved by {@code shift} (both sorted). */
  private int matches(long[] lines, long[] kernel, long shift) {
    int n = 0;
    int k = 0;
    for (long t : lines) {
      long from = t + shift - beforeMillis;
      long to = t + shift + afterMillis;
      while (k < kernel.length && kernel[k] < from) {
        k++;
      }
      if (k < kernel.length && kernel[k] <= to) {
        n++;
      }
    }
    return n;
  }

  /** The first times of one kind for one port. */
  private static final class Times {
    private long[] t = new long[64];
    private int size;

    void add(long time, int max) {
      if (size == max) {
        return;
      }
      if (size == t.length) {
        t = Arrays.copyOf(t, Math.min(max, size * 2));
      }
      t[size++] = time;
    }

    long[] sorted() {
      long[] s = Arrays.copyOf(t, size);
      Arrays.sort(s); // connections come in order of their first line; lines in time order
      return s;
    }
  }
}
