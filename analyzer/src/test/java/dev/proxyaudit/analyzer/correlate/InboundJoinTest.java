package dev.proxyaudit.analyzer.correlate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.proxyaudit.analyzer.event.Action;
import dev.proxyaudit.analyzer.event.Dataset;
import dev.proxyaudit.analyzer.event.Service;
import dev.proxyaudit.analyzer.query.KernelHit;
import dev.proxyaudit.analyzer.query.ProxyHit;
import dev.proxyaudit.analyzer.query.WatchedHit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fields are those of the lines InboundJoinFormatsTest ingests: the Python server's {@code
 * connecting HOST:PORT from IP:PORT}, shadowsocks-rust's {@code established tcp tunnel IP:PORT <->
 * HOST:PORT}, shadowsocks-libev's {@code [PORT] connect to HOST:PORT}, and a kernel LOG line of an
 * INPUT SYN ({@code SRC= SPT= DPT=}).
 */
class InboundJoinTest {
  private static final long T = 1_700_000_000_000L;

  private final List<WatchedHit> out = new ArrayList<>();
  private final InboundJoin join = new InboundJoin(List.of(25), out::add);

  private static KernelHit syn(int doc, long at, String src, int spt, int dpt) {
    return new KernelHit(
        doc, at, null, src, spt, "203.0.113.1", dpt, "PA-IN-PROXY: ", true, Dataset.NETFILTER_LOG);
  }

  private static ProxyHit python(int doc, long at, String client, int clientPort, int port) {
    return new ProxyHit(
        doc,
        at,
        Service.SHADOWSOCKS,
        Dataset.SHADOWSOCKS_PYTHON,
        null,
        client,
        "mx.example.net",
        null,
        port,
        Action.ACCEPTED,
        clientPort,
        -1,
        -1);
  }

  private static ProxyHit libev(int doc, long at, int serverPort, int port) {
    return new ProxyHit(
        doc,
        at,
        Service.SHADOWSOCKS,
        Dataset.SHADOWSOCKS_LIBEV,
        Integer.toString(serverPort),
        null,
        "mx.example.net",
        null,
        port,
        Action.ACCEPTED,
        -1,
        serverPort,
        -1);
  }

  private ProxyHit only() {
    assertEquals(1, out.size(), out.toString());
    return (ProxyHit) out.get(0);
  }

  @Test
  void thePacketFromTheLinesClientAddressAndPortNamesItsServerPort() {
    join.accept(syn(1, T, "198.51.100.7", 50001, 8389));
    join.accept(syn(2, T + 10, "198.51.100.7", 50002, 8388)); // same client, another connection
    join.accept(python(3, T + 40, "198.51.100.7", 50002, 25));
    join.finish();
    ProxyHit p = only();
    assertEquals("8388", p.user());
    assertEquals(2, p.inboundDoc());
    assertEquals("198.51.100.7", p.client());
  }

  @Test
  void aLineCutToItsSecondIsNamedByThePacketLaterInThatSecond() {
    join.accept(python(1, T, "198.51.100.7", 50001, 25));
    join.accept(syn(2, T + 900, "198.51.100.7", 50001, 8389));
    join.finish();
    assertEquals("8389", only().user());
  }

  @Test
  void aPacketOutOfReachNamesNothing() {
    join.accept(syn(1, T, "198.51.100.7", 50001, 8389));
    join.accept(python(2, T + InboundJoin.EARLY_MILLIS + 1, "198.51.100.7", 50001, 25));
    join.accept(python(3, T + 10_000, "198.51.100.8", 40000, 25));
    join.accept(syn(4, T + 10_000 + InboundJoin.LATE_MILLIS + 1, "198.51.100.8", 40000, 8389));
    join.finish();
    assertEquals(2, out.size());
    out.forEach(h -> assertNull(((ProxyHit) h).user(), h.toString()));
  }

  @Test
  void libevLinesTakeTheirPortsConnectionsInOrderWhateverTheirDestination() {
    join.accept(syn(1, T, "198.51.100.17", 40001, 8388));
    join.accept(syn(2, T + 5, "198.51.100.16", 40002, 8389));
    join.accept(syn(3, T + 200, "198.51.100.18", 40003, 8388));
    join.accept(libev(4, T + 300, 8388, 443)); // not watched: takes 198.51.100.17's connection
    join.accept(libev(5, T + 300, 8389, 25));
    join.accept(libev(6, T + 400, 8388, 25));
    join.finish();
    assertEquals(2, out.size(), out.toString());
    ProxyHit frank = (ProxyHit) out.get(0);
    ProxyHit second = (ProxyHit) out.get(1);
    assertEquals(5, frank.doc());
    assertEquals("198.51.100.16", frank.client());
    assertEquals(6, second.doc());
    assertEquals("198.51.100.18", second.client());
    assertEquals(3, second.inboundDoc());
    assertEquals("client 198.51.100.18", InboundJoin.what(second));
  }

  @Test
  void watchedEventsKeepTheirOrderAndContextEventsAreNotHandedOn() {
    KernelHit out25 =
        new KernelHit(
            7,
            T + 50,
            999,
            "203.0.113.1",
            51000,
            "192.0.2.25",
            25,
            "",
            false,
            Dataset.NETFILTER_LOG);
    join.accept(syn(1, T, "198.51.100.7", 50001, 8389));
    join.accept(python(2, T + 10, "198.51.100.7", 50001, 25));
    join.accept(out25);
    join.accept(python(3, T + 5_000, "198.51.100.9", 1, 25));
    join.finish();
    assertEquals(List.of(2, 7, 3), out.stream().map(WatchedHit::doc).toList());
  }

  @Test
  void linesThatLogTheirUserStayAsTheyAre() {
    ProxyHit ssr =
        new ProxyHit(
            2,
            T,
            Service.SHADOWSOCKS,
            Dataset.SHADOWSOCKS_PYTHON,
            "1024",
            "198.51.100.7",
            "mx.example.net",
            null,
            25,
            Action.ACCEPTED,
            50001,
            -1,
            -1);
    join.accept(syn(1, T, "198.51.100.7", 50001, 8389));
    join.accept(ssr);
    join.finish();
    assertEquals(ssr, only());
  }

  @Test
  void aSynLoggedTwiceIsOneConnection() {
    join.accept(syn(1, T, "198.51.100.17", 40001, 8388)); // LOG
    join.accept(syn(2, T + 1, "198.51.100.17", 40001, 8388)); // NFLOG's copy
    join.accept(syn(3, T + 100, "198.51.100.18", 40003, 8388));
    join.accept(libev(4, T + 300, 8388, 25));
    join.accept(libev(5, T + 300, 8388, 25));
    join.finish();
    assertEquals(
        List.of("198.51.100.17", "198.51.100.18"),
        out.stream().map(h -> ((ProxyHit) h).client()).toList());
  }
}
