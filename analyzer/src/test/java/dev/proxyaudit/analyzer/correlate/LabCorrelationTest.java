package dev.proxyaudit.analyzer.correlate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proxyaudit.analyzer.event.Dataset;
import dev.proxyaudit.analyzer.index.EventIndex;
import dev.proxyaudit.analyzer.index.IngestOptions;
import dev.proxyaudit.analyzer.index.Ingester;
import dev.proxyaudit.analyzer.query.GroupBy;
import dev.proxyaudit.analyzer.query.KernelHit;
import dev.proxyaudit.analyzer.query.ProxyHit;
import dev.proxyaudit.analyzer.query.WatchedLists;
import dev.proxyaudit.analyzer.query.WhoQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The correlation on the real lab logs (sample-logs/: v2ray 4.34, shadowsocks-libev 3.3.5 and
 * kernel LOG lines of one run, in which alice through V2Ray and frank through ss-server send mail
 * in the same seconds). The ground truth (real-formats/lab-run/truth.json) has, for each delivered
 * connection, the proxy's source address and port as the mail server saw it: the kernel line's SRC=
 * and SPT=. So every kernel connection of a delivered session has a known author.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LabCorrelationTest {
  private static final Path ROOT = projectRoot();
  private WatchedLists events;
  private JsonNode truth;

  @BeforeAll
  void ingest(@TempDir Path tmp) throws Exception {
    Path indexDir = tmp.resolve("index");
    IngestOptions options =
        IngestOptions.defaults().withZone(ZoneId.of("Europe/Berlin")).withYear(2026);
    try (EventIndex index = EventIndex.open(indexDir)) {
      new Ingester(index, options).ingest(List.of(ROOT.resolve("sample-logs")));
    }
    try (FSDirectory d = FSDirectory.open(indexDir);
        DirectoryReader r = DirectoryReader.open(d)) {
      events = WatchedLists.load(r, new WhoQuery(List.of(25, 465, 587), null, null, GroupBy.USER));
    }
    truth =
        new ObjectMapper()
            .readTree(
                ROOT.resolve("analyzer/src/test/resources/real-formats/lab-run/truth.json")
                    .toFile());
  }

  private static Correlator correlator(UidServices uids) {
    return new Correlator(
        uids,
        Duration.ofSeconds(3),
        Duration.ofSeconds(5),
        new BlockedPrefixes(List.of("drop", "reject", "block")));
  }

  @Test
  void everyKernelConfirmedConnectionNamesTheRightServiceAndUser() {
    Correlation c =
        Correlation.of(
            correlator(UidServices.of(Map.of("v2ray", 65534, "shadowsocks", 999))), events);
    TruthCheck.Outcome o =
        TruthCheck.check(c, TruthCheck.authorsByEgress(truth, List.of(25, 465, 587)));
    // 25 delivered SMTP sessions on 25/465/587 (sample-logs/README.md), all in kern.log
    assertEquals(25, o.checked(), "delivered sessions found in the kernel log");
    assertTrue(o.wrong().isEmpty(), o.wrong().toString());
  }

  /**
   * Issue 16: each delivered connection joined to its own request (user and destination as the
   * client asked), not a neighbour's of the same second. Before the learned-address join 23 of 25
   * were: alice's "mx1.example.test" and "203.0.113.25" lines had each other's SYN.
   */
  @Test
  void everyDeliveredConnectionIsJoinedToItsOwnRequest() {
    Correlation c =
        Correlation.of(
            correlator(UidServices.of(Map.of("v2ray", 65534, "shadowsocks", 999))), events);
    TruthCheck.Outcome o =
        TruthCheck.checkRequests(c, TruthCheck.requestsByEgress(truth, List.of(25, 465, 587)));
    assertEquals(25, o.checked(), "delivered sessions found in the kernel log");
    assertTrue(o.wrong().isEmpty(), o.wrong().toString());
  }

  @Test
  void everyProxyLineIsConfirmedOrBlockedAndNoKernelConnectionIsLeftOver() {
    Correlation c =
        Correlation.of(
            correlator(UidServices.of(Map.of("v2ray", 65534, "shadowsocks", 999))), events);
    List<String> unconfirmed = new ArrayList<>();
    for (ProxyHit p : events.proxies()) {
      if (c.status(p) == ProxyStatus.UNCONFIRMED) {
        unconfirmed.add(p.user() + " " + p.destination() + ":" + p.port());
      }
    }
    assertTrue(unconfirmed.isEmpty(), "every SMTP line of the lab dialed: " + unconfirmed);
    assertEquals(List.of(), c.unattributed());
    long blocked =
        events.proxies().stream().filter(p -> c.status(p) == ProxyStatus.BLOCKED).count();
    assertEquals(5, blocked, "the 5 attempts of phase 2 (truth: blocked=true)");
  }

  @Test
  void aPacketOfAnotherUidIsUnattributed() {
    List<KernelHit> kernel = new ArrayList<>(events.kernel());
    // A local MTA (uid 108, Debian's postfix) sending to port 25 in the same second.
    KernelHit any = kernel.get(0);
    kernel.add(
        new KernelHit(
            -1,
            any.timeMillis(),
            108,
            "203.0.113.1",
            40000,
            "198.51.100.99",
            25,
            "PA-SMTP-OUT:",
            false,
            Dataset.NETFILTER_LOG));
    Correlation c =
        Correlation.of(
            correlator(UidServices.of(Map.of("v2ray", 65534, "shadowsocks", 999))),
            events.proxies(),
            kernel);
    assertEquals(1, c.unattributed().size());
    assertEquals(108, c.unattributed().get(0).uid());
  }

  /** Maven runs tests in the module directory; the samples live one level up. */
  private static Path projectRoot() {
    Path here = Path.of("").toAbsolutePath();
    return Files.isDirectory(here.resolve("sample-logs")) ? here : here.getParent();
  }
}
