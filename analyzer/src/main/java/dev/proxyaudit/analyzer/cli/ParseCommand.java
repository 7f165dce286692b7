package dev.proxyaudit.analyzer.cli;

import dev.proxyaudit.analyzer.parse.IoErrors;
import dev.proxyaudit.analyzer.parse.LogFile;
import dev.proxyaudit.analyzer.parse.LogFiles;
import dev.proxyaudit.analyzer.parse.LogSource;
import dev.proxyaudit.analyzer.parse.ParseContext;
import dev.proxyaudit.analyzer.parse.ParseResult;
import dev.proxyaudit.analyzer.report.EventText;
import dev.proxyaudit.rules.SafeText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code audit parse}: what each line is read as, without touching the index (fail2ban-regex). */
@Command(
    name = "parse",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every line understood",
      "2:usage error",
      "4:some lines or files could not be read"
    },
    mixinStandardHelpOptions = true,
    description = {
      "Shows, per line, the format detected and the fields read (or SKIP and why, or MALFORMED"
          + " and why); with --summary, counts per file and format and the lines not understood."
          + " Reads nothing into the index."
    })
final class ParseCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ReadOptions read;

  @Option(names = "--summary", description = "Counts per file instead of one line per line.")
  boolean summary;

  @Option(names = "--only-problems", description = "Print only the lines that are MALFORMED.")
  boolean onlyProblems;

  @Parameters(paramLabel = "PATH", arity = "1..*", description = "Log files or folders.")
  List<Path> paths;

  @Override
  public Integer call() throws Exception {
    CommandLine cmd = spec.commandLine();
    ZoneId zone = read.zone(cmd);
    var options = read.toOptions(cmd);
    PrintWriter out = cmd.getOut();
    LogFiles.Inputs inputs = LogFiles.expand(paths);
    boolean problems = !inputs.problems().isEmpty();
    inputs.problems().forEach(p -> cmd.getErr().println(SafeText.printable(p)));
    for (Path f : inputs.files()) {
      try {
        problems |= file(f, zone, options, out);
      } catch (IOException e) {
        cmd.getErr().println(SafeText.printable(IoErrors.describe(f, e)));
        problems = true;
      } catch (LogFile.UnsupportedFormatException e) {
        cmd.getErr().println(SafeText.printable(f + ": " + e.getMessage()));
        problems = true;
      }
    }
    out.flush();
    cmd.getErr().flush();
    return problems ? ExitCode.INPUT_PROBLEMS.code() : ExitCode.OK.code();
  }

  private boolean file(
      Path f, ZoneId zone, dev.proxyaudit.analyzer.index.IngestOptions o, PrintWriter out)
      throws IOException, LogFile.UnsupportedFormatException {
    LogFile file = LogFile.open(f);
    ParseContext ctx = o.contextFor("parse", f, Files.getLastModifiedTime(f).toInstant());
    Map<String, Long> counts = new TreeMap<>();
    long malformed = 0;
    long lines = 0;
    try (LogSource r = LogSource.open(file, ctx)) {
      while (r.next()) {
        lines++;
        ParseResult res = r.result();
        String kind =
            res instanceof ParseResult.Parsed p
                ? p.event().dataset().id()
                : res instanceof ParseResult.Ignored ? "skipped" : "malformed";
        counts.merge(kind, 1L, Long::sum);
        boolean bad = res instanceof ParseResult.Malformed;
        if (bad) {
          malformed++;
        }
        if (!summary && (!onlyProblems || bad)) {
          out.println(SafeText.printable(f + ":" + r.number() + ": " + EventText.of(res, zone)));
        } else if (summary && bad && malformed <= 5) {
          out.println(
              SafeText.printable("  " + f + ":" + r.number() + ": " + EventText.of(res, zone)));
        }
      }
    }
    if (summary) {
      StringBuilder sb = new StringBuilder(f + ": " + lines + " lines");
      counts.forEach((k, v) -> sb.append(", ").append(k).append(' ').append(v));
      out.println(SafeText.printable(sb.toString()));
    }
    return malformed > 0;
  }
}
