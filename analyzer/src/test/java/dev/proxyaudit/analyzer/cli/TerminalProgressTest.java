package dev.proxyaudit.analyzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxyaudit.analyzer.testing.Cli.Run;
import dev.proxyaudit.testing.Need;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress on a real terminal and silence on a pipe: {@code audit ingest} run as a child process,
 * once under util-linux {@code script} (which gives it a pseudo-terminal) and once with stderr to a
 * pipe, as cron gives it.
 */
class TerminalProgressTest {
  @TempDir Path tmp;

  /** 140,000 V2Ray 4.34 access lines (the shape of sample-logs/v2ray-4.34/access.log). */
  private Path bigLog() throws IOException {
    Path log = tmp.resolve("access.log");
    try (Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      for (int i = 0; i < 140_000; i++) {
        w.write(
            String.format(
                "2026/11/28 05:%02d:%02d 198.51.100.%d:%d accepted tcp:203.0.113.%d:443 [direct]"
                    + " email: user%d@example.com%n",
                (i / 60) % 60, i % 60, i % 200, 1024 + i % 60000, i % 250, i % 300));
      }
    }
    return log;
  }

  private List<String> ingest(Path log, String index) {
    return AuditProcess.command(
        "ingest", "--index", tmp.resolve(index).toString(), "--tz", "UTC", log.toString());
  }

  @Test
  void progressOnATerminalOnly() throws Exception {
    Path script = Need.command("script", "util-linux");
    Path log = bigLog();

    Run piped = AuditProcess.run(ingest(log, "index-pipe"));
    assertEquals(0, piped.code(), piped.err());
    assertTrue(piped.out().contains("140000 lines, 140000 events"), piped.out());
    assertEquals("", piped.err(), "nothing on stderr when it is not a terminal");

    List<String> quoted = new ArrayList<>();
    for (String a : ingest(log, "index-tty")) {
      quoted.add("'" + a + "'"); // no quote in these paths (temp dir, class path)
    }
    Run tty =
        AuditProcess.run(
            List.of(script.toString(), "-q", "-e", "-c", String.join(" ", quoted), "/dev/null"));
    assertEquals(0, tty.code(), tty.out() + tty.err());
    // stdout and stderr both reach the terminal, i.e. script's stdout
    assertTrue(tty.out().contains("\r131,072 lines, "), tty.out());
    assertTrue(tty.out().contains(" lines/s"), tty.out());
    assertTrue(tty.out().contains("140000 lines, 140000 events"), tty.out());
    assertFalse(piped.out().contains("lines/s"), piped.out());
  }
}
