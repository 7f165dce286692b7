package dev.proxyaudit.analyzer.judge;

/**
 * The busiest 60-minute windows of one row's watched-port connections, by connections and by
 * distinct destinations, fed one connection at a time in time order. Holds the connections of the
 * last hour only (at most {@link #MAX_WINDOW}; beyond, the figures are lower bounds).
 */
final class BusiestHour {
  static final long HOUR = 3_600_000;

  /** Connections kept in the window: a million in one hour is far past any limit. */
  static final int MAX_WINDOW = 1 << 20;

  private long[] times = new long[64];
  private long[] destinations = new long[64];
  private long[] weights = new long[64];
  private int head;
  private int size;
  private long inWindowConnections;
  private final LongCounts inWindow = new LongCounts();
  private boolean truncated;

  long connections;
  long connectionsFrom;
  int destinationsCount;
  long destinationsFrom;

  /** One connection at {@code time} to the destination with hash {@code destination}. */
  void add(long time, long destination) {
    add(time, destination, 1);
  }

  /**
   * {@code n} connections at {@code time} (a minute of a fleet's aggregation: the windows are then
   * exact to the minute) to the destination with hash {@code destination}.
   */
  void add(long time, long destination, long n) {
    if (size == MAX_WINDOW) {
      evict(); // past the cap: the oldest leaves early, and the figures become "at least"
      truncated = true;
    } else if (size == times.length) {
      grow();
    }
    int tail = (head + size) % times.length;
    times[tail] = time;
    destinations[tail] = destination;
    weights[tail] = n;
    size++;
    inWindowConnections += n;
    inWindow.increment(destination);
    while (time - times[head] >= HOUR) {
      evict();
    }
    if (inWindowConnections > connections) {
      connections = inWindowConnections;
      connectionsFrom = times[head];
    }
    if (inWindow.size() > destinationsCount) {
      destinationsCount = inWindow.size();
      destinationsFrom = times[head];
    }
  }

  /** True when the window outgrew {@link #MAX_WINDOW}: the figures are lower bounds. */
  boolean truncated() {
    return truncated;
  }

  private void evict() {
    inWindow.decrement(destinations[head]);
    inWindowConnections -= weights[head];
    head = (head + 1) % times.length;
    size--;
  }

  private void grow() {
    long[] t = new long[times.length * 2];
    long[] d = new long[times.length * 2];
    long[] w = new long[times.length * 2];
    for (int i = 0; i < size; i++) {
      t[i] = times[(head + i) % times.length];
      d[i] = destinations[(head + i) % times.length];
      w[i] = weights[(head + i) % times.length];
    }
    times = t;
    destinations = d;
    weights = w;
    head = 0;
  }
}
