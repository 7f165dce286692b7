package dev.proxyaudit.analyzer.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxyaudit.analyzer.correlate.ProxyStatus;
import dev.proxyaudit.analyzer.event.Action;
import dev.proxyaudit.analyzer.event.Dataset;
import dev.proxyaudit.analyzer.event.Service;
import dev.proxyaudit.analyzer.query.ProxyHit;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The default policy on the cases the issue names, and around its limits. */
class JudgeTest {
  private static final long T0 = Instant.parse("2026-11-28T04:00:00Z").toEpochMilli();
  private final Judge judge = new Judge(Policy.defaults(), ZoneOffset.UTC);

  private static ProxyHit hit(long offsetSeconds, String dest, int port) {
    return new ProxyHit(
        (int) offsetSeconds,
        T0 + offsetSeconds * 1000,
        Service.V2RAY,
        Dataset.V2RAY_ACCESS,
        "carol@example.com",
        "198.51.100.13",
        dest,
        null,
        port,
        Action.ACCEPTED);
  }

  @Test
  void threeMessagesThroughSubmissionAreReportedNotJudged() {
    List<ProxyHit> hits =
        List.of(
            hit(0, "mail.example.org", 587),
            hit(600, "mail.example.org", 587),
            hit(1200, "mail.example.org", 587));
    Judgement j =
        judge.judge(
            "carol@example.com", List.of("198.51.100.13"), hits, h -> ProxyStatus.CONFIRMED);
    assertEquals(Verdict.NOT_JUDGED, j.verdict());
    assertEquals(List.of(), j.reasons());
  }

  @Test
  void fiftyConnectionsToTwentyServersInAnHourIsAbuseWithItsReasons() {
    List<ProxyHit> hits = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      hits.add(hit(i * 60L, "mx" + (i % 20) + ".example.test", 25));
    }
    Judgement j =
        judge.judge("mallory", List.of("198.51.100.66"), hits, h -> ProxyStatus.CONFIRMED);
    assertEquals(Verdict.ABUSE, j.verdict());
    assertEquals(
        List.of(
            "50 connections to port 25 within one hour from 2026-11-28 04:00Z (limit 20)",
            "20 distinct destinations on port 25 within one hour from 2026-11-28 04:00Z (limit 5)"),
        j.reasons());
  }

  @Test
  void theSameTrafficSpreadOverADayIsBelowTheLimits() {
    List<ProxyHit> hits = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      hits.add(hit(i * 3600L, "mx" + (i % 4) + ".example.test", 25)); // one an hour, 4 servers
    }
    Judgement j = judge.judge("dave", List.of(), hits, h -> ProxyStatus.CONFIRMED);
    assertEquals(Verdict.BELOW_LIMITS, j.verdict(), j.reasons().toString());
  }

  @Test
  void theWindowSlides() {
    // 10 in the last half of one clock hour and 10 in the first half of the next: 20 in 60 min
    List<ProxyHit> hits = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      hits.add(hit(1800 + i * 170L, "mx1.example.test", 25));
    }
    Judgement j = judge.judge("erin", List.of(), hits, h -> ProxyStatus.CONFIRMED);
    assertEquals(Verdict.ABUSE, j.verdict());
    assertEquals(1, j.reasons().size(), j.reasons().toString());
    assertTrue(j.reasons().get(0).startsWith("20 connections to port 25"), j.reasons().toString());
  }

  @Test
  void mostlyBlockedAttemptsAreAbuse() {
    List<ProxyHit> hits = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      hits.add(hit(i * 600L, "mx1.example.test", 25)); // 12 over two hours, one server
    }
    Judgement j =
        judge.judge(
            "frank",
            List.of(),
            hits,
            h -> h.doc() % 1200 == 0 ? ProxyStatus.BLOCKED : ProxyStatus.CONFIRMED);
    assertEquals(Verdict.ABUSE, j.verdict());
    assertEquals(
        List.of("6 of 12 attempts blocked by the firewall (limit 50% of at least 10)"),
        j.reasons());
  }

  @Test
  void allowListedUserIsAllowedButTheReasonsAreKept() throws Exception {
    Judge lenient =
        new Judge(PolicyTest.load("allow.users = postmaster@example.com\n"), ZoneOffset.UTC);
    List<ProxyHit> hits = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      hits.add(hit(i, "mx1.example.test", 25));
    }
    Judgement j =
        lenient.judge("postmaster@example.com", List.of(), hits, h -> ProxyStatus.CONFIRMED);
    assertEquals(Verdict.ALLOWED, j.verdict());
    assertEquals(1, j.reasons().size());
  }
}
