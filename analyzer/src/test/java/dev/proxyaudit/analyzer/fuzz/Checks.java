package dev.proxyaudit.analyzer.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.proxyaudit.analyzer.event.Action;
import dev.proxyaudit.analyzer.event.ConnectionEvent;
import dev.proxyaudit.analyzer.event.Destination;
import dev.proxyaudit.analyzer.event.Endpoint;
import dev.proxyaudit.analyzer.event.PacketInfo;
import dev.proxyaudit.analyzer.event.Service;
import dev.proxyaudit.analyzer.parse.LineClassifier;
import dev.proxyaudit.analyzer.parse.ParseResult;
import dev.proxyaudit.rules.IpLiteral;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** What every classified line must satisfy, and a count of the inputs tried. */
final class Checks {
  /** Lines given to classify in this JVM, over all fuzz tests. */
  static final AtomicLong CLASSIFIED = new AtomicLong();

  /** Ingest runs in this JVM, over all fuzz tests. */
  static final AtomicLong INGESTS = new AtomicLong();

  /** Lines those ingests read. */
  static final AtomicLong INGESTED_LINES = new AtomicLong();

  private Checks() {}

  /** Classifies {@code raw} and checks the result; any exception fails the property. */
  static ParseResult classify(LineClassifier c, String raw, long number, long offset) {
    CLASSIFIED.incrementAndGet();
    ParseResult r;
    try {
      r = c.classify(raw, number, offset);
    } catch (RuntimeException | StackOverflowError e) {
      throw new AssertionError("classify threw on " + shown(raw), e);
    }
    result(r, raw, number, offset);
    return r;
  }

  /** A result is one of the three kinds, with a reason, and a parsed event is valid. */
  static void result(ParseResult r, String raw, long number, long offset) {
    assertNotNull(r, "null result for " + shown(raw));
    if (r instanceof ParseResult.Parsed p) {
      event(p.event(), raw);
      assertEquals(number, p.event().origin().line(), "line number");
      assertEquals(offset, p.event().origin().offset(), "offset");
    } else if (r instanceof ParseResult.Ignored i) {
      assertNotNull(i.why());
    } else if (r instanceof ParseResult.Malformed m) {
      assertNotNull(m.reason());
      assertFalse(m.reason().isBlank());
    } else {
      fail("unknown result " + r);
    }
  }

  /** The fields of a parsed event, as the index and the reports rely on them. */
  static void event(ConnectionEvent e, String raw) {
    String at = " in event of " + shown(raw);
    assertNotNull(e.dataset(), "dataset" + at);
    assertNotNull(e.action(), "action" + at);
    assertNotNull(e.route(), "route" + at);
    assertTrue(e.time() != null || e.uptimeMicros() != null, "no time nor uptime" + at);
    if (e.time() != null) {
      // The index stores epoch milliseconds: an instant past that range cannot be indexed.
      e.time().toEpochMilli();
    }
    if (e.uptimeMicros() != null) {
      assertTrue(e.uptimeMicros() >= 0, "negative uptime" + at);
    }
    assertEquals(raw, e.origin().raw(), "origin.raw" + at);
    Destination d = e.destination();
    if (d == null) {
      assertEquals(Action.REJECTED, e.action(), "destination missing" + at);
    } else {
      assertTrue(d.port() >= 0 && d.port() <= 65535, "destination port " + d.port() + at);
      assertNotNull(d.address(), "destination address" + at);
      canonicalIp(d.ip(), at);
      // A V2Ray error line has both: the access line's host name and the IP it dialed.
      if (d.domain() != null) {
        assertFalse(d.domain().isEmpty(), "empty domain" + at);
      }
    }
    Endpoint s = e.source();
    if (s != null) {
      assertTrue(s.port() >= -1 && s.port() <= 65535, "source port " + s.port() + at);
      canonicalIp(s.ip(), at);
    }
    if (e.serverPort() != null) {
      assertTrue(
          e.serverPort() >= 0 && e.serverPort() <= 65535, "server port " + e.serverPort() + at);
    }
    PacketInfo pk = e.packet();
    assertEquals(e.service() == Service.NETFILTER, pk != null, "packet info" + at);
    if (pk != null) {
      assertTrue(pk.uid() == null || pk.uid() >= 0, "uid " + pk.uid() + at);
      assertTrue(pk.gid() == null || pk.gid() >= 0, "gid " + pk.gid() + at);
      assertTrue(pk.mark() == null || (pk.mark() >= 0 && pk.mark() <= 0xffffffffL), "mark" + at);
      assertNotNull(pk.prefix(), "prefix" + at);
    }
  }

  private static void canonicalIp(String ip, String at) {
    if (ip != null) {
      assertEquals(Optional.of(ip), IpLiteral.canonical(ip), "IP not canonical: " + ip + at);
    }
  }

  /** The start of a line, escaped, for messages. */
  static String shown(String raw) {
    StringBuilder b = new StringBuilder("\"");
    int n = Math.min(raw.length(), 300);
    for (int i = 0; i < n; i++) {
      char c = raw.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    b.append(raw.length() > n ? "\"... (" + raw.length() + " chars)" : "\"");
    return b.toString();
  }
}
