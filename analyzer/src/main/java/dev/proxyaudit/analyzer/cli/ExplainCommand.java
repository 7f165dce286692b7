package dev.proxyaudit.analyzer.cli;

import dev.proxyaudit.analyzer.event.Service;
import dev.proxyaudit.analyzer.fleet.Cluster;
import dev.proxyaudit.analyzer.fleet.FleetExplain;
import dev.proxyaudit.analyzer.fleet.FleetWho;
import dev.proxyaudit.analyzer.judge.Verdict;
import dev.proxyaudit.analyzer.judge.WhoResult;
import dev.proxyaudit.analyzer.judge.WhoService;
import dev.proxyaudit.analyzer.query.Evidence;
import dev.proxyaudit.analyzer.query.GroupBy;
import dev.proxyaudit.analyzer.query.QueryIndex;
import dev.proxyaudit.analyzer.query.WhoQuery;
import dev.proxyaudit.analyzer.report.ExplainReport;
import dev.proxyaudit.analyzer.report.Times;
import dev.proxyaudit.rules.IpLiteral;
import dev.proxyaudit.rules.Ports;
import dev.proxyaudit.rules.SafeText;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code audit explain USER}: the evidence behind a row of {@code who}. */
@Command(
    name = "explain",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:no connection of that user or client to the ports",
      "1:error (index unusable)",
      "2:usage error",
      "3:connections found, none judged abuse",
      "5:connections judged abuse by the policy",
      "8:nothing to ask: no index, an index without events, or no event in --since/--until",
      "9:--opensearch: the cluster could not be reached or refused the question"
    },
    mixinStandardHelpOptions = true,
    description = {
      "Prints the evidence for one user (or, for users the logs do not name, one client): the"
          + " verdict and why, first and last seen, destinations, and every proxy line with the"
          + " kernel's lines for the same connection, each with its file and line number.",
      "USER is as logged: a V2Ray/Xray email, a Shadowsocks server port or its --users name.",
      "With --opensearch, from the fleet's cluster: the row across every node (or --node), its"
          + " destinations, and its first lines as the nodes shipped them with the kernel's lines"
          + " each node joined to them."
    })
final class ExplainCommand implements Callable<Integer> {
  @ParentCommand AuditCommand root;
  @Spec CommandSpec spec;
  @Mixin IndexOption index;
  @Mixin ReadOptions read;
  @Mixin JudgeOptions judging;

  @Parameters(paramLabel = "USER", arity = "0..1", description = "The user, as logged.")
  String user;

  @Option(
      names = "--client",
      paramLabel = "IP",
      description = "Only this client (required when the logs name no user).")
  String client;

  @Option(
      names = "--service",
      paramLabel = "v2ray|shadowsocks|sing-box",
      completionCandidates = Choices.ProxyServices.class,
      description = "Only this service (when one name is a user of both).")
  Service service;

  @Option(
      names = "--port",
      paramLabel = "PORT[,PORT...]",
      description = "Destination ports (default: the policy's watched and reported ports).")
  String port;

  @Option(names = "--since", paramLabel = "TIME", description = "From this time.")
  String since;

