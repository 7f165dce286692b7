package dev.proxyaudit.analyzer.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Years for RFC 3164 / journalctl short stamps, which have none. */
class YearResolverTest {

  @Test
  void startingInKeepsTheYearWithinOneYear() {
    YearResolver y = YearResolver.startingIn(2026);
    assertEquals(2026, y.yearOf(11, 28));
    assertEquals(2026, y.yearOf(11, 28));
    assertEquals(2026, y.yearOf(12, 31));
  }

  @Test
  void startingInTurnsTheYearAtDecemberToJanuary() {
    YearResolver y = YearResolver.startingIn(2026);
    assertEquals(2026, y.yearOf(12, 31));
    assertEquals(2027, y.yearOf(1, 1));
    assertEquals(2027, y.yearOf(1, 2));
    // A late December line after the turn (rsyslog queue, merged journal) is still 2026, and
    // does not make the next January line turn the year a second time (it gave 2028).
    assertEquals(2026, y.yearOf(12, 31));
    assertEquals(2027, y.yearOf(1, 1));
    assertEquals(2027, y.yearOf(2, 1));
  }

  @Test
  void startingInLongGapForwardBeforeAnyTurnStaysInTheYear() {
    // Jan then Aug with nothing between: still the --year given, not the year before.
    YearResolver y = YearResolver.startingIn(2026);
    assertEquals(2026, y.yearOf(1, 10));
    assertEquals(2026, y.yearOf(8, 10));
    assertEquals(2027, y.yearOf(1, 2));
  }

  @Test
  void startingInDoesNotTurnForSmallBackwardSteps() {
    YearResolver y = YearResolver.startingIn(2026);
    assertEquals(2026, y.yearOf(6, 1));
    assertEquals(2026, y.yearOf(5, 31));
    assertEquals(2026, y.yearOf(6, 2));
  }

  @Test
  void endingOnPutsDecemberLinesOfAJanuaryFileInThePreviousYear() {
    YearResolver y = YearResolver.endingOn(LocalDate.of(2027, 1, 3));
    assertEquals(2026, y.yearOf(12, 30));
    assertEquals(2027, y.yearOf(1, 2));
    assertEquals(2027, y.yearOf(1, 3));
    // One day of slack for a file written just after midnight in another zone.
    assertEquals(2027, y.yearOf(1, 4));
    assertEquals(2026, y.yearOf(1, 5));
  }

  @Test
  void endingOnTheSampleDay() {
    // sample-logs were written on 2026-11-28
    YearResolver y = YearResolver.endingOn(LocalDate.of(2026, 11, 28));
    assertEquals(2026, y.yearOf(11, 28));
    assertEquals(2025, y.yearOf(12, 1));
  }

  @Test
  void endingOnFeb29ThatOnlyExistsInAnEarlierYear() {
    // mtime 2027-03-01: Feb 29 does not exist in 2027, so the line is from an earlier year
    YearResolver y = YearResolver.endingOn(LocalDate.of(2027, 3, 1));
    assertEquals(2026, y.yearOf(2, 29));
  }

  @Test
  void contextLeavesImpossibleDatesWithoutTime() {
    // "Feb 29" in a non-leap year: no instant rather than an exception or a wrong day.
    ParseContext ctx =
        new ParseContext(
            "k", "f", ZoneOffset.UTC, YearResolver.startingIn(2026), BootClock.of(null));
    Timestamps.Stamp st = new Timestamps.Stamp();
    assertEquals(15, Timestamps.bsd("Feb 29 05:53:07 pa-vps x: y", 0, st));
    assertNull(ctx.instant(st));
    assertEquals(15, Timestamps.bsd("Feb 28 05:53:07 pa-vps x: y", 0, st));
    assertEquals(Instant.parse("2026-02-28T05:53:07Z"), ctx.instant(st));
  }
}
