package dev.proxyaudit.analyzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxyaudit.analyzer.bench.CorpusGenerator;
import dev.proxyaudit.analyzer.testing.Cli.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The answers themselves, byte for byte: who (table, CSV, JSON, per client, per window), explain,
 * rules and a nightly run with its reports, on the sample logs and on a generated corpus of the
 * benchmark's real-format lines. Recorded from the engine that loaded every watched event into
 * lists; any later engine must give the same bytes. After a deliberate change of an answer: {@code
 * -Danswers.update=true}, then read the diff.
 */
class AnswersGoldenTest {
  private static final Path ROOT = SampleLogsEndToEndTest.projectRoot();
  private static final Path GOLDEN = ROOT.resolve("analyzer/src/test/resources/answers");
  private static final boolean UPDATE = Boolean.getBoolean("answers.update");

  @TempDir static Path tmp;
  private static Path samples;
  private static Path corpus;
  private static Path formats;

  @BeforeAll
  static void indexes() throws IOException {
    samples = tmp.resolve("samples");
    Run s =
        SampleLogsEndToEndTest.audit(
            "ingest",
            "--index",
            samples.toString(),
            "--tz",
            "Europe/Berlin",
            "--year",
            "2026",
            ROOT.resolve("sample-logs").toString());
    assertEquals(ExitCode.OK.code(), s.code(), s.err());
    // 60,000 lines of the benchmark's corpus: 3,000 users, some of them spamming, in every format
    Path lines = Files.createDirectories(tmp.resolve("corpus-logs"));
    List<Path> files = CorpusGenerator.generate(lines, 60_000, 20261128L);
    corpus = tmp.resolve("corpus");
    List<String> args =
        new ArrayList<>(
            List.of("ingest", "--index", corpus.toString(), "--tz", "UTC", "--year", "2026"));
    files.forEach(f -> args.add(f.toString()));
    Run c = SampleLogsEndToEndTest.audit(args.toArray(String[]::new));
    assertTrue(c.code() == 0 || c.code() == ExitCode.INPUT_PROBLEMS.code(), c.err());
    // the same lab run in the other renderings (dmesg, journald, ulogd, traditional syslog)
    formats = tmp.resolve("formats");
    Run f =
        SampleLogsEndToEndTest.audit(
            "ingest",
            "--index",
            formats.toString(),
            "--tz",
            "Europe/Berlin",
            "--year",
            "2026",
            "--boot-time",
            "2026-11-28T03:26:02Z",
            ROOT.resolve("analyzer/src/test/resources/real-formats").toString());
    assertTrue(f.code() == 0 || f.code() == ExitCode.INPUT_PROBLEMS.code(), f.err());
  }

  @TestFactory
  Stream<DynamicTest> otherFormatAnswers() {
    return Stream.of(
            answer("formats-who-all.json", "who", "--output", "json"),
            answer("formats-explain-alice.txt", "explain", "alice@example.com", "--limit", "5"))
        .map(a -> a.test(formats, SAMPLE_OPTS));
  }

  private static final String[] SAMPLE_OPTS = {
    "--tz",
    "Europe/Berlin",
    "--uid",
    "v2ray=65534",
    "--uid",
    "shadowsocks=999",
    "--policy",
    SampleLogsEndToEndTest.SAMPLE_POLICY.toString()
  };
  private static final String[] CORPUS_OPTS = {
    "--tz", "UTC", "--uid", "v2ray=65534", "--uid", "shadowsocks=999"
  };

  @TestFactory
  Stream<DynamicTest> sampleAnswers() {
    return Stream.of(
            answer("samples-who-25.txt", "who", "--port", "25"),
            answer("samples-who-25.csv", "who", "--port", "25", "--output", "csv"),
            answer("samples-who-all.json", "who", "--output", "json"),
            answer("samples-who-587.txt", "who", "--port", "587"),
            answer("samples-who-by-client.json", "who", "--by", "client", "--output", "json"),
            answer(
                "samples-who-since.json",
                "who",
                "--since",
                "2026-11-28T05:53:15+01:00",
                "--output",
                "json"),
            answer("samples-explain-alice.txt", "explain", "alice@example.com"),
            answer("samples-explain-8389.txt", "explain", "8389", "--limit", "3"),
            answer("samples-explain-client.txt", "explain", "--client", "198.51.100.15"),
            answer("samples-rules.txt", "rules", "--dry-run", "--no-check"))
        .map(a -> a.test(samples, SAMPLE_OPTS));
  }

