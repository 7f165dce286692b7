package dev.proxyaudit.analyzer.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.proxyaudit.analyzer.parse.BootClock;
import dev.proxyaudit.analyzer.parse.LineClassifier;
import dev.proxyaudit.analyzer.parse.ParseContext;
import dev.proxyaudit.analyzer.parse.ParseResult;
import dev.proxyaudit.analyzer.parse.YearResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The real lines the fuzz tests start from: every line of every sample that has a golden file
 * ({@code sample-logs/**} and test resources {@code real-formats/**}), plus the shadowsocks-rust
 * and -python lines of their parser tests (no real file of those is in the repository).
 *
 * <p>Each line carries what it parses to alone, checked against its golden file, so a test can
 * count the events a file of real lines must give.
 */
final class RealLines {
  static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
  static final int YEAR = 2026;

  /** One real line and what it is on its own. */
  record Line(String source, String text, Kind kind) {}

  enum Kind {
    EVENT,
    IGNORED,
    MALFORMED;

    static Kind of(ParseResult r) {
      if (r instanceof ParseResult.Parsed) {
        return EVENT;
      }
      return r instanceof ParseResult.Ignored ? IGNORED : MALFORMED;
    }
  }

  /** Lines from the parser tests of formats without a real sample file. */
  private static final List<String> FROM_PARSER_TESTS =
      List.of(
          // ShadowsocksRustParserTest (shadowsocks-rust#1376 and tcprelay.rs)
          "2023-12-06T18:07:28.274879+08:00 DEBUG [7732:245924] [shadowsocks_service::server::tcprelay] established tcp tunnel 192.168.2.2:57180 <-> 198.18.0.2:8380 with ConnectOpts { bind_local_addr: None, bind_interface: None, tcp: TcpSocketOpts { send_buffer_size: None, recv_buffer_size: None, nodelay: false, fastopen: false, keepalive: Some(15s), mptcp: false } }",
          "2024-08-29T23:15:39.652744974+08:00 DEBUG main ThreadId(01) shadowsocks_service::server::tcprelay: established tcp tunnel [2001:db8::7]:50000 <-> mx.example.test:25 with ConnectOpts { bind_local_addr: None }",
          "Aug 29 23:15:40 vps ssserver[1234]: DEBUG shadowsocks_service::server::tcprelay: established tcp tunnel 203.0.113.9:50000 <-> mx.example.test:25 with ConnectOpts { bind_local_addr: None }",
          "2024-08-29T23:15:39.652744974+08:00  INFO shadowsocks tcp server listening on 0.0.0.0:8388, inbound address 0.0.0.0:8388",
          // ShadowsocksPythonParserTest (shadowsocksr#77 and tcprelay.py)
          "2015-06-10 00:05:07 INFO     connecting xx.ntdtv.com:80 from 114.254.44.156:50001",
          "2016-03-01 10:00:00 INFO     connecting 2001:db8::25:25 from 2001:db8::9:50001",
          "2016-03-01 10:00:01 INFO     connecting smtp.example.com:25 from ::ffff:198.51.100.9:50002",
          "2017-07-27 15:50:44 INFO     tcprelay.py:642 TCP request smtp.example.com:25 by user 1025");

  private static final List<Line> ALL = load();

  private RealLines() {}

  static List<Line> all() {
    return ALL;
  }

  /** A classifier set up as the fuzz ingests are (zone, year, no boot time). */
  static LineClassifier classifier() {
    return classifier(null);
  }

  static LineClassifier classifier(Instant bootTime) {
    return new LineClassifier(
        new ParseContext(
            "fuzz", "fuzz", ZONE, YearResolver.startingIn(YEAR), BootClock.of(bootTime)));
  }

  /** What {@code text} is on its own, read by a fresh classifier. */
  static Kind kindAlone(String text) {
    return Kind.of(classifier().classify(text, 1, 0));
  }

  static Path projectRoot() {
    Path here = Path.of("").toAbsolutePath();
    return Files.isDirectory(here.resolve("sample-logs")) ? here : here.getParent();
  }

  private static List<Line> load() {
    Path root = projectRoot();
    Path golden = root.resolve("analyzer/src/test/resources/golden");
    List<Line> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(golden)) {
      for (Path g : files.filter(p -> p.toString().endsWith(".golden")).sorted().toList()) {
        String rel = golden.relativize(g).toString();
        rel = rel.substring(0, rel.length() - ".golden".length());
        Path sample =
            rel.startsWith("real-formats/") || rel.startsWith("public-formats/")
                ? root.resolve("analyzer/src/test/resources").resolve(rel)
                : root.resolve(rel);
        List<String> lines = lines(sample);
        List<String> expected = Files.readAllLines(g, StandardCharsets.UTF_8);
        assertEquals(expected.size(), lines.size(), "lines of " + sample + " vs its golden");
        for (int i = 0; i < lines.size(); i++) {
          String text = lines.get(i);
          Kind kind = kindAlone(text);
          String gold = expected.get(i).substring(expected.get(i).indexOf(": ") + 2);
          Kind goldKind =
              gold.startsWith("SKIP")
                  ? Kind.IGNORED
                  : gold.startsWith("MALFORMED") ? Kind.MALFORMED : Kind.EVENT;
          assertEquals(goldKind, kind, sample + ":" + (i + 1) + " alone vs its golden");
          out.add(new Line(rel + ":" + (i + 1), text, kind));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String t : FROM_PARSER_TESTS) {
      out.add(new Line("parser test", t, kindAlone(t)));
    }
    return List.copyOf(out);
  }

  private static List<String> lines(Path sample) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(sample)) {
      bytes = in.readAllBytes();
    }
    if (bytes.length > 1 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
      try (InputStream in = new GZIPInputStream(Files.newInputStream(sample))) {
        bytes = in.readAllBytes();
      }
    }
    String s = new String(bytes, StandardCharsets.UTF_8);
    List<String> out = new ArrayList<>(List.of(s.split("\n", -1)));
    if (out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    return out;
  }
}
