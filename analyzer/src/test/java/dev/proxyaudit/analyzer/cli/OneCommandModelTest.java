package dev.proxyaudit.analyzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxyaudit.analyzer.testing.Cli.Run;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code audit} builds the picocli model of the command that runs only (start-up time): what it
 * prints must be what the model with every command prints, and {@code --version} or a command's
 * help must not load the classes of the work they do not do.
 */
class OneCommandModelTest {
  /** Help, version and usage errors of every command: no index, no file, nothing run. */
  private static List<List<String>> commandLines() {
    List<List<String>> all = new ArrayList<>();
    for (String c : AuditCommand.NAMES) {
      all.add(List.of(c, "--help"));
      all.add(List.of(c, "-h"));
      all.add(List.of("help", c));
      all.add(List.of(c, "--no-such-option"));
    }
    all.addAll(
        List.of(
            List.of(),
            List.of("--version"),
            List.of("-V"),
            List.of("--help"),
            List.of("--version", "who"),
            List.of("whoo"),
            List.of("--bogus"),
            List.of("who", "--by", "x"),
            List.of("who", "--output", "xml"),
            List.of("explain", "--service", "kernel", "bob"),
            List.of("parse", "--sumary", "x.log"),
            List.of("forget", "alice", "bob"),
            List.of("rules"),
            List.of("explain"),
            List.of("ingest", "--tz", "Mars/Olympus", "x.log"),
            List.of("nightly", "--help", "extra")));
    return all;
  }

  private static Run run(boolean everyCommand, List<String> args) {
    String[] a = args.toArray(String[]::new);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    PrintWriter o = new PrintWriter(out);
    PrintWriter e = new PrintWriter(err);
    int code =
        everyCommand
            ? Main.run(AuditCommand.full(Map.of()), a, o, e, Map.of())
            : Main.run(a, o, e, Map.of());
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void printsWhatTheModelWithEveryCommandPrints() {
    for (List<String> args : commandLines()) {
      assertEquals(run(true, args), run(false, args), "audit " + String.join(" ", args));
    }
  }

  @Test
  void theNamesAreTheCommandsInTheirOrder() {
    assertEquals(
        AuditCommand.NAMES, List.copyOf(AuditCommand.full(Map.of()).getSubcommands().keySet()));
  }

  /** The classes a real {@code audit ARGS} process loads, from {@code -verbose:class}. */
  private static List<String> loaded(String... args) throws IOException, InterruptedException {
    List<String> command = AuditProcess.command(args);
    command.add(1, "-verbose:class");
    Run r = AuditProcess.run(command);
    assertEquals(0, r.code(), r.err());
    List<String> classes = new ArrayList<>();
    for (String line : r.out().split("\n")) {
      // [0.052s][info][class,load] picocli.CommandLine source: file:/...
      int at = line.indexOf("[class,load] ");
      if (at >= 0) {
        classes.add(line.substring(at + 13, line.indexOf(' ', at + 13)));
      }
    }
    assertTrue(classes.contains(Main.class.getName()), r.out());
    return classes;
  }

  @Test
  void versionAndHelpLoadNoIndexNoHostScanNoConfig() throws Exception {
    for (String[] args :
        List.of(
            new String[] {"--version"},
            new String[] {"who", "--help"},
            new String[] {"explain", "--help"},
            new String[] {"rules", "--help"},
            new String[] {"forget", "--help"},
            new String[] {"ingest", "--help"},
            new String[] {"nightly", "--help"},
            new String[] {"doctor", "--help"})) {
      List<String> wrong =
          loaded(args).stream()
              .filter(
                  c ->
                      c.startsWith("org.apache.lucene.")
                          || c.startsWith("com.fasterxml.jackson.")
                          || c.equals("dev.proxyaudit.analyzer.correlate.UidDiscovery")
                          || c.equals("dev.proxyaudit.analyzer.nightly.NightlyConfig"))
              .toList();
      assertEquals(List.of(), wrong, "audit " + String.join(" ", args));
    }
  }
}
