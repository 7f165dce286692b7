package dev.proxyaudit.analyzer.index;

import dev.proxyaudit.analyzer.parse.IoErrors;
import dev.proxyaudit.analyzer.parse.LineClassifier;
import dev.proxyaudit.analyzer.parse.LogFile;
import dev.proxyaudit.analyzer.parse.LogFiles;
import dev.proxyaudit.analyzer.parse.LogSource;
import dev.proxyaudit.analyzer.parse.ParseContext;
import dev.proxyaudit.analyzer.parse.ParseResult;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Reads log files into the index, each line once: files are recognised by content, reading resumes
 * where the last run stopped, and positions are committed with the events.
 */
public final class Ingester {
  /** Lines longer than this are cut and counted as malformed: memory stays bounded. */
  public static final int MAX_LINE_BYTES = LogSource.MAX_LINE_BYTES;

  private static final int TAIL_BYTES = 256;
  private static final int EXAMPLES = 5;

  private final EventIndex index;
  private final IngestOptions options;
  private long linesSinceCommit;
  private Progress progress = Progress.NONE;
  private long linesRead;

  /** Told every 65,536 lines how far the ingest is: lines so far, this file's bytes so far. */
  public interface Progress {
    Progress NONE = (lines, file, offset) -> {};

    void update(long lines, Path file, long offset);
  }

  public Ingester withProgress(Progress p) {
    this.progress = p;
    return this;
  }

  public Ingester(EventIndex index, IngestOptions options) {
    this.index = index;
    this.options = options;
  }

  /** Result of one ingest: a report per file, and paths that could not be used at all. */
  public record Result(List<FileReport> files, List<String> problems) {
    public long events() {
      return files.stream().mapToLong(FileReport::events).sum();
    }

    public boolean hasProblems() {
      return !problems.isEmpty() || files.stream().anyMatch(FileReport::hasProblems);
    }
  }

  /** Reads every file under {@code paths} and commits. */
  public Result ingest(List<Path> paths) throws IOException {
    LogFiles.Inputs inputs = LogFiles.expand(paths);
    List<FileReport> reports = new ArrayList<>();
    for (Path file : inputs.files()) {
      reports.add(ingestFile(file));
    }
    index.commit();
    return new Result(reports, inputs.problems());
  }

  /**
   * Lines that come with their own resume token instead of a file offset: a journald entry and its
   * cursor. Tokens are kept in the index's state under the reader's key, committed with the events,
   * so a crash neither loses nor repeats an entry.
   */
  public interface TokenedLines {
    /** Advances to the next line; false at the end. */
    boolean next() throws IOException;

    String text();

    String token();
  }

  /**
   * Reads {@code lines} (a stream resumed after {@code index.state(stateKey)} by its creator) into
   * the index, and keeps the last token under {@code stateKey}; committed by {@link #ingest} or
   * every {@code commitEveryLines}.
   */
  public FileReport ingestTokened(String name, String stateKey, TokenedLines lines)
      throws IOException {
    Instant now = options.clock().instant();
    LineClassifier classifier =
        new LineClassifier(options.contextFor(stateKey, Path.of(name), now));
    Counts counts = new Counts();
    long n = 0;
    String problem = null;
    try {
      while (lines.next()) {
        n++;
        String text = lines.text();
        ParseResult result =
            text.length() > MAX_LINE_BYTES
                ? new ParseResult.Malformed("line longer than " + MAX_LINE_BYTES + " bytes")
                : classifier.classify(text, n, 0);
        counts.add(result, name, n);
        if (result instanceof ParseResult.Parsed p) {
          index.add(p.event());
        }
        index.setState(stateKey, lines.token());
        if (++linesSinceCommit >= options.commitEveryLines()) {
          index.commit();
          linesSinceCommit = 0;
        }
      }
    } catch (IOException e) {
      problem = "read stopped after entry " + n + ": " + IoErrors.reason(e);
    }
    return counts.report(name, problem, false);
  }

