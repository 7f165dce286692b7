package dev.proxyaudit.analyzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.proxyaudit.analyzer.testing.Cli.Run;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audit bench} prints what it measured, not the project's internal goals. */
class BenchCommandTest {
  @TempDir Path tmp;

  @Test
  void printsMeasurementsOnly() {
    Run r =
        SampleLogsEndToEndTest.audit(
            "bench", "--lines", "1000", "--runs", "1", "--dir", tmp.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertFalse(r.out().contains("target"), r.out());
    List<String> lines = r.out().lines().toList();
    int header = lines.indexOf(String.format("%-44s %18s", "figure (median of 1)", "measured"));
    List<String> figures =
        lines.subList(header + 1, lines.size() - 1).stream()
            .map(l -> l.substring(0, 44).strip())
            .toList();
    assertEquals(
        List.of(
            "parse only, lines/s",
            "ingest (parse+index+commit), lines/s",
            "Lucene-only ceiling, events/s",
            "ingest / ceiling",
            "events indexed",
            "index bytes per event",
            "index size / raw log size",
            "who --port 25 warm, in-process, ms",
            "who --port 25 CLI, ms",
            "grep -aF ':25 ' | awk | sort | uniq -c, ms",
            "CLI who / grep pipeline",
            "audit --version CLI, ms",
            "class-data archive for the CLI calls",
            "peak heap during ingest, MB",
            "max heap (-Xmx), MB"),
        figures,
        r.out());
    // two columns: the figure and its value, right-aligned, nothing after it
    for (String l : lines.subList(header + 1, lines.size() - 1)) {
      assertEquals(44 + 1 + 18, l.length(), l);
    }
    assertEquals("work folder (delete when done): " + tmp, lines.get(lines.size() - 1));
  }
}
