package dev.proxyaudit.analyzer.fleet;

import jakarta.json.stream.JsonGenerator;
import org.opensearch.client.json.JsonpMapper;
import org.opensearch.client.json.JsonpSerializable;
import org.opensearch.client.json.jackson.JacksonJsonpGenerator;

/**
 * A document already written as JSON, copied into the bulk body as it is. opensearch-java would
 * otherwise walk each document's tree through JSON-P, token by token: measured with JFR on 2.8
 * million events, that was most of ship's CPU (86 us per event).
 */
record RawJson(String json) implements JsonpSerializable {
  @Override
  public void serialize(JsonGenerator generator, JsonpMapper mapper) {
    if (!(generator instanceof JacksonJsonpGenerator j)) {
      throw new IllegalStateException("the bulk is written by Jackson (JacksonJsonpMapper)");
    }
    try {
      j.jacksonGenerator().writeRawValue(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