  @TestFactory
  Stream<DynamicTest> corpusAnswers() {
    return Stream.of(
            answer("corpus-who-25.txt", "who", "--port", "25"),
            answer("corpus-who-25.json", "who", "--port", "25", "--output", "json"),
            answer(
                "corpus-who-by-client.csv",
                "who",
                "--port",
                "25",
                "--by",
                "client",
                "--output",
                "csv"),
            answer("corpus-rules.txt", "rules", "--dry-run", "--no-check"))
        .map(a -> a.test(corpus, CORPUS_OPTS));
  }

  @TestFactory
  Stream<DynamicTest> nightlyAnswer() throws IOException {
    Path config = tmp.resolve("nightly.conf");
    Path state = tmp.resolve("nightly");
    Files.writeString(
        config,
        "sources = "
            + ROOT.resolve("sample-logs/v2ray-4.34")
            + "/access.log*, "
            + ROOT.resolve("sample-logs/kernel/kern.log")
            + ", "
            + ROOT.resolve("sample-logs/shadowsocks-libev-3.3.5/syslog")
            + "\ntz = Europe/Berlin\nindex = "
            + state.resolve("index")
            + "\nreport_dir = "
            + state.resolve("reports")
            + "\nuids = v2ray=65534, shadowsocks=999\nretention_days = 0\npolicy = "
            + SampleLogsEndToEndTest.SAMPLE_POLICY
            + "\n"
            + "evidence_retention_days = 0\n");
    Run r =
        SampleLogsEndToEndTest.audit(
            "nightly", "--config", config.toString(), "--now", "2026-11-29T02:10:00Z");
    String summary = "exit " + r.code() + "\n" + normalise(r.out() + r.err(), state);
    String json = Files.readString(state.resolve("reports/report-20261129-031000.json"));
    String html = Files.readString(state.resolve("reports/report-20261129-031000.html"));
    return Stream.of(
        compare("nightly-summary.txt", summary),
        compare("nightly-report.json", json),
        compare("nightly-report.html", html));
  }

  private static DynamicTest compare(String file, String actual) {
    return DynamicTest.dynamicTest(file, () -> assertSame(file, actual));
  }

  private static void assertSame(String file, String actual) throws IOException {
    Path golden = GOLDEN.resolve(file);
    if (UPDATE) {
      Files.createDirectories(GOLDEN);
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
    }
    assertTrue(Files.exists(golden), golden + " missing: -Danswers.update=true");
    assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual, file);
  }

  private record Answer(String file, String[] args) {
    DynamicTest test(Path index, String[] opts) {
      return DynamicTest.dynamicTest(
          file,
          () -> {
            List<String> all = new ArrayList<>(List.of(args));
            all.addAll(List.of("--index", index.toString()));
            all.addAll(List.of(opts));
            if (args[0].equals("rules")) {
              all.addAll(List.of("--out", tmp.resolve("rules-" + file).toString()));
            }
            Run r = SampleLogsEndToEndTest.audit(all.toArray(String[]::new));
            String actual =
                "exit " + r.code() + "\n" + normalise(r.out(), index) + normalise(r.err(), index);
            assertSame(file, actual);
          });
    }
  }

  private static Answer answer(String file, String... args) {
    return new Answer(file, args);
  }

  /**
   * Where the checkout and the temp folders are, and when rule files were written, are not part of
   * the answer.
   */
  private static String normalise(String text, Path index) {
    return text.replace(index.toString(), "INDEX")
        .replace(tmp.toString(), "TMP")
        .replace(ROOT.toString() + "/", "ROOT/")
        .replaceAll("(?m)^([+-]?# Generated ).*$", "$1(time)")
        .replaceAll("(?m)^([+-]?\\s*\"Generated ).*$", "$1(time)");
  }
}
