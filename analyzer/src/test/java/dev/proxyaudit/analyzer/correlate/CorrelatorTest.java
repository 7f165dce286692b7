package dev.proxyaudit.analyzer.correlate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.proxyaudit.analyzer.event.Action;
import dev.proxyaudit.analyzer.event.Dataset;
import dev.proxyaudit.analyzer.event.Service;
import dev.proxyaudit.analyzer.query.DialHit;
import dev.proxyaudit.analyzer.query.KernelHit;
import dev.proxyaudit.analyzer.query.ProxyHit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Joins that the lab cannot produce (Xray is not packaged in Debian): constructed from the line
 * forms in docs/formats.md 1.6 (Xray freedom "connection opened ... local endpoint") and 5 (kernel
 * LOG).
 */
class CorrelatorTest {
  private static final long T = Instant.parse("2026-11-28T04:53:09Z").toEpochMilli();
  private final Correlator correlator =
      new Correlator(
          UidServices.of(Map.of("v2ray", 65534)),
          Duration.ofSeconds(3),
          Duration.ofSeconds(5),
          new BlockedPrefixes(List.of("drop")));

  private static ProxyHit line(int doc, long at, String user, String dest) {
    return new ProxyHit(
        doc,
        at,
        Service.V2RAY,
        Dataset.XRAY_ACCESS,
        user,
        "198.51.100.1" + doc,
        dest,
        null,
        25,
        Action.ACCEPTED);
  }

  private static KernelHit syn(int doc, long at, int spt, String dst) {
    return new KernelHit(
        doc, at, 65534, "203.0.113.1", spt, dst, 25, "SMTP-OUT: ", false, Dataset.NETFILTER_LOG);
  }

  @Test
  void xraysLocalEndpointJoinsExactlyEvenAgainstTheClock() {
    // Two users ask for the same mail host in the same second; only the dial lines can tell
    // whose connection is whose: the source ports.
    ProxyHit alice = line(1, T, "alice", "mx1.example.test");
    ProxyHit bob = line(2, T, "bob", "mx1.example.test");
    DialHit aliceDial =
        new DialHit(
            10, T + 40, "mx1.example.test", "203.0.113.25", 25, "203.0.113.1", 40002, false);
    DialHit bobDial =
        new DialHit(
            11, T + 20, "mx1.example.test", "203.0.113.25", 25, "203.0.113.1", 40001, false);
    KernelHit first = syn(20, T + 21, 40001, "203.0.113.25");
    KernelHit second = syn(21, T + 41, 40002, "203.0.113.25");
    Correlation c =
        Correlation.of(
            correlator, List.of(alice, bob), List.of(first, second), List.of(bobDial, aliceDial));
    KernelConnection k1 = c.connections().get(0);
    KernelConnection k2 = c.connections().get(1);
    assertEquals(JoinKind.SOURCE_PORT, c.joins().get(k1));
    assertEquals(JoinKind.SOURCE_PORT, c.joins().get(k2));
    // Each line owns exactly one connection. Which of two identical requests of one second got
    // which port the logs cannot say (the session id is not on the access line), and it does
    // not matter for attribution only when both are the same user: here they are not, so the
    // exact join is the only one that keeps both users' counts right.
    assertEquals(1, c.linked(alice).size());
    assertEquals(1, c.linked(bob).size());
    assertEquals(List.of(), c.unattributed());
  }

  @Test
  void aResolvedNameRulesOutOtherAddresses() {
    // A line for mx1 resolved (by its failed-dial line) to .25 cannot own a packet to .26.
    ProxyHit p = line(1, T, "alice", "mx1.example.test");
    DialHit d = new DialHit(10, T + 1500, "mx1.example.test", "203.0.113.25", 25, null, -1, true);
    KernelHit toOther = syn(20, T + 100, 40001, "203.0.113.26");
    KernelHit toIt = syn(21, T + 200, 40002, "203.0.113.25");
    Correlation c = Correlation.of(correlator, List.of(p), List.of(toOther, toIt), List.of(d));
    assertEquals(1, c.unattributed().size());
    assertEquals("203.0.113.26", c.unattributed().get(0).destinationIp());
    assertEquals(JoinKind.ADDRESS_AND_TIME, c.joins().get(c.linked(p).get(0)));
  }

