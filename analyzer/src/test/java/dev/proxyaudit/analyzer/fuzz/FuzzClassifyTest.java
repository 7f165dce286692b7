package dev.proxyaudit.analyzer.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxyaudit.analyzer.event.ConnectionEvent;
import dev.proxyaudit.analyzer.parse.LineClassifier;
import dev.proxyaudit.analyzer.parse.ParseResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@link LineClassifier#classify} on hostile lines: it never throws, every result is one of the
 * three kinds with a reason, and a parsed event's fields are valid (ports in range, IPs canonical,
 * a time or an uptime). Inputs are random text and bytes, mutations of every real sample line,
 * every cut of every real line, and lines of several megabytes.
 *
 * <p>Fixed seeds and try counts (see {@link Fuzz}) keep the run the same everywhere and short.
 */
class FuzzClassifyTest {
  private static final Instant BOOT = Instant.parse("2026-11-28T04:33:00Z");

  @AfterAll
  static void tally() {
    System.out.println("FuzzClassifyTest done; " + Fuzz.tally());
  }

  /** Inputs the fuzz tests found that broke classify once; run first on every seed. */
  private static final List<String> FOUND =
      List.of(
          " 2026-11-28 05:53:09: new nection from client, 1 opened client connections",
          "2026-11-28T05:53:11.4-183529+01:00",
          "2026-11-28T05:53:11.175448+18:35 pa-vps kernel: PA-SMTP-OUT: IN= OUT=pa-p1"
              + " SRC=203.0.113.1 DST=203.0.113.27 PROTO=TCP SPT=44736 DPT=587 UID=-1534 GID=+1"
              + " MARK=-1f ");

  @Test
  void inputsFoundBefore() {
    for (String raw : FOUND) {
      Checks.classify(RealLines.classifier(), raw, 1, 0);
      Checks.classify(RealLines.classifier(BOOT), raw, 1, 0);
    }
  }

  @Test
  void mutatedRealLinesAsUtf8() {
    Fuzz.forAll(
        "mutatedRealLinesAsUtf8",
        20000,
        Mutations::mutatedRealLine,
        Mutations::show,
        b -> Checks.classify(RealLines.classifier(), Mutations.utf8(b), 7, 4096));
  }

  @Test
  void mutatedRealLinesAsLatin1() {
    Fuzz.forAll(
        "mutatedRealLinesAsLatin1",
        5000,
        Mutations::mutatedRealLine,
        Mutations::show,
        b -> Checks.classify(RealLines.classifier(), Mutations.latin1(b), 1, 0));
  }

  @Test
  void mutatedRealLinesWithBootTime() {
    // With a boot time every dmesg uptime becomes a wall time: the sum must be exact.
    Fuzz.forAll(
        "mutatedRealLinesWithBootTime",
        5000,
        Mutations::mutatedRealLine,
        Mutations::show,
        b -> {
          String raw = Mutations.utf8(b);
          ParseResult r = Checks.classify(RealLines.classifier(BOOT), raw, 1, 0);
          if (r instanceof ParseResult.Parsed p && raw.startsWith("[")) {
            ConnectionEvent e = p.event();
            if (e.uptimeMicros() != null && e.time() != null) {
              assertEquals(BOOT.plusNanos(e.uptimeMicros() * 1000), e.time(), "dmesg wall time");
            }
          }
        });
  }

  @Test
  void randomText() {
    Fuzz.forAll(
        "randomText",
        2000,
        r -> Mutations.randomText(r, 400),
        Checks::shown,
        s -> Checks.classify(RealLines.classifier(), s, 1, 0));
  }

  @Test
  void randomBytes() {
    Fuzz.forAll(
        "randomBytes",
        2000,
        r -> Mutations.randomBytes(r, 400),
        Mutations::show,
        b -> {
          Checks.classify(RealLines.classifier(), Mutations.utf8(b), 1, 0);
          Checks.classify(RealLines.classifier(), Mutations.latin1(b), 1, 0);
        });
  }

