package dev.proxyaudit.analyzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxyaudit.analyzer.testing.Cli.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocsAndParseTest {
  @TempDir Path tmp;

  @Test
  void manPageAndCompletionCoverEveryCommand() throws Exception {
    Docs.main(new String[] {tmp.toString(), "9.8.7", "2027-03-04T00:00:00Z"});
    String man = Files.readString(tmp.resolve("audit.1"));
    String completion = Files.readString(tmp.resolve("audit_completion"));
    for (String c :
        List.of("ingest", "who", "explain", "rules", "nightly", "forget", "parse", "bench")) {
      assertTrue(man.contains(".SS audit " + c + "\n"), c);
      assertTrue(completion.contains(c), c);
    }
    assertTrue(man.startsWith(".TH AUDIT 1 \"2027-03-04\" \"proxy-audit 9.8.7\" "), man);
    assertTrue(completion.contains("complete -F"), "a bash completion script");
    assertFalse(completion.startsWith("#!"), "sourced, not run: no #! line");
    try (var gz = new GZIPInputStream(Files.newInputStream(tmp.resolve("changelog.gz")))) {
      String changelog = new String(gz.readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(changelog.startsWith("proxy-audit (9.8.7) unstable; urgency=medium\n"), changelog);
      assertTrue(changelog.endsWith("  Thu, 04 Mar 2027 00:00:00 +0000\n"), changelog);
    }
    try (var gz = new GZIPInputStream(Files.newInputStream(tmp.resolve("audit.1.gz")))) {
      assertEquals(man, new String(gz.readAllBytes(), StandardCharsets.UTF_8), "audit.1.gz");
    }
  }

  @Test
  void parseShowsEachLineAndWhatWasNotUnderstood() throws Exception {
    Path log = tmp.resolve("mixed.log");
    Files.writeString(
        log,
        // v2ray 4.34 (sample-logs/v2ray-4.34/access.log.1), then a line no format accepts
        "2026/11/28 05:53:09 198.51.100.11:34023 accepted tcp:203.0.113.25:25 [direct] email: alice@example.com\n"
            + "hello world\n");
    Run r = SampleLogsEndToEndTest.audit("parse", "--tz", "UTC", log.toString());
    assertEquals(ExitCode.INPUT_PROBLEMS.code(), r.code(), r.err());
    assertEquals(
        log
            + ":1: v2ray/xray.access 2026-11-28T05:53:09Z accepted tcp user=alice@example.com"
            + " src=198.51.100.11:34023 dst=203.0.113.25:25 out=direct\n"
            + log
            + ":2: MALFORMED not a line of any known log format\n",
        r.out());
    Run s = SampleLogsEndToEndTest.audit("parse", "--summary", "--tz", "UTC", log.toString());
    assertTrue(s.out().endsWith(log + ": 2 lines, malformed 1, v2ray/xray.access 1\n"), s.out());
  }
}
