package dev.proxyaudit.analyzer.query;

import dev.proxyaudit.analyzer.event.Action;
import dev.proxyaudit.analyzer.event.Dataset;
import dev.proxyaudit.analyzer.event.Service;

/**
 * One proxy access line for a watched port, as loaded for correlation and judging.
 *
 * @param doc index-wide document id (for the raw line)
 * @param timeMillis epoch milliseconds, or {@link Long#MIN_VALUE} when unknown
 * @param service the proxy
 * @param dataset the log format
 * @param user the user, null when the log names none
 * @param client client IP (or address as logged), null when not logged
 * @param destination destination host as logged (name or IP)
 * @param destinationIp destination IP when the line has one, else null
 * @param port destination port
 * @param action {@link Action#ACCEPTED} or {@link Action#REJECTED}
 * @param clientPort the client's source port when logged, else -1
 * @param serverPort the proxy's own listening port when logged (shadowsocks-libev), else -1
 * @param inboundDoc the kernel's line of the incoming connection that named the user or the client
 *     ({@code correlate.InboundJoin}), else -1
 */
public record ProxyHit(
    int doc,
    long timeMillis,
    Service service,
    Dataset dataset,
    String user,
    String client,
    String destination,
    String destinationIp,
    int port,
    Action action,
    int clientPort,
    int serverPort,
    int inboundDoc)
    implements WatchedHit {
  /** A line as the fleet's buckets and the tests give it: no ports beyond the destination's. */
  public ProxyHit(
      int doc,
      long timeMillis,
      Service service,
      Dataset dataset,
      String user,
      String client,
      String destination,
      String destinationIp,
      int port,
      Action action) {
    this(
        doc,
        timeMillis,
        service,
        dataset,
        user,
        client,
        destination,
        destinationIp,
        port,
        action,
        -1,
        -1,
        -1);
  }

  /** This line with the user or client the kernel's line {@code doc} of its connection names. */
  public ProxyHit namedBy(String user, String client, int doc) {
    return new ProxyHit(
        this.doc,
        timeMillis,
        service,
        dataset,
        user,
        client,
        destination,
        destinationIp,
        port,
        action,
        clientPort,
        serverPort,
        doc);
  }
}
