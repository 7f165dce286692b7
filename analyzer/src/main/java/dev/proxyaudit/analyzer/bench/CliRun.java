package dev.proxyaudit.analyzer.bench;

import dev.proxyaudit.analyzer.cli.ExitCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code audit ARGS} in a JVM of its own, started as the launchers start it (the class-data archive
 * when there is one, {@code -Xmx256m}), timed. A run that fails is an error, not a figure: a bench
 * must never time a command that did not do its work.
 */
final class CliRun {
  private final Path work;

  /**
   * @param work where the runs' output goes (kept for the message when one fails)
   */
  CliRun(Path work) {
    this.work = work;
  }

  /**
   * {@code who --port 25} on {@code index} as the bench corpora need it (their lines are UTC, V2Ray
   * runs as uid 65534 and ss-server as 999), printed as {@code output}.
   */
  static List<String> whoPort25(Path index, String output) {
    return List.of(
        "who",
        "--index",
        index.toString(),
        "--port",
        "25",
        "--tz",
        "UTC",
        "--uid",
        "v2ray=65534",
        "--uid",
        "shadowsocks=999",
        "--output",
        output);
  }

  /** The result of one run: its wall time and exit code. */
  record Timed(double millis, int code) {}

  /** Runs {@code audit ARGS}; fails unless it exits with one of the {@code expected} codes. */
  Timed run(List<String> args, ExitCode... expected) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    Path archive = archive();
    if (archive != null) {
      command.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto", "-Xlog:cds*=off"));
    }
    // this JVM's own class path: the jar when run from it, the build's folders under a test
    command.addAll(
        List.of(
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            "dev.proxyaudit.analyzer.cli.Main"));
    command.addAll(args);
    Path log = work.resolve("cli-run.log");
    long start = System.nanoTime();
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
            .start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IOException("audit " + String.join(" ", args) + ": still running after 10 min");
    }
    double millis = (System.nanoTime() - start) / 1e6;
    int code = p.exitValue();
    for (ExitCode e : expected) {
      if (e.code() == code) {
        return new Timed(millis, code);
      }
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    throw new IOException(
        "audit "
            + String.join(" ", args)
            + ": exit "
            + code
            + ", not a figure to print:\n"
            + output.substring(Math.max(0, output.length() - 2000)));
  }

  /** The class-data archive the launcher of this jar would use, or null. */
  static Path archive() {
    Path jar = Path.of(System.getProperty("java.class.path").split(":")[0]).toAbsolutePath();
    if (!jar.toString().endsWith(".jar")) {
      return null; // the build's folders (a test): archives are made for the jar only
    }
    Path archive =
        jar.equals(Path.of("/usr/share/proxy-audit/proxy-audit.jar"))
            ? Path.of("/var/cache/proxy-audit/audit.jsa")
            : jar.resolveSibling("audit.jsa");
    return Files.isReadable(archive) ? archive : null;
  }
}
