package dev.proxyaudit.analyzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxyaudit.analyzer.testing.Cli.Run;
import dev.proxyaudit.testing.Need;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's mistakes, each with the message the operator sees. */
class OperatorMistakesTest {
  @TempDir Path tmp;

  private static final Path SAMPLES = SampleLogsEndToEndTest.projectRoot().resolve("sample-logs");

  @Test
  void unknownTimeZone() {
    Run r = SampleLogsEndToEndTest.audit("who", "--index", tmp.toString(), "--tz", "Mars/Olympus");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("Mars/Olympus"), r.err());
  }

  @Test
  void indexOfAnotherVersionIsRefusedNamingWhatToDo() throws Exception {
    Path index = tmp.resolve("index");
    assertEquals(
        0,
        SampleLogsEndToEndTest.audit(
                "ingest",
                "--index",
                index.toString(),
                "--tz",
                "UTC",
                SAMPLES.resolve("v2ray-4.34").toString())
            .code());
    // rewrite the commit as an older proxy-audit would have left it
    try (FSDirectory d = FSDirectory.open(index);
        org.apache.lucene.index.IndexWriter w =
            new org.apache.lucene.index.IndexWriter(
                d, new org.apache.lucene.index.IndexWriterConfig())) {
      w.setLiveCommitData(java.util.Map.of("proxy-audit.schema", "1").entrySet());
      w.commit();
    }
    Run r = SampleLogsEndToEndTest.audit("ingest", "--index", index.toString(), SAMPLES.toString());
    assertEquals(1, r.code());
    assertTrue(
        r.err()
            .contains(
                "index schema 1 is not 2 (made by another proxy-audit version); move it away and ingest again"),
        r.err());
  }

  @Test
  void indexCreatedOwnerOnly() throws Exception {
    Path index = tmp.resolve("new-index");
    SampleLogsEndToEndTest.audit(
        "ingest", "--index", index.toString(), "--tz", "UTC", SAMPLES.resolve("kernel").toString());
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(index)));
  }

  @Test
  void directoryWithoutPermission() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("closed"));
    Files.writeString(dir.resolve("access.log"), "x\n");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("---------"));
    // root included: its audit runs without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH
    Run r =
        AuditProcess.withFileModesEnforced(
            "ingest", "--index", tmp.resolve("i").toString(), dir.toString());
    assertEquals(ExitCode.INPUT_PROBLEMS.code(), r.code(), r.err());
    // ingest's problems go to stderr (README), its summary to stdout
    assertTrue(r.err().lines().toList().contains(dir + ": permission denied"), r.out() + r.err());
  }

  @Test
  void forgetDeletesAUsersEventsAndEvidence() throws Exception {
    Path index = tmp.resolve("index");
    SampleLogsEndToEndTest.audit(
        "ingest", "--index", index.toString(), "--tz", "Europe/Berlin", SAMPLES.toString());
    Run r =
        SampleLogsEndToEndTest.audit("forget", "--index", index.toString(), "alice@example.com");
    assertEquals(0, r.code(), r.err());
    // truth.json: alice made 16 SMTP and 2 web connections (one per address family)
    assertEquals("forgot 18 events of alice@example.com in " + index + "\n", r.out());
    Run who =
        SampleLogsEndToEndTest.audit(
            "who", "--index", index.toString(), "--port", "25,80,443,465,587", "--output", "csv");
    assertTrue(!who.out().contains("alice"), who.out());
    Run bad =
        SampleLogsEndToEndTest.audit(
            "forget", "--index", index.toString(), "--client", "my-laptop");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--client: not an IP address: 'my-laptop'"), bad.err());
  }

  /**
   * A full disk while indexing (a 2 MiB tmpfs as the index folder): the run fails with the system's
   * message, the index stays at its last commit, and once there is room the next run resumes and
   * ends with every event exactly once. Root only (mount).
   */
  @Test
  void fullDiskWhileIndexing() throws Exception {
    Need.root("mount a tmpfs");
    Need.command("mount", "mount");
    Path mnt = Files.createDirectory(tmp.resolve("small"));
    Need.that(
        sh("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mnt.toString()) == 0,
        "cannot mount a tmpfs (no CAP_SYS_ADMIN?)");
    try {
      Path logs = Files.createDirectory(tmp.resolve("logs"));
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 60_000; i++) {
        // V2Ray 4.34 access line format (sample-logs/v2ray-4.34/access.log)
        sb.append(
            String.format(
                "2026/11/28 05:%02d:%02d 198.51.100.%d:%d accepted tcp:203.0.113.%d:443 [direct] email: user%d@example.com%n",
                i / 60 % 60, i % 60, 1 + i % 200, 1024 + i, 1 + i % 250, i % 100));
      }
      Files.writeString(logs.resolve("access.log"), sb);
      Path index = mnt.resolve("index");
      Run full =
          SampleLogsEndToEndTest.audit(
              "ingest", "--index", index.toString(), "--tz", "UTC", logs.toString());
      assertEquals(1, full.code(), full.out() + full.err());
      assertTrue(full.err().contains("No space left on device"), full.err());
      assertEquals(0, sh("mount", "-o", "remount,size=256m", mnt.toString()));
      Run again =
          SampleLogsEndToEndTest.audit(
              "ingest", "--index", index.toString(), "--tz", "UTC", logs.toString());
      assertEquals(0, again.code(), again.err());
      try (FSDirectory d = FSDirectory.open(index);
          DirectoryReader reader = DirectoryReader.open(d)) {
        assertEquals(60_000, reader.numDocs());
      }
    } finally {
      sh("umount", mnt.toString());
    }
  }

  private static int sh(String... cmd) throws Exception {
    Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }
}
