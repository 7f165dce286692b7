package dev.proxyaudit.analyzer.fuzz;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A tiny property runner on plain JUnit: {@code tries} inputs from a seeded generator, each
 * checked; a failure names the property, the seed and the try, and shows the input, so it can be
 * replayed with {@link #replay}.
 *
 * <p>Seeds are fixed, so CI runs the same inputs on every machine. Set {@code -Dfuzz.seed=N} to
 * explore other inputs locally and {@code -Dfuzz.scale=K} to run K times the tries.
 */
final class Fuzz {
  private static final long SEED = Long.getLong("fuzz.seed", 20261128L);
  private static final int SCALE = Integer.getInteger("fuzz.scale", 1);

  /** Generated inputs checked in this JVM, over all properties. */
  static final AtomicLong TRIES = new AtomicLong();

  private Fuzz() {}

  /** A check that may throw. */
  interface Check<T> {
    void check(T input) throws Exception;
  }

  /** A one-line summary of what the fuzz tests ran in this JVM. */
  static String tally() {
    return "fuzz: "
        + TRIES.get()
        + " generated inputs, "
        + Checks.CLASSIFIED.get()
        + " lines classified, "
        + Checks.INGESTS.get()
        + " ingests reading "
        + Checks.INGESTED_LINES.get()
        + " lines";
  }

  /** Runs {@code check} on {@code tries} inputs; returns how many were tried. */
  static <T> int forAll(
      String property,
      int tries,
      Function<SplittableRandom, T> generator,
      Function<T, String> show,
      Check<T> check) {
    int n = tries * SCALE;
    long seed = SEED ^ property.hashCode();
    for (int i = 0; i < n; i++) {
      T input = generator.apply(new SplittableRandom(seed + i));
      try {
        check.check(input);
      } catch (Throwable t) {
        throw new AssertionError(
            property
                + " failed on try "
                + i
                + " (seed "
                + seed
                + ", replay with Fuzz.replay): "
                + t
                + "\ninput: "
                + show.apply(input),
            t);
      }
      TRIES.incrementAndGet();
    }
    return n;
  }

  /** The input of one try, as {@link #forAll} made it. */
  static <T> T replay(String property, int i, Function<SplittableRandom, T> generator) {
    return generator.apply(new SplittableRandom((SEED ^ property.hashCode()) + i));
  }
}
