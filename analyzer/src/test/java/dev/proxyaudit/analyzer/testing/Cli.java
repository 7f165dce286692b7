package dev.proxyaudit.analyzer.testing;

import dev.proxyaudit.analyzer.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
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
}
