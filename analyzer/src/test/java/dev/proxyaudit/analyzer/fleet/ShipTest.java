package dev.proxyaudit.analyzer.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proxyaudit.analyzer.cli.Main;
import dev.proxyaudit.testing.Need;
import java.io.PrintWriter;
import java.io.StringWriter;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: {@code audit ship} against a real OpenSearch 2.19 node (lab/opensearch.sh: the minimal
 * distribution from Maven Central, run as a system user): the sample logs' events arrive once, with
 * their node name, in ECS fields; shipping again adds nothing; with the cluster unreachable the
 * command exits 9 and the next run ships everything. Root only (OpenSearch runs as its own user);
 * under CI=true a missing tool fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShipTest {
  private static final int PORT = 9261;
  private static final String URL = "http://127.0.0.1:" + PORT;
  private static final Path ROOT = root();
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private Path home;
  private Need.Once machine;
  @TempDir Path tmp;

  @BeforeAll
  void startOpenSearch() throws Exception {
    machine =
        Need.once(
            () -> {
              Need.root("OpenSearch runs as a system user the script creates");
              Need.command("curl", "curl");
              Need.command("unzip", "unzip");
              Need.command("setpriv", "util-linux");
            });
    if (!machine.met()) {
      return;
    }
    // not under @TempDir (0700): the OpenSearch user must reach it
    home = Path.of("/var/tmp", "pa-opensearch-" + UUID.randomUUID());
    script("start", home.toString(), Integer.toString(PORT));
  }

  @AfterAll
  void stopOpenSearch() throws Exception {
    if (home != null) {
      script("stop", home.toString());
      try (Stream<Path> walk = Files.walk(home)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @BeforeEach
  void skipOrFail() throws Throwable {
    machine.check();
  }

  @Test
  void everyEventArrivesOnceAndAgainAddsNothing() throws Exception {
    Path index = ingestSamples("a");
    long local = localEvents(index);
    assertTrue(local > 100, "the samples' events: " + local);
    Result first = audit("ship", "--index", index.toString(), "--opensearch", URL, "--node", "n1");
    assertEquals(0, first.code, first.err);
    assertTrue(first.out.contains("shipped " + local + " events as node n1"), first.out);
    assertEquals(local, count("n1"));
    Result again = audit("ship", "--index", index.toString(), "--opensearch", URL, "--node", "n1");
    assertEquals(0, again.code, again.err);
    assertTrue(again.out.contains("shipped 0 events"), again.out);
    assertEquals(local, count("n1"));
    // an event in ECS names, as the template maps them
    JsonNode hit =
        search(
                "{\"size\":1,\"query\":{\"bool\":{\"filter\":[{\"term\":{\"observer.hostname\":\"n1\"}},"
                    + "{\"term\":{\"user.name\":\"alice@example.com\"}},{\"term\":{\"destination.port\":25}}]}}}")
            .path("hits")
            .path("hits")
            .get(0)
            .path("_source");
    assertEquals("v2ray", hit.path("service").path("name").asText(), hit.toString());
    assertTrue(
        List.of("198.51.100.11", "2001:db8:100::11")
            .contains(hit.path("source").path("ip").asText()),
        hit.toString());
    assertTrue(
        hit.path("event").path("original").asText().contains("accepted tcp:"), hit.toString());
  }

  @Test
  void anUnreachableClusterExitsNineAndTheNextRunShipsEverything() throws Exception {
    Path index = ingestSamples("b");
    long local = localEvents(index);
    Result down =
        audit(
            "ship",
            "--index",
            index.toString(),
            "--opensearch",
            "http://127.0.0.1:9",
            "--node",
            "n2");
    assertEquals(9, down.code, down.out + down.err);
    assertTrue(down.err.contains("not shipped"), down.err);
    Result up = audit("ship", "--index", index.toString(), "--opensearch", URL, "--node", "n2");
    assertEquals(0, up.code, up.err);
    assertEquals(local, count("n2"));
  }

  /**
   * The nightly run ships when its config names a cluster: unreachable, it says so and exits 9 (the
   * samples are below the built-in limits, so nothing else decides the code); the next run, with
   * the cluster there, ships every event of the index.
   */
  @Test
  void nightlyShipsAfterItsRunAndCatchesUpAfterAnOutage() throws Exception {
    Path index = tmp.resolve("nightly-index");
    String base =
        "sources = "
            + String.join(
                ", ",
                List.of("v2ray-4.34", "kernel", "shadowsocks-libev-3.3.5").stream()
                    .map(d -> ROOT.resolve("sample-logs").resolve(d) + "/*")
                    .toList())
            + "\ntz = Europe/Berlin\nindex = "
            + index
            + "\nuids = v2ray=65534, shadowsocks=999\nreport_dir = "
            + tmp.resolve("reports")
            + "\nretention_days = 0\nevidence_retention_days = 0\nstale_after_days = 0\nnode = n3\n";
    Path down = tmp.resolve("down.conf");
    Files.writeString(down, base + "opensearch = http://127.0.0.1:9\n");
    Result first = audit("nightly", "--config", down.toString(), "--now", "2026-11-28T06:00:00Z");
    assertEquals(9, first.code, first.out + first.err);
    assertTrue(localEvents(index) > 100, "the nightly run read the samples");
    assertTrue(first.err.contains("not shipped to http://127.0.0.1:9"), first.err);
    Path up = tmp.resolve("up.conf");
    Files.writeString(up, base + "opensearch = " + URL + "\n");
    Result second = audit("nightly", "--config", up.toString(), "--now", "2026-11-28T06:05:00Z");
    assertEquals(0, second.code, second.out + second.err);
    assertEquals(localEvents(index), count("n3"));
  }

  /**
   * A kill -9 of ship in the middle of its bulks, then a rerun: every event once. The ids make the
   * resent bulks overwrite, and the acknowledged session is recorded only at the end.
   */
  @Test
  void aKillMidShipThenARerunGivesExactCounts() throws Exception {
    java.util.List<Path> corpus =
        dev.proxyaudit.analyzer.bench.CorpusGenerator.generate(tmp.resolve("corpus"), 400_000, 7);
    Path index = tmp.resolve("big");
    List<String> ingest =
        new java.util.ArrayList<>(List.of("ingest", "--index", index.toString(), "--tz", "UTC"));
    corpus.forEach(f -> ingest.add(f.toString()));
    Result in = audit(ingest.toArray(String[]::new));
    assertTrue(in.code == 0 || in.code == 4, in.err);
    long local = localEvents(index);
    Process ship =
        new ProcessBuilder(
                dev.proxyaudit.analyzer.cli.AuditProcess.command(
                    "ship", "--index", index.toString(), "--opensearch", URL, "--node", "n4"))
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("ship.out").toFile())
            .start();
    long seen = 0;
    for (int i = 0; i < 600 && seen == 0 && ship.isAlive(); i++) {
      Thread.sleep(100);
      seen = count("n4");
    }
    ship.destroyForcibly(); // SIGKILL, by our own handle
    assertTrue(ship.waitFor(30, TimeUnit.SECONDS));
    long atKill = count("n4");
    assertTrue(atKill > 0 && atKill < local, "killed mid-ship: " + atKill + " of " + local);
    Result rerun = audit("ship", "--index", index.toString(), "--opensearch", URL, "--node", "n4");
    assertEquals(0, rerun.code, rerun.err);
    assertEquals(local, count("n4"));
  }

  private Path ingestSamples(String name) {
    Path index = tmp.resolve(name);
    Result r =
        audit(
            "ingest",
            "--index",
            index.toString(),
            "--tz",
            "Europe/Berlin",
            "--year",
            "2026",
            ROOT.resolve("sample-logs").toString());
    assertEquals(0, r.code, r.err);
    return index;
  }

  private static long localEvents(Path index) throws Exception {
    try (FSDirectory d = FSDirectory.open(index);
        DirectoryReader r = DirectoryReader.open(d)) {
      return r.numDocs();
    }
  }

  private long count(String node) throws Exception {
    http.send(
        HttpRequest.newBuilder(URI.create(URL + "/proxy-audit-events-*/_refresh"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
    return search(
            "{\"size\":0,\"track_total_hits\":true,\"query\":{\"term\":{\"observer.hostname\":\""
                + node
                + "\"}}}")
        .path("hits")
        .path("total")
        .path("value")
        .asLong();
  }

  private JsonNode search(String body) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(URL + "/proxy-audit-events-*/_search"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  private record Result(int code, String out, String err) {}

  private static Result audit(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err), Map.of());
    return new Result(code, out.toString(), err.toString());
  }

  private static void script(String... args) throws Exception {
    List<String> cmd =
        new java.util.ArrayList<>(List.of(ROOT.resolve("lab/opensearch.sh").toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroy();
      throw new AssertionError("lab/opensearch.sh " + args[0] + " timed out: " + out);
    }
    assertEquals(0, p.exitValue(), "lab/opensearch.sh " + String.join(" ", args) + ":\n" + out);
  }

  private static Path root() {
    Path here = Path.of("").toAbsolutePath();
    return Files.isDirectory(here.resolve("lab")) ? here : here.getParent();
  }
}
