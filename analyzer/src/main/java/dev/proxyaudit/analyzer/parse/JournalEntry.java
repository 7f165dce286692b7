package dev.proxyaudit.analyzer.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * One entry of {@code journalctl -o json}, and the text line rsyslog would have written for it
 * (RSYSLOG_FileFormat: {@code 2026-11-28T05:53:09.823472+01:00 host ident[pid]: message}), which
 * the kernel and shadowsocks-libev parsers already read.
 *
 * @param cursor where to resume after this entry ({@code --after-cursor})
 * @param micros {@code __REALTIME_TIMESTAMP}, microseconds since the epoch
 */
public record JournalEntry(
    String cursor, long micros, String host, String identifier, String pid, String message) {
  private static final JsonFactory JSON = new JsonFactory();
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx");

  /**
   * Parses one line of {@code journalctl -o json}; null when it has no cursor or time (not an
   * entry). A MESSAGE journald kept as bytes (not valid UTF-8) comes as an array of numbers.
   */
  public static JournalEntry parse(String json) throws IOException {
    String cursor = null;
    long micros = -1;
    String host = "";
    String ident = null;
    String pid = null;
    String message = "";
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        String value =
            t == JsonToken.START_ARRAY ? bytes(p) : t.isScalarValue() ? p.getText() : null;
        if (t == JsonToken.START_OBJECT) {
          p.skipChildren();
        }
        switch (field) {
          case "__CURSOR" -> cursor = value;
          case "__REALTIME_TIMESTAMP" -> micros = parseLong(value);
          case "_HOSTNAME" -> host = value == null ? "" : value;
          case "SYSLOG_IDENTIFIER" -> ident = value;
          case "_PID" -> pid = value;
          case "MESSAGE" -> message = value == null ? "" : value;
          default -> {}
        }
      }
    }
    return cursor == null || micros < 0
        ? null
        : new JournalEntry(cursor, micros, host, ident, pid, message);
  }

  /** An array of byte values as UTF-8 text (invalid bytes become U+FFFD). */
  private static String bytes(JsonParser p) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (p.nextToken() == JsonToken.VALUE_NUMBER_INT) {
      out.write(p.getIntValue());
    }
    if (p.currentToken() != JsonToken.END_ARRAY) {
      p.skipChildren();
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static long parseLong(String s) {
    try {
      return s == null ? -1 : Long.parseLong(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The rsyslog file line of this entry, its time in {@code zone}. */
  public String line(ZoneId zone) {
    Instant t = Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000);
    String tag = identifier == null ? "journal" : identifier;
    // one line per entry: a newline inside MESSAGE would start a line of its own in a file
    String text = message.replace('\n', ' ').replace('\r', ' ');
    return STAMP.format(t.atZone(zone))
        + " "
        + (host.isEmpty() ? "-" : host)
        + " "
        + tag
        + (pid == null || tag.equals("kernel") ? "" : "[" + pid + "]")
        + ": "
        + text;
  }
}
