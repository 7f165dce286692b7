package dev.proxyaudit.analyzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proxyaudit.analyzer.testing.Cli.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** As the README says: ingest's summary on stdout, the problems on stderr. */
class IngestStreamsTest {
  @TempDir Path tmp;
  private Path logs;
  private Path access;
  private Path binary;
  private Path missing;

  @BeforeEach
  void logs() throws Exception {
    logs = Files.createDirectory(tmp.resolve("logs"));
    // v2ray 4.34 (sample-logs/v2ray-4.34/access.log.1), then a line no format accepts
    access =
        Files.writeString(
            logs.resolve("access.log"),
            "2026/11/28 05:53:09 198.51.100.11:34023 accepted tcp:203.0.113.25:25 [direct] email:"
                + " alice@example.com\nhello world\n");
    binary = Files.write(logs.resolve("image.log"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0});
    missing = tmp.resolve("missing.log");
  }

  private Run ingest(String output) {
    return SampleLogsEndToEndTest.audit(
        "ingest",
        "--index",
        tmp.resolve("index").toString(),
        "--tz",
        "UTC",
        "--output",
        output,
        logs.toString(),
        missing.toString());
  }

  private String problems() {
    return access
        + ":2: not a line of any known log format\n"
        + binary
        + ": binary file, not a text log\n"
        + missing
        + ": no such file or directory\n";
  }

  @Test
  void textSummaryOnStdoutProblemsOnStderr() {
    Run r = ingest("text");
    assertEquals(ExitCode.INPUT_PROBLEMS.code(), r.code());
    assertEquals(
        access
            + ": 2 lines, 1 events (v2ray/xray.access 1), 0 skipped, 1 malformed\n"
            + binary
            + ": not read\n"
            + "total: 2 files, 2 lines, 1 events, 0 skipped, 1 malformed\n",
        r.out());
    assertEquals(problems(), r.err());
  }

  @Test
  void jsonDocumentWholeOnStdoutProblemsAlsoOnStderr() throws Exception {
    Run r = ingest("json");
    assertEquals(ExitCode.INPUT_PROBLEMS.code(), r.code());
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertEquals(
        access + ":2: not a line of any known log format",
        doc.get("files").get(0).get("malformedExamples").get(0).asText());
    assertEquals("binary file, not a text log", doc.get("files").get(1).get("problem").asText());
    assertEquals(missing + ": no such file or directory", doc.get("problems").get(0).asText());
    assertEquals(1, doc.get("events").asInt());
    assertEquals(problems(), r.err());
  }
}
