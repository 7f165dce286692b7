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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.opensearch.client.RestClient;

/**
 * The who question asked of the fleet's cluster: a composite aggregation per daily index over the
 * proxy lines the nodes shipped with their kernel status ({@code proxy_audit.who}), paged, each
 * bucket the lines of one row alike in minute, destination, server, status, log format and node,
 * and one row-wide aggregation for each row's first and last line; the buckets are counted and
 * judged by {@link BucketRows} as a node counts its lines. Memory holds {@link #AHEAD} pages and
 * the rows.
 */
public final class FleetWho implements AutoCloseable {
  /**
   * Buckets per page, under OpenSearch's default search.max_buckets (65,535): fewer pages, each a
   * pass over the day's matching lines.
   */
  static final int PAGE = 50_000;

  /**
   * Requests in flight. Measured on two cores shared with the node (42 days, 204k lines): one at a
   * time 4.9 s, two 3.1 s, four 2.4 s of requests; three keeps the pages held to three.
   */
  static final int AHEAD = 3;

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
    ExecutorService pool =
        Executors.newFixedThreadPool(
            AHEAD,
            r -> {
              Thread t = new Thread(r, "fleet-who");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<List<JsonNode>>> spans = new ArrayList<>();
      for (boolean named : q.by() == GroupBy.CLIENT ? List.of(false) : List.of(true, false)) {
        spans.add(pool.submit(() -> spans(q, nodes, named)));
      }
      days(q, nodes, rows, pool);
      for (Future<List<JsonNode>> f : spans) {
        for (JsonNode b : get(f)) {
          span(rows, b);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return rows.result(q);
  }

  /**
   * Every daily index's buckets, a day after another so that a row's come in minute order (lines
   * without a time, the undated index, first), {@link #AHEAD} requests in flight: a day is one
   * shard, so each request reads only its own lines once, instead of each page of one composite
   * over all days reading every day again.
   */
  private void days(WhoQuery q, List<String> nodes, BucketRows rows, ExecutorService pool)
      throws FleetException {
    List<String> days = Questions.dailyIndices(rest, q);
    List<String> sources = sources(q);
    ObjectNode body = request(q, nodes, sources);
    Deque<Page> ahead = new ArrayDeque<>();
    int next = 0;
    while (next < days.size() && ahead.size() < AHEAD) {
      ahead.add(page(pool, days.get(next++), body, sources, null));
    }
    while (!ahead.isEmpty()) {
      Page p = ahead.poll();
      CompositePage page = get(p.answer());
      Bucket b = new Bucket(sources);
      for (int i = 0; i < page.size(); i++) {
        b.key = page.key(i);
        add(rows, b, page.count(i));
      }
      if (page.size() == PAGE && page.afterKey() != null) { // the day's rest first
        ahead.addFirst(page(pool, p.index(), body, sources, page.afterKey()));
      } else if (next < days.size()) {
        ahead.add(page(pool, days.get(next++), body, sources, null));
      }
    }
  }

  /** One page of one daily index's buckets, asked in the background. */
  private record Page(String index, Future<CompositePage> answer) {}

  private Page page(
      ExecutorService pool, String index, ObjectNode body, List<String> sources, JsonNode after) {
    ObjectNode b = body.deepCopy();
    if (after != null) {
      ((ObjectNode) b.path("aggs").path("lines").path("composite")).set("after", after);
    }
    return new Page(
        index,
        pool.submit(
            () -> Questions.search(rest, index, b, BUCKETS, CompositePage.reader(sources))));
  }

  /** A bucket's key values by source name. */
  private static final class Bucket {
    private final java.util.Map<String, Integer> at = new java.util.HashMap<>();
    String[] key;

    Bucket(List<String> sources) {
      for (int i = 0; i < sources.size(); i++) {
        at.put(sources.get(i), i);
      }
    }

    String text(String source) {
      return key[at.get(source)];
    }
  }

  /**
   * The earliest and latest line of every row: lines with a user ({@code named}) by (service,
   * user), the others by (service, client), paged. Row-wide, so the day buckets need no minimum and
   * maximum of their own (measured: those two took half the cluster's time).
   */
  private List<JsonNode> spans(WhoQuery q, List<String> nodes, boolean named)
      throws FleetException {
    ObjectNode body = JSON.createObjectNode();
    body.put("size", 0);
    body.put("track_total_hits", false);
    ObjectNode bool = body.putObject("query").putObject("bool");
    ArrayNode filter = bool.putArray("filter");
    filter.addObject().putObject("exists").put("field", W + "status");
    Questions.question(filter, q, nodes);
    if (q.by() != GroupBy.CLIENT) {
      (named ? filter : bool.putArray("must_not"))
          .addObject()
          .putObject("exists")
          .put("field", W + "user");
    }
    ObjectNode composite = body.putObject("aggs").putObject("rows").putObject("composite");
    composite.put("size", PAGE);
    ArrayNode sources = composite.putArray("sources");
    List<String> key = new ArrayList<>();
    if (q.by() == GroupBy.NODE) {
      key.add("node");
    }
    key.add("service");
    key.add(named ? "user" : "client");
    for (String name : key) {
      ObjectNode t = sources.addObject().putObject(name).putObject("terms");
      t.put("field", field(name));
    }
    ObjectNode aggs = ((ObjectNode) body.path("aggs").path("rows")).putObject("aggs");
    aggs.putObject("first").putObject("min").put("field", "@timestamp");
    aggs.putObject("last").putObject("max").put("field", "@timestamp");
    List<JsonNode> out = new ArrayList<>();
    JsonNode after = null;
    do {
      if (after != null) {
        composite.set("after", after);
      }
      JsonNode agg =
          Questions.search(rest, Questions.ALL_DAYS, body, SPANS).path("aggregations").path("rows");
      agg.path("buckets").forEach(out::add);
      after = agg.path("buckets").size() < PAGE ? null : agg.get("after_key");
    } while (after != null);
    return out;
  }

  /** What the answers keep of a day's buckets and of the rows' spans: the rest is not read. */
  private static final String BUCKETS =
      "aggregations.lines.after_key,aggregations.lines.buckets.key,"
          + "aggregations.lines.buckets.doc_count";

  private static final String SPANS =
      "aggregations.rows.after_key,aggregations.rows.buckets.key,"
          + "aggregations.rows.buckets.first.value,aggregations.rows.buckets.last.value";

  private static <T> T get(Future<T> f) throws FleetException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FleetException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof FleetException fe) {
        throw fe;
      }
      throw new FleetException(String.valueOf(e.getCause().getMessage()), e.getCause());
    }
  }

