package dev.proxyaudit.analyzer.nightly;

import java.io.IOException;
import java.nio.file.Path;

/** A real {@code audit nightly} process on the test's class path, for the SIGKILL tests. */
final class NightlyProcess {
  private NightlyProcess() {}

  /** Starts {@code audit nightly --config CONFIG} at a fixed "now", in a 256 MB heap. */
  static Process start(Path config, ProcessBuilder.Redirect output) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(
            java,
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            "dev.proxyaudit.analyzer.cli.Main",
            "nightly",
            "--config",
            config.toString(),
            "--now",
            "2026-11-28T12:00:00Z")
        .redirectErrorStream(true)
        .redirectOutput(output)
        .start();
  }
}
