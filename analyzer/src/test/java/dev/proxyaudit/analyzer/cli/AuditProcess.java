package dev.proxyaudit.analyzer.cli;

import dev.proxyaudit.analyzer.testing.Cli.Run;
import dev.proxyaudit.testing.Need;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real {@code audit} process: {@link Main} in a child JVM on the test's class path. */
public final class AuditProcess {
  /** The capabilities that let root read and list whatever the file modes say. */
  private static final String FILE_CAPABILITIES = "-dac_override,-dac_read_search";

  private AuditProcess() {}

  /** {@code java -Xmx256m -cp <the test's class path> Main ARGS}. */
  public static List<String> command(String... args) {
    List<String> c =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    c.addAll(List.of(args));
    return c;
  }

  /**
   * Runs {@code audit ARGS} in a process that file modes apply to: as root, without the
   * capabilities that override them (setpriv drops them from the bounding and inheritable sets
   * before java starts); as any other user, as it is.
   */
  static Run withFileModesEnforced(String... args) throws IOException, InterruptedException {
    List<String> c = new ArrayList<>();
    if (Need.isRoot()) {
      c.add(Need.command("setpriv", "util-linux").toString());
      c.add("--inh-caps=" + FILE_CAPABILITIES);
      c.add("--bounding-set=" + FILE_CAPABILITIES);
      c.add("--");
    }
    c.addAll(command(args));
    return run(c);
  }

  /** Runs COMMAND (stdout and stderr kept apart) within two minutes. */
  static Run run(List<String> command) throws IOException, InterruptedException {
    Path out = Files.createTempFile("audit-", ".out");
    Path err = Files.createTempFile("audit-", ".err");
    try {
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      // as Main.run(args, out, err, Map.of()) in the other tests: no AUDIT_INDEX, AUDIT_DEBUG, ...
      pb.environment().keySet().removeIf(k -> k.startsWith("AUDIT_"));
      Process p = pb.start();
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError("did not finish in 2 minutes: " + command);
      }
      return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
