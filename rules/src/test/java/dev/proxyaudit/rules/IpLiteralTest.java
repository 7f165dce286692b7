package dev.proxyaudit.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralTest {

  @ParameterizedTest
  @CsvSource({
    // the kernel's %pI6 (nf_log_syslog.c) never compresses
    "2001:0db8:0025:0000:0000:0000:0000:0001, 2001:db8:25::1",
    // ulogd2 IP2STR and Go print RFC 5952 already
    "2001:db8:25::25, 2001:db8:25::25",
    "::1, ::1",
    "::, ::",
    "2001:DB8::1:0:0:1, 2001:db8::1:0:0:1",
    "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
    "2001:db8:1:1:1:1:1:0, 2001:db8:1:1:1:1:1:0",
    "fe80::, fe80::",
    // Python's dual-stack sockets: IPv4-mapped
    "::ffff:198.51.100.7, 198.51.100.7",
    "::ffff:c633:6407, 198.51.100.7",
    "203.0.113.25, 203.0.113.25",
    "0.0.0.0, 0.0.0.0",
  })
  void canonicalForms(String in, String expected) {
    assertEquals(Optional.of(expected), IpLiteral.canonical(in));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "mx.example.test",
        "1.2.3",
        "1.2.3.4.5",
        "256.1.1.1",
        "01.2.3.4",
        "1.2.3.4 ",
        " 1.2.3.4",
        "1:2:3:4:5:6:7:8:9",
        "2001:db8::1::2",
        ":1:2",
        "1:2:",
        "2001:db8::g",
        "11.45.*.*",
        "[2001:db8::1]",
        "1.2.3.4\n-j ACCEPT",
        "١.٢.٣.٤"
      })
  void rejectsEverythingElse(String in) {
    assertFalse(IpLiteral.isIp(in), in);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.2.3.4", "::ffff:1.2.3.4", "2001:db8::"})
  void acceptsLiterals(String in) {
    assertTrue(IpLiteral.isIp(in));
  }
}
