package dev.proxyaudit.analyzer.fleet;

import dev.proxyaudit.analyzer.index.EventIndex;
import dev.proxyaudit.analyzer.judge.WhoService;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.apache.http.util.EntityUtils;
import org.opensearch.client.Request;
import org.opensearch.client.Response;
import org.opensearch.client.ResponseException;
import org.opensearch.client.RestClient;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.transport.rest_client.RestClientTransport;

/**
 * Sends the local index's events that OpenSearch has not acknowledged yet, with the Bulk API, and
 * records in the index's commit data, only after every item of every bulk was acknowledged, the
 * session up to which events are shipped. Overload (429, 503) and connection errors back off and
 * retry; a failure that persists leaves the record as it was, so the next run sends the same events
 * again, which overwrite themselves (ids from {@link EventDocuments}).
 */
public final class Shipper implements AutoCloseable {
  /**
   * Commit-data key prefix: the last index session whose events a cluster acknowledged, per cluster
   * URL and node name (shipping to a new cluster, or as another node, sends everything).
   */
  public static final String SHIPPED_SESSION = "shipped.session";

  static final String TEMPLATE = "proxy-audit-events";
  private static final int ATTEMPTS = 5;
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private final RestClient rest;
  private final String url;
  // one bulk at a time in flight, in order (daemon: a failed run must not hang the JVM)
  private final ExecutorService sender =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "ship-bulk");
            t.setDaemon(true);
            return t;
          });
  private Future<Void> inFlight;
  // the typed client for the calls off the hot path; the bulks are written and read as streams
  // (BulkBody): its document mapping cost more client CPU than the rest of ship
  private final OpenSearchClient client;
  private final long firstBackoffMillis;

  /**
   * The outcome of one run: events sent (again, for those a failed run had sent), and the lines
   * whose kernel status was sent (decided again near the new events).
   */
  public record Result(long sent, long statuses) {}

  /** Raised when OpenSearch refused or could not be reached after every retry. */
  public static final class ShipException extends Exception {
    ShipException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  public Shipper(Cluster cluster, long firstBackoffMillis) throws Cluster.ClusterConfigException {
    this.rest = cluster.client();
    this.url = cluster.url().replaceAll("/+$", "");
    this.client = new OpenSearchClient(new RestClientTransport(rest, new JacksonJsonpMapper()));
    this.firstBackoffMillis = firstBackoffMillis;
  }

  /**
   * Ships what {@code idx} holds after its last acknowledged session, as {@code node}, then the
   * kernel status of the watched ports' lines near them as {@code who} joins them.
   */
  public Result ship(EventIndex idx, String node, WhoService who)
      throws IOException, ShipException {
    template();
    String key = SHIPPED_SESSION + " " + node + " " + url;
    String done = idx.state(key);
    long after = done == null ? -1 : Long.parseLong(done);
    long sent;
    long statuses;
    try (var reader = idx.openReader()) {
      try {
        LineStatuses.Span span = new LineStatuses.Span();
        sent = EventDocuments.read(reader, after, node, span, this::bulk);
        awaitBulk(); // every event indexed before its status is added to it
        statuses = LineStatuses.send(reader, who, span, node, this::bulk);
        awaitBulk();
        refresh();
      } catch (ShipFailure f) {
        throw new ShipException(f.getMessage(), f.getCause());
      }
    }
    idx.setState(key, Long.toString(idx.session()));
    idx.commit();
    return new Result(sent, statuses);
  }

  /**
   * Deletes the tool's daily indices of days before {@code day} (UTC days, as they are named);
   * returns their names. Other indices of the cluster are never touched.
   */
  public List<String> deleteDailyIndicesBefore(java.time.LocalDate day) throws ShipException {
    var listed =
        retrying(
            () -> client.cat().indices(i -> i.index(EventDocuments.INDEX_PREFIX + "*")),
            "list daily indices");
    List<String> deleted = new java.util.ArrayList<>();
    for (var i : listed.valueBody()) {
      String name = i.index();
      java.time.LocalDate d = name == null ? null : EventDocuments.dayOf(name);
      if (d != null && d.isBefore(day)) {
        retrying(() -> client.indices().delete(x -> x.index(name)), "delete " + name);
        deleted.add(name);
      }
    }
    return deleted;
  }

  /** The index template this release installs (the daily indices' settings and mappings). */
  static String templateText() {
    try (InputStream in = Shipper.class.getResourceAsStream("index-template.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("index-template.json missing from the jar", e);
    }
  }

  /**
   * Makes what was shipped searchable now: the daily indices refresh every 30 s only (the
   * template), which is what lets a bulk index at the cluster's rate.
   */
  private void refresh() throws ShipFailure {
    try {
      retrying(
          () ->
              client
                  .indices()
                  .refresh(r -> r.index(EventDocuments.INDEX_PREFIX + "*").allowNoIndices(true)),
          "refresh the daily indices");
    } catch (ShipException e) {
      throw new ShipFailure(e.getMessage(), e.getCause());
    }
  }

  /** Installs the index template when it is absent or older than this release's. */
  private void template() throws ShipException {
    String body = templateText();
    retrying(
        () -> {
          Request put = new Request("PUT", "/_index_template/" + TEMPLATE);
          put.setEntity(new NStringEntity(body, ContentType.APPLICATION_JSON));
          rest.performRequest(put);
          // indices made by an older template get the fields it lacked (the mapping is strict)
          String mappings =
              JSON.readTree(body).path("template").path("mappings").path("properties").toString();
          Request map = new Request("PUT", "/" + EventDocuments.INDEX_PREFIX + "*/_mapping");
          map.addParameter("allow_no_indices", "true");
          map.setEntity(
              new NStringEntity("{\"properties\":" + mappings + "}", ContentType.APPLICATION_JSON));
          rest.performRequest(map);
          return null;
        },
        "install index template " + TEMPLATE);
  }

  /**
   * Hands a slice to the sender thread, after the previous one was acknowledged: one bulk in flight
   * while the next is read from the index, so that neither side waits for the other, and the bulks
   * reach the cluster in order.
   */
  private void bulk(List<EventDocuments.Document> slice) throws IOException {
    Request request = BulkBody.of(slice, null);
    awaitBulk();
    inFlight = sender.submit(() -> send(request, slice.size()));
  }

  /** Waits for the bulk in flight; its failure is this call's. */
  private void awaitBulk() throws IOException {
    Future<Void> f = inFlight;
    inFlight = null;
    if (f == null) {
      return;
    }
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ShipFailure("interrupted", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      throw c instanceof ShipFailure sf ? sf : new ShipFailure(String.valueOf(c.getMessage()), c);
    }
  }

  private Void send(Request request, int size) throws IOException {
    try {
      List<BulkBody.Refusal> refused =
          retrying(
              () -> {
                List<BulkBody.Refusal> r =
                    BulkBody.refusals(rest.performRequest(request).getEntity().getContent());
                for (BulkBody.Refusal item : r) {
                  if (item.status() == 429 || item.status() == 503) {
                    throw new Overloaded(item.status());
                  }
                }
                return r;
              },
              "bulk of " + size + " events");
      for (BulkBody.Refusal item : refused) {
        if (item.status() != 404) { // 404: gone by the cluster's retention
          throw new ShipFailure(
              "OpenSearch refused event " + item.id() + ": " + item.reason(), null);
        }
      }
    } catch (ShipException e) {
      throw new ShipFailure(e.getMessage(), e.getCause());
    }
    return null;
  }

  /** A bulk whose items were refused for load: the whole bulk is sent again (ids make it safe). */
  private static final class Overloaded extends IOException {
    Overloaded(int status) {
      super("OpenSearch overloaded (" + status + ")");
    }
  }

  /** A failure inside the slice loop, carried out of it. */
  private static final class ShipFailure extends IOException {
    ShipFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private interface Call<T> {
    T run() throws IOException;
  }

  private <T> T retrying(Call<T> call, String what) throws ShipException {
    long wait = firstBackoffMillis;
    IOException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        return call.run();
      } catch (ResponseException e) {
        int status = e.getResponse().getStatusLine().getStatusCode();
        if (status != 429 && status != 503) {
          throw new ShipException(what + ": OpenSearch answered " + status + ": " + body(e), e);
        }
        last = e;
      } catch (OpenSearchException e) { // the typed client's form of the same answer
        if (e.status() != 429 && e.status() != 503) {
          throw new ShipException(
              what + ": OpenSearch answered " + e.status() + ": " + e.getMessage(), e);
        }
        last = new IOException(e.getMessage(), e);
      } catch (IOException e) {
        last = e; // connection refused or reset, overloaded items: back off and try again
      }
      try {
        Thread.sleep(wait);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        break;
      }
      wait *= 2;
    }
    throw new ShipException(
        what
            + ": "
            + (last == null ? "interrupted" : last.getMessage())
            + " ("
            + ATTEMPTS
            + " attempts)",
        last);
  }

  private static String body(ResponseException e) {
    try {
      Response r = e.getResponse();
      return r.getEntity() == null ? "" : EntityUtils.toString(r.getEntity());
    } catch (IOException x) {
      return "";
    }
  }

  /**
   * An http(s) URL of a cluster: scheme, host (or [IPv6]) and port, nothing a shell or log needs
   * quoted.
   */
  public static boolean validUrl(String url) {
    return url.matches("https?://[A-Za-z0-9.:\\[\\]-]+(:[0-9]+)?/?");
  }

  /** A node name: what a document id and an index field can carry as is. */
  public static boolean validNode(String node) {
    return node.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  }

  /** This host's name, the default node name of the fleet. */
  public static String hostName() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname"))
          .strip();
    } catch (IOException e) {
      return "localhost";
    }
  }

  @Override
  public void close() throws IOException {
    sender.shutdownNow();
    rest.close();
  }
}