  /**
   * Where a line went: its dial line's address; a name learned from a dial counts as that address
   * later too (any case); a join by time alone gives its own line the packet's address but teaches
   * nothing about the name.
   */
  @Test
  void serversComeFromDialsLearnedNamesAndOwnPackets() {
    ProxyHit dialed = line(1, T, "alice", "mx1.example.test");
    DialHit d = new DialHit(10, T + 30, "mx1.example.test", "203.0.113.25", 25, null, -1, true);
    ProxyHit later = line(2, T + 60_000, "alice", "MX1.example.test");
    ProxyHit byTime = line(3, T + 120_000, "bob", "mx9.example.test");
    KernelHit toIt = syn(20, T + 120_100, 40009, "203.0.113.99");
    ProxyHit unknown = line(4, T + 180_000, "bob", "mx9.example.test");
    Correlation c =
        Correlation.of(
            correlator, List.of(dialed, later, byTime, unknown), List.of(toIt), List.of(d));
    assertEquals("203.0.113.25", c.servers().get(1));
    assertEquals("203.0.113.25", c.servers().get(2));
    assertEquals(JoinKind.TIME_ONLY, c.joins().get(c.linked(byTime).get(0)));
    assertEquals("203.0.113.99", c.servers().get(3));
    assertEquals(null, c.servers().get(4), c.servers().toString());
  }

  /**
   * A name resolves to the same address from one request to the next: once a dial line said where
   * mx1 went, a SYN to that address goes to a later mx1 line rather than to a nearer line for a
   * name nobody resolved, and the join says the address was learned.
   */
  @Test
  void aLearnedAddressWinsOverTimeAlone() {
    ProxyHit first = line(1, T, "alice", "mx1.example.test");
    DialHit d = new DialHit(10, T + 30, "mx1.example.test", "203.0.113.25", 25, null, -1, true);
    ProxyHit mx1 = line(2, T + 60_000, "alice", "mx1.example.test");
    ProxyHit mx2 = line(3, T + 60_150, "bob", "mx2.example.test");
    KernelHit toMx1 = syn(20, T + 60_200, 40001, "203.0.113.25"); // 50 ms after bob's line
    KernelHit toMx2 = syn(21, T + 60_300, 40002, "203.0.113.26");
    Correlation c =
        Correlation.of(correlator, List.of(first, mx1, mx2), List.of(toMx1, toMx2), List.of(d));
    assertEquals(1, c.linked(mx1).size(), c.toString());
    KernelConnection k = c.linked(mx1).get(0);
    assertEquals("203.0.113.25", k.destinationIp());
    assertEquals(JoinKind.LEARNED_ADDRESS, c.joins().get(k));
    assertEquals("203.0.113.26", c.linked(mx2).get(0).destinationIp());
  }

  /** A name may have several addresses: the learned one is preferred, not required. */
  @Test
  void anotherAddressOfTheNameStillJoinsByTime() {
    ProxyHit first = line(1, T, "alice", "mx1.example.test");
    DialHit d = new DialHit(10, T + 30, "mx1.example.test", "203.0.113.25", 25, null, -1, true);
    ProxyHit later = line(2, T + 60_000, "alice", "mx1.example.test");
    KernelHit other = syn(20, T + 60_050, 40001, "203.0.113.26");
    Correlation c = Correlation.of(correlator, List.of(first, later), List.of(other), List.of(d));
    assertEquals(JoinKind.TIME_ONLY, c.joins().get(c.linked(later).get(0)));
  }

  @Test
  void retransmittedSynsAndTwoLogRulesAreOneConnection() {
    ProxyHit p = line(1, T, "alice", "203.0.113.25");
    KernelHit syn = syn(20, T + 100, 40001, "203.0.113.25");
    KernelHit retransmit = syn(21, T + 1100, 40001, "203.0.113.25");
    KernelHit dropRule =
        new KernelHit(
            22,
            T + 1100,
            65534,
            "203.0.113.1",
            40001,
            "203.0.113.25",
            25,
            "SMTP-DROP: ",
            false,
            Dataset.NETFILTER_LOG);
    Correlation c = Correlation.of(correlator, List.of(p), List.of(syn, retransmit, dropRule));
    assertEquals(1, c.connections().size());
    assertEquals(3, c.connections().get(0).hits().size());
    assertEquals(ProxyStatus.BLOCKED, c.status(p));
  }

