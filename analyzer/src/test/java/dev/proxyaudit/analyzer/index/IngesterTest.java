package dev.proxyaudit.analyzer.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxyaudit.analyzer.parse.BootClock;
import dev.proxyaudit.analyzer.parse.LineClassifier;
import dev.proxyaudit.analyzer.parse.ParseContext;
import dev.proxyaudit.analyzer.parse.ParseResult;
import dev.proxyaudit.analyzer.parse.YearResolver;
import dev.proxyaudit.analyzer.query.GroupBy;
import dev.proxyaudit.analyzer.query.ProxyHit;
import dev.proxyaudit.analyzer.query.WatchedLists;
import dev.proxyaudit.analyzer.query.WhoQuery;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental ingest by content identity, on real files in a temporary folder.
 *
 * <p>Lines: the lab run's whole v2ray 4.34.0 access log (Debian 12 package 4.34.0+ds-1, {@code
 * real-formats/v2ray-4.34/access.log}, 34 lines: 33 accepted, 1 rejected) and, for the rotation
 * case, its real logrotate-style split in {@code sample-logs/v2ray-4.34/}. The clock is fixed and
 * file times are set, so the quiet period for partial last lines needs no sleeping.
 */
class IngesterTest {
  private static final Path WHOLE =
      Path.of("src/test/resources/real-formats/v2ray-4.34/access.log");
  private static final Path SAMPLES = Path.of("../sample-logs/v2ray-4.34");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final Instant NOW = Instant.parse("2026-11-28T06:00:00Z");
  private static final FileTime OLD = FileTime.from(NOW.minus(Duration.ofHours(1)));
  private static final FileTime RECENT = FileTime.from(NOW);

  /** The 34 lines, each with its LF. */
  private static List<String> lines;

  @TempDir Path tmp;
  private Path logs;
  private Path indexDir;
  private IngestOptions options;

  @BeforeAll
  static void readLines() throws IOException {
    lines = new ArrayList<>();
    for (String l : Files.readString(WHOLE, StandardCharsets.UTF_8).split("(?<=\n)")) {
      lines.add(l);
    }
    assertEquals(34, lines.size());
  }

  @BeforeEach
  void setUp() throws IOException {
    logs = Files.createDirectories(tmp.resolve("logs"));
    indexDir = tmp.resolve("index");
    options =
        new IngestOptions(
            BERLIN, 2026, null, Duration.ofMinutes(1), Clock.fixed(NOW, ZoneOffset.UTC), 2_000_000);
  }

  // ---- helpers ----

  private static String join(List<String> ls) {
    return String.join("", ls);
  }

  private static List<String> range(int from, int to) {
    return lines.subList(from, to);
  }

  private Path write(String name, String content) throws IOException {
    Path p = logs.resolve(name);
    Files.writeString(p, content, StandardCharsets.UTF_8);
    Files.setLastModifiedTime(p, OLD);
    return p;
  }

