package dev.proxyaudit.analyzer.parse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Turns the paths an operator typed into the list of log files to read. */
public final class LogFiles {
  private static final Pattern ROTATED = Pattern.compile("^(.*?)\\.(\\d+)(\\.gz)?$");

  private LogFiles() {}

  /**
   * @param files regular files, oldest rotation first within a set ({@code x.2.gz, x.1, x})
   * @param problems {@code path: reason} for paths that could not be used
   */
  public record Inputs(List<Path> files, List<String> problems) {}

  /**
   * Expands files and folders (recursively, not following symbolic links inside folders). Hidden
   * files and documentation ({@code *.md}, {@code README*}) in folders are skipped; files named
   * explicitly are always read.
   */
  public static Inputs expand(List<Path> paths) {
    Set<Path> seen = new LinkedHashSet<>();
    List<Path> files = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Path p : paths) {
      if (!Files.exists(p)) {
        problems.add(p + ": no such file or directory");
      } else if (Files.isDirectory(p)) {
        walk(p, seen, files, problems);
      } else if (!Files.isRegularFile(p)) {
        problems.add(p + ": not a regular file");
      } else {
        add(p, seen, files);
      }
    }
    return new Inputs(List.copyOf(files), List.copyOf(problems));
  }

  private static void walk(Path dir, Set<Path> seen, List<Path> files, List<String> problems) {
    List<Path> found = new ArrayList<>();
    int problemsBefore = problems.size();
    try (Stream<Path> s = Files.walk(dir)) {
      // Hidden folders inside the one named (.git, .snapshot) are skipped like hidden files:
      // only the file name was checked, so .git/logs/HEAD was read as a log.
      s.filter(Files::isRegularFile)
          .filter(LogFiles::looksLikeLog)
          .filter(p -> !inHiddenFolder(dir, p))
          .forEach(found::add);
    } catch (UncheckedIOException e) {
      problems.add(describe(dir, e.getCause()));
    } catch (IOException e) {
      problems.add(describe(dir, e));
    }
    if (found.isEmpty() && problems.size() == problemsBefore) {
      // an empty folder (or a wrong one) must not read as "every line understood"
      problems.add(dir + ": no log files in this folder (hidden files, *.md, README* skipped)");
    }
    found.sort(ROTATION_ORDER);
    for (Path f : found) {
      add(f, seen, files);
    }
  }

  private static boolean looksLikeLog(Path p) {
    String name = p.getFileName().toString();
    return !name.startsWith(".") && !name.endsWith(".md") && !name.startsWith("README");
  }

  private static boolean inHiddenFolder(Path dir, Path file) {
    Path parent = dir.relativize(file).getParent();
    if (parent != null) {
      for (Path part : parent) {
        if (part.toString().startsWith(".")) {
          return true;
        }
      }
    }
    return false;
  }

  private static void add(Path p, Set<Path> seen, List<Path> files) {
    Path real;
    try {
      real = p.toRealPath();
    } catch (IOException e) {
      real = p.toAbsolutePath().normalize();
    }
    if (seen.add(real)) {
      files.add(p);
    }
  }

  private static String describe(Path dir, IOException e) {
    return IoErrors.describe(dir, e);
  }

  /** Same directory and base name: highest rotation number first, the live file last. */
  static final Comparator<Path> ROTATION_ORDER =
      Comparator.<Path, String>comparing(p -> String.valueOf(p.getParent()))
          .thenComparing(p -> base(p))
          .thenComparing(p -> -rotation(p))
          // Same base and number (x.1 beside x.1.gz): by name, so the order does not depend on
          // the directory listing.
          .thenComparing(p -> p.getFileName().toString());

  private static String base(Path p) {
    Matcher m = ROTATED.matcher(p.getFileName().toString());
    return m.matches() ? m.group(1) : p.getFileName().toString().replaceFirst("\\.gz$", "");
  }

  private static long rotation(Path p) {
    Matcher m = ROTATED.matcher(p.getFileName().toString());
    return m.matches() && m.group(2).length() < 6 ? Long.parseLong(m.group(2)) : 0;
  }
}
