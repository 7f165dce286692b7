package dev.proxyaudit.analyzer.cli;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --index DIR}, defaulting to {@code $AUDIT_INDEX}, else the user's data directory. */
final class IndexOption {
  @Option(
      names = "--index",
      paramLabel = "DIR",
      description =
          "Index directory (default: $AUDIT_INDEX, else $XDG_DATA_HOME/proxy-audit/index,"
              + " else ~/.local/share/proxy-audit/index).")
  Path index;

  Path resolve(Map<String, String> env) {
    if (index != null) {
      return index;
    }
    String fromEnv = env.get("AUDIT_INDEX");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Path.of(fromEnv);
    }
    String xdg = env.get("XDG_DATA_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".local", "share");
    return base.resolve("proxy-audit").resolve("index");
  }
}
