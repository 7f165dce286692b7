package dev.proxyaudit.analyzer.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Kernel uptime to wall clock. Numbers from the lab run: kern.log line 1 (rsyslog 8.2302 + imklog,
 * kernel 6.18) has wall 05:53:09.475566+01:00 and uptime 1205.642958.
 */
class BootClockTest {
  private static final Instant WALL = Instant.parse("2026-11-28T04:53:09.475566Z");
  private static final long UPTIME = 1_205_642_958L;
  private static final Instant BOOT = Instant.parse("2026-11-28T04:33:03.832608Z");

  @Test
  void unknownBootTimeGivesNoWallClock() {
    assertNull(BootClock.of(null).wallClock(UPTIME));
  }

  @Test
  void givenBootTimeIsUsed() {
    assertEquals(WALL, BootClock.of(BOOT).wallClock(UPTIME));
  }

  @Test
  void givenBootTimeIsNotOverriddenByObservations() {
    BootClock c = BootClock.of(BOOT);
    c.observe(WALL.plusSeconds(3600), UPTIME);
    assertEquals(WALL, c.wallClock(UPTIME));
  }

  @Test
  void learnsBootTimeFromALineWithBothTimes() {
    BootClock c = BootClock.of(null);
    c.observe(WALL, UPTIME);
    assertEquals(BOOT, c.wallClock(0));
    assertEquals(Instant.parse("2026-11-28T04:53:09.536085Z"), c.wallClock(1_205_703_477L));
  }

  @Test
  void keepsTheEarliestEstimate() {
    // rsyslog stamping a backlog with the current time makes later estimates, never earlier ones.
    BootClock c = BootClock.of(null);
    c.observe(WALL.plusSeconds(40), UPTIME);
    c.observe(WALL, UPTIME);
    c.observe(WALL.plusSeconds(5), UPTIME);
    assertEquals(WALL, c.wallClock(UPTIME));
  }

  @Test
  void observationWithoutWallClockTeachesNothing() {
    BootClock c = BootClock.of(null);
    c.observe(null, UPTIME);
    assertNull(c.wallClock(UPTIME));
  }
}
