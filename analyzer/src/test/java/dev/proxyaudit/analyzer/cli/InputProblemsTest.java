package dev.proxyaudit.analyzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proxyaudit.analyzer.testing.Cli.Run;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bad file or a bad line is reported with its path (and line) and never stops the run: the good
 * file beside it is still counted.
 */
class InputProblemsTest {
  // Real lines, v2ray 4.34 (sample-logs/v2ray-4.34/access.log).
  private static final String GOOD =
      "2026/11/28 05:53:15 198.51.100.11:59359 accepted tcp:mx1.example.test:25 [direct]"
          + " email: alice@example.com\n";
  private static final String GOOD2 =
      "2026/11/28 05:53:17 198.51.100.11:53071 accepted tcp:203.0.113.26:25 [direct]"
          + " email: alice@example.com\n";

  @TempDir Path tmp;
  private Path good;

  @BeforeEach
  void goodFile() throws IOException {
    good = tmp.resolve("logs/access.log");
    Files.createDirectories(good.getParent());
    Files.writeString(good, GOOD);
  }

  private Run who(Path... paths) {
    return SampleLogsEndToEndTest.audit(whoArgs(paths));
  }

  private String[] whoArgs(Path... paths) {
    String[] args = {
      "who",
      "--index",
      tmp.resolve("index").toString(),
      "--tz",
      "UTC",
      "--port",
      "25",
      "--output",
      "csv"
    };
    String[] all = Arrays.copyOf(args, args.length + paths.length);
    for (int i = 0; i < paths.length; i++) {
      all[args.length + i] = paths[i].toString();
    }
    return all;
  }

  private static void assertGoodCounted(Run r) {
    assertEquals(ExitCode.FOUND.code(), r.code(), r.err());
    assertTrue(r.out().contains("alice@example.com"), r.out());
  }

  @Test
  void missingPathIsAUsageErrorBeforeAnythingIsRead() {
    // a typo must not read as "no connections": who stops before reading or answering
    Path missing = tmp.resolve("nope/access.log");
    Run r = who(missing, good);
    assertEquals(ExitCode.USAGE.code(), r.code(), r.err());
    assertEquals("", r.out());
    assertTrue(r.err().contains(missing + ": no such file or directory"), r.err());
    assertFalse(Files.exists(tmp.resolve("index")), "nothing ingested");
  }

  @Test
  void malformedLineInTheMiddle() throws IOException {
    // A line cut by a crash of the writer, then a good line.
    Files.writeString(good, GOOD + "2026/11/28 05:53:16 198.51.100.11:5\n" + GOOD2);
    Run r = who(good);
    assertEquals(ExitCode.FOUND.code(), r.code(), r.err());
    assertTrue(r.err().contains(good + ":2: "), r.err());
    assertTrue(r.out().contains(",2,"), "both good lines count: " + r.out());
  }

  @Test
  void binaryFile() throws IOException {
    Path bin = tmp.resolve("logs/wtmp");
    byte[] b = new byte[4096];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (i * 7);
    }
    Files.write(bin, b);
    Run r = who(bin.getParent());
    assertGoodCounted(r);
    assertTrue(r.err().contains(bin + ": binary file, not a text log"), r.err());
  }

  @Test
  void unknownFormat() throws IOException {
    Path other = tmp.resolve("logs/nginx.log");
    Files.writeString(
        other,
        "203.0.113.9 - - [28/Nov/2026:05:53:15 +0000] \"GET / HTTP/1.1\" 200 612 \"-\" \"curl\"\n");
    Run r = who(tmp.resolve("logs"));
    assertGoodCounted(r);
    assertTrue(r.err().contains(other + ": no line in a known log format"), r.err());
    assertTrue(r.err().contains(other + ":1: not a line of any known log format"), r.err());
  }

  @Test
  void truncatedGzipKeepsWhatWasRead() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      for (int i = 0; i < 2000; i++) {
        gz.write(GOOD.getBytes(StandardCharsets.UTF_8));
      }
    }
    byte[] all = bytes.toByteArray();
    Path cut = tmp.resolve("old/access.log.2.gz");
    Files.createDirectories(cut.getParent());
    Files.write(cut, Arrays.copyOf(all, all.length / 2));
    Run r = who(cut, good);
    // the 849 lines read before the cut are 849 connections in one second: abuse
    assertEquals(ExitCode.ABUSE.code(), r.code(), r.err());
    assertTrue(r.err().contains(cut + ": read stopped after line "), r.err());
  }

  /** A file of mode 000, root included (its audit runs without CAP_DAC_OVERRIDE). */
  private Path unreadable() throws IOException {
    Path secret = tmp.resolve("logs/secret.log");
    Files.writeString(secret, GOOD);
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
    return secret;
  }

  @Test
  void unreadableFile() throws Exception {
    Path secret = unreadable();
    Run r = AuditProcess.withFileModesEnforced(whoArgs(secret, good));
    assertGoodCounted(r);
    assertTrue(r.err().contains(secret + ": cannot read: permission denied"), r.err());
  }

  @Test
  void unreadableFileIsAFailedFileOfTheIngestReport() throws Exception {
    Path secret = unreadable();
    Run r =
        AuditProcess.withFileModesEnforced(
            "ingest",
            "--index",
            tmp.resolve("index").toString(),
            "--tz",
            "UTC",
            "--output",
            "json",
            secret.toString(),
            good.toString());
    assertEquals(ExitCode.INPUT_PROBLEMS.code(), r.code(), r.err());
    Map<String, JsonNode> files = new HashMap<>();
    new ObjectMapper()
        .readTree(r.out())
        .get("files")
        .forEach(f -> files.put(f.get("path").asText(), f));
    assertEquals("failed", files.get(secret.toString()).get("status").asText(), r.out());
    assertEquals(
        "cannot read: permission denied", files.get(secret.toString()).get("problem").asText());
    assertEquals(0, files.get(secret.toString()).get("events").asInt());
    assertEquals("read", files.get(good.toString()).get("status").asText(), r.out());
    assertEquals(1, files.get(good.toString()).get("events").asInt(), r.out());
  }

  @Test
  void fifoIsReportedNotWaitedOn() throws Exception {
    // A FIFO cannot be a log file; it is reported, not waited on (root included).
    Path fifo = tmp.resolve("logs/fifo");
    Process p = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "mkfifo finished");
    assertEquals(0, p.exitValue(), "mkfifo " + fifo);
    Run r = who(fifo, good);
    assertGoodCounted(r);
    assertTrue(r.err().contains(fifo + ": not a regular file"), r.err());
  }
}
