package dev.proxyaudit.analyzer.doctor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON tree with line numbers, read with jackson-core's streaming parser (databind is not a
 * main dependency). Comments are accepted because V2Ray v4's loader accepts them.
 */
final class JsonTree {
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
          .enable(JsonReadFeature.ALLOW_YAML_COMMENTS)
          .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
          .build();

  /** The missing node: every lookup on it is missing too. */
  static final Node MISSING = new Node(null, 0);

  private JsonTree() {}

  /** A value (Map, List, String, Number, Boolean; null for JSON null or missing) and its line. */
  record Node(Object value, int line) {
    Node get(String key) {
      return value instanceof Map<?, ?> m && m.get(key) instanceof Node n ? n : MISSING;
    }

    List<Node> items() {
      List<Node> out = new ArrayList<>();
      if (value instanceof List<?> l) {
        for (Object o : l) {
          out.add((Node) o);
        }
      }
      return out;
    }

    boolean isMissing() {
      return this == MISSING;
    }

    boolean isObject() {
      return value instanceof Map;
    }

    /** The text of a string, number or boolean; null otherwise. */
    String text() {
      return value instanceof String || value instanceof Number || value instanceof Boolean
          ? value.toString()
          : null;
    }

    boolean isTrue() {
      return Boolean.TRUE.equals(value) || "true".equals(value);
    }

    /** The keys of an object, in file order. */
    List<String> keys() {
      List<String> out = new ArrayList<>();
      if (value instanceof Map<?, ?> m) {
        for (Object k : m.keySet()) {
          out.add((String) k);
        }
      }
      return out;
    }
  }

  static Node parse(String text) throws IOException {
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new IOException("empty file");
      }
      return read(p);
    }
  }

  private static Node read(JsonParser p) throws IOException {
    int line = p.currentTokenLocation().getLineNr();
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        Map<String, Node> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          p.nextToken();
          m.put(key, read(p));
        }
        return new Node(m, line);
      }
      case START_ARRAY -> {
        List<Node> l = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          l.add(read(p));
        }
        return new Node(l, line);
      }
      case VALUE_STRING -> {
        return new Node(p.getText(), line);
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return new Node(p.getNumberValue(), line);
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return new Node(p.getBooleanValue(), line);
      }
      default -> {
        return new Node(null, line);
      }
    }
  }
}
