package dev.proxyaudit.analyzer.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proxyaudit.analyzer.query.WhoQuery;
import java.io.IOException;
import java.util.List;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.apache.http.util.EntityUtils;
import org.opensearch.client.Request;
import org.opensearch.client.ResponseException;
import org.opensearch.client.RestClient;

/** What who and explain ask of the fleet's daily indices: one filter, one search call. */
final class Questions {
  static final ObjectMapper JSON = new ObjectMapper();

  /** The shipped lines' own fields (the node's join): {@code proxy_audit.who.*}. */
  static final String W = "proxy_audit.who.";

  private Questions() {}

  /** Adds to {@code filter} the ports and time of {@code q} and the {@code nodes} (none: all). */
  static void question(ArrayNode filter, WhoQuery q, List<String> nodes) {
    ArrayNode ports = filter.addObject().putObject("terms").putArray(W + "port");
    q.ports().forEach(ports::add);
    if (!nodes.isEmpty()) {
      ArrayNode n = filter.addObject().putObject("terms").putArray("observer.hostname");
      nodes.forEach(n::add);
    }
    if (q.since() != null || q.until() != null) {
      ObjectNode range = filter.addObject().putObject("range").putObject("@timestamp");
      if (q.since() != null) {
        range.put("gte", q.since().toEpochMilli());
      }
      if (q.until() != null) {
        range.put("lt", q.until().toEpochMilli());
      }
      range.put("format", "epoch_millis");
    }
  }

  /** A search of every daily index (none yet: an empty answer). */
  static JsonNode search(RestClient rest, ObjectNode body) throws FleetWho.FleetException {
    Request r = new Request("POST", "/" + EventDocuments.INDEX_PREFIX + "*/_search");
    r.addParameter("allow_no_indices", "true");
    r.setEntity(new NStringEntity(body.toString(), ContentType.APPLICATION_JSON));
    try {
      return JSON.readTree(EntityUtils.toString(rest.performRequest(r).getEntity()));
    } catch (ResponseException e) {
      throw new FleetWho.FleetException(
          "OpenSearch answered " + e.getResponse().getStatusLine().getStatusCode(), e);
    } catch (IOException e) {
      throw new FleetWho.FleetException("cannot reach OpenSearch: " + e.getMessage(), e);
    }
  }

  /** A key's text, null when the bucket has none. */
  static String text(JsonNode key, String name) {
    JsonNode v = key.path(name);
    return v.isNull() || v.isMissingNode() ? null : v.asText();
  }
}
