package dev.proxyaudit.analyzer.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Checkpoints as saved in the Lucene commit, and how a file's head finds its checkpoint. */
class CheckpointsTest {
  // captured: v2ray 4.34 access.log line 1 (sample-logs/v2ray-4.34/access.log.2.gz)
  private static final byte[] HEAD =
      ("2026/11/28 05:53:09 198.51.100.12:56633 accepted tcp:www.example.test:80 [direct]"
              + " email: bob@example.com\n")
          .getBytes(StandardCharsets.UTF_8);

  private static FileCheckpoint cp(
      String key, int prefixLen, long offset, long inode, String path) {
    return new FileCheckpoint(
        key, prefixLen, Checkpoints.hash(HEAD, prefixLen), offset, 3, 0, "", inode, false, path);
  }

  @Test
  void serialiseAndParseKeepEveryField() {
    Checkpoints c = new Checkpoints();
    c.put(
        new FileCheckpoint(
            "0123456789abcdef",
            HEAD.length,
            Checkpoints.hash(HEAD, HEAD.length),
            4096,
            34,
            256,
            Checkpoints.hash(HEAD, 10),
            1234567,
            true,
            "/var/log/v2ray/odd\tname\\with\nbreaks.log"));
    c.put(cp("k2", 10, 10, -1, "/var/log/v2ray/access.log"));
    Checkpoints back = Checkpoints.parse(c.serialise());
    assertEquals(List.copyOf(c.all()), List.copyOf(back.all()));
  }

  @Test
  void emptyAndBrokenText() {
    assertTrue(Checkpoints.parse(null).all().isEmpty());
    assertTrue(Checkpoints.parse("").all().isEmpty());
    assertThrows(IllegalStateException.class, () -> Checkpoints.parse("a\tb\n"));
  }

  @Test
  void candidatesMatchByHeadSameInodeFirstThenFurthestRead() {
    Checkpoints c = new Checkpoints();
    c.put(cp("short", 20, 100, 7, "a"));
    c.put(cp("far", 40, 900, 8, "b"));
    c.put(cp("inode", 40, 50, 9, "c"));
    c.put(
        new FileCheckpoint(
            "other", 20, Checkpoints.hash(new byte[20], 20), 5000, 1, 0, "", 9, false, "d"));
    List<String> keys = c.candidates(HEAD, 9).stream().map(FileCheckpoint::key).toList();
    assertEquals(List.of("inode", "far", "short"), keys);
    // a file shorter than a checkpoint's prefix cannot be that file
    byte[] shortHead = java.util.Arrays.copyOf(HEAD, 30);
    assertEquals(
        List.of("short"), c.candidates(shortHead, -1).stream().map(FileCheckpoint::key).toList());
  }
}
