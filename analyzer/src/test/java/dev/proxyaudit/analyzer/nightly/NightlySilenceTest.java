package dev.proxyaudit.analyzer.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxyaudit.analyzer.cli.ExitCode;
import dev.proxyaudit.analyzer.nightly.NightlyCli.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A nightly run is silent only when it read its sources and found nothing: the first run judges the
 * whole index whatever the date, and sources that match nothing or went quiet are a warning and
 * exit code 8.
 */
class NightlySilenceTest {
  /** Maven runs tests in the module directory; the samples live one level up. */
  private static final Path SAMPLES =
      Files.isDirectory(Path.of("sample-logs"))
          ? Path.of("sample-logs").toAbsolutePath()
          : Path.of("").toAbsolutePath().getParent().resolve("sample-logs");

  @TempDir Path tmp;

  private static Run nightlyAt(Path config, String instant) {
    return NightlyCli.run(config, instant);
  }

  /** A config reading {@code sources}, zone Europe/Berlin (the samples' host), lab uids. */
  private Path config(String sources) throws IOException {
    Path config = tmp.resolve("nightly.conf");
    Files.writeString(
        config,
        "sources = "
            + sources
            + "\ntz = Europe/Berlin\nindex = "
            + tmp.resolve("index")
            + "\nuids = v2ray=65534, shadowsocks=999\nreport_dir = "
            + tmp.resolve("reports")
            + "\nretention_days = 0\nevidence_retention_days = 0\npolicy = "
            + SAMPLES.resolveSibling("lab/sample-policy.properties")
            + "\n");
    return config;
  }

