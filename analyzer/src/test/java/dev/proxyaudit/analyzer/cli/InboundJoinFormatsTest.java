package dev.proxyaudit.analyzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proxyaudit.analyzer.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: the Python server and shadowsocks-rust log the client's address and port but not the
 * server port (the user); the kernel's line of the incoming SYN from that address and port names
 * it. Real lines from public issues (src/test/resources/inbound-join/README.md), with kernel lines
 * of the lab's shape for their connections.
 */
class InboundJoinFormatsTest {
  private static final Path DIR = Path.of("src/test/resources/inbound-join");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private Cli.Run audit(String command, boolean withKernel, String... extra) throws Exception {
    Path logs = tmp.resolve(withKernel ? "with" : "without");
    Files.createDirectories(logs);
    for (String f : List.of("shadowsocks-python.log", "shadowsocks-rust.log", "kern.log")) {
      if (withKernel || !f.equals("kern.log")) {
        Files.copy(DIR.resolve(f), logs.resolve(f));
      }
    }
    List<String> args =
        new ArrayList<>(
            List.of(
                command,
                "--index",
                tmp.resolve("index-" + withKernel).toString(),
                "--port",
                "80,8380",
                "--tz",
                "Asia/Shanghai"));
    args.addAll(List.of(extra));
    args.add(logs.toString());
    return Cli.audit(args.toArray(String[]::new));
  }

  /** user -> client, per row. */
  private static Map<String, String> users(Cli.Run r) throws Exception {
    Map<String, String> m = new TreeMap<>();
    for (JsonNode row : JSON.readTree(r.out()).get("who")) {
      assertEquals("shadowsocks", row.get("service").asText(), r.out());
      m.put(row.get("user").asText(), String.join(",", clients(row)));
    }
    return m;
  }

  private static List<String> clients(JsonNode row) {
    List<String> out = new ArrayList<>();
    row.get("byClient").fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void theIncomingPacketOfEachConnectionNamesItsServerPort() throws Exception {
    Cli.Run r = audit("who", true, "--output", "json");
    assertEquals("", r.err());
    assertEquals(ExitCode.FOUND.code(), r.code(), r.out());
    // the Python line's client made two connections a moment apart; its source port picks 8389
    assertEquals(Map.of("8389", "114.254.44.156", "8388", "192.168.2.2"), users(r));
    for (JsonNode row : JSON.readTree(r.out()).get("who")) {
      assertEquals(row.get("user").asInt(), row.get("serverPort").asInt(), r.out());
    }
  }

  @Test
  void withoutTheKernelsLogTheUsersStayUnknown() throws Exception {
    Cli.Run r = audit("who", false, "--output", "json");
    assertEquals("", r.err());
    assertEquals(ExitCode.FOUND.code(), r.code(), r.out());
    for (JsonNode row : JSON.readTree(r.out()).get("who")) {
      assertTrue(row.get("user").isNull(), r.out());
    }
    assertEquals(2, JSON.readTree(r.out()).get("who").size(), r.out());
  }

  @Test
  void explainShowsTheKernelLineThatNamedTheUser() throws Exception {
    assertEquals(ExitCode.FOUND.code(), audit("who", true).code());
    Cli.Run r =
        Cli.audit(
            "explain",
            "--index",
            tmp.resolve("index-true").toString(),
            "--port",
            "80,8380",
            "--tz",
            "Asia/Shanghai",
            "8389");
    assertEquals("", r.err());
    assertEquals(ExitCode.FOUND.code(), r.code(), r.out());
    assertTrue(r.out().contains("user 8389 from the connection coming in:"), r.out());
    assertTrue(r.out().contains("SRC=114.254.44.156 DST=203.0.113.1"), r.out());
    assertTrue(r.out().contains("SPT=50001 DPT=8389"), r.out());
    assertTrue(!r.out().contains("SPT=50002"), r.out());
  }
}
