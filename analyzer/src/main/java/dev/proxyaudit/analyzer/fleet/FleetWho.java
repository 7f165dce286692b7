package dev.proxyaudit.analyzer.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proxyaudit.analyzer.config.PortNames;
import dev.proxyaudit.analyzer.correlate.ProxyStatus;
import dev.proxyaudit.analyzer.event.Action;
import dev.proxyaudit.analyzer.event.Dataset;
import dev.proxyaudit.analyzer.event.Service;
import dev.proxyaudit.analyzer.judge.BucketRows;
import dev.proxyaudit.analyzer.judge.Policy;
import dev.proxyaudit.analyzer.judge.WhoResult;
import dev.proxyaudit.analyzer.query.GroupBy;
import dev.proxyaudit.analyzer.query.ProxyHit;
import dev.proxyaudit.analyzer.query.WhoQuery;
import java.io.IOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.opensearch.client.RestClient;

/**
 * The who question asked of the fleet's cluster: one composite aggregation over the proxy lines the
 * nodes shipped with their kernel status ({@code proxy_audit.who}), paged, each bucket the lines of
 * one row alike in minute, destination, server, status, log format and node; the buckets are
 * counted and judged by {@link BucketRows} as a node counts its lines. Memory holds one page and
 * the rows.
 */
public final class FleetWho implements AutoCloseable {
  /**
   * Buckets per page, under OpenSearch's default search.max_buckets (65,535): fewer pages, each a
   * pass over the matching lines (bench: 10,000 a page took 23 s, 50,000 10 s on 10M events).
   */
  static final int PAGE = 50_000;

  private static final ObjectMapper JSON = Questions.JSON;
  private static final String W = Questions.W;

  private final RestClient rest;

  /** Raised when the cluster cannot answer, with what it said. */
  public static final class FleetException extends Exception {
    FleetException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  public FleetWho(Cluster cluster) throws Cluster.ClusterConfigException {
    this.rest = cluster.client();
  }

  /**
   * The answer to {@code q} over the lines of {@code nodes} (empty: every node), judged by {@code
   * policy}.
   */
  public WhoResult answer(
      WhoQuery q, List<String> nodes, Policy policy, ZoneId zone, PortNames names)
      throws FleetException {
    BucketRows rows = new BucketRows(policy, zone, names, q.by());
    ObjectNode body = request(q, nodes);
    JsonNode after = null;
    do {
      if (after != null) {
        ((ObjectNode) body.path("aggs").path("lines").path("composite")).set("after", after);
      }
      JsonNode agg = Questions.search(rest, body).path("aggregations").path("lines");
      for (JsonNode b : agg.path("buckets")) {
        add(rows, b);
      }
      after = agg.path("buckets").size() < PAGE ? null : agg.get("after_key");
    } while (after != null);
    return rows.result(q);
  }

  /** The search: the filter of the question, and the composite's sources in row, minute order. */
  private static ObjectNode request(WhoQuery q, List<String> nodes) {
    ObjectNode body = JSON.createObjectNode();
    body.put("size", 0);
    body.put("track_total_hits", false);
    ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
    filter.addObject().putObject("exists").put("field", W + "status");
    Questions.question(filter, q, nodes);
    ObjectNode composite = body.putObject("aggs").putObject("lines").putObject("composite");
    composite.put("size", PAGE);
    ArrayNode sources = composite.putArray("sources");
    // a row's buckets must come in minute order (the windowed limits): its key fields first
    List<String> order = new ArrayList<>();
    if (q.by() == GroupBy.NODE) {
      order.add("node");
    }
    order.add("service");
    order.add(q.by() == GroupBy.CLIENT ? "client" : "user");
    order.add("minute");
    order.add(q.by() == GroupBy.CLIENT ? "user" : "client");
    order.addAll(List.of("destination", "port", "server", "status", "dataset"));
    if (q.by() != GroupBy.NODE) {
      order.add("node");
    }
    for (String name : order) {
      ObjectNode source = sources.addObject().putObject(name);
      if (name.equals("minute")) {
        ObjectNode h = source.putObject("date_histogram");
        h.put("field", "@timestamp");
        h.put("fixed_interval", "1m");
        h.put("missing_bucket", true);
      } else {
        ObjectNode t = source.putObject("terms");
        t.put("field", field(name));
        t.put("missing_bucket", true);
      }
    }
    ObjectNode aggs = ((ObjectNode) body.path("aggs").path("lines")).putObject("aggs");
    aggs.putObject("first").putObject("min").put("field", "@timestamp");
    aggs.putObject("last").putObject("max").put("field", "@timestamp");
    return body;
  }

  private static String field(String source) {
    return switch (source) {
      case "node" -> "observer.hostname";
      case "dataset" -> "event.dataset";
      default -> W + source;
    };
  }

  /** One bucket: its lines, counted into their row. */
  private static void add(BucketRows rows, JsonNode b) throws FleetException {
    JsonNode key = b.path("key");
    Service service = Service.byId(Questions.text(key, "service"));
    Dataset dataset = Dataset.byId(Questions.text(key, "dataset"));
    ProxyStatus status = ProxyStatus.byId(Questions.text(key, "status"));
    if (service == null || dataset == null || status == null || key.path("port").isNull()) {
      throw new FleetException("a shipped line the release does not know: " + key, null);
    }
    ProxyHit like =
        new ProxyHit(
            -1,
            Long.MIN_VALUE,
            service,
            dataset,
            Questions.text(key, "user"),
            Questions.text(key, "client"),
            Questions.text(key, "destination"),
            null,
            key.path("port").asInt(),
            Action.ACCEPTED);
    boolean timed = !key.path("minute").isNull();
    long minute = timed ? key.path("minute").asLong() : Long.MIN_VALUE;
    long first = timed ? b.path("first").path("value").asLong() : Long.MIN_VALUE;
    long last = timed ? b.path("last").path("value").asLong() : Long.MIN_VALUE;
    rows.add(
        Questions.text(key, "node"),
        like,
        status,
        Questions.text(key, "server"),
        b.path("doc_count").asLong(),
        first,
        last,
        minute);
  }

  @Override
  public void close() throws IOException {
    rest.close();
  }
}
