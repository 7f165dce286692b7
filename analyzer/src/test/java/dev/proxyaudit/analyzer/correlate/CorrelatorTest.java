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
 * forms in formats.md 1.6 (Xray freedom "connection opened ... local endpoint") and 5 (kernel LOG).
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
}
