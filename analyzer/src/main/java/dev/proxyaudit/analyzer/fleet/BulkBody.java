package dev.proxyaudit.analyzer.fleet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.opensearch.client.Request;

/**
 * One Bulk API request as OpenSearch reads it (NDJSON: an action line, then the document or the
 * partial update), and what its answer says. Written and read as a stream: the client's CPU per
 * event is what OpenSearch, on the same cores, does not get.
 */
final class BulkBody {
  private static final JsonFactory JSON = new JsonFactory();
  private static final ObjectMapper TREE = new ObjectMapper();
  private static final ContentType NDJSON = ContentType.create("application/x-ndjson");

  /** An item the cluster did not take: its id, HTTP status and reason. */
  record Refusal(String id, int status, String reason) {}

  private BulkBody() {}

  /** The request for {@code docs}; {@code index} overrides their daily index (null: their own). */
  static Request of(List<EventDocuments.Document> docs, String index) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(docs.size() * 700);
    for (EventDocuments.Document d : docs) {
      try (JsonGenerator g = JSON.createGenerator(out)) {
        g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
        g.writeStartObject();
        g.writeObjectFieldStart(d.partial() ? "update" : "index");
        g.writeStringField("_index", index == null ? d.index() : index);
        g.writeStringField("_id", d.id());
        if (d.partial()) {
          g.writeNumberField("retry_on_conflict", 3);
        }
        g.writeEndObject();
        g.writeEndObject();
      }
      out.write('\n');
      byte[] source = d.source().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      if (d.partial()) {
        out.write("{\"doc\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.write(source);
        out.write('}');
      } else {
        out.write(source);
      }
      out.write('\n');
    }
    Request r = new Request("POST", "/_bulk");
    // only what is read back: whether any item failed, and those items
    r.addParameter("filter_path", "errors,items.*._id,items.*.status,items.*.error.reason");
    r.setEntity(new ByteArrayEntity(out.toByteArray(), NDJSON));
    return r;
  }

  /** The items the answer says were refused (none when its {@code errors} is false). */
  static List<Refusal> refusals(InputStream answer) throws IOException {
    byte[] bytes = answer.readAllBytes();
    try (JsonParser p = JSON.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("the bulk answer is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (name.equals("errors")) {
          if (v == JsonToken.VALUE_FALSE) {
            return List.of(); // the usual case: nothing else to read
          }
          break;
        }
        p.skipChildren();
      }
    }
    List<Refusal> out = new ArrayList<>();
    for (JsonNode item : TREE.readTree(bytes).path("items")) {
      JsonNode op = item.elements().hasNext() ? item.elements().next() : item;
      if (op.has("error")) {
        out.add(
            new Refusal(
                op.path("_id").asText(),
                op.path("status").asInt(),
                op.path("error").path("reason").asText()));
      }
    }
    return out;
  }
}