  @Test
  void aPacketBeforeItsLineCostsMoreThanOneAfter() {
    assertEquals(300, Correlator.cost(JoinKind.ADDRESS_AND_TIME, 300));
    assertEquals(2_900, Correlator.cost(JoinKind.ADDRESS_AND_TIME, -300));
    assertEquals(600, Correlator.cost(JoinKind.TIME_ONLY, 300));
  }

  /**
   * Issue 16: a line naming an IP directly kept its SYN only when a host-name line of the same
   * moment did not take it by time first. Joined packet by packet, the name line took the .29 SYN
   * (it came 50 ms before the IP line was written) and the IP line stayed unconfirmed; as one
   * assignment each line gets the packet only it can explain.
   */
  @Test
  void anIpLiteralLineKeepsItsPacketAgainstANameLineOfTheSameMoment() {
    ProxyHit name = line(1, T + 7, "alice", "mail.victim-a.example");
    ProxyHit literal = line(2, T + 107, "bob", "203.0.113.29");
    literal = withIp(literal, "203.0.113.29");
    KernelHit toLiteral = syn(20, T + 57, 40001, "203.0.113.29");
    KernelHit toName = syn(21, T + 407, 40002, "203.0.113.28");
    Correlation c = Correlation.of(correlator, List.of(name, literal), List.of(toLiteral, toName));
    assertEquals(ProxyStatus.CONFIRMED, c.status(literal));
    assertEquals("203.0.113.29", c.linked(literal).get(0).destinationIp());
    assertEquals("203.0.113.28", c.linked(name).get(0).destinationIp());
    assertEquals(List.of(), c.unattributed());
  }

