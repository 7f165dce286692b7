package dev.proxyaudit.analyzer.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expanding the paths an operator typed. */
class LogFilesTest {
  @TempDir Path dir;

  private Path touch(String name) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, "x\n");
    return p;
  }

  private List<String> names(LogFiles.Inputs in) {
    return in.files().stream().map(p -> dir.relativize(p).toString()).toList();
  }

  @Test
  void rotatedFilesOldestFirst() throws IOException {
    // created in an order the directory listing will not fix for us
    touch("v2ray/access.log");
    touch("v2ray/access.log.1");
    touch("v2ray/access.log.10.gz");
    touch("v2ray/access.log.2.gz");
    touch("v2ray/access.log.3.gz");
    LogFiles.Inputs in = LogFiles.expand(List.of(dir));
    assertEquals(
        List.of(
            "v2ray/access.log.10.gz",
            "v2ray/access.log.3.gz",
            "v2ray/access.log.2.gz",
            "v2ray/access.log.1",
            "v2ray/access.log"),
        names(in));
    assertEquals(List.of(), in.problems());
  }

  @Test
  void theRealSampleFolder() {
    LogFiles.Inputs in = LogFiles.expand(List.of(Path.of("../sample-logs/v2ray-4.34")));
    List<String> got = in.files().stream().map(p -> p.getFileName().toString()).toList();
    assertEquals(List.of("access.log.2.gz", "access.log.1", "access.log", "error.log"), got);
  }

  @Test
  void foldersAreRecursiveAndSkipHiddenAndDocs() throws IOException {
    touch("kernel/kern.log");
    touch("kernel/deep/er/syslog");
    touch(".hidden.log");
    touch("kernel/.kern.log.swp");
    touch("README.md");
    touch("README");
    touch("notes.md");
    LogFiles.Inputs in = LogFiles.expand(List.of(dir));
    // grouped by folder: a folder's own files before its subfolders'
    assertEquals(List.of("kernel/kern.log", "kernel/deep/er/syslog"), names(in));
  }

  @Test
  void filesInHiddenFoldersAreSkipped() throws IOException {
    touch("v2ray/access.log");
    touch(".git/logs/HEAD");
    touch("v2ray/.snapshot/access.log");
    assertEquals(List.of("v2ray/access.log"), names(LogFiles.expand(List.of(dir))));
  }

  @Test
  void namedFilesAreAlwaysReadAndCountOnce() throws IOException {
    Path readme = touch("README.md");
    Path log = touch("a/access.log");
    LogFiles.Inputs in = LogFiles.expand(List.of(readme, log, dir, log));
    assertEquals(List.of("README.md", "a/access.log"), names(in));
  }

  @Test
  void missingPathsAreProblems() {
    Path missing = dir.resolve("nope.log");
    LogFiles.Inputs in = LogFiles.expand(List.of(missing));
    assertEquals(List.of(), in.files());
    assertEquals(1, in.problems().size());
    assertTrue(in.problems().get(0).startsWith(missing + ": no such file"), in.problems().get(0));
  }

  @Test
  void sameRotationNumberPlainAndGzHaveAStableOrder() throws IOException {
    // "access.log.gz" (an operator's compressed copy) and "access.log": same base, same number
    touch("access.log");
    touch("access.log.gz");
    touch("access.log.1.gz");
    touch("access.log.1");
    List<String> first = names(LogFiles.expand(List.of(dir)));
    assertEquals(List.of("access.log.1", "access.log.1.gz", "access.log", "access.log.gz"), first);
  }
}
