package dev.proxyaudit.analyzer.nightly;

import dev.proxyaudit.analyzer.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code audit nightly --config FILE [--now INSTANT]} through {@link Main#run}, in process. */
final class NightlyCli {
  private NightlyCli() {}

  record Run(int code, String out, String err) {}

  /** A run at {@code instant} (ISO-8601), or at the real time when it is null. */
  static Run run(Path config, String instant) {
    List<String> args = new ArrayList<>(List.of("nightly", "--config", config.toString()));
    if (instant != null) {
      args.addAll(List.of("--now", instant));
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err), Map.of());
    return new Run(code, out.toString(), err.toString());
  }
}
