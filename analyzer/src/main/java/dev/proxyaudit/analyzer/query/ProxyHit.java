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
    Action action)
    implements WatchedHit {}
