package dev.proxyaudit.analyzer.cli;

import dev.proxyaudit.analyzer.parse.IoErrors;
import dev.proxyaudit.analyzer.query.QueryIndex;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Entry point: the only place that calls {@link System#exit}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8));
    int code = run(args, out, err, System.getenv());
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs one command line; returns the exit code. Tests call this. */
  public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
    return run(AuditCommand.commandLine(args, env), args, out, err, env);
  }

  /** Runs ARGS on CL: {@code audit} with the subcommands ARGS need, or with all of them. */
  static int run(
      CommandLine cl, String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
    cl.setOut(out);
    cl.setErr(err);
    // picocli's AUTO asks the environment again (NO_COLOR, TERM, a console, ...) for each piece of
    // help it writes, a tenth of `who --help`: ask once, the answer is the same
    cl.setColorScheme(
        CommandLine.Help.defaultColorScheme(
            CommandLine.Help.Ansi.AUTO.enabled()
                ? CommandLine.Help.Ansi.ON
                : CommandLine.Help.Ansi.OFF));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    Choices.register(cl);
    cl.setParameterExceptionHandler(Main::usageError);
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          if (e instanceof QueryIndex.NothingToAskException) {
            // not a failure of the tool: the operator asked where there is nothing to read
            cmd.getErr().println("audit: " + e.getMessage());
            cmd.getErr().flush();
            return ExitCode.NO_DATA.code();
          }
          cmd.getErr().println("audit: " + describe(e));
          if (env.containsKey("AUDIT_DEBUG")) {
            e.printStackTrace(cmd.getErr());
          }
          cmd.getErr().flush();
          return ExitCode.ERROR.code();
        });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** What failed and why: an IOException's message is often only the path. */
  static String describe(Exception e) {
    if (e instanceof IOException io) {
      return IoErrors.describe(io);
    }
    if (e instanceof UncheckedIOException u) {
      return IoErrors.describe(u.getCause());
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  /**
   * A usage error in one line, a suggestion when picocli has a short one, and where to read more:
   * the full usage (20-65 lines) only with {@code --help}, where it does not bury the message.
   */
  static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    String name = cmd.getCommandSpec().qualifiedName();
    boolean command =
        e instanceof CommandLine.UnmatchedArgumentException u
            && !u.isUnknownOption()
            && !cmd.getSubcommands().isEmpty();
    err.println(name + ": " + message(e, command));
    if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
      List<String> s = u.getSuggestions();
      List<String> shown = s.subList(0, Math.min(3, s.size()));
      String line =
          "Did you mean "
              + String.join(
                  " or ",
                  command ? shown.stream().map(c -> "'" + name + " " + c + "'").toList() : shown)
              + "?";
      if (line.length() <= 80) {
        err.println(line);
      }
    }
    err.println("Try '" + name + " --help' for more information.");
    err.flush();
    return ExitCode.USAGE.code();
  }

  /** picocli's message, in the form of ours: "--by: unknown 'x'", "unexpected argument 'b'". */
  private static String message(CommandLine.ParameterException e, boolean command) {
    if (e instanceof CommandLine.UnmatchedArgumentException u
        && !u.isUnknownOption()
        && !u.getUnmatched().isEmpty()) {
      return (command ? "unknown command '" : "unexpected argument '")
          + u.getUnmatched().get(0)
          + "'";
    }
    // "Invalid value for option '--by': unknown 'x' (user or client)": as our own, "--by: ..."
    Matcher m = INVALID_VALUE.matcher(String.valueOf(e.getMessage()));
    return m.matches() ? m.group(1) + ": " + m.group(2) : e.getMessage();
  }

  private static final Pattern INVALID_VALUE =
      Pattern.compile("Invalid value for option '(--[a-z0-9-]+)': (.*)", Pattern.DOTALL);
}
