package dev.proxyaudit.analyzer.cli;

import dev.proxyaudit.analyzer.correlate.UidDiscovery;
import dev.proxyaudit.analyzer.event.Service;
import dev.proxyaudit.analyzer.judge.Offenders;
import dev.proxyaudit.analyzer.judge.WhoService;
import dev.proxyaudit.analyzer.parse.IoErrors;
import dev.proxyaudit.analyzer.query.GroupBy;
import dev.proxyaudit.analyzer.query.QueryIndex;
import dev.proxyaudit.analyzer.query.WhoQuery;
import dev.proxyaudit.analyzer.report.Times;
import dev.proxyaudit.rules.BlockPlan;
import dev.proxyaudit.rules.Cidr;
import dev.proxyaudit.rules.Offender;
import dev.proxyaudit.rules.Ports;
import dev.proxyaudit.rules.RenderedRules;
import dev.proxyaudit.rules.RuleChecker;
import dev.proxyaudit.rules.RuleFiles;
import dev.proxyaudit.rules.RuleOutput;
import dev.proxyaudit.rules.RuleWriter;
import dev.proxyaudit.rules.RuleWriters;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code audit rules}: block rule files from the findings, checked before they are written. */
@Command(
    name = "rules",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:files written, or unchanged, or nothing to block",
      "1:a file failed its check (not written) or could not be written",
      "2:usage error",
      "8:nothing to ask: no index, an index without events, or no event since --since"
    },
    mixinStandardHelpOptions = true,
    description = {
      "Writes block rules from the findings of 'who' (users judged abuse): iptables and"
          + " ip6tables files that own the security table (plain iptables-restore, --noflush or"
          + " the loader give the same ruleset and touch no other table; loopback is exempt);"
          + " an nftables file with its own inet table; a V2Ray/Xray"
          + " routing snippet sending the offending users to a blackhole; Shadowsocks per-user"
          + " advice. With --port and no finding, a blanket block of those ports.",
      "Each file is checked with iptables-restore --test, ip6tables-restore --test or nft -c"
          + " where installed, written atomically, and only when its content changed."
    })
final class RulesCommand implements Callable<Integer> {
  @ParentCommand AuditCommand root;
  @Spec CommandSpec spec;
  @Mixin IndexOption index;
  @Mixin ReadOptions read;
  @Mixin JudgeOptions judging;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Folder for the files.")
  Path out;

  @Option(
      names = "--target",
      paramLabel = "T[,T...]",
      split = ",",
      description =
          "Which files: iptables, ip6tables, nftables, v2ray, shadowsocks (default: all).")
  List<String> targets = new ArrayList<>();

  @Option(
      names = "--port",
      paramLabel = "PORT[,PORT...]",
      description =
          "Ports to block (default: the policy's watched ports). Given, it also allows a"
              + " blanket block when nothing was found.")
  String port;

  @Option(names = "--since", paramLabel = "TIME", description = "Findings from this time on.")
  String since;

  @Option(
      names = "--allow-uid",
      paramLabel = "UID",
      description = "A local uid that may still send mail (a local MTA), repeatable.")
  List<Integer> allowUids = new ArrayList<>();

  @Option(
      names = "--allow-destination",
      paramLabel = "CIDR",
      description = "A destination that may still be reached (your relay), repeatable.")
  List<String> allowDestinations = new ArrayList<>();

  @Option(
      names = "--never-block",
      paramLabel = "CIDR",
      description =
          "Addresses never dropped whatever a finding says (your SSH client), repeatable.")
  List<String> neverBlock = new ArrayList<>();

  @Option(
      names = "--drop-clients",
      description = "Also drop the offending users' client addresses on INPUT.")
  boolean dropClients;

  @Option(
      names = "--per-user",
      description =
          "Block only the offenders' own processes instead of closing the port for everyone:"
              + " a Shadowsocks user whose ss-server instance has a uid of its own (Debian's"
              + " shadowsocks-libev-server@ units) by that uid; V2Ray users by the routing"
              + " snippet. The header lists who is not blocked.")
  boolean perUser;

  @Option(
      names = "--dry-run",
      description = "Write nothing; print the diff against the files there.")
  boolean dryRun;

