package dev.proxyaudit.analyzer.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Splits a byte stream into lines, keeping each line's byte offset.
 *
 * <p>Lines end at LF; a CR before it is dropped. A line longer than {@code maxLineBytes} is cut
 * there and flagged (the rest is skipped up to the next LF), so memory stays bounded whatever the
 * input. Invalid UTF-8 becomes U+FFFD. A last line without LF is returned with {@link
 * #terminated()} false: the caller decides whether a writer may still be finishing it.
 *
 * <p>NUL bytes where a line would start are a hole, not text: a writer without O_APPEND (a daemon's
 * stdout redirected with {@code >}) goes on at its old offset after logrotate's copytruncate, and
 * the kernel fills the gap with zeros. They are skipped; the line starts after them.
 */
public final class LineReader {
  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] buf = new byte[1 << 16];
  private int pos;
  private int limit;
  private long bufStart;
  private byte[] line = new byte[256];
  private int lineLen;
  private final byte[] ring = new byte[8192];
  private long ringEnd;
  private final long ringBase;

  private String text;
  private long offset;
  private long number;
  private boolean terminated;
  private long lineBytes;

  /**
   * @param in the (decompressed) stream, positioned at {@code startOffset}
   * @param startOffset byte offset of the stream's first byte in the file
   * @param startLine number of lines before {@code startOffset}
   */
  public LineReader(InputStream in, long startOffset, long startLine, int maxLineBytes) {
    this.in = in;
    this.bufStart = startOffset;
    this.ringEnd = startOffset;
    this.ringBase = startOffset;
    this.number = startLine;
    this.maxLineBytes = maxLineBytes;
  }

  /** Reads the next line; false at end of stream. */
  public boolean next() throws IOException {
    lineLen = 0;
    lineBytes = 0;
    offset = bufStart + pos;
    while (true) {
      if (pos == limit && !fill()) {
        if (lineBytes == 0) {
          return false;
        }
        terminated = false;
        finish();
        return true;
      }
      if (lineBytes == 0 && skipHole()) {
        continue;
      }
      int nl = indexOfNewline();
      int end = nl < 0 ? limit : nl;
      append(pos, end - pos);
      feedRing(pos, (nl >= 0 ? nl + 1 : limit) - pos);
      if (nl >= 0) {
        pos = nl + 1;
        lineBytes++;
        terminated = true;
        finish();
        return true;
      }
      pos = limit;
    }
  }

  /** Skips NUL bytes at a line start; true when the buffer ran out while skipping. */
  private boolean skipHole() {
    int p = pos;
    while (p < limit && buf[p] == 0) {
      p++;
    }
    if (p == pos) {
      return false;
    }
    feedRing(pos, p - pos);
    pos = p;
    offset = bufStart + pos;
    return pos == limit;
  }

  private int indexOfNewline() {
    for (int i = pos; i < limit; i++) {
      if (buf[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void append(int from, int len) {
    lineBytes += len;
    int room = maxLineBytes - lineLen;
    int n = Math.min(room, len);
    if (n <= 0) {
      return;
    }
    if (lineLen + n > line.length) {
      byte[] bigger = new byte[Math.min(maxLineBytes, Math.max(line.length * 2, lineLen + n))];
      System.arraycopy(line, 0, bigger, 0, lineLen);
      line = bigger;
    }
    System.arraycopy(buf, from, line, lineLen, n);
    lineLen += n;
  }

  /** Keeps the last bytes read, so the bytes before a line end can be fingerprinted. */
  private void feedRing(int from, int len) {
    int n = Math.min(len, ring.length);
    int src = from + len - n;
    // The kept bytes are the last n of the chunk, so they go where their own offsets fall:
    // writing them from ringEnd put them len - n slots early whenever a chunk (one long line)
    // exceeded the ring, and the tail fingerprint of such a file never matched.
    long at = ringEnd + len - n;
    for (int i = 0; i < n; i++) {
      ring[(int) ((at + i) % ring.length)] = buf[src + i];
    }
    ringEnd += len;
  }

  /**
   * Up to {@code n} bytes that end at byte offset {@code end}, as many as are still remembered;
   * null when none are. Used to fingerprint the end of what has been read, for recognising a copy
   * of the file later.
   */
  public byte[] bytesBefore(long end, int n) {
    long validFrom = Math.max(ringBase, ringEnd - ring.length);
    long start = Math.max(end - n, validFrom);
    if (end > ringEnd || start >= end) {
      return null;
    }
    byte[] out = new byte[(int) (end - start)];
    for (int i = 0; i < out.length; i++) {
      out[i] = ring[(int) ((start + i) % ring.length)];
    }
    return out;
  }

  private void finish() {
    number++;
    int len = lineLen;
    if (len > 0 && line[len - 1] == '\r' && !tooLong()) {
      len--;
    }
    text = new String(line, 0, len, StandardCharsets.UTF_8);
  }

  private boolean fill() throws IOException {
    bufStart += limit;
    pos = 0;
    limit = 0;
    int n = in.read(buf, 0, buf.length);
    if (n <= 0) {
      return false;
    }
    limit = n;
    return true;
  }

  /** The line's text (at most {@code maxLineBytes} bytes of it). */
  public String text() {
    return text;
  }

  /** Byte offset of the line's first byte. */
  public long offset() {
    return offset;
  }

  /** 1-based line number. */
  public long number() {
    return number;
  }

  /** False for a last line without LF. */
  public boolean terminated() {
    return terminated;
  }

  /** True when the line was longer than the limit and was cut. */
  public boolean tooLong() {
    long content = terminated ? lineBytes - 1 : lineBytes;
    return content > maxLineBytes;
  }

  /** Byte offset just after this line (and its LF). */
  public long end() {
    return offset + lineBytes;
  }
}
