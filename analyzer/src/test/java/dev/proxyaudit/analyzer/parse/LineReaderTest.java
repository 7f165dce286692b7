package dev.proxyaudit.analyzer.parse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines, offsets and the remembered tail of a byte stream. */
class LineReaderTest {
  // captured: v2ray 4.34 access.log, lines 1-2 of sample-logs/v2ray-4.34/access.log
  private static final String V1 =
      "2026/11/28 05:53:15 198.51.100.11:59359 accepted tcp:mx1.example.test:25 [direct]"
          + " email: alice@example.com";
  private static final String V2 =
      "2026/11/28 05:53:17 198.51.100.11:53071 accepted tcp:203.0.113.26:25 [direct]"
          + " email: alice@example.com";

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static LineReader reader(byte[] bytes, int max) {
    return new LineReader(new ByteArrayInputStream(bytes), 0, 0, max);
  }

  /** Hands out one byte per read: every line and CRLF straddles a buffer refill. */
  private static InputStream trickle(byte[] bytes) {
    return new InputStream() {
      int i;

      @Override
      public int read() {
        return i < bytes.length ? bytes[i++] & 0xff : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (i >= bytes.length) {
          return -1;
        }
        b[off] = bytes[i++];
        return 1;
      }
    };
  }

  /**
   * A hole of NUL bytes (a writer that went on at its old offset after copytruncate) before a line,
   * also across buffer refills and at the end of the stream.
   */
  @Test
  void nulBytesWhereALineStartsAreSkipped() throws IOException {
    byte[] hole = new byte[100_000]; // more than one 64 KiB buffer
    byte[] in = concat(hole, utf8(V1 + "\n"), new byte[3], utf8(V2 + "\n"), new byte[5]);
    for (LineReader r : List.of(reader(in, 1024), new LineReader(trickle(in), 0, 0, 1024))) {
      assertTrue(r.next());
      assertEquals(V1, r.text());
      assertEquals(hole.length, r.offset(), "the line starts after the hole");
      assertEquals(hole.length + V1.length() + 1, r.end());
      assertTrue(r.next());
      assertEquals(V2, r.text());
      assertEquals(hole.length + V1.length() + 1 + 3, r.offset());
      assertEquals(2, r.number());
      assertFalse(r.next(), "a trailing hole is no line");
      // the skipped bytes are remembered too: the tail fingerprint covers the real content
      assertArrayEquals(new byte[5], r.bytesBefore(in.length, 5));
    }
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  @Test
  void offsetsNumbersAndEnds() throws IOException {
    byte[] in = utf8(V1 + "\n" + V2 + "\n");
    LineReader r = reader(in, 1024);
    assertTrue(r.next());
    assertEquals(V1, r.text());
    assertEquals(1, r.number());
    assertEquals(0, r.offset());
    assertEquals(V1.length() + 1, r.end());
    assertTrue(r.terminated());
    assertFalse(r.tooLong());
    assertTrue(r.next());
    assertEquals(V2, r.text());
    assertEquals(2, r.number());
    assertEquals(V1.length() + 1, r.offset());
    assertEquals(in.length, r.end());
    assertFalse(r.next());
  }

  @Test
  void crlfIsDroppedFromTextButCountedInOffsets() throws IOException {
    byte[] in = utf8(V1 + "\r\n" + V2 + "\r\n");
    LineReader r = new LineReader(trickle(in), 0, 0, 1024);
    assertTrue(r.next());
    assertEquals(V1, r.text());
    assertEquals(V1.length() + 2, r.end());
    assertTrue(r.next());
    assertEquals(V2, r.text());
    assertEquals(V1.length() + 2, r.offset());
    assertEquals(in.length, r.end());
    assertFalse(r.next());
  }

  @Test
  void loneCrInsideALineIsKept() throws IOException {
    LineReader r = reader(utf8("a\rb\n"), 1024);
    assertTrue(r.next());
    assertEquals("a\rb", r.text());
  }

  @Test
  void partialLastLineIsReturnedUnterminated() throws IOException {
    byte[] in = utf8(V1 + "\n" + V2.substring(0, 30));
    LineReader r = reader(in, 1024);
    assertTrue(r.next());
    assertTrue(r.terminated());
    assertTrue(r.next());
    assertFalse(r.terminated());
    assertEquals(V2.substring(0, 30), r.text());
    assertEquals(in.length, r.end());
    assertFalse(r.next());
  }

  @Test
  void emptyLinesAndEmptyStream() throws IOException {
    assertFalse(reader(new byte[0], 1024).next());
    LineReader r = reader(utf8("\n\nx\n"), 1024);
    assertTrue(r.next());
    assertEquals("", r.text());
    assertEquals(1, r.end());
    assertTrue(r.next());
    assertEquals("", r.text());
    assertEquals(1, r.offset());
    assertTrue(r.next());
    assertEquals("x", r.text());
    assertEquals(3, r.number());
  }

  @Test
  void resumesWithOffsetAndLineNumber() throws IOException {
    LineReader r = new LineReader(new ByteArrayInputStream(utf8(V2 + "\n")), 5000, 41, 1024);
    assertTrue(r.next());
    assertEquals(42, r.number());
    assertEquals(5000, r.offset());
    assertEquals(5000 + V2.length() + 1, r.end());
  }

  @Test
  void lineAtTheCapIsWhole() throws IOException {
    LineReader r = reader(utf8("12345678\nx\n"), 8);
    assertTrue(r.next());
    assertEquals("12345678", r.text());
    assertFalse(r.tooLong());
  }

  @Test
  void tooLongLineIsCutFlaggedAndItsRestSkipped() throws IOException {
    byte[] in = utf8("123456789abc\nok\n");
    LineReader r = new LineReader(trickle(in), 0, 0, 8);
    assertTrue(r.next());
    assertTrue(r.tooLong());
    assertTrue(r.terminated());
    assertEquals("12345678", r.text());
    assertEquals(13, r.end());
    assertTrue(r.next());
    assertFalse(r.tooLong());
    assertEquals("ok", r.text());
    assertEquals(13, r.offset());
    assertEquals(2, r.number());
  }

  @Test
  void tooLongLineAtTheRealCap() throws IOException {
    int cap = 64 * 1024;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] big = new byte[cap + 5000];
    Arrays.fill(big, (byte) 'x');
    out.write(big);
    out.write('\n');
    out.write(utf8(V1 + "\n"));
    LineReader r = reader(out.toByteArray(), cap);
    assertTrue(r.next());
    assertTrue(r.tooLong());
    assertEquals(cap, r.text().length());
    assertEquals(big.length + 1, r.end());
    assertTrue(r.next());
    assertFalse(r.tooLong());
    assertEquals(V1, r.text());
    assertEquals(big.length + 1, r.offset());
    assertEquals(2, r.number());
  }