  @Option(names = "--until", paramLabel = "TIME", description = "Before this time.")
  String until;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "200",
      description =
          "At most N proxy lines of evidence, the first ones (default: 200; 0: the summary only).")
  int limit;

  @Mixin ClusterOptions cluster;

  @Mixin NodeFilter nodes;

  @Override
  public Integer call() throws Exception {
    CommandLine cmd = spec.commandLine();
    if (user == null && client == null) {
      throw new CommandLine.ParameterException(cmd, "give a USER or --client IP");
    }
    String ip = client == null ? null : IpLiteral.canonical(client).orElse(null);
    if (client != null && ip == null) {
      throw new CommandLine.ParameterException(
          cmd, "--client: not an IP address: '" + client + "'");
    }
    if (limit < 0) {
      throw new CommandLine.ParameterException(
          cmd, "--limit: not a number of lines (0 or more): '" + limit + "'");
    }
    ZoneId zone = read.zone(cmd);
    WhoService who = judging.service(cmd, zone);
    List<Integer> ports;
    try {
      ports = port == null ? judging.policy(cmd).allPorts() : Ports.parseList(port);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cmd, "--port: " + e.getMessage());
    }
    Instant from = since == null ? null : TimeArgument.parse(cmd, "--since", since, zone);
    Instant to = until == null ? null : TimeArgument.parse(cmd, "--until", until, zone);
    if (cluster.asked()) {
      return fleet(cmd, who, new WhoQuery(ports, from, to, GroupBy.USER), ip, zone);
    }
    if (!nodes.nodes.isEmpty()) {
      throw new CommandLine.ParameterException(cmd, "--node asks the fleet: add --opensearch URL");
    }
    Path dir = Folders.index(cmd, index, root.env);
    try (QueryIndex idx = QueryIndex.open(dir)) {
      idx.requireEventsBetween(from, to, t -> Times.iso(t, zone));
      WhoQuery q = new WhoQuery(ports, from, to, GroupBy.USER);
      WhoResult all = who.answer(idx, q);
      List<WhoResult.Row> rows = chosen(all, ip);
      ExplainReport report = new ExplainReport(zone, new Evidence(idx), limit);
      ExplainReport.Collector evidence =
          report.collector(rows.stream().map(WhoResult.Row::key).collect(Collectors.toSet()), ip);
      if (!rows.isEmpty()) {
        who.answer(idx, q, evidence); // again, keeping only these rows' lines
      }
      report.print(rows, all.clock(), evidence, cmd.getOut());
      if (rows.isEmpty()) {
        return ExitCode.OK.code();
      }
      boolean abuse = rows.stream().anyMatch(r -> r.verdict() == Verdict.ABUSE);
      return abuse ? ExitCode.ABUSE.code() : ExitCode.FOUND.code();
    }
  }

  /**
   * The evidence from the fleet's cluster: the same summary, the lines as the nodes shipped them.
   */
  private int fleet(CommandLine cmd, WhoService who, WhoQuery q, String ip, ZoneId zone) {
    List<String> only = nodes.checked(cmd);
    Cluster c = cluster.cluster(cmd);
    try (FleetWho fleet = new FleetWho(c);
        FleetExplain explain = new FleetExplain(c)) {
      WhoResult all = fleet.answer(q, only, who.policy(), zone, judging.portNames(cmd));
      List<WhoResult.Row> rows = chosen(all, ip);
      ExplainReport report = new ExplainReport(zone, null, limit);
      PrintWriter out = cmd.getOut();
      if (rows.isEmpty()) {
        report.print(rows, List.of(), null, out);
        return ExitCode.OK.code();
      }
      boolean first = true;
      for (WhoResult.Row r : rows) {
        if (!first) {
          out.println();
        }
        first = false;
        report.fleetRow(
            r,
            explain.destinations(q, only, r, ExplainReport.MAX_DESTINATIONS),
            explain.lines(q, only, r, ip, limit),
            out);
      }
      boolean abuse = rows.stream().anyMatch(r -> r.verdict() == Verdict.ABUSE);
      return abuse ? ExitCode.ABUSE.code() : ExitCode.FOUND.code();
    } catch (Cluster.ClusterConfigException e) {
      cmd.getErr().println("audit: " + SafeText.printable(e.getMessage()));
      return ExitCode.USAGE.code();
    } catch (FleetWho.FleetException | java.io.IOException e) {
      cmd.getErr().println("audit: " + c.url() + ": " + SafeText.printable(e.getMessage()));
      return ExitCode.NOT_SHIPPED.code();
    }
  }

  /** The rows USER (and --service, --client) name. */
  private List<WhoResult.Row> chosen(WhoResult all, String ip) {
    List<WhoResult.Row> rows = new ArrayList<>();
    for (WhoResult.Row r : all.rows()) {
      if ((user == null || isUser(r))
          && (service == null || service == r.service())
          && (ip == null || r.clients().contains(ip))) {
        rows.add(r);
      }
    }
    return rows;
  }

  /** USER names the row: as printed, or a Shadowsocks row by its server port. */
  private boolean isUser(WhoResult.Row r) {
    return user.equals(r.user())
        || (r.serverPort() != null && user.equals(r.serverPort().toString()));
  }
}
