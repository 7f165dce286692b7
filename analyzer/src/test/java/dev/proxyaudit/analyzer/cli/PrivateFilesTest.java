package dev.proxyaudit.analyzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxyaudit.analyzer.testing.Cli.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Everything the tool writes that names users or clients is its owner's only (files 0600, folders
 * 0700), whatever the umask: the index, the reports, the rule files and their folders.
 */
class PrivateFilesTest {
  private static final Path SAMPLES = SampleLogsEndToEndTest.projectRoot().resolve("sample-logs");

  @TempDir Path tmp;

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  /** Every path under {@code top} (itself included) whose mode is not the promised one. */
  private static List<String> wider(Path top) throws IOException {
    List<String> bad = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(top)) {
      for (Path p : walk.toList()) {
        String want = Files.isDirectory(p) ? "rwx------" : "rw-------";
        String have = mode(p);
        if (!have.equals(want) && !(p.toString().endsWith(".sh") && have.equals("rwx------"))) {
          bad.add(p + " " + have);
        }
      }
    }
    return bad;
  }

  private Run ingest(Path index) {
    return SampleLogsEndToEndTest.audit(
        "ingest", "--index", index.toString(), "--tz", "Europe/Berlin", SAMPLES.toString());
  }

  @Test
  void indexFilesAndFoldersAreOwnerOnly() throws IOException {
    Path index = tmp.resolve("a/b/index");
    assertEquals(ExitCode.OK.code(), ingest(index).code());
    assertEquals(List.of(), wider(index));
    assertEquals("rwx------", mode(tmp.resolve("a")), "created parents too");
  }

  @Test
  void anIndexLeftWithWiderModesIsNarrowed() throws IOException {
    Path index = tmp.resolve("index");
    assertEquals(ExitCode.OK.code(), ingest(index).code());
    try (Stream<Path> files = Files.list(index)) {
      for (Path f : files.toList()) {
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
      }
    }
    Files.setPosixFilePermissions(index, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertEquals(ExitCode.OK.code(), ingest(index).code());
    assertEquals(List.of(), wider(index));
  }

  @Test
  void ruleFilesAndTheirFolderAreOwnerOnly() throws IOException {
    Path index = tmp.resolve("index");
    ingest(index);
    Path out = tmp.resolve("etc/rules");
    Run r =
        SampleLogsEndToEndTest.audit(
            "rules",
            "--index",
            index.toString(),
            "--tz",
            "Europe/Berlin",
            "--policy",
            SampleLogsEndToEndTest.SAMPLE_POLICY.toString(),
            "--uid",
            "v2ray=65534",
            "--uid",
            "shadowsocks=999",
            "--no-check",
            "--out",
            out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.exists(out.resolve("iptables.rules")));
    assertEquals(List.of(), wider(tmp.resolve("etc")));
  }

  @Test
  void nightlyReportsAndRulesAreOwnerOnly() throws IOException {
    Path config = tmp.resolve("nightly.conf");
    Files.writeString(
        config,
        "sources = "
            + SAMPLES.resolve("v2ray-4.34")
            + "/access.log*\ntz = Europe/Berlin\nindex = "
            + tmp.resolve("state/index")
            + "\nuids = v2ray=65534\nreport_dir = "
            + tmp.resolve("state/reports")
            + "\nrules_dir = "
            + tmp.resolve("state/rules")
            + "\nretention_days = 0\nevidence_retention_days = 0\n");
    Run r = SampleLogsEndToEndTest.audit("nightly", "--config", config.toString());
    assertEquals(ExitCode.ABUSE.code(), r.code(), r.err());
    assertTrue(Files.list(tmp.resolve("state/reports")).findAny().isPresent());
    assertEquals(List.of(), wider(tmp.resolve("state")));
  }
}
