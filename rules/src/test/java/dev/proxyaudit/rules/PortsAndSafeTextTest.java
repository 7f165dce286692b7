package dev.proxyaudit.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PortsAndSafeTextTest {
  @Test
  void parsesPortsStrictly() {
    assertEquals(25, Ports.parse("25"));
    assertEquals(65535, Ports.parse("65535"));
    assertEquals(-1, Ports.parse("65536"));
    assertEquals(-1, Ports.parse("-1"));
    assertEquals(-1, Ports.parse("2 5"));
    assertEquals(-1, Ports.parse(""));
    assertEquals(List.of(25, 465, 587), Ports.parseList("25, 465,587,25"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Ports.parseList("25,smtp"));
    assertEquals("not a port (1-65535): 'smtp'", e.getMessage());
  }

  @Test
  void hostNames() {
    assertTrue(SafeText.isHostName("mx.example.test"));
    assertTrue(SafeText.isHostName("xn--80ak6aa92e.com"));
    assertTrue(SafeText.isHostName("_dmarc.example.com"));
    assertFalse(SafeText.isHostName("a b.example"));
    assertFalse(SafeText.isHostName("a..b"));
    assertFalse(SafeText.isHostName("x\";drop"));
    assertFalse(SafeText.isHostName("a".repeat(64) + ".com"));
  }

  @Test
  void printableReplacesControls() {
    assertEquals("bob?[31mred?", SafeText.printable("bob\u001b[31mred\n"));
    assertEquals("alice@example.com", SafeText.printable("alice@example.com"));
  }
}
