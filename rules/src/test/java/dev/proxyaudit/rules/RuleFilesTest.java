package dev.proxyaudit.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleFilesTest {
  @TempDir Path dir;

  @Test
  void writesOwnerOnlyAndOnlyWhenTheContentChanged() throws IOException {
    String v1 = "# a\n# Generated 2026-11-28T06:00:00Z by: x\n*filter\nCOMMIT\n";
    assertEquals(RuleFiles.Outcome.WRITTEN, RuleFiles.write(dir, "iptables.rules", v1, false));
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(dir.resolve("iptables.rules"))));
    String laterSame = v1.replace("06:00:00", "07:00:00");
    assertEquals(
        RuleFiles.Outcome.UNCHANGED, RuleFiles.write(dir, "iptables.rules", laterSame, false));
    assertEquals(v1, Files.readString(dir.resolve("iptables.rules")), "not rewritten");
    String v2 = v1.replace("COMMIT", "-A PROXY-AUDIT-OUT -j RETURN\nCOMMIT");
    assertEquals(RuleFiles.Outcome.WRITTEN, RuleFiles.write(dir, "iptables.rules", v2, false));
    assertEquals(v2, Files.readString(dir.resolve("iptables.rules")));
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temporary file left behind");
    }
  }

  @Test
  void refusesSymlinksAndNamesOutsideTheFolder() throws IOException {
    Path victim = Files.writeString(dir.resolve("shadow"), "root:x:0:0\n");
    Path out = Files.createDirectory(dir.resolve("out"));
    Files.createSymbolicLink(out.resolve("iptables.rules"), victim);
    IOException e =
        assertThrows(IOException.class, () -> RuleFiles.write(out, "iptables.rules", "x\n", false));
    assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
    assertEquals("root:x:0:0\n", Files.readString(victim), "the link's target is untouched");
    Path linkDir = Files.createSymbolicLink(dir.resolve("linked"), out);
    assertThrows(IOException.class, () -> RuleFiles.write(linkDir, "a.rules", "x\n", false));
    assertThrows(IOException.class, () -> RuleFiles.write(out, "../escape.rules", "x\n", false));
    assertThrows(IOException.class, () -> RuleFiles.write(out, ".hidden", "x\n", false));
  }

  @Test
  void diffShowsTheChangedLinesOnly() {
    String old = "a\nb\nc\nd\ne\nf\ng\n";
    String now = "a\nb\nc\nD\ne\nf\ng\n";
    assertEquals("--- a/x\n+++ b/x\n@@\n b\n c\n-d\n+D\n e\n f\n", RuleFiles.diff("x", old, now));
    assertEquals("", RuleFiles.diff("x", old, old));
  }
}
