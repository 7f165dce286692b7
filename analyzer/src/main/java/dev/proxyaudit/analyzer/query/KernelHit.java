package dev.proxyaudit.analyzer.query;

import dev.proxyaudit.analyzer.event.Dataset;

/**
 * One netfilter log line (kernel LOG or ulogd) for a watched port.
 *
 * @param doc index-wide document id (for the raw line)
 * @param timeMillis epoch milliseconds, or {@link Long#MIN_VALUE} when only the uptime is known
 * @param uid {@code UID=} of the sending socket, null when not logged
 * @param sourceIp SRC=
 * @param sourcePort SPT=, -1 when absent
 * @param destinationIp DST=
 * @param port DPT=
 * @param prefix the rule's log prefix, "" when none
 * @param inbound true for a packet to this host (the input hook), not one it sent
 * @param dataset the log format
 */
public record KernelHit(
    int doc,
    long timeMillis,
    Integer uid,
    String sourceIp,
    int sourcePort,
    String destinationIp,
    int port,
    String prefix,
    boolean inbound,
    Dataset dataset)
    implements WatchedHit {}
