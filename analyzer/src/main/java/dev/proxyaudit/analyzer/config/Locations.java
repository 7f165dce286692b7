package dev.proxyaudit.analyzer.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where things are when no option says: the Debian package's folders for root, the user's data
 * folder otherwise. One place, so that {@code --help}, the man page, the README and the package
 * agree (a test compares them).
 */
public final class Locations {
  /** The package's state folder (0700): the nightly run's index and reports live here. */
  public static final Path SYSTEM_STATE = Path.of("/var/lib/proxy-audit");

  /** The index the package's nightly run writes. */
  public static final Path SYSTEM_INDEX = SYSTEM_STATE.resolve("index");

  /** The package's nightly configuration (a conffile). */
  public static final Path SYSTEM_CONFIG = Path.of("/etc/proxy-audit/nightly.conf");

  private Locations() {}

  /**
   * The index to use: {@code $AUDIT_INDEX}; else, for root where the package made {@code stateDir},
   * the index in it; else {@code $XDG_DATA_HOME/proxy-audit/index}, else {@code
   * ~/.local/share/proxy-audit/index}.
   */
  public static Path defaultIndex(Map<String, String> env, boolean root, Path stateDir) {
    String fromEnv = env.get("AUDIT_INDEX");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Path.of(fromEnv);
    }
    if (root && Files.isDirectory(stateDir)) {
      return stateDir.resolve(SYSTEM_INDEX.getFileName());
    }
    String xdg = env.get("XDG_DATA_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".local", "share");
    return base.resolve("proxy-audit").resolve("index");
  }

  /** True when this process runs as uid 0 (Linux: the owner of /proc/self). */
  public static boolean isRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }
}
