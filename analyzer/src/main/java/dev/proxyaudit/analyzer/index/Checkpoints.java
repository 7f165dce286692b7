package dev.proxyaudit.analyzer.index;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The read position of every file ever ingested, saved in the same Lucene commit as the events it
 * covers: after a crash, index and positions always agree.
 */
public final class Checkpoints {
  /** Commit user-data key holding the serialised checkpoints. */
  static final String COMMIT_KEY = "proxy-audit.files";

  private final Map<String, FileCheckpoint> byKey = new LinkedHashMap<>();

  public Collection<FileCheckpoint> all() {
    return byKey.values();
  }

  public void put(FileCheckpoint c) {
    byKey.put(c.key(), c);
  }

  /**
   * The checkpoint of the file whose first bytes are {@code prefix}: same inode first, then the
   * longest matching prefix. Null when no earlier file starts with the same bytes.
   */
  public List<FileCheckpoint> candidates(byte[] prefix, long inode) {
    List<FileCheckpoint> found = new ArrayList<>();
    for (FileCheckpoint c : byKey.values()) {
      if (c.prefixLength() <= prefix.length
          && c.prefixHash().equals(hash(prefix, c.prefixLength()))) {
        found.add(c);
      }
    }
    found.sort(
        (a, b) -> {
          boolean ai = inode >= 0 && a.inode() == inode;
          boolean bi = inode >= 0 && b.inode() == inode;
          if (ai != bi) {
            return ai ? -1 : 1;
          }
          // The furthest read wins: several files may share a head (rotated copies).
          int byOffset = Long.compare(b.offset(), a.offset());
          return byOffset != 0 ? byOffset : Integer.compare(b.prefixLength(), a.prefixLength());
        });
    return found;
  }

  /** Hex SHA-256 (first 16 bytes) of {@code bytes[0, len)}. */
  public static String hash(byte[] bytes, int len) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(bytes, 0, len);
      return HexFormat.of().formatHex(md.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** One line per file, tab-separated; the path last, with tabs and newlines escaped. */
  String serialise() {
    StringBuilder sb = new StringBuilder();
    for (FileCheckpoint c : byKey.values()) {
      sb.append(c.key())
          .append('\t')
          .append(c.prefixLength())
          .append('\t')
          .append(c.prefixHash())
          .append('\t')
          .append(c.offset())
          .append('\t')
          .append(c.lines())
          .append('\t')
          .append(c.tailLength())
          .append('\t')
          .append(c.tailHash().isEmpty() ? "-" : c.tailHash())
          .append('\t')
          .append(c.inode())
          .append('\t')
          .append(c.complete() ? '1' : '0')
          .append('\t')
          .append(escape(c.path()))
          .append('\n');
    }
    return sb.toString();
  }

  static Checkpoints parse(String text) {
    Checkpoints cps = new Checkpoints();
    if (text == null || text.isEmpty()) {
      return cps;
    }
    for (String line : text.split("\n")) {
      String[] f = line.split("\t", -1);
      if (f.length != 10) {
        throw new IllegalStateException("unreadable checkpoint line in the index: " + line);
      }
      cps.put(
          new FileCheckpoint(
              f[0],
              Integer.parseInt(f[1]),
              f[2],
              Long.parseLong(f[3]),
              Long.parseLong(f[4]),
              Integer.parseInt(f[5]),
              f[6].equals("-") ? "" : f[6],
              Long.parseLong(f[7]),
              f[8].equals("1"),
              unescape(f[9])));
    }
    return cps;
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
  }

  private static String unescape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        sb.append(n == 't' ? '\t' : n == 'n' ? '\n' : n);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
