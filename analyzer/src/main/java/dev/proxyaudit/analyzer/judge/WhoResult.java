package dev.proxyaudit.analyzer.judge;

import dev.proxyaudit.analyzer.correlate.ClockSkew;
import dev.proxyaudit.analyzer.correlate.JoinKind;
import dev.proxyaudit.analyzer.event.Dataset;
import dev.proxyaudit.analyzer.event.Service;
import dev.proxyaudit.analyzer.query.GroupBy;
import dev.proxyaudit.analyzer.query.WhoQuery;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The answer to a {@link WhoQuery}: proxy rows, and the kernel's own record per uid.
 *
 * @param query the question
 * @param rows one per (service, user) or (service, client), most connections first
 * @param kernel one per uid seen in netfilter lines for the ports, most packets first
 * @param joins kernel connections tied to proxy lines, by how they were tied (every kind)
 * @param unattributed kernel connections tied to none
 * @param inbound packets to this host on the ports (the input hook), by port: someone connecting to
 *     the server, not mail it sent, so counted nowhere else
 */
public record WhoResult(
    WhoQuery query,
    List<Row> rows,
    List<KernelRow> kernel,
    Map<JoinKind, Long> joins,
    long unattributed,
    Map<Integer, Long> inbound,
    List<ClockSkew.Finding> clock) {

  /** Rows as every answer lists them: abuse first, then by connections, then by name. */
  public static final Comparator<Row> ROW_ORDER =
      Comparator.comparingInt((Row r) -> r.verdict().ordinal())
          .thenComparing(Comparator.comparingLong(Row::connections).reversed())
          .thenComparing(r -> r.service().id())
          .thenComparing(r -> String.valueOf(r.user()))
          .thenComparing(r -> String.valueOf(r.client()))
          .thenComparing(r -> String.join(",", r.nodes()));

  public boolean found() {
    return !rows.isEmpty() || !kernel.isEmpty();
  }

  /** True when a row was judged abuse. */
  public boolean abuse() {
    return rows.stream().anyMatch(r -> r.verdict() == Verdict.ABUSE);
  }

  /**
   * Connections through one proxy by one user (or from one client).
   *
   * @param service the proxy
   * @param user the user as printed (a Shadowsocks port's --users name), null when unknown
   * @param serverPort the Shadowsocks server port that is this user, else null
   * @param client the client IP for {@link GroupBy#CLIENT} rows, else null
   * @param clients client addresses seen, most connections first (empty when not logged)
   * @param users users seen, for {@link GroupBy#CLIENT} rows
   * @param byClient connections per client address
   * @param byUser connections per named user
   * @param connections access lines
   * @param destinations distinct servers (IP and port; a host name whose address no log tells
   *     counts as itself)
   * @param destinationsApproximate true when {@code destinations} is an estimate (over 100,000)
   * @param destinationNames distinct destinations as logged (host or IP and port)
   * @param destinationNamesApproximate true when {@code destinationNames} is an estimate
   * @param byPort connections per destination port
   * @param firstSeen earliest time, null if none known
   * @param lastSeen latest time, null if none known
   * @param datasets the log formats the lines came from, by name
   * @param confirmed lines for which the kernel logged a packet that left
   * @param blocked lines whose packets the firewall dropped or rejected
   * @param unconfirmed lines no kernel log line matches
   * @param verdict the policy's judgement
   * @param reasons why, with the numbers
   * @param note why the user is unknown and what to enable to know it, or null
   * @param ownUid the uid whose sockets sent this row's connections and no other row's, or null
   * @param nodes the fleet's nodes the row's lines came from, in name order (empty: a local row)
   */
  public record Row(
      Service service,
      String user,
      Integer serverPort,
      String client,
      List<String> clients,
      List<String> users,
      Map<String, Long> byClient,
      Map<String, Long> byUser,
      long connections,
      long destinations,
      boolean destinationsApproximate,
      long destinationNames,
      boolean destinationNamesApproximate,
      Map<Integer, Long> byPort,
      Instant firstSeen,
      Instant lastSeen,
      List<Dataset> datasets,
      long confirmed,
      long blocked,
      long unconfirmed,
      Verdict verdict,
      List<String> reasons,
      String note,
      Integer ownUid,
      List<String> nodes) {

    /** The row's key, as the lines name it. */
    public RowKey key() {
      return new RowKey(service, serverPort != null ? serverPort.toString() : user, client);
    }
  }

  /**
   * Packets the kernel logged for the ports, by the uid of the sending socket.
   *
   * @param uid {@code UID=}, null when the rule did not log it ({@code --log-uid} missing)
   * @param packets log lines
   * @param connections distinct (source, source port, destination, port): retransmits count once
   * @param sourcePorts distinct source ports
   * @param destinations distinct destination IPs
   * @param approximate true when a distinct count is an estimate (over 100,000)
   * @param firstSeen earliest wall-clock time, null if none
   * @param lastSeen latest wall-clock time, null if none
   * @param withoutTime packets known only by kernel uptime (dmesg without boot time)
   * @param prefixes log prefixes of the rules that logged them
   * @param datasets the log formats the lines came from, by name
   * @param services the proxy services this uid runs (from --uid), by name; empty if none
   * @param unattributed connections that no proxy line explains
   */
  public record KernelRow(
      Integer uid,
      long packets,
      long connections,
      long sourcePorts,
      long destinations,
      boolean approximate,
      Instant firstSeen,
      Instant lastSeen,
      long withoutTime,
      List<String> prefixes,
      List<Dataset> datasets,
      List<Service> services,
      long unattributed) {}
}
