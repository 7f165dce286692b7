package dev.proxyaudit.analyzer.event;

import java.time.Instant;
import java.util.Objects;

/**
 * One connection (or connection attempt) as one log line tells it.
 *
 * @param time wall-clock time; null when only the kernel uptime is known (dmesg without boot time)
 * @param uptimeMicros kernel uptime in microseconds when the line carried it, else null
 * @param dataset the format the line was in
 * @param user the proxy user (V2Ray e-mail, Shadowsocks port or its mapped name), null if unknown
 * @param serverPort the proxy's own listening port when the log names it (shadowsocks-libev)
 * @param source the client for proxy lines, {@code SRC=}/{@code SPT=} for packet lines; may be null
 * @param destination where it went; null only on rejected handshakes
 * @param transport tcp or udp; null when the log does not say
 * @param action accepted, rejected or logged
 * @param route V2Ray/Xray inbound and outbound tags
 * @param packet netfilter details, null for proxy lines
 * @param origin file, line and raw text
 */
public record ConnectionEvent(
    Instant time,
    Long uptimeMicros,
    Dataset dataset,
    String user,
    Integer serverPort,
    Endpoint source,
    Destination destination,
    Transport transport,
    Action action,
    Route route,
    PacketInfo packet,
    Origin origin) {

  public ConnectionEvent {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(origin, "origin");
    if (time == null && uptimeMicros == null) {
      throw new IllegalArgumentException("an event needs a time or an uptime");
    }
    if (destination == null && action != Action.REJECTED) {
      throw new IllegalArgumentException("only rejected handshakes lack a destination");
    }
    if ((packet != null) != (dataset.service() == Service.NETFILTER)) {
      throw new IllegalArgumentException("packet details belong to netfilter lines only");
    }
  }

  public Service service() {
    return dataset.service();
  }
}
