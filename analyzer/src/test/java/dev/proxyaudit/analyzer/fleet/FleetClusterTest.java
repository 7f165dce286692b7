package dev.proxyaudit.analyzer.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proxyaudit.analyzer.testing.Cli;
import dev.proxyaudit.analyzer.testing.OpenSearchScript;
import dev.proxyaudit.testing.Need;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: a cluster of two real OpenSearch 2.19 nodes (lab/opensearch.sh first / join). The
 * template gives every daily index a copy on each node, so with one node stopped after shipping
 * {@code who --opensearch} gives the same answer; an index whose only copy was on the stopped node
 * makes it refuse to answer, naming the index and shard, instead of printing short counts. Root
 * only; under CI=true a missing tool fails.
 */
class FleetClusterTest {
  private static final int FIRST = 9281;
  private static final int SECOND = 9282;
  private static final String URL = "http://127.0.0.1:" + FIRST;
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Path> homes = new java.util.ArrayList<>();
  @TempDir Path tmp;

  @AfterEach
  void stopNodes() throws Exception {
    java.util.Collections.reverse(homes);
    for (Path home : homes) {
      script("stop", home.toString());
      try (Stream<Path> walk = Files.walk(home)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void oneNodeDownTheReplicasAnswerAndAnIndexWithoutACopyIsNamed() throws Exception {
    Need.root("OpenSearch runs as a system user the script creates");
    Need.command("curl", "curl");
    Need.command("unzip", "unzip");
    Need.command("setpriv", "util-linux");
    // not under @TempDir (0700): the OpenSearch user must reach them
    Path first = Path.of("/var/tmp", "pa-cluster-a-" + UUID.randomUUID());
    Path second = Path.of("/var/tmp", "pa-cluster-b-" + UUID.randomUUID());
    homes.add(first);
    script("start", first.toString(), Integer.toString(FIRST), "first");
    homes.add(second);
    script("start", second.toString(), Integer.toString(SECOND), "join=" + FIRST);
    assertEquals(2, get("/_cluster/health").path("number_of_nodes").asInt());

    Path index = tmp.resolve("index");
    Cli.Run in = Cli.ingestSampleLogs(index);
    assertEquals(0, in.code(), in.err());
    Cli.Run ship = audit("ship", "--index", index.toString(), "--opensearch", URL, "--node", "n1");
    assertEquals(0, ship.code(), ship.err());
    get("/_cluster/health?wait_for_status=green&timeout=60s"); // every replica allocated
    JsonNode copies = get("/_cat/shards/proxy-audit-events-*?format=json&h=index,node");
    Map<String, java.util.Set<String>> nodesOf = new java.util.TreeMap<>();
    for (JsonNode c : copies) {
      nodesOf
          .computeIfAbsent(c.path("index").asText(), k -> new java.util.TreeSet<>())
          .add(c.path("node").asText());
    }
    assertTrue(!nodesOf.isEmpty(), copies.toString());
    nodesOf.forEach( // the template's auto_expand_replicas: a copy on each node
        (i, nodes) ->
            assertEquals(
                java.util.Set.of("pa-node-" + FIRST, "pa-node-" + SECOND),
                nodes,
                copies.toString()));
    String[] who = {"who", "--opensearch", URL, "--output", "json", "--tz", "Europe/Berlin"};
    Cli.Run both = audit(who);
    assertTrue(both.code() == 3 || both.code() == 5, both.out() + both.err()); // found, or abuse
    assertTrue(JSON.readTree(both.out()).path("who").size() > 0, both.out());

    script("stop", second.toString());
    Cli.Run one = audit(who);
    assertEquals(both.code(), one.code(), one.err());
    assertEquals(
        JSON.readTree(both.out()), JSON.readTree(one.out()), "the replicas give every line");

    // one index with its only copy on the second node; then the second node stops again
    script("start", second.toString(), Integer.toString(SECOND), "join=" + FIRST);
    String lonely = nodesOf.keySet().iterator().next();
    put(
        "/" + lonely + "/_settings",
        "{\"index.auto_expand_replicas\":false,\"index.number_of_replicas\":0,"
            + "\"index.routing.allocation.require._name\":\"pa-node-"
            + SECOND
            + "\"}");
    get("/_cluster/health?wait_for_status=green&wait_for_no_relocating_shards=true&timeout=60s");
    script("stop", second.toString());
    Cli.Run missing = audit(who);
    assertEquals(9, missing.code(), missing.out() + missing.err());
    assertTrue(missing.out().isEmpty(), "no short answer: " + missing.out());
    assertTrue(missing.err().contains(lonely + " shard 0: unassigned"), missing.err());
    assertTrue(missing.err().contains("the counts would be short"), missing.err());
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(URL + path)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return JSON.readTree(r.body());
  }

  private void put(String path, String body) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(URL + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), path + ": " + r.body());
  }

  private static Cli.Run audit(String... args) {
    return Cli.audit(args);
  }

  private static void script(String... args) throws Exception {
    OpenSearchScript.run(args);
  }
}
