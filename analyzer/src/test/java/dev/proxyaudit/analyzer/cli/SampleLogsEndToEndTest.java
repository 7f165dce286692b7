package dev.proxyaudit.analyzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proxyaudit.analyzer.testing.Cli;
import dev.proxyaudit.analyzer.testing.Cli.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline through {@link Main#run}, on the real lab logs in sample-logs/, checked
 * against the lab's ground truth (real-formats/lab-run/truth.json: one object per connection the
 * story made, written by lab/truth.py from the clients' side, not from any log).
 */
class SampleLogsEndToEndTest {
  private static final Path ROOT = projectRoot();
  private static final Path SAMPLES = ROOT.resolve("sample-logs");

  /**
   * The lab story's limits (lab/sample-policy.properties): its minute of spam is below the built-in
   * hourly limits once destinations are counted per server.
   */
  static final Path SAMPLE_POLICY = ROOT.resolve("lab/sample-policy.properties");

  private static final Path TRUTH =
      ROOT.resolve("analyzer/src/test/resources/real-formats/lab-run/truth.json");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  /** The row of {@code user} in a who JSON answer; fails when there is none. */
  static JsonNode row(JsonNode who, String user) {
    for (JsonNode row : who.get("who")) {
      if (user.equals(row.get("user").asText())) {
        return row;
      }
    }
    throw new AssertionError("no row for " + user + ": " + who);
  }

  static Run audit(String... args) {
    return Cli.audit(args);
  }

  /** A usage error: exit 2, one line naming the command, and the hint to its --help. */
  static void assertUsage(Run r, String command, String message) {
    assertEquals(ExitCode.USAGE.code(), r.code(), r.out() + r.err());
    assertEquals(
        "audit "
            + command
            + ": "
            + message
            + "\nTry 'audit "
            + command
            + " --help' for more information.\n",
        r.err());
  }

  private Run who(String ports, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "who",
                "--index",
                tmp.resolve("index").toString(),
                "--tz",
                "Europe/Berlin",
                "--year",
                "2026",
                "--policy",
                SAMPLE_POLICY.toString(),
                "--port",
                ports,
                "--output",
                "json"));
    args.addAll(List.of(extra));
    return audit(args.toArray(String[]::new));
  }

  /** (service, user) -> client -> connections, for the given port, from the ground truth. */
  private static Map<String, Map<String, Integer>> truthByUser(int port) throws Exception {
    Map<String, Map<String, Integer>> expected = new TreeMap<>();
    for (JsonNode c : JSON.readTree(TRUTH.toFile())) {
      if (c.get("port").asInt() != port) {
        continue;
      }
      String key;
      if (c.get("service").asText().equals("v2ray")) {
        // V2Ray logs the email when the user has one, and the client address always.
        key = "v2ray/" + (c.get("user").isNull() ? "null" : c.get("user").asText());
      } else {
        // shadowsocks-libev logs only its server port (the user) and never the TCP client; the
        // kernel's PA-IN-PROXY line of each connection's SYN names it (the inbound join).
        key = "shadowsocks/" + c.get("server_port").asText();
      }
      Map<String, Integer> byClient = expected.computeIfAbsent(key, k -> new TreeMap<>());
      byClient.merge(c.get("client_ip").asText(), 1, Integer::sum);
    }
    return expected;
  }

  private static Map<String, Map<String, Integer>> reported(JsonNode who) {
    Map<String, Map<String, Integer>> got = new TreeMap<>();
    for (JsonNode row : who) {
      String key = row.get("service").asText() + "/" + row.get("user").asText();
      Map<String, Integer> byClient = new TreeMap<>();
      row.get("byClient")
          .fields()
          .forEachRemaining(f -> byClient.put(f.getKey(), f.getValue().asInt()));
      int sum = byClient.values().stream().mapToInt(Integer::intValue).sum();
      if (sum < row.get("connections").asInt()) {
        byClient.put("", row.get("connections").asInt() - sum); // client not logged
      }
      // rows of unknown users are one per client: merge them under the null user
      got.merge(
          key,
          byClient,
          (a, b) -> {
            Map<String, Integer> m = new TreeMap<>(a);
            b.forEach((k, v) -> m.merge(k, v, Integer::sum));
            return m;
          });
    }
    return got;
  }

  @Test
  void namesExactlyTheUsersAndClientsThatSentToPort25() throws Exception {
    Run r = who("25", SAMPLES.toString());
    assertEquals(ExitCode.ABUSE.code(), r.code(), r.err());
    assertEquals("", r.err(), "the sample logs are all understood");
    JsonNode json = JSON.readTree(r.out());
    assertEquals(truthByUser(25), reported(json.get("who")));
    // From the truth: alice 12, frank (port 8389) 8, the no-email and socks clients 1 each.
    assertEquals(
        Map.of("198.51.100.11", 9, "2001:db8:100::11", 3),
        reported(json.get("who")).get("v2ray/alice@example.com"));
  }

  /**
   * Debian 12's rsyslog writes every facility but auth to /var/log/syslog ({@code *.*;auth,
   * authpriv.none}), the kernel's lines too; the default nightly sources read that file instead of
   * kern.log. The samples keep kernel and ss-server lines apart, so the test rebuilds the Debian
   * file from them (both RSYSLOG_FileFormat: merged by time stamp) and expects the same answer,
   * kernel confirmations included.
   */
  @Test
  void oneDebianSyslogWithKernelAndSsServerLinesGivesTheSameAnswer() throws Exception {
    Path debian = Files.createDirectories(tmp.resolve("debian"));
    List<String> syslog = new ArrayList<>();
    syslog.addAll(Files.readAllLines(SAMPLES.resolve("kernel/kern.log")));
    syslog.addAll(Files.readAllLines(SAMPLES.resolve("shadowsocks-libev-3.3.5/syslog")));
    syslog.sort(java.util.Comparator.comparing(l -> l.substring(0, 32))); // ISO time stamp
    Files.write(debian.resolve("syslog"), syslog);
    for (String f :
        List.of(
            "shadowsocks-libev-3.3.5/journalctl-t-ss-server.txt",
            "shadowsocks-libev-3.3.5/ss-server-8388.log",
            "v2ray-4.34/access.log.2.gz",
            "v2ray-4.34/access.log.1",
            "v2ray-4.34/access.log",
            "v2ray-4.34/error.log")) {
      Path to = debian.resolve(f);
      Files.createDirectories(to.getParent());
      Files.copy(SAMPLES.resolve(f), to);
    }
    String[] uids = {"--uid", "v2ray=65534", "--uid", "shadowsocks=999"};
    Run separate = who("25", concat(uids, SAMPLES.toString()));
    // a fresh index for the second layout (who() always uses tmp/index)
    try (var files = Files.walk(tmp.resolve("index"))) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    Run merged = who("25", concat(uids, debian.toString()));
    assertEquals(ExitCode.ABUSE.code(), merged.code(), merged.err());
    assertEquals("", merged.err());
    JsonNode a = JSON.readTree(separate.out());
    JsonNode b = JSON.readTree(merged.out());
    assertEquals(a.get("who"), b.get("who"));
    assertEquals(a.get("kernel"), b.get("kernel"));
    assertEquals(a.get("joins"), b.get("joins"));
    assertTrue(b.get("kernel").size() > 0, "kernel lines read from syslog");
  }

  private static String[] concat(String[] a, String b) {
    String[] out = Arrays.copyOf(a, a.length + 1);
    out[a.length] = b;
    return out;
  }

  /**
   * '--uid none' (documented: no uid discovery) was refused by picocli's KEY=VALUE map; and the
   * per-row maps of the JSON came out in a different order per JVM (Map.copyOf): now sorted.
   */
  @Test
  void uidNoneIsAcceptedAndJsonMapsAreSorted() throws Exception {
    Run r = who("25,465,587", "--uid", "none", SAMPLES.toString());
    assertEquals(ExitCode.ABUSE.code(), r.code(), r.err());
    for (JsonNode row : JSON.readTree(r.out()).get("who")) {
      for (String map : List.of("byPort", "byClient")) {
        List<String> keys = new ArrayList<>();
        row.get(map).fieldNames().forEachRemaining(keys::add);
        List<String> sorted = new ArrayList<>(keys);
        if (map.equals("byPort")) {
          sorted.sort(java.util.Comparator.comparingInt(Integer::parseInt));
        } else {
          sorted.sort(null);
        }
        assertEquals(sorted, keys, map + " of " + row);
      }
    }
    Run bad = who("25", "--uid", "v2ray", SAMPLES.toString());
    assertEquals(ExitCode.USAGE.code(), bad.code());
    assertTrue(bad.err().contains("--uid: expected SERVICE=UID or none, got 'v2ray'"), bad.err());
  }

  @Test
  void reportsEverySmtpPortSeparately() throws Exception {
    Run r = who("25,465,587", SAMPLES.toString());
    assertEquals(ExitCode.ABUSE.code(), r.code(), r.err());
    JsonNode who = JSON.readTree(r.out()).get("who");
    for (int port : new int[] {25, 465, 587}) {
      Map<String, Integer> expected = new TreeMap<>();
      truthByUser(port)
          .forEach((k, v) -> expected.put(k, v.values().stream().mapToInt(i -> i).sum()));
      Map<String, Integer> got = new TreeMap<>();
      for (JsonNode row : who) {
        JsonNode n = row.get("byPort").get(Integer.toString(port));
        if (n != null) {
          got.merge(
              row.get("service").asText() + "/" + row.get("user").asText(),
              n.asInt(),
              Integer::sum);
        }
      }
      assertEquals(expected, got, "port " + port);
    }
  }

  @Test
  void kernelSectionCountsThePackets() throws Exception {
    JsonNode kernel = JSON.readTree(who("25", SAMPLES.toString()).out()).get("kernel");
    Map<String, Integer> connections = new TreeMap<>();
    for (JsonNode k : kernel) {
      connections.put(k.get("uid").asText(), k.get("connections").asInt());
    }
    // ss-server (uid 999) dials once per client connection: 6 delivered + 2 refused = 8.
    // V2Ray 4.34 (uid 65534) retries a refused dial 5 times with new source ports: 11 delivered
    // (alice 9, no-email 1, socks 1) + 3 refused x 5 = 26 (sample-logs/README.md).
    assertEquals(Map.of("65534", 26, "999", 8), connections);
  }

  @Test
  void portNamesApplyAtQueryTimeWithoutReingest() throws Exception {
    // ingested without names: the index keeps the port
    JsonNode plain = JSON.readTree(who("25", SAMPLES.toString()).out()).get("who");
    assertTrue(reported(plain).containsKey("shadowsocks/8389"), plain.toString());
    Path users = tmp.resolve("users");
    Files.writeString(users, "# ss-server port = user\n8388=erin\n8389=frank\n8390=grace\n");
    Run named = who("25", "--users", users.toString());
    JsonNode who = JSON.readTree(named.out()).get("who");
    assertTrue(reported(who).containsKey("shadowsocks/frank"), who.toString());
    JsonNode frank = null;
    for (JsonNode row : who) {
      if ("frank".equals(row.path("user").asText())) {
        frank = row;
      }
    }
    assertEquals(8389, frank.get("serverPort").asInt(), "the port stays known");
    // a new name for the port, still no re-ingest
    Files.writeString(users, "8389=frank.smith\n");
    JsonNode renamed = JSON.readTree(who("25", "--users", users.toString()).out()).get("who");
    assertTrue(reported(renamed).containsKey("shadowsocks/frank.smith"), renamed.toString());
    // explain finds the user by name and by port
    for (String user : List.of("frank.smith", "8389")) {
      Run e =
          audit(
              "explain",
              user,
              "--index",
              tmp.resolve("index").toString(),
              "--tz",
              "Europe/Berlin",
              "--policy",
              SAMPLE_POLICY.toString(),
              "--users",
              users.toString());
      assertEquals(ExitCode.ABUSE.code(), e.code(), user + ": " + e.err());
      assertTrue(e.out().contains("frank.smith"), e.out());
    }
  }

  @Test
  void aMissingOrBrokenPortNamesFileIsAUsageError() throws Exception {
    who("25", SAMPLES.toString());
    Path missing = tmp.resolve("no-users");
    Run r = who("25", "--users", missing.toString());
    assertEquals(ExitCode.USAGE.code(), r.code(), r.err());
    assertTrue(r.err().contains("--users: " + missing + ": no such file"), r.err());
    Path broken = tmp.resolve("users");
    Files.writeString(broken, "8388=erin\nfrank\n");
    Run b = who("25", "--users", broken.toString());
    assertEquals(ExitCode.USAGE.code(), b.code(), b.err());
    assertTrue(b.err().contains(broken + ":2: expected port=name, got 'frank'"), b.err());
  }

  @Test
  void ingestingTwiceChangesNothing() throws Exception {
    String once = who("25,465,587", SAMPLES.toString()).out();
    Run again = who("25,465,587", SAMPLES.toString());
    assertEquals(once, again.out());
    Run ingest =
        audit(
            "ingest",
            "--index",
            tmp.resolve("index").toString(),
            "--tz",
            "Europe/Berlin",
            "--output",
            "json",
            SAMPLES.toString());
    assertEquals(ExitCode.OK.code(), ingest.code(), ingest.err());
    JsonNode summary = JSON.readTree(ingest.out());
    assertEquals(0, summary.get("events").asInt(), ingest.out());
    // and the index still holds exactly one copy: the answer without paths is the same
    assertEquals(once, who("25,465,587").out());
  }

  @Test
  void verdictsStatusesAndWhyUsersAreUnknown() throws Exception {
    JsonNode json =
        JSON.readTree(
            who(
                    "25,465,587",
                    "--uid",
                    "v2ray=65534",
                    "--uid",
                    "shadowsocks=999",
                    SAMPLES.toString())
                .out());
    Map<String, JsonNode> rows = new TreeMap<>();
    for (JsonNode row : json.get("who")) {
      rows.put(
          row.get("service").asText() + "/" + row.get("user").asText() + "/" + row.get("clients"),
          row);
    }
    JsonNode alice = rows.get("v2ray/alice@example.com/[\"198.51.100.11\",\"2001:db8:100::11\"]");
    assertEquals("abuse", alice.get("verdict").asText());
    // truth: 16 SMTP connections, 3 of them (port 25, phase 2) refused by the REJECT rule
    assertEquals(13, alice.get("confirmed").asInt());
    assertEquals(3, alice.get("blocked").asInt());
    assertEquals(0, alice.get("unconfirmed").asInt());
    // counted per server: mx1.example.test and 203.0.113.25 are one (the joined packets say so);
    // 4 on port 25, and mail.example.org on 465 and on 587
    assertEquals(6, alice.get("destinations").asInt(), alice.toString());
    assertTrue(
        alice
            .get("reasons")
            .toString()
            .contains("4 distinct destinations on port 25 within one hour from 2026-11-28 05:53"),
        alice.toString());
    JsonNode carol = rows.get("v2ray/carol@example.com/[\"198.51.100.13\"]");
    assertEquals("not-judged", carol.get("verdict").asText(), "587 is reported, not judged");
    JsonNode nomail = rows.get("v2ray/null/[\"198.51.100.15\"]");
    assertEquals("below-limits", nomail.get("verdict").asText());
    assertTrue(nomail.get("userUnknownBecause").asText().contains("email"), nomail.toString());
    for (JsonNode k : json.get("kernel")) {
      assertEquals(0, k.get("unattributed").asInt(), k.toString());
    }
    assertEquals(0, json.get("joins").get("none").asInt());
  }

  /**
   * Issue 16: alice reached 4 mail servers (truth.json: mx1 = 203.0.113.25, mx2 = 203.0.113.26, mx6
   * = 2001:db8:203::25, smtp.example.net), under 7 names; the built-in limit is 5 servers.
   */
  @Test
  void destinationsAreServersNotNames() throws Exception {
    Run r =
        audit(
            "who",
            "--index",
            tmp.resolve("index-builtin").toString(),
            "--tz",
            "Europe/Berlin",
            "--year",
            "2026",
            "--port",
            "25",
            "--uid",
            "v2ray=65534",
            "--uid",
            "shadowsocks=999",
            "--output",
            "json",
            SAMPLES.toString());
    assertEquals(ExitCode.FOUND.code(), r.code(), r.out() + r.err());
    JsonNode who = JSON.readTree(r.out());
    JsonNode alice = row(who, "alice@example.com");
    JsonNode ss = row(who, "8389");
    assertEquals(4, alice.get("destinations").asInt(), alice.toString());
    assertEquals(7, alice.get("destinationNames").asInt(), alice.toString());
    assertEquals("below-limits", alice.get("verdict").asText(), alice.toString());
    // ss-server 8389: 4 servers, under 6 names (names and addresses as ss-server logged them)
    assertEquals(4, ss.get("destinations").asInt(), ss.toString());
    assertEquals(6, ss.get("destinationNames").asInt(), ss.toString());
  }

  @Test
  void explainPrintsTheRawLinesWithPathAndLine() throws Exception {
    who("25", SAMPLES.toString()); // ingest
    Run r =
        audit(
            "explain",
            "--index",
            tmp.resolve("index").toString(),
            "--tz",
            "Europe/Berlin",
            "--policy",
            SAMPLE_POLICY.toString(),
            "--uid",
            "v2ray=65534",
            "--uid",
            "shadowsocks=999",
            "--port",
            "25",
            "8389");
    assertEquals(ExitCode.ABUSE.code(), r.code(), r.err());
    assertTrue(r.out().startsWith("8389 through shadowsocks: abuse\n"), r.out());
    // the proxy's own line, then the kernel's line of the same connection (SPT from truth.json)
    assertTrue(
        r.out()
            .contains(
                "sample-logs/shadowsocks-libev-3.3.5/syslog:6: 2026-11-28T05:53:09.936000+01:00 pa-vps"
                    + " ss-server[27354]: [8389] connect to mx1.example.test:25\n"),
        r.out());
    assertTrue(r.out().contains("SPT=59234 DPT=25"), r.out());
    Run none = audit("explain", "--index", tmp.resolve("index").toString(), "nobody@example.com");
    assertEquals(ExitCode.OK.code(), none.code(), none.err());
  }

  /** Maven runs tests in the module directory; the samples live one level up. */
  static Path projectRoot() {
    Path here = Path.of("").toAbsolutePath();
    return Files.isDirectory(here.resolve("sample-logs")) ? here : here.getParent();
  }
}
