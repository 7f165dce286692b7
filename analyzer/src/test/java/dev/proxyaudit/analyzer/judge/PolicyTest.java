package dev.proxyaudit.analyzer.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyTest {
  static Policy load(String text) throws IOException, Policy.PolicyException {
    Path f = Files.createTempFile("policy", ".properties");
    try {
      Files.writeString(f, text);
      return Policy.load(f);
    } finally {
      Files.delete(f);
    }
  }

  @Test
  void defaults() {
    Policy p = Policy.defaults();
    assertEquals(List.of(25), p.watchPorts());
    assertEquals(List.of(465, 587), p.reportPorts());
    assertEquals(List.of(25, 465, 587), p.allPorts());
    assertEquals(20, p.connectionsPerHour());
    assertEquals(5, p.destinationsPerHour());
  }

  @Test
  void theOperatorsFileOverridesKeyByKey() throws Exception {
    Policy p =
        load(
            "# stricter\nwatch.ports = 25, 465\nreport.ports = 587\n"
                + "allow.clients = 198.51.100.13, 2001:DB8::0:1\n");
    assertEquals(List.of(25, 465), p.watchPorts());
    assertEquals(Set.of("198.51.100.13", "2001:db8::1"), p.allowClients());
    assertEquals(20, p.connectionsPerHour());
  }

  @Test
  void aTypoNamesTheFileLineAndKey() throws Exception {
    Path f = Files.createTempFile("policy", ".properties");
    Files.writeString(f, "watch.ports = 25\nabuse.conections_per_hour = 10\n");
    Policy.PolicyException e = assertThrows(Policy.PolicyException.class, () -> Policy.load(f));
    assertEquals(
        true,
        e.getMessage().startsWith(f + ":2: unknown key 'abuse.conections_per_hour' (known: ["),
        e.getMessage());
    Files.delete(f);
  }

  @Test
  void badValuesAreRefusedWithTheirLine() {
    assertEquals(
        true,
        assertThrows(Policy.PolicyException.class, () -> load("\n\nabuse.failed_share = 2\n"))
            .getMessage()
            .endsWith(":3: abuse.failed_share: must be in (0, 1]"));
    assertEquals(
        true,
        assertThrows(Policy.PolicyException.class, () -> load("watch.ports = 25;rm -rf /\n"))
            .getMessage()
            .contains(":1: watch.ports: "));
    assertEquals(
        true,
        assertThrows(Policy.PolicyException.class, () -> load("allow.clients = mx1.example\n"))
            .getMessage()
            .endsWith(":1: allow.clients: not an IP address: 'mx1.example'"));
    assertEquals(
        true,
        assertThrows(Policy.PolicyException.class, () -> load("just words\n"))
            .getMessage()
            .endsWith(":1: expected 'key = value', got 'just words'"));
  }
}
