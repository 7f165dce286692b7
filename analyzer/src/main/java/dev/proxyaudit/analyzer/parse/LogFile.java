package dev.proxyaudit.analyzer.parse;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * A log file opened for reading: plain, or gzip (detected by its magic bytes, not its name, since
 * logrotate's {@code .1} may be compressed and an operator's {@code .gz} may not).
 */
public final class LogFile {
  /** How many leading bytes identify a file's content. */
  public static final int PREFIX_BYTES = 1024;

  private final Path path;
  private final boolean gzip;

  private LogFile(Path path, boolean gzip) {
    this.path = path;
    this.gzip = gzip;
  }

  /**
   * Opens and sniffs a file.
   *
   * @throws UnsupportedFormatException for compressions we cannot read (xz, bzip2, zstd)
   */
  public static LogFile open(Path path) throws IOException, UnsupportedFormatException {
    byte[] magic = new byte[6];
    int n;
    try (InputStream in = java.nio.file.Files.newInputStream(path)) {
      n = in.readNBytes(magic, 0, magic.length);
    }
    if (n >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
      return new LogFile(path, true);
    }
    if (n >= 6 && Arrays.equals(magic, new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0})) {
      throw new UnsupportedFormatException("xz-compressed: decompress it first (xz -dk)");
    }
    if (n >= 3 && magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h') {
      throw new UnsupportedFormatException("bzip2-compressed: decompress it first (bunzip2 -k)");
    }
    if (n >= 4
        && (magic[0] & 0xff) == 0x28
        && (magic[1] & 0xff) == 0xb5
        && (magic[2] & 0xff) == 0x2f
        && (magic[3] & 0xff) == 0xfd) {
      throw new UnsupportedFormatException("zstd-compressed: decompress it first (zstd -dk)");
    }
    return new LogFile(path, false);
  }

  public boolean compressed() {
    return gzip;
  }

  public Path path() {
    return path;
  }

  /** The decompressed content from {@code offset}; for gzip the bytes before it are skipped. */
  public InputStream openAt(long offset) throws IOException {
    if (!gzip) {
      FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
      ch.position(offset);
      return Channels.newInputStream(ch);
    }
    InputStream in =
        new GZIPInputStream(
            new BufferedInputStream(java.nio.file.Files.newInputStream(path), 1 << 16), 1 << 16);
    try {
      in.skipNBytes(offset);
    } catch (java.io.EOFException e) {
      in.close();
      throw new IOException("compressed content ends before byte " + offset, e);
    } catch (IOException e) {
      in.close();
      throw e;
    }
    return in;
  }

  /** Up to {@link #PREFIX_BYTES} leading bytes of the (decompressed) content. */
  public byte[] prefix() throws IOException {
    try (InputStream in = openAt(0)) {
      byte[] buf = new byte[PREFIX_BYTES];
      int n = 0;
      try {
        for (int r; n < buf.length && (r = in.read(buf, n, buf.length - n)) >= 0; ) {
          n += r;
        }
      } catch (IOException e) {
        // A .gz cut (or corrupt) within its first KiB: readNBytes threw and the whole file was
        // refused, losing the whole lines before the damage. Keep what came; reading then stops
        // at the same place and says so.
        if (n == 0) {
          throw e;
        }
      }
      return Arrays.copyOf(buf, n);
    }
  }

  /** {@code len} bytes of the (decompressed) content ending at {@code end}, or fewer at EOF. */
  public byte[] bytesBefore(long end, int len) throws IOException {
    long from = Math.max(0, end - len);
    try (InputStream in = openAt(from)) {
      return in.readNBytes((int) (end - from));
    }
  }

  /** How far a hole of NUL bytes at the start is followed before the file is called binary. */
  static final long HOLE_LIMIT = 64L << 20;

  /**
   * True when the content is not a text log. {@code prefix} is {@link #prefix()}; when it is all
   * NUL bytes (a hole left by a writer that went on after copytruncate, see {@link LineReader}),
   * the first KiB after the hole decides, if there is one within {@link #HOLE_LIMIT} bytes.
   */
  public boolean looksBinary(byte[] prefix) throws IOException {
    if (prefix.length == 0 || prefix[prefix.length - 1] != 0 || !allNul(prefix)) {
      return looksBinarySample(prefix);
    }
    long data = firstData(HOLE_LIMIT);
    return data < 0 || looksBinarySample(bytesBefore(data + PREFIX_BYTES, PREFIX_BYTES));
  }

  /**
   * True when bytes that start a file (or its first data after a hole) look binary: after a leading
   * run of NUL bytes, any NUL (wtmp, lastlog and other record files pad with them), or more than
   * one control character in ten. An all-NUL sample is binary.
   */
  public static boolean looksBinarySample(byte[] sample) {
    int start = 0;
    while (start < sample.length && sample[start] == 0) {
      start++;
    }
    if (start == sample.length) {
      return sample.length > 0;
    }
    int controls = 0;
    for (int i = start; i < sample.length; i++) {
      byte b = sample[i];
      if (b == 0) {
        return true;
      }
      if ((b & 0xff) < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != 0x1b) {
        controls++;
      }
    }
    return controls * 10 > sample.length - start;
  }

  private static boolean allNul(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  /** Offset of the first byte that is not NUL, looking at most {@code limit} bytes; else -1. */
  private long firstData(long limit) throws IOException {
    byte[] buf = new byte[1 << 16];
    long at = 0;
    try (InputStream in = openAt(0)) {
      for (int n; at < limit && (n = in.read(buf)) > 0; at += n) {
        for (int i = 0; i < n; i++) {
          if (buf[i] != 0) {
            return at + i;
          }
        }
      }
    }
    return -1;
  }

  /** A file whose format we recognise but cannot read. */
  public static final class UnsupportedFormatException extends Exception {
    public UnsupportedFormatException(String message) {
      super(message);
    }
  }
}
