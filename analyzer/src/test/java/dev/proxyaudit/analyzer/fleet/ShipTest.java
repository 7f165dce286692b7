package dev.proxyaudit.analyzer.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proxyaudit.analyzer.testing.Cli;
import dev.proxyaudit.analyzer.testing.OpenSearchScript;
import dev.proxyaudit.analyzer.testing.SelfSigned;
import dev.proxyaudit.testing.Need;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
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
  private static final int FRONT = 9263; // nginx with TLS and a password in front of the node
  private static final Path ROOT = OpenSearchScript.root();
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
    Cli.Run first = audit("ship", "--index", index.toString(), "--opensearch", URL, "--node", "n1");
    assertEquals(0, first.code(), first.err());
    assertTrue(
        first.out().contains("shipped " + local + " events and the kernel status of "),
        first.out());
    assertTrue(first.out().contains("proxy lines as node n1"), first.out());
    assertEquals(local, count("n1"));
    Cli.Run again = audit("ship", "--index", index.toString(), "--opensearch", URL, "--node", "n1");
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("shipped 0 events"), again.out());
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
    Cli.Run down =
        audit(
            "ship",
            "--index",
            index.toString(),
            "--opensearch",
            "http://127.0.0.1:9",
            "--node",
            "n2");
    assertEquals(9, down.code(), down.out() + down.err());
    assertTrue(down.err().contains("not shipped"), down.err());
    Cli.Run up = audit("ship", "--index", index.toString(), "--opensearch", URL, "--node", "n2");
    assertEquals(0, up.code(), up.err());
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
    Cli.Run first = audit("nightly", "--config", down.toString(), "--now", "2026-11-28T06:00:00Z");
    assertEquals(9, first.code(), first.out() + first.err());
    assertTrue(localEvents(index) > 100, "the nightly run read the samples");
    assertTrue(first.err().contains("not shipped to http://127.0.0.1:9"), first.err());
    Path up = tmp.resolve("up.conf");
    Files.writeString(up, base + "opensearch = " + URL + "\nopensearch_retention_days = 30\n");
    // a daily index of the tool past the retention, and someone else's index of the same day
    assertEquals(200, put("/proxy-audit-events-2026.10.01"));
    assertEquals(200, put("/web-logs-2026.10.01"));
    Cli.Run second = audit("nightly", "--config", up.toString(), "--now", "2026-11-28T06:05:00Z");
    assertEquals(0, second.code(), second.out() + second.err());
    assertEquals(localEvents(index), count("n3"));
    assertEquals(404, head("/proxy-audit-events-2026.10.01"), "past the retention: deleted");
    assertEquals(200, head("/web-logs-2026.10.01"), "not the tool's: kept");
    assertEquals(200, head("/proxy-audit-events-2026.11.28"), "within the retention: kept");
  }

  private int put(String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(URL + path))
                .PUT(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  private int head(String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(URL + path))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
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
    Cli.Run in = audit(ingest.toArray(String[]::new));
    assertTrue(in.code() == 0 || in.code() == 4, in.err());
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
    Cli.Run rerun = audit("ship", "--index", index.toString(), "--opensearch", URL, "--node", "n4");
    assertEquals(0, rerun.code(), rerun.err());
    assertEquals(local, count("n4"));
  }

  /**
   * Three nodes from the lab's sample logs: vps-a has the V2Ray logs and the kernel's lines of
   * V2Ray's uid, vps-b the three ss-server instances' logs and the kernel's lines of their uid,
   * vps-c the V2Ray logs and kernel lines of vps-a as the same users' traffic a day later (the
   * dates moved by one day, nothing else changed). Each node ships its own index; {@code who
   * --opensearch} then equals, row for row, the local answer on all three nodes' files ingested
   * into one index, and names each row's nodes.
   */
  @Test
  void theFleetsAnswerEqualsTheLocalAnswerOnAllNodesLogs() throws Exception {
    Path samples = ROOT.resolve("sample-logs");
    Path a = Files.createDirectories(tmp.resolve("fleet/vps-a"));
    Path b = Files.createDirectories(tmp.resolve("fleet/vps-b"));
    Path c = Files.createDirectories(tmp.resolve("fleet/vps-c"));
    List<String> kern = Files.readAllLines(samples.resolve("kernel/kern.log"));
    for (String f : List.of("access.log", "access.log.1", "error.log")) {
      Files.copy(samples.resolve("v2ray-4.34").resolve(f), a.resolve(f));
    }
    Files.copy(samples.resolve("v2ray-4.34/access.log.2.gz"), a.resolve("access.log.2.gz"));
    Files.write(
        a.resolve("kern.log"), kern.stream().filter(l -> l.contains(" UID=65534 ")).toList());
    try (Stream<Path> ss = Files.list(samples.resolve("shadowsocks-libev-3.3.5"))) {
      for (Path f : ss.toList()) {
        Files.copy(f, b.resolve(f.getFileName()));
      }
    }
    Files.write(b.resolve("kern.log"), kern.stream().filter(l -> l.contains(" UID=999 ")).toList());
    for (String f : List.of("access.log", "access.log.1", "error.log", "kern.log")) {
      Files.write(c.resolve(f), nextDay(Files.readAllLines(a.resolve(f))));
    }
    try (var in =
        new java.util.zip.GZIPInputStream(Files.newInputStream(a.resolve("access.log.2.gz")))) {
      Files.write(
          c.resolve("access.log.2"),
          nextDay(
              List.of(
                  new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                      .split("\n"))));
    }
    String[] uids = {"--uid", "v2ray=65534", "--uid", "shadowsocks=999"};
    for (Path node : List.of(a, b, c)) {
      Path index = tmp.resolve("fleet-index-" + node.getFileName());
      ingest(index, node);
      String name = node.getFileName().toString();
      Cli.Run r =
          audit(
              concat(
                  new String[] {
                    "ship", "--index", index.toString(), "--opensearch", URL, "--node", name
                  },
                  uids));
      assertEquals(0, r.code(), r.err());
    }
    refresh();
    Path all = tmp.resolve("fleet-index-all");
    ingest(all, a, b, c);
    String[] ask = {"who", "--output", "json", "--tz", "Europe/Berlin"};
    // only these nodes: the other tests ship the same sample logs as other nodes
    String[] fleetNodes = {"--node", "vps-a", "--node", "vps-b", "--node", "vps-c"};
    Cli.Run local = audit(concat(ask, uids, new String[] {"--index", all.toString()}));
    Cli.Run fleet =
        audit(
            concat(
                ask,
                uids,
                new String[] {
                  "--opensearch", URL, "--node", "vps-a", "--node", "vps-b", "--node", "vps-c"
                }));
    assertEquals(local.code(), fleet.code(), local.err() + fleet.err());
    JsonNode mine = JSON.readTree(local.out()).path("who");
    JsonNode theirs = JSON.readTree(fleet.out()).path("who");
    assertTrue(mine.size() >= 3, local.out());
    assertEquals(mine.size(), theirs.size(), fleet.out());
    for (int i = 0; i < mine.size(); i++) {
      com.fasterxml.jackson.databind.node.ObjectNode f =
          (com.fasterxml.jackson.databind.node.ObjectNode) theirs.get(i).deepCopy();
      JsonNode nodes = f.remove("nodes");
      assertEquals(mine.get(i), f, "row " + i);
      String expected =
          mine.get(i).path("service").asText().equals("v2ray")
              ? "[\"vps-a\",\"vps-c\"]"
              : "[\"vps-b\"]";
      assertEquals(expected, String.valueOf(nodes), "nodes of row " + i);
    }
    // per node: alice's lines on vps-a and vps-c, each half of the total
    Cli.Run byNode =
        audit(concat(ask, uids, new String[] {"--opensearch", URL, "--by", "node"}, fleetNodes));
    long alice = 0;
    int rows = 0;
    for (JsonNode row : JSON.readTree(byNode.out()).path("who")) {
      if (row.path("user").asText().equals("alice@example.com")) {
        rows++;
        alice += row.path("connections").asLong();
      }
    }
    long total = 0;
    for (JsonNode row : mine) {
      if (row.path("user").asText().equals("alice@example.com")) {
        total = row.path("connections").asLong();
      }
    }
    assertEquals(2, rows, byNode.out());
    assertEquals(total, alice, byNode.out());
    // explain: the same summary and destinations as the local one, then the nodes' lines
    String[] explain = {"explain", "alice@example.com", "--tz", "Europe/Berlin", "--limit", "500"};
    Cli.Run localExplain = audit(concat(explain, uids, new String[] {"--index", all.toString()}));
    Cli.Run fleetExplain =
        audit(concat(explain, uids, new String[] {"--opensearch", URL}, fleetNodes));
    assertEquals(localExplain.code(), fleetExplain.code(), localExplain.err() + fleetExplain.err());
    String summary = localExplain.out().substring(0, localExplain.out().indexOf("  evidence"));
    String fleetSummary =
        fleetExplain.out().substring(0, fleetExplain.out().indexOf("  nodes: vps-a, vps-c\n"));
    // how a server's address is known may differ: one index of both days has more lines of a
    // name to infer its address from than each node had alone ("from its packet")
    assertEquals(howKnownLeftOut(summary), howKnownLeftOut(fleetSummary), fleetExplain.out());
    long proxyLines = fleetExplain.out().lines().filter(l -> l.matches("    vps-[ac]: .*")).count();
    assertEquals(total, proxyLines, fleetExplain.out());
    long kernelLines = localExplain.out().lines().filter(l -> l.startsWith("          ")).count();
    assertEquals(
        kernelLines,
        fleetExplain.out().lines().filter(l -> l.startsWith("          ")).count(),
        fleetExplain.out());
  }

  /**
   * A cluster behind TLS and a password, as operators put one on the internet: Debian's nginx in
   * front of the test node (https with a self-signed certificate, auth_basic), the CA and the
   * credentials given as files. A credentials file others can read is refused by name; without
   * credentials the cluster's 401 exits 9; without the CA the handshake fails and exits 9; the
   * password is never printed.
   */
  @Test
  void credentialsAndTlsThroughAFront() throws Exception {
    Need.command("nginx", "nginx");
    Need.command("openssl", "openssl");
    Path front = Files.createDirectories(tmp.resolve("front"));
    Path cert = SelfSigned.certificate(front, "localhost", "DNS:localhost", "IP:127.0.0.1");
    String password = "s3cret-" + UUID.randomUUID();
    String hash = run("openssl", "passwd", "-apr1", password).strip();
    Files.writeString(front.resolve("htpasswd"), "fleet:" + hash + "\n");
    Files.createDirectories(front.resolve("tmp"));
    Files.writeString(
        front.resolve("nginx.conf"),
        String.join(
            "\n",
            "daemon off;",
            "user root;", // the test's files are under a 0700 folder
            "pid " + front.resolve("nginx.pid") + ";",
            "error_log " + front.resolve("error.log") + ";",
            "events {}",
            "http {",
            "  access_log off;",
            "  client_body_temp_path " + front.resolve("tmp") + ";",
            "  proxy_temp_path " + front.resolve("tmp") + ";",
            "  client_max_body_size 100m;",
            "  server {",
            "    listen 127.0.0.1:" + FRONT + " ssl;",
            "    ssl_certificate " + cert + ";",
            "    ssl_certificate_key " + front.resolve("key.pem") + ";",
            "    location / {",
            "      auth_basic fleet;",
            "      auth_basic_user_file " + front.resolve("htpasswd") + ";",
            "      proxy_pass " + URL + ";",
            "    }",
            "  }",
            "}",
            ""));
    Process nginx =
        new ProcessBuilder(
                "nginx",
                "-p",
                front.toString(),
                "-e",
                front.resolve("error.log").toString(),
                "-c",
                front.resolve("nginx.conf").toString())
            .redirectErrorStream(true)
            .redirectOutput(front.resolve("nginx.out").toFile())
            .start();
    try {
      waitForPort(FRONT, nginx);
      Path index = ingestSamples("tls");
      long local = localEvents(index);
      String https = "https://localhost:" + FRONT;
      Path auth = front.resolve("auth");
      Files.writeString(auth, "fleet:" + password + "\n");
      Files.setPosixFilePermissions(
          auth, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
      String[] ship = {"ship", "--index", index.toString(), "--opensearch", https, "--node", "n5"};
      String[] files = {
        "--opensearch-auth-file", auth.toString(), "--opensearch-ca-file", cert.toString()
      };
      Cli.Run open = audit(concat(ship, files));
      assertEquals(2, open.code(), open.out() + open.err());
      assertTrue(open.err().contains(auth + ": readable by others"), open.err());
      Files.setPosixFilePermissions(
          auth, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      Cli.Run noAuth = audit(concat(ship, new String[] {"--opensearch-ca-file", cert.toString()}));
      assertEquals(9, noAuth.code(), noAuth.out() + noAuth.err());
      assertTrue(noAuth.err().contains("401"), noAuth.err());
      Cli.Run noCa = audit(concat(ship, new String[] {"--opensearch-auth-file", auth.toString()}));
      assertEquals(9, noCa.code(), noCa.out() + noCa.err());
      assertEquals(0, count("n5"), "nothing went through without the CA");
      Cli.Run ok = audit(concat(ship, files));
      assertEquals(0, ok.code(), ok.out() + ok.err());
      assertEquals(local, count("n5"));
      Cli.Run who =
          audit(
              concat(
                  new String[] {"who", "--opensearch", https, "--node", "n5", "--output", "json"},
                  files));
      assertTrue(who.code() == 3 || who.code() == 5, who.out() + who.err());
      assertTrue(JSON.readTree(who.out()).path("who").size() > 0, who.out());
      for (Cli.Run r : List.of(open, noAuth, noCa, ok, who)) {
        assertTrue(!r.out().contains(password) && !r.err().contains(password), "password printed");
      }
    } finally {
      nginx.destroy(); // the master we started (daemon off), by its handle; its workers follow
      nginx.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static void waitForPort(int port, Process p) throws Exception {
    for (int i = 0; i < 100; i++) {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
        return;
      } catch (java.io.IOException e) {
        if (!p.isAlive()) {
          throw new AssertionError("nginx exited " + p.exitValue());
        }
        Thread.sleep(100);
      }
    }
    throw new AssertionError("nginx does not listen on " + port);
  }

  /** Runs a program of the test's own, its output, failing unless it exits 0. */
  private static String run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
    String out = new String(p.getInputStream().readAllBytes());
    String err = new String(p.getErrorStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", cmd));
    assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + err);
    return out;
  }

  private static String howKnownLeftOut(String explain) {
    return explain.replaceAll(" \\((from|inferred|named)[^)]*\\)", "");
  }

  /** The same lines a day later: only the dates change. */
  private static List<String> nextDay(List<String> lines) {
    return lines.stream()
        .map(
            l ->
                l.replace("2026-11-28", "2026-11-29")
                    .replace("2026/11/28", "2026/11/29")
                    .replace("Nov 28 ", "Nov 29 "))
        .toList();
  }

  private static String[] concat(String[]... parts) {
    return Stream.of(parts).flatMap(Stream::of).toArray(String[]::new);
  }

  private void ingest(Path index, Path... dirs) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "ingest", "--index", index.toString(), "--tz", "Europe/Berlin", "--year", "2026"));
    for (Path d : dirs) {
      args.add(d.toString());
    }
    Cli.Run r = audit(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.out() + r.err());
  }

  private void refresh() throws Exception {
    http.send(
        HttpRequest.newBuilder(URI.create(URL + "/proxy-audit-events-*/_refresh"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private Path ingestSamples(String name) {
    Path index = tmp.resolve(name);
    Cli.Run r = Cli.ingestSampleLogs(index);
    assertEquals(0, r.code(), r.err());
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

  private static Cli.Run audit(String... args) {
    return Cli.audit(args);
  }

  private static void script(String... args) throws Exception {
    OpenSearchScript.run(args);
  }
}
