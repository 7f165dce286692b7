package dev.proxyaudit.analyzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proxyaudit.analyzer.testing.Cli.Run;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The day the tool exists for: a spam run of 2,000,000 port-25 connections of one user, each to a
 * mail server of its own, one a second for 23 days. Every command that asks who runs in a JVM of
 * the launcher's default 256 MB heap and answers with exact counts.
 */
class LargeIncidentTest {
  private static final int CONNECTIONS = 2_000_000;
  private static final DateTimeFormatter V2RAY = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss");

  @TempDir static Path tmp;
  private static Path index;
  private static Path log;

  private static final String[] OPTS = {"--tz", "UTC", "--uid", "v2ray=65534"};

  @BeforeAll
  static void ingest() throws Exception {
    log = tmp.resolve("access.log");
    LocalDateTime t = LocalDateTime.of(2026, 11, 1, 0, 0, 0);
    try (BufferedWriter w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      for (int i = 0; i < CONNECTIONS; i++) {
        // V2Ray 4.34 access line (sample-logs/v2ray-4.34/access.log form)
        w.write(V2RAY.format(t.plusSeconds(i)));
        w.write(" 198.51.100.66:");
        w.write(Integer.toString(1024 + i % 60000));
        w.write(" accepted tcp:mx");
        w.write(Integer.toString(i));
        w.write(".victim.example:25 [direct] email: mallory@example.com\n");
      }
    }
    index = tmp.resolve("index");
    Run r = audit("ingest", "--index", index.toString(), "--tz", "UTC", log.toString());
    assertEquals(0, r.code(), r.err());
  }

  private static Run audit(String... args) throws Exception {
    return AuditProcess.run(AuditProcess.command(args));
  }

  private Run ask(String... args) throws Exception {
    String[] all = new String[args.length + 2 + OPTS.length];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--index";
    all[args.length + 1] = index.toString();
    System.arraycopy(OPTS, 0, all, args.length + 2, OPTS.length);
    Run r = audit(all);
    assertFalse(r.err().contains("OutOfMemoryError"), r.err());
    return r;
  }

  @Test
  void whoCountsEveryConnection() throws Exception {
    Run r = ask("who", "--port", "25", "--output", "json");
    assertEquals(ExitCode.ABUSE.code(), r.code(), r.err());
    JsonNode who = new ObjectMapper().readTree(r.out()).get("who");
    assertEquals(1, who.size(), r.out());
    JsonNode row = who.get(0);
    assertEquals("mallory@example.com", row.get("user").asText());
    assertEquals(CONNECTIONS, row.get("connections").asLong());
    assertEquals(CONNECTIONS, row.get("byClient").get("198.51.100.66").asLong());
    // past 100,000 the distinct count is an estimate, and says so
    assertTrue(row.get("destinationsApproximate").asBoolean(), row.toString());
    long d = row.get("destinations").asLong();
    assertTrue(Math.abs(d - CONNECTIONS) < CONNECTIONS * 0.03, "estimate " + d);
    // one a second: 3,600 in the busiest hour, each to its own server
    assertTrue(
        row.get("reasons").toString().contains("3600 connections to port 25 within one hour"),
        row.toString());
  }

  @Test
  void explainStreamsItsEvidenceUpToTheLimit() throws Exception {
    Run r = ask("explain", "mallory@example.com", "--limit", "20");
    assertEquals(ExitCode.ABUSE.code(), r.code(), r.err());
    assertTrue(r.out().contains("  connections: " + CONNECTIONS + " ("), r.out());
    assertEquals(20, r.out().lines().filter(l -> l.contains(log + ":")).count());
    assertTrue(r.out().contains("    ... " + (CONNECTIONS - 20) + " more lines (--limit)"));
    assertTrue(r.out().contains("more connections to destinations past the first 10000"));
  }

  @Test
  void rulesBlockTheUser() throws Exception {
    Run r = ask("rules", "--dry-run", "--no-check", "--out", tmp.resolve("rules").toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("\"user\": [\"mallory@example.com\"]"), r.out());
  }

  @Test
  void aNightlyRunJudgesItAndWritesItsReport() throws Exception {
    Path config = tmp.resolve("nightly.conf");
    Files.writeString(
        config,
        "sources = "
            + log
            + "\ntz = UTC\nindex = "
            + tmp.resolve("nightly-index")
            + "\nreport_dir = "
            + tmp.resolve("reports")
            + "\nuids = v2ray=65534\nretention_days = 0\nevidence_retention_days = 0\n");
    Run r = audit("nightly", "--config", config.toString(), "--now", "2026-12-01T03:10:00Z");
    assertFalse(r.err().contains("OutOfMemoryError"), r.err());
    assertEquals(ExitCode.ABUSE.code(), r.code(), r.err());
    assertTrue(
        r.out().contains("v2ray mallory@example.com from 198.51.100.66: " + CONNECTIONS + " "),
        r.out());
    assertTrue(Files.exists(tmp.resolve("reports/report-20261201-031000.html")));
  }
}
