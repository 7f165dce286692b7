package dev.proxyaudit.analyzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.proxyaudit.analyzer.testing.Cli.Run;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An error about a file says what is wrong with it, not only its path. */
class PathErrorsTest {
  @TempDir Path tmp;
  private Path file;
  private Path png;

  @BeforeEach
  void files() throws Exception {
    file = Files.writeString(tmp.resolve("ix"), "not a folder\n");
    // the first bytes of a PNG: not UTF-8
    png = Files.write(tmp.resolve("x.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26});
  }

  private static void usage(Run r, String command, String message) {
    SampleLogsEndToEndTest.assertUsage(r, command, message);
  }

  @Test
  void aFileGivenAsTheIndexFolder() {
    for (String c : new String[] {"who", "explain", "forget"}) {
      usage(
          SampleLogsEndToEndTest.audit(c, "--index", file.toString(), "alice"),
          c,
          "--index " + file + ": not a directory");
    }
    usage(
        SampleLogsEndToEndTest.audit("ingest", "--index", file.toString(), tmp.toString()),
        "ingest",
        "--index " + file + ": not a directory");
  }

  @Test
  void aFileAsTheIndexFolderFromTheEnvironment() {
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new String[] {"who"},
            new PrintWriter(new StringWriter()),
            new PrintWriter(err),
            Map.of("AUDIT_INDEX", file.toString()));
    usage(
        new Run(code, "", err.toString()),
        "who",
        "index folder " + file + " (from $AUDIT_INDEX): not a directory");
  }

  @Test
  void aFileAsTheRulesOrBenchFolder() {
    usage(
        SampleLogsEndToEndTest.audit(
            "rules", "--index", tmp.resolve("none").toString(), "--out", file.toString()),
        "rules",
        "--out " + file + ": not a directory");
    usage(
        SampleLogsEndToEndTest.audit("bench", "--dir", file.toString()),
        "bench",
        "--dir " + file + ": not a directory");
  }

  /** What no option check catches reaches the top, which says why beside the path. */
  @Test
  void anIoErrorAtTheTopSaysWhy() throws Exception {
    Path conf =
        Files.writeString(
            tmp.resolve("nightly.conf"),
            "sources = " + tmp.resolve("logs") + "\nindex = " + file + "\n");
    Run r = SampleLogsEndToEndTest.audit("nightly", "--config", conf.toString());
    assertEquals(ExitCode.ERROR.code(), r.code(), r.err());
    assertEquals("audit: " + file + ": exists and is not a directory\n", r.err());
  }

  @Test
  void aBinaryPolicyOrConfig() {
    usage(
        SampleLogsEndToEndTest.audit("who", "--index", tmp.toString(), "--policy", png.toString()),
        "who",
        "--policy: " + png + ": not a text file (not UTF-8)");
    usage(
        SampleLogsEndToEndTest.audit("nightly", "--config", png.toString()),
        "nightly",
        "--config: " + png + ": not a text file (not UTF-8)");
  }
}
