package dev.proxyaudit.analyzer.cli;

import dev.proxyaudit.analyzer.query.QueryIndex;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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
    CommandLine cl = new CommandLine(new AuditCommand(env));
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          if (e instanceof QueryIndex.NothingToAskException) {
            // not a failure of the tool: the operator asked where there is nothing to read
            cmd.getErr().println("audit: " + e.getMessage());
            cmd.getErr().flush();
            return ExitCode.NO_DATA.code();
          }
          cmd.getErr()
              .println("audit: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
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
}
