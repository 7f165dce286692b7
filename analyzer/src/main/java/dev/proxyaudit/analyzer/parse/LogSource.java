package dev.proxyaudit.analyzer.parse;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * The one read loop over a log file: its lines from a byte offset, as ingest reads them (gzip by
 * magic, byte-accurate offsets, lines longer than {@link #MAX_LINE_BYTES} reported, not read), each
 * classified on demand by one {@link LineClassifier} per file. Ingest, parse, the bench and the
 * golden files read through it, so what a test sees is what ingest indexes.
 */
public final class LogSource implements Closeable {
  /** Longest line read; a longer one is reported malformed and skipped. */
  public static final int MAX_LINE_BYTES = 64 * 1024;

  private final InputStream in;
  private final LineReader lines;
  private final LineClassifier classifier;

  private LogSource(InputStream in, LineReader lines, LineClassifier classifier) {
    this.in = in;
    this.lines = lines;
    this.classifier = classifier;
  }

  /** {@code file}'s lines from byte {@code offset}, {@code lines} lines already before it. */
  public static LogSource open(LogFile file, long offset, long lines, ParseContext ctx)
      throws IOException {
    InputStream in = file.openAt(offset);
    return new LogSource(
        in, new LineReader(in, offset, lines, MAX_LINE_BYTES), new LineClassifier(ctx));
  }

  /** {@code file}'s lines from its start. */
  public static LogSource open(LogFile file, ParseContext ctx) throws IOException {
    return open(file, 0, 0, ctx);
  }

  /** The next line; false at the end. */
  public boolean next() throws IOException {
    return lines.next();
  }

  /** What the current line is. */
  public ParseResult result() {
    return lines.tooLong()
        ? new ParseResult.Malformed("line longer than " + MAX_LINE_BYTES + " bytes")
        : classifier.classify(lines.text(), lines.number(), lines.offset());
  }

  /** The current line's 1-based number in the file. */
  public long number() {
    return lines.number();
  }

  /** The byte offset just after the current line (and its newline). */
  public long end() {
    return lines.end();
  }

  /** False for a last line without its newline (a writer may still be writing it). */
  public boolean terminated() {
    return lines.terminated();
  }

  /** The last {@code n} bytes before {@code end}, when this reader still holds them, else null. */
  public byte[] bytesBefore(long end, int n) {
    return lines.bytesBefore(end, n);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
