package dev.proxyaudit.analyzer.cli;

import dev.proxyaudit.analyzer.config.Locations;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --index DIR}, with the defaults of {@link Locations#defaultIndex}. */
final class IndexOption {
  @Option(
      names = "--index",
      paramLabel = "DIR",
      description =
          "Index directory (default: $AUDIT_INDEX; else, for root where the package made "
              + "/var/lib/proxy-audit, /var/lib/proxy-audit/index, the nightly run's; else"
              + " $XDG_DATA_HOME/proxy-audit/index, else ~/.local/share/proxy-audit/index).")
  Path index;

  Path resolve(Map<String, String> env) {
    if (index != null) {
      return index;
    }
    return Locations.defaultIndex(env, Locations.isRoot(), Locations.SYSTEM_STATE);
  }
}
