package dev.proxyaudit.analyzer.cli;

import dev.proxyaudit.analyzer.fleet.Cluster;
import dev.proxyaudit.analyzer.fleet.FleetWho;
import dev.proxyaudit.analyzer.index.Ingester;
import dev.proxyaudit.analyzer.judge.Policy;
import dev.proxyaudit.analyzer.judge.WhoResult;
import dev.proxyaudit.analyzer.judge.WhoService;
import dev.proxyaudit.analyzer.query.GroupBy;
import dev.proxyaudit.analyzer.query.QueryIndex;
import dev.proxyaudit.analyzer.query.WhoQuery;
import dev.proxyaudit.analyzer.report.IngestReport;
import dev.proxyaudit.analyzer.report.OutputFormat;
import dev.proxyaudit.analyzer.report.Times;
import dev.proxyaudit.analyzer.report.WhoReport;
import dev.proxyaudit.rules.Ports;
import dev.proxyaudit.rules.SafeText;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code audit who}: which service, user and client connected to these ports. */
@Command(
    name = "who",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:no connection to the ports",
      "1:error (index unusable)",
      "2:usage error (also: a PATH that does not exist)",
      "3:connections to the ports were found, none judged abuse",
      "4:no connection to the ports, but some PATHs or lines could not be read",
      "5:connections judged abuse by the policy (see VERDICT)",
      "8:nothing to ask: no index, an index without events, or no event in --since/--until",
      "9:--opensearch: the cluster could not be reached or refused the question"
    },
    mixinStandardHelpOptions = true,
    description = {
      "Shows which proxy service, user and client made connections to the given ports (SMTP:"
          + " 25, 465, 587), how many, to how many destinations and when; and, in its own section,"
          + " the packets the kernel logged for those ports by the sender's uid.",
      "PATHs, when given, are ingested into the index first.",
      "With --opensearch, the fleet is asked instead: the lines every node shipped (audit ship)"
          + " with the kernel status its own join gave them, counted by the cluster; the same"
          + " rows, policy and verdicts, plus the nodes of each row (limits per hour counted by"
          + " whole minutes)."
    })
final class WhoCommand implements Callable<Integer> {
  @ParentCommand AuditCommand root;
  @Spec CommandSpec spec;
  @Mixin IndexOption index;
  @Mixin ReadOptions read;
  @Mixin JudgeOptions judging;

  @Option(
      names = "--port",
      paramLabel = "PORT[,PORT...]",
      description =
          "Destination ports, e.g. 25 or 25,465,587 (default: the policy's watched and"
              + " reported ports, 25,465,587).")
  String port;

  @Option(
      names = "--since",
      paramLabel = "TIME",
      description = "From this time (2026-11-28, 2026-11-28T04:00, 24h, 7d).")
  String since;

  @Option(names = "--until", paramLabel = "TIME", description = "Before this time.")
  String until;

  @Option(
      names = "--by",
      paramLabel = "user|client",
      defaultValue = "user",
      description =
          "One row per user (default), per client IP, or (--opensearch) per node and user.")
  GroupBy by;

  @Mixin ClusterOptions cluster;

  @Mixin NodeFilter nodes;

  @Option(
      names = "--output",
      paramLabel = "table|csv|json",
      defaultValue = "table",
      description = "Output format (default: table).")
  OutputFormat output;

  @Option(
      names = "--wide",
      description =
          "Every column of the table, however wide (default: on a terminal, or with COLUMNS"
              + " set, the least important columns are left out to fit).")
  boolean wide;

  @Option(
      names = "--print-default-policy",
      description = "Print the built-in policy (a file to copy for --policy) and exit.")
  boolean printDefaultPolicy;

  @Parameters(
      paramLabel = "PATH",
      arity = "0..*",
      description = "Log files or folders to ingest first.")
  List<Path> paths = List.of();

