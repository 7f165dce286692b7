package dev.proxyaudit.analyzer.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Byte-level mutations of real lines: insert, delete, replace, duplicate and truncate at random
 * points, with bytes that are random, structural ({@code [ ] : < - > . %}), digits that overflow,
 * broken UTF-8, NUL and CR, or a slice of another real line.
 */
final class Mutations {
  private Mutations() {}

  private static final List<String> TOKENS =
      List.of(
          "[",
          "]",
          ":",
          " ",
          "  ",
          "<->",
          "->",
          ">>",
          ".",
          ",",
          "%",
          "=",
          "\"",
          "{",
          "}",
          "/",
          "::",
          "::ffff:",
          "0",
          "65535",
          "65536",
          "-1",
          "99999999999999999999",
          "4294967296",
          "255.255.255.256",
          "[::1]",
          "SRC=",
          "DPT=",
          "PROTO=TCP",
          "accepted",
          "rejected",
          "tcp:",
          "udp:",
          "from ",
          " email: ",
          "T",
          "Z",
          "+25:00",
          "\t",
          "\u001b[31m",
          "\r",
          "\u0000",
          "\ufffd",
          "é",
          "\ud83d\ude00");

  private static final List<byte[]> BROKEN_UTF8 =
      List.of(
          new byte[] {(byte) 0xc3},
          new byte[] {(byte) 0xe2, (byte) 0x82},
          new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, // an encoded surrogate
          new byte[] {(byte) 0xc0, (byte) 0xaf}, // overlong '/'
          new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // past U+10FFFF
          new byte[] {(byte) 0xff, (byte) 0xfe},
          new byte[] {(byte) 0xe9}); // Latin-1 'é'

  static <T> T pick(SplittableRandom r, List<T> from) {
    return from.get(r.nextInt(from.size()));
  }

  static RealLines.Line realLine(SplittableRandom r) {
    return pick(r, RealLines.all());
  }

  /** Bytes to insert or write over. */
  static byte[] payload(SplittableRandom r) {
    int k = r.nextInt(11);
    if (k < 3) {
      byte[] b = new byte[1 + r.nextInt(8)];
      r.nextBytes(b);
      return b;
    }
    if (k < 7) {
      return pick(r, TOKENS).getBytes(StandardCharsets.UTF_8);
    }
    if (k < 9) {
      return pick(r, BROKEN_UTF8);
    }
    byte[] other = realLine(r).text().getBytes(StandardCharsets.UTF_8);
    int from = r.nextInt(other.length);
    return Arrays.copyOfRange(other, from, Math.min(other.length, from + 1 + r.nextInt(40)));
  }

  /** One random edit of {@code in}. */
  static byte[] edit(SplittableRandom r, byte[] in) {
    int pos = r.nextInt(in.length + 1);
    int n = Math.min(1 + r.nextInt(24), in.length - pos);
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + 64);
    switch (r.nextInt(5)) {
      case 0 -> { // insert
        out.write(in, 0, pos);
        out.writeBytes(payload(r));
        out.write(in, pos, in.length - pos);
      }
      case 1 -> { // delete
        out.write(in, 0, pos);
        out.write(in, pos + n, in.length - pos - n);
      }
      case 2 -> { // replace
        byte[] p = payload(r);
        int over = Math.min(p.length, in.length - pos);
        out.write(in, 0, pos);
        out.writeBytes(p);
        out.write(in, pos + over, in.length - pos - over);
      }
      case 3 -> { // duplicate
        out.write(in, 0, pos + n);
        out.write(in, pos, in.length - pos);
      }
      default -> out.write(in, 0, pos); // truncate
    }
    return out.toByteArray();
  }

  /** A real line (as UTF-8) with 1 to 5 edits. */
  static byte[] mutatedRealLine(SplittableRandom r) {
    byte[] b = realLine(r).text().getBytes(StandardCharsets.UTF_8);
    int edits = 1 + r.nextInt(5);
    for (int i = 0; i < edits; i++) {
      b = edit(r, b);
    }
    return b;
  }

  /** Random bytes, up to {@code max}. */
  static byte[] randomBytes(SplittableRandom r, int max) {
    byte[] b = new byte[r.nextInt(max + 1)];
    r.nextBytes(b);
    return b;
  }

  /** Random chars of any kind, lone surrogates included. */
  static String randomText(SplittableRandom r, int max) {
    char[] c = new char[r.nextInt(max + 1)];
    for (int i = 0; i < c.length; i++) {
      int k = r.nextInt(4);
      c[i] =
          (char)
              (k == 0
                  ? r.nextInt(0x20, 0x7f)
                  : k == 1
                      ? r.nextInt(0x20)
                      : k == 2 ? r.nextInt(0x80, 0x800) : r.nextInt(0x10000));
    }
    return new String(c);
  }

  /** Decoded as the line reader does (UTF-8, bad bytes become U+FFFD). */
  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  /** Each byte a char: what a reader that trusted Latin-1 would see. */
  static String latin1(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  /** Replaces LF and CR so the bytes stay one line. */
  static byte[] oneLine(byte[] b) {
    byte[] out = b.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] == '\n' || out[i] == '\r') {
        out[i] = 'x';
      }
    }
    return out;
  }

  /** Bytes shown escaped, for failure messages. */
  static String show(byte[] b) {
    return Checks.shown(latin1(b)) + " (" + b.length + " bytes)";
  }
}
