package dev.proxyaudit.analyzer.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxyaudit.analyzer.parse.BootClock;
import dev.proxyaudit.analyzer.parse.LogFile;
import dev.proxyaudit.analyzer.parse.LogSource;
import dev.proxyaudit.analyzer.parse.ParseContext;
import dev.proxyaudit.analyzer.parse.YearResolver;
import dev.proxyaudit.analyzer.report.EventText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every line of every real sample log, turned into its canonical event text, must equal the golden
 * file for it: {@code golden/<sample folder>/<path>.golden}, one {@code line-number: text} per
 * line.
 *
 * <p>The samples are real program output (see sample-logs/README.md): sample-logs/ and the other
 * renderings of the same lab run in test resources real-formats/. They were written in
 * Europe/Berlin during 2026, so they are read with that zone and year, as an operator would pass
 * {@code --tz}/{@code --year}.
 *
 * <p>After a deliberate parser change, regenerate with {@code mvn test -Dgolden.update=true} and
 * review the diff line by line before committing it.
 */
class GoldenFilesTest {
  private static final Path ROOT = projectRoot();
  private static final Path GOLDEN = ROOT.resolve("analyzer/src/test/resources/golden");
  private static final List<Path> SAMPLE_DIRS =
      List.of(
          ROOT.resolve("sample-logs"),
          ROOT.resolve("analyzer/src/test/resources/real-formats"),
          // programs that cannot run here: real lines from public threads (see its README)
          ROOT.resolve("analyzer/src/test/resources/public-formats"));
  private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");

  @TestFactory
  Stream<DynamicTest> everySampleLineMatchesItsGolden() throws IOException {
    return samples().stream()
        .map(
            sample ->
                DynamicTest.dynamicTest(ROOT.relativize(sample).toString(), () -> check(sample)));
  }

  @Test
  void everyGoldenHasItsSample() throws IOException {
    TreeSet<String> expected = new TreeSet<>();
    for (Path s : samples()) {
      expected.add(goldenOf(s).toString());
    }
    TreeSet<String> present = new TreeSet<>();
    try (Stream<Path> walk = Files.walk(GOLDEN)) {
      walk.filter(Files::isRegularFile).forEach(p -> present.add(p.toString()));
    }
    present.removeAll(expected);
    assertTrue(present.isEmpty(), "golden files without a sample: " + present);
  }

  /**
   * Every format has real lines with a golden file (issue 19): a parser whose every sample is gone,
   * or a new one added without any, fails here, naming it.
   */
  @Test
  void everyFormatHasASampleAndAGolden() throws Exception {
    java.util.Set<String> missing = new TreeSet<>();
    for (dev.proxyaudit.analyzer.event.Dataset d : dev.proxyaudit.analyzer.event.Dataset.values()) {
      missing.add(d.id());
    }
    for (Path s : samples()) {
      for (String line : render(s).split("\n")) {
        String text = line.substring(line.indexOf(": ") + 2);
        missing.remove(text.substring(0, Math.max(0, text.indexOf(' '))));
      }
    }
    assertTrue(
        missing.isEmpty(),
        "formats without a real line in any sample (add one with its source, then its golden): "
            + missing);
  }

  private static void check(Path sample) throws Exception {
    String actual = render(sample);
    Path golden = goldenOf(sample);
    if (UPDATE) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
      return;
    }
    assertTrue(
        Files.exists(golden),
        "no golden file " + ROOT.relativize(golden) + " (run with -Dgolden.update=true)");
    assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual, sample.toString());
  }

  /** Reads the file through ingest's own read loop ({@link LogSource}). */
  static String render(Path sample) throws Exception {
    ParseContext ctx =
        new ParseContext(
            "golden", sample.toString(), ZONE, YearResolver.startingIn(2026), BootClock.of(null));
    StringBuilder out = new StringBuilder();
    try (LogSource r = LogSource.open(LogFile.open(sample), ctx)) {
      while (r.next()) {
        out.append(r.number()).append(": ").append(EventText.of(r.result(), ZONE)).append('\n');
      }
    }
    return out.toString();
  }

  private static List<Path> samples() throws IOException {
    List<Path> found = new ArrayList<>();
    for (Path dir : SAMPLE_DIRS) {
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.filter(Files::isRegularFile)
            .filter(p -> !p.getFileName().toString().endsWith(".md"))
            .filter(p -> !p.startsWith(dir.resolve("lab-run"))) // ground truth, not logs
            .sorted()
            .forEach(found::add);
      }
    }
    return found;
  }

  /** {@code golden/sample-logs/...} and {@code golden/real-formats/...}. */
  private static Path goldenOf(Path sample) {
    for (Path dir : SAMPLE_DIRS) {
      if (sample.startsWith(dir)) {
        return GOLDEN.resolve(dir.getParent().relativize(sample) + ".golden");
      }
    }
    throw new IllegalArgumentException(sample.toString());
  }

  /** Maven runs tests in the module directory; the samples live one level up. */
  private static Path projectRoot() {
    Path here = Path.of("").toAbsolutePath();
    return Files.isDirectory(here.resolve("sample-logs")) ? here : here.getParent();
  }
}
