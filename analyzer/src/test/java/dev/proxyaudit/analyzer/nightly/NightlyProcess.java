package dev.proxyaudit.analyzer.nightly;

import dev.proxyaudit.analyzer.cli.AuditProcess;
import java.io.IOException;
import java.nio.file.Path;

/** A real {@code audit nightly} process on the test's class path, for the SIGKILL tests. */
final class NightlyProcess {
  private NightlyProcess() {}

  /** Starts {@code audit nightly --config CONFIG} at a fixed "now", in a 256 MB heap. */
  static Process start(Path config, ProcessBuilder.Redirect output) throws IOException {
    return new ProcessBuilder(
            AuditProcess.command(
                "nightly", "--config", config.toString(), "--now", "2026-11-28T12:00:00Z"))
        .redirectErrorStream(true)
        .redirectOutput(output)
        .start();
  }
}
