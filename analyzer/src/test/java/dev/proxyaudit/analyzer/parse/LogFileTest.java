package dev.proxyaudit.analyzer.parse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening plain and gzip logs by content; refusing what we cannot read. */
class LogFileTest {
  @TempDir Path dir;

  /** The real rotated sample: v2ray 4.34 access log, first 14 lines, gzip -n -9. */
  private static final Path SAMPLE_GZ = Path.of("../sample-logs/v2ray-4.34/access.log.2.gz");

  private static final Path SAMPLE_WHOLE =
      Path.of("src/test/resources/real-formats/v2ray-4.34/access.log");

  private static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(out)) {
      gz.write(b);
    }
    return out.toByteArray();
  }

  private static byte[] read(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  @Test
  void gzipCutWithinItsFirstKilobyteStillHasAPrefix() throws Exception {
    // Found by FuzzIngestTest: prefix() threw for a .gz cut before 1 KiB of content, and the
    // whole file was refused, losing the lines before the cut.
    byte[] whole = Files.readAllBytes(SAMPLE_WHOLE);
    byte[] gz = gzip(whole);
    int tried = 0;
    for (int cut = 20; cut < gz.length; cut += 7) {
      Path p = dir.resolve("cut" + cut + ".gz");
      Files.write(p, Arrays.copyOf(gz, cut));
      byte[] got;
      try {
        got = LogFile.open(p).prefix();
      } catch (IOException e) {
        continue; // nothing at all came out before the cut
      }
      assertArrayEquals(Arrays.copyOf(whole, got.length), got, "cut at " + cut);
      if (got.length < LogFile.PREFIX_BYTES) {
        tried++;
      }
    }
    assertTrue(tried > 0, "no cut fell within the first KiB");
  }

  @Test
  void gzipIsDetectedByContentNotName() throws Exception {
    byte[] whole = Files.readAllBytes(SAMPLE_WHOLE);
    // logrotate's delaycompress: a compressed file named like a plain one
    Path f = dir.resolve("access.log.1");
    Files.copy(SAMPLE_GZ, f);
    LogFile lf = LogFile.open(f);
    assertTrue(lf.compressed());
    byte[] content = read(lf.openAt(0));
    // access.log.2.gz is the first 14 lines of the whole log, byte for byte
    assertEquals(14, new String(content, StandardCharsets.UTF_8).split("\n").length);
    assertArrayEquals(Arrays.copyOf(whole, content.length), content);
  }

  @Test
  void plainFileNamedGzIsReadPlain() throws Exception {
    Path f = dir.resolve("access.log.gz");
    Files.copy(SAMPLE_WHOLE, f);
    LogFile lf = LogFile.open(f);
    assertFalse(lf.compressed());
    assertArrayEquals(Files.readAllBytes(SAMPLE_WHOLE), read(lf.openAt(0)));
  }

  @Test
  void openAtSkipsDecompressedBytes() throws Exception {
    byte[] plain = Files.readAllBytes(SAMPLE_WHOLE);
    Path gz = dir.resolve("a.gz");
    Files.write(gz, gzip(plain));
    Path txt = dir.resolve("a.log");
    Files.write(txt, plain);
    for (Path p : new Path[] {gz, txt}) {
      LogFile lf = LogFile.open(p);
      assertArrayEquals(Arrays.copyOfRange(plain, 100, plain.length), read(lf.openAt(100)), "" + p);
      assertArrayEquals(Arrays.copyOfRange(plain, 50, 100), lf.bytesBefore(100, 50), "" + p);
      assertArrayEquals(Arrays.copyOf(plain, 1024), lf.prefix(), "" + p);
    }
  }

  @Test
  void openAtPastTheEndOfAGzipFails() throws Exception {
    Path gz = dir.resolve("a.gz");
    Files.write(gz, gzip("short\n".getBytes(StandardCharsets.UTF_8)));
    IOException e = assertThrows(IOException.class, () -> LogFile.open(gz).openAt(1000).close());
    assertTrue(e.getMessage().contains("1000"), e.getMessage());
  }

  @Test
  void otherCompressionsAreRefusedWithAClearMessage() throws Exception {
    byte[][] magics = {
      {(byte) 0xfd, '7', 'z', 'X', 'Z', 0, 0, 4},
      {'B', 'Z', 'h', '9', '1', 'A', 'Y', '&'},
      {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0x24, 0, 0, 0},
    };
    String[] names = {"xz", "bzip2", "zstd"};
    for (int i = 0; i < magics.length; i++) {
      Path f = dir.resolve("access.log." + i);
      Files.write(f, magics[i]);
      LogFile.UnsupportedFormatException e =
          assertThrows(LogFile.UnsupportedFormatException.class, () -> LogFile.open(f));
      assertTrue(e.getMessage().startsWith(names[i] + "-compressed"), e.getMessage());
      assertTrue(e.getMessage().contains("decompress it first"), e.getMessage());
    }
  }

  @Test
  void emptyAndTinyFilesOpen() throws Exception {
    Path empty = dir.resolve("empty.log");
    Files.write(empty, new byte[0]);
    LogFile lf = LogFile.open(empty);
    assertFalse(lf.compressed());
    assertEquals(0, lf.prefix().length);
    Path one = dir.resolve("one.log");
    Files.write(one, new byte[] {0x1f});
    assertFalse(LogFile.open(one).compressed());
  }

  @Test
  void binaryDetection() throws Exception {
    assertFalse(LogFile.looksBinarySample(Files.readAllBytes(SAMPLE_WHOLE)));
    // ANSI colours (ESC) and tabs are text
    assertFalse(
        LogFile.looksBinarySample(
            "\u001b[32m 2026-11-28 05:53:07 INFO: \u001b[0m\tx\r\n"
                .getBytes(StandardCharsets.UTF_8)));
    assertTrue(LogFile.looksBinarySample(new byte[] {'a', 'b', 0, 'c'}));
    byte[] controls = new byte[100];
    Arrays.fill(controls, (byte) 'a');
    for (int i = 0; i < 11; i++) {
      controls[i * 9] = 0x01;
    }
    assertTrue(LogFile.looksBinarySample(controls));
    assertFalse(LogFile.looksBinarySample(new byte[0]));
  }
}
