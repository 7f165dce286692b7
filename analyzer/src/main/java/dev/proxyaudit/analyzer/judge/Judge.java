package dev.proxyaudit.analyzer.judge;

import dev.proxyaudit.analyzer.correlate.ProxyStatus;
import dev.proxyaudit.analyzer.query.ProxyHit;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Applies the {@link Policy} to the connections of one user (or one unknown user's client). */
public final class Judge {
  private static final long HOUR = 3_600_000;
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

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
   * @param user the row's user, or null
   * @param clients the row's client IPs
   * @param hits its proxy lines, in time order
   * @param status what the kernel says of each line
   */
  public Judgement judge(
      String user,
      List<String> clients,
      List<ProxyHit> hits,
      Function<ProxyHit, ProxyStatus> status) {
    List<ProxyHit> watched = new ArrayList<>();
    for (ProxyHit h : hits) {
      if (policy.watched(h.port())) {
        watched.add(h);
      }
    }
    if (watched.isEmpty()) {
      return new Judgement(Verdict.NOT_JUDGED, List.of());
    }
    List<String> reasons = reasons(watched, status);
    boolean allowed =
        (user != null && policy.allowUsers().contains(user))
            || (!clients.isEmpty() && policy.allowClients().containsAll(clients));
    if (allowed) {
      return new Judgement(Verdict.ALLOWED, reasons);
    }
    return new Judgement(reasons.isEmpty() ? Verdict.BELOW_LIMITS : Verdict.ABUSE, reasons);
  }

  private List<String> reasons(List<ProxyHit> watched, Function<ProxyHit, ProxyStatus> status) {
    List<String> reasons = new ArrayList<>();
    String ports = portsText();
    Window w = busiestHour(watched);
    if (w.connections >= policy.connectionsPerHour()) {
      reasons.add(
          w.connections
              + " connections to port "
              + ports
              + " within one hour from "
              + stamp(w.connectionsFrom)
              + " (limit "
              + policy.connectionsPerHour()
              + ")");
    }
    if (w.destinations >= policy.destinationsPerHour()) {
      reasons.add(
          w.destinations
              + " distinct destinations on port "
              + ports
              + " within one hour from "
              + stamp(w.destinationsFrom)
              + " (limit "
              + policy.destinationsPerHour()
              + ")");
    }
    long blocked = watched.stream().filter(h -> status.apply(h) == ProxyStatus.BLOCKED).count();
    if (watched.size() >= policy.failedMinAttempts()
        && blocked >= policy.failedShare() * watched.size()) {
      reasons.add(
          blocked
              + " of "
              + watched.size()
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

  /** The busiest 60-minute windows, by connections and by distinct destinations. */
  private static Window busiestHour(List<ProxyHit> hits) {
    Window w = new Window();
    Map<Destination, Integer> inWindow = new HashMap<>();
    int start = 0;
    List<ProxyHit> timed = hits.stream().filter(ProxyHit::hasTime).toList();
    for (int end = 0; end < timed.size(); end++) {
      ProxyHit h = timed.get(end);
      inWindow.merge(Destination.of(h), 1, Integer::sum);
      while (h.timeMillis() - timed.get(start).timeMillis() >= HOUR) {
        ProxyHit old = timed.get(start++);
        inWindow.computeIfPresent(Destination.of(old), (k, n) -> n == 1 ? null : n - 1);
      }
      int count = end - start + 1;
      if (count > w.connections) {
        w.connections = count;
        w.connectionsFrom = timed.get(start).timeMillis();
      }
      if (inWindow.size() > w.destinations) {
        w.destinations = inWindow.size();
        w.destinationsFrom = timed.get(start).timeMillis();
      }
    }
    if (timed.isEmpty()) {
      // no wall-clock times at all: judge the whole set as one window
      w.connections = hits.size();
    }
    return w;
  }

  private static final class Window {
    int connections;
    long connectionsFrom;
    int destinations;
    long destinationsFrom;
  }
}
