package dev.proxyaudit.analyzer.index;

import java.util.Objects;

/**
 * How far one log file (by content, not by name) has been read.
 *
 * <p>A file is recognised again by its first bytes: {@code prefixHash} is the hash of its first
 * {@code prefixLength} bytes, which never change while a log grows, is renamed or is gzipped. The
 * {@code tailHash} of the {@code tailLength} bytes before {@code offset} confirms that a copy (a
 * rotated {@code .gz}) really holds the same lines up to there.
 *
 * @param key stable id of the file's content; with a byte offset it identifies an event
 * @param prefixLength bytes covered by {@code prefixHash}
 * @param prefixHash hex hash of those bytes
 * @param offset bytes read (always at a line end)
 * @param lines lines read
 * @param tailLength bytes covered by {@code tailHash} (0: not known)
 * @param tailHash hex hash of the {@code tailLength} bytes before {@code offset}
 * @param inode the file's inode when last read, or -1
 * @param complete true for a compressed file read to its end: it will never grow
 * @param path where it was last read
 */
public record FileCheckpoint(
    String key,
    int prefixLength,
    String prefixHash,
    long offset,
    long lines,
    int tailLength,
    String tailHash,
    long inode,
    boolean complete,
    String path) {

  public FileCheckpoint {
    Objects.requireNonNull(key);
    Objects.requireNonNull(prefixHash);
    Objects.requireNonNull(tailHash);
    Objects.requireNonNull(path);
    if (prefixLength < 1 || offset < 0 || lines < 0 || tailLength < 0) {
      throw new IllegalArgumentException("bad checkpoint for " + path);
    }
  }
}
