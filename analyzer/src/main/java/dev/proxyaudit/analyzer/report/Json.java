package dev.proxyaudit.analyzer.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/** JSON output through Jackson's streaming generator: escaping is its job, not ours. */
final class Json {
  private static final JsonFactory FACTORY = new JsonFactory();

  private Json() {}

  static JsonGenerator generator(Writer out) throws IOException {
    JsonGenerator g = FACTORY.createGenerator(new NonClosingWriter(out));
    g.useDefaultPrettyPrinter();
    return g;
  }

  static void string(JsonGenerator g, String name, String value) throws IOException {
    if (value == null) {
      g.writeNullField(name);
    } else {
      g.writeStringField(name, value);
    }
  }

  static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
    g.writeArrayFieldStart(name);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  /** An object of counts, keys in the given order. */
  static void counts(
      JsonGenerator g, String name, List<String> keys, java.util.Map<String, Long> counts)
      throws IOException {
    g.writeObjectFieldStart(name);
    for (String k : keys) {
      g.writeNumberField(k, counts.get(k));
    }
    g.writeEndObject();
  }
}
