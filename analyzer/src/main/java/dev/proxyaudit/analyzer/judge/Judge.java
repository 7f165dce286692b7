package dev.proxyaudit.analyzer.judge;

import dev.proxyaudit.analyzer.correlate.ProxyStatus;
import dev.proxyaudit.analyzer.query.ProxyHit;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Applies the {@link Policy} to the connections of one user (or one unknown user's client). */
public final class Judge {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mmXXX");

  private final Policy policy;
  private final ZoneId zone;

  public Judge(Policy policy, ZoneId zone) {
    this.policy = policy;
    this.zone = zone;
  }

  public Policy policy() {
    return policy;
  }

  /**
   * The connections of one row as the limits count them, fed one line at a time in time order:
   * fixed-size state but for the last hour's connections.
   */
  public final class Watched {
    private final BusiestHour hour = new BusiestHour();
    private long count;
    private long timed;
    private long blocked;

    /** One proxy line of the row, with what the kernel's log says of it. */
    public void add(ProxyHit h, ProxyStatus status) {
      add(h, status, Destination.hash(h));
    }

    /**
     * One proxy line of the row, with what the kernel's log says of it and the hash of the server
     * it went to ({@link Destination#hash(String, int)}).
     */
    public void add(ProxyHit h, ProxyStatus status, long server) {
      add(h.port(), h.hasTime() ? h.timeMillis() : Long.MIN_VALUE, status, server, 1);
    }

    /**
     * {@code n} lines of the row to one server and port, with one status, at {@code time} (a
     * minute, for a fleet's aggregation; {@link Long#MIN_VALUE}: no wall-clock time).
     */
    void add(int port, long time, ProxyStatus status, long server, long n) {
      if (!policy.watched(port)) {
        return;
      }
      count += n;
      if (status == ProxyStatus.BLOCKED) {
        blocked += n;
      }
      if (time != Long.MIN_VALUE) {
        timed += n;
        hour.add(time, server, n);
      }
    }
  }

  /** A counter for one row. */
  public Watched watched() {
    return new Watched();
  }

  /**
   * @param user the row's user as logged, or null
   * @param clients the row's client IPs
   * @param hits its proxy lines, in time order
   * @param status what the kernel says of each line
   */
  public Judgement judge(
      String user,
      List<String> clients,
      List<ProxyHit> hits,
      Function<ProxyHit, ProxyStatus> status) {
    Watched w = watched();
    hits.forEach(h -> w.add(h, status.apply(h)));
    return judge(user, clients, w);
  }

  /**
   * @param user the row's user as logged, or null
   * @param clients the row's client IPs
   * @param w its lines, counted
   */
  public Judgement judge(String user, List<String> clients, Watched w) {
    if (w.count == 0) {
      return new Judgement(Verdict.NOT_JUDGED, List.of());
    }
    List<String> reasons = reasons(w);
    boolean allowed =
        (user != null && policy.allowUsers().contains(user))
            || (!clients.isEmpty() && policy.allowClients().containsAll(clients));
    if (allowed) {
      return new Judgement(Verdict.ALLOWED, reasons);
    }
    return new Judgement(reasons.isEmpty() ? Verdict.BELOW_LIMITS : Verdict.ABUSE, reasons);
  }

  private List<String> reasons(Watched w) {
    List<String> reasons = new ArrayList<>();
    String ports = portsText();
    BusiestHour h = w.hour;
    // no wall-clock times at all: the whole set is one window
    long connections = w.timed == 0 ? w.count : h.connections;
    String atLeast = h.truncated() ? "at least " : "";
    if (connections >= policy.connectionsPerHour()) {
      reasons.add(
          atLeast
              + connections
              + " connections to port "
              + ports
              + " within one hour from "
              + stamp(h.connectionsFrom)
              + " (limit "
              + policy.connectionsPerHour()
              + ")");
    }
    if (h.destinationsCount >= policy.destinationsPerHour()) {
      reasons.add(
          atLeast
              + h.destinationsCount
              + " distinct destinations on port "
              + ports
              + " within one hour from "
              + stamp(h.destinationsFrom)
              + " (limit "
              + policy.destinationsPerHour()
              + ")");
    }
    if (w.count >= policy.failedMinAttempts() && w.blocked >= policy.failedShare() * w.count) {
      reasons.add(
          w.blocked
              + " of "
              + w.count
              + " attempts blocked by the firewall (limit "
              + Math.round(policy.failedShare() * 100)
              + "% of at least "
              + policy.failedMinAttempts()
              + ")");
    }
    return reasons;
  }

  private String portsText() {
    List<Integer> p = policy.watchPorts();
    return p.size() == 1
        ? p.get(0).toString()
        : String.join("/", p.stream().map(String::valueOf).toList());
  }

  private String stamp(long millis) {
    return STAMP.format(Instant.ofEpochMilli(millis).atZone(zone));
  }
}