  /**
   * Issue 16: when the packets of a name's lines keep going to one address, a later line for that
   * name takes the packet to that address, not a neighbour's that came first.
   */
  @Test
  void aNameJoinsWhereItsOtherLinesPacketsWent() {
    List<ProxyHit> lines = new java.util.ArrayList<>();
    List<KernelHit> syns = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) { // three lines for victim-d a minute apart, each with its SYN
      lines.add(line(1 + i, T + 7 + i * 60_000L, "alice", "mail.victim-d.example"));
      syns.add(syn(20 + i, T + 57 + i * 60_000L, 40001 + i, "203.0.113.28"));
    }
    long t = T + 200_007;
    ProxyHit victim = line(10, t, "alice", "mail.victim-d.example");
    ProxyHit other = line(11, t + 20, "bob", "mx1.example.test");
    lines.addAll(List.of(victim, other));
    syns.add(syn(30, t + 30, 40010, "203.0.113.25")); // first after both lines
    syns.add(syn(31, t + 60, 40011, "203.0.113.28"));
    Correlation c = Correlation.of(correlator, lines, syns);
    KernelConnection k = c.linked(victim).get(0);
    assertEquals("203.0.113.28", k.destinationIp());
    assertEquals(JoinKind.LEARNED_ADDRESS, c.joins().get(k));
    assertEquals("203.0.113.28", c.servers().get(10));
    assertEquals("203.0.113.25", c.linked(other).get(0).destinationIp());
  }

  /**
   * The first lines of two new names, written in one second and dialled in one millisecond, could
   * take each other's packets; the later lines of the log, each alone, say where each name goes,
   * and the first lines join the same way (the lab's phase 3 once swapped such a pair).
   */
  @Test
  void theWholeLogSaysWhereTheFirstLinesOfANameWent() {
    ProxyHit alice = line(1, T, "alice", "smtp.example.org"); // truth: 203.0.113.25
    ProxyHit bob = line(2, T, "bob", "relay.example.test"); // truth: 203.0.113.26
    List<ProxyHit> lines = new java.util.ArrayList<>(List.of(alice, bob));
    List<KernelHit> syns = new java.util.ArrayList<>();
    // in log order the first packet would go to the first line: the other name's server
    syns.add(syn(20, T + 500, 40001, "203.0.113.26"));
    syns.add(syn(21, T + 500, 40002, "203.0.113.25"));
    for (int i = 1; i <= 3; i++) {
      long t = T + i * 60_000L;
      lines.add(line(2 + 2 * i, t, "alice", "smtp.example.org"));
      syns.add(syn(20 + 2 * i, t + 400, 40010 + i, "203.0.113.25"));
      lines.add(line(3 + 2 * i, t + 30_000, "bob", "relay.example.test"));
      syns.add(syn(21 + 2 * i, t + 30_400, 40020 + i, "203.0.113.26"));
    }
    Correlation c = Correlation.of(correlator, lines, syns);
    KernelConnection a = c.linked(alice).get(0);
    assertEquals("203.0.113.25", a.destinationIp());
    assertEquals(JoinKind.LEARNED_ADDRESS, c.joins().get(a));
    assertEquals("203.0.113.26", c.linked(bob).get(0).destinationIp());
    assertEquals("203.0.113.25", c.servers().get(1));
  }

  /** Two requests of one whole second keep their order: the earlier line, the earlier packet. */
  @Test
  void linesOfOneWholeSecondTakeTheirPacketsInOrder() {
    ProxyHit first = line(1, T, "alice", "mx.example.net");
    ProxyHit second = line(2, T, "bob", "mx.example.net");
    KernelHit a = syn(20, T + 907, 40001, "192.0.2.25");
    KernelHit b = syn(21, T + 907, 40002, "192.0.2.25"); // the same millisecond, logged after
    Correlation c = Correlation.of(correlator, List.of(first, second), List.of(a, b));
    assertEquals(40001, c.linked(first).get(0).first().sourcePort());
    assertEquals(40002, c.linked(second).get(0).first().sourcePort());
  }

  /** One line is one connection: a second delivered one of the same moment is nobody's. */
  @Test
  void aLineOwnsAtMostOneDeliveredConnection() {
    ProxyHit p = line(1, T + 7, "alice", "203.0.113.25");
    p = withIp(p, "203.0.113.25");
    KernelHit a = syn(20, T + 57, 40001, "203.0.113.25");
    KernelHit b = syn(21, T + 90, 40002, "203.0.113.25");
    Correlation c = Correlation.of(correlator, List.of(p), List.of(a, b));
    assertEquals(1, c.linked(p).size());
    assertEquals(1, c.unattributed().size());
  }

  /**
   * V2Ray redials a refused dial 5 times in all: the five blocked SYNs are one line's. Two lines to
   * the same refused server at the same moment are both blocked, whatever the interleaving.
   */
  @Test
  void theRedialsOfABlockedDialBelongToItsLine() {
    ProxyHit alice = line(1, T + 7, "alice", "backup-mx.example.test");
    ProxyHit bob = line(2, T + 37, "bob", "203.0.113.26");
    bob = withIp(bob, "203.0.113.26");
    List<KernelHit> syns = new java.util.ArrayList<>();
    long[] redials = {0, 1, 100, 300, 600}; // as the lab's kern.log shows them
    for (int i = 0; i < 5; i++) {
      syns.add(drop(30 + i, T + 20 + redials[i], 41000 + i, "203.0.113.26"));
      syns.add(drop(40 + i, T + 50 + redials[i], 42000 + i, "203.0.113.26"));
    }
    syns.sort(java.util.Comparator.comparingLong(KernelHit::timeMillis));
    Correlation c = Correlation.of(correlator, List.of(alice, bob), syns);
    assertEquals(ProxyStatus.BLOCKED, c.status(alice));
    assertEquals(ProxyStatus.BLOCKED, c.status(bob));
    assertEquals(10, c.linked(alice).size() + c.linked(bob).size());
    assertEquals(List.of(), c.unattributed());
  }

  private static ProxyHit withIp(ProxyHit p, String ip) {
    return new ProxyHit(
        p.doc(),
        p.timeMillis(),
        p.service(),
        p.dataset(),
        p.user(),
        p.client(),
        p.destination(),
        ip,
        p.port(),
        p.action());
  }

  private static KernelHit drop(int doc, long at, int spt, String dst) {
    return new KernelHit(
        doc, at, 65534, "203.0.113.1", spt, dst, 25, "SMTP-DROP: ", false, Dataset.NETFILTER_LOG);
  }
}
