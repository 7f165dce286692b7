package dev.proxyaudit.analyzer.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxyaudit.analyzer.index.EventIndex;
import dev.proxyaudit.analyzer.index.EventSchema;
import dev.proxyaudit.analyzer.index.FileReport;
import dev.proxyaudit.analyzer.index.IngestOptions;
import dev.proxyaudit.analyzer.index.Ingester;
import dev.proxyaudit.analyzer.parse.LineClassifier;
import dev.proxyaudit.analyzer.parse.LogFile;
import dev.proxyaudit.analyzer.parse.ParseResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile files through {@link Ingester#ingest} into a real index: real lines interleaved with
 * garbage (every good line still counts, every garbage line is one malformed line), random bytes,
 * truncated and corrupt {@code .gz}, files that grow or shrink between runs, a 50 MB line with no
 * newline, empty files. Nothing may escape {@code ingest}, the index holds exactly the events the
 * report counts, and a second run adds nothing.
 *
 * <p>The clock is fixed and file times are set an hour back, so a last line without newline is read
 * (its writer is done) without sleeping.
 */
class FuzzIngestTest {
  private static final Instant NOW = Instant.parse("2026-11-28T06:00:00Z");
  private static final FileTime OLD = FileTime.from(NOW.minus(Duration.ofHours(1)));
  private static final FileTime RECENT = FileTime.from(NOW);
  private static final IngestOptions OPTIONS =
      new IngestOptions(
          RealLines.ZONE,
          RealLines.YEAR,
          null,
          Duration.ofMinutes(1),
          Clock.fixed(NOW, ZoneOffset.UTC),
          2_000_000);
  private static final List<RealLines.Line> EVENTS =
      RealLines.all().stream().filter(l -> l.kind() == RealLines.Kind.EVENT).toList();

  @TempDir static Path tmp;
  private static final AtomicInteger DIRS = new AtomicInteger();

  @AfterAll
  static void tally() {
    System.out.println("FuzzIngestTest done; " + Fuzz.tally());
  }

  // ---- helpers ----

  /** A fresh folder with an empty index beside it, removed after the check. */
  private record Case(Path dir, Path logs, Path index) implements AutoCloseable {
    static Case create() throws IOException {
      Path d = tmp.resolve("case" + DIRS.incrementAndGet());
      return new Case(d, Files.createDirectories(d.resolve("logs")), d.resolve("index"));
    }

    Path write(String name, byte[] content, FileTime mtime) throws IOException {
      Path p = logs.resolve(name);
      Files.write(p, content);
      Files.setLastModifiedTime(p, mtime);
      return p;
    }

    FileReport ingest(Path file) throws Exception {
      Checks.INGESTS.incrementAndGet();
      try (EventIndex idx = EventIndex.open(index)) {
        Ingester.Result r = new Ingester(idx, OPTIONS).ingest(List.of(file));
        assertEquals(1, r.files().size(), "reports");
        FileReport f = r.files().get(0);
        Checks.INGESTED_LINES.addAndGet(f.lines());
        assertEquals(f.lines(), f.events() + f.ignored() + f.malformed(), "line tally " + f);
        return f;
      }
    }

    /** Events in the index; each one's raw line parses again to a valid event. */
    long docs() throws IOException {
      if (!Files.exists(index)) {
        return 0;
      }
      try (FSDirectory d = FSDirectory.open(index);
          DirectoryReader r = DirectoryReader.open(d)) {
        StoredFields sf = r.storedFields();
        long n = 0;
        for (int i = 0; i < r.maxDoc(); i++) {
          String raw = sf.document(i).get(EventSchema.ORIGINAL);
          if (raw != null) {
            n++;
          }
        }
        return n;
      }
    }

    @Override
    public void close() throws IOException {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  /** What a file of lines must give: counted from the lines as generated. */
  private static final class Expected {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final List<String> shown = new ArrayList<>();
    long lines;
    long events;
    long ignored;
    long malformed;

    void good(RealLines.Line l, String ending) {
      add(l.text().getBytes(StandardCharsets.UTF_8), ending, l.source());
      switch (l.kind()) {
        case EVENT -> events++;
        case IGNORED -> ignored++;
        case MALFORMED -> malformed++;
      }
    }

    void garbage(byte[] b, String ending, String what) {
      add(b, ending, what + " " + Mutations.show(b));
      malformed++;
    }

    void blank(String text, String ending) {
      add(text.getBytes(StandardCharsets.UTF_8), ending, "blank");
      ignored++;
    }

    private void add(byte[] b, String ending, String what) {
      bytes.writeBytes(b);
      bytes.writeBytes(ending.getBytes(StandardCharsets.US_ASCII));
      shown.add(what + (ending.isEmpty() ? " (no newline)" : ending.equals("\r\n") ? " CRLF" : ""));
      lines++;
    }

    byte[] content() {
      return bytes.toByteArray();
    }

    boolean binary() {
      byte[] c = content();
      return LogFile.looksBinarySample(Arrays.copyOf(c, Math.min(c.length, LogFile.PREFIX_BYTES)));
    }

    String show() {
      return String.join("\n", shown);
    }
  }

  /** A line that no format accepts: checked alone with classify, or made of a NUL or 64 KiB+. */
  private static byte[] garbage(SplittableRandom r, String[] what) {
    int k = r.nextInt(20);
    if (k < 2) {
      what[0] = "too long";
      byte[] b = new byte[Ingester.MAX_LINE_BYTES + 1 + r.nextInt(100_000)];
      byte[] line = Mutations.realLine(r).text().getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < b.length; i++) {
        b[i] = line[i % line.length];
      }
      return b;
    }
    if (k < 6) {
      what[0] = "NUL";
      byte[] b = Mutations.oneLine(Mutations.mutatedRealLine(r));
      if (b.length == 0) {
        b = new byte[] {'x'};
      }
      // inside the line: NULs where a line starts are a hole (a copytruncate race), which the
      // reader skips by design, so a line of NULs alone is blank, not malformed
      int at = 1 + r.nextInt(b.length);
      byte[] out = new byte[b.length + 1];
      System.arraycopy(b, 0, out, 0, at);
      System.arraycopy(b, at, out, at + 1, b.length - at);
      return out;
    }
    if (k < 8) {
      what[0] = "UTF-16";
      return Mutations.realLine(r)
          .text()
          .getBytes(r.nextBoolean() ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE);
    }
    for (int i = 0; i < 50; i++) {
      byte[] b =
          Mutations.oneLine(k < 11 ? Mutations.randomBytes(r, 200) : Mutations.mutatedRealLine(r));
      // a NUL where the line starts is the reader's hole (see "NUL" above), not a line
      if ((b.length == 0 || b[0] != 0)
          && RealLines.kindAlone(Mutations.utf8(b)) == RealLines.Kind.MALFORMED) {
        what[0] = k < 11 ? "random" : "mutated";
        return b;
      }
    }
    what[0] = "NUL only";
    return new byte[] {'x', 0};
  }

  private static String ending(SplittableRandom r) {
    return r.nextInt(4) == 0 ? "\r\n" : "\n";
  }

  /** Real lines with garbage and blank lines between them, some CRLF, maybe no final LF. */
  private static Expected interleaved(SplittableRandom r) {
    Expected e = new Expected();
    int n = r.nextInt(40);
    for (int i = 0; i < n; i++) {
      String end = i == n - 1 && r.nextInt(4) == 0 ? "" : ending(r);
      int k = r.nextInt(10);
      if (k < 6) {
        e.good(r.nextBoolean() ? Mutations.pick(r, EVENTS) : Mutations.realLine(r), end);
      } else if (k < 9) {
        String[] what = new String[1];
        e.garbage(garbage(r, what), end, what[0]);
      } else {
        // An empty last line without LF is no line at all.
        e.blank(r.nextBoolean() && !end.isEmpty() ? "" : " \t ", end);
      }
    }
    return e;
  }

  // ---- properties ----

  @Test
  void everyGoodLineAroundGarbageCounts() throws Exception {
    int[] branches = new int[3];
    Fuzz.forAll(
        "everyGoodLineAroundGarbageCounts",
        300,
        FuzzIngestTest::interleaved,
        Expected::show,
        e -> {
          try (Case c = Case.create()) {
            Path f = c.write("mixed.log", e.content(), OLD);
            FileReport first = c.ingest(f);
            if (e.lines == 0) {
              branches[0]++;
              assertEquals(FileReport.Status.UNCHANGED, first.status());
            } else if (e.binary()) {
              // A NUL (or many control bytes) in the first KiB: refused whole, by design.
              branches[1]++;
              assertEquals(FileReport.Status.FAILED, first.status(), first.toString());
              assertTrue(first.problem().contains("binary"), first.problem());
            } else {
              branches[2]++;
              assertEquals(FileReport.Status.READ, first.status(), first.toString());
              assertEquals(e.lines, first.lines(), "lines");
              assertEquals(e.events, first.events(), "events");
              assertEquals(e.malformed, first.malformed(), "malformed");
              assertEquals(e.ignored, first.ignored(), "ignored");
              assertEquals(false, first.partialLineLeft(), "partial");
            }
            assertEquals(first.events(), c.docs(), "events in the index");
            FileReport second = c.ingest(f);
            assertEquals(0, second.events(), "second run: " + second);
            assertEquals(first.events(), c.docs(), "events in the index after a second run");
          }
        });
    // Each branch must have been exercised, or the property says less than it seems to.
    assertTrue(branches[1] > 5 && branches[2] > 50, "branches " + Arrays.toString(branches));
  }

  @Test
  void randomBytesFiles() throws Exception {
    Fuzz.forAll(
        "randomBytesFiles",
        100,
        r -> {
          byte[] b = Mutations.randomBytes(r, 20_000);
          if (b.length > 2 && r.nextBoolean()) {
            b[0] = 0x1f; // gzip magic on random bytes
            b[1] = (byte) 0x8b;
          }
          return b;
        },
        Mutations::show,
        b -> {
          try (Case c = Case.create()) {
            Path f = c.write("random.log", b, OLD);
            FileReport first = c.ingest(f);
            assertEquals(first.events(), c.docs(), "events in the index");
            FileReport second = c.ingest(f);
            assertEquals(0, second.events(), "second run");
            assertEquals(first.events(), c.docs(), "events after a second run");
          }
        });
  }

  private static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(out)) {
      gz.write(b);
    }
    return out.toByteArray();
  }

  /**
   * Events in what a gzip reader gives before it fails, as the ingester reads it: only whole lines
   * when it fails, the last line without LF too when it does not.
   */
  private static long eventsReadable(byte[] gz) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz), 1 << 16)) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        out.write(buf, 0, n);
      }
    } catch (IOException e) {
      return eventsInCompleteLines(out.toByteArray()); // stops here, as the ingester does
    }
    return eventsInAllLines(out.toByteArray());
  }

  /** The bytes a gzip reader gives before it fails. */
  private static byte[] gunzipPrefix(byte[] gz) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz), 1 << 16)) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        out.write(buf, 0, n);
      }
    } catch (IOException e) {
      // stops here
    }
    return out.toByteArray();
  }

  /**
   * Events among the LF-terminated lines of {@code content}, read as one file is: a line over the
   * cap is malformed whatever it holds.
   */
  private static long eventsInCompleteLines(byte[] content) {
    LineClassifier c = RealLines.classifier();
    long events = 0;
    int start = 0;
    long n = 0;
    for (int i = 0; i < content.length; i++) {
      if (content[i] == '\n') {
        int end = i > start && content[i - 1] == '\r' ? i - 1 : i;
        String text = new String(content, start, end - start, StandardCharsets.UTF_8);
        n++;
        if (end - start <= Ingester.MAX_LINE_BYTES
            && c.classify(text, n, start) instanceof ParseResult.Parsed) {
          events++;
        }
        start = i + 1;
      }
    }
    return events;
  }

  /** A .gz of real and garbage lines, cut short or with bits flipped. */
  private record BrokenGz(byte[] plain, byte[] gz, boolean cut, String how) {}

  @Test
  void truncatedAndCorruptGzip() throws Exception {
    int[] exact = new int[1];
    Fuzz.forAll(
        "truncatedAndCorruptGzip",
        250,
        r -> {
          Expected e = interleaved(r);
          byte[] plain = e.content();
          byte[] gz;
          try {
            gz = gzip(plain);
          } catch (IOException x) {
            throw new AssertionError(x);
          }
          if (r.nextBoolean()) {
            int at = r.nextInt(gz.length + 1);
            return new BrokenGz(
                plain, Arrays.copyOf(gz, at), true, "cut at " + at + " of " + gz.length);
          }
          byte[] flipped = gz.clone();
          StringBuilder how = new StringBuilder("bits flipped at");
          for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
            int at = r.nextInt(flipped.length);
            flipped[at] ^= (byte) (1 << r.nextInt(8));
            how.append(' ').append(at);
          }
          return new BrokenGz(plain, flipped, false, how.toString());
        },
        g -> g.how() + " (" + g.gz().length + " bytes); content " + Mutations.show(g.plain()),
        g -> {
          try (Case c = Case.create()) {
            Path f = c.write("access.log.2.gz", g.gz(), OLD);
            FileReport first = c.ingest(f);
            assertEquals(first.events(), c.docs(), "events in the index");
            byte[] readable = gunzipPrefix(g.gz());
            if (g.cut()) {
              // Every complete line before the cut counts, unless the file is refused whole as
              // binary.
              byte[] prefix = Arrays.copyOf(readable, Math.min(readable.length, 1024));
              if (!LogFile.looksBinarySample(prefix)) {
                assertEquals(eventsReadable(g.gz()), first.events(), "events: " + first);
                exact[0]++;
              }
              assertTrue(first.events() <= eventsInAllLines(g.plain()), "more than whole");
            }
            FileReport second = c.ingest(f);
            assertEquals(0, second.events(), "second run: " + second);
            assertEquals(first.events(), c.docs(), "events after a second run");
          }
        });
    assertTrue(exact[0] > 20, "cuts checked exactly: " + exact[0]);
  }

  /** A file, and what happens to it before the second run. */
  private record Change(Expected before, int keep, Expected after, boolean recent, String how) {}

  @Test
  void fileGrowsOrShrinksBetweenRuns() throws Exception {
    int[] checked = new int[3]; // grown, shrunk, grown after an unterminated line was read
    Fuzz.forAll(
        "fileGrowsOrShrinksBetweenRuns",
        200,
        r -> {
          Expected before = interleaved(r);
          Expected after = interleaved(r);
          int len = before.content().length;
          boolean grow = r.nextBoolean();
          // Grow: append (a last line without LF is left while the file is recent, and
          // finished by the append). Shrink: cut anywhere, then maybe a little new text.
          int keep = grow ? len : r.nextInt(len + 1);
          boolean recent = grow && r.nextBoolean();
          return new Change(
              before, keep, after, recent, (grow ? "grow" : "shrink to " + keep) + " of " + len);
        },
        ch -> ch.how() + "\nbefore:\n" + ch.before().show() + "\nafter:\n" + ch.after().show(),
        ch -> {
          try (Case c = Case.create()) {
            byte[] a = ch.before().content();
            Path f = c.write("grow.log", a, ch.recent() ? RECENT : OLD);
            FileReport first = c.ingest(f);
            long docs1 = c.docs();
            assertEquals(first.events(), docs1, "events in the index");
            if (first.status() == FileReport.Status.FAILED) {
              return; // refused as binary: nothing to follow
            }
            long readTo = ch.recent() && first.partialLineLeft() ? lastLf(a) + 1 : a.length;
            byte[] b = ch.after().content();
            byte[] now;
            boolean shrunk = ch.keep() < a.length;
            if (shrunk) {
              // Rewritten shorter than what was read: a new file (copytruncate). Keep it
              // shorter than the old read position, else it is taken for the same file grown.
              int room = (int) Math.max(0, readTo - ch.keep() - 1);
              b = Arrays.copyOf(b, Math.min(b.length, room));
              now = concat(Arrays.copyOf(a, ch.keep()), b);
              if (now.length >= readTo) {
                return;
              }
              try (OutputStream out =
                  Files.newOutputStream(f, StandardOpenOption.TRUNCATE_EXISTING)) {
                out.write(now);
              }
            } else {
              now = concat(a, b);
              Files.write(f, b, StandardOpenOption.APPEND);
            }
            Files.setLastModifiedTime(f, OLD);
            byte[] nowPrefix = Arrays.copyOf(now, Math.min(now.length, LogFile.PREFIX_BYTES));
            FileReport second = c.ingest(f);
            if (LogFile.looksBinarySample(nowPrefix) || now.length == 0) {
              assertEquals(docs1, c.docs(), "refused or empty: nothing added");
              return;
            }
            // The whole file now counts once: what the first run read plus what is new, or
            // for a new (shrunk) file, all of it again. A last line without LF that the first
            // run read (its writer was quiet) stays as read: the rest of it appended later is
            // skipped, and only the lines after it are new.
            boolean readUnterminated = !ch.recent() && a.length > 0 && a[a.length - 1] != '\n';
            long expectedAll;
            if (shrunk) {
              expectedAll = docs1 + eventsInAllLines(now);
              checked[1]++;
            } else if (readUnterminated) {
              int lf = firstLf(b);
              expectedAll =
                  docs1 + (lf < 0 ? 0 : eventsInAllLines(Arrays.copyOfRange(b, lf + 1, b.length)));
              checked[2]++;
            } else {
              expectedAll = eventsInAllLines(now);
              checked[0]++;
            }
            assertEquals(expectedAll, c.docs(), "events after the change: " + second);
            FileReport third = c.ingest(f);
            assertEquals(0, third.events(), "third run: " + third);
          }
        });
    assertTrue(
        checked[0] > 10 && checked[1] > 10 && checked[2] > 2,
        "checked " + Arrays.toString(checked));
  }

  private static int firstLf(byte[] b) {
    for (int i = 0; i < b.length; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static long lastLf(byte[] b) {
    for (int i = b.length - 1; i >= 0; i--) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Events among all lines, the last one too even without LF (its writer is done). */
  private static long eventsInAllLines(byte[] content) {
    if (content.length > 0 && content[content.length - 1] != '\n') {
      content = concat(content, new byte[] {'\n'});
    }
    return eventsInCompleteLines(content);
  }

  // ---- examples ----

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }

  /** Writes {@code mb} MiB of a real line's bytes, repeated, without any LF. */
  private static void writeNoNewline(OutputStream out, int mb) throws IOException {
    byte[] unit = RealLines.all().get(0).text().getBytes(StandardCharsets.UTF_8);
    byte[] chunk = new byte[1 << 20];
    for (int i = 0; i < chunk.length; i++) {
      chunk[i] = unit[i % unit.length];
    }
    for (int i = 0; i < mb; i++) {
      out.write(chunk);
    }
  }

  @Test
  void fiftyMegabytesWithoutNewline() throws Exception {
    try (Case c = Case.create()) {
      Path f = c.logs().resolve("huge.log");
      try (OutputStream out = Files.newOutputStream(f)) {
        writeNoNewline(out, 50);
      }
      Files.setLastModifiedTime(f, OLD);
      long before = allocatedBytes();
      FileReport r = c.ingest(f);
      long allocated = allocatedBytes() - before;
      assertEquals(1, r.lines(), r.toString());
      assertEquals(1, r.malformed(), r.toString());
      assertEquals(0, r.events());
      // The line is cut at 64 KiB and the rest skipped: reading 50 MB must not allocate
      // anywhere near 50 MB (a reader that kept the line would allocate 100 MB as chars).
      assertTrue(allocated < 32L << 20, "allocated " + allocated + " bytes");
      assertEquals(0, c.ingest(f).lines(), "second run");
    }
  }

  @Test
  void fiftyMegabyteLineBetweenGoodLines() throws Exception {
    try (Case c = Case.create()) {
      Path f = c.logs().resolve("huge-mid.log");
      List<RealLines.Line> head = EVENTS.subList(0, 20);
      List<RealLines.Line> tail = EVENTS.subList(20, 45);
      try (OutputStream out = Files.newOutputStream(f)) {
        for (RealLines.Line l : head) {
          out.write((l.text() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        writeNoNewline(out, 50);
        out.write('\n');
        for (RealLines.Line l : tail) {
          out.write((l.text() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
      }
      Files.setLastModifiedTime(f, OLD);
      long before = allocatedBytes();
      FileReport r = c.ingest(f);
      long allocated = allocatedBytes() - before;
      assertEquals(46, r.lines(), r.toString());
      assertEquals(45, r.events(), r.toString());
      assertEquals(1, r.malformed(), r.toString());
      assertEquals(45, c.docs());
      assertTrue(allocated < 48L << 20, "allocated " + allocated + " bytes");
      assertEquals(0, c.ingest(f).events(), "second run");
      assertEquals(45, c.docs());
    }
  }

  @Test
  void emptyAndBlankFiles() throws Exception {
    for (String content : List.of("", "\n", "\n\n\n", "\r\n\r\n", "   \n\t\n", "\r")) {
      try (Case c = Case.create()) {
        Path f = c.write("empty.log", content.getBytes(StandardCharsets.US_ASCII), OLD);
        FileReport r = c.ingest(f);
        assertEquals(0, r.events(), r.toString());
        assertEquals(0, r.malformed(), Checks.shown(content) + ": " + r);
        assertNotEquals(FileReport.Status.FAILED, r.status(), Checks.shown(content) + ": " + r);
        assertEquals(0, c.docs());
        assertEquals(0, c.ingest(f).lines(), "second run");
      }
    }
  }
}
