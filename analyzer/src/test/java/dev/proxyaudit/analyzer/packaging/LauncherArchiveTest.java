package dev.proxyaudit.analyzer.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both launchers ({@code ./audit}, {@code packaging/bin/audit}) use a class-data sharing archive
 * that matches the JVM, and run silently without it when it does not: an archive for other jars
 * (the JVM warns about it on its own), a broken one or none at all. Cron mails whatever a run
 * prints.
 */
class LauncherArchiveTest {
  private static final Path ROOT = projectRoot();
  private static final String JAVA_BIN = Path.of(System.getProperty("java.home"), "bin").toString();
  private static final String VERSION = "proxy-audit (development build)\n";

  @TempDir Path tmp;

  private record Run(int code, String out, String err) {}

  /**
   * proxy-audit.jar in DIR as the build lays it out: a manifest (Main-Class, Class-Path) and the
   * test class path in DIR/lib, as jars (class-data sharing takes no directory and no URL).
   */
  private static Path layout(Path dir) throws IOException {
    Path lib = Files.createDirectories(dir.resolve("lib"));
    List<String> classPath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(":")) {
      Path p = Path.of(entry);
      Path to = lib.resolve(classPath.size() + ".jar");
      if (Files.isDirectory(p) && !p.endsWith("test-classes")) {
        jar(p, to);
      } else if (entry.endsWith(".jar")) {
        Files.copy(p, to);
      } else {
        continue;
      }
      classPath.add("lib/" + to.getFileName());
    }
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "dev.proxyaudit.analyzer.cli.Main");
    m.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
    Path jar = dir.resolve("proxy-audit.jar");
    try (OutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
      out.flush();
    }
    return jar;
  }

  private static Path projectRoot() {
    Path here = Path.of("").toAbsolutePath();
    return Files.isRegularFile(here.resolve("audit")) ? here : here.getParent();
  }

  private static void jar(Path classes, Path jar) throws IOException {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString()));
        Files.copy(f, out);
      }
    }
  }

  private static Run run(List<String> command, String javaOpts)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("AUDIT_"));
    // the launchers run the `java` on PATH: this one, as the archive was made by it
    pb.environment().put("PATH", JAVA_BIN + ":" + pb.environment().getOrDefault("PATH", ""));
    if (javaOpts != null) {
      pb.environment().put("AUDIT_JAVA_OPTS", javaOpts);
    }
    Process p = pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), "timed out: " + command);
    return new Run(
        p.exitValue(),
        new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }

  private static List<String> java(String... args) {
    List<String> c = new ArrayList<>(List.of(Path.of(JAVA_BIN, "java").toString(), "-Xmx256m"));
    c.addAll(List.of(args));
    return c;
  }

  /** Archive for JAR made, used, made stale, garbage, absent: LAUNCHER prints the version only. */
  private void checkLauncher(Path launcher, Path jar, Path archive) throws Exception {
    Files.createDirectories(archive.getParent());
    Run made = run(java("-XX:ArchiveClassesAtExit=" + archive, "-jar", jar.toString(), "-V"), null);
    assertEquals(0, made.code(), made.err());
    assertTrue(Files.isRegularFile(archive), made.err());

    Path loaded = tmp.resolve("loaded.txt");
    Run used = run(List.of(launcher.toString(), "--version"), "-Xlog:class+load:file=" + loaded);
    assertEquals(new Run(0, VERSION, ""), used);
    // its classes come from the archive, not from the jars
    assertTrue(
        Files.readString(loaded)
            .contains("dev.proxyaudit.analyzer.cli.Main source: shared objects file (top)"),
        Files.readString(loaded));

    // a library newer than the archive: java alone says so on stdout, the launcher must not
    Path lib = jar.resolveSibling("lib/0.jar");
    Files.setLastModifiedTime(lib, FileTime.fromMillis(lib.toFile().lastModified() + 60_000));
    Run plain = run(java("-XX:SharedArchiveFile=" + archive, "-jar", jar.toString(), "-V"), null);
    assertTrue(plain.out().contains("Unable to use shared archive"), plain.out());
    assertEquals(new Run(0, VERSION, ""), run(List.of(launcher.toString(), "--version"), null));

    Files.delete(archive); // the JVM writes it read-only
    Files.writeString(archive, "not an archive");
    assertEquals(new Run(0, VERSION, ""), run(List.of(launcher.toString(), "--version"), null));
    Files.delete(archive);
    assertEquals(new Run(0, VERSION, ""), run(List.of(launcher.toString(), "--version"), null));
  }

  @Test
  void sourceTreeLauncher() throws Exception {
    // no pom.xml beside it: the launcher runs the jar as it is, it does not build one
    Path launcher =
        Files.copy(
            ROOT.resolve("audit"),
            Files.createDirectories(tmp.resolve("tree")).resolve("audit"),
            StandardCopyOption.COPY_ATTRIBUTES);
    Path target = tmp.resolve("tree/analyzer/target");
    checkLauncher(launcher, layout(target), target.resolve("audit.jsa"));
  }

  /** The installed one, with the package's archive path pointed into the scratch root. */
  @Test
  void installedLauncher() throws Exception {
    Path archive = tmp.resolve("var/cache/proxy-audit/audit.jsa");
    String script = Files.readString(ROOT.resolve("packaging/bin/audit"));
    assertTrue(script.contains("/var/cache/proxy-audit/audit.jsa"), script);
    Path launcher =
        Files.writeString(
            Files.createDirectories(tmp.resolve("usr/bin")).resolve("audit"),
            script.replace("/var/cache/proxy-audit/audit.jsa", archive.toString()));
    assertTrue(launcher.toFile().setExecutable(true));
    Path jar = layout(tmp.resolve("usr/share/proxy-audit"));
    checkLauncher(launcher, jar, archive);
  }
}