  @Override
  public Integer call() throws Exception {
    CommandLine cmd = spec.commandLine();
    if (printDefaultPolicy) {
      cmd.getOut().print(Policy.defaultText());
      cmd.getOut().flush();
      return ExitCode.OK.code();
    }
    WhoService service = judging.service(cmd, read.zone(cmd));
    List<Integer> ports;
    try {
      ports = port == null ? judging.policy(cmd).allPorts() : Ports.parseList(port);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cmd, "--port: " + e.getMessage());
    }
    ZoneId zone = read.zone(cmd);
    Instant from = since == null ? null : TimeArgument.parse(cmd, "--since", since, zone);
    Instant to = until == null ? null : TimeArgument.parse(cmd, "--until", until, zone);
    if (from != null && to != null && !from.isBefore(to)) {
      throw new CommandLine.ParameterException(cmd, "--since must be before --until");
    }
    if (cluster.asked()) {
      return fleet(cmd, service, ports, from, to, zone);
    }
    if (by == GroupBy.NODE || !nodes.nodes.isEmpty()) {
      throw new CommandLine.ParameterException(
          cmd,
          (by == GroupBy.NODE ? "--by node" : "--node") + " asks the fleet: add --opensearch URL");
    }
    Path dir = Folders.index(cmd, index, root.env);
    for (Path p : paths) {
      if (!java.nio.file.Files.exists(p)) {
        // a typo must not read as "nothing found"
        throw new CommandLine.ParameterException(cmd, p + ": no such file or directory");
      }
    }
    boolean inputProblems = false;
    if (!paths.isEmpty()) {
      Ingester.Result ingested = IngestCommand.run(dir, read, paths, spec);
      IngestReport.problems(ingested, cmd.getErr());
      inputProblems = ingested.hasProblems();
    }
    WhoResult result;
    try (QueryIndex idx = QueryIndex.open(dir)) {
      idx.requireEventsBetween(from, to, t -> Times.iso(t, zone));
      result = service.answer(idx, new WhoQuery(ports, from, to, by));
    }
    int width = wide ? TerminalWidth.NONE : TerminalWidth.of(root.env);
    new WhoReport(zone, width).print(result, output, cmd.getOut());
    if (result.abuse()) {
      return ExitCode.ABUSE.code();
    }
    if (result.found()) {
      return ExitCode.FOUND.code();
    }
    return inputProblems ? ExitCode.INPUT_PROBLEMS.code() : ExitCode.OK.code();
  }

  /** The question asked of the fleet's cluster instead of the local index. */
  private int fleet(
      CommandLine cmd,
      WhoService service,
      List<Integer> ports,
      Instant from,
      Instant to,
      ZoneId zone) {
    if (!paths.isEmpty()) {
      throw new CommandLine.ParameterException(
          cmd, "PATHs are ingested into the local index: not with --opensearch (audit ship them)");
    }
    List<String> only = nodes.checked(cmd);
    Cluster c = cluster.cluster(cmd);
    WhoResult result;
    try (FleetWho fleet = new FleetWho(c)) {
      result =
          fleet.answer(
              new WhoQuery(ports, from, to, by),
              only,
              service.policy(),
              zone,
              judging.portNames(cmd));
    } catch (Cluster.ClusterConfigException e) {
      cmd.getErr().println("audit: " + SafeText.printable(e.getMessage()));
      return ExitCode.USAGE.code();
    } catch (FleetWho.FleetException | java.io.IOException e) {
      cmd.getErr().println("audit: " + c.url() + ": " + SafeText.printable(e.getMessage()));
      return ExitCode.NOT_SHIPPED.code();
    }
    int width = wide ? TerminalWidth.NONE : TerminalWidth.of(root.env);
    try {
      new WhoReport(zone, width).print(result, output, cmd.getOut());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    if (result.abuse()) {
      return ExitCode.ABUSE.code();
    }
    return result.found() ? ExitCode.FOUND.code() : ExitCode.OK.code();
  }
}
