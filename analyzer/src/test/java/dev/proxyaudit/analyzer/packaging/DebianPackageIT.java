package dev.proxyaudit.analyzer.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxyaudit.testing.Need;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package built by this module's jdeb execution, installed for real with {@code dpkg -i}
 * on this machine, run ({@code audit --version}, {@code doctor}, {@code nightly}), removed and
 * purged. Runs in the integration-test phase (failsafe), after {@code package} built the .deb.
 *
 * <p>Root only (dpkg writes /usr, /etc, /var), and never on a machine where proxy-audit is already
 * installed: the operator's own installation is not touched. {@code PA_DEB=skip} skips it. Under
 * CI=true (root, a fresh Debian) each of these fails instead: it must run there.
 */
class DebianPackageIT {
  private static final Path BIN = Path.of("/usr/bin/audit");
  private static final Path CONF = Path.of("/etc/proxy-audit/nightly.conf");
  private static final Path VAR = Path.of("/var/lib/proxy-audit");
  private static final Path CDS = Path.of("/var/cache/proxy-audit/audit.jsa");

  @TempDir Path tmp;
  private boolean installedByUs;

  private record Run(int code, String out) {}

  /** Runs a command, stdout and stderr merged, bounded to two minutes. */
  private static Run run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    byte[] out;
    try (InputStream in = p.getInputStream()) {
      out = in.readAllBytes();
    }
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + cmd);
    }
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  private static Run ok(String... cmd) throws IOException, InterruptedException {
    Run r = run(List.of(cmd));
    assertEquals(0, r.code(), String.join(" ", cmd) + " printed:\n" + r.out());
    return r;
  }

  private static boolean installed() throws IOException, InterruptedException {
    Run r = run(List.of("dpkg-query", "-W", "-f=${Status}", "proxy-audit"));
    return r.code() == 0 && r.out().contains("ok installed");
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }

  private static Path deb() throws IOException {
    Path dir = Path.of(System.getProperty("pa.build.dir", "target"));
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> debs =
          s.filter(p -> p.getFileName().toString().matches("proxy-audit_.*_all\\.deb")).toList();
      assertEquals(1, debs.size(), "one .deb in " + dir + ": " + debs);
      return debs.get(0);
    }
  }

  @AfterEach
  void purgeWhatWeInstalled() throws IOException, InterruptedException {
    if (installedByUs && installed()) {
      run(List.of("dpkg", "--purge", "proxy-audit"));
    }
  }

  @Test
  void installsRunsAndUninstallsCleanly() throws Exception {
    Need.notSwitchedOff("PA_DEB");
    Need.root("dpkg -i writes /usr, /etc, /var");
    Need.that(Need.find("dpkg").isPresent(), "no dpkg here: not Debian");
    Need.command("lintian", "lintian");
    Need.that(!installed(), "proxy-audit is installed on this machine: not touching it");
    Path deb = deb();

    // What the package holds, before installing it: owner, modes, the conffile.
    String contents = ok("dpkg-deb", "-c", deb.toString()).out();
    assertTrue(contents.contains("-rwxr-xr-x root/root"), contents);
    assertTrue(contents.matches("(?s).*-rwxr-xr-x root/root .* \\./usr/bin/audit\n.*"), contents);
    assertTrue(
        contents.matches("(?s).*-rw------- root/root .* \\./etc/proxy-audit/nightly\\.conf\n.*"),
        contents);
    assertTrue(contents.matches("(?s).*drwx------ root/root .* \\./var/lib/proxy-audit/\n.*"));
    assertEquals(
        "/etc/proxy-audit/nightly.conf\n", ok("dpkg-deb", "-I", deb.toString(), "conffiles").out());

    // Debian's own package checker: no error, no warning.
    ok("lintian", "--fail-on", "error,warning", deb.toString());

    installedByUs = true;
    ok("dpkg", "-i", deb.toString());
    assertTrue(installed());
    List<String> files = new ArrayList<>();
    for (String f : ok("dpkg-query", "-L", "proxy-audit").out().split("\n")) {
      if (!f.isBlank() && Files.isRegularFile(Path.of(f), LinkOption.NOFOLLOW_LINKS)) {
        files.add(f);
      }
    }
    assertTrue(files.contains("/usr/bin/audit"), files.toString());
    assertTrue(files.contains("/usr/share/proxy-audit/proxy-audit.jar"), files.toString());
    assertEquals("rwxr-xr-x", mode(BIN));
    assertEquals("rw-------", mode(CONF));
    assertEquals("rwx------", mode(VAR));

    // The installed launcher finds its jar and libraries.
    String version = System.getProperty("pa.version", "");
    Run v = ok("audit", "--version");
    assertTrue(!version.isEmpty() && v.out().contains(version), v.out() + " vs " + version);
    // postinst made a class-data archive with this machine's java; used or not (an archive of
    // another JVM, a broken one), the launcher prints the version and nothing else
    assertTrue(Files.isRegularFile(CDS), CDS + " made by postinst");
    assertEquals("proxy-audit " + version + "\n", v.out());
    Path made = Files.move(CDS, tmp.resolve("audit.jsa"));
    Files.writeString(CDS, "not an archive");
    assertEquals(v, ok("audit", "--version"));
    Files.delete(CDS);
    Files.move(made, CDS);

    // Man page and completion where man and bash-completion look for them.
    try (InputStream man =
        new GZIPInputStream(Files.newInputStream(Path.of("/usr/share/man/man1/audit.1.gz")))) {
      assertTrue(new String(man.readAllBytes(), StandardCharsets.UTF_8).startsWith(".TH AUDIT 1"));
    }
    Run complete =
        ok(
            "bash",
            "-c",
            "source /usr/share/bash-completion/completions/audit && complete -p audit");
    assertTrue(complete.out().contains("-F _complete_audit audit"), complete.out());

    // doctor on Debian 12's own v2ray config (access log off, a client without email): exit 7.
    Path v2rayConfig = Path.of("src/test/resources/doctor/debian12/v2ray-config.json");
    Run doctor =
        run(List.of("audit", "doctor", "--v2ray-config", v2rayConfig.toAbsolutePath().toString()));
    assertEquals(7, doctor.code(), doctor.out());
    assertTrue(doctor.out().contains("v2ray-access-log-off"), doctor.out());
    assertTrue(doctor.out().contains("v2ray-client-without-email"), doctor.out());
    // doctor on the live host: whatever it finds, it runs to a verdict (0 or 7), no crash.
    Run live = run(List.of("audit", "doctor"));
    assertTrue(live.code() == 0 || live.code() == 7, live.out());
    assertFalse(live.out().contains("Exception"), live.out());

    // nightly with no option reads the package's config: on this host its sources may match
    // nothing (8, said on stderr) or find something, but it never fails; the index goes where the
    // package put its folder.
    Run nightlyDefault = run(List.of("audit", "nightly"));
    assertTrue(List.of(0, 4, 5, 8).contains(nightlyDefault.code()), nightlyDefault.out());
    if (nightlyDefault.code() == 8) {
      assertTrue(nightlyDefault.out().contains("audit nightly: "), nightlyDefault.out());
    }
    assertTrue(Files.isDirectory(VAR.resolve("index")), "index in " + VAR);
    assertEquals("rwx------", mode(VAR.resolve("index")));

    // The package's config pointed at a copy of sample-logs/ (an incident read after the fact,
    // whatever today's date): the first run reports the spammer (exit 5); 'who' as root, with
    // no option, answers from the same index; a second nightly run is silent (exit 0).
    Files.writeString(CONF, nightlyConfigOnSampleLogs());
    Run first = run(List.of("audit", "nightly"));
    assertEquals(5, first.code(), first.out());
    assertTrue(first.out().contains("alice@example.com"), first.out());
    Run who =
        run(
            List.of(
                "audit",
                "who",
                "--port",
                "25",
                "--tz",
                "Europe/Berlin",
                "--uid",
                "v2ray=65534",
                "--uid",
                "shadowsocks=999",
                "--policy",
                samplePolicy().toString()));
    assertEquals(5, who.code(), who.out());
    assertTrue(who.out().contains("alice@example.com"), who.out());
    Run second = run(List.of("audit", "nightly"));
    assertEquals(new Run(0, ""), second);
    assertTrue(Files.list(VAR.resolve("reports")).findAny().isPresent(), "reports in " + VAR);

    // remove keeps the configuration and the index; purge deletes them and every file.
    ok("dpkg", "-r", "proxy-audit");
    assertFalse(Files.exists(BIN));
    assertFalse(Files.exists(CDS.getParent()), "dpkg -r removes the class-data archive");
    assertTrue(Files.exists(CONF), "dpkg -r keeps conffiles");
    ok("dpkg", "--purge", "proxy-audit");
    assertFalse(installed());
    for (String f : files) {
      assertFalse(Files.exists(Path.of(f), LinkOption.NOFOLLOW_LINKS), f + " left after purge");
    }
    assertFalse(Files.exists(Path.of("/etc/proxy-audit")), "/etc/proxy-audit left after purge");
    assertFalse(Files.exists(VAR), VAR + " left after purge");
  }

  /**
   * A copy of sample-logs/ and the settings that read it; index and reports stay the package's
   * defaults.
   */
  private String nightlyConfigOnSampleLogs() throws IOException {
    Path logs = tmp.resolve("logs");
    Path samples = Path.of("..", "sample-logs").toAbsolutePath().normalize();
    List<String> sources = new ArrayList<>();
    try (Stream<Path> s = Files.list(samples)) {
      for (Path dir : s.filter(Files::isDirectory).sorted().toList()) {
        Path to = Files.createDirectories(logs.resolve(dir.getFileName()));
        try (Stream<Path> files = Files.list(dir)) {
          for (Path f : files.toList()) {
            Files.copy(f, to.resolve(f.getFileName()));
          }
        }
        sources.add(to + "/*");
      }
    }
    // sample-logs/README.md: the lab ran in Europe/Berlin, v2ray as uid 65534, ss-server 999.
    // Retention 0 keeps the November 2026 lines whatever day CI runs.
    // lab/sample-policy.properties: the lab story's minute of spam against limits made for it
    return "sources = "
        + String.join(", ", sources)
        + "\ntz = Europe/Berlin\nuids = v2ray=65534, shadowsocks=999\n"
        + "retention_days = 0\nevidence_retention_days = 0\npolicy = "
        + samplePolicy()
        + "\n";
  }

  private Path samplePolicy() throws IOException {
    Path to = tmp.resolve("sample-policy.properties");
    if (!Files.exists(to)) {
      Files.copy(Path.of("..", "lab", "sample-policy.properties").toAbsolutePath().normalize(), to);
    }
    return to;
  }
}
