package dev.proxyaudit.analyzer.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxyaudit.analyzer.cli.ExitCode;
import dev.proxyaudit.analyzer.cli.Main;
import dev.proxyaudit.analyzer.nightly.NightlyCli.Run;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit nightly} over a log that grows and is rotated between runs the way logrotate does it
 * (rename; copytruncate; delayed gzip), through {@link Main#run}: every line counted once.
 */
class NightlyRunTest {
  @TempDir Path tmp;
  private Path logs;
  private Path config;
  private int written;

  /** V2Ray 4.34 access lines (the lab's, sample-logs/v2ray-4.34): client port varies per line. */
  private static String line(int i) {
    return String.format(
        "2026/11/28 05:%02d:%02d 198.51.100.%d:%d accepted tcp:203.0.113.%d:443 [direct] email: user%d@example.com%n",
        (i / 60) % 60, i % 60, 10 + i % 5, 20000 + i, 80 + i % 3, i % 5);
  }

  private void append(Path file, int n) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(line(written++));
    }
    Files.writeString(
        file, sb, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
  }

  @BeforeEach
  void setUp() throws IOException {
    logs = Files.createDirectories(tmp.resolve("var/log/v2ray"));
    config = tmp.resolve("nightly.conf");
    Files.writeString(
        config,
        "sources = "
            + logs
            + "/access.log*\n"
            + "tz = UTC\n"
            + "index = "
            + tmp.resolve("index")
            + "\n"
            + "uids = v2ray=65534\n"
            + "report_dir = "
            + tmp.resolve("reports")
            + "\n"
            + "retention_days = 0\nevidence_retention_days = 0\n");
  }

  private Run nightly() {
    return NightlyCli.run(config, null);
  }

  private long events() throws IOException {
    try (FSDirectory d = FSDirectory.open(tmp.resolve("index"));
        DirectoryReader r = DirectoryReader.open(d)) {
      return r.numDocs();
    }
  }

  private static void gzip(Path from, Path to) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(to))) {
      Files.copy(from, out);
    }
    Files.delete(from);
  }

  @Test
  void everyLineCountedOnceAcrossAppendRenameCopytruncateAndGzip() throws IOException {
    Path live = logs.resolve("access.log");
    append(live, 1000);
    assertQuiet(nightly());
    assertEquals(1000, events());

    append(live, 500); // grows
    assertQuiet(nightly());
    assertEquals(1500, events());

    // rotate by rename (logrotate 'create'): access.log -> access.log.1, new access.log
    append(live, 100); // not yet read when rotated
    Files.move(live, logs.resolve("access.log.1"));
    append(live, 200);
    assertQuiet(nightly());
    assertEquals(1800, events());

    // copytruncate (V2Ray cannot reopen its log): copy to .1 (old .1 -> .2), truncate in place
    Files.move(logs.resolve("access.log.1"), logs.resolve("access.log.2"));
    append(live, 50); // written before the copy, unread
    Files.copy(live, logs.resolve("access.log.1"));
    Files.writeString(live, "", StandardOpenOption.TRUNCATE_EXISTING);
    append(live, 70);
    assertQuiet(nightly());
    assertEquals(1920, events());

    // delaycompress: .2 is compressed to .2.gz, a read file in a new form
    gzip(logs.resolve("access.log.2"), logs.resolve("access.log.2.gz"));
    append(live, 30);
    assertQuiet(nightly());
    assertEquals(1950, events());

    // and nothing new: silent, exit 0
    Run idle = nightly();
    assertEquals(ExitCode.OK.code(), idle.code(), idle.err());
    assertEquals("", idle.out());
    assertEquals("", idle.err());
    assertEquals(written, events());
  }

  private static void assertQuiet(Run r) {
    assertEquals(ExitCode.OK.code(), r.code(), r.out() + r.err());
    assertEquals("", r.out(), "web traffic only: nothing to report");
    assertEquals("", r.err());
  }

  @Test
  void findingsArePrintedReportedAndOnlyOnce() throws IOException {
    List<String> spam = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      spam.add(
          String.format(
              "2026/11/28 05:10:%02d 198.51.100.66:%d accepted tcp:mx%d.example.test:25 [direct] email: mallory@example.com",
              i, 30000 + i, i % 10));
    }
    Files.write(logs.resolve("access.log"), spam);
    Run first = nightlyAt("2026-11-28T06:00:00Z");
    assertEquals(ExitCode.ABUSE.code(), first.code(), first.err());
    assertTrue(first.out().startsWith("proxy-audit: 1 user judged abuse between"), first.out());
    assertTrue(
        first.out().contains("v2ray mallory@example.com from 198.51.100.66: 30 connections"),
        first.out());
    try (var reports = Files.list(tmp.resolve("reports"))) {
      assertEquals(2, reports.count(), "one JSON and one HTML report");
    }
    Run second = nightlyAt("2026-11-29T06:00:00Z");
    assertEquals(ExitCode.OK.code(), second.code(), second.out());
    assertEquals("", second.out(), "judged already: not reported again");
  }

  private Run nightlyAt(String instant) {
    return NightlyCli.run(config, instant);
  }

  @Test
  void reportsOlderThanTheEvidenceAreDeleted() throws Exception {
    Files.writeString(
        config,
        Files.readString(config)
            .replace("evidence_retention_days = 0", "evidence_retention_days = 30"));
    Path reports = Files.createDirectories(tmp.resolve("reports"));
    Path keep = Files.createDirectories(tmp.resolve("elsewhere")).resolve("kept.json");
    Files.writeString(keep, "{}");
    List<String> before =
        List.of(
            "report-20261001-031000.json", // 59 days before the run: deleted
            "report-20261001-031000.html",
            "report-20261029-050000.json", // 30 days and 1 hour before: deleted
            "report-20261029-070000.html", // 29 days 23 hours before: kept
            "report-20261127-031000.json", // yesterday: kept
            "report-20269999-999999.json", // not a date: not ours, kept
            "notes.txt"); // not a report: kept
    for (String f : before) {
      Files.writeString(reports.resolve(f), "x");
    }
    Files.createSymbolicLink(reports.resolve("report-20200101-000000.json"), keep);
    append(logs.resolve("access.log"), 10);

    Run r = nightlyAt("2026-11-28T06:00:00Z"); // zone UTC (the config's tz)
    assertEquals(ExitCode.OK.code(), r.code(), r.err());
    try (var files = Files.list(reports)) {
      assertEquals(
          List.of(
              "notes.txt",
              "report-20200101-000000.json",
              "report-20261029-070000.html",
              "report-20261127-031000.json",
              "report-20269999-999999.json"),
          files.map(f -> f.getFileName().toString()).sorted().toList());
    }
    assertTrue(Files.exists(keep), "a symbolic link is not followed");
  }

  @Test
  void aSecondRunWaitsForNobodyAndSaysWhoHoldsTheLock() throws Exception {
    append(logs.resolve("access.log"), 10);
    try (RunLock held =
        RunLock.acquire(tmp.resolve("index").resolveSibling("index.nightly.lock"))) {
      Run r = nightly();
      assertEquals(ExitCode.LOCKED.code(), r.code());
      assertTrue(
          r.err()
              .contains("another audit nightly is running (pid " + ProcessHandle.current().pid()),
          r.err());
    }
    assertEquals(ExitCode.OK.code(), nightly().code(), "free again once released");
  }

  @Test
  void aTypoInTheConfigNamesFileAndLine() throws IOException {
    Files.writeString(config, "sources = /var/log/x.log\nretention_dayz = 3\n");
    Run r = nightly();
    assertEquals(ExitCode.USAGE.code(), r.code());
    assertTrue(r.err().contains(config + ":2: unknown key 'retention_dayz'"), r.err());
  }
}
