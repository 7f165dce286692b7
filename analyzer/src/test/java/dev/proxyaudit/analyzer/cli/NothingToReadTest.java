package dev.proxyaudit.analyzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxyaudit.analyzer.testing.Cli;
import dev.proxyaudit.analyzer.testing.Cli.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Silence means "read and found nothing": a wrong path, a missing or empty index, or a time window
 * without events is a non-zero exit with one line on stderr, never "no connections" and exit 0.
 */
class NothingToReadTest {
  private static final Path SAMPLES = SampleLogsEndToEndTest.projectRoot().resolve("sample-logs");

  @TempDir Path tmp;

  private Path ingestedSamples() {
    Path index = tmp.resolve("index");
    Run r = Cli.ingestSampleLogs(index);
    assertEquals(ExitCode.OK.code(), r.code(), r.err());
    return index;
  }

  /** One line on stderr, nothing on stdout. */
  private static void assertOneLine(Run r, int code, String start) {
    assertEquals(code, r.code(), r.out() + r.err());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith(start), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void whoWithAMistypedPath() {
    Path typo = SAMPLES.resolve("v2ray-4.34/acess.log");
    Run r =
        SampleLogsEndToEndTest.audit(
            "who", "--index", tmp.resolve("index").toString(), "--port", "25", typo.toString());
    assertEquals(ExitCode.USAGE.code(), r.code(), r.err());
    assertEquals("", r.out());
    assertTrue(r.err().contains(typo + ": no such file or directory"), r.err());
  }

  @Test
  void whoAndExplainWithoutAnIndex() {
    Path none = tmp.resolve("no-such-index");
    assertOneLine(
        SampleLogsEndToEndTest.audit("who", "--index", none.toString(), "--port", "25"),
        ExitCode.NO_DATA.code(),
        "audit: no index at " + none);
    assertOneLine(
        SampleLogsEndToEndTest.audit("explain", "alice@example.com", "--index", none.toString()),
        ExitCode.NO_DATA.code(),
        "audit: no index at " + none);
    assertFalse(Files.exists(none), "asking creates no index");
  }

  @Test
  void anIndexWithoutEvents() throws Exception {
    // an ingest that read only lines that are not connections leaves an index with no events
    Path notes = tmp.resolve("logs/error.log");
    Files.createDirectories(notes.getParent());
    // V2Ray 4.34 error log, first line of sample-logs/v2ray-4.34/error.log: not a connection
    Files.writeString(
        notes,
        "2026/11/28 05:53:07 [Info] v2ray.com/core/transport/internet/tcp: listening TCP on"
            + " 0.0.0.0:10087\n");
    Path index = tmp.resolve("index");
    SampleLogsEndToEndTest.audit("ingest", "--index", index.toString(), notes.toString());
    assertOneLine(
        SampleLogsEndToEndTest.audit("who", "--index", index.toString()),
        ExitCode.NO_DATA.code(),
        "audit: " + index + ": the index holds no events");
  }

  @Test
  void aWindowWithoutEventsSaysWhatTheIndexHolds() {
    Path index = ingestedSamples();
    Run r =
        SampleLogsEndToEndTest.audit(
            "who", "--index", index.toString(), "--tz", "UTC", "--since", "2026-12-01");
    assertOneLine(
        r,
        ExitCode.NO_DATA.code(),
        "audit: no events since 2026-12-01T00:00:00Z; the index holds 2026-11-28T04:");
    Run explain =
        SampleLogsEndToEndTest.audit(
            "explain",
            "alice@example.com",
            "--index",
            index.toString(),
            "--tz",
            "UTC",
            "--until",
            "2026-11-01");
    assertOneLine(
        explain,
        ExitCode.NO_DATA.code(),
        "audit: no events before 2026-11-01T00:00:00Z; the index");
    // a window with events but none to the port is a real "nothing found"
    Run quiet =
        SampleLogsEndToEndTest.audit(
            "who", "--index", index.toString(), "--tz", "UTC", "--port", "2525");
    assertEquals(ExitCode.OK.code(), quiet.code(), quiet.err());
    assertTrue(quiet.out().startsWith("No connections to "), quiet.out());
  }

  @Test
  void forgetOnAMissingIndex() {
    Path none = tmp.resolve("no-such-index");
    assertOneLine(
        SampleLogsEndToEndTest.audit("forget", "alice@example.com", "--index", none.toString()),
        ExitCode.NO_DATA.code(),
        "audit: no index at " + none);
    assertFalse(Files.exists(none), "forget creates no index");
  }

  @Test
  void ingestOfAnEmptyFolder() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    Files.writeString(empty.resolve("README.md"), "notes, not a log\n");
    Run r =
        SampleLogsEndToEndTest.audit(
            "ingest", "--index", tmp.resolve("index").toString(), empty.toString());
    assertEquals(ExitCode.INPUT_PROBLEMS.code(), r.code(), r.out() + r.err());
    assertTrue(
        (r.out() + r.err()).contains(empty + ": no log files in this folder"), r.out() + r.err());
  }
}
