package dev.proxyaudit.analyzer.testing;

import dev.proxyaudit.analyzer.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/** Runs {@code audit} in this JVM, as the tests of whole commands do. */
public final class Cli {
  private Cli() {}

  /** An exit code and what went to stdout and stderr. */
  public record Run(int code, String out, String err) {}

  public static Run audit(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err), Map.of());
    return new Run(code, out.toString(), err.toString());
  }

  /**
   * {@code audit ingest} of the repository's {@code sample-logs/} into {@code index}, in the zone
   * and year the lab wrote them (the README's first command).
   */
  public static Run ingestSampleLogs(Path index) {
    return audit(
        "ingest",
        "--index",
        index.toString(),
        "--tz",
        "Europe/Berlin",
        "--year",
        "2026",
        OpenSearchScript.root().resolve("sample-logs").toString());
  }
}
