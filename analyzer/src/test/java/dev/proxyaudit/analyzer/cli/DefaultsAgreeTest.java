package dev.proxyaudit.analyzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxyaudit.analyzer.config.Locations;
import dev.proxyaudit.analyzer.nightly.NightlyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One set of defaults, installed or not: the index and configuration the commands use without
 * options are the ones the package installs, and --help, the man page, the README and the package
 * files say the same.
 */
class DefaultsAgreeTest {
  private static final Path ROOT = SampleLogsEndToEndTest.projectRoot();

  @TempDir Path tmp;

  @Test
  void rootUsesThePackagesIndexWhenThePackageMadeItsFolder() throws Exception {
    Path state = Files.createDirectory(tmp.resolve("var-lib-proxy-audit"));
    Map<String, String> env = Map.of("HOME", "/home/op");
    assertEquals(state.resolve("index"), Locations.defaultIndex(env, true, state));
    assertEquals(
        Path.of("/home/op/.local/share/proxy-audit/index"),
        Locations.defaultIndex(env, false, state),
        "not root: the package's folder is root's only");
    assertEquals(
        Path.of("/home/op/.local/share/proxy-audit/index"),
        Locations.defaultIndex(env, true, tmp.resolve("not-installed")),
        "root without the package");
    assertEquals(
        Path.of("/x/proxy-audit/index"),
        Locations.defaultIndex(Map.of("XDG_DATA_HOME", "/x"), false, state));
    assertEquals(
        Path.of("/ix"),
        Locations.defaultIndex(Map.of("AUDIT_INDEX", "/ix", "HOME", "/h"), true, state),
        "$AUDIT_INDEX first");
  }

  @Test
  void helpManPageReadmeAndPackageNameTheSamePlaces() throws Exception {
    String index = Locations.SYSTEM_INDEX.toString();
    String config = Locations.SYSTEM_CONFIG.toString();
    String whoHelp = SampleLogsEndToEndTest.audit("who", "--help").out();
    String nightlyHelp = SampleLogsEndToEndTest.audit("nightly", "--help").out();
    assertTrue(flat(whoHelp).contains(index), whoHelp);
    assertTrue(flat(nightlyHelp).contains(config), nightlyHelp);

    Docs.main(new String[] {tmp.toString(), "1.0", "2027-03-04T00:00:00Z"});
    String man = flat(Files.readString(tmp.resolve("audit.1")).replace("\\-", "-"));
    assertTrue(man.contains(index), "man page names the package's index");
    assertTrue(man.contains(config), "man page names the package's config");

    String readme = Files.readString(ROOT.resolve("README.md"));
    assertTrue(readme.contains(index), "README names the package's index");
    assertTrue(readme.contains(config), "README names the package's config");

    // the package: its nightly run writes that index and reads that config
    assertEquals(index, NightlyConfig.load(null).index().toString(), "built-in nightly index");
    for (String unit :
        new String[] {
          "packaging/systemd/proxy-audit-nightly.service", "packaging/cron.d/proxy-audit"
        }) {
      assertTrue(Files.readString(ROOT.resolve(unit)).contains("--config " + config), unit);
    }
    String pom = Files.readString(ROOT.resolve("analyzer/pom.xml"));
    assertTrue(pom.contains("<path>" + Locations.SYSTEM_STATE + "</path>"), "package makes it");
    assertTrue(
        pom.contains("<dst>" + Locations.SYSTEM_CONFIG.getFileName() + "</dst>")
            && pom.contains("<prefix>" + Locations.SYSTEM_CONFIG.getParent() + "</prefix>"),
        "package installs the config there");
  }

  /** Without white space: help and man text wrap long lines, sometimes inside a path. */
  private static String flat(String s) {
    return s.replaceAll("\\s+", "");
  }
}