  private Path append(Path p, String content) throws IOException {
    Files.writeString(p, content, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    Files.setLastModifiedTime(p, OLD);
    return p;
  }

  private static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(out)) {
      gz.write(b);
    }
    return out.toByteArray();
  }

  /** gzip {@code from} into {@code to} and delete {@code from}, as logrotate's compress does. */
  private Path compress(Path from, String to) throws IOException {
    Path p = logs.resolve(to);
    Files.write(p, gzip(Files.readAllBytes(from)));
    Files.delete(from);
    return p;
  }

  private Ingester.Result ingest(Path... paths) throws Exception {
    try (EventIndex idx = EventIndex.open(indexDir)) {
      return new Ingester(idx, options).ingest(List.of(paths));
    }
  }

  /** The raw lines in the index, sorted; duplicates show up twice. */
  private List<String> indexed() throws IOException {
    List<String> out = new ArrayList<>();
    try (FSDirectory d = FSDirectory.open(indexDir);
        DirectoryReader r = DirectoryReader.open(d)) {
      StoredFields sf = r.storedFields();
      for (int i = 0; i < r.maxDoc(); i++) {
        out.add(sf.document(i).get(EventSchema.ORIGINAL));
      }
    }
    out.sort(null);
    return out;
  }

  /** The raw lines (without LF) that are connection events, sorted: what the index must hold. */
  private static List<String> events(List<String> ls) {
    ParseContext ctx =
        new ParseContext("ref", "ref", BERLIN, YearResolver.startingIn(2026), BootClock.of(null));
    LineClassifier c = new LineClassifier(ctx);
    List<String> out = new ArrayList<>();
    for (String l : ls) {
      String raw = l.endsWith("\n") ? l.substring(0, l.length() - 1) : l;
      if (c.classify(raw, 1, 0) instanceof ParseResult.Parsed) {
        out.add(raw);
      }
    }
    out.sort(null);
    return out;
  }

  /** who --port 25: connections per user (null key for lines without a user). */
  private Map<String, Long> who25() throws IOException {
    Map<String, Long> out = new TreeMap<>(java.util.Comparator.nullsFirst(String::compareTo));
    try (FSDirectory d = FSDirectory.open(indexDir);
        DirectoryReader r = DirectoryReader.open(d)) {
      WatchedLists events =
          WatchedLists.load(r, new WhoQuery(List.of(25), null, null, GroupBy.USER));
      for (ProxyHit h : events.proxies()) {
        out.merge(h.user(), 1L, Long::sum);
      }
    }
    return out;
  }

  /** Compares counts first, so a failure says how many before listing the lines. */
  private static void assertSameLines(List<String> expected, List<String> actual) {
    assertEquals(expected.size(), actual.size(), "events in the index");
    assertEquals(expected, actual);
  }

  private static FileReport report(Ingester.Result r, Path p) {
    return r.files().stream()
        .filter(f -> f.path().equals(p.toString()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no report for " + p + " in " + r.files()));
  }

  // ---- tests ----

  @Test
  void wholeLogOnceThenNothingNew() throws Exception {
    Path f = write("access.log", join(lines));
    Ingester.Result first = ingest(logs);
    assertSameLines(events(lines), indexed());
    assertEquals(34, first.events()); // 33 accepted + 1 rejected (an attempt is evidence too)
    assertEquals(34, report(first, f).lines());
    Map<String, Long> who = who25();
    // truth.json: port 25 via v2ray = alice 9 (IPv4) + 3 (IPv6), no-email client 1, socks 1
    assertEquals(12L, who.get("alice@example.com"));
    assertEquals(14L, who.values().stream().mapToLong(Long::longValue).sum());

    Ingester.Result second = ingest(logs);
    assertEquals(0, second.events());
    assertEquals(FileReport.Status.UNCHANGED, report(second, f).status());
    assertSameLines(events(lines), indexed());
    assertEquals(who, who25());
  }

  @Test
  void grownFileAddsOnlyTheNewLines() throws Exception {
    Path f = write("access.log", join(range(0, 20)));
    assertEquals(events(range(0, 20)).size(), ingest(f).events());
    append(f, join(range(20, 34)));
    Ingester.Result second = ingest(f);
    assertEquals(events(range(20, 34)).size(), second.events());
    assertEquals(14, report(second, f).lines());
    assertSameLines(events(lines), indexed());
  }

  @Test
  void renameRotationLosesAndDuplicatesNothing() throws Exception {
    Path live = write("access.log", join(range(0, 20)));
    ingest(logs);
    // the writer adds 3 lines nobody has read yet, then logrotate renames and a new log starts
    append(live, join(range(20, 23)));
    Files.move(live, logs.resolve("access.log.1"));
    write("access.log", join(range(23, 34)));
    Ingester.Result second = ingest(logs);
    assertEquals(events(range(20, 34)).size(), second.events());
    assertEquals(3, report(second, logs.resolve("access.log.1")).lines());
    assertSameLines(events(lines), indexed());
    assertEquals(0, ingest(logs).events());
  }

  @Test
  void renamedThenCompressedReadsOnlyTheUnreadRest() throws Exception {
    // Two logrotate runs with delaycompress, ending in the real sample's split:
    // access.log.2.gz = lines 1-14, access.log.1 = 15-29, access.log = 30-34.
    Path live = write("access.log", join(range(0, 10)));
    ingest(logs);
    append(live, join(range(10, 14))); // 4 lines not read before the rotation
    Files.move(live, logs.resolve("access.log.1"));
    write("access.log", join(range(14, 29)));
    // second rotation before the next ingest: .1 compressed to .2.gz, access.log -> .1
    compress(logs.resolve("access.log.1"), "access.log.2.gz");
    Files.move(logs.resolve("access.log"), logs.resolve("access.log.1"));
    Files.setLastModifiedTime(logs.resolve("access.log.1"), OLD);
    write("access.log", join(range(29, 34)));
    // the files now hold the same decompressed bytes as the real sample folder
    assertEquals(
        Files.readString(SAMPLES.resolve("access.log.1")),
        Files.readString(logs.resolve("access.log.1")));

    Ingester.Result second = ingest(logs);
    assertEquals(4, report(second, logs.resolve("access.log.2.gz")).lines());
    assertEquals(15, report(second, logs.resolve("access.log.1")).lines());
    assertEquals(5, report(second, logs.resolve("access.log")).lines());
    assertSameLines(events(lines), indexed());
    assertEquals(0, ingest(logs).events());
  }

  @Test
  void theRealSampleSplitIsReadOnceAndMatchesTheWholeLog() throws Exception {
    for (String n : List.of("access.log.2.gz", "access.log.1", "access.log")) {
      Files.copy(SAMPLES.resolve(n), logs.resolve(n));
      Files.setLastModifiedTime(logs.resolve(n), OLD);
    }
    Ingester.Result first = ingest(logs);
    assertEquals(14, report(first, logs.resolve("access.log.2.gz")).lines());
    assertSameLines(events(lines), indexed());
    assertEquals(0, ingest(logs).events());
  }

  @Test
  void fullyReadFileLaterCompressedIsNotReadAgain() throws Exception {
    Path one = write("access.log.1", join(range(0, 14)));
    ingest(logs);
    compress(one, "access.log.2.gz");
    Ingester.Result second = ingest(logs);
    assertEquals(0, second.events());
    assertEquals(
        FileReport.Status.UNCHANGED, report(second, logs.resolve("access.log.2.gz")).status());
    assertSameLines(events(range(0, 14)), indexed());
  }

  @Test
  void copytruncateStartsAgainFromTheTop() throws Exception {
    Path live = write("access.log", join(range(0, 20)));
    ingest(live);
    // logrotate copytruncate: copy to .1, truncate in place (same inode), the writer goes on
    Files.copy(live, logs.resolve("access.log.1"));
    Files.setLastModifiedTime(logs.resolve("access.log.1"), OLD);
    Files.write(live, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
    append(live, join(range(20, 25)));
    Ingester.Result second = ingest(logs);
    assertEquals(0, report(second, logs.resolve("access.log.1")).events());
    assertEquals(5, report(second, live).lines());
    assertSameLines(events(range(0, 25)), indexed());
  }

  @Test
  void copytruncateThenGrownPastTheOldOffset() throws Exception {
    Path live = write("access.log", join(range(0, 5)));
    ingest(live);
    Files.write(live, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
    append(live, join(range(5, 34))); // longer than before, same inode
    Ingester.Result second = ingest(live);
    assertEquals(29, report(second, live).lines());
    assertSameLines(events(lines), indexed());
  }

  @Test
  void partialLastLineWaitsForTheWriterThenCountsOnce() throws Exception {
    String line11 = lines.get(10);
    Path f = write("access.log", join(range(0, 10)) + line11.substring(0, 40));
    Files.setLastModifiedTime(f, RECENT); // the writer is still at it
    Ingester.Result first = ingest(f);
    FileReport r1 = report(first, f);
    assertTrue(r1.partialLineLeft());
    assertEquals(10, r1.lines());
    assertSameLines(events(range(0, 10)), indexed());

    append(f, line11.substring(40) + join(range(11, 12)));
    Ingester.Result second = ingest(f);
    FileReport r2 = report(second, f);
    assertFalse(r2.partialLineLeft());
    assertEquals(2, r2.lines());
    assertEquals(0, r2.malformed());
    assertSameLines(events(range(0, 12)), indexed());
  }

  @Test
  void partialLineLeftTwiceThenRotatedAndCompressed() throws Exception {
    String line11 = lines.get(10);
    Path f = write("access.log", join(range(0, 10)));
    ingest(f);
    // two runs in a row see only the same unfinished line: nothing new either time
    append(f, line11.substring(0, 40));
    Files.setLastModifiedTime(f, RECENT);
    assertTrue(report(ingest(f), f).partialLineLeft());
    assertTrue(report(ingest(f), f).partialLineLeft());
    // the line is finished, then logrotate renames and compresses before the next run
    append(f, line11.substring(40) + join(range(11, 14)));
    compress(f, "access.log.1.gz");
    Ingester.Result r = ingest(logs);
    assertEquals(4, report(r, logs.resolve("access.log.1.gz")).lines());
    assertSameLines(events(range(0, 14)), indexed());
  }

  @Test
  void partialLastLineOfAQuietFileIsRead() throws Exception {
    String last = lines.get(33);
    Path f = write("access.log", join(range(0, 33)) + last.substring(0, last.length() - 1));
    Ingester.Result r = ingest(f);
    assertFalse(report(r, f).partialLineLeft());
    assertSameLines(events(lines), indexed());
    assertEquals(0, ingest(f).events());
  }

  @Test
  void plainFileBeginningWithAReadGzIsReadFromWhereTheGzEnded() throws Exception {
    // access.log.2.gz (first 14 lines) read; then the unrotated original with all 34 turns up
    Files.copy(SAMPLES.resolve("access.log.2.gz"), logs.resolve("access.log.2.gz"));
    ingest(logs);
    assertSameLines(events(range(0, 14)), indexed());
    Path original = tmp.resolve("original/access.log");
    Files.createDirectories(original.getParent());
    Files.writeString(original, join(range(0, 30)));
    Files.setLastModifiedTime(original, OLD);
    Ingester.Result second = ingest(original);
    assertEquals(16, report(second, original).lines());
    assertSameLines(events(range(0, 30)), indexed());
    // and it keeps growing under its own key, each line once
    append(original, join(range(30, 34)));
    assertEquals(4, report(ingest(original), original).lines());
    assertEquals(0, ingest(logs.resolve("access.log.2.gz"), original).events());
    assertSameLines(events(lines), indexed());
  }

  @Test
  void truncatedGzipKeepsWhatWasReadAndSaysWhere() throws Exception {
    byte[] gz = gzip(Files.readAllBytes(WHOLE));
    Path f = logs.resolve("access.log.2.gz");
    Files.write(f, Arrays.copyOf(gz, gz.length * 2 / 3));
    Ingester.Result r = ingest(f);
    FileReport rep = report(r, f);
    assertTrue(r.hasProblems());
    assertNotNull(rep.problem());
    assertTrue(rep.problem().contains("line " + rep.lines()), rep.problem());
    assertTrue(rep.lines() > 0 && rep.lines() < 34, "lines " + rep.lines());
    assertEquals(f.toString(), rep.path());
    assertSameLines(events(range(0, (int) rep.lines())), indexed());
    // read again as it is: nothing new, and still a problem
    Ingester.Result again = ingest(f);
    assertEquals(0, again.events());
    assertTrue(again.hasProblems());
    // the complete copy turns up later: only the rest is read
    Path full = logs.resolve("access.log.3.gz");
    Files.write(full, gz);
    ingest(full);
    assertSameLines(events(lines), indexed());
  }

  @Test
  void truncatedGzipCutInsideALongLineIsNotReadTwice() throws Exception {
    // Found by FuzzIngestTest: the cut fell more than 8 KiB into a long line, the reader no
    // longer held the bytes before the last whole line, the checkpoint had no tail, and the
    // next run read the .gz again from its first line (every event twice).
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
    StringBuilder longLine = new StringBuilder();
    while (longLine.length() < 100_000) {
      longLine.append((char) rnd.nextInt('!', '~' + 1));
    }
    String plain = join(range(0, 20)) + longLine + "\n" + join(range(20, 34));
    byte[] gz = gzip(plain.getBytes(StandardCharsets.UTF_8));
    Path f = logs.resolve("access.log.2.gz");
    Files.write(f, Arrays.copyOf(gz, gz.length - 40_000));
    Ingester.Result first = ingest(f);
    assertEquals(20, report(first, f).lines(), report(first, f).toString());
    assertSameLines(events(range(0, 20)), indexed());
    Ingester.Result again = ingest(f);
    assertEquals(0, again.events());
    assertSameLines(events(range(0, 20)), indexed());
  }

  @Test
  void emptyFileThenContent() throws Exception {
    Path f = write("access.log", "");
    Ingester.Result r = ingest(f);
    assertEquals(FileReport.Status.UNCHANGED, report(r, f).status());
    assertFalse(r.hasProblems());
    append(f, join(range(0, 3)));
    assertEquals(3, report(ingest(f), f).lines());
    assertSameLines(events(range(0, 3)), indexed());
  }

  @Test
  void binaryFileIsRefused() throws Exception {
    byte[] bin = new byte[2048];
    for (int i = 0; i < bin.length; i++) {
      bin[i] = (byte) (i % 7 == 0 ? 0 : 'A' + i % 26);
    }
    Path f = logs.resolve("core");
    Files.write(f, bin);
    Ingester.Result r = ingest(f);
    FileReport rep = report(r, f);
    assertEquals(FileReport.Status.FAILED, rep.status());
    assertTrue(rep.problem().contains("binary"), rep.problem());
    assertTrue(indexed().isEmpty());
  }

  @Test
  void unsupportedCompressionIsReported() throws Exception {
    Path f = logs.resolve("access.log.2.xz");
    Files.write(f, new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0, 0, 4, 'x'});
    FileReport rep = report(ingest(f), f);
    assertEquals(FileReport.Status.FAILED, rep.status());
    assertTrue(rep.problem().startsWith("xz-compressed"), rep.problem());
  }

  @Test
  void missingPathIsAProblemAndOthersAreStillRead() throws Exception {
    Path f = write("access.log", join(range(0, 3)));
    Ingester.Result r = ingest(logs.resolve("nope.log"), f);
    assertTrue(r.hasProblems());
    assertEquals(1, r.problems().size());
    assertSameLines(events(range(0, 3)), indexed());
  }

  @Test
  void longLastLineThenCompressedIsRecognised() throws Exception {
    // A last line over 8 KiB (garbage a broken writer left) before rotation and compression:
    // the tail fingerprint must still match the .gz, or the .gz is read again from the start.
    char[] junk = new char[10_000];
    Arrays.fill(junk, 'x');
    Path live = write("access.log", join(range(0, 20)) + new String(junk) + "\n");
    Ingester.Result first = ingest(live);
    assertEquals(1, report(first, live).malformed());
    compress(live, "access.log.1.gz");
    Ingester.Result second = ingest(logs.resolve("access.log.1.gz"));
    assertEquals(0, second.events());
    assertSameLines(events(range(0, 20)), indexed());
  }

  @Test
  void checkpointsSurviveInTheCommit() throws Exception {
    Path f = write("access.log", join(range(0, 20)));
    ingest(f);
    try (EventIndex idx = EventIndex.open(indexDir)) {
      assertEquals(1, idx.checkpoints().all().size());
      FileCheckpoint c = idx.checkpoints().all().iterator().next();
      assertEquals(20, c.lines());
      assertEquals(Files.size(f), c.offset());
      assertEquals(f.toString(), c.path());
      assertFalse(c.complete());
    }
  }

  /**
   * logrotate's copytruncate with a writer that does not append (a daemon's stdout redirected with
   * '>', as guides start ss-server): after the truncate the writer goes on at its old offset and
   * the kernel leaves a hole of NUL bytes before the new lines. Lines: the lab's v2ray log; the
   * writer and the truncate are real file operations, the hole is the kernel's.
   */
  @Test
  void copytruncateWithAWriterThatDoesNotAppendLeavesAHoleThatIsSkipped() throws Exception {
    Path live = logs.resolve("access.log");
    Path rotated = logs.resolve("access.log.1");
    byte[] before = join(range(0, 20)).getBytes(StandardCharsets.UTF_8);
    byte[] after = join(range(20, 34)).getBytes(StandardCharsets.UTF_8);
    try (FileChannel writer =
        FileChannel.open(
            live,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      writer.write(ByteBuffer.wrap(before));
      Files.setLastModifiedTime(live, OLD);
      assertFalse(ingest(live).hasProblems());
      Files.copy(live, rotated); // copytruncate: copy, then truncate the original in place
      try (FileChannel truncate = FileChannel.open(live, StandardOpenOption.WRITE)) {
        truncate.truncate(0);
      }
      writer.write(ByteBuffer.wrap(after)); // at the writer's own offset
    }
    Files.setLastModifiedTime(live, OLD);
    Files.setLastModifiedTime(rotated, OLD);
    byte[] content = Files.readAllBytes(live);
    assertEquals(before.length + after.length, content.length, "hole + new lines");
    assertTrue(before.length > 1024, "the hole covers the whole first KiB");
    assertEquals(0, content[0]);

    Ingester.Result r = ingest(rotated, live);
    assertFalse(r.hasProblems(), r.toString());
    assertEquals(events(range(20, 34)).size(), report(r, live).events());
    assertSameLines(events(lines), indexed());
    ingest(rotated, live);
    assertSameLines(events(lines), indexed());
  }

  /** A file of NUL bytes only, as far as we look (sparse, like lastlog), is not read. */
  @Test
  void aFileOfOnlyNulBytesIsRefusedAsBinary() throws Exception {
    Path sparse = logs.resolve("lastlog");
    try (FileChannel ch =
        FileChannel.open(sparse, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap("x".getBytes(StandardCharsets.US_ASCII)), 70L << 20);
    }
    Files.setLastModifiedTime(sparse, OLD);
    Ingester.Result r = ingest(sparse);
    assertTrue(r.hasProblems());
    assertEquals("binary file, not a text log", report(r, sparse).problem());
    assertTrue(indexed().isEmpty());
  }
}