  /** The composite's sources, in row, minute order. */
  private static List<String> sources(WhoQuery q) {
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
    return order;
  }

  /** The search of one day: the filter of the question, the composite's {@code order}. */
  private static ObjectNode request(WhoQuery q, List<String> nodes, List<String> order) {
    ObjectNode body = JSON.createObjectNode();
    body.put("size", 0);
    body.put("track_total_hits", false);
    ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
    filter.addObject().putObject("exists").put("field", W + "status");
    Questions.question(filter, q, nodes);
    ObjectNode composite = body.putObject("aggs").putObject("lines").putObject("composite");
    composite.put("size", PAGE);
    ArrayNode sources = composite.putArray("sources");
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
    return body;
  }

  private static String field(String source) {
    return switch (source) {
      case "node" -> "observer.hostname";
      case "dataset" -> "event.dataset";
      default -> W + source;
    };
  }

  /** One bucket: its {@code n} lines, counted into their row. */
  private static void add(BucketRows rows, Bucket b, long n) throws FleetException {
    Service service = Service.byId(b.text("service"));
    Dataset dataset = Dataset.byId(b.text("dataset"));
    ProxyStatus status = ProxyStatus.byId(b.text("status"));
    if (service == null || dataset == null || status == null || b.text("port") == null) {
      throw new FleetException(
          "a shipped line the release does not know: " + String.join(",", b.key), null);
    }
    ProxyHit like =
        new ProxyHit(
            -1,
            Long.MIN_VALUE,
            service,
            dataset,
            b.text("user"),
            b.text("client"),
            b.text("destination"),
            null,
            Integer.parseInt(b.text("port")),
            Action.ACCEPTED);
    String minute = b.text("minute");
    rows.add(
        b.text("node"),
        like,
        status,
        b.text("server"),
        n,
        Long.MIN_VALUE, // the row's span comes from its own aggregation
        Long.MIN_VALUE,
        minute == null ? Long.MIN_VALUE : Long.parseLong(minute));
  }

  /** One row's earliest and latest line (none when its lines have no time). */
  private static void span(BucketRows rows, JsonNode b) throws FleetException {
    JsonNode key = b.path("key");
    Service service = Service.byId(Questions.text(key, "service"));
    if (service == null) {
      throw new FleetException("a shipped line the release does not know: " + key, null);
    }
    JsonNode first = b.path("first").path("value");
    JsonNode last = b.path("last").path("value");
    if (first.isMissingNode() || first.isNull() || last.isMissingNode() || last.isNull()) {
      return;
    }
    ProxyHit like =
        new ProxyHit(
            -1,
            Long.MIN_VALUE,
            service,
            null,
            Questions.text(key, "user"),
            Questions.text(key, "client"),
            null,
            null,
            0,
            Action.ACCEPTED);
    rows.span(Questions.text(key, "node"), like, first.asLong(), last.asLong());
  }

  @Override
  public void close() throws IOException {
    rest.close();
  }
}
