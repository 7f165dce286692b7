package dev.proxyaudit.analyzer.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** lab/opensearch.sh, the real OpenSearch node of the fleet tests. */
public final class OpenSearchScript {
  private OpenSearchScript() {}

  /** The project's root: Maven runs the tests in the module's folder. */
  public static Path root() {
    Path here = Path.of("").toAbsolutePath();
    return Files.isDirectory(here.resolve("lab")) ? here : here.getParent();
  }

  /** Runs {@code lab/opensearch.sh ARGS}, failing with its output unless it exits 0 in 300 s. */
  public static void run(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(root().resolve("lab/opensearch.sh").toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroy();
      throw new AssertionError("lab/opensearch.sh " + args[0] + " timed out: " + out);
    }
    assertEquals(0, p.exitValue(), "lab/opensearch.sh " + String.join(" ", args) + ":\n" + out);
  }
}
