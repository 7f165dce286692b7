package dev.proxyaudit.analyzer.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proxyaudit.analyzer.cli.Main;
import dev.proxyaudit.testing.Need;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal as a nightly source, on real journal files: the lab run's {@code journalctl -k} and
 * {@code journalctl -t ss-server} lines (systemd 252, Debian 12; {@code real-formats/}) are written
 * back into journal files by systemd's own {@code systemd-journal-remote} (Debian package
 * systemd-journal-remote, installed by .ci/run), and read by the nightly run through {@code
 * journalctl -D}. The same lines read as text files are the reference.
 */
class NightlyJournalTest {
  private static final Path REMOTE = Path.of("/lib/systemd/systemd-journal-remote");
  private static final Path KERNEL =
      Path.of("src/test/resources/real-formats/kernel/journalctl-k-short-iso.txt");
  private static final Path SS =
      Path.of(
          "src/test/resources/real-formats/shadowsocks-libev-3.3.5/"
              + "journalctl-t-ss-server-short-iso.txt");
  private static final Pattern SHORT_ISO =
      Pattern.compile("(\\S+) (\\S+) ([^\\[:]+)(?:\\[(\\d+)\\])?: (.*)");
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxx");

  @TempDir Path tmp;
  private Path journal;

  @BeforeEach
  void needsTheTools() throws IOException {
    Need.command(REMOTE, "systemd-journal-remote");
    Need.command("journalctl", "systemd");
    journal = Files.createDirectories(tmp.resolve("journal"));
  }

  /**
   * journald's export format for short-iso lines. The lines have whole seconds: the n-th line
   * (counted from {@code first}) gets n microseconds, so times rise in write order as journald's do
   * (journalctl merges files by time; a later file's entry stamped before the cursor would be
   * skipped by --after-cursor, in journald as here).
   */
  private static String export(List<String> lines, int first, String unit) {
    StringBuilder sb = new StringBuilder();
    int n = first;
    for (String l : lines) {
      Matcher m = SHORT_ISO.matcher(l);
      assertTrue(m.matches(), l);
      long micros = OffsetDateTime.parse(m.group(1), ISO).toInstant().toEpochMilli() * 1000 + n++;
      sb.append("__REALTIME_TIMESTAMP=").append(micros).append('\n');
      sb.append("__MONOTONIC_TIMESTAMP=").append(micros % 1_000_000_000L).append('\n');
      sb.append("_BOOT_ID=0123456789abcdef0123456789abcdef\n");
      sb.append("_HOSTNAME=").append(m.group(2)).append('\n');
      sb.append("SYSLOG_IDENTIFIER=").append(m.group(3)).append('\n');
      if (m.group(3).equals("kernel")) {
        sb.append("_TRANSPORT=kernel\n");
      } else {
        sb.append("_TRANSPORT=stdout\n_PID=").append(m.group(4)).append('\n');
        sb.append("_SYSTEMD_UNIT=").append(unit).append('\n');
      }
      sb.append("MESSAGE=").append(m.group(5)).append("\n\n");
    }
    return sb.toString();
  }

  /** Writes a journal file with systemd's own tool. */
  private void journalFile(String name, String export) throws Exception {
    Process p =
        new ProcessBuilder(REMOTE.toString(), "-o", journal.resolve(name).toString(), "-")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(export.getBytes(StandardCharsets.UTF_8));
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), "systemd-journal-remote");
  }

  private record Run(int code, String out, String err) {}

  private static Run audit(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err), Map.of());
    return new Run(code, out.toString(), err.toString());
  }

  private Path config(String index) throws IOException {
    Path c = tmp.resolve(index + ".conf");
    Files.writeString(
        c,
        "sources = "
            + tmp.resolve("none")
            + "/*.log\n"
            + "journal = kernel, shadowsocks-libev\n"
            + "journal_directory = "
            + journal
            + "\ntz = Europe/Berlin\nindex = "
            + tmp.resolve(index)
            + "\nreport_dir = "
            + tmp.resolve("reports")
            + "\nuids = v2ray=65534, shadowsocks=999\n"
            + "retention_days = 0\nevidence_retention_days = 0\n");
    return c;
  }

  private long docs(String index) throws IOException {
    try (FSDirectory d = FSDirectory.open(tmp.resolve(index));
        DirectoryReader r = DirectoryReader.open(d)) {
      return r.numDocs();
    }
  }

  private JsonNode who(String index) throws IOException {
    Run r =
        audit(
            "who",
            "--index",
            tmp.resolve(index).toString(),
            "--tz",
            "Europe/Berlin",
            "--port",
            "25,465,587",
            "--uid",
            "v2ray=65534",
            "--uid",
            "shadowsocks=999",
            "--output",
            "json");
    return new ObjectMapper().readTree(r.out());
  }

  @Test
  void journalEntriesCountOnceAndAnswerAsTheTextDoes() throws Exception {
    List<String> kernel = Files.readAllLines(KERNEL);
    List<String> ss = Files.readAllLines(SS);
    int half = kernel.size() / 2;
    List<String> first = new ArrayList<>(kernel.subList(0, half));
    journalFile(
        "system.journal", export(first, 0, "") + export(ss, 0, "shadowsocks-libev.service"));
    Path conf = config("index");

    Run one = audit("nightly", "--config", conf.toString(), "--now", "2026-11-28T06:00:00Z");
    assertTrue(one.code() == 0 || one.code() == 5, one.err());
    assertEquals("", one.err(), "every journal line understood");
    long afterFirst = docs("index");

    Run again = audit("nightly", "--config", conf.toString(), "--now", "2026-11-28T06:10:00Z");
    assertEquals(new Run(0, "", ""), again, "nothing new in the journal: silent");
    assertEquals(afterFirst, docs("index"));

    // journald starts a new file; the cursor carries over into it
    journalFile("system@later.journal", export(kernel.subList(half, kernel.size()), half, ""));
    Run later = audit("nightly", "--config", conf.toString(), "--now", "2026-11-28T06:20:00Z");
    assertEquals("", later.err());

    // The reference: the same lines as text files, through the file ingest.
    Path text = Files.createDirectories(tmp.resolve("text"));
    Files.copy(KERNEL, text.resolve("journalctl-k.txt"));
    Files.copy(SS, text.resolve("journalctl-t-ss-server.txt"));
    Run ref =
        audit(
            "ingest",
            "--index",
            tmp.resolve("ref").toString(),
            "--tz",
            "Europe/Berlin",
            text.toString());
    assertEquals(0, ref.code(), ref.err());
    assertEquals(docs("ref"), docs("index"), "every entry once, none twice");
    JsonNode a = who("ref");
    JsonNode b = who("index");
    assertEquals(a.get("kernel"), b.get("kernel"));
    assertEquals(a.get("who"), b.get("who"));
    assertTrue(b.get("kernel").size() > 0);
  }

  @Test
  void aJournalctlFailureIsReportedNotFatal() throws Exception {
    Path conf = config("index");
    Files.writeString(
        conf,
        Files.readString(conf)
            .replace("journal_directory = " + journal, "journal_directory = " + tmp.resolve("no")));
    Run r = audit("nightly", "--config", conf.toString(), "--now", "2026-11-28T06:00:00Z");
    // journalctl -D on a missing folder fails; the run reports it (exit 4) and goes on
    assertEquals(4, r.code(), r.out() + r.err());
    assertTrue(r.err().contains("journal:kernel"), r.err());
    assertTrue(r.err().contains("journalctl exited"), r.err());
  }
}