  @Option(names = "--no-check", description = "Do not run iptables-restore --test / nft -c.")
  boolean noCheck;

  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() throws Exception {
    CommandLine cmd = spec.commandLine();
    PrintWriter o = cmd.getOut();
    PrintWriter err = cmd.getErr();
    Folders.check(cmd, "--out", out);
    List<RuleWriter> writers = writers(cmd);
    List<Cidr> allowed = cidrs(cmd, "--allow-destination", allowDestinations);
    List<Cidr> never = cidrs(cmd, "--never-block", neverBlock);
    for (int uid : allowUids) {
      if (uid < 0) {
        throw new CommandLine.ParameterException(cmd, "--allow-uid: not a uid: '" + uid + "'");
      }
    }
    ZoneId zone = read.zone(cmd);
    List<Integer> ports;
    try {
      ports = port == null ? judging.policy(cmd).watchPorts() : Ports.parseList(port);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cmd, "--port: " + e.getMessage());
    }
    List<Offender> offenders = findings(cmd, zone, ports);
    if (perUser) {
      offenders =
          OwnUids.check(
              offenders, UidDiscovery.processesPerUid(Path.of("/proc"), Service.SHADOWSOCKS), err);
    }
    if (offenders.isEmpty() && port == null) {
      o.println("No user was judged abuse: nothing to block (--port PORT for a blanket block).");
      return ExitCode.OK.code();
    }
    BlockPlan plan;
    try {
      plan = plan(offenders, ports, allowed, never);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cmd, e.getMessage());
    }
    if (!dryRun) {
      RuleFiles.createPrivateDirectories(out); // the files name users and clients
    }
    RuleChecker checker = noCheck ? RuleChecker.none() : RuleChecker.system();
    boolean failed = write(RenderedRules.render(writers, plan, checker), o, err);
    return failed ? ExitCode.ERROR.code() : ExitCode.OK.code();
  }

  /** Writes (or with --dry-run diffs) the files that passed their check; true when one failed. */
  private boolean write(List<RenderedRules.File> files, PrintWriter o, PrintWriter err) {
    boolean failed = false;
    for (RuleOutput.Result r : RuleOutput.write(files, out, dryRun)) {
      switch (r.outcome()) {
        case WRITTEN -> o.println(r.path() + ": written");
        case UNCHANGED -> o.println(r.path() + ": unchanged");
        case DIFFERS -> o.print(r.diff());
        case FAILED_CHECK -> err.println("audit: " + r.path() + ": not written: " + r.why());
        case FAILED_IO ->
            // a binary file there says only "Input length = 1", without its path
            err.println(
                "audit: "
                    + r.path()
                    + (dryRun ? ": cannot compare: " : ": not written: ")
                    + IoErrors.reason(r.error()));
      }
      failed |= r.failed();
    }
    return failed;
  }

  private List<RuleWriter> writers(CommandLine cmd) {
    List<RuleWriter> ws = new ArrayList<>();
    for (String t : targets.isEmpty() ? RuleWriters.targets() : targets) {
      RuleWriter w = RuleWriters.of(t.strip());
      if (w == null) {
        throw new CommandLine.ParameterException(
            cmd,
            "--target: unknown '" + t + "' (" + String.join(", ", RuleWriters.targets()) + ")");
      }
      ws.add(w);
    }
    return ws;
  }

  /** The CIDRs of a repeatable option, each checked: a usage error names the option. */
  private static List<Cidr> cidrs(CommandLine cmd, String option, List<String> values) {
    List<Cidr> out = new ArrayList<>();
    for (String v : values) {
      try {
        out.add(Cidr.parse(v));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(cmd, option + ": " + e.getMessage());
      }
    }
    return out;
  }

  private BlockPlan plan(
      List<Offender> offenders, List<Integer> ports, List<Cidr> allowed, List<Cidr> never) {
    List<String> clients = new ArrayList<>();
    if (dropClients) {
      offenders.forEach(x -> clients.addAll(x.clients()));
    }
    return new BlockPlan(
        clock.instant().truncatedTo(ChronoUnit.SECONDS),
        "audit " + String.join(" ", spec.commandLine().getParseResult().originalArgs()),
        ports,
        allowUids,
        allowed,
        offenders,
        clients,
        never,
        out.toAbsolutePath().normalize().toString(),
        perUser ? BlockPlan.Scope.OFFENDERS : BlockPlan.Scope.EVERYONE);
  }

  /** Users judged abuse by the policy, from the index (which must exist and hold events). */
  private List<Offender> findings(CommandLine cmd, ZoneId zone, List<Integer> ports)
      throws IOException, QueryIndex.NothingToAskException {
    Path dir = Folders.index(cmd, index, root.env);
    WhoService service = judging.service(cmd, zone);
    Instant from = since == null ? null : TimeArgument.parse(cmd, "--since", since, zone);
    try (QueryIndex idx = QueryIndex.open(dir)) {
      idx.requireEventsBetween(from, null, t -> Times.iso(t, zone));
      return Offenders.of(service.answer(idx, new WhoQuery(ports, from, null, GroupBy.USER)));
    }
  }
}
