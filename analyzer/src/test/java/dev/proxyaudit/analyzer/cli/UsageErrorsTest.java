package dev.proxyaudit.analyzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxyaudit.analyzer.testing.Cli.Run;
import org.junit.jupiter.api.Test;

/** A usage error is one line and a hint, not the 20-65 lines of usage that bury it. */
class UsageErrorsTest {
  private static void usage(String message, String hint, String... args) {
    Run r = SampleLogsEndToEndTest.audit(args);
    assertEquals(ExitCode.USAGE.code(), r.code(), r.err());
    assertEquals("", r.out());
    assertEquals(message + "\n" + hint + "\n", r.err());
  }

  @Test
  void noCommandNamesTheCommands() {
    usage(
        "audit: give a command: ingest, who, explain, rules, nightly, ship, forget, parse, bench,"
            + " doctor",
        "Try 'audit --help' for more information.");
  }

  @Test
  void unknownCommandWithSuggestion() {
    usage(
        "audit: unknown command 'whoo'\nDid you mean 'audit who'?",
        "Try 'audit --help' for more information.",
        "whoo");
  }

  @Test
  void unknownOptionWithSuggestion() {
    usage(
        "audit parse: Unknown option: '--sumary'\nDid you mean --summary?",
        "Try 'audit parse --help' for more information.",
        "parse",
        "--sumary",
        "x.log");
  }

  @Test
  void missingRequiredOption() {
    usage(
        "audit rules: Missing required option: '--out=DIR'",
        "Try 'audit rules --help' for more information.",
        "rules");
  }

  @Test
  void extraArgument() {
    usage(
        "audit forget: unexpected argument 'bob'",
        "Try 'audit forget --help' for more information.",
        "forget",
        "alice",
        "bob");
  }

  @Test
  void errorFoundByTheCommandItself() {
    usage(
        "audit explain: give a USER or --client IP",
        "Try 'audit explain --help' for more information.",
        "explain");
  }

  @Test
  void helpStillPrintsTheFullUsage() {
    Run r = SampleLogsEndToEndTest.audit("who", "--help");
    assertEquals(0, r.code());
    assertTrue(r.out().startsWith("Usage: audit who "), r.out());
    assertTrue(r.out().contains("Exit codes:"), r.out());
  }
}
