package dev.proxyaudit.analyzer.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive {@code package} built: unpacked into a scratch root, its launcher runs. (A
 * first version of the build assembled the archive before lib/ was copied: the jar shipped without
 * its libraries and could not start.)
 */
class ReleaseArchiveIT {
  @TempDir Path root;

  private static String run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), "timed out: " + cmd);
    assertEquals(0, p.exitValue(), cmd + " printed:\n" + out);
    return out;
  }

  @Test
  void unpackedArchiveRuns() throws Exception {
    Path dir = Path.of(System.getProperty("pa.build.dir", "target"));
    String version = System.getProperty("pa.version", "");
    Path tar = dir.resolve("proxy-audit-" + version + ".tar.gz");
    assertTrue(Files.isRegularFile(tar), tar + " built");

    String listing = run(List.of("tar", "-tvzf", tar.toString()));
    for (String entry :
        List.of(
            "usr/share/proxy-audit/lib/lucene-core-",
            "usr/share/proxy-audit/lib/proxy-audit-picocli-",
            "usr/share/proxy-audit/lib/proxy-audit-rules-",
            "usr/share/man/man1/audit.1.gz",
            "usr/share/bash-completion/completions/audit",
            "lib/systemd/system/proxy-audit-nightly.timer")) {
      assertTrue(listing.contains(entry), entry + " in\n" + listing);
    }
    assertTrue(listing.matches("(?s).*-rwxr-xr-x .*/usr/bin/audit\n.*"), listing);
    assertTrue(listing.matches("(?s).*-rw------- .*/etc/proxy-audit/nightly\\.conf\n.*"), listing);

    run(List.of("tar", "-xzf", tar.toString(), "--strip-components=1", "-C", root.toString()));
    String v = run(List.of(root.resolve("usr/bin/audit").toString(), "--version"));
    assertTrue(!version.isEmpty() && v.contains("proxy-audit " + version), v);
    try (Stream<Path> libs = Files.list(root.resolve("usr/share/proxy-audit/lib"))) {
      assertTrue(libs.count() >= 4, "libraries unpacked");
    }
  }
}
