package dev.proxyaudit.analyzer.query;

/**
 * Where a V2Ray/Xray outbound dialed, from its error log: resolves an access line's host name to
 * the IP the kernel saw, and (Xray) gives the local source port.
 *
 * @param doc index-wide document id
 * @param timeMillis epoch milliseconds
 * @param destination host as the access line names it
 * @param destinationIp the IP dialed
 * @param port destination port
 * @param sourceIp the local address of the connection (Xray "local endpoint"), or null
 * @param sourcePort its port, -1 when not logged
 * @param failed true for a failed dial
 */
public record DialHit(
    int doc,
    long timeMillis,
    String destination,
    String destinationIp,
    int port,
    String sourceIp,
    int sourcePort,
    boolean failed)
    implements WatchedHit {}
