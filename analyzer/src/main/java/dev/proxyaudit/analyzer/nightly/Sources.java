package dev.proxyaudit.analyzer.nightly;

import dev.proxyaudit.analyzer.parse.IoErrors;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The configured sources as files: a glob ({@code *} and {@code ?} in the last name) that matches
 * nothing is normal (no ulogd on this host); a plain path that does not exist is the operator's
 * mistake and is reported.
 */
public final class Sources {
  private Sources() {}

  record Expanded(List<Path> paths, List<String> problems) {}

  /**
   * True when a nightly run with these sources reads {@code file} (or would, once it exists): a
   * glob matching its name in its folder, the path itself, or a folder above it.
   */
  public static boolean covers(List<String> patterns, Path file) {
    Path f = file.toAbsolutePath().normalize();
    for (String pattern : patterns) {
      Path p = Path.of(pattern).toAbsolutePath().normalize();
      String name = p.getFileName() == null ? "" : p.getFileName().toString();
      if (isGlob(name)) {
        if (p.getParent() != null
            && p.getParent().equals(f.getParent())
            && FileSystems.getDefault().getPathMatcher("glob:" + name).matches(f.getFileName())) {
          return true;
        }
      } else if (f.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isGlob(String name) {
    return name.indexOf('*') >= 0 || name.indexOf('?') >= 0 || name.indexOf('[') >= 0;
  }

  static Expanded expand(List<String> patterns) {
    List<Path> paths = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String pattern : patterns) {
      Path p = Path.of(pattern);
      String name = p.getFileName() == null ? "" : p.getFileName().toString();
      if (!isGlob(name)) {
        if (Files.exists(p)) {
          paths.add(p);
        } else {
          problems.add(pattern + ": no such file or directory (in sources)");
        }
        continue;
      }
      Path dir = p.getParent() == null ? Path.of(".") : p.getParent();
      if (!Files.isDirectory(dir)) {
        continue;
      }
      TreeSet<Path> matched = new TreeSet<>();
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, name)) {
        ds.forEach(matched::add);
      } catch (IOException e) {
        problems.add(dir + ": cannot list: " + IoErrors.reason(e));
      }
      paths.addAll(matched);
    }
    return new Expanded(paths, problems);
  }
}
