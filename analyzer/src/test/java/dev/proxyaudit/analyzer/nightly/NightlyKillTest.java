package dev.proxyaudit.analyzer.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL at random moments of a large nightly ingest, 20 times, each followed by a rerun that is
 * killed too; then one run to the end. The index must then hold every line exactly once: what a
 * single clean run gives. The runs are real processes (the test's own classpath) killed with {@link
 * Process#destroyForcibly()}, which is SIGKILL on Linux.
 */
class NightlyKillTest {
  private static final int FILES = 3;
  private static final int LINES_PER_FILE = 120_000;

  @TempDir Path tmp;

  /** V2Ray 4.34 access lines (as in sample-logs/v2ray-4.34/access.log), one user per line mod 7. */
  private void corpus(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (int f = 0; f < FILES; f++) {
      try (BufferedWriter w =
          Files.newBufferedWriter(
              dir.resolve("access.log." + (FILES - f)), StandardCharsets.UTF_8)) {
        for (int i = 0; i < LINES_PER_FILE; i++) {
          int n = f * LINES_PER_FILE + i;
          w.write(
              String.format(
                  "2026/11/%02d %02d:%02d:%02d 198.51.100.%d:%d accepted tcp:203.0.113.%d:%d [direct] email: user%d@example.com%n",
                  20 + n / 86_400 % 8,
                  n / 3600 % 24,
                  n / 60 % 60,
                  n % 60,
                  10 + n % 50,
                  1024 + n % 60000,
                  1 + n % 200,
                  n % 3 == 0 ? 25 : 443,
                  n % 7));
        }
      }
    }
  }

  private Path config(String name, Path logs) throws IOException {
    Path c = tmp.resolve(name + ".conf");
    Files.writeString(
        c,
        "sources = "
            + logs
            + "/access.log*\n"
            + "tz = UTC\n"
            + "index = "
            + tmp.resolve(name)
            + "\n"
            + "uids = v2ray=65534\n"
            + "report_dir =\n"
            + "retention_days = 0\nevidence_retention_days = 0\n"
            // commit often, so kills land before, during and after commits
            + "commit_every_lines = 25000\n");
    return c;
  }

  private static Process start(Path config) throws IOException {
    return start(config, ProcessBuilder.Redirect.DISCARD);
  }

  private static Process start(Path config, ProcessBuilder.Redirect output) throws IOException {
    return NightlyProcess.start(config, output);
  }

  private String lastOutput = "";

  private int finish(Path config) throws Exception {
    Path log = tmp.resolve("run.log");
    Process p = start(config, ProcessBuilder.Redirect.to(log.toFile()));
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "a full run finishes");
    lastOutput = Files.readString(log);
    return p.exitValue();
  }

  @Test
  void killedTwentyTimesThenFinishedEqualsOneCleanRun() throws Exception {
    Path logs = tmp.resolve("logs");
    corpus(logs);
    Path clean = config("clean", logs);
    int code = finish(clean);
    assertTrue(code == 0 || code == 5, "clean run exit " + code);

    Path killed = config("killed", logs);
    Random random = new Random(20261128);
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      long delay = 300 + random.nextInt(4000); // JVM start ~0.3 s; a full run takes a few seconds
      delays.add(delay);
      Process p = start(killed);
      if (!p.waitFor(delay, TimeUnit.MILLISECONDS)) {
        p.destroyForcibly(); // SIGKILL
        p.waitFor(10, TimeUnit.SECONDS);
      }
    }
    int last = finish(killed);
    assertTrue(
        last == 0 || last == 5,
        "final run exit " + last + " after kills at " + delays + ": " + lastOutput);

    assertEquals(FILES * LINES_PER_FILE, count(tmp.resolve("clean"), null));
    assertEquals(
        count(tmp.resolve("clean"), null),
        count(tmp.resolve("killed"), null),
        "kills at " + delays);
    for (int u = 0; u < 7; u++) {
      String user = "user" + u + "@example.com";
      assertEquals(count(tmp.resolve("clean"), user), count(tmp.resolve("killed"), user), user);
    }
  }

  private static long count(Path index, String user) throws IOException {
    try (FSDirectory d = FSDirectory.open(index);
        DirectoryReader r = DirectoryReader.open(d)) {
      if (user == null) {
        return r.numDocs();
      }
      return new IndexSearcher(r).count(new TermQuery(new Term("user.name", user)));
    }
  }
}