  private FileReport ingestFile(Path path) throws IOException {
    String name = path.toString();
    LogFile file;
    byte[] prefix;
    try {
      file = LogFile.open(path);
      prefix = file.prefix();
    } catch (AccessDeniedException e) {
      return FileReport.failed(name, "cannot read: permission denied");
    } catch (LogFile.UnsupportedFormatException e) {
      return FileReport.failed(name, e.getMessage());
    } catch (IOException e) {
      return FileReport.failed(name, "cannot read: " + IoErrors.reason(e));
    }
    if (prefix.length == 0) {
      return new FileReport(
          name, FileReport.Status.UNCHANGED, null, 0, 0, 0, 0, List.of(), Map.of(), false);
    }
    try {
      if (file.looksBinary(prefix)) {
        return FileReport.failed(name, "binary file, not a text log");
      }
    } catch (IOException e) {
      return FileReport.failed(name, "cannot read: " + IoErrors.reason(e));
    }
    long inode = inode(path);
    FileCheckpoint start = resume(file, prefix, inode);
    if (start != null && !file.compressed() && Files.size(path) == start.offset()) {
      index.checkpoints().put(moved(start, prefix, inode, name));
      return new FileReport(
          name, FileReport.Status.UNCHANGED, null, 0, 0, 0, 0, List.of(), Map.of(), false);
    }
    if (start != null && start.complete()) {
      if (file.compressed()) {
        return new FileReport(
            name, FileReport.Status.UNCHANGED, null, 0, 0, 0, 0, List.of(), Map.of(), false);
      }
      // A plain file that begins with a whole .gz already read (e.g. the unrotated original
      // beside its compressed part): only its rest is new, under a key of its own.
      start = forked(start);
    }
    return read(file, prefix, inode, start);
  }

  /** The checkpoint to resume from, or null to read from the start as a new file. */
  private FileCheckpoint resume(LogFile file, byte[] prefix, long inode) throws IOException {
    for (FileCheckpoint c : index.checkpoints().candidates(prefix, inode)) {
      boolean sameFile = !file.compressed() && inode >= 0 && c.inode() == inode;
      if (!file.compressed() && Files.size(file.path()) < c.offset()) {
        continue; // shrank: truncated and rewritten (copytruncate), so a new file
      }
      if (sameFile || tailMatches(file, c)) {
        return c;
      }
    }
    return null;
  }

  /**
   * True when {@code file} holds the same bytes as the checkpoint's file just before its offset.
   */
  private static boolean tailMatches(LogFile file, FileCheckpoint c) throws IOException {
    if (c.offset() <= c.prefixLength()) {
      return true; // the matching prefix already covers everything that was read
    }
    if (c.tailLength() == 0) {
      return false;
    }
    try {
      byte[] tail = file.bytesBefore(c.offset(), c.tailLength());
      return tail.length == c.tailLength()
          && Checkpoints.hash(tail, tail.length).equals(c.tailHash());
    } catch (IOException e) {
      return false; // a copy that ends earlier, or a corrupt .gz: not the same file
    }
  }

  private FileReport read(LogFile file, byte[] prefix, long inode, FileCheckpoint from)
      throws IOException {
    Path path = file.path();
    String name = path.toString();
    String key = from != null ? from.key() : newKey();
    long startOffset = from != null ? from.offset() : 0;
    long startLines = from != null ? from.lines() : 0;
    FileTime mtime = Files.getLastModifiedTime(path);
    boolean writerDone =
        file.compressed()
            || mtime.toInstant().plus(options.quietPeriod()).isBefore(options.clock().instant());
    ParseContext ctx = options.contextFor(key, path, mtime.toInstant());
    Counts counts = new Counts();
    long end = startOffset;
    long lineNo = startLines;
    boolean partial = false;
    String problem = null;
    byte[] tail = null;
    LogSource r = null;
    try (LogSource src = LogSource.open(file, startOffset, startLines, ctx)) {
      r = src;
      if (startOffset > 0 && !atLineStart(file, startOffset) && r.next()) {
        // A copy of this file ended mid-line and was read to its end: the rest of that line
        // was already counted there (as malformed), so it is skipped here.
        end = r.end();
        lineNo = r.number();
      }
      while (r.next()) {
        if (!r.terminated() && !writerDone) {
          partial = true;
          break;
        }
        ParseResult result = r.result();
        counts.add(result, name, r.number());
        if (result instanceof ParseResult.Parsed p) {
          index.add(p.event());
        }
        end = r.end();
        lineNo = r.number();
        if ((++linesRead & 0xffff) == 0) {
          progress.update(linesRead, path, end);
        }
        if (++linesSinceCommit >= options.commitEveryLines()) {
          index.checkpoints().put(checkpoint(key, prefix, end, lineNo, null, inode, false, name));
          index.commit();
          linesSinceCommit = 0;
        }
      }
    } catch (IOException e) {
      // A truncated or corrupt .gz, or a read error: keep what was read before it.
      problem = "read stopped after line " + lineNo + ": " + IoErrors.reason(e);
    }
    if (r != null) {
      // Also after a read error: without the tail fingerprint, a complete copy of a truncated
      // .gz was not recognised and was read again from its first line (duplicates).
      tail = r.bytesBefore(end, TAIL_BYTES);
    }
    if (tail == null && end > startOffset) {
      // The reader went on more than its 8 KiB memory past the last line it finished (a long
      // line cut by a read error, or left partial), so it no longer has the bytes before `end`:
      // read them from the file. Without a tail, a truncated .gz was read again from its first
      // line on the next run (duplicates).
      try {
        tail = file.bytesBefore(end, TAIL_BYTES);
      } catch (IOException e) {
        tail = null;
      }
    }
    boolean complete = file.compressed() && problem == null;
    FileCheckpoint done = checkpoint(key, prefix, end, lineNo, tail, inode, complete, name);
    if (tail == null && from != null && end == from.offset()) {
      // Nothing read this time (only a partial line, or a .gz failing where it failed before):
      // this reader saw no bytes before the offset, so keep the last run's tail fingerprint.
      // Dropping it meant a later rotated or complete copy was read again from the start.
      done = withTail(done, from.tailLength(), from.tailHash());
    }
    index.checkpoints().put(done);
    if (problem == null
        && startOffset == 0
        && counts.lines > 0
        && counts.lines == counts.malformed) {
      problem = "no line in a known log format";
    }
    return counts.report(name, problem, partial);
  }

