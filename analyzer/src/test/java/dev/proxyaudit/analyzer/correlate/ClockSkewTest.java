package dev.proxyaudit.analyzer.correlate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClockSkewTest {
  private static final long T0 = 1_795_000_000_000L;

  private static ClockSkew skew() {
    return new ClockSkew(Duration.ofSeconds(3), Duration.ofSeconds(5));
  }

  /** {@code n} lines a few seconds apart, each with its connection {@code shift} ms away. */
  private static ClockSkew shifted(int n, long shift) {
    ClockSkew s = skew();
    for (int i = 0; i < n; i++) {
      long t = T0 + i * 7_000L;
      s.unconfirmed(25, t);
      s.unexplained(25, t + shift + 800); // the SYN a little after the line, as a proxy dials
    }
    return s;
  }

  @Test
  void aLogReadOneHourOffIsAZone() {
    List<ClockSkew.Finding> f = shifted(12, -3_600_000L).findings();
    assertEquals(1, f.size(), f.toString());
    assertEquals(25, f.get(0).port());
    assertEquals(Duration.ofHours(-1), f.get(0).shift());
    assertEquals(12, f.get(0).matched());
    assertEquals(0, f.get(0).unshifted());
    assertTrue(f.get(0).zoneLike());
  }

  @Test
  void halfHourZonesToo() {
    List<ClockSkew.Finding> f = shifted(8, 5 * 3_600_000L + 1_800_000L).findings();
    assertEquals(Duration.ofMinutes(330), f.get(0).shift(), f.toString());
    assertTrue(f.get(0).zoneLike());
  }

  @Test
  void clocksApartByTensOfSeconds() {
    List<ClockSkew.Finding> f = shifted(10, 40_000L).findings();
    assertEquals(1, f.size(), f.toString());
    assertFalse(f.get(0).zoneLike());
    // any shift that puts the SYN inside the window joins: the one nearest to no shift is named
    long s = f.get(0).shift().toMillis();
    assertTrue(s >= 36_000 && s <= 41_000, f.toString());
  }

  @Test
  void withinTheJoinWindowThereIsNothingToSay() {
    assertEquals(List.of(), shifted(12, 0).findings());
  }

  @Test
  void tooFewLinesProveNothing() {
    assertEquals(List.of(), shifted(ClockSkew.MIN_LINES - 1, -3_600_000L).findings());
  }

  @Test
  void unrelatedTimesGiveNoFinding() {
    ClockSkew s = skew();
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 200; i++) {
      s.unconfirmed(25, T0 + r.nextLong(86_400_000L));
      s.unexplained(25, T0 + r.nextLong(86_400_000L));
    }
    assertEquals(List.of(), s.findings());
  }

  @Test
  void otherPortsDoNotJoin() {
    ClockSkew s = skew();
    for (int i = 0; i < 12; i++) {
      long t = T0 + i * 7_000L;
      s.unconfirmed(25, t);
      s.unexplained(587, t - 3_600_000L);
    }
    assertEquals(List.of(), s.findings());
  }
}
