package dev.proxyaudit.analyzer.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.Map;

/**
 * Reads {@code key = value} lines, blank lines and {@code #} comments skipped, each value kept with
 * the {@code file:line} it came from so a bad value can be reported where it was written.
 */
public final class KeyValueFile {
  private KeyValueFile() {}

  /** A value and where it was read, as {@code file:line}. */
  public record Value(String text, String where) {}

  /** A line that is not {@code key = value}, or names a key the defaults do not have. */
  public static final class LineException extends Exception {
    LineException(String message) {
      super(message);
    }
  }

  /**
   * Reads {@code reader} into {@code values}, a later key replacing an earlier one.
   *
   * @param name the file's name in messages
   * @param knownOnly reject keys not already in {@code values} (an operator's file over defaults)
   */
  public static void read(Reader reader, String name, Map<String, Value> values, boolean knownOnly)
      throws IOException, LineException {
    BufferedReader r = new BufferedReader(reader);
    String line;
    int n = 0;
    while ((line = r.readLine()) != null) {
      n++;
      String s = line.strip();
      if (s.isEmpty() || s.startsWith("#")) {
        continue;
      }
      int eq = s.indexOf('=');
      if (eq <= 0) {
        throw new LineException(name + ":" + n + ": expected 'key = value', got '" + s + "'");
      }
      String key = s.substring(0, eq).strip();
      if (knownOnly && !values.containsKey(key)) {
        throw new LineException(
            name + ":" + n + ": unknown key '" + key + "' (known: " + values.keySet() + ")");
      }
      values.put(key, new Value(s.substring(eq + 1).strip(), name + ":" + n));
    }
  }
}
