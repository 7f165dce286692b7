package dev.proxyaudit.analyzer.event;

import java.util.Objects;

/**
 * Where an event was read: enough to show the evidence and to never read it twice.
 *
 * @param fileKey stable identity of the file's content (survives rename and gzip)
 * @param path the path it was read from this time
 * @param line 1-based line number
 * @param offset byte offset of the line's first byte in the (decompressed) file
 * @param raw the line as read, without its line terminator
 */
public record Origin(String fileKey, String path, long line, long offset, String raw) {
  public Origin {
    Objects.requireNonNull(fileKey, "fileKey");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(raw, "raw");
    if (line < 1 || offset < 0) {
      throw new IllegalArgumentException("bad position " + line + "@" + offset);
    }
  }
}
