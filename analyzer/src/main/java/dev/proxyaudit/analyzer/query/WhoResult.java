package dev.proxyaudit.analyzer.query;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The answer to a {@link WhoQuery}: proxy rows, and the kernel's own record per uid.
 *
 * @param query the question
 * @param rows one per (service, user) or (service, client), most connections first
 * @param kernel one per uid seen in netfilter lines for the ports, most packets first
 * @param joins kernel connections tied to proxy lines, by how they were tied (source port, address
 *     and time, time only), and those tied to none ("none")
 */
public record WhoResult(
    WhoQuery query, List<Row> rows, List<KernelRow> kernel, Map<String, Long> joins) {

  public boolean found() {
    return !rows.isEmpty() || !kernel.isEmpty();
  }

  /**
   * Connections through one proxy by one user (or from one client).
   *
   * @param service v2ray or shadowsocks
   * @param user the user as printed (a Shadowsocks port's --users name), null when unknown
   * @param serverPort the Shadowsocks server port that is this user, else null
   * @param client the client IP for {@link GroupBy#CLIENT} rows, else null
   * @param clients client addresses seen, most connections first (empty when not logged)
   * @param users users seen, for {@link GroupBy#CLIENT} rows
   * @param byClient connections per client address
   * @param byUser connections per named user
   * @param connections access lines
   * @param destinations distinct destinations (host or IP and port)
   * @param byPort connections per destination port
   * @param firstSeen earliest time, null if none known
   * @param lastSeen latest time, null if none known
   * @param datasets the log formats the lines came from
   * @param confirmed lines for which the kernel logged a packet that left
   * @param blocked lines whose packets the firewall dropped or rejected
   * @param unconfirmed lines no kernel log line matches
   * @param verdict abuse, below-limits, allowed or not-judged
   * @param reasons why, with the numbers
   * @param note why the user is unknown and what to enable to know it, or null
   */
  public record Row(
      String service,
      String user,
      Integer serverPort,
      String client,
      List<String> clients,
      List<String> users,
      Map<String, Long> byClient,
      Map<String, Long> byUser,
      long connections,
      long destinations,
      Map<Integer, Long> byPort,
      Instant firstSeen,
      Instant lastSeen,
      List<String> datasets,
      long confirmed,
      long blocked,
      long unconfirmed,
      String verdict,
      List<String> reasons,
      String note) {}

  /**
   * Packets the kernel logged for the ports, by the uid of the sending socket.
   *
   * @param uid {@code UID=}, null when the rule did not log it ({@code --log-uid} missing)
   * @param packets log lines
   * @param connections distinct (source, source port, destination, port): retransmits count once
   * @param sourcePorts distinct source ports
   * @param destinations distinct destination IPs
   * @param firstSeen earliest wall-clock time, null if none
   * @param lastSeen latest wall-clock time, null if none
   * @param withoutTime packets known only by kernel uptime (dmesg without boot time)
   * @param prefixes log prefixes of the rules that logged them
   * @param datasets the log formats the lines came from
   * @param service the proxy service this uid runs (from --uid), or null
   * @param unattributed connections that no proxy line explains
   */
  public record KernelRow(
      Integer uid,
      long packets,
      long connections,
      long sourcePorts,
      long destinations,
      Instant firstSeen,
      Instant lastSeen,
      long withoutTime,
      List<String> prefixes,
      List<String> datasets,
      String service,
      long unattributed) {}
}
