package dev.proxyaudit.analyzer.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proxyaudit.analyzer.query.WhoQuery;
import java.io.IOException;
import java.io.InputStream;
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

  /** Every daily index. */
  static final String ALL_DAYS = EventDocuments.INDEX_PREFIX + "*";

  /** A search of every daily index (none yet: an empty answer). */
  static JsonNode search(RestClient rest, ObjectNode body) throws FleetWho.FleetException {
    return search(rest, ALL_DAYS, body, null);
  }

  /**
   * The daily indices that can hold lines of {@code q}'s time span, the undated one first, then in
   * day order (UTC days, as they are named).
   */
  static List<String> dailyIndices(RestClient rest, WhoQuery q) throws FleetWho.FleetException {
    JsonNode listed;
    try {
      Request r = new Request("GET", "/_cat/indices/" + ALL_DAYS);
      r.addParameter("format", "json");
      r.addParameter("h", "index");
      listed = JSON.readTree(EntityUtils.toString(rest.performRequest(r).getEntity()));
    } catch (ResponseException e) {
      throw new FleetWho.FleetException(
          "OpenSearch answered " + e.getResponse().getStatusLine().getStatusCode(), e);
    } catch (IOException e) {
      throw new FleetWho.FleetException("cannot reach OpenSearch: " + e.getMessage(), e);
    }
    java.time.LocalDate from =
        q.since() == null ? null : q.since().atZone(java.time.ZoneOffset.UTC).toLocalDate();
    java.time.LocalDate to =
        q.until() == null ? null : q.until().atZone(java.time.ZoneOffset.UTC).toLocalDate();
    java.util.TreeMap<java.time.LocalDate, String> days = new java.util.TreeMap<>();
    List<String> out = new java.util.ArrayList<>();
    for (JsonNode i : listed) {
      String name = i.path("index").asText();
      java.time.LocalDate d = EventDocuments.dayOf(name);
      if (d == null) {
        if (name.equals(EventDocuments.indexOf(Long.MIN_VALUE))) {
          out.add(name); // lines without a time: not in any span, asked whatever the span
        }
      } else if ((from == null || !d.isBefore(from)) && (to == null || !d.isAfter(to))) {
        days.put(d, name);
      }
    }
    out.addAll(days.values());
    return out;
  }

  /** An answer as read from the cluster's bytes, with the part that says which shards answered. */
  interface Answer {
    /** An object with the answer's {@code _shards} and {@code timed_out}. */
    JsonNode shards();
  }

  /** Reads an answer from its bytes. */
  interface AnswerReader<T extends Answer> {
    T read(InputStream in) throws IOException;
  }

  private record Tree(JsonNode shards) implements Answer {}

  /**
   * A search of {@code index} (a name or pattern; none there: an empty answer), its answer cut to
   * {@code filterPath} (null: all of it).
   */
  static JsonNode search(RestClient rest, String index, ObjectNode body, String filterPath)
      throws FleetWho.FleetException {
    return search(rest, index, body, filterPath, in -> new Tree(JSON.readTree(in))).shards();
  }

  /**
   * A search of {@code index}, its answer cut to {@code filterPath} (null: all of it) and read by
   * {@code reader} from the bytes (no String, no tree of a page of buckets on the way).
   */
  static <T extends Answer> T search(
      RestClient rest, String index, ObjectNode body, String filterPath, AnswerReader<T> reader)
      throws FleetWho.FleetException {
    Request r = new Request("POST", "/" + index + "/_search");
    r.addParameter("allow_no_indices", "true");
    r.addParameter("ignore_unavailable", "true"); // a day deleted by retention since it was listed
    if (filterPath != null) {
      // the shards' count and failures too: an answer is refused when some did not answer
      r.addParameter("filter_path", filterPath + ",_shards,timed_out");
    }
    r.setEntity(new NStringEntity(body.toString(), ContentType.APPLICATION_JSON));
    T answer;
    try (InputStream in = rest.performRequest(r).getEntity().getContent()) {
      answer = reader.read(in);
    } catch (ResponseException e) {
      int status = e.getResponse().getStatusLine().getStatusCode();
      JsonNode error = errorOf(e);
      if (error.has("failed_shards")) { // every shard failed: 503 "all shards failed"
        throw new FleetWho.FleetException(missing(rest, error.path("failed_shards"), -1, -1), e);
      }
      throw new FleetWho.FleetException(
          "OpenSearch answered "
              + status
              + (error.has("reason") ? ": " + error.path("reason").asText() : ""),
          e);
    } catch (IOException e) {
      throw new FleetWho.FleetException("cannot reach OpenSearch: " + e.getMessage(), e);
    }
    missingShards(rest, answer.shards());
    return answer;
  }

  /**
   * A part of the fleet's lines that did not answer (a node down with the only copy of a shard):
   * the counts would be short, so there is no answer, only which shards are missing.
   */
  private static void missingShards(RestClient rest, JsonNode answer)
      throws FleetWho.FleetException {
    JsonNode shards = answer.path("_shards");
    int failed = shards.path("failed").asInt();
    if (failed == 0 && !answer.path("timed_out").asBoolean()) {
      return;
    }
    throw new FleetWho.FleetException(
        missing(rest, shards.path("failures"), failed, shards.path("total").asInt()), null);
  }

  /**
   * What the shards that did not answer are, and why there is no answer: the failures the search
   * listed, else (all shards failed lists none) the primaries the cluster has not assigned.
   */
  private static String missing(RestClient rest, JsonNode failures, int failed, int total) {
    StringBuilder which = new StringBuilder();
    for (JsonNode f : failures) {
      which
          .append(which.length() == 0 ? "" : "; ")
          .append(f.path("index").asText("?"))
          .append(" shard ")
          .append(f.path("shard").asText("?"))
          .append(": ")
          .append(f.path("reason").path("type").asText(f.path("reason").toString()));
    }
    if (which.length() == 0) {
      which.append(unassigned(rest));
    }
    return (total < 0
            ? "the search failed on every shard"
            : failed + " of " + total + " shards did not answer")
        + " ("
        + (which.length() == 0 ? "the search timed out" : which)
        + "): the counts would be short, so there is no answer; is a node with their only copy down?";
  }

  /** The tool's primary shards the cluster has not assigned to a running node. */
  private static String unassigned(RestClient rest) {
    try {
      Request r = new Request("GET", "/_cat/shards/" + EventDocuments.INDEX_PREFIX + "*");
      r.addParameter("format", "json");
      r.addParameter("h", "index,shard,prirep,state");
      StringBuilder out = new StringBuilder();
      for (JsonNode s : JSON.readTree(EntityUtils.toString(rest.performRequest(r).getEntity()))) {
        if (s.path("prirep").asText().equals("p") && !s.path("state").asText().equals("STARTED")) {
          out.append(out.length() == 0 ? "" : "; ")
              .append(s.path("index").asText())
              .append(" shard ")
              .append(s.path("shard").asText())
              .append(": ")
              .append(s.path("state").asText().toLowerCase(java.util.Locale.ROOT));
        }
      }
      return out.toString();
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /** The {@code error} object of a refused request's body (empty when it has none). */
  private static JsonNode errorOf(ResponseException e) {
    try {
      var entity = e.getResponse().getEntity();
      return entity == null
          ? JSON.createObjectNode()
          : JSON.readTree(EntityUtils.toString(entity)).path("error");
    } catch (IOException | RuntimeException x) {
      return JSON.createObjectNode();
    }
  }

  /** A key's text, null when the bucket has none. */
  static String text(JsonNode key, String name) {
    JsonNode v = key.path(name);
    return v.isNull() || v.isMissingNode() ? null : v.asText();
  }
}