  private static boolean atLineStart(LogFile file, long offset) throws IOException {
    byte[] before = file.bytesBefore(offset, 1);
    return before.length == 1 && before[0] == '\n';
  }

  private static FileCheckpoint checkpoint(
      String key,
      byte[] prefix,
      long offset,
      long lines,
      byte[] tail,
      long inode,
      boolean complete,
      String path) {
    int len = prefix.length;
    return new FileCheckpoint(
        key,
        len,
        Checkpoints.hash(prefix, len),
        offset,
        lines,
        tail == null ? 0 : tail.length,
        tail == null ? "" : Checkpoints.hash(tail, tail.length),
        inode,
        complete,
        path);
  }

  private static FileCheckpoint withTail(FileCheckpoint c, int tailLength, String tailHash) {
    return new FileCheckpoint(
        c.key(),
        c.prefixLength(),
        c.prefixHash(),
        c.offset(),
        c.lines(),
        tailLength,
        tailHash,
        c.inode(),
        c.complete(),
        c.path());
  }

  /** A new, growing file that continues where the given complete one ended. */
  private static FileCheckpoint forked(FileCheckpoint c) {
    return new FileCheckpoint(
        newKey(),
        c.prefixLength(),
        c.prefixHash(),
        c.offset(),
        c.lines(),
        c.tailLength(),
        c.tailHash(),
        c.inode(),
        false,
        c.path());
  }

  /** The same checkpoint, now known under another path or inode, with a longer prefix. */
  private static FileCheckpoint moved(FileCheckpoint c, byte[] prefix, long inode, String path) {
    return new FileCheckpoint(
        c.key(),
        prefix.length,
        Checkpoints.hash(prefix, prefix.length),
        c.offset(),
        c.lines(),
        c.tailLength(),
        c.tailHash(),
        inode,
        c.complete(),
        path);
  }

  private static String newKey() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  private static long inode(Path path) {
    try {
      Object ino = Files.getAttribute(path, "unix:ino");
      return ino instanceof Long l ? l : -1;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return -1;
    }
  }

  /** Tallies for one file. */
  private static final class Counts {
    long lines;
    long events;
    long ignored;
    long malformed;
    final List<String> examples = new ArrayList<>();
    final TreeMap<String, Long> byDataset = new TreeMap<>();

    void add(ParseResult r, String path, long line) {
      lines++;
      if (r instanceof ParseResult.Parsed p) {
        events++;
        byDataset.merge(p.event().dataset().id(), 1L, Long::sum);
      } else if (r instanceof ParseResult.Ignored) {
        ignored++;
      } else if (r instanceof ParseResult.Malformed m) {
        malformed++;
        if (examples.size() < EXAMPLES) {
          examples.add(path + ":" + line + ": " + m.reason());
        }
      }
    }

    FileReport report(String path, String problem, boolean partial) {
      return new FileReport(
          path,
          // Nothing new (e.g. a fully read file that was since compressed) is UNCHANGED, as
          // the status documents, not READ with zero lines.
          problem != null && lines == 0
              ? FileReport.Status.FAILED
              : lines == 0 ? FileReport.Status.UNCHANGED : FileReport.Status.READ,
          problem,
          lines,
          events,
          ignored,
          malformed,
          List.copyOf(examples),
          Map.copyOf(byDataset),
          partial);
    }
  }
}
