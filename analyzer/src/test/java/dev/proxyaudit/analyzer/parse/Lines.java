package dev.proxyaudit.analyzer.parse;

import dev.proxyaudit.analyzer.report.EventText;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicTest;

/** Test helper: classify lines with a fixed zone (UTC) and year (2026), and compare text forms. */
final class Lines {
  static final ZoneId UTC = ZoneOffset.UTC;

  private Lines() {}

  static ParseContext context() {
    return context(null);
  }

  static ParseContext context(Instant boot) {
    return new ParseContext(
        "test", "test.log", UTC, YearResolver.startingIn(2026), BootClock.of(boot));
  }

  /** The golden-file form of one line. */
  static String text(String line) {
    return EventText.of(new LineClassifier(context()).classify(line, 1, 0), UTC);
  }

  /** A table of (name, line, expected) rows as dynamic tests. */
  static final class Table {
    private final List<DynamicTest> tests = new ArrayList<>();
    private final Function<String, String> parse;

    Table() {
      this(Lines::text);
    }

    Table(Function<String, String> parse) {
      this.parse = parse;
    }

    Table row(String source, String line, String expected) {
      tests.add(
          DynamicTest.dynamicTest(
              source, () -> Assertions.assertEquals(expected, parse.apply(line), line)));
      return this;
    }

    List<DynamicTest> tests() {
      return tests;
    }
  }
}
