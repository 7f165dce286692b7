package dev.proxyaudit.analyzer.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proxyaudit.analyzer.correlate.Server;
import dev.proxyaudit.analyzer.judge.WhoResult;
import dev.proxyaudit.analyzer.query.WhoQuery;
import dev.proxyaudit.analyzer.report.ExplainReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.opensearch.client.RestClient;

/**
 * The evidence of one fleet row: its destinations (a composite aggregation, paged) and its first
 * lines in time order, each with the node, file and line it was read from and the kernel's lines
 * its node joined to it, as shipped.
 */
public final class FleetExplain implements AutoCloseable {
  private static final ObjectMapper JSON = Questions.JSON;
  private static final String W = Questions.W;

  private final RestClient rest;

  public FleetExplain(Cluster cluster) throws Cluster.ClusterConfigException {
    this.rest = cluster.client();
  }

  /** One shipped line as explain prints it. */
  public record Line(
      String node, String path, long line, String raw, String status, List<String> kernel) {}

  /** The destinations of {@code row}, keyed as {@link ExplainReport#destination} writes them. */
  public Map<String, long[]> destinations(
      WhoQuery q, List<String> nodes, WhoResult.Row row, int max) throws FleetWho.FleetException {
    ObjectNode body = JSON.createObjectNode();
    body.put("size", 0);
    body.set("query", filter(q, nodes, row));
    ObjectNode composite = body.putObject("aggs").putObject("d").putObject("composite");
    composite.put("size", FleetWho.PAGE);
    ArrayNode sources = composite.putArray("sources");
    for (String f : List.of("destination", "port", "server", "server_source", "status")) {
      ObjectNode t = sources.addObject().putObject(f).putObject("terms");
      t.put("field", W + f);
      t.put("missing_bucket", true);
    }
    Map<String, long[]> out = new TreeMap<>();
    JsonNode after = null;
    do {
      if (after != null) {
        composite.set("after", after);
      }
      JsonNode agg = Questions.search(rest, body).path("aggregations").path("d");
      for (JsonNode b : agg.path("buckets")) {
        JsonNode k = b.path("key");
        String key =
            ExplainReport.destination(
                Questions.text(k, "destination"),
                k.path("port").asInt(),
                Questions.text(k, "server"),
                source(Questions.text(k, "server_source")));
        long[] n = out.get(key);
        if (n == null) {
          if (out.size() >= max) {
            continue;
          }
          n = new long[4];
          out.put(key, n);
        }
        long c = b.path("doc_count").asLong();
        n[0] += c;
        switch (String.valueOf(Questions.text(k, "status"))) {
          case "confirmed" -> n[1] += c;
          case "blocked" -> n[2] += c;
          default -> n[3] += c;
        }
      }
      after = agg.path("buckets").size() < FleetWho.PAGE ? null : agg.get("after_key");
    } while (after != null);
    return out;
  }

  /** The first {@code limit} lines of {@code row} (of {@code client} only, when given). */
  public List<Line> lines(
      WhoQuery q, List<String> nodes, WhoResult.Row row, String client, int limit)
      throws FleetWho.FleetException {
    List<Line> out = new ArrayList<>();
    if (limit == 0) {
      return out;
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("size", Math.min(limit, 10_000));
    ObjectNode query = filter(q, nodes, row);
    if (client != null) {
      ((ArrayNode) query.path("bool").path("filter"))
          .addObject()
          .putObject("term")
          .put(W + "client", client);
    }
    body.set("query", query);
    ArrayNode sort = body.putArray("sort");
    sort.addObject().put("@timestamp", "asc");
    sort.addObject().put("log.offset", "asc");
    ArrayNode fields = body.putArray("_source");
    for (String f :
        List.of(
            "observer.hostname",
            "log.file.path",
            "proxy_audit.line",
            "event.original",
            W + "status",
            W + "kernel")) {
      fields.add(f);
    }
    for (JsonNode h : Questions.search(rest, body).path("hits").path("hits")) {
      JsonNode s = h.path("_source");
      List<String> kernel = new ArrayList<>();
      s.path("proxy_audit").path("who").path("kernel").forEach(k -> kernel.add(k.asText()));
      out.add(
          new Line(
              s.path("observer").path("hostname").asText(),
              s.path("log").path("file").path("path").asText(),
              s.path("proxy_audit").path("line").asLong(-1),
              s.path("event").path("original").asText(),
              s.path("proxy_audit").path("who").path("status").asText(),
              kernel));
    }
    return out;
  }

  private static ObjectNode filter(WhoQuery q, List<String> nodes, WhoResult.Row row) {
    ObjectNode query = JSON.createObjectNode();
    ObjectNode bool = query.putObject("bool");
    ArrayNode filter = bool.putArray("filter");
    Questions.question(filter, q, nodes);
    filter.addObject().putObject("term").put(W + "service", row.service().id());
    String user = row.key().user();
    if (user != null) {
      filter.addObject().putObject("term").put(W + "user", user);
    } else {
      bool.putArray("must_not").addObject().putObject("exists").put("field", W + "user");
      filter.addObject().putObject("term").put(W + "client", row.key().client());
    }
    return query;
  }

  private static Server.Source source(String name) {
    if (name == null) {
      return null;
    }
    try {
      return Server.Source.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public void close() throws IOException {
    rest.close();
  }
}
