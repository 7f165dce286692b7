package dev.proxyaudit.analyzer.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxyaudit.analyzer.config.PortNames;
import dev.proxyaudit.analyzer.correlate.ProxyStatus;
import dev.proxyaudit.analyzer.event.Action;
import dev.proxyaudit.analyzer.event.Dataset;
import dev.proxyaudit.analyzer.event.Service;
import dev.proxyaudit.analyzer.query.GroupBy;
import dev.proxyaudit.analyzer.query.ProxyHit;
import dev.proxyaudit.analyzer.query.WhoQuery;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fleet's rows from aggregation buckets (what OpenSearch returns for the lines the nodes
 * shipped): judged on the fleet's total, with the built-in policy (20 connections per hour).
 */
class BucketRowsTest {
  private static final long T = Instant.parse("2026-11-28T04:00:00Z").toEpochMilli();

  // the fields of a V2Ray 4.34 access line ("... accepted tcp:mx1.example.test:25 [direct] email:
  // alice@example.com"), as a node's join shipped them
  private static final ProxyHit ALICE =
      new ProxyHit(
          -1,
          Long.MIN_VALUE,
          Service.V2RAY,
          Dataset.V2RAY_ACCESS,
          "alice@example.com",
          "198.51.100.11",
          "mx1.example.test",
          null,
          25,
          Action.ACCEPTED);

  /** 12 connections an hour on each of two nodes: under the limit on each, over it in total. */
  private static BucketRows twoNodes(GroupBy by) {
    BucketRows rows = new BucketRows(Policy.defaults(), ZoneOffset.UTC, PortNames.NONE, by);
    for (int m = 0; m < 12; m++) {
      long minute = T + m * 60_000L;
      rows.add(
          "vps-a", ALICE, ProxyStatus.CONFIRMED, "203.0.113.25", 1, minute + 5, minute + 5, minute);
      rows.add(
          "vps-b", ALICE, ProxyStatus.CONFIRMED, "203.0.113.25", 1, minute + 9, minute + 9, minute);
    }
    return rows;
  }

  @Test
  void aUserUnderTheLimitOnEveryNodeIsJudgedOnTheTotal() {
    WhoResult r =
        twoNodes(GroupBy.USER).result(new WhoQuery(List.of(25), null, null, GroupBy.USER));
    assertEquals(1, r.rows().size(), r.rows().toString());
    WhoResult.Row row = r.rows().get(0);
    assertEquals(24, row.connections());
    assertEquals(24, row.confirmed());
    assertEquals(List.of("vps-a", "vps-b"), row.nodes());
    assertEquals(Verdict.ABUSE, row.verdict(), row.reasons().toString());
    assertTrue(
        row.reasons()
            .get(0)
            .startsWith("24 connections to port 25 within one hour from 2026-11-28 04:00"),
        row.reasons().toString());
    assertEquals(1, row.destinations());
    assertEquals(Instant.ofEpochMilli(T + 5), row.firstSeen());
    assertEquals(Instant.ofEpochMilli(T + 11 * 60_000L + 9), row.lastSeen());
  }

  @Test
  void perNodeEachRowIsUnderTheLimit() {
    WhoResult r =
        twoNodes(GroupBy.NODE).result(new WhoQuery(List.of(25), null, null, GroupBy.NODE));
    assertEquals(2, r.rows().size(), r.rows().toString());
    for (WhoResult.Row row : r.rows()) {
      assertEquals(12, row.connections());
      assertEquals(1, row.nodes().size());
      assertEquals(Verdict.BELOW_LIMITS, row.verdict(), row.reasons().toString());
    }
  }

  /** The windows count whole minutes: lines an hour and a minute apart are in no common hour. */
  @Test
  void theHourSlidesByMinutes() {
    BucketRows rows =
        new BucketRows(Policy.defaults(), ZoneOffset.UTC, PortNames.NONE, GroupBy.USER);
    rows.add("vps-a", ALICE, ProxyStatus.CONFIRMED, "203.0.113.25", 15, T, T + 59_000, T);
    rows.add(
        "vps-b",
        ALICE,
        ProxyStatus.CONFIRMED,
        "203.0.113.25",
        15,
        T + 3_660_000,
        T + 3_661_000,
        T + 3_660_000);
    WhoResult.Row row =
        rows.result(new WhoQuery(List.of(25), null, null, GroupBy.USER)).rows().get(0);
    assertEquals(30, row.connections());
    assertEquals(Verdict.BELOW_LIMITS, row.verdict(), row.reasons().toString());
  }
}
