package dev.proxyaudit.analyzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxyaudit.analyzer.testing.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17: the who table fits the terminal (COLUMNS), and --wide shows every column. */
class TerminalWidthTest {
  @TempDir Path tmp;

  @BeforeEach
  void ingest() {
    Cli.Run r =
        SampleLogsEndToEndTest.audit(
            "ingest",
            "--index",
            tmp.resolve("index").toString(),
            "--tz",
            "Europe/Berlin",
            "--year",
            "2026",
            SampleLogsEndToEndTest.projectRoot().resolve("sample-logs").toString());
    assertEquals(0, r.code(), r.err());
  }

  private String who(Map<String, String> env, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "who",
                "--index",
                tmp.resolve("index").toString(),
                "--tz",
                "Europe/Berlin",
                "--uid",
                "v2ray=65534",
                "--uid",
                "shadowsocks=999",
                "--port",
                "25"));
    args.addAll(List.of(extra));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err), env);
    assertEquals("", err.toString());
    assertTrue(code == ExitCode.FOUND.code() || code == ExitCode.ABUSE.code(), "exit " + code);
    return out.toString();
  }

  @Test
  void eightyColumnsFitAndSayWhatWasLeftOut() {
    String narrow = who(Map.of("COLUMNS", "80"));
    for (String line : narrow.split("\n")) {
      assertTrue(line.length() <= 80, line.length() + ": " + line);
    }
    // the columns that answer the question stay; the dropped ones are named
    assertTrue(narrow.contains("SERVICE      USER               CONNECTIONS"), narrow);
    assertTrue(narrow.contains("VERDICT"), narrow);
    assertTrue(narrow.contains("alice@example.com"), narrow);
    assertTrue(narrow.contains("left out to fit 80 columns; --wide"), narrow);
  }

  @Test
  void wideAndAPipeGetEveryColumn() {
    String all = who(Map.of());
    assertTrue(all.contains("FIRST SEEN"), all);
    assertTrue(!all.contains("left out"), all);
    assertEquals(all, who(Map.of("COLUMNS", "80"), "--wide"));
  }
}
