package dev.proxyaudit.analyzer.fleet;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One page of a composite aggregation named {@code lines}, read as a stream into its buckets' keys
 * (in the sources' order, text or null) and counts: a page of 50,000 buckets is tens of MB as a
 * JSON tree, a few as this. Values repeat from bucket to bucket and are kept once per page.
 */
final class CompositePage implements Questions.Answer {
  private static final ObjectMapper JSON = Questions.JSON;

  private final List<String[]> keys = new ArrayList<>();
  private final List<Long> counts = new ArrayList<>();
  private final ObjectNode shards = JSON.createObjectNode();
  private JsonNode afterKey;

  int size() {
    return keys.size();
  }

  /** Bucket {@code i}'s key values, in the order of {@code sources}. */
  String[] key(int i) {
    return keys.get(i);
  }

  long count(int i) {
    return counts.get(i);
  }

  /** Where the next page starts, null when this one was the last. */
  JsonNode afterKey() {
    return afterKey;
  }

  @Override
  public JsonNode shards() {
    return shards;
  }

  /** A reader of pages whose bucket keys have the fields {@code sources}, in that order. */
  static Questions.AnswerReader<CompositePage> reader(List<String> sources) {
    return in -> read(in, sources);
  }

  private static CompositePage read(InputStream in, List<String> sources) throws IOException {
    CompositePage page = new CompositePage();
    Map<String, Integer> position = new HashMap<>();
    for (int i = 0; i < sources.size(); i++) {
      position.put(sources.get(i), i);
    }
    Map<String, String> once = new HashMap<>();
    try (JsonParser p = JSON.getFactory().createParser(in)) {
      expect(p.nextToken(), JsonToken.START_OBJECT);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        switch (name) {
          case "_shards", "timed_out" -> page.shards.set(name, p.readValueAsTree());
          case "aggregations" -> aggregations(p, page, position, once);
          default -> p.skipChildren();
        }
      }
    }
    return page;
  }

  private static void aggregations(
      JsonParser p, CompositePage page, Map<String, Integer> position, Map<String, String> once)
      throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String agg = p.currentName();
      p.nextToken();
      if (!agg.equals("lines")) {
        p.skipChildren();
        continue;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        if (name.equals("after_key")) {
          page.afterKey = p.readValueAsTree();
        } else if (name.equals("buckets") && t == JsonToken.START_ARRAY) {
          while (p.nextToken() == JsonToken.START_OBJECT) {
            bucket(p, page, position, once);
          }
        } else {
          p.skipChildren();
        }
      }
    }
  }

  private static void bucket(
      JsonParser p, CompositePage page, Map<String, Integer> position, Map<String, String> once)
      throws IOException {
    String[] key = new String[position.size()];
    long count = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      if (name.equals("key") && t == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          Integer at = position.get(p.currentName());
          JsonToken v = p.nextToken();
          if (at != null && v != JsonToken.VALUE_NULL) {
            key[at] = once.computeIfAbsent(p.getText(), k -> k);
          } else {
            p.skipChildren();
          }
        }
      } else if (name.equals("doc_count")) {
        count = p.getLongValue();
      } else {
        p.skipChildren();
      }
    }
    page.keys.add(key);
    page.counts.add(count);
  }

  private static void expect(JsonToken got, JsonToken want) throws IOException {
    if (got != want) {
      throw new IOException("OpenSearch's answer is not what was asked: " + got);
    }
  }
}