  private Path copyOfSamples() throws IOException {
    Path copy = tmp.resolve("logs");
    try (Stream<Path> walk = Files.walk(SAMPLES)) {
      for (Path p : walk.toList()) {
        Path to = copy.resolve(SAMPLES.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    return copy;
  }

  /** The samples were written on 2026-11-28; the runs happen long after, and before. */
  @ParameterizedTest
  @ValueSource(strings = {"2027-01-27T03:10:00Z", "2031-06-01T03:10:00Z", "2025-01-01T03:10:00Z"})
  void firstRunJudgesEverythingWhateverTheDateSecondIsSilent(String now) throws IOException {
    Path logs = copyOfSamples();
    Path config = config(logs + "/v2ray-4.34/access.log*, " + logs + "/kernel/kern.log");
    Run first = nightlyAt(config, now);
    assertEquals(ExitCode.ABUSE.code(), first.code(), first.out() + first.err());
    assertTrue(first.out().contains("v2ray alice@example.com"), first.out());
    assertTrue(
        first.out().contains("judged abuse between 2026-11-28T05:53"), "the samples' own times");
    Run second = nightlyAt(config, now);
    assertEquals(ExitCode.OK.code(), second.code(), second.out() + second.err());
    assertEquals("", second.out());
    assertEquals("", second.err());
  }

  @Test
  void olderLogsAddedAfterARunAreJudgedToo() throws IOException {
    // the first run judges this week's web traffic; then the operator adds the incident's logs
    Path web = Files.createDirectories(tmp.resolve("web")).resolve("access.log");
    Files.writeString(
        web,
        // V2Ray 4.34 access line form (sample-logs/v2ray-4.34/access.log)
        "2027/01/26 21:00:00 198.51.100.11:53071 accepted tcp:203.0.113.80:443 [direct] email:"
            + " bob@example.com\n");
    Path config = config(web.toString());
    assertEquals(new Run(0, "", ""), nightlyAt(config, "2027-01-27T03:10:00Z"));
    Path logs = copyOfSamples();
    Files.writeString(
        config,
        Files.readString(config)
            .replace("sources = " + web, "sources = " + web + ", " + logs + "/v2ray-4.34/*"));
    Run next = nightlyAt(config, "2027-01-28T03:10:00Z");
    assertEquals(ExitCode.ABUSE.code(), next.code(), next.out() + next.err());
    assertTrue(next.out().contains("v2ray alice@example.com"), next.out());
  }

  @Test
  void sourcesThatMatchNoFileAreAWarningOnceADayAndExitEightEveryRun() throws IOException {
    Path config = config(tmp.resolve("var/log/v2ray") + "/access.log*");
    Run first = nightlyAt(config, "2026-11-28T03:10:00Z");
    assertEquals(ExitCode.NO_DATA.code(), first.code(), first.err());
    assertEquals("", first.out());
    assertTrue(
        first.err().startsWith("audit nightly: nothing to read: no file matches the configured"),
        first.err());
    Run hourLater = nightlyAt(config, "2026-11-28T04:10:00Z");
    assertEquals(ExitCode.NO_DATA.code(), hourLater.code());
    assertEquals("", hourLater.err(), "warned already today");
    Run nextDay = nightlyAt(config, "2026-11-29T03:10:00Z");
    assertEquals(ExitCode.NO_DATA.code(), nextDay.code());
    assertTrue(nextDay.err().contains("nothing to read"), nextDay.err());
  }

  @Test
  void sourcesQuietForLongerThanStaleAfterDays() throws IOException {
    Path log = Files.createDirectories(tmp.resolve("v2ray")).resolve("access.log");
    // V2Ray 4.34 access line (sample-logs/v2ray-4.34/access.log form), web traffic
    Files.writeString(
        log,
        "2026/11/28 05:53:17 198.51.100.11:53071 accepted tcp:203.0.113.80:443 [direct] email:"
            + " bob@example.com\n");
    Path config = config(log.toString());
    assertEquals(ExitCode.OK.code(), nightlyAt(config, "2026-11-28T06:00:00Z").code());
    Run twoDays = nightlyAt(config, "2026-11-30T05:00:00Z");
    assertEquals(ExitCode.OK.code(), twoDays.code(), "quiet for 2 days: within the limit");
    Run threeDays = nightlyAt(config, "2026-12-01T06:30:00Z");
    assertEquals(ExitCode.NO_DATA.code(), threeDays.code(), threeDays.err());
    assertTrue(
        threeDays
            .err()
            .startsWith(
                "audit nightly: no new events from the sources for more than 2 days (last"
                    + " 2026-11-28T07:00:00+01:00)"),
        threeDays.err());
    // a new line: live again, silent
    Files.writeString(
        log,
        "2026/12/01 07:40:00 198.51.100.11:53072 accepted tcp:203.0.113.80:443 [direct] email:"
            + " bob@example.com\n",
        java.nio.file.StandardOpenOption.APPEND);
    Run live = nightlyAt(config, "2026-12-01T07:00:00Z");
    assertEquals(new Run(ExitCode.OK.code(), "", ""), live);
    // and stale_after_days = 0 turns the check off
    Files.writeString(config, Files.readString(config) + "stale_after_days = 0\n");
    assertEquals(ExitCode.OK.code(), nightlyAt(config, "2027-03-01T07:00:00Z").code());
  }

  @Test
  void portNamesFromTheConfigApplyWithoutReingest() throws IOException {
    Path logs = copyOfSamples();
    Path config = config(logs + "/shadowsocks-libev-3.3.5/syslog, " + logs + "/kernel/kern.log");
    Path users = tmp.resolve("users");
    Files.writeString(users, "8389=frank\n");
    Files.writeString(config, Files.readString(config) + "users = " + users + "\n");
    Run first = nightlyAt(config, "2027-01-27T03:10:00Z");
    assertEquals(ExitCode.ABUSE.code(), first.code(), first.err());
    assertTrue(first.out().contains("shadowsocks frank"), first.out());
    List<String> reports;
    try (Stream<Path> s = Files.list(tmp.resolve("reports"))) {
      reports = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertEquals(List.of("report-20270127-041000.html", "report-20270127-041000.json"), reports);
  }
}
