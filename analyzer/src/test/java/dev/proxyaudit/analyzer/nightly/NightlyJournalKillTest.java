package dev.proxyaudit.analyzer.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxyaudit.testing.Need;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL at random moments of a nightly run reading the journal, 10 times, then one run to the
 * end: the index must hold every entry exactly once (the cursor is committed with the events). The
 * journal is a real one, written by systemd-journal-remote (systemd 252) from kernel LOG lines
 * shaped as the lab's ({@code real-formats/kernel/journalctl-k-short-iso.txt}).
 */
class NightlyJournalKillTest {
  private static final Path REMOTE = Path.of("/lib/systemd/systemd-journal-remote");
  private static final int ENTRIES = 60_000;

  @TempDir Path tmp;

  private void journal(Path dir) throws Exception {
    Files.createDirectories(dir);
    Process p =
        new ProcessBuilder(REMOTE.toString(), "-o", dir.resolve("system.journal").toString(), "-")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    long start = 1795841589000000L; // 2026-11-28T04:53:09Z
    try (BufferedWriter w =
        new BufferedWriter(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8))) {
      for (int n = 0; n < ENTRIES; n++) {
        long micros = start + n * 1000L;
        w.write("__REALTIME_TIMESTAMP=" + micros + "\n__MONOTONIC_TIMESTAMP=" + (n + 1) * 1000L);
        w.write("\n_BOOT_ID=0123456789abcdef0123456789abcdef\n_HOSTNAME=pa-vps\n");
        w.write("SYSLOG_IDENTIFIER=kernel\n_TRANSPORT=kernel\n");
        w.write(
            String.format(
                "MESSAGE=PA-SMTP-OUT: IN= OUT=pa-p1 SRC=203.0.113.1 DST=203.0.113.%d LEN=60"
                    + " TOS=0x00 PREC=0x00 TTL=64 ID=%d DF PROTO=TCP SPT=%d DPT=25 WINDOW=64240"
                    + " RES=0x00 SYN URGP=0 UID=%d GID=%d %n%n",
                1 + n % 200,
                n % 65536,
                1024 + n % 60000,
                n % 2 == 0 ? 65534 : 999,
                n % 2 == 0 ? 65534 : 995));
      }
    }
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), "systemd-journal-remote");
  }

  private Path config(String name, Path journal) throws IOException {
    Path c = tmp.resolve(name + ".conf");
    Files.writeString(
        c,
        "sources = "
            + tmp.resolve("none")
            + "/*.log\njournal = kernel\njournal_directory = "
            + journal
            + "\ntz = UTC\nindex = "
            + tmp.resolve(name)
            + "\nuids = v2ray=65534, shadowsocks=999\nreport_dir =\n"
            + "retention_days = 0\nevidence_retention_days = 0\n"
            + "commit_every_lines = 5000\n"); // kills land before, during and after commits
    return c;
  }

  private static Process start(Path config, ProcessBuilder.Redirect output) throws IOException {
    return NightlyProcess.start(config, output);
  }

  private int finish(Path config) throws Exception {
    Process p = start(config, ProcessBuilder.Redirect.to(tmp.resolve("run.log").toFile()));
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "a full run finishes");
    return p.exitValue();
  }

  @Test
  void killedTenTimesThenFinishedEqualsOneCleanRun() throws Exception {
    Need.command(REMOTE, "systemd-journal-remote");
    Need.command("journalctl", "systemd");
    Path journal = tmp.resolve("journal");
    journal(journal);
    int code = finish(config("clean", journal));
    assertTrue(code == 0 || code == 5, "clean run exit " + code + ": " + log());

    Path killed = config("killed", journal);
    Random random = new Random(20261128);
    List<Long> delays = new ArrayList<>();
    int kills = 0;
    for (int i = 0; i < 10; i++) {
      long delay = 300 + random.nextInt(2500); // JVM start ~0.3 s; a full run takes ~2 s
      delays.add(delay);
      Process p = start(killed, ProcessBuilder.Redirect.DISCARD);
      if (!p.waitFor(delay, TimeUnit.MILLISECONDS)) {
        p.destroyForcibly(); // SIGKILL; journalctl, its child, ends on the closed pipe
        p.waitFor(10, TimeUnit.SECONDS);
        kills++;
      }
    }
    assertTrue(kills >= 5, "most runs were killed before they ended: " + kills);
    int last = finish(killed);
    assertTrue(last == 0 || last == 5, "final run exit " + last + " after kills at " + delays);
    assertEquals(ENTRIES, docs(tmp.resolve("clean")), "every entry an event");
    assertEquals(ENTRIES, docs(tmp.resolve("killed")), "kills at " + delays);
  }

  private String log() throws IOException {
    return Files.readString(tmp.resolve("run.log"));
  }

  private static long docs(Path index) throws IOException {
    try (FSDirectory d = FSDirectory.open(index);
        DirectoryReader r = DirectoryReader.open(d)) {
      return r.numDocs();
    }
  }
}
