package dev.proxyaudit.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.function.Executable;

/**
 * What a test needs from the machine (a program, root, a switch left on): where it is missing the
 * test is skipped with the reason on a developer's machine, and fails under {@code CI=true}, which
 * runs as root with every package of {@code .ci/packages} installed.
 */
public final class Need {
  /** Where Debian keeps administrator programs, which a non-root PATH often lacks. */
  private static final List<String> SYSTEM_DIRS = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

  private Need() {}

  /** CI sets {@code CI=true}: there a missing need is a failure, never a skip. */
  public static boolean underCi() {
    return "true".equals(System.getenv("CI"));
  }

  /** The program NAME from Debian package DEBIAN_PACKAGE (which .ci/packages must list). */
  public static Path command(String name, String debianPackage) {
    listed(debianPackage);
    Optional<Path> found = find(name);
    that(
        found.isPresent(),
        name + " not found: install Debian package " + debianPackage + " (listed in .ci/packages)");
    return found.orElseThrow();
  }

  /** The program at PROGRAM (one that is not on PATH) from Debian package DEBIAN_PACKAGE. */
  public static Path command(Path program, String debianPackage) {
    listed(debianPackage);
    that(
        Files.isRegularFile(program) && Files.isExecutable(program),
        program
            + " not found: install Debian package "
            + debianPackage
            + " (listed in .ci/packages)");
    return program;
  }

  /** The program NAME on PATH or in /usr/sbin, /sbin, if there is one. */
  public static Optional<Path> find(String name) {
    List<String> dirs =
        new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
    dirs.addAll(SYSTEM_DIRS);
    return dirs.stream()
        .filter(d -> !d.isEmpty())
        .map(d -> Path.of(d, name))
        .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
        .findFirst();
  }

  /** Root (effective uid 0); WHY says what for. */
  public static void root(String why) {
    that(isRoot(), "needs root: " + why);
  }

  /** Whether this JVM runs with effective uid 0 (Linux: /proc/self/status). */
  public static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.split("\\s+")[2].equals("0");
        }
      }
      return false;
    } catch (IOException e) {
      return false; // not Linux: no root tests
    }
  }

  /** VARIABLE=skip, a developer's switch (PA_LAB, PA_DEB), is not set, or not honoured under CI. */
  public static void notSwitchedOff(String variable) {
    that(!"skip".equals(System.getenv(variable)), variable + "=skip");
  }

  /** CONDITION holds; REASON says what is missing when it does not. */
  public static void that(boolean condition, String reason) {
    if (!condition) {
      missing(reason, underCi());
    }
  }

  static void missing(String reason, boolean ci) {
    if (ci) {
      fail(reason + " (CI=true: what a test needs must be there)");
    }
    Assumptions.abort(reason);
  }

  /**
   * Checks made once for a test class (in {@code @BeforeAll}) whose outcome each test meets again
   * (in {@code @BeforeEach}): a skip in {@code @BeforeAll} alone counts no test at all.
   */
  public static Once once(Executable checks) {
    try {
      checks.execute();
      return new Once(null);
    } catch (Throwable t) {
      return new Once(t);
    }
  }

  /** The outcome of {@link #once}. */
  public static final class Once {
    private final Throwable outcome;

    private Once(Throwable outcome) {
      this.outcome = outcome;
    }

    /** Whether the checks passed. */
    public boolean met() {
      return outcome == null;
    }

    /** Skips or fails this test as the checks did. */
    public void check() throws Throwable {
      if (outcome != null) {
        throw outcome;
      }
    }
  }

  /** Fails unless .ci/packages (where this test can see it) lists DEBIAN_PACKAGE. */
  static void listed(String debianPackage) {
    Optional<Path> list = packageList();
    if (list.isPresent() && !packages(list.get()).contains(debianPackage)) {
      fail(
          "Debian package "
              + debianPackage
              + " is not in "
              + list.get()
              + ": add it there, with the test that needs it");
    }
  }

  /** The names in a .ci/packages file: the first word of each line, comments removed. */
  static Set<String> packages(Path list) {
    try {
      return Files.readAllLines(list).stream()
          .map(l -> l.replaceFirst("#.*", "").strip())
          .filter(l -> !l.isEmpty())
          .map(l -> l.split("\\s+")[0])
          .collect(Collectors.toSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** .ci/packages of the project the tests run in (Maven runs them in a module's folder). */
  private static Optional<Path> packageList() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path list = p.resolve(".ci/packages");
      if (Files.isRegularFile(list)) {
        return Optional.of(list);
      }
    }
    return Optional.empty();
  }
}