  @Test
  void realLinesAsUtf16AreMalformed() {
    // A UTF-16 file read as UTF-8: every ASCII char comes with a NUL byte, never an event.
    for (RealLines.Line line : RealLines.all()) {
      for (var cs : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
        String raw = Mutations.utf8(line.text().getBytes(cs));
        assertInstanceOf(
            ParseResult.Malformed.class,
            Checks.classify(RealLines.classifier(), raw, 1, 0),
            line.source());
      }
    }
  }

  /** Garbage lines then one real line. */
  private record After(List<byte[]> garbage, RealLines.Line line) {
    String show() {
      StringBuilder b = new StringBuilder();
      for (byte[] g : garbage) {
        b.append(Mutations.show(g)).append('\n');
      }
      return b.append("then ").append(line.source()).toString();
    }
  }

  @Test
  void goodLineAfterGarbageParsesTheSame() {
    // The classifier keeps state per file (year, boot time): lines before it must not change
    // what a real line is.
    Fuzz.forAll(
        "goodLineAfterGarbageParsesTheSame",
        1500,
        r -> {
          List<byte[]> g = new ArrayList<>();
          int n = r.nextInt(9);
          for (int i = 0; i < n; i++) {
            g.add(Mutations.mutatedRealLine(r));
          }
          return new After(g, Mutations.realLine(r));
        },
        After::show,
        in -> {
          LineClassifier c = RealLines.classifier();
          long n = 1;
          for (byte[] g : in.garbage()) {
            Checks.classify(c, Mutations.utf8(g), n++, 0);
          }
          String text = in.line().text();
          ParseResult after = Checks.classify(c, text, n, 0);
          ParseResult alone = RealLines.classifier().classify(text, n, 0);
          assertEquals(in.line().kind(), RealLines.Kind.of(after), in.line().source());
          if (after instanceof ParseResult.Parsed a && alone instanceof ParseResult.Parsed b) {
            assertEquals(b.event().dataset(), a.event().dataset());
            assertEquals(b.event().destination(), a.event().destination());
            assertEquals(b.event().source(), a.event().source());
            assertEquals(b.event().user(), a.event().user());
            assertEquals(b.event().action(), a.event().action());
          }
        });
  }

  @Test
  void everyCutOfEveryRealLine() {
    // Lines cut anywhere (a writer killed mid-line, a copy ending mid-line); at every fifth cut
    // also a stray CR left there, and a NUL there (never an event).
    long cuts = 0;
    for (RealLines.Line line : RealLines.all()) {
      LineClassifier c = RealLines.classifier();
      String t = line.text();
      for (int i = 0; i <= t.length(); i++) {
        String cut = t.substring(0, i);
        Checks.classify(c, cut, 1, 0);
        cuts++;
        if (i % 5 == 0) {
          Checks.classify(c, cut + "\r", 1, 0);
          ParseResult nul = Checks.classify(c, cut + "\0" + t.substring(i), 1, 0);
          assertInstanceOf(ParseResult.Malformed.class, nul, "NUL in " + line.source());
        }
      }
    }
    assertTrue(cuts > 10_000, "cuts " + cuts);
  }

  private static final List<String> FILLERS =
      List.of("9", " ", "[", "]", ":", "a", "[ ", "1.", "é", "\ufffd", "<-> ", "=", "\"", "{\"");

  @Test
  void linesOfSeveralMegabytes() {
    // The reader caps lines at 64 KiB, but classify promises any input: no exception, and no
    // quadratic scan over a few MB of digits, brackets or spaces inside a real line.
    Fuzz.forAll(
        "linesOfSeveralMegabytes",
        16,
        (SplittableRandom r) -> {
          String t = Mutations.realLine(r).text();
          String filler = Mutations.pick(r, FILLERS);
          int size = (1 + r.nextInt(4)) << 20;
          int pos = r.nextInt(t.length() + 1);
          StringBuilder b = new StringBuilder(size + t.length());
          b.append(t, 0, pos);
          while (b.length() < size) {
            b.append(filler);
          }
          return b.append(t, pos, t.length()).toString();
        },
        Checks::shown,
        raw ->
            assertTimeoutPreemptively(
                Duration.ofSeconds(10), () -> Checks.classify(RealLines.classifier(), raw, 1, 0)));
  }
}
