package dev.proxyaudit.analyzer.cli;

import static dev.proxyaudit.analyzer.cli.SampleLogsEndToEndTest.audit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proxyaudit.analyzer.testing.Cli.Run;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab's logs (sample-logs/) were written in Europe/Berlin; the kernel's kern.log carries its
 * offset, V2Ray's access log does not. Read with the wrong --tz, every V2Ray line misses its packet
 * by exactly one hour: who says so and names the --tz that fits; following it joins them.
 */
class ClockHintTest {
  private static final Path SAMPLES = SampleLogsEndToEndTest.projectRoot().resolve("sample-logs");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private JsonNode who(String tz, String output) throws Exception {
    Run r = run(tz, output);
    assertEquals(ExitCode.ABUSE.code(), r.code(), r.out() + r.err());
    return JSON.readTree(r.out());
  }

  private Run run(String tz, String output) {
    return audit(
        "who",
        "--index",
        tmp.resolve("index-" + tz.replace('/', '-')).toString(),
        "--tz",
        tz,
        "--year",
        "2026",
        "--port",
        "25",
        "--uid",
        "v2ray=65534",
        "--uid",
        "shadowsocks=999",
        "--policy",
        SampleLogsEndToEndTest.SAMPLE_POLICY.toString(),
        "--output",
        output,
        SAMPLES.toString());
  }

  private static JsonNode alice(JsonNode who) {
    return SampleLogsEndToEndTest.row(who, "alice@example.com");
  }

  @Test
  void theWrongZoneIsNamedAndTheRightOneSuggested() throws Exception {
    JsonNode wrong = who("UTC", "json");
    assertEquals(0, alice(wrong).get("confirmed").asInt() + alice(wrong).get("blocked").asInt());
    assertEquals(1, wrong.get("clock").size(), wrong.toString());
    JsonNode c = wrong.get("clock").get(0);
    assertEquals(25, c.get("port").asInt());
    assertEquals(-3600, c.get("shiftSeconds").asLong());
    assertEquals("+01:00", c.get("suggestTz").asText());
    assertEquals(0, c.get("unshifted").asInt());
    assertEquals(c.get("sampled").asInt(), c.get("matched").asInt(), c.toString());

    Run table = run("UTC", "table");
    assertTrue(table.out().contains("try --tz +01:00"), table.out());

    // the suggestion, followed, joins alice's lines to their packets
    JsonNode fixed = who("+01:00", "json");
    assertEquals(0, fixed.get("clock").size(), fixed.toString());
    assertEquals(
        alice(fixed).get("connections").asInt(),
        alice(fixed).get("confirmed").asInt() + alice(fixed).get("blocked").asInt(),
        alice(fixed).toString());
  }

  @Test
  void theRightZoneGivesNoHint() throws Exception {
    JsonNode right = who("Europe/Berlin", "json");
    assertEquals(0, right.get("clock").size(), right.toString());
    assertTrue(alice(right).get("confirmed").asInt() > 0, alice(right).toString());
  }
}