  @Test
  void unterminatedTooLongLine() throws IOException {
    LineReader r = reader(utf8("123456789"), 8);
    assertTrue(r.next());
    assertFalse(r.terminated());
    assertTrue(r.tooLong());
  }

  @Test
  void invalidUtf8BecomesReplacementAndSplitCharactersSurvive() throws IOException {
    byte[] in = {'a', (byte) 0xff, 'b', '\n', (byte) 0xc3, (byte) 0xa9, '\n'};
    LineReader r = new LineReader(trickle(in), 0, 0, 1024);
    assertTrue(r.next());
    assertEquals("a\uFFFDb", r.text());
    assertTrue(r.next());
    assertEquals("é", r.text());
    assertEquals(in.length, r.end());
  }

  @Test
  void bytesBeforeGivesTheBytesJustRead() throws IOException {
    byte[] in = utf8(V1 + "\n" + V2 + "\n");
    LineReader r = reader(in, 1024);
    while (r.next()) {}
    byte[] tail = r.bytesBefore(in.length, 40);
    assertArrayEquals(Arrays.copyOfRange(in, in.length - 40, in.length), tail);
    // asking for more than was read gives what there is, from the stream's start
    assertArrayEquals(in, r.bytesBefore(in.length, 100_000));
    // nothing past what was read
    assertNull(r.bytesBefore(in.length + 1, 10));
  }

  @Test
  void bytesBeforeAfterResumingOnlyCoversWhatThisReaderRead() throws IOException {
    byte[] in = utf8(V2 + "\n");
    LineReader r = new LineReader(new ByteArrayInputStream(in), 1000, 10, 1024);
    while (r.next()) {}
    assertArrayEquals(in, r.bytesBefore(1000 + in.length, 5000));
    assertNull(r.bytesBefore(1000, 10));
  }

  @Test
  void bytesBeforeAfterALineLongerThanTheRing() throws IOException {
    // A line longer than the 8 KiB ring arrives in one chunk: the ring must hold its last bytes.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; out.size() < 10_000; i++) {
      out.write(utf8(Integer.toString(i % 10)));
    }
    out.write(utf8(" " + V1 + "\n"));
    byte[] in = out.toByteArray();
    LineReader r = reader(in, 64 * 1024);
    assertTrue(r.next());
    assertFalse(r.next());
    assertArrayEquals(
        Arrays.copyOfRange(in, in.length - 256, in.length), r.bytesBefore(in.length, 256));
  }

  @Test
  void bytesBeforeAcrossManyLinesBeyondTheRing() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < 300; i++) {
      out.write(utf8(i + " " + V1 + "\n"));
    }
    byte[] in = out.toByteArray();
    LineReader r = new LineReader(trickle(in), 0, 0, 1024);
    long mid = 0;
    while (r.next()) {
      if (r.number() == 299) {
        mid = r.end();
      }
    }
    assertArrayEquals(Arrays.copyOfRange(in, (int) mid - 256, (int) mid), r.bytesBefore(mid, 256));
    // far back is forgotten: only the last 8 KiB are kept
    byte[] old = r.bytesBefore(in.length, 100_000);
    assertEquals(8192, old.length);
    assertArrayEquals(Arrays.copyOfRange(in, in.length - 8192, in.length), old);
  }
}
