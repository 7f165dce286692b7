package dev.proxyaudit.analyzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proxyaudit.analyzer.testing.Cli.Run;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V2Ray prints a user's email as configured and a client's destination as asked: both are text a
 * stranger chose. Every output format must carry them as data: a spreadsheet formula stays text, a
 * terminal control character is not sent to the terminal, JSON and CSV parse back to the exact
 * value.
 */
class HostileOutputTest {
  private static final List<String> USERS =
      List.of(
          "=HYPERLINK(\"http://x.test\",\"click\")",
          "+cmd|' /C calc'!A0",
          "<img src=x onerror=alert(1)>@example.com",
          "bell\u0007and\u0008backspace",
          "comma,\"quote\"");

  @TempDir Path tmp;

  @BeforeEach
  void logs() throws Exception {
    List<String> lines = new ArrayList<>();
    int i = 0;
    for (String u : USERS) {
      // V2Ray 4.34 access line (sample-logs/v2ray-4.34/access.log), email as configured
      lines.add(
          "2026/11/28 05:53:1"
              + i
              + " 198.51.100.1"
              + i
              + ":4000"
              + i
              + " accepted tcp:mx"
              + i
              + ".example.test:25 [direct] email: "
              + u);
      i++;
    }
    Files.write(tmp.resolve("access.log"), lines);
    Run r =
        SampleLogsEndToEndTest.audit(
            "ingest",
            "--index",
            tmp.resolve("index").toString(),
            "--tz",
            "UTC",
            tmp.resolve("access.log").toString());
    assertEquals(0, r.code(), r.err());
  }

  private Run who(String output) {
    return SampleLogsEndToEndTest.audit(
        "who",
        "--index",
        tmp.resolve("index").toString(),
        "--tz",
        "UTC",
        "--port",
        "25",
        "--output",
        output);
  }

  @Test
  void jsonCarriesTheExactNames() throws Exception {
    JsonNode who = new ObjectMapper().readTree(who("json").out()).get("who");
    List<String> users = new ArrayList<>();
    who.forEach(r -> users.add(r.get("user").asText()));
    assertEquals(USERS.stream().sorted().toList(), users.stream().sorted().toList());
  }

  @Test
  void csvCellsAreDataNotFormulas() throws Exception {
    String csv = who("csv").out();
    List<String> users = new ArrayList<>();
    for (CSVRecord rec :
        CSVFormat.DEFAULT
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .get()
            .parse(new StringReader(csv))) {
      if (rec.get("kind").equals("proxy")) {
        users.add(rec.get("user"));
      }
    }
    assertTrue(users.contains("'=HYPERLINK(\"http://x.test\",\"click\")"), users.toString());
    assertTrue(users.contains("'+cmd|' /C calc'!A0"), users.toString());
    assertTrue(users.contains("comma,\"quote\""), users.toString());
    for (String u : users) {
      assertFalse(
          u.startsWith("=") || u.startsWith("+") || u.startsWith("-") || u.startsWith("@"), u);
    }
  }

  @Test
  void terminalOutputHasNoControlCharacters() {
    for (String out :
        List.of(
            who("table").out(),
            SampleLogsEndToEndTest.audit(
                    "explain",
                    "--index",
                    tmp.resolve("index").toString(),
                    "--tz",
                    "UTC",
                    "--port",
                    "25",
                    "bell\u0007and\u0008backspace")
                .out())) {
      assertFalse(out.chars().anyMatch(c -> c < 0x20 && c != '\n'), out);
      assertTrue(out.contains("bell?and?backspace"), out);
    }
  }
}
