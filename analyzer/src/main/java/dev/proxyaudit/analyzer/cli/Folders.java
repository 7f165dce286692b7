package dev.proxyaudit.analyzer.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/**
 * Folder options checked before any work: a file where a folder belongs is a usage error naming the
 * option, not {@code FileAlreadyExistsException: ix} from deep inside Lucene.
 */
final class Folders {
  private Folders() {}

  /** {@code path}, unless it exists and is not a directory. */
  static Path check(CommandLine cmd, String option, Path path) {
    return checked(cmd, option + " " + path, path);
  }

  /** The index folder of {@code --index}, $AUDIT_INDEX or the default, checked. */
  static Path index(CommandLine cmd, IndexOption index, Map<String, String> env) {
    Path dir = index.resolve(env);
    String named =
        index.index != null
            ? "--index " + dir
            : env.containsKey("AUDIT_INDEX") && dir.equals(Path.of(env.get("AUDIT_INDEX")))
                ? "index folder " + dir + " (from $AUDIT_INDEX)"
                : "index folder " + dir + " (the default; --index DIR for another)";
    return checked(cmd, named, dir);
  }

  private static Path checked(CommandLine cmd, String named, Path path) {
    if (path != null && Files.exists(path) && !Files.isDirectory(path)) {
      throw new CommandLine.ParameterException(cmd, named + ": not a directory");
    }
    return path;
  }
}
